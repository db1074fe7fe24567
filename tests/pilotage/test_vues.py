"""Écrans du pilotage : accès par persona, masquage visible, nombre de requêtes, définition, accueil, navigation."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accompagnement import enums as e
from binome.pilotage.models import DefinitionSortiePositive
from tests.pilotage.jeu import _parcours, creer_jeu

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("pilotage:tableau_de_bord")
PERIODE = "du=2025-01-01&au=2025-06-30"

ONT_ACCES = ["pilote", "admin", "encadrant", "encadrant_social", "pilote_calvados", "admin_calvados"]
SANS_ACCES = [
    "conseiller",
    "travailleur_social",
    "referent_orientation",
    "partenaire",
    "conseiller_calvados",
    "travailleur_social_calvados",
]


@pytest.fixture
def jeu(personas):
    return creer_jeu(personas)


@pytest.mark.parametrize("persona", ONT_ACCES)
def test_tableau_de_bord_ouvert(personas, client_de, jeu, persona):
    reponse = client_de(getattr(personas, persona)).get(f"{URL}?{PERIODE}")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Sortie positive : EMPLOI_DURABLE, EMPLOI_TRANSITION, CREATION_ENTREPRISE, FORMATION" in contenu
    assert "Chiffres calculés le" in contenu
    assert 'role="img"' in contenu


@pytest.mark.parametrize("persona", SANS_ACCES)
def test_tableau_de_bord_ferme(personas, client_de, persona):
    assert client_de(getattr(personas, persona)).get(URL).status_code == 403


def test_le_pilote_du_calvados_ne_voit_pas_le_cantal(personas, client_de, jeu):
    client = client_de(personas.pilote_calvados)
    assert client.get(f"{URL}?departement=15&{PERIODE}").status_code == 404
    assert client.get(f"{URL}?departement=14&organisation={personas.cantal.agence.pk}").status_code == 404
    for route in ("pilotage:export_csv", "pilotage:export_xlsx"):
        assert client.get(f"{reverse(route)}?departement=15").status_code == 404
    contenu = client.get(f"{URL}?{PERIODE}").content.decode()
    assert "Calvados (14)" in contenu and "Cantal (15)" not in contenu
    assert "France Travail Saint-Flour" not in contenu


def test_perimetres_permis_et_refuses(personas, client_de, jeu):
    agence, unite = personas.cantal.agence.pk, personas.cantal.unite.pk
    claire = personas.conseiller.pk
    pilote = client_de(personas.pilote)
    assert pilote.get(f"{URL}?organisation={agence}&{PERIODE}").status_code == 200
    assert pilote.get(f"{URL}?organisation={agence}&agent={claire}").status_code == 404  # jamais le conseiller
    assert pilote.get(f"{URL}?organisation=abc").status_code == 404
    pilote.logout()
    encadrant = client_de(personas.encadrant)
    contenu = encadrant.get(f"{URL}?{PERIODE}").content.decode()
    assert "Cantal (15) › France Travail Saint-Flour" in contenu  # son agence par défaut
    assert encadrant.get(f"{URL}?organisation={unite}").status_code == 404  # pas l'unité sociale
    assert encadrant.get(f"{URL}?organisation={agence}&agent={claire}&{PERIODE}").status_code == 200
    encadrant.logout()
    admin = client_de(personas.admin)
    assert admin.get(f"{URL}?organisation={unite}&agent={personas.travailleur_social.pk}").status_code == 200
    assert admin.get(f"{URL}?organisation={unite}&agent={claire}").status_code == 404  # Claire n'est pas à la MDS


def test_descente_du_departement_au_conseiller(personas, client_de, jeu):
    admin = client_de(personas.admin)
    contenu = admin.get(f"{URL}?{PERIODE}").content.decode()
    lien = f"departement=15&amp;organisation={personas.cantal.agence.pk}&amp;modalite=GLOBAL"
    assert lien in contenu  # comparaison des agences → agence
    contenu = admin.get(f"{URL}?organisation={personas.cantal.agence.pk}&{PERIODE}").content.decode()
    assert "Comparaison des conseillers" in contenu
    assert f"agent={personas.conseiller.pk}" in contenu and "Claire Conseillère" in contenu
    # Le pilote a la comparaison des agences, mais pas celle des conseillers.
    pilote = client_de(personas.pilote)
    contenu = pilote.get(f"{URL}?organisation={personas.cantal.agence.pk}&{PERIODE}").content.decode()
    assert "Comparaison des conseillers" not in contenu and "Claire" not in contenu


def test_le_pilote_voit_moins_de_5_et_l_admin_les_valeurs(personas, client_de, jeu):
    pilote = client_de(personas.pilote).get(f"{URL}?{PERIODE}").content.decode()
    assert "&lt; 5" in pilote and "Secret statistique" in pilote
    ligne = re.search(r'id="indicateur-sorties".*?</tr>', pilote, re.S).group(0)
    assert "&lt; 5" in ligne
    admin = client_de(personas.admin).get(f"{URL}?{PERIODE}").content.decode()
    assert "&lt; 5" not in admin and "Secret statistique" not in admin
    ligne = re.search(r'id="indicateur-taux_sortie_positive".*?</tr>', admin, re.S).group(0)
    assert "75,0" in ligne and "3 sur 4" in ligne


def test_filtres_invalides(personas, client_de, jeu):
    client = client_de(personas.admin)
    reponse = client.get(f"{URL}?du=2025-06-30&au=2025-01-01")
    assert reponse.status_code == 200
    assert "La date de fin doit être postérieure ou égale à la date de début." in reponse.content.decode()
    assert client.get(f"{URL}?du=2015-01-01&au=2025-06-30").status_code == 200
    assert "ne peut pas dépasser 60 mois" in client.get(f"{URL}?du=2015-01-01&au=2025-06-30").content.decode()
    reponse = client.get(f"{reverse('pilotage:export_csv')}?du=pas-une-date")
    assert reponse.status_code == 400 and "Filtres invalides" in reponse.content.decode()


def _ajouter_parcours(personas, nombre, debut):
    for i in range(nombre):
        _parcours(
            personas,
            f"Q{debut + i}",
            D(2025, 1 + i % 6, 1 + i % 27),
            sortie=D(2025, 6, 28) if i % 3 == 0 else None,
            motif=e.MotifSortie.EMPLOI_TRANSITION if i % 3 == 0 else "",
            conseiller=personas.conseiller if i % 2 else None,
            referent=personas.travailleur_social,
        )


@pytest.mark.parametrize("persona, filtres", [("admin", ""), ("admin", "organisation={agence}"), ("pilote", "")])
def test_requetes_independantes_du_nombre_de_parcours(
    personas, client_de, django_assert_max_num_queries, persona, filtres
):
    client = client_de(getattr(personas, persona))
    url = f"{URL}?{PERIODE}&{filtres.format(agence=personas.cantal.agence.pk)}"
    _ajouter_parcours(personas, 4, 0)
    client.get(url)  # échauffement (session, caches)
    with CaptureQueriesContext(connection) as petit:
        assert client.get(url).status_code == 200
    _ajouter_parcours(personas, 40, 100)
    with django_assert_max_num_queries(len(petit)):
        reponse = client.get(url)
    assert reponse.status_code == 200


def test_definitions_consultation_et_nouvelle_version(personas, client_de):
    url = reverse("pilotage:definitions", kwargs={"code": "15"})
    admin = client_de(personas.admin)
    contenu = admin.get(url).content.decode()
    assert "Aucune version enregistrée" in contenu and "Enregistrer la nouvelle version" in contenu
    reponse = admin.post(
        url, {"codes": ["EMPLOI_DURABLE", "FORMATION"], "valable_a_partir_du": "2025-04-01", "commentaire": "Copil"}
    )
    assert reponse.status_code == 302
    version = DefinitionSortiePositive.objects.get()
    assert (version.codes, version.auteur, version.departement_id) == (
        ["EMPLOI_DURABLE", "FORMATION"],
        personas.admin,
        "15",
    )
    contenu = admin.get(url).content.decode()
    assert "01/04/2025" in contenu and "EMPLOI_DURABLE, FORMATION" in contenu and "Copil" in contenu
    # Saisie invalide : message clair, rien d'écrit.
    reponse = admin.post(url, {"valable_a_partir_du": "2025-05-01"})
    assert reponse.status_code == 200 and "Ce champ est obligatoire." in reponse.content.decode()
    reponse = admin.post(url, {"codes": ["EMPLOI_DURABLE", "FORMATION"], "valable_a_partir_du": "2025-05-01"})
    assert "identique" in reponse.content.decode()
    assert DefinitionSortiePositive.objects.count() == 1
    admin.logout()
    # Le pilote consulte l'historique mais n'écrit pas ; le Calvados ne voit pas le Cantal.
    pilote = client_de(personas.pilote)
    contenu = pilote.get(url).content.decode()
    assert "01/04/2025" in contenu and "Enregistrer la nouvelle version" not in contenu
    assert pilote.post(url, {"codes": ["AUTRE"], "valable_a_partir_du": "2025-05-01"}).status_code == 403
    pilote.logout()
    assert client_de(personas.admin_calvados).get(url).status_code == 404
    assert client_de(personas.conseiller).get(url).status_code == 404
    assert DefinitionSortiePositive.objects.count() == 1


def test_le_tableau_affiche_la_definition_du_departement(personas, client_de, jeu):
    DefinitionSortiePositive.objects.create(
        departement=personas.cantal.departement,
        codes=["FORMATION"],
        valable_a_partir_du=D(2025, 4, 1),
        auteur=personas.admin,
    )
    contenu = client_de(personas.admin).get(f"{URL}?{PERIODE}").content.decode()
    assert "Sortie positive : FORMATION (définition départementale en vigueur depuis le 01/04/2025)." in contenu
    ligne = re.search(r'id="indicateur-taux_sortie_positive".*?</tr>', contenu, re.S).group(0)
    assert "25,0" in ligne


def test_accueil_du_pilote_et_navigation(personas, client_de, jeu):
    contenu = client_de(personas.pilote).get(reverse("core:accueil")).content.decode()
    assert "Ouvrir le tableau de bord" in contenu
    assert f'href="{URL}"' in contenu  # entrée « Pilotage » de la navigation
    contenu = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert f'href="{URL}"' not in contenu


def test_pas_de_script_ni_de_style_en_ligne(personas, client_de, jeu):
    contenu = client_de(personas.admin).get(f"{URL}?{PERIODE}").content.decode()
    principal = contenu[contenu.index("<main") : contenu.index("</main>")]
    assert "<script" not in principal and "style=" not in principal and "<style" not in principal
    assert "binome/js/pilotage.js" in contenu and "binome/css/pilotage.css" in contenu
    # Graphiques : titre, description, motifs, valeurs inscrites, tableau des valeurs à côté.
    assert principal.count("<svg") >= 2
    for attendu in ("<title id=", "<desc id=", "-hachures", "-points", 'id="tableau-evolution"', "barres hachurées"):
        assert attendu in principal
    # Coordonnées SVG jamais localisées (virgule décimale).
    for valeur in re.findall(r'<rect x="([^"]+)"', principal):
        assert "," not in valeur


def test_etat_vide_honnete(personas, client_de, jeu):
    contenu = client_de(personas.admin_calvados).get(f"{URL}?du=2020-01-01&au=2020-03-31").content.decode()
    assert "Aucun parcours sur ce territoire pendant la période" in contenu
    contenu = client_de(personas.admin).get(f"{URL}?{PERIODE}").content.decode()
    assert "Aucun parcours sur ce territoire pendant la période" not in contenu


def test_le_super_administrateur_gere_la_definition_sans_tableau_de_bord(personas, client_de):
    client = client_de(personas.super_admin)
    contenu = client.get(reverse("pilotage:definitions", kwargs={"code": "15"})).content.decode()
    assert "Enregistrer la nouvelle version" in contenu and "Retour au tableau de bord" not in contenu
    # Pas de tableau départemental : /pilotage/ renvoie au niveau national (tests/pilotage/test_national.py).
    assert client.get(URL).url == reverse("pilotage:national")
    assert client.get(reverse("pilotage:definitions", kwargs={"code": "99"})).status_code == 404
