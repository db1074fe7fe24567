"""Règles pures du cycle du parcours : dates, durées, âge, fin prévue, clôture d'une suspension, copie figée
des caractéristiques à l'entrée, suggestion de décision.

Aucune lecture de base, aucun effet : chaque règle est écrite **une fois** ici et appelée par les services,
l'import, la démonstration et le banc d'essai (``tests/accompagnement/test_regles.py`` le vérifie). Voir
``docs/parcours.md``.
"""

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from binome.accompagnement.enums import Aspiration, DecisionDiagnostic, NiveauFrein, Qualification, tranche_age

# Valeurs par défaut de la convention quand un département n'a pas (encore) de paramètres.
DUREE_PARCOURS_MOIS_DEFAUT = 12
DUREE_RENOUVELLEMENT_MOIS_DEFAUT = 6
DELAI_SUIVI_SORTIE_MOIS = 6
FENETRE_RENOUVELLEMENT_JOURS_DEFAUT = 60


def ajouter_mois(date: datetime.date, mois: int) -> datetime.date:
    """``date`` + ``mois`` mois calendaires ; le jour est ramené au dernier du mois si besoin
    (31 janvier + 1 mois = 28 ou 29 février)."""
    total = date.month - 1 + mois
    annee, mois_cible = date.year + total // 12, total % 12 + 1
    jour = min(date.day, calendar.monthrange(annee, mois_cible)[1])
    return datetime.date(annee, mois_cible, jour)


def age_a(date_naissance: datetime.date | None, au: datetime.date) -> int | None:
    """Âge en années révolues à la date ``au`` ; ``None`` si la date de naissance est inconnue."""
    if date_naissance is None:
        return None
    return au.year - date_naissance.year - ((au.month, au.day) < (date_naissance.month, date_naissance.day))


def fin_prevue(
    date_entree: datetime.date,
    duree_mois: int,
    *,
    renouvellement_mois: int = 0,
    jours_suspendus: int = 0,
) -> datetime.date:
    """Fin prévue d'un parcours.

    Entrée + durée de la convention (+ durée du renouvellement s'il a eu lieu), **décalée des jours
    suspendus** : une suspension ne consomme pas la durée d'accompagnement de la personne.
    """
    return ajouter_mois(date_entree, duree_mois + renouvellement_mois) + datetime.timedelta(days=jours_suspendus)


def fin_prevue_renouvelee(date_fin_prevue: datetime.date, renouvellement_mois: int) -> datetime.date:
    """Fin prévue après le renouvellement : repoussée de la durée du renouvellement, en mois calendaires."""
    return ajouter_mois(date_fin_prevue, renouvellement_mois)


def ouverture_renouvellement(date_fin_prevue: datetime.date | None, fenetre_jours: int) -> datetime.date | None:
    """Premier jour où le renouvellement peut être décidé : ``fenetre_jours`` avant la fin prévue
    (``ParametresDepartement.fenetre_renouvellement_jours``) ; ``None`` sans fin prévue."""
    if date_fin_prevue is None:
        return None
    return date_fin_prevue - datetime.timedelta(days=fenetre_jours)


def renouvellement_ouvert(*, date_fin_prevue: datetime.date | None, fenetre_jours: int, le: datetime.date) -> bool:
    """Le renouvellement se décide dans la fenêtre qui précède la fin prévue, pas dès l'entrée."""
    ouverture = ouverture_renouvellement(date_fin_prevue, fenetre_jours)
    return ouverture is not None and le >= ouverture


@dataclass(frozen=True)
class ClotureSuspension:
    jours: int  # jours de la période close
    jours_suspendus: int  # cumul du parcours, période comprise
    date_fin_prevue: datetime.date | None  # repoussée d'autant


def clore_suspension(
    *,
    debut: datetime.date,
    fin: datetime.date,
    jours_suspendus: int,
    date_fin_prevue: datetime.date | None,
) -> ClotureSuspension:
    """Clôture d'une suspension commencée le ``debut`` (premier jour suspendu) au jour ``fin`` (reprise ou
    sortie) : ses jours s'ajoutent au cumul du parcours et **la fin prévue est repoussée d'autant** (une
    suspension ne consomme pas la durée d'accompagnement)."""
    jours = jours_entre(debut, fin)
    return ClotureSuspension(
        jours=jours,
        jours_suspendus=jours_suspendus + jours,
        date_fin_prevue=date_fin_prevue + datetime.timedelta(days=jours) if date_fin_prevue else None,
    )


def caracteristiques_entree(
    *,
    date_entree: datetime.date,
    sexe: str,
    date_naissance: datetime.date | None,
    commune_id: str | None,
    rsa: bool,
    qpv: bool,
    niveau_formation: str,
    situation_marche_travail: str | None = None,
    parent_isole: bool | None = None,
    sans_domicile: bool | None = None,
    nationalite: str | None = None,
) -> dict[str, object]:
    """Copie figée des caractéristiques à l'entrée (champs ``*_entree`` du parcours) : les indicateurs ne
    bougent plus quand la personne évolue. Âge et tranche d'âge à la date d'entrée. Les valeurs ``None``
    (inconnues de la source, par exemple d'un fichier importé) gardent la valeur par défaut du modèle."""
    age = age_a(date_naissance, date_entree)
    copie = {
        "sexe": sexe,
        "age_entree": age,
        "tranche_age_entree": tranche_age(age),
        "commune_entree_id": commune_id,
        "rsa_entree": rsa,
        "qpv_entree": qpv,
        "niveau_formation_entree": niveau_formation,
        "situation_marche_travail_entree": situation_marche_travail,
        "parent_isole_entree": parent_isole,
        "sans_domicile_entree": sans_domicile,
        "nationalite_entree": nationalite,
    }
    return {champ: valeur for champ, valeur in copie.items() if valeur is not None or champ == "age_entree"}


