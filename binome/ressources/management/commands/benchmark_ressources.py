"""``manage.py benchmark_ressources`` : mesure la recherche de l'annuaire sur un volume national.

Par défaut, la mesure se fait dans une base dédiée : un fichier SQLite temporaire (ou la base de
``--base-dediee URL``, par exemple PostgreSQL), migrée puis remplie par un sous-processus ; la
base de travail n'est pas touchée. Avec ``--base-courante``, elle se fait dans la base courante
(``DATABASE_URL``) : les services générés (source « benchmark ») y sont supprimés à la fin, sauf
``--garder``.

Génération : ~150 000 services réalistes (3 par structure en moyenne) répartis sur toutes les
communes qui ont des coordonnées, pondérées par leur population. Recherches mesurées (médiane et
95e centile sur N répétitions, recherche + chargement de la première page, comme la vue) : frein
mobilité autour de Saint-Flour (30 km), texte libre (national et local), catégorie de thématiques.
"""

import math
import random
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement.enums import DomaineFrein
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.core import benchmark as b
from binome.core.texte import de
from binome.organisations.models import Organisation, TypeOrganisation
from binome.ressources import freins
from binome.ressources import referentiels as ref
from binome.ressources.derives import lignes_thematiques, lignes_zones
from binome.ressources.models import (
    AppartenanceEpci,
    Service,
    ServiceThematique,
    StatutService,
    Structure,
    ZoneEligibilite,
)
from binome.ressources.recherche import Criteres, charger, rechercher
from binome.territoires.models import Commune

SOURCE = "benchmark"
TAILLE_LOT = 5000

_NOMS = {
    "mobilite": [
        "Auto-école sociale",
        "Permis solidaire",
        "Garage solidaire",
        "Location de scooters",
        "Plateforme mobilité",
    ],
    "sante": ["Café santé", "Permanence d'accès aux soins", "Point écoute santé", "Consultation addictologie"],
    "logement-hebergement": [
        "Accueil logement",
        "Hébergement d'urgence",
        "Permanence ADIL",
        "Accompagnement au relogement",
    ],
    "numerique": ["Atelier numérique", "Conseiller numérique", "Espace public numérique", "Don d'ordinateurs"],
    "famille": [
        "Relais petite enfance",
        "Crèche à vocation d'insertion",
        "Soutien aux aidants",
        "Point info familles",
    ],
}
_PORTEURS = ["Association", "Centre social", "CCAS", "Maison France services", "Mission locale"]
_NOM_GENERIQUE = ["Permanence", "Atelier", "Accompagnement", "Point conseil", "Aide", "Accueil"]
_PHRASES = [
    "Accueil sans rendez-vous le mardi matin, sur rendez-vous le reste de la semaine.",
    "Le service s'adresse en priorité aux personnes accompagnées vers l'emploi.",
    "Un professionnel fait le point sur la situation et propose des solutions adaptées.",
    "Les ateliers collectifs réunissent six à dix personnes pendant deux heures.",
    "Une participation financière peut être demandée selon les ressources.",
    "Le service travaille avec France Travail, le Département et les centres sociaux.",
    "Prévoir une pièce d'identité et un justificatif de domicile.",
    "Des permanences ont lieu dans les mairies du territoire.",
]


# Préréglages de volume (services) ; national = la cible de l'issue 17.
PREREGLAGES = {"national": 150_000, "departemental": 30_000, "moyen": 15_000, "petit": 1_500}
COMPTE_MESURE = "bench-mesure-annuaire@benchmark.test"


