"""``manage.py benchmark_charge`` : test de charge borné (issue 17), locust sans interface contre gunicorn.

Par défaut dans une base dédiée (comme ``benchmark_stats`` : SQLite temporaire ou ``--base-dediee URL``). Dans la
base : le volume de ``benchmark_stats`` (préréglage « petit » par défaut, ou réutilisé avec ``--reutiliser``), les
comptes de mesure du plus gros département ; puis gunicorn (``deploiement/gunicorn.conf.py``, port libre de la
boucle locale, ``--travailleurs`` et ``--threads``) et locust (``deploiement/charge/locustfile.py``) : ``--clients``
utilisateurs (50) qui se connectent d'abord, puis ``--duree`` secondes (60) de pages seulement.

Rapporte, sur la seule fenêtre des pages : requêtes/s et erreurs (locust) ; p50/p95 **côté serveur** (temps passé
dans gunicorn, relevé par son journal d'accès : c'est l'objectif de l'issue 17) et côté client (locust : attente
dans la file de gunicorn comprise) ; le processeur utilisé par le générateur de charge, le serveur (maître et
travailleurs), PostgreSQL (les processus de la base mesurée) et la machine entière (les autres sessions comprises),
en cœurs ; sur PostgreSQL, les attentes des connexions de la base (``pg_stat_activity`` échantillonnée : verrous,
dont celui des têtes du journal des accès, disque…). Écrit la section « benchmark_charge » de ``benchmark.json``.
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
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement.models import Parcours, Personne
from binome.core import benchmark as b
from binome.pilotage import services
from binome.pilotage.forms import periode_par_defaut
from binome.pilotage.management.commands import _generation_stats as g
from binome.territoires.models import Departement

LOCUSTFILE = Path(settings.BASE_DIR) / "deploiement" / "charge" / "locustfile.py"
GUNICORN_CONF = Path(settings.BASE_DIR) / "deploiement" / "gunicorn.conf.py"


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Journal d'accès de la mesure : chemin (sans chaîne de requête), statut, durée dans gunicorn en microsecondes.
FORMAT_JOURNAL_ACCES = "%(U)s %(s)s %(D)s"


def commande_gunicorn(
    port: int, travailleurs: int, *, threads: int = 0, journal_acces: str = "/dev/null"
) -> list[str]:
    """gunicorn avec la configuration de production, sur la boucle locale ; ``threads`` > 0 : travailleurs
    ``gthread`` (sinon le réglage de ``gunicorn.conf.py``) ; journal d'accès réduit aux durées, dans un fichier."""
    return [
        *(sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)),
        *("--bind", f"127.0.0.1:{port}", "--workers", str(travailleurs)),
        *(("--worker-class", "gthread", "--threads", str(threads)) if threads else ()),
        *("--access-logfile", journal_acces, "--access-logformat", FORMAT_JOURNAL_ACCES),
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


def durees_serveur(journal_acces: Path, classer) -> dict:
    """p50/p95 (ms) du temps passé dans gunicorn, en tout et par page, d'après son journal d'accès.

    ``classer(chemin)`` : le nom de la page, ou ``None`` pour une requête hors mesure (connexion, chauffe)."""
    par_page: dict[str, list[float]] = {}
    for ligne in journal_acces.read_text(encoding="utf-8").splitlines():
        morceaux = ligne.split()
        if len(morceaux) != 3 or not morceaux[2].isdigit():
            continue
        nom = classer(morceaux[0])
        if nom is not None:
            par_page.setdefault(nom, []).append(int(morceaux[2]) / 1000)
    toutes = [d for durees in par_page.values() for d in durees]
    if not toutes:
        return {"requetes": 0, "p50_ms": 0.0, "p95_ms": 0.0, "pages": {}}

    def resume(durees):
        return {
            "requetes": len(durees),
            "p50_ms": round(b.percentile(durees, 50), 1),
            "p95_ms": round(b.percentile(durees, 95), 1),
        }

    return {**resume(toutes), "pages": {nom: resume(d) for nom, d in sorted(par_page.items())}}


