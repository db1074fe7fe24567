"""Réglages « Échelle » (``binome/settings.py``) construits depuis l'environnement, dans un sous-processus : réplica,
composition des routeurs avec celui du journal, réserve de connexions psycopg 3 (``OPTIONS["pool"]``)."""

import json
import os
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).resolve().parents[2]
PRIMAIRE = "postgres://binome:secret@primaire.exemple:5432/binome"
REPLICA = "postgres://binome:secret@replica.exemple:5432/binome"
JOURNAL = "postgres://journal:secret@journal.exemple:5432/journal"

SCRIPT = """
import json, django
from django.conf import settings
django.setup()
from django.db import connections
reserves = {}
for alias in settings.DATABASES:
    reserve = connections[alias].pool if settings.DATABASES[alias]["ENGINE"].endswith("postgresql") else None
    reserves[alias] = None if reserve is None else [type(reserve).__name__, reserve.min_size, reserve.max_size]
print(json.dumps({
    "bases": {alias: {"hote": b["HOST"], "age": b["CONN_MAX_AGE"], "options": b.get("OPTIONS", {}),
                      "test": b.get("TEST", {})} for alias, b in settings.DATABASES.items()},
    "routeurs": settings.DATABASE_ROUTERS,
    "reserves": reserves,
    "session": [settings.SESSION_COOKIE_AGE, settings.SESSION_PROLONGATION_SECONDES,
                getattr(settings, "SESSION_SAVE_EVERY_REQUEST", False)],
}))
"""


def _reglages(**variables) -> dict:
    environnement = {
        cle: valeur
        for cle, valeur in os.environ.items()
        if not cle.startswith(("DATABASE", "JOURNAL_DATABASE", "DB_", "SESSION_"))
    }
    environnement.update(DJANGO_SETTINGS_MODULE="binome.settings", DEBUG="1", **variables)
    sortie = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=RACINE, env=environnement, capture_output=True, text=True, check=True
    )
    return json.loads(sortie.stdout)


def test_sans_replica_ni_reserve_rien_ne_change():
    reglages = _reglages(DATABASE_URL=PRIMAIRE)
    assert list(reglages["bases"]) == ["default"]
    assert reglages["routeurs"] == []
    assert reglages["bases"]["default"]["age"] == 60 and "pool" not in reglages["bases"]["default"]["options"]
    assert reglages["reserves"] == {"default": None}
    assert reglages["session"] == [1800, 180, False]


def test_replica_et_journal_composent_les_deux_routeurs():
    reglages = _reglages(DATABASE_URL=PRIMAIRE, DATABASE_REPLICA_URL=REPLICA, JOURNAL_DATABASE_URL=JOURNAL)
    assert reglages["routeurs"] == ["binome.confiance.routeur.RouteurJournal", "binome.core.routeur.RouteurReplica"]
    assert reglages["bases"]["replica"]["hote"] == "replica.exemple"
    assert reglages["bases"]["replica"]["test"]["MIRROR"] == "default"
    assert _reglages(DATABASE_URL=PRIMAIRE, DATABASE_REPLICA_URL=REPLICA)["routeurs"] == [
        "binome.core.routeur.RouteurReplica"
    ]


def test_la_reserve_de_connexions_se_construit_sur_chaque_base_postgresql():
    reglages = _reglages(
        DATABASE_URL=PRIMAIRE, DATABASE_REPLICA_URL=REPLICA, DB_RESERVE_TAILLE="6", DB_RESERVE_MIN="2"
    )
    for alias in ("default", "replica"):
        base = reglages["bases"][alias]
        assert base["age"] == 0, "la réserve de Django exige CONN_MAX_AGE = 0"
        assert base["options"]["pool"] == {"min_size": 2, "max_size": 6, "timeout": 10}
        assert reglages["reserves"][alias] == ["ConnectionPool", 2, 6]


def test_la_reserve_ignore_sqlite():
    reglages = _reglages(DATABASE_URL="sqlite:///:memory:", DB_RESERVE_TAILLE="4")
    assert "pool" not in reglages["bases"]["default"]["options"]
    assert reglages["bases"]["default"]["age"] == 0
