"""Qui peut planifier, modifier, annuler un rendez-vous, en saisir la présence, le remplacer."""

import datetime

import pytest
from django.utils import timezone

from binome.accompagnement.enums import EtatParcours, MotifSortie
from binome.agenda import selectors
from binome.agenda.enums import StatutRendezVous
from tests.accompagnement.factories import parcours_du_binome
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)
ECRIVENT = ("conseiller", "travailleur_social", "encadrant", "encadrant_social")
N_ECRIVENT_PAS = ("admin", "pilote", "partenaire", "conseiller_calvados", "referent_orientation")


@pytest.fixture
def parcours(personas):
    return parcours_du_binome(personas)


def _rdv(parcours, personas, **champs):
    return RendezVousFactory(
        parcours=parcours, organisateur=personas.conseiller, **{"debut": timezone.now() + 2 * J, **champs}
    )


@pytest.mark.parametrize("persona", ECRIVENT + N_ECRIVENT_PAS)
def test_qui_peut_agir(personas, parcours, persona):
    acteur = getattr(personas, persona)
    a_venir = _rdv(parcours, personas)
    passe = _rdv(parcours, personas, debut=timezone.now() - J)
    attendu = persona in ECRIVENT
    assert selectors.peut_planifier(acteur, parcours) is attendu
    assert selectors.peut_modifier_rendez_vous(acteur, a_venir) is attendu
    assert selectors.peut_annuler(acteur, a_venir) is attendu
    assert selectors.peut_saisir_presence(acteur, passe) is attendu
    # Un rendez-vous passé ne se modifie plus ; un rendez-vous à venir n'a pas encore de présence.
    assert not selectors.peut_modifier_rendez_vous(acteur, passe)
    assert not selectors.peut_saisir_presence(acteur, a_venir)


def test_rien_sur_un_parcours_clos_sauf_la_presence_deja_due(personas):
    clos = parcours_du_binome(
        personas, etat=EtatParcours.SORTI, date_sortie=timezone.localdate() - J, motif_sortie=MotifSortie.ABANDON
    )
    passe = _rdv(clos, personas, debut=timezone.now() - 3 * J)
    assert not selectors.peut_planifier(personas.conseiller, clos)
    assert selectors.peut_saisir_presence(personas.conseiller, passe)


def test_remplacer_un_rendez_vous_manque_une_fois(personas, parcours):
    manque = _rdv(parcours, personas, debut=timezone.now() - J, statut=StatutRendezVous.MANQUE)
    honore = _rdv(parcours, personas, debut=timezone.now() - J, statut=StatutRendezVous.HONORE)
    assert selectors.peut_remplacer(personas.conseiller, manque)
    assert not selectors.peut_remplacer(personas.conseiller, honore)
    assert not selectors.peut_remplacer(personas.admin, manque)
    _rdv(parcours, personas, remplace=manque)
    assert not selectors.peut_remplacer(personas.conseiller, manque)


def test_visibles_des_deux_membres_du_binome(personas, parcours):
    rdv = _rdv(parcours, personas)
    for persona in ("conseiller", "travailleur_social", "encadrant", "encadrant_social", "admin"):
        assert list(selectors.rendez_vous_visibles(getattr(personas, persona))) == [rdv], persona
    for persona in ("pilote", "partenaire", "conseiller_calvados"):
        assert not selectors.rendez_vous_visibles(getattr(personas, persona)).exists(), persona
