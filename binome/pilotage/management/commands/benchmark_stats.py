"""``manage.py benchmark_stats`` : mesure le calcul des indicateurs sur un volume national (~1 million de parcours).

Par défaut, la mesure se fait dans une **base dédiée** : un fichier SQLite temporaire (ou la base donnée par
``--base-dediee URL``, par exemple ``postgres://postgres@127.0.0.1:5432/binome_pilotage``), migrée puis
remplie par un sous-processus ; la base de travail n'est pas touchée. Avec ``--base-courante``, la mesure se
fait dans la base courante (``DATABASE_URL``) ; les données générées (identifiants « BENCH-… ») y sont
supprimées à la fin, sauf ``--garder``.

Génération (insertion par lots, ``bulk_create``) : des parcours répartis sur les départements présents au
prorata de leur population, entrées étalées sur 8 ans, 10 % en social exclusif, sorties, suspensions,
contacts de la dernière année, 3 agences et 3 unités par département, 10 conseillers et 10 travailleurs
sociaux par département. Mesures (médiane, minimum et maximum sur ``--repetitions``, après un passage
d'échauffement) : la commande ``stats`` (indicateurs d'un département) et le tableau de bord complet
(indicateurs, série mensuelle, comparaisons), pour un petit département, le plus gros et la France entière.
"""

import datetime
import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.models import Contact, Parcours, PeriodeSuspension, Personne, Sortie
from binome.comptes.models import Utilisateur
from binome.core.benchmark import arguments_transmis, base_mesuree, mesurer_dans_base_dediee
from binome.core.texte import normaliser
from binome.organisations.models import Organisation, TypeOrganisation
from binome.pilotage import indicateurs, tableau
from binome.pilotage.definitions import definition_applicable
from binome.pilotage.management.commands.stats import statistiques, statistiques_nationales
from binome.pilotage.selectors import Perimetre
from binome.territoires.models import Commune, Departement

PREFIXE = "BENCH-"
TAILLE_LOT = 5000
DEBUT_HISTOIRE = datetime.date(2019, 1, 1)

MOTIFS = [
    (e.MotifSortie.EMPLOI_DURABLE, 22),
    (e.MotifSortie.EMPLOI_TRANSITION, 15),
    (e.MotifSortie.CREATION_ENTREPRISE, 3),
    (e.MotifSortie.FORMATION, 8),
    (e.MotifSortie.REORIENTATION_SOCIAL, 8),
    (e.MotifSortie.REORIENTATION_AUTRE, 7),
    (e.MotifSortie.DUREE_MAX, 12),
    (e.MotifSortie.ABANDON, 9),
    (e.MotifSortie.DEMENAGEMENT, 6),
    (e.MotifSortie.SANTE, 5),
    (e.MotifSortie.RADIATION, 3),
    (e.MotifSortie.AUTRE, 2),
]
TRANCHES = [
    (e.TrancheAge.MOINS_18, 1),
    (e.TrancheAge.DE_18_A_25, 14),
    (e.TrancheAge.DE_26_A_29, 12),
    (e.TrancheAge.DE_30_A_44, 40),
    (e.TrancheAge.DE_45_A_54, 22),
    (e.TrancheAge.PLUS_55, 11),
]
AGES = {
    e.TrancheAge.MOINS_18: (17, 17),
    e.TrancheAge.DE_18_A_25: (18, 25),
    e.TrancheAge.DE_26_A_29: (26, 29),
    e.TrancheAge.DE_30_A_44: (30, 44),
    e.TrancheAge.DE_45_A_54: (45, 54),
    e.TrancheAge.PLUS_55: (55, 64),
}


def _tirage(alea: random.Random, choix):
    valeurs, poids = zip(*choix, strict=True)
    return alea.choices(valeurs, weights=poids)[0]


def _mesurer(fonction, repetitions: int) -> tuple[float, float, float]:
    fonction()  # échauffement (caches de la base et du système)
    durees = []
    for _i in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return statistics.median(durees), min(durees), max(durees)


