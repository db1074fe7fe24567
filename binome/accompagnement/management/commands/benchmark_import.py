"""``manage.py benchmark_import [--lignes 100000] [--base-dediee URL]`` : mesure de ``import_parcours`` (issue 17).

Génère un fichier CSV valide (personnes à un ou deux parcours, en cours ou clos, global ou social exclusif, sur
les communes d'un département), puis l'importe par la commande ``import_parcours`` lancée dans un processus à
part : durée, lignes par seconde et mémoire résidente maximale de ce processus (``ru_maxrss``). Par défaut dans
une base dédiée (SQLite temporaire, ou ``--base-dediee``) ; les lignes importées (identifiants « IMPORT… ») sont
ensuite supprimées, sauf ``--garder``. Écrit la section « benchmark_import » de ``benchmark.json``.
"""

import datetime
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import enums as e
from binome.accompagnement.fichier_import import COLONNES
from binome.accompagnement.models import Evenement, Parcours, Personne, Sortie
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.core import benchmark as b
from binome.core.texte import normaliser
from binome.organisations.models import Organisation, TypeOrganisation
from binome.territoires.models import Commune, Departement

PREFIXE = "IMPORT"  # identifiants France Travail : lettres et chiffres seulement
# Lignes du fichier mesuré selon le préréglage de ``make benchmark`` : l'objectif porte sur 100 000 lignes.
LIGNES_PAR_PREREGLAGE = {"national": 100_000, "departemental": 100_000, "moyen": 20_000, "petit": 2_000}
OBJECTIF_S = 60.0  # issue 17 : 100 000 lignes en un fichier en 60 s au plus
NOMS = "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Lefèvre Garçon".split()
PRENOMS = "Amandine Bruno Camille Denise Éric Fatou Gaëlle Hugo Inès Jules".split()