class EchantillonneurAttentes(threading.Thread):
    """Relève ``pg_stat_activity`` de la base mesurée toutes les ``periode`` secondes, par sa propre connexion :
    connexions actives, et ce qu'elles attendent (``wait_event_type:wait_event`` : verrou de ligne
    ``Lock:transactionid``, écriture du WAL ``IO:WALSync``…), dont les attentes de verrou sur une requête qui touche
    la tête d'une chaîne du journal des accès (``confiance_chainejournal``)."""

    REQUETE = """
        SELECT state, coalesce(wait_event_type, ''), coalesce(wait_event, ''),
               query ILIKE '%%confiance_chainejournal%%'
        FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
    """

    def __init__(self, periode: float = 0.1):
        super().__init__(daemon=True)
        self.periode, self.arret = periode, threading.Event()
        self.echantillons, self.actives, self.verrou_journal = 0, 0, 0
        self.attentes: Counter = Counter()

    def run(self):
        try:
            with connections["default"].cursor() as curseur:
                while not self.arret.is_set():
                    curseur.execute(self.REQUETE)
                    self._compter(curseur.fetchall())
                    self.arret.wait(self.periode)
        finally:
            connections.close_all()

    def _compter(self, lignes) -> None:
        self.echantillons += 1
        for etat, type_attente, attente, journal in lignes:
            if etat != "active":
                continue
            self.actives += 1
            if type_attente and type_attente != "Client":
                self.attentes[f"{type_attente}:{attente}"] += 1
                self.verrou_journal += type_attente == "Lock" and journal

    def resultat(self) -> dict:
        """Moyennes par échantillon : connexions actives, en attente (par motif), en attente d'une tête du journal."""
        n = max(self.echantillons, 1)
        return {
            "echantillons": self.echantillons,
            "actives": round(self.actives / n, 2),
            "attente_verrou_journal": round(self.verrou_journal / n, 3),
            "attentes": {motif: round(c / n, 3) for motif, c in self.attentes.most_common(8)},
        }


def mesurer_ecrivains_journal(*, ecrivains: int, duree: float, chaines: int, departement: str) -> dict:
    """Débit du journal des accès seul : ``ecrivains`` threads (une connexion chacun) écrivent sans pause des lignes
    d'un même département pendant ``duree`` secondes, ``chaines`` chaînes par département ; attentes de la base
    relevées en même temps (PostgreSQL). Isole le verrou des têtes de chaîne du reste des pages."""
    from django.test import RequestFactory, override_settings

    from binome.confiance.journal import journaliser
    from binome.confiance.models import Action

    fabrique, comptes, erreurs = RequestFactory(), [0] * ecrivains, []
    depart, fin = threading.Barrier(ecrivains + 1), [0.0]
    echantillonneur = EchantillonneurAttentes() if connection.vendor == "postgresql" else None

    def ecrire(rang):
        try:
            depart.wait()
            while time.monotonic() < fin[0]:
                journaliser(
                    action=Action.LECTURE,
                    finalite="Mesure du journal",
                    objet=("benchmark", rang),
                    departement=departement,
                    request=fabrique.get("/benchmark/journal/"),
                )
                comptes[rang] += 1
        except Exception as erreur:  # noqa: BLE001 — rapportée, la mesure continue sans cet écrivain
            erreurs.append(repr(erreur))
        finally:
            connections.close_all()

    with override_settings(JOURNAL_CHAINES_PAR_DEPARTEMENT=chaines):
        threads = [threading.Thread(target=ecrire, args=(i,)) for i in range(ecrivains)]
        for thread in threads:
            thread.start()
        if echantillonneur is not None:
            echantillonneur.start()
        debut = time.monotonic()
        fin[0] = debut + duree
        depart.wait()
        for thread in threads:
            thread.join(duree + 60)
        ecoule = time.monotonic() - debut
    resultat = {
        "ecrivains": ecrivains,
        "chaines_par_departement": chaines,
        "duree_s": round(ecoule, 1),
        "lignes": sum(comptes),
        "lignes_par_s": round(sum(comptes) / ecoule, 1),
        "erreurs": erreurs[:3],
    }
    if echantillonneur is not None:
        echantillonneur.arret.set()
        echantillonneur.join(10)
        resultat["attentes_base"] = echantillonneur.resultat()
    return resultat


def lire_resultats(prefixe_csv: str) -> dict:
    """La ligne « Aggregated » et les lignes par page du fichier ``<prefixe>_stats.csv`` de locust (lignes vides
    omises)."""
    pages = {}
    with open(f"{prefixe_csv}_stats.csv", encoding="utf-8") as fichier:
        for ligne in csv.DictReader(fichier):
            if ligne["Name"] != "Aggregated" and ligne["Request Count"] == "0":
                continue  # connexion : compteur remis à zéro à l'ouverture de la mesure
            pages[ligne["Name"]] = {
                "requetes": int(ligne["Request Count"]),
                "erreurs": int(ligne["Failure Count"]),
                "requetes_par_s": round(float(ligne["Requests/s"]), 1),
                "p50_ms": float(ligne["50%"]) if ligne["50%"] not in ("", "N/A") else 0.0,
                "p95_ms": float(ligne["95%"]) if ligne["95%"] not in ("", "N/A") else 0.0,
            }
    total = pages.pop("Aggregated")
    return {**total, "pages": pages}


