"""Graphiques en SVG produits côté serveur (aucun script, aucune bibliothèque externe).

Ce module calcule la géométrie ; le gabarit ``pilotage/_graphique.html`` écrit le SVG. Chaque série a un
**motif** (plein, hachures, points) en plus de sa couleur, et chaque barre porte sa valeur en clair : le
graphique se lit sans la couleur. Le tableau des valeurs est toujours affiché à côté.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MOTIFS = ("plein", "hachures", "points")
LARGEUR_GROUPE_MIN = 56
HAUTEUR_TRACE = 220
MARGE_GAUCHE = 48
MARGE_HAUTE = 24
MARGE_BASSE = 40
MARGE_DROITE = 12


@dataclass
class Barre:
    x: float
    y: float
    largeur: float
    hauteur: float
    motif: str
    etiquette: str  # valeur affichée au-dessus de la barre (« <5 » ou « s » si masquée)
    infobulle: str
    x_etiquette: float
    y_etiquette: float


@dataclass
class Graphique:
    identifiant: str
    titre: str
    description: str
    largeur: int
    hauteur: int
    series: list[dict] = field(default_factory=list)  # {"libelle", "motif"}
    barres: list[Barre] = field(default_factory=list)
    graduations: list[dict] = field(default_factory=list)  # {"y", "texte"}
    categories: list[dict] = field(default_factory=list)  # {"x", "texte"}
    x_axe: float = MARGE_GAUCHE
    y_axe: float = MARGE_HAUTE + HAUTEUR_TRACE
    x_fin: float = 0
    contient_masque: bool = False
    marques: list[str] = field(default_factory=list)  # marques courtes présentes (« <5 », « s ») pour la légende
    x_graduation: float = MARGE_GAUCHE - 6
    y_categories: float = MARGE_HAUTE + HAUTEUR_TRACE + 16
    y_annees: float = MARGE_HAUTE + HAUTEUR_TRACE + 30


def _maximum_rond(valeur: float) -> int:
    """Borne haute de l'axe, quatre graduations entières et rondes : 4 × (1, 2 ou 5 × 10^k) ≥ ``valeur``."""
    pas = 1
    while 4 * pas < valeur:
        puissance = 10 ** math.floor(math.log10(pas))
        pas = {1: 2, 2: 5, 5: 10}[pas // puissance] * puissance
    return 4 * pas


def _texte_nombre(valeur: float) -> str:
    if float(valeur).is_integer():
        return f"{int(valeur):,}".replace(",", "\u202f")
    return f"{valeur:.1f}".replace(".", ",")


def barres(identifiant: str, titre: str, description: str, categories: list[str], series: list[dict]) -> Graphique:
    """Histogramme groupé : ``series`` = [{"libelle", "valeurs": [Valeur…]}] (une valeur par catégorie)."""
    nb_series = max(len(series), 1)
    largeur_groupe = max(LARGEUR_GROUPE_MIN, 18 * nb_series + 20)
    largeur_trace = largeur_groupe * max(len(categories), 1)
    largeur = int(MARGE_GAUCHE + largeur_trace + MARGE_DROITE)
    hauteur = int(MARGE_HAUTE + HAUTEUR_TRACE + MARGE_BASSE)
    visibles = [v.nombre for s in series for v in s["valeurs"] if not v.masque and v.nombre is not None]
    maximum = _maximum_rond(max(visibles, default=0))
    graphique = Graphique(identifiant, titre, description, largeur, hauteur, x_fin=largeur - MARGE_DROITE)
    graphique.contient_masque = any(v.masque for s in series for v in s["valeurs"])
    graphique.marques = sorted({v.texte_court for s in series for v in s["valeurs"] if v.masque})
    for i, s in enumerate(series):
        graphique.series.append({"libelle": s["libelle"], "motif": MOTIFS[i % len(MOTIFS)]})
    for k in range(5):
        valeur = maximum * k / 4
        y = MARGE_HAUTE + HAUTEUR_TRACE - HAUTEUR_TRACE * k / 4
        graphique.graduations.append({"y": round(y, 1), "texte": _texte_nombre(valeur)})
    largeur_barre = (largeur_groupe - 16) / nb_series
    for j, categorie in enumerate(categories):
        x_groupe = MARGE_GAUCHE + j * largeur_groupe + 8
        mois, _espace, annee = categorie.partition(" ")
        graphique.categories.append(
            {"x": round(x_groupe + (largeur_groupe - 16) / 2, 1), "texte": mois, "annee": annee}
        )
        for i, s in enumerate(series):
            valeur = s["valeurs"][j]
            nombre = 0 if valeur.masque or valeur.nombre is None else valeur.nombre
            h = HAUTEUR_TRACE * nombre / maximum
            x = x_groupe + i * largeur_barre
            y = MARGE_HAUTE + HAUTEUR_TRACE - h
            graphique.barres.append(
                Barre(
                    x=round(x, 1),
                    y=round(y, 1),
                    largeur=round(largeur_barre - 2, 1),
                    hauteur=round(h, 1),
                    motif=MOTIFS[i % len(MOTIFS)],
                    etiquette=valeur.texte_court,
                    infobulle=f"{s['libelle']}, {categorie} : {valeur.texte}",
                    x_etiquette=round(x + (largeur_barre - 2) / 2, 1),
                    y_etiquette=round(y - 4, 1),
                )
            )
    return graphique


def du_tableau(tableau) -> list[Graphique]:
    """Les deux graphiques du tableau de bord (flux mensuels, personnes en cours), aux valeurs déjà masquées."""
    categories = [ligne["libelle"] for ligne in tableau.serie]
    debut, fin = (categories[0], categories[-1]) if categories else ("", "")
    flux = barres(
        "graphique-flux",
        _("Entrées, sorties et sorties positives par mois"),
        _(
            "Histogramme groupé de %(debut)s à %(fin)s : pour chaque mois, les entrées (barres pleines), les sorties "
            "(barres hachurées) et les sorties positives (barres à points), valeur inscrite au-dessus de chaque "
            "barre. Les mêmes valeurs figurent dans le tableau qui suit."
        )
        % {"debut": debut, "fin": fin},
        categories,
        [
            {"libelle": _("Entrées"), "valeurs": [ligne["valeurs"]["entrees"] for ligne in tableau.serie]},
            {"libelle": _("Sorties"), "valeurs": [ligne["valeurs"]["sorties"] for ligne in tableau.serie]},
            {
                "libelle": _("Sorties positives"),
                "valeurs": [ligne["valeurs"]["sorties_positives"] for ligne in tableau.serie],
            },
        ],
    )
    stock = barres(
        "graphique-stock",
        _("Personnes en cours d'accompagnement à la fin de chaque mois"),
        _(
            "Histogramme de %(debut)s à %(fin)s : nombre de parcours en cours le dernier jour de chaque mois, valeur "
            "inscrite au-dessus de chaque barre. Les mêmes valeurs figurent dans le tableau qui suit."
        )
        % {"debut": debut, "fin": fin},
        categories,
        [
            {
                "libelle": _("En cours en fin de mois"),
                "valeurs": [ligne["valeurs"]["en_cours_fin_mois"] for ligne in tableau.serie],
            }
        ],
    )
    return [flux, stock]
