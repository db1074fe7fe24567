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
    exclues |= {"BENCHMARK_PREREGLAGE", "BENCHMARK_ARGS_IMPORT"}
    env = {cle: valeur for cle, valeur in os.environ.items() if cle not in exclues}
    sortie = subprocess.run(
        ["make", "-n", "benchmark"], cwd=racine, env={**env, **variables}, capture_output=True, text=True, check=True
    )
    return [ligne for ligne in sortie.stdout.splitlines() if "manage.py benchmark_" in ligne]


def test_make_benchmark_honore_database_url():
    url = "postgres://binome:secret@10.0.0.5:5432/binome_mesure"
    commandes = _make_benchmark_a_blanc(DATABASE_URL=url)
    assert len(commandes) == 3  # ressources, stats, import
    for commande in commandes:
        assert f"--base-dediee '{url}'" in commande
    assert all("--base-dediee" not in commande for commande in _make_benchmark_a_blanc())
    petites = _make_benchmark_a_blanc(BENCHMARK_ARGS_STATS="--parcours 2000")
    assert petites[1].endswith("benchmark_stats  --prereglage national --parcours 2000")
    moyennes = _make_benchmark_a_blanc(BENCHMARK_PREREGLAGE="moyen")
    assert all("--prereglage moyen" in commande for commande in moyennes)


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


# --- Issue 17 : percentiles, plancher SQL, pages, benchmark.json, objectifs, test de charge -------------------------


def test_percentile_par_interpolation():
    from binome.core.benchmark import percentile, resume

    assert percentile([4, 1, 3, 2], 50) == 2.5
    assert percentile(range(1, 101), 95) == pytest.approx(95.05)
    assert percentile([7.0], 95) == 7.0
    assert percentile([1, 2, 3, 4, 100], 100) == 100
    with pytest.raises(ValueError):
        percentile([], 50)
    assert resume([5, 1, 3]) == {"n": 3, "p50": 3, "p95": 4.8, "min": 1, "max": 5}


@pytest.mark.django_db
def test_plancher_rejoue_les_requetes_capturees_et_annule_les_ecritures():
    from binome.core.benchmark import capturer_sql, plancher_sql
    from binome.territoires.models import Region

    Region.objects.create(code="99", nom="Région mesurée")
    requetes = capturer_sql(lambda: (list(Region.objects.filter(code="99")), Region.objects.count()))
    assert len(requetes) == 2
    assert all(r.lstrip().upper().startswith("SELECT") for r in requetes)
    assert "'99'" in requetes[0]  # le texte rejouable, paramètres compris
    plancher = plancher_sql(requetes, 3)
    assert plancher["requetes"] == 2 and plancher["n"] == 3 and plancher["ecritures_refusees"] == 0
    assert 0 <= plancher["min"] <= plancher["p50"] <= plancher["p95"] <= plancher["max"]
    # Une écriture rejouée est annulée ; une écriture refusée (clé en double) est comptée, sans interrompre le rejeu.
    creation = capturer_sql(lambda: Region.objects.create(code="98", nom="Autre"))
    Region.objects.filter(code="98").update(nom="Autre, modifiée")
    doublon = plancher_sql([*creation, *requetes], 2)
    assert doublon["ecritures_refusees"] == 1 and doublon["requetes"] == 3
    insertion = [sql.replace("'98'", "'97'") for sql in creation]
    plancher_sql(insertion, 2)
    assert not Region.objects.filter(code="97").exists()


@pytest.mark.django_db
def test_mesure_d_une_page_par_le_client_de_test(personas):
    from django.urls import reverse

    from binome.core.benchmark import PETITE_PAGE, client_connecte, mesurer_page, tableau_lisible

    client = client_connecte(personas.conseiller)
    mesure = mesurer_page(
        client,
        reverse("accompagnement:portefeuille") + "?q=x",
        libelle="portefeuille",
        repetitions=3,
        objectif=PETITE_PAGE,
    )
    assert mesure["genre"] == "page" and mesure["url"] == reverse("accompagnement:portefeuille")
    assert mesure["temps"]["n"] == 3 and mesure["plancher_sql"]["n"] == 3
    assert mesure["plancher_sql"]["requetes"] > 0
    assert mesure["ratio"] == round(mesure["temps"]["p50"] / mesure["plancher_sql"]["p50"], 1)
    texte = tableau_lisible([mesure])
    assert texte.splitlines()[0].split()[-5:] == ["p95", "SQL", "p50", "req.", "ratio"]
    assert texte.splitlines()[1].startswith("  portefeuille ")


