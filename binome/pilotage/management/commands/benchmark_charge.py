"""``manage.py benchmark_charge`` : test de charge borné (issue 17), locust sans interface contre gunicorn.

Par défaut dans une base dédiée (comme ``benchmark_stats`` : SQLite temporaire ou ``--base-dediee URL``). Dans la
base : le volume de ``benchmark_stats`` (préréglage « petit » par défaut, ou réutilisé avec ``--reutiliser``), les
comptes de mesure du plus gros département ; puis gunicorn (``deploiement/gunicorn.conf.py``, port libre de la
boucle locale) et locust (``deploiement/charge/locustfile.py``) : ``--clients`` utilisateurs (50), ``--duree``
secondes (60). Rapporte requêtes/s, erreurs, p50/p95 (locust), et le processeur utilisé par le générateur de charge,
par le serveur (maître et travailleurs gunicorn) et par la machine entière (les autres sessions comprises), en cœurs.
Écrit la section « benchmark_charge » de ``benchmark.json``.
"""

import csv
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement.models import Parcours, Personne
from binome.core import benchmark as b
from binome.pilotage.forms import periode_par_defaut
from binome.pilotage.management.commands import _generation_stats as g
from binome.territoires.models import Departement

LOCUSTFILE = Path(settings.BASE_DIR) / "deploiement" / "charge" / "locustfile.py"
GUNICORN_CONF = Path(settings.BASE_DIR) / "deploiement" / "gunicorn.conf.py"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def commande_gunicorn(port: int, travailleurs: int) -> list[str]:
    """gunicorn avec la configuration de production, sur la boucle locale, sans journal d'accès (débit)."""
    return [
        *(sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(travailleurs), "--access-logfile", "/dev/null"),
        "binome.wsgi",
    ]


