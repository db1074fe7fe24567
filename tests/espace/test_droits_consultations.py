"""« Qui a consulté mon dossier » : les lignes du journal des accès écrites par des professionnels sur son dossier
(date, structure, métier, raison), jamais le nom ni l'adresse du professionnel, ni ses propres pages, ni le dossier
d'un autre ; paginé, de la plus récente à la plus ancienne, en un nombre de requêtes constant."""

import pytest
from django.test import Client
from django.urls import reverse

from binome.comptes.models import Role
from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db

# Session, espace (avec la personne), compte et page des lignes, puis la ligne du journal de la page (tête de
# chaîne verrouillée, rang, insertion, tête réécrite).
REQUETES = 9


@pytest.fixture
def professionnelle(personas):
    return f.agent("zephyrine.k@exemple.gouv.fr", "Zéphyrine", "Kowalczyk", personas.cantal.agence, Role.CONSEILLER_FT)


@pytest.fixture
def personne(personas):
    """Suivie par le binôme du Cantal (Claire, conseillère, et Sophie, travailleuse sociale)."""
    return parcours_du_binome(personas, personne=personne_du(personas.cantal, prenom="Inaya", nom="Vasseur")).personne


def _consulter(acteur, personne, n: int, debut: int = 1):
    for i in range(debut, debut + n):
        journaliser(action=Action.LECTURE, finalite=f"Finalité n° {i:02d}", acteur=acteur, personne=personne)


def _page(client, **params) -> str:
    reponse = client.get(reverse("espace:consultations"), params)
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_date_structure_metier_raison_jamais_le_nom(personas, personne, professionnelle, client):
    # Une vraie consultation de la fiche par une professionnelle (le journal écrit par l'intergiciel).
    pro = Client()
    pro.force_login(personas.conseiller)
    assert pro.get(reverse("accompagnement:personne", kwargs={"pk": personne.pk})).status_code == 200
    _consulter(professionnelle, personne, 1)
    connecter_personne(client, espace_ouvert(personne))
    page = _page(client)
    assert "Consultation de la fiche de la personne" in page and "Finalité n° 01" in page
    assert "Conseiller France Travail" in page
    assert f"{personas.cantal.agence.nom} (15)" in page
    for interdit in ("Zéphyrine", "Kowalczyk", "zephyrine.k@", "claire.conseillere@", "Claire"):
        assert interdit not in page, interdit


def test_ni_ses_propres_pages_ni_le_dossier_d_un_autre(personas, personne, professionnelle, client):
    autre = personne_du(personas.cantal, prenom="Gaspard", nom="Lemoine")
    _consulter(professionnelle, autre, 1)
    journaliser(action=Action.LECTURE, finalite="Tâche de nuit", personne=personne)  # sans professionnel
    connecter_personne(client, espace_ouvert(personne))
    client.get(reverse("espace:accueil"))  # sa propre page : une ligne au nom de la personne
    page = _page(client)
    assert "Aucun professionnel n'a encore consulté votre dossier." in page
    assert "Finalité n° 01" not in page and "Tâche de nuit" not in page and "son espace" not in page


def test_pagination_de_la_plus_recente_a_la_plus_ancienne(personne, professionnelle, client):
    _consulter(professionnelle, personne, 25)
    connecter_personne(client, espace_ouvert(personne))
    premiere = _page(client)
    assert premiere.index("Finalité n° 25") < premiere.index("Finalité n° 06")
    assert "Finalité n° 05" not in premiere
    assert 'class="fr-pagination' in premiere
    seconde = _page(client, page=2)
    assert "Finalité n° 05" in seconde and "Finalité n° 01" in seconde and "Finalité n° 06" not in seconde


def test_nombre_de_requetes_constant(personne, professionnelle, client, django_assert_num_queries):
    _consulter(professionnelle, personne, 2)
    connecter_personne(client, espace_ouvert(personne))
    with django_assert_num_queries(REQUETES) as peu:
        _page(client)
    _consulter(professionnelle, personne, 40, debut=3)
    with django_assert_num_queries(REQUETES) as beaucoup:
        _page(client, page=2)
    assert len(peu.captured_queries) == len(beaucoup.captured_queries)
