"""Les fichiers de référence livrés avec Binôme sont cohérents entre eux."""

import csv

from binome.territoires import referentiels

DOSSIER = referentiels.DOSSIER_DONNEES


def _lignes(nom):
    with (DOSSIER / nom).open(encoding="utf-8", newline="") as fichier:
        return list(csv.DictReader(fichier))


def test_dix_huit_regions_et_cent_un_departements():
    lignes = _lignes(referentiels.FICHIER_REGIONS_DEPARTEMENTS)
    regions = {ligne["code"] for ligne in lignes if ligne["niveau"] == "region"}
    departements = {ligne["code"] for ligne in lignes if ligne["niveau"] == "departement"}
    assert len(regions) == 18
    assert len(departements) == 101
    assert all(ligne["nom"] for ligne in lignes)
    assert {"2A", "2B", "971", "976"} <= departements


def test_chaque_departement_et_region_des_communes_a_un_nom():
    reference = _lignes(referentiels.FICHIER_REGIONS_DEPARTEMENTS)
    noms_regions = {ligne["code"]: ligne["nom"] for ligne in reference if ligne["niveau"] == "region"}
    region_du_departement = {ligne["code"]: ligne["region"] for ligne in reference if ligne["niveau"] == "departement"}
    communes = _lignes(referentiels.FICHIER_COMMUNES)
    # Les communes déléguées n'ont ni département ni région : ce sont ceux de leur parente.
    avec_territoire = [c for c in communes if c["type"] != "COMD"]
    assert len(avec_territoire) > 35_000
    departements_vus = {c["departement"] for c in avec_territoire}
    regions_vues = {c["region"] for c in avec_territoire}
    assert departements_vus <= set(region_du_departement), departements_vus - set(region_du_departement)
    assert regions_vues <= set(noms_regions), regions_vues - set(noms_regions)
    # Le rattachement département → région du fichier écrit à la main est celui des communes.
    incoherences = {
        (c["departement"], c["region"])
        for c in avec_territoire
        if region_du_departement[c["departement"]] != c["region"]
    }
    assert incoherences == set()
    # Et chaque département du fichier a au moins une commune.
    assert set(region_du_departement) == departements_vus


def test_sources_et_licences_documentees():
    sources = (DOSSIER / "SOURCES.md").read_text(encoding="utf-8")
    for attendu in ("communes.csv", "codes-postaux.csv", "regions-departements.csv", "Licence Ouverte", "MIT"):
        assert attendu in sources
