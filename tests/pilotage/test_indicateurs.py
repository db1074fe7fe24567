"""Chaque indicateur contre le jeu calculé à la main (``jeu.py``), cas limites compris."""

import datetime

import pytest

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.pilotage import indicateurs
from binome.pilotage.definitions import DEFINITION_PAR_DEFAUT
from tests.pilotage.jeu import ATTENDU, AU, DU, creer_jeu

pytestmark = pytest.mark.django_db

D = datetime.date
P = indicateurs.Periode(DU, AU)


@pytest.fixture
def jeu(personas):
    return creer_jeu(personas)


def _global(personas):
    return Parcours.objects.filter(departement=personas.cantal.departement, modalite=e.Modalite.GLOBAL)


def test_chaque_indicateur_du_jeu(personas, jeu):
    resultat = indicateurs.calculer(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)
    for cle, attendu in ATTENDU.items():
        if cle == "definition_sortie_positive":
            continue
        assert resultat[cle] == attendu, cle


def test_sortie_le_dernier_jour_compte_en_sortie_et_pas_en_cours(personas, jeu):
    b = Parcours.objects.filter(pk=jeu["B"].pk)
    c = indicateurs.comptages(b, P, DEFINITION_PAR_DEFAUT.codes)
    assert (c["entrees"], c["sorties"], c["en_cours_fin_periode"]) == (1, 1, 0)
    # Le lendemain de la fin, B ne compte plus ; la veille de sa sortie, il était en cours.
    veille = indicateurs.Periode(DU, D(2025, 6, 29))
    c = indicateurs.comptages(b, veille, DEFINITION_PAR_DEFAUT.codes)
    assert (c["sorties"], c["en_cours_fin_periode"]) == (0, 1)


def test_entree_le_dernier_jour_et_le_premier_jour(personas, jeu):
    qs = Parcours.objects.filter(pk__in=[jeu["D"].pk, jeu["B"].pk])
    c = indicateurs.comptages(qs, P, DEFINITION_PAR_DEFAUT.codes)
    assert c["entrees"] == 2
    # Un jour plus tôt, D n'est pas encore entré ; un jour plus tard, B n'est plus une entrée de la période.
    c = indicateurs.comptages(qs, indicateurs.Periode(D(2025, 1, 2), D(2025, 6, 29)), DEFINITION_PAR_DEFAUT.codes)
    assert c["entrees"] == 0


def test_reentree_compte_deux_entrees_et_une_seule_personne_en_cours(personas, jeu):
    meme_personne = Parcours.objects.filter(personne=jeu["A"].personne)
    assert meme_personne.count() == 2
    c = indicateurs.comptages(meme_personne, indicateurs.Periode(D(2024, 10, 1), D(2025, 4, 30)), ["EMPLOI_DURABLE"])
    # A entre en 10/2024 et sort le 15/03 ; I (ré-entrée) entre le 01/04 et est en cours au 30/04.
    assert (c["entrees"], c["sorties"], c["en_cours_fin_periode"], c["sorties_positives"]) == (2, 1, 1, 1)


def test_suspension_exclue_de_la_duree(personas, jeu):
    i = Parcours.objects.filter(pk=jeu["I"].pk)
    assert indicateurs.calculer(i, P, ())["duree_moyenne_jours"] == 55.0
    assert indicateurs.duree_mediane(i, P) == 55.0


def test_periode_vide(personas, jeu):
    vide = indicateurs.Periode(D(2030, 1, 1), D(2030, 1, 31))
    r = indicateurs.calculer(_global(personas), vide, DEFINITION_PAR_DEFAUT.codes)
    assert (r["entrees"], r["sorties"], r["sorties_positives"]) == (0, 0, 0)
    assert r["sorties_par_motif"] == {}
    assert r["taux_sortie_positive"] is None
    assert r["duree_moyenne_jours"] is None and r["duree_mediane_jours"] is None
    assert r["part_rsa"] is None and r["part_femmes"] is None
    # Stock : C, D, F et G (entré après P, jamais sorti) sont toujours en cours en 2030.
    assert r["en_cours_fin_periode"] == 4


def test_aucun_parcours(personas):
    r = indicateurs.calculer(Parcours.objects.none(), P, DEFINITION_PAR_DEFAUT.codes)
    assert r["entrees"] == 0 and r["taux_sortie_positive"] is None and r["contacts_par_personne_mois"] is None


def test_modalite_social_exclusif(personas, jeu):
    qs = Parcours.objects.filter(departement=personas.cantal.departement, modalite=e.Modalite.SOCIAL_EXCLUSIF)
    r = indicateurs.calculer(qs, P, DEFINITION_PAR_DEFAUT.codes)
    assert (r["entrees"], r["en_cours_fin_periode"], r["sorties"]) == (1, 1, 0)
    assert (r["part_rsa"], r["part_femmes"], r["part_hommes"]) == (1.0, 1.0, 0.0)
    assert r["taux_sortie_positive"] is None


def test_mediane_effectif_impair_et_pair(personas, jeu):
    # Sorties de P : 36, 55, 155, 180 → (55+155)/2 ; sans B : 36, 55, 155 → 55.
    assert indicateurs.duree_mediane(_global(personas), P) == 105.0
    assert indicateurs.duree_mediane(_global(personas).exclude(pk=jeu["B"].pk), P) == 55.0
    assert indicateurs.duree_mediane(_global(personas), indicateurs.Periode(D(2030, 1, 1), D(2030, 1, 2))) is None


