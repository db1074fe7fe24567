"""Règles du cycle écrites une fois (``binome.accompagnement.calculs``) : clôture d'une suspension, fin prévue,
copie figée des caractéristiques à l'entrée.

Propriétés des règles seules, puis la preuve que les services et l'import appellent **la même** fonction
(``mock.patch(..., wraps=...)``). La démonstration : ``tests/demo/test_demo_accompagnement.py``.
"""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from binome.accompagnement import calculs, services
from binome.accompagnement.enums import (
    MotifSortie,
    MotifSuspension,
    Nationalite,
    NiveauFormation,
    SituationMarcheTravail,
    SituationSortieFSE,
    TrancheAge,
)
from binome.accompagnement.models import Parcours
from tests.accompagnement import cycle
from tests.accompagnement.factories import PeriodeSuspensionFactory, PersonneFactory
from tests.accompagnement.test_import_regles import valeurs

D = datetime.date
J0 = D(2025, 3, 3)
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 12, 31))


# --- Les règles seules -------------------------------------------------------------------------------------


@given(debut=dates, duree=st.integers(min_value=0, max_value=900), cumul=st.integers(0, 2000), fin_prevue=dates)
def test_clore_une_suspension_repousse_la_fin_prevue_d_autant(debut, duree, cumul, fin_prevue):
    fin = debut + datetime.timedelta(days=duree)
    cloture = calculs.clore_suspension(debut=debut, fin=fin, jours_suspendus=cumul, date_fin_prevue=fin_prevue)
    assert cloture.jours == duree == calculs.jours_entre(debut, fin)
    assert cloture.jours_suspendus == cumul + duree
    assert cloture.date_fin_prevue - fin_prevue == datetime.timedelta(days=duree)


@given(debut=dates, cumul=st.integers(0, 2000))
def test_clore_une_suspension_sans_fin_prevue_ni_jours_negatifs(debut, cumul):
    cloture = calculs.clore_suspension(
        debut=debut, fin=debut - datetime.timedelta(days=3), jours_suspendus=cumul, date_fin_prevue=None
    )
    assert (cloture.jours, cloture.jours_suspendus, cloture.date_fin_prevue) == (0, cumul, None)


@given(entree=dates, mois=st.integers(1, 36), renouvellement=st.integers(0, 12), suspendus=st.integers(0, 400))
def test_fin_prevue_et_renouvellement(entree, mois, renouvellement, suspendus):
    fin = calculs.fin_prevue(entree, mois)
    assert fin == calculs.ajouter_mois(entree, mois)
    assert calculs.fin_prevue_renouvelee(fin, renouvellement) == calculs.ajouter_mois(fin, renouvellement)
    assert calculs.fin_prevue(entree, mois, jours_suspendus=suspendus) == fin + datetime.timedelta(days=suspendus)