def caracteristiques_de_la_personne(personne, date_entree: datetime.date) -> dict[str, object]:
    """``caracteristiques_entree`` lues sur une personne (sa situation courante à la date d'entrée)."""
    return caracteristiques_entree(
        date_entree=date_entree,
        sexe=personne.sexe,
        date_naissance=personne.date_naissance,
        commune_id=personne.commune_id,
        rsa=personne.beneficiaire_rsa,
        qpv=personne.residence_qpv,
        niveau_formation=personne.niveau_formation,
        situation_marche_travail=personne.situation_marche_travail,
        parent_isole=personne.parent_isole,
        sans_domicile=personne.sans_domicile,
        nationalite=personne.nationalite,
    )


def debut_parcours(date_entree: datetime.date | None, date_reperage: datetime.date) -> datetime.date:
    """Début du parcours : l'entrée en accompagnement, ou le repérage tant qu'il n'y a pas d'entrée. Aucune
    échéance du plan ne peut le précéder."""
    return date_entree or date_reperage


def jours_entre(debut: datetime.date, fin: datetime.date) -> int:
    """Jours suspendus d'une période : de ``debut`` (premier jour suspendu) à ``fin`` (jour de la reprise)."""
    return max((fin - debut).days, 0)


def duree_jours(
    date_entree: datetime.date | None,
    fin: datetime.date | None,
    jours_suspendus: int = 0,
) -> int | None:
    """Durée effective d'accompagnement : ``fin`` (sortie ou date d'observation) − entrée − jours suspendus."""
    if date_entree is None or fin is None:
        return None
    return max((fin - date_entree).days - jours_suspendus, 0)


# --- Suggestion de décision (aide, jamais appliquée) ------------------------------------------------

SEUIL_FREINS_FORTS_SOCIAL = 3


def suggerer_decision(
    *,
    activite_2_dernieres_annees: bool | None,
    qualification: str = "",
    aspiration: str = "",
    niveaux_freins: Mapping[str, str] | None = None,
) -> str:
    """Suggère une décision à partir des critères nationaux (CNE, 7 novembre 2024). **Indicatif** :
    la décision est toujours saisie par les professionnels, avec l'adhésion de la personne.

    Arbre de décision, dans l'ordre de l'aide nationale (activité → capacité à se projeter et
    qualification → niveau des freins) :

    1. Aucun frein évalué et aucun critère renseigné : pas de suggestion (chaîne vide).
    2. Au moins ``SEUIL_FREINS_FORTS_SOCIAL`` (3) domaines à impact fort **et** pas d'activité dans les
       deux dernières années : les freins empêchent toute recherche d'emploi → accompagnement social
       exclusif.
    3. Au moins un domaine à impact fort, ou deux domaines à impact moyen : freins sociaux qui pèsent
       sur la recherche d'emploi → accompagnement global (parcours socio-professionnel).
    4. Sinon (freins ponctuels ou sans impact), une modalité France Travail selon la distance à
       l'emploi : activité récente, qualification et retour rapide souhaité → suivi ; activité récente
       ou qualification → guidé ; ni l'une ni l'autre → renforcé.
    """
    niveaux = list((niveaux_freins or {}).values())
    criteres = (activite_2_dernieres_annees is not None) or bool(qualification) or bool(aspiration)
    if not niveaux and not criteres:
        return ""
    forts = niveaux.count(NiveauFrein.FORT)
    moyens = niveaux.count(NiveauFrein.MOYEN)
    if forts >= SEUIL_FREINS_FORTS_SOCIAL and not activite_2_dernieres_annees:
        return DecisionDiagnostic.SOCIAL_EXCLUSIF
    if forts >= 1 or moyens >= 2:
        return DecisionDiagnostic.GLOBAL
    qualifie = qualification == Qualification.QUALIFIANTE
    if activite_2_dernieres_annees and qualifie and aspiration == Aspiration.RETOUR_RAPIDE:
        return DecisionDiagnostic.FT_SUIVI
    if activite_2_dernieres_annees or qualifie:
        return DecisionDiagnostic.FT_GUIDE
    return DecisionDiagnostic.FT_RENFORCE


def echeance_orientation_rsa(inscrite_le: datetime.date | None, delai_jours: int) -> datetime.date | None:
    """Jour avant lequel l'orientation d'une nouvelle bénéficiaire du RSA est à décider : ``delai_jours`` après
    son apparition dans la liste de l'organisme payeur (6 semaines par défaut, réglage du département)."""
    return inscrite_le + datetime.timedelta(days=delai_jours) if inscrite_le else None