def test_serie_mensuelle(personas, jeu):
    serie = indicateurs.serie_mensuelle(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)
    assert [s["mois"] for s in serie] == [D(2025, m, 1) for m in range(1, 7)]
    assert [s["entrees"] for s in serie] == [2, 1, 0, 1, 0, 1]  # B+M, C, —, I, —, D
    assert [s["sorties"] for s in serie] == [0, 1, 1, 0, 1, 1]  # M, A, I, B
    assert [s["sorties_positives"] for s in serie] == [0, 1, 1, 0, 0, 1]
    assert [s["somme_duree_jours"] for s in serie] == [0, 36, 155, 0, 55, 180]
    # En cours en fin de mois : janv. A B F H M ; févr. A B C F H ; mars B C F H ; avril B C F H I ;
    # mai B C F H ; juin C D F H.
    assert [s["en_cours_fin_mois"] for s in serie] == [5, 5, 4, 5, 4, 4]
    assert sum(s["entrees"] for s in serie) == ATTENDU["entrees"]


def test_serie_bornee_a_la_periode(personas, jeu):
    serie = indicateurs.serie_mensuelle(_global(personas), indicateurs.Periode(D(2025, 1, 10), D(2025, 2, 14)), ())
    assert [(s["du"], s["au"]) for s in serie] == [(D(2025, 1, 10), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 2, 14))]
    assert [s["entrees"] for s in serie] == [1, 1]  # M (15/01), C (10/02) ; B (01/01) est avant le début


def test_ventilation_par_conseiller(personas, jeu):
    v = indicateurs.ventilation(_global(personas), P, DEFINITION_PAR_DEFAUT.codes, "conseiller")
    assert v[personas.conseiller.pk]["entrees"] == 2  # C, D
    assert v[personas.conseiller.pk]["en_cours_fin_periode"] == 2
    assert v[None]["sorties"] == 4 and v[None]["sorties_positives"] == 3
    assert sum(x["entrees"] for x in v.values()) == ATTENDU["entrees"]


def test_seuil_sans_contact_du_departement(personas, jeu):
    # Avec un seuil de 30 jours, F (contact le 10/06) n'est plus en alerte.
    assert indicateurs.sans_contact(_global(personas), AU, 30) == {"actifs": 3, "sans_contact": 0}


def test_cohorte_incomplete_signalee(personas, jeu):
    r = indicateurs.calculer(_global(personas), P, (), date_donnees=D(2025, 9, 1))
    assert r["cohorte_6_mois_complete"] is False
    r = indicateurs.calculer(_global(personas), P, (), date_donnees=D(2026, 7, 1))
    assert r["cohorte_6_mois_complete"] is True and r["cohorte_12_mois_complete"] is True


def test_periode_invalide():
    with pytest.raises(ValueError):
        indicateurs.Periode(D(2025, 2, 1), D(2025, 1, 1))


def test_nombre_de_requetes_fixe(personas, jeu, django_assert_num_queries):
    with django_assert_num_queries(3):
        indicateurs.calculer(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)
    with django_assert_num_queries(3):
        indicateurs.serie_mensuelle(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)
    fins = [fin for _p, _d, fin in P.mois()]
    with django_assert_num_queries(3):
        c = indicateurs.calculer(_global(personas), P, DEFINITION_PAR_DEFAUT.codes, fins_de_mois=fins)
    with django_assert_num_queries(2):
        serie = indicateurs.serie_mensuelle(
            _global(personas), P, DEFINITION_PAR_DEFAUT.codes, stock=c["stock_fins_de_mois"]
        )
    assert serie == indicateurs.serie_mensuelle(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)


def test_ventilations_en_une_requete(personas, jeu, django_assert_num_queries):
    champs = ["organisation_conseiller", "conseiller"]
    with django_assert_num_queries(1):
        deux = indicateurs.ventilations(_global(personas), P, DEFINITION_PAR_DEFAUT.codes, champs)
    for champ in champs:
        assert deux[champ] == indicateurs.ventilation(_global(personas), P, DEFINITION_PAR_DEFAUT.codes, champ)
    assert deux["organisation_conseiller"][personas.cantal.agence.pk]["entrees"] == ATTENDU["entrees"]


def test_fonctions_unitaires_egales_au_calcul_groupe(personas, jeu):
    r = indicateurs.calculer(_global(personas), P, DEFINITION_PAR_DEFAUT.codes)
    assert indicateurs.contacts_honores(_global(personas), P) == r["contacts_honores"] == 5
    assert indicateurs.sans_contact(_global(personas), AU) == {"actifs": 3, "sans_contact": 1}


def test_parcours_entre_puis_non_retenu_est_fini_a_sa_date_de_non_retenue(personas):
    """Retour du social exclusif sans nouvelle entrée : ``NON_RETENU`` avec une date d'entrée (docs/parcours.md)."""
    from tests.pilotage.jeu import _parcours

    p = _parcours(personas, "N", D(2025, 2, 1))
    Parcours.objects.filter(pk=p.pk).update(etat=e.EtatParcours.NON_RETENU, non_retenu_le=D(2025, 4, 15))
    qs = Parcours.objects.filter(pk=p.pk)
    c = indicateurs.comptages(qs, P, DEFINITION_PAR_DEFAUT.codes)
    # Une entrée, pas une sortie (aucun motif), plus en cours au 30/06 ; présent du 01/02 au 15/04 = 74 jours.
    assert (c["entrees"], c["sorties"], c["en_cours_fin_periode"], c["jours_presence"]) == (1, 0, 0, 74)
    avant = indicateurs.comptages(qs, indicateurs.Periode(DU, D(2025, 4, 14)), ())
    assert avant["en_cours_fin_periode"] == 1
    assert [s["en_cours_fin_mois"] for s in indicateurs.serie_mensuelle(qs, P, ())] == [0, 1, 1, 0, 0, 0]
