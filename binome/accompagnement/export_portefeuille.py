"""Export CSV du portefeuille : les colonnes de la liste affichée (``suivi/_tableau_suivi.html``), sur les parcours
déjà filtrés par ``selectors.portefeuille`` et ``selectors.filtrer_suivi`` (mêmes filtres que l'écran).

Écrit par ``binome.core.tableur`` (neutralisation des formules) ; la route est journalisée comme un export
(``binome/confiance/registre.py``). Aucun détail social : les mêmes colonnes que la liste, rien de plus.
"""

import io

from django.utils.translation import gettext as _

from binome.accompagnement.alertes import Alerte
from binome.core.tableur import ecrivain_csv

BOM = "\ufeff"


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


def portefeuille_csv(parcours) -> bytes:
    """Le fichier (UTF-8 avec BOM, séparateur « ; ») des parcours donnés, dans leur ordre."""
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(colonnes())
    for p in parcours:
        ecrivain.writerow(ligne(p))
    return (BOM + tampon.getvalue()).encode("utf-8")
