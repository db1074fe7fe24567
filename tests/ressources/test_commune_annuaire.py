"""Issue 13, point 7 : la commune de l'annuaire se choisit avec le sélecteur de la fiche personne (suggestions),
les communes des départements de l'utilisateur d'abord ; un nom partiel sans accent ou un code postal suffit."""

import json

import pytest
from django.urls import reverse

from tests import factories as f
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(cantal, personas):
    f.CommuneFactory(
        code_insee="14998", nom="Aurillac-sur-Orne", departement=personas.calvados.departement, code_postal="14998"
    )
    rf.service(commune_obj=cantal["aurillac"], nom="Permis à Aurillac")
    rf.service(commune_obj=personas.calvados.communes["lisieux"], nom="Permis à Lisieux")


def _recherche(client, **parametres):
    return client.get(reverse("ressources:recherche"), {"frein": "MOBILITE", **parametres})


@pytest.mark.parametrize(
    "parametres",
    [
        {"commune": "", "commune_saisie": "Aurill"},  # nom partiel, sans suggestion choisie
        {"commune": "", "commune_saisie": "aurilLAC"},
        {"commune": "", "commune_saisie": "15000"},  # code postal
        {"commune": "15014", "commune_saisie": "Aurillac (15000)"},  # suggestion choisie
        {"commune": "Aurillac"},  # lien ou API : la valeur du champ elle-même
    ],
)
def test_la_commune_de_claire_est_trouvee_sans_suggestion_choisie(personas, client_de, services, parametres):
    reponse = _recherche(client_de(personas.conseiller), **parametres)
    assert reponse.context["form"].is_valid(), reponse.context["form"].errors
    assert reponse.context["form"].cleaned_data["commune"].code_insee == "15014"
    assert [r.service.nom for r in reponse.context["page"].resultats][0] == "Permis à Aurillac"
    assert "Aurillac (15000)" in reponse.content.decode()  # réaffichée telle que reconnue


def test_le_departement_de_l_utilisateur_d_abord_puis_partout(personas, client_de, services):
    """« Aurill » désigne Aurillac pour Claire (Cantal), Aurillac-sur-Orne au Calvados ; une commune hors de ses
    départements reste accessible (une personne peut habiter le département voisin)."""
    assert (
        _recherche(client_de(personas.conseiller_calvados), commune_saisie="Aurill")
        .context["form"]
        .cleaned_data["commune"]
        .code_insee
        == "14998"
    )
    lisieux = _recherche(client_de(personas.conseiller), commune_saisie="lisieux")
    assert lisieux.context["form"].cleaned_data["commune"].code_insee == "14366"


def test_la_page_porte_le_selecteur_de_commune(personas, client_de):
    contenu = client_de(personas.conseiller).get(reverse("ressources:recherche")).content.decode()
    assert 'role="combobox"' in contenu and 'name="commune_saisie"' in contenu
    assert "binome/js/commune.js" in contenu
    valeurs = contenu.split('hx-vals="', 1)[1].split('"', 1)[0].replace("&quot;", '"')
    assert json.loads(valeurs) == {"preferes": "15"}


def test_suggestions_du_departement_prefere(personas, client_de, services):
    client = client_de(personas.conseiller)
    url = reverse("territoires:communes")
    resultats = client.get(url, {"q": "aurill", "preferes": "15", "format": "json"}).json()["resultats"]
    assert [r["code_insee"] for r in resultats] == ["15014"]
    partout = client.get(url, {"q": "aurill", "format": "json"}).json()["resultats"]
    assert {r["code_insee"] for r in partout} == {"15014", "14998"}
    ailleurs = client.get(url, {"q": "lisieux", "preferes": "15", "format": "json"}).json()["resultats"]
    assert [r["code_insee"] for r in ailleurs] == ["14366"]


def test_la_fiche_d_un_service_choisit_sa_commune_avec_le_meme_selecteur(personas, client_de, cantal):
    """Même défaut sur la fiche d'un service : commune et code INSEE étaient deux saisies libres."""
    from tests.ressources.test_maintenance import _formulaire

    structure = rf.structure(nom="Mobilité solidaire", organisation=personas.cantal.partenaire, code_insee="15187")
    service = rf.service(structure, commune_obj=cantal["saint_flour"], organisation=personas.cantal.partenaire)
    client = client_de(personas.partenaire)
    url = reverse("ressources:service_modifier", args=[service.pk])
    formulaire = client.get(url).content.decode()
    assert 'role="combobox"' in formulaire and 'value="Saint-Flour (15100)"' in formulaire
    donnees = {**_formulaire(service), "code_insee": "", "code_insee_saisie": "aurill", "code_postal": ""}
    donnees.pop("commune")
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["form"].errors
    service.refresh_from_db()
    assert (service.code_insee, service.commune, service.code_postal) == ("15014", "Aurillac", "15000")