def commande_locust(*, port: int, clients: int, duree: int, prefixe_csv: str) -> list[str]:
    """locust sans interface, borné en durée (``-t``) et en clients, contre la boucle locale seulement."""
    return [
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"),
        *("--users", str(clients), "--spawn-rate", str(max(clients // 5, 1)), "--run-time", f"{duree}s"),
        *("--host", f"http://127.0.0.1:{port}", "--csv", prefixe_csv, "--stop-timeout", "5", "--loglevel", "WARNING"),
        # Compteurs remis à zéro une fois tous les clients lancés : la montée en charge n'est pas mesurée.
        "--reset-stats",
    ]


def environnement_serveur() -> dict:
    """L'environnement de gunicorn : celui de la commande (base, secrets), HTTP en clair sur la boucle locale."""
    return {**os.environ, "HTTPS": "0", "MOT_DE_PASSE_TOUJOURS_PERMIS": "1", "STATIC_MANIFESTE": "0"}


def _cpu_arbre(pid: int) -> float:
    """Secondes de processeur (utilisateur + système) d'un processus et de ses descendants vivants."""
    import psutil

    try:
        racine = psutil.Process(pid)
        processus = [racine, *racine.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for p in processus:
        try:
            temps = p.cpu_times()
            total += temps.user + temps.system
        except psutil.NoSuchProcess:
            continue
    return total


def _cpu_base(nom_base: str) -> float:
    """Secondes de processeur des processus PostgreSQL locaux servant la base ``nom_base`` (« postgres: user base … »).

    Seuls les processus vivants au moment de la lecture comptent (les connexions de gunicorn sont persistantes) ;
    0 pour SQLite (la base travaille dans les processus de gunicorn) ou une base sur une autre machine."""
    import psutil

    total = 0.0
    for p in psutil.process_iter(["name", "cmdline", "cpu_times"]):
        ligne = " ".join(p.info["cmdline"] or [])
        if p.info["name"] == "postgres" and f" {nom_base} " in f"{ligne} " and p.info["cpu_times"]:
            total += p.info["cpu_times"].user + p.info["cpu_times"].system
    return total


def _cpu_machine() -> float:
    import psutil

    temps = psutil.cpu_times()
    return temps.user + temps.system + temps.nice + getattr(temps, "irq", 0) + getattr(temps, "softirq", 0)


def _cpu_enfants() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def lire_resultats(prefixe_csv: str) -> dict:
    """La ligne « Aggregated » et les lignes par page du fichier ``<prefixe>_stats.csv`` de locust."""
    pages = {}
    with open(f"{prefixe_csv}_stats.csv", encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            pages[ligne["Name"]] = {
                "requetes": int(ligne["Request Count"]),
                "erreurs": int(ligne["Failure Count"]),
                "requetes_par_s": round(float(ligne["Requests/s"]), 1),
                "p50_ms": float(ligne["50%"] or 0),
                "p95_ms": float(ligne["95%"] or 0),
            }
    total = pages.pop("Aggregated")
    return {**total, "pages": pages}


class Command(BaseCommand):
    help = _("Test de charge borné : locust (50 clients, 60 s) contre gunicorn, pages mixtes authentifiées.")

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--duree", type=int, default=60, help=_("Durée en secondes (défaut : 60)."))
        parser.add_argument("--travailleurs", type=int, default=3, help=_("Travailleurs gunicorn (défaut : 3)."))
        parser.add_argument("--prereglage", choices=sorted(g.PREREGLAGES), default="petit")
        parser.add_argument("--parcours", type=int, default=0)
        parser.add_argument("--contacts-par-parcours", type=int, default=15)
        parser.add_argument("--graine", type=int, default=20261125)
        parser.add_argument("--json", default=b.CHEMIN_JSON)
        parser.add_argument("--base-courante", action="store_true", help=_("Mesure dans la base courante."))
        parser.add_argument("--base-dediee", default="", help=_("URL de la base dédiée (défaut : SQLite temporaire)."))
        parser.add_argument("--garder", action="store_true")
        parser.add_argument("--reutiliser", action="store_true")
        parser.add_argument("--sans-progression", action="store_true")

    def handle(self, *args, **options):
        if options["base_courante"]:
            return self._mesurer_ici(options)
        valeurs = ["clients", "duree", "travailleurs", "prereglage", "parcours", "contacts_par_parcours", "graine"]
        b.mesurer_dans_base_dediee(
            commande="benchmark_charge",
            arguments=b.arguments_transmis(
                {**options, "json": str(b.chemin_absolu(options["json"]))},
                [*valeurs, "json"],
                ["sans_progression", "garder", "reutiliser"],
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    def _mesurer_ici(self, options):
        self.stdout.write(b.base_mesuree())
        if not Departement.objects.exists():
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        self._preparer(options)
        code = (
            Parcours.objects.filter(personne__identifiant_ft__startswith=g.PREFIXE)
            .values("departement")
            .order_by()
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("departement", flat=True)
            .first()
        )
        comptes = g.comptes_de_mesure(code)
        with tempfile.TemporaryDirectory(prefix="binome-charge-") as dossier:
            plan = Path(dossier) / "plan.json"
            plan.write_text(json.dumps(self._plan(comptes, code)), encoding="utf-8")
            resultat = self._lancer(options, Path(dossier), plan)
        resultat.update({"clients": options["clients"], "duree_s": options["duree"], "departement": code})
        resultat["volume"] = {"parcours": Parcours.objects.count(), "moteur": connection.vendor}
        document = b.ecrire_json("benchmark_charge", resultat, chemin=options["json"])
        self._imprimer(resultat)
        self.stdout.write(b.tableau_objectifs(document))
        if not options["garder"]:
            g.nettoyer()

    def _preparer(self, options):
        if options["reutiliser"] and Personne.objects.filter(identifiant_ft__startswith=g.PREFIXE).exists():
            self.stdout.write(_("Données générées réutilisées (aucune génération)."))
            return
        g.nettoyer()
        nombre = options["parcours"] or g.PREREGLAGES[options["prereglage"]]
        barre = tqdm(total=nombre, disable=options["sans_progression"], desc=_("Génération"), file=self.stderr)
        g.generer(
            nombre,
            random.Random(options["graine"]),
            contacts_par_parcours=options["contacts_par_parcours"],
            barre=barre,
        )
        barre.close()
        if connection.vendor == "postgresql":
            with connection.cursor() as curseur:
                curseur.execute("ANALYZE")

    @staticmethod
    def _plan(comptes, code) -> dict:
        du, au = periode_par_defaut(timezone.localdate())
        return {
            "mot_de_passe": g.MOT_DE_PASSE_MESURE,
            "comptes": {"conseiller": comptes["conseiller"].email, "pilote": comptes["pilote"].email},
            "dossiers": comptes["dossiers"],
            "portefeuille": reverse("accompagnement:portefeuille"),
            "fiche": reverse("accompagnement:personne", args=[0]).replace("/0/", "/{}/"),
            "contacts": reverse("accompagnement:contacts", args=[0]).replace("/0/", "/{}/"),
            "recherche": reverse("accompagnement:personnes") + "?q=martin",
            "tableau_de_bord": f"{reverse('pilotage:tableau_de_bord')}?departement={code}&du={du}&au={au}",
        }

    def _lancer(self, options, dossier: Path, plan: Path) -> dict:
        """gunicorn puis locust (borné) ; le processeur de chacun et de la machine sur la durée de la charge."""
        port = port_libre()
        journal = (dossier / "gunicorn.log").open("w", encoding="utf-8")  # noqa: SIM115 — fermé dans « finally »
        serveur = subprocess.Popen(
            commande_gunicorn(port, options["travailleurs"]),
            env=environnement_serveur(),
            stdout=subprocess.DEVNULL,
            stderr=journal,
        )
        try:
            self._attendre(port, serveur, options["travailleurs"])
            prefixe = str(dossier / "locust")
            base = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
            avant = (_cpu_arbre(serveur.pid), _cpu_enfants(), _cpu_machine(), time.monotonic(), _cpu_base(base))
            self.stdout.write(
                _("Charge : %(c)s clients, %(d)s s, gunicorn %(t)s travailleurs sur le port %(p)s…")
                % {"c": options["clients"], "d": options["duree"], "t": options["travailleurs"], "p": port}
            )
            locust = subprocess.run(
                commande_locust(port=port, clients=options["clients"], duree=options["duree"], prefixe_csv=prefixe),
                env={**os.environ, "BINOME_CHARGE_PLAN": str(plan)},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=options["duree"] + 120,
                check=False,
            )
            apres = (_cpu_arbre(serveur.pid), _cpu_enfants(), _cpu_machine(), time.monotonic(), _cpu_base(base))
        finally:
            serveur.terminate()
            serveur.wait(timeout=30)
            journal.close()
        if not Path(f"{prefixe}_stats.csv").exists():
            raise CommandError(_("locust n'a rien rapporté :\n%(s)s") % {"s": locust.stdout[-3000:]})
        duree = apres[3] - avant[3]
        resultat = lire_resultats(prefixe)
        resultat["cpu_coeurs"] = {
            "serveur": round((apres[0] - avant[0]) / duree, 2),
            "generateur": round((apres[1] - avant[1]) / duree, 2),
            "base": round(max(apres[4] - avant[4], 0) / duree, 2),
            "machine": round((apres[2] - avant[2]) / duree, 2),
            "disponibles": os.cpu_count(),
        }
        return resultat

    @staticmethod
    def _attendre(port: int, serveur, travailleurs: int) -> None:
        """Attend que gunicorn réponde, puis chauffe ses travailleurs (imports, gabarits) hors de la mesure."""
        import urllib.request

        for _i in range(600):
            if serveur.poll() is not None:
                raise CommandError(_("gunicorn s'est arrêté (code %(c)s).") % {"c": serveur.returncode})
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/", timeout=30) as reponse:  # noqa: S310
                    if reponse.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise CommandError(_("gunicorn ne répond pas sur le port %(p)s.") % {"p": port})
        for _i in range(travailleurs * 4):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/", timeout=30):  # noqa: S310
                pass

    def _imprimer(self, r: dict) -> None:
        cpu = r["cpu_coeurs"]
        self.stdout.write(
            _(
                "Charge mixte : %(n)s requêtes, %(rps)s req/s, %(e)s erreurs, p50 %(p50)s ms, p95 %(p95)s ms ; "
                "processeur (cœurs sur %(d)s) : serveur %(s)s, base %(b)s, générateur %(g)s, machine entière %(m)s."
            )
            % {
                "n": r["requetes"],
                "rps": r["requetes_par_s"],
                "e": r["erreurs"],
                "p50": r["p50_ms"],
                "p95": r["p95_ms"],
                "d": cpu["disponibles"],
                "s": cpu["serveur"],
                "g": cpu["generateur"],
                "b": cpu["base"],
                "m": cpu["machine"],
            }
        )
        for nom, page in r["pages"].items():
            self.stdout.write(
                f"  {nom:<28} {page['requetes']:7d} {page['requetes_par_s']:8.1f}/s {page['erreurs']:5d} "
                f"{page['p50_ms']:7.0f} {page['p95_ms']:7.0f}"
            )
