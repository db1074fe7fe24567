"""Export CSV du portefeuille : les colonnes de la liste affichée (``suivi/_tableau_suivi.html``), sur les parcours
déjà filtrés par ``selectors.portefeuille`` et ``selectors.filtrer_suivi`` (mêmes filtres que l'écran).

Écrit par ``binome.core.tableur`` (neutralisation des formules) ; la route est journalisée comme un export
(``binome/confiance/registre.py``). Aucun détail social : les mêmes colonnes que la liste, rien de plus.

En flux (issue 17) : les parcours sont lus par paquets (``QuerySet.iterator``) et le fichier est produit par
morceaux (``binome.core.tableur.flux_csv``) : la mémoire ne dépend pas de la taille du portefeuille.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _

from binome.accompagnement.alertes import Alerte
from binome.core.tableur import TAILLE_PAQUET, flux_csv


def colonnes() -> list[str]:
    return [
        _("Personne"),
        _("État"),
        _("Modalité"),
        _("Entrée"),
        _("Dernier contact"),
        _("Prochain contact"),
        _("Alertes"),
    ]


def _date(valeur) -> str:
    return valeur.strftime("%d/%m/%Y") if valeur else ""


def _alertes(parcours) -> str:
    libelles = dict(Alerte.CHOIX)
    return " ; ".join(str(libelles[code]) for code, champ in Alerte.CHAMPS.items() if getattr(parcours, champ, False))


def ligne(parcours) -> list:
    """Une ligne du CSV pour un parcours annoté par ``binome.accompagnement.alertes`` (aucune requête)."""
    return [
        str(parcours.personne),
        str(parcours.get_etat_display()),
        str(parcours.get_modalite_display()),
        _date(parcours.date_entree),
        _date(parcours.dernier_contact),
        _date(parcours.prochain_contact),
        _alertes(parcours),
    ]


def _lignes(parcours) -> Iterator[list]:
    yield colonnes()
    for p in parcours.iterator(chunk_size=TAILLE_PAQUET):
        yield ligne(p)


def portefeuille_csv(parcours) -> Iterator[bytes]:
    """Le fichier (UTF-8 avec BOM, séparateur « ; ») des parcours donnés (un ``QuerySet``), dans leur ordre, par
    morceaux d'octets ; la requête part au premier morceau demandé."""
    return flux_csv(_lignes(parcours), delimiter=";", lineterminator="\r\n")
