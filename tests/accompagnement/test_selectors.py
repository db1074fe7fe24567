"""Politique d'accès aux dossiers : chaque persona, dont le Calvados, le pilote et le partenaire."""

import pytest
from django.http import Http404

from binome.accompagnement import selectors as s
from binome.accompagnement.enums import Cote, EtatParcours, MotifSortie, StatutOrientation, TypeEvenement
from binome.comptes.models import Habilitation, Role
from binome.organisations.models import TypeOrganisation
from tests import factories as f
from tests.accompagnement.factories import (
    AUJOURDHUI,
    EvenementFactory,
    NotePriveeFactory,
    OrientationFactory,
    ParcoursFactory,
    parcours_du_binome,
    personne_du,
)

pytestmark = pytest.mark.django_db

# Personas qui ouvrent le dossier d'un parcours actif du binôme Claire + Sophie (Cantal).
VOIENT_LE_DOSSIER = ["conseiller", "travailleur_social", "encadrant", "encadrant_social", "admin"]
NE_VOIENT_PAS_LE_DOSSIER = [
    "referent_orientation",
    "pilote",
    "partenaire",
    "conseiller_calvados",
    "travailleur_social_calvados",
    "admin_calvados",
    "pilote_calvados",
    "super_admin",
]


@pytest.fixture
def dossier(personas):
    """Un parcours actif du binôme Claire + Sophie, et un parcours du Calvados."""
    parcours = parcours_du_binome(personas)
    calvados = parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
    )
    return parcours, calvados


@pytest.mark.parametrize("persona", VOIENT_LE_DOSSIER)
def test_le_binome_ses_encadrants_et_l_admin_ouvrent_le_dossier(personas, dossier, persona):
    parcours, calvados = dossier
    acteur = getattr(personas, persona)
    assert list(s.personnes_visibles(acteur)) == [parcours.personne]
    assert list(s.parcours_visibles(acteur)) == [parcours]
    assert s.personne_pour(acteur, parcours.personne.pk) == parcours.personne
    assert s.parcours_pour(acteur, parcours.pk) == parcours
    with pytest.raises(Http404):
        s.parcours_pour(acteur, calvados.pk)


@pytest.mark.parametrize("persona", NE_VOIENT_PAS_LE_DOSSIER)
def test_les_autres_personas_n_ouvrent_pas_le_dossier(personas, dossier, persona):
    parcours, _calvados = dossier
    acteur = getattr(personas, persona)
    assert parcours.personne not in s.personnes_visibles(acteur)
    assert parcours not in s.parcours_visibles(acteur)
    with pytest.raises(Http404):
        s.personne_pour(acteur, parcours.personne.pk)
    with pytest.raises(Http404):
        s.parcours_pour(acteur, parcours.pk)
    assert not s.peut_modifier(acteur, parcours)
    assert not s.voit_cote_social(acteur, parcours.personne)


def test_le_calvados_voit_son_dossier_et_pas_celui_du_cantal(personas, dossier):
    parcours, calvados = dossier
    for acteur in (personas.conseiller_calvados, personas.travailleur_social_calvados, personas.admin_calvados):
        assert list(s.parcours_visibles(acteur)) == [calvados]
    assert list(s.parcours_visibles(personas.pilote_calvados)) == []


def test_un_collegue_hors_binome_et_l_encadrant_d_une_autre_organisation_ne_voient_pas(personas, dossier):
    parcours, _ = dossier
    collegue = f.agent("collegue@exemple.gouv.fr", "Col", "Lègue", personas.cantal.agence, Role.CONSEILLER_FT)
    autre_agence = f.OrganisationFactory(
        nom="France Travail Aurillac", type=TypeOrganisation.AGENCE_FT, departement=personas.cantal.departement
    )
    encadrant_ailleurs = f.agent("chef@exemple.gouv.fr", "Chef", "Ailleurs", autre_agence, Role.ENCADRANT)
    for acteur in (collegue, encadrant_ailleurs):
        assert not s.personnes_visibles(acteur).exists()
        assert not s.peut_modifier(acteur, parcours)


def test_le_binome_garde_l_acces_apres_la_sortie(personas):
    parcours = parcours_du_binome(
        personas,
        etat=EtatParcours.SORTI,
        date_sortie=AUJOURDHUI,
        motif_sortie=MotifSortie.EMPLOI_DURABLE,
    )
    assert s.parcours_pour(personas.conseiller, parcours.pk) == parcours
    assert s.peut_modifier(personas.travailleur_social, parcours)


def test_une_habilitation_retiree_ferme_l_acces(personas, dossier):
    parcours, _ = dossier
    Habilitation.objects.filter(utilisateur=personas.conseiller).update(active=False)
    personas.conseiller.refresh_from_db()
    conseiller = type(personas.conseiller).objects.get(pk=personas.conseiller.pk)
    assert not s.personnes_visibles(conseiller).exists()
    assert not s.peut_modifier(conseiller, parcours)


