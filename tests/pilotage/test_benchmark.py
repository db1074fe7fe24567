"""``manage.py benchmark_stats`` sur un petit volume, dans la base de test (``--base-courante``)."""

from io import StringIO

import pytest
from django.core.management import call_command

from binome.accompagnement.models import Contact, Parcours, Personne
from binome.comptes.models import Utilisateur
from binome.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_benchmark_petit_volume(personas, tmp_path):
    import json

    avant = (
        Parcours.objects.count(),
        Personne.objects.count(),
        Organisation.objects.count(),
        Utilisateur.objects.count(),
    )
    sortie = StringIO()
    chemin = tmp_path / "benchmark.json"
    call_command(
        "benchmark_stats",
        "--base-courante",
        "--parcours",
        "200",
        "--repetitions",
        "2",
        "--repetitions-pages",
        "2",
        "--json",
        str(chemin),
        "--sans-progression",
        stdout=sortie,
    )
    texte = sortie.getvalue()
    # En tête : la base mesurée (moteur, version, hôte), celle des tests ici (issue 17).
    from binome.core.benchmark import base_mesuree

    assert texte.splitlines()[0] == base_mesuree()
    assert "200 parcours en base" in texte
    for libelle in ("stats --format json, Cantal (15)", "tableau de bord complet, Cantal (15)", "France entière"):
        assert libelle in texte
    # benchmark.json : le volume, puis une mesure par fonction et par page, chacune avec p50, p95, plancher et ratio.
    document = json.loads(chemin.read_text(encoding="utf-8"))
    section = document["sections"]["benchmark_stats"]
    assert section["base"] == base_mesuree()
    volume = section["volume"]
    assert volume["parcours"] == 200 + avant[0] and volume["parcours_demandes"] == 200
    assert volume["contacts"] >= 200 * 7  # ~15 contacts par parcours (de 7 à 22)
    assert 0 < volume["parcours_actifs"] < 200
    assert volume["lignes_par_s"] > 0 and "generation_s" in volume
    pages = [m for m in section["mesures"] if m["genre"] == "page"]
    fonctions = [m for m in section["mesures"] if m["genre"] == "fonction"]
    assert len(fonctions) == 6
    # Portefeuille, fiche, contacts, recherche ; les deux tableaux de bord ; accueil et profil (coût fixe d'une page).
    attendus = ["petite_page"] * 4 + ["tableau_departement", "tableau_national"] + ["petite_page"] * 2
    assert [p["objectif"] for p in pages] == attendus
    for mesure in section["mesures"]:
        assert mesure["temps"]["n"] == 2 and mesure["plancher_sql"]["n"] == 2
        assert mesure["plancher_sql"]["requetes"] > 0
        assert (
            0 <= mesure["temps"]["min"] <= mesure["temps"]["p50"] <= mesure["temps"]["p95"] <= mesure["temps"]["max"]
        )
        assert mesure["libelle"][:40] in texte
    # Les exports FSE+ de l'agence (CSV, XLSX), lus jusqu'au bout : lignes comptées, ratio au SQL, lignes/s.
    exports = {m["objectif"]: m for m in section["mesures"] if m["genre"] == "export"}
    assert set(exports) == {"export_csv", "export_xlsx"}
    assert exports["export_csv"]["lignes"] == exports["export_xlsx"]["lignes"] > 0
    assert exports["export_xlsx"]["lignes_par_s"] > 0 and exports["export_csv"]["ratio"] > 0
    # Le tableau des objectifs nomme chaque page mesurée.
    objectifs = texte[texte.index("Objectifs de l'issue 17") :]
    for page in [*pages, *exports.values()]:
        assert page["libelle"][:40] in objectifs
    # Les données générées (et les comptes de mesure) sont supprimées à la fin.
    apres = (
        Parcours.objects.count(),
        Personne.objects.count(),
        Organisation.objects.count(),
        Utilisateur.objects.count(),
    )
    assert apres == avant
    assert not Contact.objects.filter(parcours__personne__identifiant_ft__startswith="BENCH-").exists()


def test_benchmark_garder(personas, tmp_path):
    call_command(
        "benchmark_stats",
        "--base-courante",
        "--parcours",
        "50",
        "--repetitions",
        "1",
        "--sans-progression",
        "--garder",
        "--sans-pages",
        "--json",
        str(tmp_path / "benchmark.json"),
        stdout=StringIO(),
    )
    generes = Parcours.objects.filter(personne__identifiant_ft__startswith="BENCH-")
    assert generes.count() == 50
    assert generes.filter(departement__in=["14", "15"]).count() == 50
    # Les lignes générées respectent les contraintes du modèle : sortie ⇔ état « sorti » avec motif.
    for p in generes:
        assert (p.etat == "SORTI") == (p.date_sortie is not None) == bool(p.motif_sortie)


def test_benchmark_exports_seulement(personas, tmp_path):
    """``--exports-seulement`` : les deux exports FSE+ de l'agence, sans les fonctions ni les pages."""
    import json

    chemin = tmp_path / "benchmark.json"
    arguments = ["--base-courante", "--parcours", "200", "--repetitions-pages", "2", "--sans-progression"]
    call_command("benchmark_stats", *arguments, "--exports-seulement", "--json", str(chemin), stdout=StringIO())
    mesures = json.loads(chemin.read_text(encoding="utf-8"))["sections"]["benchmark_stats"]["mesures"]
    assert [(m["genre"], m["objectif"]) for m in mesures] == [("export", "export_csv"), ("export", "export_xlsx")]
    assert mesures[0]["lignes"] == mesures[1]["lignes"] > 0


def test_charge_mesure_le_tableau_de_bord_sur_ses_agregats(personas):
    """Le tableau de bord du test de charge (période par défaut) est lu dans les agrégats, comme en service après la
    tâche de nuit : ``_preparer`` les rafraîchit pour cette période-là (sans eux, le repli en calcul direct)."""
    from django.utils import timezone

    from binome.pilotage.forms import periode_par_defaut
    from binome.pilotage.management.commands.benchmark_charge import Command
    from binome.pilotage.models import AgregatTableau

    commande = Command(stdout=StringIO())
    options = {
        "reutiliser": False,
        "parcours": 30,
        "prereglage": "petit",
        "graine": 1,
        "contacts_par_parcours": 2,
        "sans_progression": True,
    }
    commande._preparer(options)
    du, au = periode_par_defaut(timezone.localdate())
    assert AgregatTableau.objects.filter(territoire="", du=du, au=au).exists()
    assert AgregatTableau.objects.filter(territoire="15", du=du, au=au).exists()