class Command(BaseCommand):
    help = _("Mesure l'import de parcours (import_parcours) sur un fichier généré (par défaut 100 000 lignes).")

    def add_arguments(self, parser):
        parser.add_argument("--prereglage", choices=sorted(LIGNES_PAR_PREREGLAGE), default="national")
        parser.add_argument("--lignes", type=int, default=0, help=_("Nombre de lignes (remplace le préréglage)."))
        parser.add_argument("--departement", default="59", help=_("Département des lignes (défaut : Nord)."))
        parser.add_argument("--graine", type=int, default=20261206)
        parser.add_argument("--fichier", default="", help=_("Écrit le fichier généré ici et le garde."))
        parser.add_argument("--json", default=b.CHEMIN_JSON, help=_("Fichier des mesures (défaut : benchmark.json)."))
        parser.add_argument("--base-courante", action="store_true", help=_("Mesure dans la base courante."))
        parser.add_argument("--base-dediee", default="", help=_("URL de la base dédiée (défaut : SQLite temporaire)."))
        parser.add_argument("--garder", action="store_true", help=_("Garde les lignes importées."))
        parser.add_argument("--nettoyer", action="store_true", help=_("Supprime les lignes importées, sans mesurer."))
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, **options):
        if options["base_courante"]:
            return self._mesurer_ici(options)
        fichier = str(Path(options["fichier"]).resolve()) if options["fichier"] else ""
        b.mesurer_dans_base_dediee(
            commande="benchmark_import",
            arguments=b.arguments_transmis(
                {**options, "json": str(b.chemin_absolu(options["json"])), "fichier": fichier},
                ["prereglage", "lignes", "departement", "graine", "json", *(["fichier"] if fichier else [])],
                ["sans_progression", "garder", "nettoyer"],
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    def _mesurer_ici(self, options):
        self.stdout.write(b.base_mesuree())
        if options["nettoyer"]:
            self.stdout.write(_("%(n)s personnes importées supprimées.") % {"n": nettoyer()})
            return
        if not Departement.objects.exists():
            self.stdout.write(_("Aucun département en base : chargement des référentiels."))
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        code = options["departement"]
        conseiller, social = _agents(code)
        communes = list(Commune.objects.filter(departement_id=code).values_list("code_insee", flat=True)[:500])
        if not communes:
            raise CommandError(_("Aucune commune dans le département %(d)s.") % {"d": code})
        with tempfile.TemporaryDirectory(prefix="binome-import-") as dossier:
            chemin = Path(options["fichier"] or Path(dossier) / "parcours.csv")
            alea = random.Random(options["graine"])
            nombre = options["lignes"] or LIGNES_PAR_PREREGLAGE[options["prereglage"]]
            lignes = generer(chemin, nombre, code, communes, conseiller, social, alea)
            self.stdout.write(_("Fichier généré : %(n)s lignes, %(m).1f Mo") % {"n": lignes, "m": _mo(chemin)})
            mesure = self._importer(chemin, lignes, options["sans_progression"])
        if not options["garder"]:
            nettoyer()
        ligne = b._ligne_objectif(
            _("import_parcours : %(n)s lignes") % {"n": lignes},
            f"{mesure['duree_s']:.1f} s",
            f"≤ {OBJECTIF_S:.0f} s" if lignes == 100_000 else _("100 000 lignes ≤ 60 s"),
            f"{mesure['duree_s'] - OBJECTIF_S:+.1f} s" if lignes == 100_000 else "—",
            mesure["duree_s"] <= OBJECTIF_S if lignes == 100_000 else None,
        )
        document = b.ecrire_json("benchmark_import", {**mesure, "objectifs": [ligne]}, chemin=options["json"])
        self.stdout.write(b.tableau_objectifs(document))

    def _importer(self, chemin: Path, lignes: int, sans_progression: bool) -> dict:
        """La commande ``import_parcours`` dans un processus à part : sa durée et sa mémoire résidente maximale."""
        commande = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_parcours", str(chemin)]
        if sans_progression:
            commande.append("--sans-progression")
        debut = time.perf_counter()
        resultat = subprocess.run(commande, env=os.environ, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
        duree = time.perf_counter() - debut
        self.stdout.write(resultat.stdout, ending="")
        if resultat.returncode != 0:
            raise CommandError(_("L'import mesuré a échoué."))
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux : en Kio
        mesure = {
            "lignes": lignes,
            "taille_mo": round(_mo(chemin), 1),
            "duree_s": round(duree, 2),
            "lignes_par_s": round(lignes / duree),
            "rss_max_mio": round(rss, 1),
        }
        self.stdout.write(
            _(
                "import_parcours : %(n)s lignes en %(d).1f s (%(v)s lignes/s, processus entier), "
                "mémoire résidente maximale %(r).0f Mio"
            )
            % {"n": lignes, "d": duree, "v": mesure["lignes_par_s"], "r": rss}
        )
        return mesure


def _mo(chemin: Path) -> float:
    return chemin.stat().st_size / 1_000_000


def _agents(code: str) -> tuple[str, str]:
    """Un conseiller France Travail et un travailleur social habilités dans le département (créés au besoin)."""
    emails = []
    for role, type_ in (
        (Role.CONSEILLER_FT, TypeOrganisation.AGENCE_FT),
        (Role.TRAVAILLEUR_SOCIAL, TypeOrganisation.UNITE_ACTION_SOCIALE),
    ):
        nom = f"{PREFIXE}{code}-{type_}"
        organisation = Organisation.objects.get_or_create(
            nom=nom, defaults={"nom_normalise": normaliser(nom), "type": type_, "departement_id": code}
        )[0]
        email = f"{PREFIXE.lower()}{code.lower()}-{role.lower()}@benchmark.test"
        utilisateur = Utilisateur.objects.get_or_create(
            email=email, defaults={"prenom": "Import", "nom": role, "password": "!", "recherche_normalise": email}
        )[0]
        Habilitation.objects.get_or_create(utilisateur=utilisateur, organisation=organisation, role=role)
        emails.append(email)
    return emails[0], emails[1]


def generer(chemin: Path, nombre: int, code: str, communes: list[str], conseiller, social, alea) -> int:
    """Écrit ``nombre`` lignes valides : ~1 personne sur 8 a deux parcours (le premier clos avant le second),
    1 parcours sur 10 en social exclusif, ~60 % clos avec un motif."""
    aujourdhui = timezone.localdate()
    motifs = list(e.MotifSortie.values)
    ecrites, personne = 0, 0
    with chemin.open("w", encoding="utf-8", newline="") as fichier:
        fichier.write(",".join(COLONNES) + "\n")
        while ecrites < nombre:
            personne += 1
            naissance = datetime.date(1960, 1, 1) + datetime.timedelta(days=alea.randrange(15000))
            commune = alea.choice(communes)
            identite = [
                code,
                f"{PREFIXE}{personne:08d}",
                alea.choice(NOMS),
                alea.choice(PRENOMS),
                naissance.isoformat(),
            ]
            identite += [alea.choice("FHX"), commune, alea.choice(("oui", "non")), alea.choice(("oui", "non"))]
            entree = datetime.date(2019, 1, 7) + datetime.timedelta(days=alea.randrange(1500))
            parcours = 2 if alea.random() < 0.125 and nombre - ecrites > 1 else 1
            for rang in range(parcours):
                dernier = rang == parcours - 1
                sortie = entree + datetime.timedelta(days=alea.randint(30, 400))
                clos = (not dernier or alea.random() < 0.6) and sortie < aujourdhui
                exclusif = alea.random() < 0.1
                colonnes = [
                    *identite,
                    alea.choice(("0-2", "3-4", "5-8", "")),
                    "social_exclusif" if exclusif else "global",
                    (entree - datetime.timedelta(days=14)).isoformat(),
                    entree.isoformat(),
                    "" if exclusif else conseiller,
                    social if exclusif or alea.random() < 0.7 else "",
                    sortie.isoformat() if clos else "",
                    alea.choice(motifs) if clos else "",
                ]
                fichier.write(",".join(colonnes) + "\n")
                ecrites += 1
                if not clos:
                    break
                entree = sortie + datetime.timedelta(days=alea.randint(1, 90))
                if entree > aujourdhui:
                    break
    return ecrites


def nettoyer() -> int:
    """Supprime les personnes importées par la mesure (identifiants « IMPORT… »), leurs parcours et leur historique."""
    personnes = Personne.objects.filter(identifiant_ft__startswith=PREFIXE)
    parcours = Parcours.objects.filter(personne__in=personnes.values("pk"))
    nombre = personnes.count()
    with transaction.atomic():
        Evenement.objects.filter(personne__in=personnes.values("pk"))._raw_delete(connection.alias)
        Sortie.history.model.objects.filter(parcours_id__in=parcours.values("pk"))._raw_delete(connection.alias)
        Sortie.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
        Parcours.history.model.objects.filter(personne_id__in=personnes.values("pk"))._raw_delete(connection.alias)
        parcours._raw_delete(connection.alias)
        Personne.history.model.objects.filter(identifiant_ft__startswith=PREFIXE)._raw_delete(connection.alias)
        personnes._raw_delete(connection.alias)
    return nombre