def test_peut_modifier(personas, dossier):
    parcours, calvados = dossier
    for acteur in (personas.conseiller, personas.travailleur_social, personas.encadrant, personas.encadrant_social):
        assert s.peut_modifier(acteur, parcours)
    # L'administrateur départemental consulte mais n'écrit pas dans les dossiers.
    assert not s.peut_modifier(personas.admin, parcours)
    assert not s.peut_modifier(personas.conseiller, calvados)


def test_le_cote_social(personas, dossier):
    parcours, _ = dossier
    personne = parcours.personne
    assert s.voit_cote_social(personas.travailleur_social, personne)
    assert s.voit_cote_social(personas.encadrant_social, personne)
    for acteur in (personas.conseiller, personas.encadrant, personas.admin, personas.referent_orientation):
        assert not s.voit_cote_social(acteur, personne)
    assert s.CHAMPS_SANTE_PERSONNE == ("rqth",)


def test_france_travail_ne_voit_jamais_une_note_privee_non_partagee(personas, dossier):
    parcours, _ = dossier
    personne = parcours.personne
    privee = NotePriveeFactory(
        personne=personne, auteur=personas.travailleur_social, organisation=personas.cantal.unite
    )
    partagee = NotePriveeFactory(
        personne=personne,
        auteur=personas.travailleur_social,
        organisation=personas.cantal.unite,
        partagee_le=privee.cree_le,
        partagee_par=personas.travailleur_social,
        finalite_partage="EVALUER",
    )
    assert set(s.notes_privees_visibles(personas.travailleur_social, personne)) == {privee, partagee}
    assert list(s.notes_privees_visibles(personas.conseiller, personne)) == [partagee]
    assert list(s.notes_privees_visibles(personas.encadrant, personne)) == [partagee]
    assert list(s.notes_privees_visibles(personas.pilote, personne)) == []
    assert list(s.notes_privees_visibles(personas.conseiller_calvados, personne)) == []


def test_la_chronologie_masque_les_evenements_du_cote_social(personas, dossier):
    parcours, _ = dossier
    commun = EvenementFactory(personne=parcours.personne, parcours=parcours)
    social = EvenementFactory(
        personne=parcours.personne, parcours=parcours, type=TypeEvenement.NOTE_PRIVEE, cote_social_seulement=True
    )
    assert set(s.evenements_visibles(personas.travailleur_social, parcours.personne)) == {commun, social}
    assert list(s.evenements_visibles(personas.conseiller, parcours.personne)) == [commun]
    assert list(s.evenements_visibles(personas.pilote, parcours.personne)) == []


# --- Avant l'entrée : prescripteur, boîte de réception, référent orientation --------------------------------


@pytest.fixture
def orientation(personas):
    """Claire propose une orientation vers le Département pour une personne de Murat."""
    personne = personne_du(personas.cantal, "murat")
    parcours = ParcoursFactory(
        personne=personne,
        etat=EtatParcours.ORIENTATION_PROPOSEE,
        conseiller=personas.conseiller,
        organisation_conseiller=personas.cantal.agence,
    )
    return OrientationFactory(
        parcours=parcours,
        prescripteur=personas.conseiller,
        organisation_prescripteur=personas.cantal.agence,
        cote_destinataire=Cote.DEPARTEMENT,
    )


def test_boite_de_reception_de_l_autre_cote(personas, orientation):
    assert list(s.orientations_a_traiter(personas.travailleur_social)) == [orientation]
    assert list(s.orientations_a_traiter(personas.referent_orientation)) == [orientation]
    for acteur in (
        personas.conseiller,  # l'autrice : elle suit ses envois ailleurs
        personas.encadrant,
        personas.pilote,
        personas.partenaire,
        personas.admin,
        personas.travailleur_social_calvados,
        personas.super_admin,
    ):
        assert list(s.orientations_a_traiter(acteur)) == []
    assert list(s.orientations_proposees_par(personas.conseiller)) == [orientation]


def test_avant_l_entree_les_destinataires_ouvrent_le_parcours(personas, orientation):
    parcours = orientation.parcours
    for acteur in (personas.travailleur_social, personas.referent_orientation, personas.conseiller, personas.admin):
        assert s.parcours_pour(acteur, parcours.pk) == parcours
    for acteur in (personas.travailleur_social, personas.referent_orientation):
        assert s.peut_modifier(acteur, parcours)
    for acteur in (personas.pilote, personas.partenaire, personas.travailleur_social_calvados):
        with pytest.raises(Http404):
            s.parcours_pour(acteur, parcours.pk)


