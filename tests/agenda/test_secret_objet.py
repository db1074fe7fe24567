"""Secret partagé : l'objet d'un rendez-vous avec le seul travailleur social n'est lu que du côté social."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.agenda import selectors
from binome.agenda.enums import TypeRendezVous
from tests.accompagnement.factories import parcours_du_binome
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

SECRET = "Dossier de surendettement"


@pytest.fixture
def parcours(personas):
    return parcours_du_binome(personas)


def _rdv(parcours, organisateur, professionnels, **champs):
    return RendezVousFactory(
        parcours=parcours,
        organisateur=organisateur,
        professionnels=professionnels,
        objet=SECRET,
        debut=timezone.now() + datetime.timedelta(days=2),
        **champs,
    )


def test_rendez_vous_du_seul_cote_social(personas, parcours):
    rdv = _rdv(parcours, personas.travailleur_social, [personas.travailleur_social])
    assert selectors.cote_social_seulement(rdv)
    for acteur in (personas.travailleur_social, personas.encadrant_social):
        assert selectors.objet_visible(acteur, rdv) == SECRET, acteur
    for acteur in (personas.conseiller, personas.encadrant, personas.admin):
        assert selectors.objet_visible(acteur, rdv) == "Rendez-vous avec le référent social", acteur


def test_un_rendez_vous_avec_france_travail_n_est_pas_secret(personas, parcours):
    tripartite = _rdv(
        parcours,
        personas.conseiller,
        [personas.conseiller, personas.travailleur_social],
        type=TypeRendezVous.TRIPARTITE,
    )
    du_conseiller = _rdv(parcours, personas.conseiller, [personas.conseiller])
    # Un encadrant d'agence France Travail attendu avec le référent : France Travail est présent.
    avec_encadrant = _rdv(parcours, personas.travailleur_social, [personas.travailleur_social, personas.encadrant])
    for rdv in (tripartite, du_conseiller, avec_encadrant):
        assert not selectors.cote_social_seulement(rdv)
        for acteur in (personas.conseiller, personas.encadrant, personas.travailleur_social, personas.admin):
            assert selectors.objet_visible(acteur, rdv) == SECRET


@pytest.mark.parametrize(
    ("persona", "lit"),
    [
        ("travailleur_social", True),
        ("encadrant_social", True),
        ("conseiller", False),
        ("encadrant", False),
        ("admin", False),
    ],
)
def test_pages_du_rendez_vous_et_fiche(personas, parcours, client_de, persona, lit):
    rdv = _rdv(parcours, personas.travailleur_social, [personas.travailleur_social])
    client = client_de(getattr(personas, persona))
    for url in (
        reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk}),
        reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id}),
    ):
        page = client.get(url).content.decode()
        assert (SECRET in page) is lit, (url, persona)
        if not lit:
            assert "Rendez-vous avec le référent social" in page


def test_le_formulaire_de_modification_ne_montre_pas_l_objet_secret(personas, parcours, client_de):
    rdv = _rdv(parcours, personas.travailleur_social, [personas.travailleur_social])
    url = reverse("agenda:modifier", kwargs={"pk": rdv.pk})
    page = client_de(personas.conseiller).get(url)
    assert page.status_code == 200 and SECRET not in page.content.decode()
    assert "objet" not in page.context["form"].fields
    assert SECRET in client_de(personas.travailleur_social).get(url).content.decode()
