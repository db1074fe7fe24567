"""Qui voit quoi dans les actions collectives : département, partenaire, pilote ; places et rangs d'attente."""

import pytest

from binome.collectif import selectors
from binome.collectif.enums import StatutInscription
from binome.comptes.models import Role
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome
from tests.collectif.factories import action_du, inscription, seance_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_departements(personas):
    cantal = action_du(personas.cantal, personas.travailleur_social, titre="Café santé du Cantal")
    calvados = action_du(personas.calvados, personas.travailleur_social_calvados, titre="Atelier du Calvados")
    return cantal, seance_de(cantal), calvados, seance_de(calvados)


def test_le_calvados_ne_voit_pas_le_cantal(personas, deux_departements):
    cantal, seance_cantal, calvados, seance_calvados = deux_departements
    for persona in ("conseiller_calvados", "travailleur_social_calvados", "admin_calvados"):
        acteur = getattr(personas, persona)
        assert list(selectors.actions_visibles(acteur)) == [calvados], persona
        assert list(selectors.seances_a_venir(acteur)) == [seance_calvados], persona
    for persona in ("conseiller", "travailleur_social", "referent_orientation", "encadrant", "admin"):
        acteur = getattr(personas, persona)
        assert list(selectors.actions_visibles(acteur)) == [cantal], persona
        assert list(selectors.seances_visibles(acteur)) == [seance_cantal], persona
    assert not selectors.peut_gerer(personas.conseiller_calvados, cantal)
    assert selectors.peut_gerer(personas.conseiller, cantal)
    assert not selectors.peut_gerer(personas.admin, cantal)  # consulte, n'écrit pas


@pytest.mark.parametrize("persona", ["pilote", "pilote_calvados", "pilote_national", "partenaire", "super_admin"])
def test_pilote_partenaire_et_super_admin_ne_voient_rien(personas, deux_departements, persona):
    acteur = getattr(personas, persona)
    assert not selectors.voit_les_actions_collectives(acteur)
    assert not selectors.actions_visibles(acteur).exists()
    assert not selectors.seances_visibles(acteur).exists()
    assert not selectors.parcours_inscriptibles(acteur, "15").exists()


def test_places_restantes_et_rang_d_attente(personas):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=2))
    parcours = [parcours_du_binome(personas) for _ in range(4)]
    inscription(seance, parcours[0])
    inscription(seance, parcours[1])
    for p in parcours[2:]:
        inscription(seance, p, statut=StatutInscription.ATTENTE)
    detail = selectors.detail_seance(sophie, seance)
    assert detail["places_restantes"] == 0 and detail["places"] == 2
    assert [(i.parcours, i.rang) for i in detail["attente"]] == [(parcours[2], 1), (parcours[3], 2)]
    annotee = selectors.seances_a_venir(sophie).get()
    assert (annotee.nb_inscrits, annotee.nb_attente, selectors.places_restantes(annotee)) == (2, 2, 0)
    fiche = selectors.inscriptions_de_la_fiche(sophie, parcours[3])
    assert [i.rang for i in fiche["inscriptions"]] == [2]


def test_un_professionnel_ne_nomme_que_les_inscrits_dont_il_ouvre_le_parcours(personas):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    zoe = f.agent("zoe.autre@exemple.gouv.fr", "Zoé", "Autre", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL)
    luc = f.agent("luc.autre@exemple.gouv.fr", "Luc", "Autre", personas.cantal.agence, Role.CONSEILLER_FT)
    suivi, autre = parcours_du_binome(personas), parcours_du_binome(personas, conseiller=luc, referent=zoe)
    inscription(seance, suivi)
    inscription(seance, autre)
    detail = selectors.detail_seance(sophie, seance)
    assert [i.parcours for i in detail["inscrits"]] == [suivi] and detail["inscrits_masques"] == 1
    # Le référent orientation voit la séance, ne nomme personne (il n'ouvre pas ces parcours entrés).
    detail = selectors.detail_seance(personas.referent_orientation, seance)
    assert detail["inscrits"] == [] and detail["inscrits_masques"] == 2
    # Choix de la personne à inscrire : les parcours en cours que l'acteur ouvre, pas ceux des autres.
    assert list(selectors.parcours_inscriptibles(sophie, "15")) == sorted(
        [suivi], key=lambda p: (p.personne.nom_normalise, p.pk)
    )
    assert not selectors.parcours_inscriptibles(sophie, "14").exists()
    assert list(selectors.parcours_inscriptibles(zoe, "15")) == [autre]


def test_seances_inscriptibles_depuis_le_parcours(personas, deux_departements):
    _cantal, seance_cantal, _calvados, _seance_calvados = deux_departements
    sophie = personas.travailleur_social
    parcours = parcours_du_binome(personas)
    assert list(selectors.seances_inscriptibles(sophie, parcours)) == [seance_cantal]
    inscription(seance_cantal, parcours)
    assert not selectors.seances_inscriptibles(sophie, parcours).exists()
    assert not selectors.seances_inscriptibles(personas.conseiller_calvados, parcours).exists()
