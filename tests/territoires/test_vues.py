"""Vue ``territoires:communes`` : suggestions en fragment htmx ou en JSON."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("territoires_charges")

URL = reverse("territoires:communes")
TOUS_LES_PERSONAS = [
    "conseiller",
    "travailleur_social",
    "referent_orientation",
    "encadrant",
    "encadrant_social",
    "pilote",
    "admin",
    "partenaire",
    "conseiller_calvados",
    "travailleur_social_calvados",
    "admin_calvados",
    "pilote_calvados",
    "super_admin",
]


def test_connexion_exigee(client):
    reponse = client.get(URL, {"q": "caen"})
    assert reponse.status_code == 302
    assert reponse["Location"].startswith("/connexion/")
    reponse = client.get(URL, {"q": "caen", "format": "json"})
    assert reponse.status_code == 302


@pytest.mark.parametrize("nom", TOUS_LES_PERSONAS)
def test_tout_utilisateur_connecte_consulte_les_communes(personas, client_de, nom):
    # Données publiques de référence : le Calvados trouve le Cantal et inversement.
    client = client_de(getattr(personas, nom))
    assert "Saint-Flour" in client.get(URL, {"q": "st flour"}).content.decode()
    assert "Caen" in client.get(URL, {"q": "caen"}).content.decode()


def test_post_refuse(personas, client_de):
    assert client_de(personas.conseiller).post(URL, {"q": "caen"}).status_code == 405


def test_fragment_de_suggestions(personas, client_de):
    reponse = client_de(personas.conseiller).get(URL, {"q": "st flour"}, headers={"HX-Request": "true"})
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert "<html" not in html  # un fragment, pas une page
    assert 'role="listbox"' in html
    assert html.count('role="option"') == 4
    assert 'data-code="15187"' in html
    assert 'data-libelle="Saint-Flour (15100)"' in html
    assert "15100 · Cantal (15)" in html
    assert "4 communes trouvées" in html
    assert html.index("Saint-Flour (15100)") < html.index("Anglards-de-Saint-Flour")


def test_fragment_commune_deleguee(personas, client_de):
    html = client_de(personas.conseiller).get(URL, {"q": "villotran"}).content.decode()
    assert "Villotran" in html
    assert "commune déléguée de Hauts-Talican" in html
    assert 'data-code="60694"' in html
    assert "1 commune trouvée" in html


def test_saisie_vide_etat_vide(personas, client_de):
    reponse = client_de(personas.conseiller).get(URL, {"q": ""})
    assert reponse.status_code == 200
    assert reponse.content.decode().strip() == ""
    reponse = client_de(personas.conseiller).get(URL)
    assert reponse.status_code == 200
    assert reponse.content.decode().strip() == ""


def test_aucun_resultat_message_francais(personas, client_de):
    html = client_de(personas.conseiller).get(URL, {"q": "xyzzy"}).content.decode()
    assert "Aucune commune ne correspond à « xyzzy »." in html
    assert 'role="option"' not in html


def test_saisie_echappee(personas, client_de):
    html = client_de(personas.conseiller).get(URL, {"q": '<script>"x"'}).content.decode()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("maniere", ["parametre", "entete"])
def test_json(personas, client_de, maniere):
    client = client_de(personas.conseiller_calvados)
    if maniere == "parametre":
        reponse = client.get(URL, {"q": "15100", "format": "json"})
    else:
        reponse = client.get(URL, {"q": "15100"}, headers={"Accept": "application/json"})
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json"
    donnees = reponse.json()
    assert donnees["q"] == "15100"
    premier = donnees["resultats"][0]
    assert premier == {
        "code_insee": "15187",
        "nom": "Saint-Flour",
        "type": "COM",
        "libelle": "Saint-Flour (15100)",
        "code_postal": "15100",
        "codes_postaux": ["15100"],
        "departement": {"code": "15", "nom": "Cantal"},
        "latitude": 45.02505,
        "longitude": 3.07303,
        "population": 6423,
        "commune_deleguee": None,
    }
    assert [r["nom"] for r in donnees["resultats"]] == ["Saint-Flour", "Anglards-de-Saint-Flour", "Laveissenet"]


def test_json_vide_et_commune_deleguee(personas, client_de):
    client = client_de(personas.conseiller)
    assert client.get(URL, {"format": "json"}).json() == {"q": "", "resultats": []}
    (resultat,) = client.get(URL, {"q": "villotran", "format": "json"}).json()["resultats"]
    assert (resultat["nom"], resultat["commune_deleguee"], resultat["latitude"]) == (
        "Hauts-Talican",
        "Villotran",
        None,
    )


def test_navigateur_recoit_du_html(personas, client_de):
    reponse = client_de(personas.conseiller).get(
        URL, {"q": "caen"}, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert reponse["Content-Type"].startswith("text/html")


def test_filtre_departements(personas, client_de):
    client = client_de(personas.conseiller)
    html = client.get(URL, {"q": "st flour", "departements": "15"}).content.decode()
    assert html.count('role="option"') == 2
    # Un code mal formé est ignoré, pas une erreur.
    html = client.get(URL, {"q": "caen", "departements": "x'; DROP"}).content.decode()
    assert "Caen" in html


@pytest.mark.parametrize("terme", ["s", "saint flour", "151", "15100", "villotran", "xyzzy"])
def test_nombre_de_requetes_borne(personas, client_de, django_assert_max_num_queries, terme):
    client = client_de(personas.conseiller)
    # Socle de toute requête : session, utilisateur, habilitations, enregistrement de la session (les compteurs
    # du menu sont chargés après la page : quotidien:compteurs) ; puis au plus trois requêtes de recherche.
    with django_assert_max_num_queries(9):
        assert client.get(URL, {"q": terme}).status_code == 200
    # Le JSON ajoute une requête pour les codes postaux de toutes les communes trouvées.
    with django_assert_max_num_queries(10):
        assert client.get(URL, {"q": terme, "format": "json"}).status_code == 200
