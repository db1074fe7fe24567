"""Alertes de suivi calculées en SQL, avec les seuils du département du parcours.

Le Cantal a des seuils différents des valeurs par défaut (10 jours sans contact, fin de terme à 45 jours,
orientation à 7 jours) ; le Calvados garde les valeurs par défaut (15, 30, 21).
"""

import datetime

import pytest

from binome.accompagnement.alertes import Alerte, annoter_alertes, filtre_alerte
from binome.accompagnement.enums import EtatParcours, PresenceContact, StatutAction, StatutOrientation
from binome.accompagnement.models import Parcours
from binome.organisations.models import ParametresDepartement
from tests.accompagnement.factories import (
    AUJOURDHUI,
    ActionFactory,
    ContactFactory,
    OrientationFactory,
    PlanActionFactory,
    SortieFactory,
    parcours_du_binome,
)

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


@pytest.fixture
def seuils(personas):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(
        alerte_sans_contact_jours=10, alerte_fin_terme_jours=45, alerte_orientation_jours=7
    )
    return personas


def _cantal(personas, **champs):
    return parcours_du_binome(personas, **champs)


def _calvados(personas, **champs):
    return parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
        **champs,
    )


def _annote(parcours):
    return annoter_alertes(Parcours.objects.filter(pk=parcours.pk), aujourdhui=AUJOURDHUI).get()


def _entre(jours_avant):
    """Champs d'un parcours actif entré il y a ``jours_avant`` jours, fin prévue dans un an."""
    entree = AUJOURDHUI - jours_avant * J
    return {"date_entree": entree, "date_reperage": entree - 10 * J, "date_fin_prevue": entree + 365 * J}


# --- Sans contact ------------------------------------------------------------------------------------------


def test_sans_contact_suit_le_seuil_du_departement(seuils):
    cantal = _cantal(seuils, **_entre(60))
    calvados = _calvados(seuils, **_entre(60))
    for parcours in (cantal, calvados):
        ContactFactory(parcours=parcours, date=AUJOURDHUI - 11 * J)
    assert _annote(cantal).alerte_sans_contact is True  # 11 jours > 10 (Cantal)
    assert _annote(calvados).alerte_sans_contact is False  # 11 jours ≤ 15 (défaut)
    ContactFactory(parcours=calvados, date=AUJOURDHUI - 16 * J)  # plus ancien : ne change rien
    assert _annote(calvados).alerte_sans_contact is False
    autre = _calvados(seuils, **_entre(60))
    ContactFactory(parcours=autre, date=AUJOURDHUI - 16 * J)
    annote = _annote(autre)
    assert annote.alerte_sans_contact is True
    assert annote.dernier_contact == AUJOURDHUI - 16 * J
    assert annote.seuil_sans_contact == 15


def test_contact_recent_ou_manque(seuils):
    parcours = _cantal(seuils, **_entre(60))
    ContactFactory(parcours=parcours, date=AUJOURDHUI - 9 * J)
    assert _annote(parcours).alerte_sans_contact is False
    # Un rendez-vous manqué ne compte pas comme un contact.
    manque = _cantal(seuils, **_entre(60))
    ContactFactory(parcours=manque, date=AUJOURDHUI - 20 * J)
    ContactFactory(parcours=manque, date=AUJOURDHUI - 2 * J, presence=PresenceContact.MANQUE)
    annote = _annote(manque)
    assert annote.alerte_sans_contact is True
    assert annote.dernier_contact == AUJOURDHUI - 20 * J


def test_sans_aucun_contact_compte_depuis_l_entree(seuils):
    ancien = _cantal(seuils, **_entre(11))
    recent = _cantal(seuils, **_entre(5))
    assert _annote(ancien).alerte_sans_contact is True
    assert _annote(recent).alerte_sans_contact is False


def test_pas_d_alerte_de_contact_pendant_une_suspension_ou_apres_la_sortie(seuils):
    suspendu = _cantal(seuils, etat=EtatParcours.SUSPENDU, **_entre(60))
    assert _annote(suspendu).alerte_sans_contact is False
    sorti = SortieFactory(
        parcours=_cantal(
            seuils,
            etat=EtatParcours.SORTI,
            date_sortie=AUJOURDHUI - 30 * J,
            motif_sortie="EMPLOI_DURABLE",
            **_entre(200),
        )
    ).parcours
    assert _annote(sorti).alerte_sans_contact is False