def test_la_boite_de_reception_suit_le_territoire_couvert(personas, orientation):
    autre_unite = f.OrganisationFactory(
        nom="MDS d'Aurillac",
        type=TypeOrganisation.UNITE_ACTION_SOCIALE,
        departement=personas.cantal.departement,
        parent=personas.cantal.cd,
    )
    autre_unite.communes.set([personas.cantal.communes["aurillac"]])
    ts_aurillac = f.agent("ts.aurillac@exemple.gouv.fr", "TS", "Aurillac", autre_unite, Role.TRAVAILLEUR_SOCIAL)
    assert list(s.orientations_a_traiter(ts_aurillac)) == []
    assert not s.parcours_visibles(ts_aurillac).exists()
    # Un conseiller FT ne reçoit pas une orientation adressée au Département.
    collegue = f.agent("collegue@exemple.gouv.fr", "Col", "Lègue", personas.cantal.agence, Role.CONSEILLER_FT)
    assert list(s.orientations_a_traiter(collegue)) == []


def test_l_acces_avant_entree_se_limite_au_parcours_en_attente(personas, orientation):
    personne = orientation.parcours.personne
    ancien = ParcoursFactory(
        personne=personne,
        etat=EtatParcours.SORTI,
        date_entree=AUJOURDHUI.replace(year=2022),
        date_sortie=AUJOURDHUI.replace(year=2023),
        motif_sortie=MotifSortie.ABANDON,
        conseiller=personas.conseiller,
        organisation_conseiller=personas.cantal.agence,
    )
    # Sophie voit le parcours en attente, pas l'ancien parcours (qu'elle n'a pas suivi).
    assert list(s.parcours_de(personas.travailleur_social, personne)) == [orientation.parcours]
    assert not s.personnes_visibles_dossier_complet(personas.travailleur_social).exists()
    assert not s.voit_cote_social(personas.travailleur_social, personne)
    # Claire, binôme de l'ancien parcours, voit tout le dossier.
    assert set(s.parcours_de(personas.conseiller, personne)) == {orientation.parcours, ancien}


def test_une_orientation_traitee_quitte_la_boite_de_reception(personas, orientation):
    parcours = orientation.parcours
    orientation.statut = StatutOrientation.ACCEPTEE
    orientation.save()
    parcours.etat = EtatParcours.ACTIF
    parcours.date_entree = AUJOURDHUI
    parcours.save()
    assert list(s.orientations_a_traiter(personas.travailleur_social)) == []
    assert not s.parcours_visibles(personas.travailleur_social).exists()
    assert not s.parcours_visibles(personas.referent_orientation).exists()
    # Une fois désignée référente, Sophie ouvre le dossier.
    parcours.referent_social = personas.travailleur_social
    parcours.organisation_referent = personas.cantal.unite
    parcours.save()
    assert s.parcours_pour(personas.travailleur_social, parcours.pk) == parcours


# --- Performance : pas de requête par ligne ------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["conseiller", "encadrant_social", "admin", "referent_orientation"])
def test_nombre_de_requetes_constant(personas, django_assert_num_queries, persona):
    def mesurer(nombre):
        for _ in range(nombre):
            parcours_du_binome(personas, etat=EtatParcours.ORIENTATION_PROPOSEE)
        acteur = type(personas.conseiller).objects.get(pk=getattr(personas, persona).pk)
        # 1 requête pour les habilitations (en cache ensuite), 1 par liste.
        with django_assert_num_queries(3):
            personnes = list(s.personnes_visibles(acteur))
            parcours = [(p.personne.nom, p.conseiller, p.organisation_referent) for p in s.parcours_visibles(acteur)]
        return len(personnes), len(parcours)

    assert mesurer(2) == (2, 2)
    assert mesurer(8) == (10, 10)


def test_orientation_vers_france_travail(personas):
    personne = personne_du(personas.cantal, "aurillac")
    parcours = ParcoursFactory(
        personne=personne,
        etat=EtatParcours.ORIENTATION_PROPOSEE,
        referent_social=personas.travailleur_social,
        organisation_referent=personas.cantal.unite,
    )
    orientation = OrientationFactory(
        parcours=parcours,
        origine="TRAVAILLEUR_SOCIAL",
        prescripteur=personas.travailleur_social,
        organisation_prescripteur=personas.cantal.unite,
        cote_destinataire=Cote.FRANCE_TRAVAIL,
    )
    collegue = f.agent("collegue@exemple.gouv.fr", "Col", "Lègue", personas.cantal.agence, Role.CONSEILLER_FT)
    for acteur in (personas.conseiller, collegue, personas.referent_orientation):
        assert list(s.orientations_a_traiter(acteur)) == [orientation]
        assert s.peut_modifier(acteur, parcours)
    for acteur in (personas.travailleur_social, personas.conseiller_calvados, personas.encadrant):
        assert list(s.orientations_a_traiter(acteur)) == []
    assert not s.parcours_visibles(personas.conseiller_calvados).exists()