class Command(BaseCommand):
    help = _("Mesure le calcul des indicateurs de pilotage sur un volume national (par défaut 1 000 000 de parcours).")

    def add_arguments(self, parser):
        parser.add_argument("--parcours", type=int, default=1_000_000)
        parser.add_argument("--repetitions", type=int, default=5)
        parser.add_argument("--graine", type=int, default=20261125)
        parser.add_argument("--petit", default="15", help=_("Code du petit département mesuré (défaut : Cantal)."))
        parser.add_argument("--base-courante", action="store_true", help=_("Mesure dans la base courante."))
        parser.add_argument("--base-dediee", default="", help=_("URL de la base dédiée (défaut : SQLite temporaire)."))
        parser.add_argument("--garder", action="store_true", help=_("Garde les données générées."))
        parser.add_argument(
            "--reutiliser",
            action="store_true",
            help=_("Mesure sur les données générées par un passage précédent (avec --garder), sans régénérer."),
        )
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, **options):
        if options["base_courante"]:
            return self._mesurer_ici(options)
        return self._mesurer_dans_base_dediee(options)

    # --- Base dédiée : un sous-processus sur une autre base --------------------------------------------------
    def _mesurer_dans_base_dediee(self, options):
        mesurer_dans_base_dediee(
            commande="benchmark_stats",
            arguments=arguments_transmis(
                options, ["parcours", "repetitions", "graine", "petit"], ["sans_progression", "garder", "reutiliser"]
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    # --- Mesure dans la base courante ---------------------------------------------------------------------
    def _mesurer_ici(self, options):
        # Long : préparation, mesures répétées et nettoyage d'une même mesure, dans l'ordre où elles se font.
        self.stdout.write(base_mesuree())  # en tête : la base que la mesure décrit (issue 17)
        if not Departement.objects.exists():
            self.stdout.write(_("Aucun département en base : chargement des référentiels."))
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        aujourdhui = timezone.localdate()
        deja = Personne.objects.filter(identifiant_ft__startswith=PREFIXE).exists()
        if options["reutiliser"] and deja:
            self.stdout.write(_("Données générées réutilisées (aucune génération)."))
        else:
            self._nettoyer()
            alea = random.Random(options["graine"])
            debut = time.perf_counter()
            nb_contacts = self._generer(options["parcours"], alea, aujourdhui, options["sans_progression"])
            generation = time.perf_counter() - debut
            self.stdout.write(
                _("%(c)s contacts générés, génération en %(s).1f s.") % {"c": nb_contacts, "s": generation}
            )
        self._statistiques_du_planificateur()
        total = Parcours.objects.count()
        self.stdout.write(
            _("%(n)s parcours en base (moteur %(m)s), %(c)s contacts.")
            % {"n": f"{total:,}".replace(",", " "), "m": connection.vendor, "c": Contact.objects.count()}
        )
        periode = indicateurs.Periode(aujourdhui - datetime.timedelta(days=364), aujourdhui)
        self.stdout.write(
            _("Période mesurée : %(du)s → %(au)s ; %(r)s répétitions ; médiane / min / max en ms")
            % {"du": periode.du, "au": periode.au, "r": options["repetitions"]}
        )
        volumes = dict(
            Parcours.objects.filter(modalite_entree=e.Modalite.GLOBAL)
            .values("departement")
            .annotate(n=Count("pk"))
            .values_list("departement", "n")
        )
        petit = options["petit"] if options["petit"] in volumes else min(volumes, key=volumes.get)
        gros = max(volumes, key=volumes.get)
        for code in dict.fromkeys([petit, gros]):
            departement = Departement.objects.get(code=code)
            self._ligne(
                _("stats --format json, %(d)s (%(n)s parcours globaux)") % {"d": departement, "n": volumes[code]},
                lambda code=code: self._stats(code, periode),
                options["repetitions"],
            )
            perimetre = Perimetre(departement=departement, masque=False, detail_organisations=True)
            self._ligne(
                _("tableau de bord complet, %(d)s") % {"d": departement},
                lambda perimetre=perimetre: tableau.construire(
                    perimetre, e.Modalite.GLOBAL, periode, date_donnees=timezone.localtime()
                ),
                options["repetitions"],
            )
        # Le niveau national par le chemin de l'application : ``stats --national`` et le tableau de bord national.
        self._ligne(
            _("stats --national, France entière (%(n)s parcours globaux)") % {"n": sum(volumes.values())},
            lambda: statistiques_nationales(periode, e.Modalite.GLOBAL, date_donnees=aujourdhui),
            options["repetitions"],
        )
        self._ligne(
            _("tableau de bord national, France entière (indicateurs, série mensuelle, comparaison des départements)"),
            lambda: tableau.construire(
                Perimetre(departement=None, masque=True), e.Modalite.GLOBAL, periode, date_donnees=timezone.localtime()
            ),
            options["repetitions"],
        )
        if not options["garder"]:
            self._nettoyer()

    def _statistiques_du_planificateur(self):
        """PostgreSQL : ``ANALYZE``, comme le ferait l'autovacuum après un gros chargement. SQLite : pas
        d'``ANALYZE`` (Django n'en lance jamais ; avec les statistiques, SQLite choisit pour le calcul national
        un « skip-scan » de l'index (département, modalité, date d'entrée) cinq à dix fois plus lent qu'un
        parcours de la table) ; les statistiques d'un passage précédent sont retirées."""
        with connection.cursor() as curseur:
            if connection.vendor == "postgresql":
                curseur.execute("ANALYZE")
                self.stdout.write(_("Statistiques du planificateur : ANALYZE."))
            elif connection.vendor == "sqlite":
                curseur.execute("SELECT name FROM sqlite_master WHERE name IN ('sqlite_stat1', 'sqlite_stat4')")
                for (table,) in curseur.fetchall():
                    curseur.execute(f"DELETE FROM {table}")
                # « ANALYZE sqlite_schema » fait relire au planificateur les tables de statistiques (vidées).
                curseur.execute("ANALYZE sqlite_schema")
                self.stdout.write(_("Statistiques du planificateur : aucune (SQLite par défaut)."))

    def _ligne(self, libelle, fonction, repetitions):
        mediane, minimum, maximum = _mesurer(fonction, repetitions)
        self.stdout.write(f"  {libelle:<92} {mediane:9.1f} {minimum:9.1f} {maximum:9.1f}")

    @staticmethod
    def _stats(code, periode):
        parcours = indicateurs.de_modalite(Parcours.objects.filter(departement_id=code), e.Modalite.GLOBAL)
        return statistiques(parcours, periode, definition_applicable(code, periode.au), date_donnees=periode.au)

    # --- Nettoyage et génération ----------------------------------------------------------------------------
    def _nettoyer(self):
        personnes = Personne.objects.filter(identifiant_ft__startswith=PREFIXE)
        parcours = Parcours.objects.filter(personne__in=personnes.values("pk"))
        with transaction.atomic():
            Contact.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
            PeriodeSuspension.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
            Sortie.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
            parcours._raw_delete(connection.alias)
            personnes._raw_delete(connection.alias)
            Organisation.objects.filter(nom__startswith=PREFIXE)._raw_delete(connection.alias)
            Utilisateur.objects.filter(email__startswith=PREFIXE.lower())._raw_delete(connection.alias)

    def _referentiel(self, alea):
        """Départements pondérés par leur population, avec leurs organisations et agents générés."""
        populations = dict(
            Commune.objects.exclude(type=Commune.Type.DELEGUEE)
            .values("departement")
            .annotate(p=Sum("population"))
            .values_list("departement", "p")
        )
        departements = list(Departement.objects.values_list("code", flat=True))
        poids = [max(populations.get(code) or 0, 1) for code in departements]
        organisations, utilisateurs = [], []
        for code in departements:
            for i in range(3):
                for type_ in (TypeOrganisation.AGENCE_FT, TypeOrganisation.UNITE_ACTION_SOCIALE):
                    nom = f"{PREFIXE}{code}-{type_}-{i}"
                    organisations.append(
                        Organisation(nom=nom, nom_normalise=normaliser(nom), type=type_, departement_id=code)
                    )
            for i in range(20):
                email = f"{PREFIXE.lower()}{code.lower()}-{i}@benchmark.test"
                utilisateurs.append(
                    Utilisateur(
                        email=email, prenom="Agent", nom=f"{code}-{i}", password="!", recherche_normalise=email
                    )
                )
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        Utilisateur.objects.bulk_create(utilisateurs, batch_size=1000)
        orgs = {}
        for pk, code, type_ in Organisation.objects.filter(nom__startswith=PREFIXE).values_list(
            "pk", "departement_id", "type"
        ):
            orgs.setdefault((code, type_), []).append(pk)
        agents = {}
        for pk, nom in Utilisateur.objects.filter(email__startswith=PREFIXE.lower()).values_list("pk", "nom"):
            code, numero = nom.rsplit("-", 1)
            agents.setdefault((code, int(numero) < 10), []).append(pk)
        return departements, poids, orgs, agents

    def _generer(self, nombre: int, alea: random.Random, aujourdhui: datetime.date, sans_progression: bool) -> int:
        # Long : boucle chaude d'un million de lignes, gardée d'un seul tenant (pas d'appel par parcours).
        departements, poids, orgs, agents = self._referentiel(alea)
        auteur = agents[next(iter(agents))][0]
        etendue = (aujourdhui - DEBUT_HISTOIRE).days
        debut_contacts = aujourdhui - datetime.timedelta(days=365)
        personnes = Insertion(Personne)
        parcours_table = Insertion(Parcours)
        contacts_table = Insertion(Contact)
        id_personne = (Personne.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        id_parcours = (Parcours.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        barre = tqdm(total=nombre, disable=sans_progression, desc=_("Génération"), unit="parcours", file=self.stderr)
        numero = 0
        contacts_total = 0
        while numero < nombre:
            taille = min(TAILLE_LOT, nombre - numero)
            lot_personnes, lot_parcours, lot_contacts = [], [], []
            for _i in range(taille):
                numero += 1
                code = alea.choices(departements, weights=poids)[0]
                tranche = _tirage(alea, TRANCHES)
                sexe = _tirage(alea, [("F", 55), ("H", 43), ("X", 1), ("NR", 1)])
                entree = DEBUT_HISTOIRE + datetime.timedelta(days=alea.randrange(etendue))
                duree = alea.randint(20, 560)
                sortie = entree + datetime.timedelta(days=duree)
                sorti = sortie <= aujourdhui and alea.random() < 0.97
                suspendus = min(alea.randint(7, 60), duree - 1) if sorti and alea.random() < 0.1 else 0
                social = alea.random() < 0.1
                age_min, age_max = AGES[tranche]
                lot_personnes.append(
                    personnes.ligne(
                        id=id_personne,
                        departement_id=code,
                        identifiant_ft=f"{PREFIXE}{numero}",
                        nom="Bench",
                        prenom="Personne",
                        nom_normalise="bench",
                        prenom_normalise="personne",
                        sexe=sexe,
                    )
                )
                lot_parcours.append(
                    parcours_table.ligne(
                        id=id_parcours,
                        personne_id=id_personne,
                        departement_id=code,
                        # L'état passe par un point d'entrée déclaré de la machine à états.
                        **machine.colonnes_etat_initial(
                            point_entree="banc_essai",
                            etat_initial=machine.etat_apres_entree(sorti=sorti, social_exclusif=social),
                        ),
                        modalite=e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL,
                        modalite_entree=e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL,
                        conseiller_id=alea.choice(agents[(code, True)]),
                        organisation_conseiller_id=alea.choice(orgs[(code, TypeOrganisation.AGENCE_FT)]),
                        referent_social_id=alea.choice(agents[(code, False)]),
                        organisation_referent_id=alea.choice(orgs[(code, TypeOrganisation.UNITE_ACTION_SOCIALE)]),
                        date_reperage=entree - datetime.timedelta(days=alea.randint(20, 90)),
                        date_orientation=entree - datetime.timedelta(days=alea.randint(5, 45)),
                        date_entree=entree,
                        date_fin_prevue=calculs.fin_prevue(
                            entree, calculs.DUREE_PARCOURS_MOIS_DEFAUT, jours_suspendus=suspendus
                        ),
                        date_sortie=sortie if sorti else None,
                        motif_sortie=_tirage(alea, MOTIFS) if sorti else "",
                        jours_suspendus=suspendus,
                        sexe=sexe,
                        age_entree=alea.randint(age_min, age_max),
                        tranche_age_entree=tranche,
                        rsa_entree=alea.random() < 0.62,
                        qpv_entree=alea.random() < 0.21,
                        niveau_formation_entree=_tirage(
                            alea, [("CITE_0_2", 45), ("CITE_3_4", 40), ("CITE_5_8", 12), ("NR", 3)]
                        ),
                    )
                )
                fin = min(sortie if sorti else aujourdhui, aujourdhui)
                debut = max(entree, debut_contacts)
                if debut <= fin:
                    for _j in range(alea.randint(1, 4)):
                        lot_contacts.append(
                            contacts_table.ligne(
                                parcours_id=id_parcours,
                                date=debut + datetime.timedelta(days=alea.randint(0, (fin - debut).days)),
                                canal=e.CanalContact.PRESENTIEL,
                                presence=e.PresenceContact.HONORE
                                if alea.random() < 0.85
                                else e.PresenceContact.MANQUE,
                                auteur_id=auteur,
                            )
                        )
                id_personne += 1
                id_parcours += 1
            with transaction.atomic():
                personnes.inserer(lot_personnes)
                parcours_table.inserer(lot_parcours)
                contacts_table.inserer(lot_contacts)
            contacts_total += len(lot_contacts)
            barre.update(taille)
        barre.close()
        Insertion.recaler_sequences(Personne, Parcours, Contact)
        return contacts_total


class Insertion:
    """Insertion brute par lots dans la table d'un modèle : ``COPY`` sur PostgreSQL, ``executemany`` sur SQLite.

    Les valeurs par défaut de chaque colonne sont préparées une fois (``get_db_prep_save``) ; les valeurs
    fournies sont des types simples (texte, entier, booléen, date). Aucun signal, aucun historique : réservé
    au banc d'essai.
    """

    def __init__(self, modele):
        self.modele = modele
        self.champs = [f for f in modele._meta.concrete_fields if not (f.primary_key and f.attname != "id")]
        maintenant = timezone.now()
        self.defauts = {}
        for f in self.champs:
            if f.primary_key:
                valeur = None
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                valeur = f.get_db_prep_save(maintenant, connection)
            else:
                # Défaut du champ (chaîne vide pour un texte facultatif, None pour un champ nullable).
                valeur = f.get_db_prep_save(f.get_default(), connection)
            self.defauts[f.attname] = valeur
        self.attnames = [f.attname for f in self.champs]
        self.sqlite = connection.vendor == "sqlite"
        if "id" not in self.attnames:  # pragma: no cover - tous nos modèles ont un « id »
            raise CommandError("Modèle sans identifiant « id ».")

    def ligne(self, **valeurs) -> tuple:
        ligne = tuple(valeurs.get(a, self.defauts[a]) for a in self.attnames)
        if self.sqlite:
            ligne = tuple(v.isoformat() if type(v) is datetime.date else v for v in ligne)
        return ligne

    def inserer(self, lignes: list[tuple]) -> None:
        if not lignes:
            return
        table = connection.ops.quote_name(self.modele._meta.db_table)
        colonnes = ", ".join(connection.ops.quote_name(f.column) for f in self.champs)
        if "id" in self.attnames and lignes[0][self.attnames.index("id")] is None:
            # Identifiant attribué par la base : on retire la colonne.
            indice = self.attnames.index("id")
            colonnes = ", ".join(connection.ops.quote_name(f.column) for f in self.champs if f.attname != "id")
            lignes = [ligne[:indice] + ligne[indice + 1 :] for ligne in lignes]
        nombre = len(lignes[0])
        with connection.cursor() as curseur:
            brut = curseur.cursor
            if connection.vendor == "postgresql":
                with brut.copy(f"COPY {table} ({colonnes}) FROM STDIN") as copie:
                    for ligne in lignes:
                        copie.write_row(ligne)
            else:
                marques = ", ".join(["?" if self.sqlite else "%s"] * nombre)
                brut.executemany(f"INSERT INTO {table} ({colonnes}) VALUES ({marques})", lignes)

    @staticmethod
    def recaler_sequences(*modeles) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as curseur:
            for modele in modeles:
                table = modele._meta.db_table
                curseur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
                )