# --- Fin de terme --------------------------------------------------------------------------------------------


def test_fin_de_terme_suit_le_seuil_du_departement(seuils):
    champs = {"date_entree": AUJOURDHUI - 325 * J, "date_reperage": AUJOURDHUI - 340 * J}
    cantal = _cantal(seuils, date_fin_prevue=AUJOURDHUI + 40 * J, **champs)
    calvados = _calvados(seuils, date_fin_prevue=AUJOURDHUI + 40 * J, **champs)
    assert _annote(cantal).alerte_fin_terme is True  # 40 ≤ 45
    assert _annote(calvados).alerte_fin_terme is False  # 40 > 30
    proche = _calvados(seuils, date_fin_prevue=AUJOURDHUI + 30 * J, **champs)
    depassee = _calvados(seuils, date_fin_prevue=AUJOURDHUI - 1 * J, **champs)
    assert _annote(proche).alerte_fin_terme is True
    assert _annote(depassee).alerte_fin_terme is True


def test_fin_de_terme_ignore_les_parcours_clos(seuils):
    parcours = SortieFactory(
        parcours=_cantal(
            seuils,
            etat=EtatParcours.SORTI,
            date_entree=AUJOURDHUI - 300 * J,
            date_reperage=AUJOURDHUI - 310 * J,
            date_fin_prevue=AUJOURDHUI + 10 * J,
            date_sortie=AUJOURDHUI - 2 * J,
            motif_sortie="EMPLOI_DURABLE",
        )
    ).parcours
    assert _annote(parcours).alerte_fin_terme is False


# --- Orientation sans diagnostic --------------------------------------------------------------------------


def _oriente(personas, fabrique, jours, statut=StatutOrientation.PROPOSEE):
    parcours = fabrique(personas, etat=EtatParcours.ORIENTATION_PROPOSEE, date_reperage=AUJOURDHUI - 60 * J)
    OrientationFactory(
        parcours=parcours,
        date_proposition=AUJOURDHUI - jours * J,
        statut=statut,
        date_diagnostic_planifiee=AUJOURDHUI + J if statut == StatutOrientation.DIAGNOSTIC_PLANIFIE else None,
        prescripteur=personas.conseiller,
    )
    return parcours


def test_orientation_en_attente_suit_le_seuil_du_departement(seuils):
    assert _annote(_oriente(seuils, _cantal, 8)).alerte_orientation is True  # 8 > 7
    assert _annote(_oriente(seuils, _calvados, 8)).alerte_orientation is False  # 8 ≤ 21
    assert _annote(_oriente(seuils, _calvados, 22)).alerte_orientation is True
    planifie = _oriente(seuils, _calvados, 30, statut=StatutOrientation.DIAGNOSTIC_PLANIFIE)
    assert _annote(planifie).alerte_orientation is True  # planifié mais toujours sans diagnostic
    refusee = _oriente(seuils, _calvados, 30, statut=StatutOrientation.REFUSEE)
    assert _annote(refusee).alerte_orientation is False


# --- Actions en retard ---------------------------------------------------------------------------------------


def test_actions_en_retard_de_la_derniere_version(seuils):
    parcours = _cantal(seuils, **_entre(60))
    v1 = PlanActionFactory(parcours=parcours, version=1, signe_le=AUJOURDHUI - 50 * J, copie_figee={})
    ActionFactory(plan=v1, echeance=AUJOURDHUI - 5 * J)  # ancienne version : ignorée
    v2 = PlanActionFactory(parcours=parcours, version=2)
    ActionFactory(plan=v2, echeance=AUJOURDHUI - 1 * J)
    ActionFactory(plan=v2, echeance=AUJOURDHUI - 1 * J, statut=StatutAction.EN_COURS)
    ActionFactory(plan=v2, echeance=AUJOURDHUI - 1 * J, statut=StatutAction.REALISEE)
    ActionFactory(plan=v2, echeance=AUJOURDHUI - 1 * J, statut=StatutAction.ABANDONNEE)
    ActionFactory(plan=v2, echeance=AUJOURDHUI)  # échéance aujourd'hui : pas encore en retard
    ActionFactory(plan=v2, echeance=None)
    annote = _annote(parcours)
    assert annote.nb_actions_en_retard == 2
    assert annote.alerte_actions_en_retard is True
    sans_plan = _cantal(seuils, **_entre(1))
    assert _annote(sans_plan).nb_actions_en_retard == 0
    assert _annote(sans_plan).alerte_actions_en_retard is False


