"""Les pages de l'espace de la personne : contenu attendu, état vide, requêtes bornées, journal de chaque page."""

import html

import pytest
from django.urls import reverse

from binome.confiance.models import EntreeJournal
from tests.accompagnement.factories import personne_du
from tests.espace.pages_outils import dossier_complet
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db

PAGES = ("espace:accueil", "espace:plan", "espace:rendez_vous", "espace:contacts", "espace:services")


@pytest.fixture
def dossier(personas, client):
    dossier = dossier_complet(personas)
    connecter_personne(client, dossier.espace)
    return dossier


def _page(client, route, **kwargs) -> str:
    reponse = client.get(reverse(route, kwargs=kwargs))
    assert reponse.status_code == 200, route
    return html.unescape(reponse.content.decode())


def test_accueil_resume_prochain_rendez_vous_plan_et_referents(dossier, client, personas):
    page = _page(client, "espace:accueil")
    assert "Bonjour Inaya" in page
    assert "Agence France Travail, 12 rue de la Gare" in page
    assert "Signé le 10 mars 2025 : 1 objectif." in page
    assert personas.conseiller.get_full_name() in page and personas.travailleur_social.get_full_name() in page
    for route in ("espace:plan", "espace:rendez_vous", "espace:contacts", "espace:services"):
        assert f'href="{reverse(route)}"' in page


def test_mon_plan_montre_la_version_signee_et_son_service(dossier, client):
    page = _page(client, "espace:plan")
    assert "Version 1, signée le 10 mars 2025." in page
    assert "Accéder à un moyen de transport" in page and "Réparer la voiture" in page
    assert "Garage solidaire du Cantal" in page and "4 rue des Forgerons, 15100 Saint-Flour" in page
    assert f'href="{reverse("espace:plan_pdf")}"' in page


def test_le_pdf_du_plan_est_un_pdf(dossier, client):
    reponse = client.get(reverse("espace:plan_pdf"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse.content.startswith(b"%PDF")
    assert "no-cache" in reponse["Cache-Control"]


def test_mes_rendez_vous_et_mes_ateliers(dossier, client, personas):
    page = _page(client, "espace:rendez_vous")
    assert "Agence France Travail, 12 rue de la Gare" in page
    assert "Atelier mobilité" in page and "Maison des solidarités, salle 2" in page
    assert reverse("espace:rendez_vous_confirmer", kwargs={"rendez_vous_pk": dossier.rendez_vous.pk}) in page
    assert reverse("espace:rendez_vous_annuler", kwargs={"rendez_vous_pk": dossier.rendez_vous.pk}) in page
    assert reverse("espace:rendez_vous_ics", kwargs={"rendez_vous_pk": dossier.rendez_vous.pk}) in page
    assert reverse("espace:seance_ics", kwargs={"inscription_pk": dossier.inscription.pk}) in page
    assert dossier.rendez_vous.objet not in page  # l'objet est écrit par et pour les professionnels


def test_mes_contacts_coordonnees_professionnelles(dossier, client, personas):
    page = _page(client, "espace:contacts")
    assert "Conseiller France Travail" in page and "Référent social" in page
    assert personas.conseiller.get_full_name() in page and personas.cantal.agence.nom in page
    assert 'href="tel:04 71 00 00 11"' in page
    assert personas.travailleur_social.get_full_name() in page and personas.cantal.unite.nom in page
    assert personas.conseiller.email not in page


def test_mes_services_adresse_horaires_lisibles_et_telephone(dossier, client):
    page = _page(client, "espace:services")
    assert "Épicerie solidaire de la Planèze" in page
    assert "2 place d'Armes, 15100 Saint-Flour" in page
    assert "Du lundi au vendredi" in page and "Mo-Fr" not in page
    assert 'href="tel:04 71 60 00 02"' in page
    assert "Garage solidaire du Cantal" in page  # service du plan signé


def test_un_telephone_reserve_aux_professionnels_n_est_pas_montre(dossier, client):
    dossier.service_oriente.contact_reserve_professionnels = True
    dossier.service_oriente.save()
    assert "04 71 60 00 02" not in _page(client, "espace:services")


@pytest.mark.parametrize(
    ("route", "attendu"),
    [
        ("espace:accueil", "Vous n'avez aucun rendez-vous à venir."),
        ("espace:plan", "Pas encore de plan signé"),
        ("espace:rendez_vous", "Vous n'êtes inscrit ou inscrite à aucun atelier à venir."),
        ("espace:contacts", "Aucun référent n'est encore désigné"),
        ("espace:services", "Vous n'êtes orienté ou orientée vers aucun service"),
    ],
)
def test_etat_vide_clair(personas, client, route, attendu):
    espace = espace_ouvert(personne_du(personas.cantal, prenom="Odile"))
    connecter_personne(client, espace)
    assert attendu in _page(client, route)
    assert client.get(reverse("espace:plan_pdf")).status_code == 404


@pytest.mark.parametrize("route", PAGES)
def test_chaque_page_est_journalisee_avec_la_personne_pour_acteur(dossier, client, route):
    _page(client, route)
    ligne = EntreeJournal.objects.get(personne_id=dossier.personne.pk, route=route)
    assert ligne.acteur_id is None and ligne.acteur_libelle == "La personne elle-même"


@pytest.mark.parametrize("route", PAGES)
def test_requetes_bornees_quel_que_soit_le_nombre_d_objets(dossier, client, personas, route):
    """Le nombre de requêtes d'une page ne dépend pas du nombre de rendez-vous, de séances ou de services."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from binome.ressources.models import OrientationService
    from tests.collectif.factories import action_du, inscription, seance_de
    from tests.espace.pages_outils import rendez_vous_a_venir
    from tests.ressources import factories as rf

    def compter() -> int:
        with CaptureQueriesContext(connection) as requetes:
            _page(client, route)
        return len(requetes)

    compter()  # première page de la session : tête de la chaîne du journal, cache des habilitations
    avant = compter()
    for jours in (4, 6, 8):
        rendez_vous_a_venir(dossier.parcours, personas.travailleur_social, jours=jours, lieu="MDS")
        seance = seance_de(action_du(personas.cantal, personas.conseiller, titre=f"Atelier {jours}"), dans_jours=jours)
        inscription(seance, dossier.parcours)
        orientation = OrientationService.objects.filter(personne=dossier.personne).first()
        orientation.pk, orientation.service = None, rf.service(nom=f"Service {jours}")
        orientation.save()
    apres = compter()
    assert apres == avant <= LIMITE_REQUETES, (avant, apres)


# Session, espace, lectures de la page, ligne du journal (chaîne HMAC) : le même plafond pour une page vide ou pleine.
LIMITE_REQUETES = 16


def test_l_en_tete_mene_a_mes_donnees_et_a_la_deconnexion(dossier, client):
    page = _page(client, "espace:accueil")
    assert f'href="{reverse("espace:donnees")}"' in page
    assert f'action="{reverse("espace:deconnexion")}"' in page
    # Lien d'évitement vers la navigation de l'espace, pas vers le menu des professionnels.
    assert 'href="#navigation-espace"' in page and 'href="#navigation-principale"' not in page
