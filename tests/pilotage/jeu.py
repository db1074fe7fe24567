"""Jeu de données calculé à la main pour les indicateurs (Cantal, accompagnement global).

Période de référence P = du 1er janvier au 30 juin 2025 (bornes incluses). Chaque parcours illustre un cas ;
les résultats attendus sont recalculés à la main dans ``ATTENDU`` (détail des calculs en commentaire).

    clé entrée      sortie      motif            susp. orientation sexe rsa qpv tranche CITE  cas illustré
    A   2024-10-01  2025-03-15  EMPLOI_DURABLE   10    —           F    .   .   30-44   3-4
    B   2025-01-01  2025-06-30  FORMATION        0     —           F    .   .   30-44   3-4   1er et dernier jour
    C   2025-02-10  —           —                0     2025-01-20  H    x   x   18-25   0-2
    D   2025-06-30  —           —                0     2025-06-01  F    x   .   55+     3-4   entrée le dernier jour
    E   2024-05-01  2024-12-31  ABANDON          0     —           F    .   .   30-44   3-4   hors période
    F   2024-03-01  —           —                0     —           F    .   .   30-44   3-4   stock ancien
    G   2025-07-01  —           —                0     —           F    .   .   30-44   3-4   après la période
    H   2024-12-01  2025-07-01  EMPLOI_DURABLE   0     —           F    .   .   30-44   3-4   suspendu au 30/06
    I   2025-04-01  2025-05-31  ABANDON          5     2025-03-20  F    .   .   30-44   3-4   ré-entrée (personne de A)
    M   2025-01-15  2025-02-20  EMPLOI_DURABLE   0     2025-01-05  H    .   .   30-44   3-4
    J         social exclusif, entrée 2025-03-01 (hors modalité globale)
    K         Calvados, entrée 2025-02-01 (hors département)
    L         repéré, sans entrée
"""

import datetime

from binome.accompagnement import enums as e
from binome.comptes.models import Role
from tests import factories as f
from tests.accompagnement.factories import (
    ContactFactory,
    ParcoursFactory,
    PeriodeSuspensionFactory,
    PersonneFactory,
    SortieFactory,
)

D = datetime.date
DU = D(2025, 1, 1)
AU = D(2025, 6, 30)


def _parcours(
    personas,
    cle,
    entree,
    *,
    sortie=None,
    motif="",
    suspendus=0,
    orientation=None,
    sexe="F",
    rsa=False,
    qpv=False,
    tranche=e.TrancheAge.DE_30_A_44,
    cite=e.NiveauFormation.CITE_3_4,
    modalite=e.Modalite.GLOBAL,
    territoire=None,
    personne=None,
    conseiller=None,
    referent=None,
    organisation_conseiller=None,
    organisation_referent=None,
):
    territoire = territoire or personas.cantal
    personne = personne or PersonneFactory(
        departement=territoire.departement,
        commune=next(iter(territoire.communes.values())),
        sexe=sexe,
        nom=f"Personne {cle}",
    )
    etat = (
        e.EtatParcours.SORTI
        if sortie
        else (e.EtatParcours.SOCIAL_EXCLUSIF if modalite == e.Modalite.SOCIAL_EXCLUSIF else e.EtatParcours.ACTIF)
    )
    parcours = ParcoursFactory(
        personne=personne,
        etat=etat,
        modalite=modalite,
        date_reperage=entree - datetime.timedelta(days=60),
        date_orientation=orientation,
        date_entree=entree,
        date_fin_prevue=entree + datetime.timedelta(days=365),
        date_sortie=sortie,
        motif_sortie=motif,
        jours_suspendus=suspendus,
        sexe=sexe,
        rsa_entree=rsa,
        qpv_entree=qpv,
        tranche_age_entree=tranche,
        niveau_formation_entree=cite,
        conseiller=conseiller,
        referent_social=referent,
        organisation_conseiller=organisation_conseiller if organisation_conseiller is not None else territoire.agence,
        organisation_referent=organisation_referent if organisation_referent is not None else territoire.unite,
    )
    if sortie:
        SortieFactory(parcours=parcours, date=sortie, motif=motif, situation_fse=e.SituationSortieFSE.EECR04)
    return parcours


