"""Un vrai primaire et un vrai réplica PostgreSQL en flux, démarrés par le test (issue 17, « Échelle »).

Le test crée ses deux grappes dans un dossier temporaire, sur des ports libres (le serveur partagé du port 5432 n'est
pas touché) : ``initdb`` (sous l'utilisateur ``postgres`` quand le test tourne en root), réplication permise dans
``pg_hba.conf``, ``pg_ctl``, ``pg_basebackup -R`` pour le réplica. Puis Django tourne dans un sous-processus avec
``DATABASE_URL`` = primaire et ``DATABASE_REPLICA_URL`` = réplica (et la réserve de connexions psycopg) : migration
sur le primaire, puis un script qui rend compte, pour chaque lecture et chaque écriture, du serveur qui l'a faite
(``inet_server_port()`` et ``pg_is_in_recovery()`` demandés dans la requête même de l'ORM).

Binaires absents (``/usr/lib/postgresql/*/bin``) hors CI : test ignoré avec un avis ; en CI (``CI`` posée par
``.ci/run``) : échec. Les grappes sont arrêtées et leur dossier effacé même en cas d'échec. Aucune mesure de durée :
les attentes sont bornées par un nombre d'essais.
"""

import contextlib
import glob
import json
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
ESSAIS = 300  # attentes : 300 essais espacés de 0,1 s au plus
BASE = "binome"


def _binaires() -> Path | None:
    candidats = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda chemin: int(chemin.parent.name) if chemin.parent.name.isdigit() else 0,
    )
    requis = ("initdb", "pg_ctl", "pg_basebackup")
    candidats = [c for c in candidats if all((c / nom).is_file() for nom in requis)]
    return candidats[-1] if candidats else None


def _en_ci() -> bool:
    return bool(os.environ.get("CI"))