class Command(BaseCommand):
    help = _("Mesure la recherche de l'annuaire sur un volume national (par défaut 150 000 services).")

    def add_arguments(self, parser):
        parser.add_argument("--prereglage", choices=sorted(PREREGLAGES), default="national")
        parser.add_argument("--services", type=int, default=0, help=_("Nombre de services (remplace le préréglage)."))
        parser.add_argument("--repetitions", type=int, default=30)
        parser.add_argument("--sans-pages", action="store_true", help=_("Mesure les fonctions seulement."))
        parser.add_argument("--json", default=b.CHEMIN_JSON, help=_("Fichier des mesures (défaut : benchmark.json)."))
        parser.add_argument("--graine", type=int, default=20261125)
        parser.add_argument("--commune", default="15187", help=_("Code INSEE de la commune de la recherche type."))
        parser.add_argument("--base-courante", action="store_true", help=_("Mesure dans la base courante."))
        parser.add_argument("--base-dediee", default="", help=_("URL de la base dédiée (défaut : SQLite temporaire)."))
        parser.add_argument("--garder", action="store_true", help=_("Garde les services générés."))
        parser.add_argument(
            "--reutiliser",
            action="store_true",
            help=_("Mesure sur les services déjà générés par un passage précédent (avec --garder), sans régénérer."),
        )
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, **options):
        if options["base_courante"]:
            return self._mesurer_ici(options)
        return self._mesurer_dans_base_dediee(options)

    # --- Base dédiée : un sous-processus sur une autre base ------------------------------------------------
    def _mesurer_dans_base_dediee(self, options):
        b.mesurer_dans_base_dediee(
            commande="benchmark_ressources",
            arguments=b.arguments_transmis(
                {**options, "json": str(b.chemin_absolu(options["json"]))},
                ["prereglage", "services", "repetitions", "graine", "commune", "json"],
                ["sans_progression", "garder", "reutiliser", "sans_pages"],
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    # --- Mesure dans la base courante -------------------------------------------------------------------
    def _mesurer_ici(self, options):
        self.stdout.write(b.base_mesuree())  # en tête : la base que la mesure décrit (issue 17)
        if not Commune.objects.exists():
            self.stdout.write(_("Aucune commune en base : chargement des référentiels."))
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        if not AppartenanceEpci.objects.exists():
            from binome.ressources import epci

            with transaction.atomic():
                epci.charger()
        commune = Commune.objects.filter(code_insee=options["commune"]).first()
        if commune is None:
            raise CommandError(_("Commune inconnue : %(c)s") % {"c": options["commune"]})
        nombre = options["services"] or PREREGLAGES[options["prereglage"]]
        debut = time.perf_counter()
        reutilises = options["reutiliser"] and Service.objects.filter(source=SOURCE).exists()
        if not reutilises:
            self._nettoyer()
            self._generer(nombre, random.Random(options["graine"]), options["sans_progression"])
        generation = time.perf_counter() - debut
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                # Comme l'autovacuum d'une base en service : sans carte de visibilité à jour (tables tout juste
                # remplies), PostgreSQL relit la table au lieu de parcourir les index couvrants seuls.
                if not connection.in_atomic_block:  # VACUUM est refusé dans une transaction (tests)
                    curseur.execute("VACUUM ANALYZE ressources_service, ressources_servicethematique")
                curseur.execute("ANALYZE")
        elif connection.vendor == "sqlite":
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")
        total = Service.objects.count()
        nombre = f"{total:,}".replace(",", " ")
        if reutilises:
            message = _("%(n)s services en base (moteur %(m)s), déjà générés.") % {"n": nombre, "m": connection.vendor}
        else:
            message = _("%(n)s services en base (moteur %(m)s), générés en %(s).1f s.") % {
                "n": nombre,
                "m": connection.vendor,
                "s": generation,
            }
        self.stdout.write(message)
        lyon = Commune.objects.filter(code_insee="69123").first() or commune
        base = Service.objects.filter(statut=StatutService.PUBLIE)
        recherches = [
            (
                _("Frein mobilité, %(c)s, 30 km") % {"c": commune.nom},
                Criteres(commune=commune, rayon_km=30, thematiques=freins.DOMAINES[DomaineFrein.MOBILITE]),
            ),
            (
                _("Situation « permis et/ou code en cours », %(c)s, 30 km") % {"c": commune.nom},
                Criteres(commune=commune, rayon_km=30, thematiques=["mobilite--preparer-un-permis"]),
            ),
            (_("Texte libre « cafe sante », national"), Criteres(texte="cafe sante")),
            (
                _("Texte libre « atelier numerique », %(c)s, 30 km") % {"c": lyon.nom},
                Criteres(commune=lyon, rayon_km=30, texte="atelier numerique"),
            ),
            (
                _("Catégorie « logement-hebergement », %(c)s, 50 km") % {"c": lyon.nom},
                Criteres(commune=lyon, rayon_km=50, thematiques=["logement-hebergement"]),
            ),
            (_("Catégorie « sante », national, sans commune"), Criteres(thematiques=["sante"])),
        ]
        self.stdout.write(_("Recherche : durées en ms (p50, p95 ; plancher SQL p50 ; requêtes ; ratio)"))
        mesures = []
        for libelle, criteres in recherches:

            def executer(criteres=criteres):
                candidats = rechercher(base, criteres)
                charger(base, candidats[:20])
                return len(candidats)

            mesures.append(
                b.mesurer(executer, libelle=libelle, repetitions=options["repetitions"], resultats=executer())
            )
        if not options["sans_pages"]:
            mesures.append(self._page(commune, options["repetitions"]))
        self.stdout.write(b.tableau_lisible(mesures))
        volume = {"prereglage": "" if options["services"] else options["prereglage"], "services": total}
        if not reutilises:
            volume.update({"generation_s": round(generation, 1), "lignes_par_s": round(total / generation)})
        document = b.ecrire_json(
            "benchmark_ressources", {"volume": volume, "mesures": mesures}, chemin=options["json"]
        )
        self.stdout.write(b.tableau_objectifs(document))
        if not options["garder"]:
            self._nettoyer()

    def _page(self, commune, repetitions) -> dict:
        """La page de recherche (thématique + commune + 30 km) par le client de test, sous un compte de mesure."""
        organisation, _creee = Organisation.objects.get_or_create(
            nom="BENCH-annuaire",
            defaults={
                "nom_normalise": "bench-annuaire",
                "type": TypeOrganisation.AGENCE_FT,
                "departement_id": commune.departement_id,
            },
        )
        compte, _cree = Utilisateur.objects.get_or_create(
            email=COMPTE_MESURE,
            defaults={"prenom": "Mesure", "nom": "Annuaire", "password": "!", "recherche_normalise": COMPTE_MESURE},
        )
        Habilitation.objects.get_or_create(utilisateur=compte, organisation=organisation, role=Role.CONSEILLER_FT)
        url = f"{reverse('ressources:recherche')}?thematique=mobilite&commune={commune.code_insee}&rayon=30"
        return b.mesurer_page(
            b.client_connecte(compte),
            url,
            libelle=_("page annuaire « mobilite », %(c)s, 30 km") % {"c": commune.nom},
            repetitions=repetitions,
            objectif=b.ANNUAIRE,
        )

    def _nettoyer(self):
        ids = Service.objects.filter(source=SOURCE).values("pk")
        ServiceThematique.objects.filter(service__in=ids).delete()
        ZoneEligibilite.objects.filter(service__in=ids).delete()
        Service.objects.filter(source=SOURCE).delete()
        Structure.objects.filter(source=SOURCE).delete()
        Habilitation.objects.filter(utilisateur__email=COMPTE_MESURE).delete()
        Utilisateur.objects.filter(email=COMPTE_MESURE).delete()
        Organisation.objects.filter(nom="BENCH-annuaire").delete()

    def _generer(self, nombre: int, alea: random.Random, sans_progression: bool):
        communes = list(
            Commune.objects.exclude(latitude=None)
            .exclude(type="COMD")
            .values_list("code_insee", "nom", "departement_id", "code_postal", "latitude", "longitude", "population")
        )
        if not communes:
            raise CommandError(_("Aucune commune avec coordonnées."))
        poids = [math.sqrt(max(c[6] or 1, 1)) for c in communes]
        epci = dict(AppartenanceEpci.objects.values_list("code_insee", "siren"))
        categories = list(ref.thematiques_par_categorie().items())
        poids_categories = [
            3 if c in ("mobilite", "sante", "logement-hebergement", "numerique", "famille") else 1
            for c, _t in categories
        ]
        aujourdhui = timezone.localdate()
        barre = tqdm(total=nombre, disable=sans_progression, desc=_("Génération"), unit="serv.", file=self.stderr)
        n_service = 0
        n_structure = 0
        while n_service < nombre:
            structures, services = [], []
            while n_service < nombre and len(services) < TAILLE_LOT:
                n_structure += 1
                code, nom_commune, dept, cp, lat, lon, _pop = alea.choices(communes, weights=poids)[0]
                structure = Structure(
                    id=f"{SOURCE}--s{n_structure}",
                    source=SOURCE,
                    nom=f"{alea.choice(_PORTEURS)} {de(nom_commune)}",
                    date_maj=aujourdhui - timedelta(days=alea.randint(0, 700)),
                    code_insee=code,
                    commune=nom_commune,
                    code_postal=cp or "",
                    latitude=lat,
                    longitude=lon,
                    departement_id=dept,
                )
                structures.append(structure)
                for _j in range(alea.choice([1, 2, 3, 4, 5])):
                    if n_service >= nombre:
                        break
                    n_service += 1
                    categorie, sous_themes = alea.choices(categories, weights=poids_categories)[0]
                    thematiques = sorted(
                        set(alea.sample(sous_themes, k=min(len(sous_themes), alea.choice([1, 1, 2, 3]))))
                    )
                    nom = alea.choice(_NOMS.get(categorie, _NOM_GENERIQUE))
                    tirage = alea.random()
                    modes = (
                        ["en-presentiel"]
                        if tirage < 0.7
                        else (["a-distance"] if tirage < 0.85 else ["a-distance", "en-presentiel"])
                    )
                    tirage = alea.random()
                    if tirage < 0.4:
                        zone = []
                    elif tirage < 0.7:
                        zone = [dept]
                    elif tirage < 0.85:
                        zone = [code]
                    elif tirage < 0.95:
                        zone = [epci.get(code, dept)]
                    else:
                        zone = ["france"]
                    publics = (
                        ["tous-publics"]
                        if alea.random() < 0.5
                        else sorted(set(alea.sample([p for p, _l in ref.CHOIX_PUBLICS[1:]], k=2)))
                    )
                    service = Service(
                        id=f"{SOURCE}--v{n_service}",
                        source=SOURCE,
                        structure=structure,
                        nom=f"{nom} — {nom_commune}",
                        description=" ".join(alea.sample(_PHRASES, k=4)),
                        date_maj=structure.date_maj,
                        date_verification=structure.date_maj,
                        type=alea.choice(ref.CHOIX_TYPES)[0],
                        frais=alea.choice(["gratuit", "gratuit", "payant"]),
                        thematiques=thematiques,
                        publics=publics,
                        modes_accueil=modes,
                        zone_eligibilite=zone,
                        code_insee=code,
                        commune=nom_commune,
                        code_postal=cp or "",
                        latitude=lat + alea.uniform(-0.02, 0.02),
                        longitude=lon + alea.uniform(-0.02, 0.02),
                        departement_id=dept,
                        statut=StatutService.PUBLIE,
                        score_qualite=round(alea.uniform(0.4, 1.0), 2),
                    )
                    service.calculer_derives(structure=structure)
                    services.append(service)
            with transaction.atomic():
                Structure.objects.bulk_create(structures, batch_size=1000)
                Service.objects.bulk_create(services, batch_size=1000)
                ServiceThematique.objects.bulk_create(lignes_thematiques(services), batch_size=2000)
                ZoneEligibilite.objects.bulk_create(lignes_zones(services), batch_size=2000)
            barre.update(len(services))
        barre.close()
