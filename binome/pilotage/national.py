"""Niveau national : la ventilation par département, commune au tableau de bord national (``tableau.py``), à
``manage.py stats --national`` et à ``manage.py benchmark_stats``.

Mêmes définitions que le niveau départemental (``indicateurs.ventilation``, ``indicateurs.rapport``), la
définition nationale de référence de la sortie positive (``definitions.DEFINITION_NATIONALE``). Deux requêtes
quel que soit le nombre de départements : les comptes groupés par département, puis leurs noms.
"""

from django.utils.translation import gettext as _

from binome.organisations.selectors import parametres_du_departement
from binome.pilotage import indicateurs
from binome.pilotage.selectors import Perimetre
from binome.territoires.models import Departement

COLONNES_PAR_DEPARTEMENT = (
    "entrees",
    "en_cours_fin_periode",
    "sorties",
    "sorties_positives",
    "taux_sortie_positive",
    "duree_moyenne_jours",
)


def ventilation_departements(parcours, periode: indicateurs.Periode, codes_positifs) -> tuple[dict, dict]:
    """(comptes principaux par code de département, libellé de chaque département)."""
    lignes = indicateurs.ventilation(parcours, periode, codes_positifs, "departement")
    noms = {d.code: str(d) for d in Departement.objects.filter(code__in=[k for k in lignes if k]).order_by("code")}
    return lignes, noms


def valeurs_derivees(comptes: dict) -> dict:
    """Taux de sortie positive et durée moyenne d'une ligne de ventilation (mêmes formules que le tableau)."""
    return {
        "taux_sortie_positive": indicateurs.rapport(comptes["sorties_positives"], comptes["sorties"]),
        "duree_moyenne_jours": indicateurs.rapport(comptes["somme_duree_jours"], comptes["sorties"], 1),
    }


def par_departement(parcours, periode: indicateurs.Periode, codes_positifs) -> list[dict]:
    """Une ligne par département présent dans la période, dans l'ordre des codes (valeurs exactes)."""
    lignes, noms = ventilation_departements(parcours, periode, codes_positifs)
    resultat = []
    for code in sorted(lignes):
        comptes = {**lignes[code], **valeurs_derivees(lignes[code])}
        resultat.append(
            {"departement": code, "nom": noms.get(code, code), **{c: comptes[c] for c in COLONNES_PAR_DEPARTEMENT}}
        )
    return resultat


def seuil_sans_contact(perimetre: Perimetre) -> int:
    """Seuil d'alerte sans contact du département ; au niveau national, le seuil de référence commun à tous."""
    if perimetre.national:
        return indicateurs.SEUIL_SANS_CONTACT_JOURS
    return parametres_du_departement(perimetre.departement).alerte_sans_contact_jours


def note_seuil(seuil: int, national: bool) -> str:
    if national:
        return _(
            "Seuil d'alerte sans contact de référence, commun à tous les départements : %(n)s jours "
            "(chaque département peut retenir le sien sur son tableau de bord)."
        ) % {"n": seuil}
    return _("Seuil d'alerte sans contact du département : %(n)s jours.") % {"n": seuil}