def test_une_page_en_erreur_arrete_la_mesure(db, personas):
    from django.core.management.base import CommandError

    from binome.core.benchmark import client_connecte, mesurer_page

    with pytest.raises(CommandError, match="réponse 403"):
        mesurer_page(client_connecte(personas.partenaire), "/pilotage/national/", libelle="x", repetitions=1)


def _document(**charge):
    mesure = {
        "libelle": "page fiche",
        "objectif": "petite_page",
        "temps": {"p50": 20.0, "p95": 30.0},
        "plancher_sql": {"p50": 2.0},
    }
    annuaire = {"libelle": "annuaire", "objectif": "annuaire", "temps": {"p50": 20.0, "p95": 40.0}, "plancher_sql": {}}
    sections = {"benchmark_stats": {"mesures": [mesure]}, "benchmark_ressources": {"mesures": [annuaire]}}
    if charge:
        sections["benchmark_charge"] = charge
    return {"base": "Base mesurée : PostgreSQL 15", "sections": sections}


def test_objectifs_valeur_objectif_ecart():
    from binome.core.benchmark import objectifs, tableau_objectifs

    charge = {"clients": 50, "duree_s": 60, "requetes_par_s": 34.0, "erreurs": 0, "p95_ms": 250.0}
    lignes = objectifs(_document(**charge))
    fiche, annuaire, bilan, debit, erreurs, p95 = lignes[:6]
    assert fiche["objectif"] == "p50 ≤ 3 × 2.0 + 10 = 16.0 ms" and fiche["atteint"] is False
    assert fiche["seuil_ms"] == 16.0
    assert bilan["mesure"] == "Petites pages : 0 atteintes sur 1" and bilan["atteint"] is False
    assert bilan["valeur"] == "pire : 1.2× seuil" and bilan["ecart"] == "page fiche"
    assert fiche["ecart"] == "+4.0 ms (1.2×)"
    assert annuaire["valeur"] == "p95 40.0 ms" and annuaire["atteint"] is True
    assert (debit["atteint"], erreurs["atteint"], p95["atteint"]) == (False, True, False)
    assert debit["ecart"] == "-116.0 req/s"
    assert [ligne["atteint"] for ligne in lignes[6:]] == [None, None, None]  # hors de make benchmark
    assert len(objectifs(_document())) == 6  # sans test de charge : pas de ligne de charge
    texte = tableau_objectifs(_document(**charge))
    assert "PostgreSQL 15" in texte.splitlines()[0] and texte.count(" NON") == 4


def test_benchmark_json_garde_les_sections_et_decrit_la_machine(db, tmp_path):
    import json

    from binome.core.benchmark import base_mesuree, ecrire_json

    chemin = tmp_path / "benchmark.json"
    ecrire_json("benchmark_ressources", {"mesures": []}, chemin=str(chemin))
    document = ecrire_json("benchmark_stats", {"volume": {"parcours": 3}, "mesures": []}, chemin=str(chemin))
    assert json.loads(chemin.read_text(encoding="utf-8")) == document
    assert set(document["sections"]) == {"benchmark_ressources", "benchmark_stats"}
    assert document["sections"]["benchmark_stats"] == {
        "base": base_mesuree(),
        "volume": {"parcours": 3},
        "mesures": [],
    }
    assert document["base"] == base_mesuree()
    machine = document["machine"]
    assert set(machine) == {"coeurs", "memoire_mio", "hote", "systeme", "python", "date"}
    assert machine["coeurs"] >= 1 and machine["memoire_mio"] > 0 and machine["date"].endswith("+00:00")


# --- Le test de charge : sa commande seulement (il n'est pas lancé par make test) -----------------------------------