class Command(BaseCommand):
    help = _("Test de charge borné : locust (50 clients, 60 s) contre gunicorn, pages mixtes authentifiées.")

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--duree", type=int, default=60, help=_("Durée en secondes (défaut : 60)."))
        parser.add_argument("--travailleurs", type=int, default=3, help=_("Travailleurs gunicorn (défaut : 3)."))
        parser.add_argument(
            "--threads", type=int, default=0, help=_("Threads par travailleur (gthread ; défaut : gunicorn.conf.py).")
        )
        parser.add_argument(
            "--chaines-journal",
            type=int,
            default=0,
            help=_("Chaînes du journal par département pour le serveur mesuré (défaut : le réglage courant)."),
        )
        parser.add_argument(
            "--journal-seul",
            action="store_true",
            help=_("Mesure seulement le débit du journal des accès (écrivains concurrents, 1 puis N chaînes)."),
        )
        parser.add_argument("--ecrivains", type=int, default=16, help=_("Écrivains du journal (--journal-seul)."))
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
        valeurs = ["clients", "duree", "travailleurs", "threads", "chaines_journal", "prereglage", "parcours"]
        valeurs += ["contacts_par_parcours", "graine"]
        b.mesurer_dans_base_dediee(
            commande="benchmark_charge",
            arguments=b.arguments_transmis(
                {**options, "json": str(b.chemin_absolu(options["json"]))},
                [*valeurs, "ecrivains", "json"],
                ["sans_progression", "garder", "reutiliser", "journal_seul"],
            ),
            base_dediee=options["base_dediee"],
            stdout=self.stdout,
        )

    def _mesurer_ici(self, options):
        self.stdout.write(b.base_mesuree())
        if not Departement.objects.exists():
            call_command("charger_referentiels", "--sans-progression", stdout=self.stdout)
        if options["journal_seul"]:
            return self._mesurer_journal(options)
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
            plan = self._plan(
                comptes, code, clients=options["clients"], duree=options["duree"], repere=f"{dossier}/repere.json"
            )
            chemin_plan = Path(dossier) / "plan.json"
            chemin_plan.write_text(json.dumps(plan), encoding="utf-8")
            resultat = self._lancer(options, Path(dossier), chemin_plan, plan)
        resultat.update({"clients": options["clients"], "duree_s": options["duree"], "departement": code})
        resultat["volume"] = {"parcours": Parcours.objects.count(), "moteur": connection.vendor}
        document = b.ecrire_json("benchmark_charge", resultat, chemin=options["json"])
        self._imprimer(resultat)
        self.stdout.write(b.tableau_objectifs(document))
        if not options["garder"]:
            g.nettoyer()

    def _mesurer_journal(self, options):
        """Une chaîne par département, puis ``--chaines-journal`` (8 par défaut), puis de nouveau une : en alternance
        sur la même base, la machine partagée pèse de la même façon sur les deux réglages."""
        partitionne = options["chaines_journal"] or 8
        mesures = []
        for chaines in (1, partitionne, 1, partitionne):
            mesure = mesurer_ecrivains_journal(
                ecrivains=options["ecrivains"], duree=options["duree"], chaines=chaines, departement="75"
            )
            mesures.append(mesure)
            attentes = mesure.get("attentes_base", {})
            self.stdout.write(
                _(
                    "Journal seul : %(e)s écrivains, %(c)s chaîne(s) par département : %(l)s lignes/s "
                    "(%(n)s lignes en %(d)s s) ; attente du verrou d'une tête : %(v)s connexions en moyenne ; "
                    "attentes : %(m)s ; erreurs : %(x)s"
                )
                % {
                    "e": mesure["ecrivains"],
                    "c": chaines,
                    "l": mesure["lignes_par_s"],
                    "n": mesure["lignes"],
                    "d": mesure["duree_s"],
                    "v": attentes.get("attente_verrou_journal", "—"),
                    "m": ", ".join(f"{k} {v}" for k, v in attentes.get("attentes", {}).items()) or "—",
                    "x": len(mesure["erreurs"]) or "0",
                }
            )
        b.ecrire_json("benchmark_journal", {"mesures": mesures}, chemin=options["json"])

    def _preparer(self, options):
        self._generer(options)
        # Le tableau de bord du mélange (période par défaut) lit les agrégats, comme en service après la tâche de
        # nuit : sans eux, il mesurerait le calcul direct (le repli).
        debut = time.perf_counter()
        lignes = services.agregats_rafraichir()
        self.stdout.write(
            _("Agrégats du pilotage rafraîchis : %(n)s lignes en %(s).1f s.")
            % {"n": lignes, "s": time.perf_counter() - debut}
        )

    def _generer(self, options):
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
    def _plan(comptes, code, *, clients: int = 50, duree: int = 60, repere: str = "") -> dict:
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
            # Fenêtre de mesure : ouverte quand les ``clients`` sont connectés (``repere`` écrit), ``duree`` s.
            "clients": clients,
            "duree": duree,
            "repere": repere,
        }

    @staticmethod
    def classeur(plan: dict):
        """``chemin -> nom de page`` (mêmes noms que locust) d'après les adresses du plan ; ``None`` hors mesure."""
        import re

        motifs = [
            (nom, re.compile("^" + re.escape(plan[cle].split("?")[0]).replace(re.escape("{}"), r"\d+") + "$"))
            for cle, nom in [
                ("portefeuille", "portefeuille"),
                ("fiche", "fiche personne"),
                ("contacts", "contacts"),
                ("recherche", "recherche de personne"),
                ("tableau_de_bord", "tableau de bord"),
            ]
        ]

        def classer(chemin: str):
            return next((nom for nom, motif in motifs if motif.match(chemin)), None)

        return classer

    def _lancer(self, options, dossier: Path, chemin_plan: Path, plan: dict) -> dict:
        """gunicorn, puis locust : processeur, attentes de la base et durées relevés sur la seule fenêtre des pages."""
        port = port_libre()
        journal = (dossier / "gunicorn.log").open("w", encoding="utf-8")  # noqa: SIM115 — fermé dans « finally »
        acces = dossier / "acces.log"
        env = environnement_serveur()
        if options["chaines_journal"]:
            env["JOURNAL_CHAINES_PAR_DEPARTEMENT"] = str(options["chaines_journal"])
        serveur = subprocess.Popen(
            commande_gunicorn(port, options["travailleurs"], threads=options["threads"], journal_acces=str(acces)),
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=journal,
        )
        base = connection.settings_dict["NAME"] if connection.vendor == "postgresql" else ""
        echantillonneur = EchantillonneurAttentes() if base else None
        prefixe = str(dossier / "locust")
        try:
            self._attendre(port, serveur, options["travailleurs"])
            self.stdout.write(
                _("Charge : %(c)s clients, %(d)s s, gunicorn %(t)s travailleurs × %(h)s threads sur le port %(p)s…")
                % {
                    "c": options["clients"],
                    "d": options["duree"],
                    "t": options["travailleurs"],
                    "h": options["threads"] or 1,
                    "p": port,
                }
            )
            enfants = _cpu_enfants()
            # Borne de locust : les connexions (argon2, en file derrière les travailleurs) puis la mesure.
            borne = options["duree"] + 120 + 2 * options["clients"]
            locust = subprocess.Popen(  # noqa: S603 — commande construite ici, boucle locale
                commande_locust(port=port, clients=options["clients"], duree=borne, prefixe_csv=prefixe),
                env={**os.environ, "BINOME_CHARGE_PLAN": str(chemin_plan)},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            avant = None
            debut = time.monotonic()
            while locust.poll() is None and time.monotonic() - debut < borne + 60:
                if avant is None and Path(plan["repere"]).exists():
                    avant = (_cpu_arbre(serveur.pid), _cpu_arbre(locust.pid), _cpu_machine(), time.monotonic())
                    avant += (_cpu_base(base),)
                    if echantillonneur is not None:
                        echantillonneur.start()
                time.sleep(0.05)
            if locust.poll() is None:
                locust.kill()
            sortie = locust.communicate()[0]
            apres = (_cpu_arbre(serveur.pid), _cpu_enfants() - enfants, _cpu_machine(), time.monotonic())
            apres += (_cpu_base(base),)
        finally:
            if echantillonneur is not None and echantillonneur.is_alive():
                echantillonneur.arret.set()
                echantillonneur.join(timeout=10)
            serveur.terminate()
            serveur.wait(timeout=30)
            journal.close()
        if avant is None or not Path(f"{prefixe}_stats.csv").exists():
            raise CommandError(_("locust n'a rien mesuré :\n%(s)s") % {"s": sortie[-3000:]})
        duree = apres[3] - avant[3]
        resultat = lire_resultats(prefixe)
        repere = json.loads(Path(plan["repere"]).read_text(encoding="utf-8"))
        resultat["connexions_refusees"] = repere["connexions_refusees"]
        # Durées : celles du serveur (objectif de l'issue 17) en tête ; locust (file d'attente comprise) à part.
        resultat["client"] = {"p50_ms": resultat["p50_ms"], "p95_ms": resultat["p95_ms"]}
        serveur_ms = durees_serveur(acces, self.classeur(plan))
        resultat["p50_ms"], resultat["p95_ms"] = serveur_ms["p50_ms"], serveur_ms["p95_ms"]
        for nom, page in resultat["pages"].items():
            page["client_p50_ms"], page["client_p95_ms"] = page["p50_ms"], page["p95_ms"]
            page["p50_ms"] = serveur_ms["pages"].get(nom, {}).get("p50_ms", 0.0)
            page["p95_ms"] = serveur_ms["pages"].get(nom, {}).get("p95_ms", 0.0)
        resultat["gunicorn"] = {"travailleurs": options["travailleurs"], "threads": options["threads"] or 1}
        resultat["chaines_journal_par_departement"] = int(
            env.get("JOURNAL_CHAINES_PAR_DEPARTEMENT", settings.JOURNAL_CHAINES_PAR_DEPARTEMENT)
        )
        resultat["cpu_coeurs"] = {
            "serveur": round((apres[0] - avant[0]) / duree, 2),
            "generateur": round(max(apres[1] - avant[1], 0) / duree, 2),
            "base": round(max(apres[4] - avant[4], 0) / duree, 2),
            "machine": round((apres[2] - avant[2]) / duree, 2),
            "disponibles": os.cpu_count(),
        }
        if echantillonneur is not None:
            resultat["attentes_base"] = echantillonneur.resultat()
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
                "Charge mixte (pages seules, connexions exclues) : %(n)s requêtes, %(rps)s req/s, %(e)s erreurs ; "
                "serveur p50 %(p50)s ms, p95 %(p95)s ms ; client (file comprise) p50 %(c50)s ms, p95 %(c95)s ms ; "
                "processeur (cœurs sur %(d)s) : serveur %(s)s, base %(b)s, générateur %(g)s, machine entière %(m)s ; "
                "gunicorn %(t)s × %(h)s threads ; %(j)s chaînes du journal par département."
            )
            % {
                "n": r["requetes"],
                "rps": r["requetes_par_s"],
                "e": r["erreurs"],
                "p50": r["p50_ms"],
                "p95": r["p95_ms"],
                "c50": r["client"]["p50_ms"],
                "c95": r["client"]["p95_ms"],
                "d": cpu["disponibles"],
                "s": cpu["serveur"],
                "g": cpu["generateur"],
                "b": cpu["base"],
                "m": cpu["machine"],
                "t": r["gunicorn"]["travailleurs"],
                "h": r["gunicorn"]["threads"],
                "j": r["chaines_journal_par_departement"],
            }
        )
        if r["connexions_refusees"]:
            self.stdout.write(_("Connexions refusées : %(n)s.") % {"n": r["connexions_refusees"]})
        entete = f"  {_('Page mesurée'):<24} {_('requêtes'):>8} {'req/s':>8} {_('erreurs'):>7} "
        self.stdout.write(entete + f"{'p50 srv':>8} {'p95 srv':>8} {'p50 cli':>8} {'p95 cli':>8}")
        for nom, page in r["pages"].items():
            self.stdout.write(
                f"  {nom:<24} {page['requetes']:8d} {page['requetes_par_s']:8.1f} {page['erreurs']:7d} "
                f"{page['p50_ms']:8.0f} {page['p95_ms']:8.0f} "
                f"{page['client_p50_ms']:8.0f} {page['client_p95_ms']:8.0f}"
            )
        if "attentes_base" in r:
            a = r["attentes_base"]
            self.stdout.write(
                _(
                    "PostgreSQL (%(n)s relevés de pg_stat_activity) : %(a)s connexions actives en moyenne, dont "
                    "%(j)s en attente du verrou d'une tête du journal ; attentes : %(m)s."
                )
                % {
                    "n": a["echantillons"],
                    "a": a["actives"],
                    "j": a["attente_verrou_journal"],
                    "m": ", ".join(f"{motif} {n}" for motif, n in a["attentes"].items()) or "—",
                }
            )
