"""Le périmètre du dossier, un seul mécanisme pour toutes les routes de l'API v1 (``binome.api.perimetre``) :
chaque paramètre de chemin de ``VERIFICATIONS`` est vérifié dès l'authentification, avant le corps. Une valeur
non entière est une erreur de validation (422), un entier hors des bornes d'une clé primaire ou un dossier hors
du périmètre répond 404 — jamais 500, jamais une erreur de validation qui confirmerait que le dossier existe."""

import re

import pytest

from binome.api.perimetre import VERIFICATIONS
from tests.accompagnement import factories as fa
from tests.api.outils import client_jeton_de

pytestmark = pytest.mark.django_db

PARAMETRE = re.compile(r"\{(\w+)\}")


def _operations_de_dossier(client):
    """(méthode, chemin) de chaque opération dont un paramètre de chemin est vérifié par le périmètre."""
    document = client.get("/api/v1/openapi.json").json()
    operations = [
        (methode, chemin)
        for chemin, par_methode in document["paths"].items()
        for methode in par_methode
        if set(PARAMETRE.findall(chemin)) & set(VERIFICATIONS)
    ]
    return operations


def _appeler(client, methode, url):
    if methode == "get":
        return client.get(url)
    # Corps illisible : le périmètre doit répondre avant qu'on en parle.
    return getattr(client, methode)(url, "pas du json", content_type="application/json")


def test_chaque_parametre_verifie_sert_a_une_route(personas):
    operations = _operations_de_dossier(client_jeton_de(personas, personas.conseiller))
    vus = {nom for _methode, chemin in operations for nom in PARAMETRE.findall(chemin)}
    # Les paramètres des routes des personnes et parcours comme ceux du contenu (plans, rendez-vous…).
    assert set(VERIFICATIONS) <= vus
    assert len(operations) >= 30


def test_valeur_non_entiere_422_et_hors_bornes_404(personas):
    operations = _operations_de_dossier(client_jeton_de(personas, personas.conseiller))
    defauts = []
    for methode, chemin in operations:
        client = client_jeton_de(personas, personas.conseiller)
        for valeur, attendu in (("null,null", 422), ("abc", 422), ("0", 404), (str(2**63), 404), ("9" * 30, 404)):
            url = PARAMETRE.sub(lambda m, v=valeur: v if m.group(1) in VERIFICATIONS else "1", chemin)
            reponse = _appeler(client, methode, url)
            if methode == "get" or attendu == 404:
                if reponse.status_code != attendu:
                    defauts.append(f"{methode.upper()} {url} : {reponse.status_code} au lieu de {attendu}")
            elif reponse.status_code not in (400, 422):
                defauts.append(f"{methode.upper()} {url} : {reponse.status_code} au lieu d'une erreur de requête")
            if reponse.status_code >= 400:
                assert reponse["Content-Type"].startswith("application/problem+json"), url
    assert not defauts, "\n".join(defauts)


def test_dossier_hors_perimetre_404_avant_le_corps(personas):
    """Un parcours du Cantal, vu du Calvados : 404 sur chaque route qui le désigne, corps illisible ou non."""
    parcours = fa.parcours_du_binome(personas)
    valeurs = {"parcours_id": parcours.pk, "parcours_pk": parcours.pk, "personne_id": parcours.personne_id}
    operations = [
        (m, c)
        for m, c in _operations_de_dossier(client_jeton_de(personas, personas.conseiller))
        if set(PARAMETRE.findall(c)) & set(valeurs)
    ]
    assert any("{parcours_id}" in c for _m, c in operations) and any("{parcours_pk}" in c for _m, c in operations)
    defauts = []
    for methode, chemin in operations:
        client = client_jeton_de(personas, personas.conseiller_calvados)
        url = PARAMETRE.sub(lambda m: str(valeurs.get(m.group(1), 1)), chemin)
        reponse = _appeler(client, methode, url)
        if reponse.status_code != 404:
            defauts.append(f"{methode.upper()} {chemin} : {reponse.status_code}")
    assert not defauts, "\n".join(defauts)
    # Le même parcours, vu de son conseiller : la route répond autre chose que 404 (le test peut échouer).
    fiche = client_jeton_de(personas, personas.conseiller).get(f"/api/v1/parcours/{parcours.pk}")
    assert fiche.status_code == 200
