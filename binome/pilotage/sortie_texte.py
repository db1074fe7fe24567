"""Sortie texte de ``manage.py stats --format texte`` : le contenu du JSON, une clé par ligne, lisible à l'écran.

Mêmes clés et mêmes valeurs que le JSON (rien n'est recalculé ici) ; la ventilation par département
(``par_departement``, niveau national) est imprimée en tableau, une ligne par département.
"""

from django.utils.translation import gettext as _

from binome.pilotage.national import COLONNES_PAR_DEPARTEMENT


def _valeur(valeur) -> str:
    if valeur is None:
        return "—"
    if isinstance(valeur, bool):
        return _("oui") if valeur else _("non")
    if isinstance(valeur, float):
        return f"{valeur:g}".replace(".", ",")
    if isinstance(valeur, dict):
        return ", ".join(f"{cle} {_valeur(v)}" for cle, v in valeur.items()) or "—"
    if isinstance(valeur, list | tuple):
        return ", ".join(_valeur(v) for v in valeur) or "—"
    return str(valeur)


def _tableau(lignes: list[dict]) -> list[str]:
    colonnes = ["departement", "nom", *COLONNES_PAR_DEPARTEMENT]
    cellules = [colonnes] + [[_valeur(ligne[c]) for c in colonnes] for ligne in lignes]
    largeurs = [max(len(rang[j]) for rang in cellules) for j in range(len(colonnes))]
    return ["  ".join(cellule.ljust(largeurs[j]) for j, cellule in enumerate(rang)).rstrip() for rang in cellules]


def en_texte(resultat: dict) -> str:
    largeur = max(len(cle) for cle in resultat)
    lignes = [f"{cle.ljust(largeur)} : {_valeur(v)}" for cle, v in resultat.items() if cle != "par_departement"]
    if "par_departement" in resultat:
        lignes += ["", _("Ventilation par département :"), *_tableau(resultat["par_departement"])]
    return "\n".join(lignes)