def test_commandes_du_test_de_charge():
    from binome.pilotage.management.commands import benchmark_charge as charge

    locust = charge.commande_locust(port=8123, clients=50, duree=60, prefixe_csv="/tmp/x/locust")
    assert locust[1:3] == ["-m", "locust"]
    assert locust[locust.index("-f") + 1] == str(charge.LOCUSTFILE) and charge.LOCUSTFILE.exists()
    for option, valeur in [("--users", "50"), ("--run-time", "60s"), ("--host", "http://127.0.0.1:8123")]:
        assert locust[locust.index(option) + 1] == valeur
    assert {"--headless", "--reset-stats", "--only-summary"} <= set(locust)
    assert locust[locust.index("--csv") + 1] == "/tmp/x/locust"
    gunicorn = charge.commande_gunicorn(8123, 3)
    assert gunicorn[1:3] == ["-m", "gunicorn"] and gunicorn[-1] == "binome.wsgi"
    assert gunicorn[gunicorn.index("--config") + 1].endswith("deploiement/gunicorn.conf.py")
    assert gunicorn[gunicorn.index("--bind") + 1] == "127.0.0.1:8123"
    env = charge.environnement_serveur()
    assert (env["HTTPS"], env["STATIC_MANIFESTE"]) == ("0", "0")


def test_le_plan_fournit_ce_que_lit_le_fichier_locust():
    import re

    from binome.pilotage.management.commands import benchmark_charge as charge

    lues = set(re.findall(r'PLAN\["(\w+)"\]', charge.LOCUSTFILE.read_text(encoding="utf-8")))
    assert {"comptes", "dossiers", "portefeuille", "fiche", "tableau_de_bord"} <= lues
    from types import SimpleNamespace

    from django.urls import reverse

    comptes = {
        "conseiller": SimpleNamespace(email="c@benchmark.test"),
        "pilote": SimpleNamespace(email="p@benchmark.test"),
        "dossiers": [(11, 22)],
    }
    plan = charge.Command._plan(comptes, "75")
    assert lues <= set(plan)
    assert plan["comptes"] == {"conseiller": "c@benchmark.test", "pilote": "p@benchmark.test"}
    assert plan["fiche"].format(22) == reverse("accompagnement:personne", args=[22])
    assert plan["contacts"].format(11) == reverse("accompagnement:contacts", args=[11])
    assert plan["tableau_de_bord"].startswith(reverse("pilotage:tableau_de_bord") + "?departement=75&du=")


def test_lecture_des_resultats_de_locust(tmp_path):
    from binome.pilotage.management.commands.benchmark_charge import lire_resultats

    entetes = "Type,Name,Request Count,Failure Count,Requests/s,50%,95%\n"
    lignes = (
        "GET,portefeuille,900,0,15.0,40,90\nGET,fiche personne,600,2,10.0,50,120\n,Aggregated,1500,2,25.0,45,110\n"
    )
    (tmp_path / "locust_stats.csv").write_text(entetes + lignes, encoding="utf-8")
    resultat = lire_resultats(str(tmp_path / "locust"))
    assert (resultat["requetes"], resultat["erreurs"], resultat["requetes_par_s"]) == (1500, 2, 25.0)
    assert (resultat["p50_ms"], resultat["p95_ms"]) == (45.0, 110.0)
    assert set(resultat["pages"]) == {"portefeuille", "fiche personne"}
    assert resultat["pages"]["fiche personne"]["erreurs"] == 2


def test_make_benchmark_charge_honore_database_url():
    import os
    import subprocess
    from pathlib import Path

    racine = Path(__file__).resolve().parents[2]
    env = {cle: valeur for cle, valeur in os.environ.items() if cle not in {"DATABASE_URL", "MAKEFLAGS", "MAKELEVEL"}}
    url = "postgres://postgres@127.0.0.1:5432/binome_charge"
    sortie = subprocess.run(
        ["make", "-n", "benchmark-charge", "BENCHMARK_ARGS_CHARGE=--duree 20"],
        cwd=racine,
        env={**env, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    commande = next(ligne for ligne in sortie.splitlines() if "manage.py benchmark_charge" in ligne)
    assert f"--base-dediee '{url}'" in commande and commande.endswith("--prereglage petit --duree 20")