# --- Suivi à 6 mois ------------------------------------------------------------------------------------------------


def _sorti(personas, echeance, fait_le=None):
    return SortieFactory(
        parcours=_cantal(
            personas,
            etat=EtatParcours.SORTI,
            date_entree=AUJOURDHUI - 400 * J,
            date_reperage=AUJOURDHUI - 410 * J,
            date_fin_prevue=AUJOURDHUI - 35 * J,
            date_sortie=AUJOURDHUI - 190 * J,
            motif_sortie="EMPLOI_DURABLE",
        ),
        suivi_6_mois_echeance=echeance,
        suivi_6_mois_fait_le=fait_le,
    ).parcours


def test_suivi_a_6_mois_du(seuils):
    assert _annote(_sorti(seuils, AUJOURDHUI - 5 * J)).alerte_suivi_6_mois is True
    assert _annote(_sorti(seuils, AUJOURDHUI)).alerte_suivi_6_mois is True
    assert _annote(_sorti(seuils, AUJOURDHUI + 5 * J)).alerte_suivi_6_mois is False
    assert _annote(_sorti(seuils, AUJOURDHUI - 5 * J, fait_le=AUJOURDHUI - J)).alerte_suivi_6_mois is False


# --- Ensemble ------------------------------------------------------------------------------------------------------


def test_nombre_d_alertes_et_filtres(seuils):
    parcours = _cantal(seuils, date_entree=AUJOURDHUI - 330 * J, date_reperage=AUJOURDHUI - 340 * J)
    Parcours.objects.filter(pk=parcours.pk).update(date_fin_prevue=AUJOURDHUI + 20 * J)
    plan = PlanActionFactory(parcours=parcours)
    ActionFactory(plan=plan, echeance=AUJOURDHUI - J)
    calme = _cantal(seuils, **_entre(2))
    annote = _annote(parcours)
    assert (annote.alerte_sans_contact, annote.alerte_fin_terme, annote.alerte_actions_en_retard) == (True, True, True)
    assert annote.nb_alertes == 3
    assert _annote(calme).nb_alertes == 0
    qs = annoter_alertes(Parcours.objects.all(), aujourdhui=AUJOURDHUI)
    assert list(qs.filter(filtre_alerte("toutes"))) == [parcours]
    assert list(qs.filter(filtre_alerte(Alerte.FIN_TERME))) == [parcours]
    assert list(qs.filter(filtre_alerte(Alerte.SUIVI_6_MOIS))) == []


def test_sans_parametres_le_departement_prend_les_valeurs_par_defaut(seuils):
    ParametresDepartement.objects.filter(departement=seuils.calvados.departement).delete()
    parcours = _calvados(seuils, **_entre(60))
    ContactFactory(parcours=parcours, date=AUJOURDHUI - 14 * J)
    annote = _annote(parcours)
    assert annote.alerte_sans_contact is False
    assert annote.seuil_sans_contact == 15


def test_une_seule_requete_quelle_que_soit_la_longueur(seuils, django_assert_num_queries):
    for _ in range(5):
        parcours = _cantal(seuils, **_entre(60))
        ContactFactory(parcours=parcours, date=AUJOURDHUI - 3 * J)
        ActionFactory(plan=PlanActionFactory(parcours=parcours), echeance=AUJOURDHUI - J)
    # Paramètres des départements + la liste annotée.
    with django_assert_num_queries(2):
        lignes = list(annoter_alertes(Parcours.objects.all(), aujourdhui=AUJOURDHUI))
    assert len(lignes) == 5
    assert all(p.nb_actions_en_retard == 1 and p.dernier_contact == AUJOURDHUI - 3 * J for p in lignes)
