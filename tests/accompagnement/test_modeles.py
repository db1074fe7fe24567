"""Contraintes du modèle : unicités (doublons, import), machine à états, secret partagé, anonymisation."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours, Personne
from tests import factories as f
from tests.accompagnement.factories import (
    AUJOURDHUI,
    DemandeCoordinationFactory,
    DiagnosticFactory,
    FreinDiagnosticFactory,
    NotePriveeFactory,
    ObjectifFactory,
    ParcoursFactory,
    PeriodeSuspensionFactory,
    PersonneFactory,
    PlanActionFactory,
    SortieFactory,
)

pytestmark = pytest.mark.django_db


def refuse():
    """L'écriture doit être refusée par la base (à combiner avec ``transaction.atomic``)."""
    return pytest.raises(IntegrityError)


def test_identifiant_ft_unique_par_departement():
    personne = PersonneFactory(identifiant_ft="1234567A")
    with refuse(), transaction.atomic():
        PersonneFactory(departement=personne.departement, identifiant_ft="1234567A")
    # Autre département : autorisé ; identifiant vide (inconnu, anonymisé) : jamais en conflit.
    calvados = f.DepartementFactory(code="14", nom="Calvados")
    PersonneFactory(departement=calvados, identifiant_ft="1234567A")
    PersonneFactory(departement=personne.departement, identifiant_ft="")
    PersonneFactory(departement=personne.departement, identifiant_ft="")
    assert Personne.objects.filter(identifiant_ft="").count() == 2


def test_nom_normalise_pour_la_recherche_de_doublons():
    personne = PersonneFactory(nom="Lefèvre-Dupré", prenom="Élodie")
    assert (personne.nom_normalise, personne.prenom_normalise) == ("lefevre dupre", "elodie")
    assert (
        Personne.objects.filter(
            departement=personne.departement, nom_normalise="lefevre dupre", date_naissance=personne.date_naissance
        ).get()
        == personne
    )


def test_un_seul_parcours_ouvert_par_personne_et_reentree():
    parcours = ParcoursFactory()
    with refuse(), transaction.atomic():
        ParcoursFactory(personne=parcours.personne, etat=e.EtatParcours.REPERE)
    parcours.etat = e.EtatParcours.SORTI
    parcours.date_sortie = AUJOURDHUI + datetime.timedelta(days=100)
    parcours.motif_sortie = e.MotifSortie.DUREE_MAX
    parcours.save()
    # Ré-entrée = nouveau parcours.
    nouveau = ParcoursFactory(personne=parcours.personne, etat=e.EtatParcours.REPERE)
    assert parcours.personne.parcours.count() == 2
    assert nouveau.est_avant_entree and parcours.est_clos


def test_cle_d_import_personne_et_date_d_entree():
    parcours = ParcoursFactory(etat=e.EtatParcours.SORTI, date_sortie=AUJOURDHUI, motif_sortie=e.MotifSortie.AUTRE)
    with refuse(), transaction.atomic():
        ParcoursFactory(personne=parcours.personne, date_entree=parcours.date_entree)


@pytest.mark.parametrize(
    "champs",
    [
        {"etat": e.EtatParcours.ACTIF, "date_entree": None},
        {"etat": e.EtatParcours.SORTI, "date_sortie": None, "motif_sortie": e.MotifSortie.ABANDON},
        {"etat": e.EtatParcours.SORTI, "date_sortie": AUJOURDHUI, "motif_sortie": ""},
        {"etat": e.EtatParcours.ACTIF, "date_sortie": AUJOURDHUI, "motif_sortie": e.MotifSortie.ABANDON},
        {
            "etat": e.EtatParcours.SORTI,
            "date_sortie": AUJOURDHUI - datetime.timedelta(days=1),
            "motif_sortie": e.MotifSortie.ABANDON,
        },
        {"etat": e.EtatParcours.ACTIF, "date_fin_prevue": AUJOURDHUI - datetime.timedelta(days=1)},
    ],
)
def test_parcours_incoherent_refuse(champs):
    personne = PersonneFactory()
    with refuse(), transaction.atomic():
        ParcoursFactory(personne=personne, **champs)