def creer_jeu(personas) -> dict:
    """Crée le jeu et renvoie les parcours par clé."""
    x = personas.conseiller
    y = f.agent("yves.conseiller@exemple.gouv.fr", "Yves", "Second", personas.cantal.agence, Role.CONSEILLER_FT)
    z = personas.travailleur_social
    p = {}
    p["A"] = _parcours(
        personas,
        "A",
        D(2024, 10, 1),
        sortie=D(2025, 3, 15),
        motif=e.MotifSortie.EMPLOI_DURABLE,
        suspendus=10,
        referent=z,
    )
    p["B"] = _parcours(personas, "B", D(2025, 1, 1), sortie=D(2025, 6, 30), motif=e.MotifSortie.FORMATION)
    p["C"] = _parcours(
        personas,
        "C",
        D(2025, 2, 10),
        orientation=D(2025, 1, 20),
        sexe="H",
        rsa=True,
        qpv=True,
        tranche=e.TrancheAge.DE_18_A_25,
        cite=e.NiveauFormation.CITE_0_2,
        conseiller=x,
        referent=z,
    )
    p["D"] = _parcours(
        personas,
        "D",
        D(2025, 6, 30),
        orientation=D(2025, 6, 1),
        rsa=True,
        tranche=e.TrancheAge.PLUS_55,
        conseiller=x,
        referent=z,
    )
    p["E"] = _parcours(personas, "E", D(2024, 5, 1), sortie=D(2024, 12, 31), motif=e.MotifSortie.ABANDON)
    p["F"] = _parcours(personas, "F", D(2024, 3, 1), conseiller=y, referent=z)
    p["G"] = _parcours(personas, "G", D(2025, 7, 1))
    p["H"] = _parcours(
        personas, "H", D(2024, 12, 1), sortie=D(2025, 7, 1), motif=e.MotifSortie.EMPLOI_DURABLE, referent=z
    )
    p["I"] = _parcours(
        personas,
        "I",
        D(2025, 4, 1),
        sortie=D(2025, 5, 31),
        motif=e.MotifSortie.ABANDON,
        suspendus=5,
        orientation=D(2025, 3, 20),
        personne=p["A"].personne,
    )
    p["M"] = _parcours(
        personas,
        "M",
        D(2025, 1, 15),
        sortie=D(2025, 2, 20),
        motif=e.MotifSortie.EMPLOI_DURABLE,
        orientation=D(2025, 1, 5),
        sexe="H",
    )
    p["J"] = _parcours(personas, "J", D(2025, 3, 1), modalite=e.Modalite.SOCIAL_EXCLUSIF, rsa=True)
    p["K"] = _parcours(personas, "K", D(2025, 2, 1), territoire=personas.calvados)
    p["L"] = ParcoursFactory(
        personne=PersonneFactory(
            departement=personas.cantal.departement, commune=next(iter(personas.cantal.communes.values()))
        ),
        etat=e.EtatParcours.REPERE,
    )
    # H est suspendu depuis le 1er juin (en cours au 30 juin) ; I a eu une suspension close de 5 jours.
    PeriodeSuspensionFactory(parcours=p["H"], debut=D(2025, 6, 1), fin=None)
    PeriodeSuspensionFactory(parcours=p["I"], debut=D(2025, 4, 10), fin=D(2025, 4, 14))
    # Contacts : seuls les contacts honorés, datés dans P et pendant l'accompagnement, comptent.
    honore, manque = e.PresenceContact.HONORE, e.PresenceContact.MANQUE
    for cle, date, presence in [
        ("C", D(2025, 2, 10), honore),  # compte (jour d'entrée)
        ("C", D(2025, 3, 1), manque),  # manqué : ne compte pas
        ("C", D(2025, 6, 20), honore),  # compte ; contact récent au 30/06
        ("D", D(2025, 6, 30), honore),  # compte (dernier jour)
        ("F", D(2024, 12, 20), honore),  # avant P
        ("F", D(2025, 6, 10), honore),  # compte ; mais plus de 15 jours avant le 30/06
        ("A", D(2025, 1, 10), honore),  # compte
        ("A", D(2025, 3, 20), honore),  # après la sortie de A
        ("G", D(2025, 7, 2), honore),  # après P
        ("J", D(2025, 3, 5), honore),  # autre modalité
        ("I", D(2025, 3, 25), honore),  # avant l'entrée de I
    ]:
        ContactFactory(parcours=p[cle], date=date, presence=presence)
    return p


# Résultats attendus pour le Cantal, modalité globale, période P.
#  entrées : B, C, D, I, M = 5 ; en cours au 30/06 : C, D, F, H = 4 ; sorties : A, B, I, M = 4
#  durées : A 165−10 = 155 ; B 180 ; I 60−5 = 55 ; M 36  → somme 426, moyenne 106,5 ; médiane (55+155)/2 = 105
#  délai : C 21, D 29, I 12, M 10 → 72/4 = 18
#  jours de présence dans P : A 74, B 181, C 141, D 1, F 181, H 181, I 61, M 37 = 857 ; 8 présents
#  contacts comptés : C×2, D, F, A = 5 → 5 / (857/30,4375) = 0,1776 → 0,18
#  actifs au 30/06 (hors suspendus) : C, D, F ; sans contact depuis plus de 15 jours : F → 1/3
#  portefeuilles : C, D (Claire), F (Yves), H (aucun) → 3/2 = 1,5 ; référents : C, D, F, H (Sophie) → 4/1 = 4
ATTENDU = {
    "entrees": 5,
    "en_cours_fin_periode": 4,
    "sorties": 4,
    "sorties_par_motif": {"ABANDON": 1, "EMPLOI_DURABLE": 2, "FORMATION": 1},
    "sorties_positives": 3,
    "taux_sortie_positive": 0.75,
    "definition_sortie_positive": ["EMPLOI_DURABLE", "EMPLOI_TRANSITION", "CREATION_ENTREPRISE", "FORMATION"],
    "duree_moyenne_jours": 106.5,
    "duree_mediane_jours": 105.0,
    "delai_moyen_orientation_entree_jours": 18.0,
    "part_rsa": 0.4,
    "part_qpv": 0.2,
    "part_femmes": 0.6,
    "part_hommes": 0.4,
    "part_moins_26": 0.2,
    "part_55_plus": 0.2,
    "part_cite_0_2": 0.2,
    "contacts_honores": 5,
    "personnes_mois": 28.16,
    "contacts_par_personne_mois": 0.18,
    "actifs_fin_periode": 3,
    "sans_contact": 1,
    "part_sans_contact": 0.3333,
    "portefeuille_moyen_conseiller": 1.5,
    "portefeuille_moyen_referent": 4.0,
    "emploi_durable_6_mois": 1,
    "taux_emploi_durable_6_mois": 0.2,
    "emploi_durable_12_mois": 1,
    "taux_emploi_durable_12_mois": 0.2,
}
