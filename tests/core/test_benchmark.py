import pytest

from binome.core.benchmark import arguments_transmis


def test_arguments_transmis_au_sous_processus():
    options = {"services": 300, "graine": 7, "garder": True, "sans_progression": False}
    assert arguments_transmis(options, ["services", "graine"], ["garder", "sans_progression"]) == [
        "--services",
        "300",
        "--graine",
        "7",
        "--garder",
    ]


# --- Issue 17 : make benchmark mesure la base que nomme DATABASE_URL, et le dit ------------------------------------


def _make_benchmark_a_blanc(**variables) -> list[str]:
    """Les commandes que lancerait ``make benchmark`` (``make -n``), avec ces variables d'environnement."""
    import os
    import subprocess
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2]
    exclues = {"DATABASE_URL", "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "BENCHMARK_ARGS_STATS", "BENCHMARK_ARGS_RESSOURCES"}
    env = {cle: valeur for cle, valeur in os.environ.items() if cle not in exclues}
    sortie = subprocess.run(
        ["make", "-n", "benchmark"], cwd=racine, env={**env, **variables}, capture_output=True, text=True, check=True
    )
    return [ligne for ligne in sortie.stdout.splitlines() if "manage.py benchmark_" in ligne]


def test_make_benchmark_honore_database_url():
    url = "postgres://binome:secret@10.0.0.5:5432/binome_mesure"
    commandes = _make_benchmark_a_blanc(DATABASE_URL=url)
    assert len(commandes) == 2
    for commande in commandes:
        assert f"--base-dediee '{url}'" in commande
    assert all("--base-dediee" not in commande for commande in _make_benchmark_a_blanc())
    petites = _make_benchmark_a_blanc(BENCHMARK_ARGS_STATS="--parcours 2000")
    assert petites[1].endswith("benchmark_stats  --parcours 2000")


@pytest.mark.django_db
def test_l_en_tete_dit_le_moteur_la_version_et_l_hote():
    from django.db import connection

    from binome.core.benchmark import base_mesuree

    entete = base_mesuree()
    with connection.cursor() as curseur:
        if connection.vendor == "postgresql":
            curseur.execute("SHOW server_version")
            attendu = f"Base mesurée : PostgreSQL {curseur.fetchone()[0].split()[0]}, hôte "
        else:
            curseur.execute("SELECT sqlite_version()")
            attendu = f"Base mesurée : SQLite {curseur.fetchone()[0]}, hôte "
    assert entete.startswith(attendu)
    assert str(connection.settings_dict["NAME"]) in entete
    assert "secret" not in entete and "@" not in entete