def test_entree_jamais_contre_la_volonte_de_la_personne():
    with refuse(), transaction.atomic():
        DiagnosticFactory(decision=e.DecisionDiagnostic.GLOBAL, decision_le=AUJOURDHUI, adhesion=False)
    with refuse(), transaction.atomic():
        DiagnosticFactory(decision=e.DecisionDiagnostic.NON_RETENU, decision_le=AUJOURDHUI)
    diagnostic = DiagnosticFactory(
        decision=e.DecisionDiagnostic.GLOBAL,
        decision_suggeree=e.DecisionDiagnostic.SOCIAL_EXCLUSIF,
        decision_le=AUJOURDHUI,
        adhesion=True,
        adhesion_le=AUJOURDHUI,
    )
    assert diagnostic.decision != diagnostic.decision_suggeree


def test_un_niveau_par_domaine_de_frein():
    frein = FreinDiagnosticFactory()
    with refuse(), transaction.atomic():
        FreinDiagnosticFactory(diagnostic=frein.diagnostic, domaine=frein.domaine, niveau=e.NiveauFrein.MOYEN)


def test_plan_versionne_un_seul_brouillon_et_signature_figee():
    plan = PlanActionFactory()
    with refuse(), transaction.atomic():
        PlanActionFactory(parcours=plan.parcours, version=2)
    with refuse(), transaction.atomic():
        PlanActionFactory(parcours=plan.parcours, version=2, signe_le=AUJOURDHUI)
    plan.signe_le = AUJOURDHUI
    plan.copie_figee = {"version": 1, "objectifs": [{"libelle": "Obtenir le permis B"}]}
    plan.save()
    PlanActionFactory(parcours=plan.parcours, version=2)
    with refuse(), transaction.atomic():
        ObjectifFactory(plan=plan, libelle_libre="", element_referentiel=None)


def test_suspension_coherente():
    suspension = PeriodeSuspensionFactory()
    with refuse(), transaction.atomic():
        PeriodeSuspensionFactory(parcours=suspension.parcours)  # deux suspensions en cours
    with refuse(), transaction.atomic():
        PeriodeSuspensionFactory(fin=AUJOURDHUI - datetime.timedelta(days=1))


def test_coordination_entre_les_deux_cotes():
    with refuse(), transaction.atomic():
        DemandeCoordinationFactory(cote_auteur=e.Cote.DEPARTEMENT, cote_destinataire=e.Cote.DEPARTEMENT)


def test_note_partagee_avec_finalite():
    note = NotePriveeFactory()
    with refuse(), transaction.atomic():
        NotePriveeFactory(partagee_le=note.cree_le, partagee_par=note.auteur, finalite_partage="")


def test_une_seule_sortie_par_parcours():
    sortie = SortieFactory()
    with refuse(), transaction.atomic():
        SortieFactory(parcours=sortie.parcours)
    assert sortie.parcours.date_sortie == sortie.date


def test_historique_des_modifications_de_la_personne():
    personne = PersonneFactory(nom="Martin")
    personne.nom = "Martin-Durand"
    personne.save()
    assert [h.nom for h in personne.history.order_by("history_id")] == ["Martin", "Martin-Durand"]


def test_l_anonymisation_vide_l_identite_et_garde_les_statistiques():
    parcours = ParcoursFactory(personne__sexe=e.Sexe.FEMME)
    personne = parcours.personne
    for champ in ("nom", "prenom", "identifiant_ft", "numero_allocataire", "telephone", "courriel", "adresse"):
        setattr(personne, champ, "")
    personne.date_naissance = None
    personne.tranche_age = e.TrancheAge.DE_30_A_44
    personne.anonymise_le = datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)
    personne.full_clean()
    personne.save()
    personne.refresh_from_db()
    assert str(personne) == "Personne anonymisée"
    assert (personne.nom_normalise, personne.sexe, personne.departement_id) == ("", e.Sexe.FEMME, "15")
    parcours = Parcours.objects.get(pk=parcours.pk)
    assert (parcours.sexe, parcours.age_entree, parcours.rsa_entree) == (e.Sexe.FEMME, 39, True)


@pytest.mark.parametrize(
    ("age", "tranche"),
    [(17, "MOINS_18"), (18, "18_25"), (25, "18_25"), (26, "26_29"), (54, "45_54"), (55, "55_PLUS"), (None, "")],
)
def test_tranche_age(age, tranche):
    assert e.tranche_age(age) == tranche