def test_fin_prevue_en_mois_calendaires():
    assert calculs.fin_prevue(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert calculs.fin_prevue_renouvelee(D(2024, 8, 31), 6) == D(2025, 2, 28)


def test_caracteristiques_entree_figees_a_la_date_d_entree():
    copie = calculs.caracteristiques_entree(
        date_entree=D(2025, 6, 14),
        sexe="F",
        date_naissance=D(1970, 6, 15),
        commune_id="15187",
        rsa=True,
        qpv=False,
        niveau_formation=NiveauFormation.CITE_3_4,
        situation_marche_travail=SituationMarcheTravail.INACTIF,
        parent_isole=True,
        sans_domicile=False,
        nationalite=Nationalite.UE,
    )
    assert copie == {
        "sexe": "F",
        "age_entree": 54,
        "tranche_age_entree": TrancheAge.DE_45_A_54,
        "commune_entree_id": "15187",
        "rsa_entree": True,
        "qpv_entree": False,
        "niveau_formation_entree": NiveauFormation.CITE_3_4,
        "situation_marche_travail_entree": SituationMarcheTravail.INACTIF,
        "parent_isole_entree": True,
        "sans_domicile_entree": False,
        "nationalite_entree": Nationalite.UE,
    }
    # Ce que la source ne connaît pas garde la valeur par défaut du modèle.
    partielle = calculs.caracteristiques_entree(
        date_entree=D(2025, 6, 15),
        sexe="H",
        date_naissance=None,
        commune_id="15187",
        rsa=False,
        qpv=False,
        niveau_formation=NiveauFormation.NON_RENSEIGNE,
    )
    assert partielle["age_entree"] is None and partielle["tranche_age_entree"] == ""
    assert "nationalite_entree" not in partielle
    assert set(partielle) <= {f.name for f in Parcours._meta.get_fields()} | {"commune_entree_id"}


# --- Une seule définition : les services et l'import l'appellent --------------------------------------------


@pytest.fixture
def horloge():
    with freeze_time("2025-03-03 10:00:00+01:00") as h:
        yield h


def _au(horloge, jour):
    horloge.move_to(datetime.datetime(jour.year, jour.month, jour.day, 10, tzinfo=datetime.UTC))


def _espion(nom):
    return mock.patch.object(calculs, nom, wraps=getattr(calculs, nom))


@pytest.mark.django_db
def test_l_entree_calcule_fin_prevue_et_copie_figee_par_les_regles(personas, horloge):
    with _espion("fin_prevue") as fin_prevue, _espion("caracteristiques_entree") as caracteristiques:
        parcours = cycle.parcours_actif(personas, entree=J0)
    fin_prevue.assert_called_once_with(J0, 12)
    assert caracteristiques.call_count == 1
    assert caracteristiques.call_args.kwargs["date_entree"] == J0
    assert parcours.date_fin_prevue == D(2026, 3, 3) and parcours.age_entree == 39


@pytest.mark.django_db
def test_reprise_et_sortie_closent_la_suspension_par_la_regle(personas, horloge):
    parcours = cycle.parcours_actif(personas, entree=J0)
    _au(horloge, D(2025, 5, 1))
    with _espion("clore_suspension") as clore:
        services.parcours_suspendre(
            acteur=personas.conseiller, parcours=parcours, debut=D(2025, 4, 1), motif=MotifSuspension.MALADIE
        )
        services.parcours_reprendre(acteur=personas.conseiller, parcours=parcours, date=D(2025, 4, 11))
        assert clore.call_count == 1
        services.parcours_suspendre(
            acteur=personas.conseiller, parcours=parcours, debut=D(2025, 4, 20), motif=MotifSuspension.MALADIE
        )
        services.parcours_sortir(
            acteur=personas.conseiller,
            parcours=parcours,
            date=D(2025, 4, 30),
            motif=MotifSortie.SANTE,
            situation_fse=SituationSortieFSE.EECR01,
        )
    assert clore.call_count == 2
    assert clore.call_args.kwargs["fin"] == D(2025, 4, 30)
    parcours.refresh_from_db()
    assert parcours.jours_suspendus == 20


@pytest.mark.django_db
def test_la_fiche_compte_la_suspension_en_cours_par_la_regle(client, personas):
    # Sans horloge figée (les vues chargent l'API, que freezegun dérange) : tout se passe aujourd'hui.
    aujourdhui = timezone.localdate()
    parcours = cycle.parcours_actif(personas, entree=aujourdhui)
    services.parcours_suspendre(
        acteur=personas.conseiller, parcours=parcours, debut=aujourdhui, motif=MotifSuspension.MALADIE
    )
    parcours.refresh_from_db()
    client.force_login(personas.conseiller)
    with _espion("clore_suspension") as clore:
        reponse = client.get(reverse("accompagnement:personne", args=[parcours.personne_id]))
    assert reponse.status_code == 200
    assert clore.call_args.kwargs == {
        "debut": aujourdhui,
        "fin": aujourdhui,
        "jours_suspendus": 0,
        "date_fin_prevue": parcours.date_fin_prevue,
    }


@pytest.mark.django_db
def test_l_import_applique_les_memes_regles(personas):
    with _espion("fin_prevue") as fin_prevue, _espion("caracteristiques_entree") as caracteristiques:
        services.parcours_importer(lignes=[valeurs(identifiant_ft="7777777Z")])
    assert fin_prevue.call_count == 1 and caracteristiques.call_count == 1
    # Sortie apportée par le fichier d'un parcours suspendu dans Binôme : même clôture de suspension.
    personne = PersonneFactory(
        departement=personas.cantal.departement,
        identifiant_ft="1234567A",
        nom="Fictif",
        prenom="Amandine",
        date_naissance=D(1988, 4, 12),
    )
    PeriodeSuspensionFactory(parcours__personne=personne, parcours__date_entree=D(2024, 1, 22), debut=D(2024, 5, 1))
    with _espion("clore_suspension") as clore:
        services.parcours_importer(lignes=[valeurs(date_sortie="2024-05-31", motif_sortie="SANTE")])
    clore.assert_called_once()
    assert clore.call_args.kwargs["fin"] == D(2024, 5, 31)
