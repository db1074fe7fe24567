"""Calculs purs du cycle du parcours : dates, durées, âge, suggestion de décision.

Aucune lecture de base, aucun effet : ces fonctions sont utilisées par ``services/parcours.py`` et
testées seules (``tests/accompagnement/test_cycle_calculs.py``). Voir ``docs/parcours.md``.
"""

import calendar
import datetime
from collections.abc import Mapping

from binome.accompagnement.enums import Aspiration, DecisionDiagnostic, NiveauFrein, Qualification

# Valeurs par défaut de la convention quand un département n'a pas (encore) de paramètres.
DUREE_PARCOURS_MOIS_DEFAUT = 12
DUREE_RENOUVELLEMENT_MOIS_DEFAUT = 6
DELAI_SUIVI_SORTIE_MOIS = 6


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