def _port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Grappes:
    """Un primaire et un réplica dans ``dossier`` ; ``arreter()`` est sûr à tout moment."""

    def __init__(self, binaires: Path, dossier: Path):
        self.binaires = binaires
        self.dossier = dossier
        self.en_root = os.geteuid() == 0
        self.demarrees: list[Path] = []
        self.port_primaire = self.port_replica = 0

    def _lancer(self, *argv: str) -> None:
        commande = [str(self.binaires / argv[0]), *argv[1:]]
        if self.en_root:
            commande = ["su", "postgres", "-c", shlex.join(commande)]
        sortie = subprocess.run(commande, capture_output=True, text=True, timeout=120, cwd=self.dossier)
        if sortie.returncode != 0:
            raise RuntimeError(f"{' '.join(argv[:2])} : {sortie.stdout}\n{sortie.stderr}\n{self._journaux()}")

    def _journaux(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in self.dossier.glob("*.log"))

    def _demarrer(self, donnees: Path) -> int:
        """Démarre la grappe sur un port libre ; un autre port si celui-ci a été pris entre-temps (trois essais)."""
        for essai in range(3):
            port = _port_libre()
            options = f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.dossier}"
            try:
                self._lancer("pg_ctl", "-D", str(donnees), "-l", str(self.dossier / f"{donnees.name}.log"),
                             "-o", options, "-w", "-t", "60", "start")  # fmt: skip
            except RuntimeError:
                if essai == 2:
                    raise
                continue
            self.demarrees.append(donnees)
            return port
        raise AssertionError("inaccessible")

    def demarrer(self) -> None:
        if self.en_root:
            shutil.chown(self.dossier, user="postgres", group="postgres")
        primaire, replica = self.dossier / "primaire", self.dossier / "replica"
        self._lancer("initdb", "-D", str(primaire), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
        with open(primaire / "pg_hba.conf", "a", encoding="utf-8") as hba:
            hba.write("\nhost replication all 127.0.0.1/32 trust\n")
        with open(primaire / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\nshared_buffers = 32MB\n")
        self.port_primaire = self._demarrer(primaire)
        self._lancer("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port_primaire), "-U", "postgres",
                     "-D", str(replica), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        self.port_replica = self._demarrer(replica)
        self._attendre_le_flux()

    def url(self, port: int, base: str = BASE) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{base}"

    def sql(self, port: int, requete: str, base: str = "postgres"):
        import psycopg

        with psycopg.connect(self.url(port, base), autocommit=True) as connexion:
            curseur = connexion.execute(requete)
            return curseur.fetchall() if curseur.description else []

    def _attendre_le_flux(self) -> None:
        for _essai in range(ESSAIS):
            with contextlib.suppress(Exception):
                if self.sql(self.port_primaire, "SELECT state FROM pg_stat_replication") == [("streaming",)]:
                    if self.sql(self.port_replica, "SELECT pg_is_in_recovery()") == [(True,)]:
                        return
            time.sleep(0.1)
        raise RuntimeError(f"le réplica ne suit pas le primaire en flux\n{self._journaux()}")

    def arreter(self) -> None:
        for donnees in reversed(self.demarrees):
            with contextlib.suppress(Exception):
                self._lancer("pg_ctl", "-D", str(donnees), "-m", "immediate", "-w", "-t", "60", "stop")
        self.demarrees.clear()


@pytest.fixture
def grappes():
    binaires = _binaires()
    if binaires is None:
        if _en_ci():
            pytest.fail("Binaires PostgreSQL absents (/usr/lib/postgresql/*/bin) alors que CI est posée.")
        pytest.skip("AVIS : binaires PostgreSQL absents (/usr/lib/postgresql/*/bin) — test du réplica ignoré")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            if _en_ci():
                pytest.fail("Utilisateur « postgres » absent : initdb refuse de tourner en root.")
            pytest.skip("AVIS : utilisateur « postgres » absent — test du réplica ignoré")
    # En root, /tmp plutôt que TMPDIR : l'utilisateur postgres doit pouvoir traverser les dossiers parents.
    dossier = Path(tempfile.mkdtemp(prefix="binome-replica-", dir="/tmp" if os.geteuid() == 0 else None))
    lot = Grappes(binaires, dossier)
    try:
        lot.demarrer()
        lot.sql(lot.port_primaire, f"CREATE DATABASE {BASE}")
        yield lot
    finally:
        lot.arreter()
        shutil.rmtree(dossier, ignore_errors=True)


def _environnement(**variables: str) -> dict:
    prefixes = ("DATABASE", "JOURNAL_DATABASE", "DB_", "DJANGO_SETTINGS_MODULE", "TASKS_BACKEND")
    env = {cle: valeur for cle, valeur in os.environ.items() if not cle.startswith(prefixes)}
    return {**env, "DJANGO_SETTINGS_MODULE": "binome.settings", "DEBUG": "1", **variables}


def _django(script: str, env: dict) -> dict:
    sortie = subprocess.run(
        [sys.executable, "-c", script], cwd=RACINE, env=env, capture_output=True, text=True, timeout=600
    )
    assert sortie.returncode == 0, sortie.stderr[-5000:]
    return json.loads(sortie.stdout.strip().splitlines()[-1])


# Le script lancé dans Django : chaque entrée dit (port, en réplication ?) du serveur qui a répondu à la requête.
SCRIPT = """
import json, time
import django
django.setup()
from django.core.management import call_command
from django.db import connections
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from binome.core.routeur import lecture_sur_replica
from binome.territoires.models import Departement, Region

ESSAIS = %(essais)d

def serveur(code):
    ligne = (
        Departement.objects.filter(code=code)
        .annotate(port=RawSQL("inet_server_port()", []), recuperation=RawSQL("pg_is_in_recovery()", []))
        .values("port", "recuperation")
        .first()
    )
    return None if ligne is None else [ligne["port"], ligne["recuperation"]]

def lsn_du_primaire():
    with connections["default"].cursor() as curseur:
        curseur.execute("SELECT pg_current_wal_lsn()::text")
        return curseur.fetchone()[0]

def attendre_le_rattrapage(lsn):
    for essai in range(ESSAIS):
        with connections["replica"].cursor() as curseur:
            curseur.execute("SELECT pg_last_wal_replay_lsn() >= %%s::pg_lsn", [lsn])
            if curseur.fetchone()[0]:
                return essai
        time.sleep(0.1)
    raise SystemExit("le réplica n'a pas rattrapé le primaire")

r = {}
region = Region.objects.create(code="97", nom="Région d'essai")
Departement.objects.create(code="971", nom="Premier", region=region)
r["ecriture_hors_bloc"] = serveur("971")
attendre_le_rattrapage(lsn_du_primaire())
with lecture_sur_replica():
    r["lecture_dans_le_bloc"] = serveur("971")
    lu = Departement.objects.get(code="971")
    r["objet_lu_sur"] = lu._state.db
    lu.nom = "Premier modifié"
    lu.save()  # un objet lu sur le réplica s'enregistre sur le primaire
    r["lecture_apres_ecriture"] = serveur("971")
    r["nom_lu_apres_ecriture"] = Departement.objects.get(code="971").nom
r["lecture_hors_bloc"] = serveur("971")
with lecture_sur_replica():
    Departement.objects.create(code="972", nom="Second", region=region)
    r["lire_ses_ecritures"] = serveur("972")
lsn = lsn_du_primaire()
r["essais_de_rattrapage"] = attendre_le_rattrapage(lsn)
with lecture_sur_replica():
    r["ecriture_lue_sur_le_replica"] = serveur("972")
    r["nom_sur_le_replica"] = Departement.objects.get(code="971").nom

# La commande « stats » du pilotage : toutes ses lectures sur le réplica, aucune sur le primaire.
def captures():
    return CaptureQueriesContext(connections["default"]), CaptureQueriesContext(connections["replica"])

primaire, replica = captures()
with primaire, replica:
    call_command("stats", departement="971", du="2026-01-01", au="2026-12-31", stdout=open("/dev/null", "w"))
r["stats"] = [len(primaire.captured_queries), len(replica.captured_queries)]

# Une vue du pilotage (export national) : indicateurs lus sur le réplica, journal des accès écrit au primaire.
from django.contrib.auth import get_user_model
from django.test import Client
from binome.confiance.models import EntreeJournal
admin = get_user_model().objects.create_superuser("admin@exemple.gouv.fr", "un-mot-de-passe-long", prenom="A", nom="B")
client = Client()
client.force_login(admin)
attendre_le_rattrapage(lsn_du_primaire())
avant = EntreeJournal.objects.count()
primaire, replica = captures()
with primaire, replica:
    reponse = client.get("/pilotage/national/export.csv?du=2026-01-01&au=2026-06-30")
r["export"] = {
    "statut": reponse.status_code,
    "sur_le_replica": len(replica.captured_queries),
    "parcours_lus_sur_le_primaire": sum("accompagnement_parcours" in q["sql"] for q in primaire.captured_queries),
    "journal": EntreeJournal.objects.count() - avant,
}
r["reserve"] = type(connections["default"].pool).__name__ if connections["default"].pool else None
print(json.dumps(r))
"""


SCRIPT_SANS_REPLICA = """
import json, django
django.setup()
from django.conf import settings
from django.db.models.expressions import RawSQL
from binome.core.routeur import lecture_sur_replica
from binome.territoires.models import Departement
with lecture_sur_replica():
    port = Departement.objects.annotate(p=RawSQL("inet_server_port()", [])).values_list("p", flat=True).first()
print(json.dumps({"port": port, "bases": sorted(settings.DATABASES), "routeurs": settings.DATABASE_ROUTERS}))
"""


def test_routage_entre_le_primaire_et_le_replica(grappes):
    """Un seul test (un seul worker pytest-xdist démarre les grappes et migre) ; chaque assertion dit sa règle."""
    env = _environnement(
        DATABASE_URL=grappes.url(grappes.port_primaire),
        DATABASE_REPLICA_URL=grappes.url(grappes.port_replica),
        DB_RESERVE_TAILLE="2",
        DOUBLE_FACTEUR_OBLIGATOIRE="0",
    )
    migration = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert migration.returncode == 0, migration.stderr[-5000:]
    r = _django(SCRIPT % {"essais": ESSAIS}, env)
    primaire, replica = [grappes.port_primaire, False], [grappes.port_replica, True]
    assert grappes.port_primaire != grappes.port_replica

    # Écritures, et lectures hors du bloc : le primaire (à travers la réserve de connexions psycopg).
    assert r["ecriture_hors_bloc"] == primaire
    assert r["lecture_hors_bloc"] == primaire
    assert r["reserve"] == "ConnectionPool"
    # Lectures sous lecture_sur_replica() : le réplica (serveur en récupération).
    assert r["lecture_dans_le_bloc"] == replica
    assert r["objet_lu_sur"] == "replica"
    # Lire ses écritures : après une écriture, le bloc relit le primaire, sans attendre le réplica.
    assert r["lecture_apres_ecriture"] == primaire
    assert r["nom_lu_apres_ecriture"] == "Premier modifié"
    assert r["lire_ses_ecritures"] == primaire
    # Une écriture du primaire est lue sur le réplica une fois rejouée (pg_last_wal_replay_lsn() >= lsn).
    assert r["ecriture_lue_sur_le_replica"] == replica
    assert r["nom_sur_le_replica"] == "Premier modifié"
    assert 0 <= r["essais_de_rattrapage"] < ESSAIS
    # La commande « stats » du pilotage : toutes ses lectures sur le réplica, aucune sur le primaire.
    sur_le_primaire, sur_le_replica = r["stats"]
    assert sur_le_primaire == 0 and sur_le_replica > 5
    # Une vue du pilotage (export national CSV) : ses lectures sur le réplica, l'écriture du journal au primaire
    # (elle ne ramène pas les lectures suivantes au primaire).
    assert r["export"]["statut"] == 200
    assert r["export"]["sur_le_replica"] > 5 and r["export"]["parcours_lus_sur_le_primaire"] == 0
    assert r["export"]["journal"] == 1

    # Sans DATABASE_REPLICA_URL, rien ne change : le bloc lit le primaire, aucun routeur n'est déclaré.
    sans = _django(SCRIPT_SANS_REPLICA, _environnement(DATABASE_URL=grappes.url(grappes.port_primaire)))
    assert sans == {"port": grappes.port_primaire, "bases": ["default"], "routeurs": []}
