"""Sortie de ``manage.py stats`` : valeurs exactes ou, avec ``--masquer``, ce que voit un pilote ; JSON ou texte.

Le masquage n'est pas recalculé ici : les valeurs masquées viennent du tableau de bord (``tableau.construire``),
celui de l'écran et des exports du pilote, si bien que la commande imprime exactement ce que le pilote voit.
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.pilotage import actions_collectives, delais_rendez_vous, suivi_sortie
from binome.pilotage.contenu_tableau import DEFINITIONS, LEGENDE_MASQUAGE, REGLE_MASQUAGE, Tableau
from binome.pilotage.national import COLONNES_PAR_DEPARTEMENT

SOUS_CLES = {
    suivi_sortie.CLE: suivi_sortie.CLES_INDICATEURS,
    delais_rendez_vous.CLE: delais_rendez_vous.CLES_INDICATEURS,
    actions_collectives.CLE: actions_collectives.CLES_INDICATEURS,
}
LIBELLES = {
    suivi_sortie.CLE: gettext_lazy("Situation six mois après la sortie"),
    delais_rendez_vous.CLE: gettext_lazy("Premier rendez-vous honoré après la décision d'orientation"),
    actions_collectives.CLE: gettext_lazy("Actions collectives"),
}


def valeurs_du_tableau(tableau: Tableau) -> dict:
    """{clé: Valeur} de toutes les valeurs du tableau nommées comme dans ``stats``."""
    valeurs = dict(tableau.effectifs)
    valeurs.update({ligne.cle: ligne.valeur for section in tableau.sections for ligne in section.lignes})
    return valeurs


def masquer(exactes: dict, tableau: Tableau) -> dict:
    """Le dictionnaire de ``stats`` tel qu'un pilote le voit : chaque valeur du tableau masquée porte sa marque
    (« < 5 » pour un effectif de 1 à 4, « s » pour le secret par complément ou une valeur dérivée)."""
    valeurs = valeurs_du_tableau(tableau)
    motifs = {m["code"]: m["valeur"] for m in tableau.motifs}
    resultat = {}
    for cle, valeur in exactes.items():
        if cle == "par_departement":
            resultat[cle] = _par_departement_masque(valeur, tableau)
        elif cle == "sorties_par_motif":
            resultat[cle] = {code: motifs[code].pour_export if code in motifs else n for code, n in valeur.items()}
        elif isinstance(valeur, dict) and isinstance(exactes.get(cle), dict):
            resultat[cle] = {
                sous_cle: valeurs[f"{cle}:{sous_cle}"].pour_export if f"{cle}:{sous_cle}" in valeurs else n
                for sous_cle, n in valeur.items()
            }
        elif cle in valeurs:
            resultat[cle] = valeurs[cle].pour_export
        else:
            resultat[cle] = valeur
    resultat["masque"] = True
    resultat["secret_statistique"] = {
        "regle": str(REGLE_MASQUAGE),
        "legende": {marque: str(texte) for marque, texte in LEGENDE_MASQUAGE},
    }
    return resultat


def _par_departement_masque(lignes: list[dict], tableau: Tableau) -> list[dict]:
    """Les lignes de la comparaison des départements du tableau national, telles que le pilote les voit."""
    comparaison = next((c for c in tableau.comparaisons if c.cle == "departements"), None)
    masquees = {ligne["libelle"]: ligne["valeurs"] for ligne in comparaison.lignes} if comparaison else {}
    resultat = []
    for ligne in lignes:
        valeurs = masquees.get(ligne["nom"], {})
        resultat.append(
            {
                "departement": ligne["departement"],
                "nom": ligne["nom"],
                **{c: valeurs[c].pour_export if c in valeurs else None for c in COLONNES_PAR_DEPARTEMENT},
            }
        )
    return resultat


def _tableau_departements(lignes: list[dict]) -> list[str]:
    colonnes = ["departement", "nom", *COLONNES_PAR_DEPARTEMENT]
    cellules = [colonnes] + [[_texte_valeur(ligne[c]) for c in colonnes] for ligne in lignes]
    largeurs = [max(len(rang[j]) for rang in cellules) for j in range(len(colonnes))]
    return ["  ".join(cellule.ljust(largeurs[j]) for j, cellule in enumerate(rang)).rstrip() for rang in cellules]


def _libelle(cle: str, parent: str = "") -> str:
    indicateur = SOUS_CLES.get(parent, {}).get(cle, cle)
    if indicateur in DEFINITIONS:
        return f"{DEFINITIONS[indicateur][0]} ({cle})"
    if cle in LIBELLES:
        return f"{LIBELLES[cle]} ({cle})"
    return cle


def _texte_valeur(valeur) -> str:
    if valeur is None:
        return "—"
    if isinstance(valeur, bool):
        return _("oui") if valeur else _("non")
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return str(valeur)


def en_texte(resultat: dict) -> str:
    """Une ligne « libellé (clé) : valeur » par indicateur ; dictionnaires en retrait ; légende du secret à la fin."""
    lignes = []
    for cle, valeur in resultat.items():
        if cle in ("secret_statistique", "par_departement"):
            continue
        if isinstance(valeur, dict):
            lignes.append(f"{_libelle(cle)} :")
            lignes += [f"  {_libelle(sous_cle, cle)} : {_texte_valeur(v)}" for sous_cle, v in valeur.items()]
        else:
            lignes.append(f"{_libelle(cle)} : {_texte_valeur(valeur)}")
    if "par_departement" in resultat:
        lignes += ["", _("Ventilation par département :"), *_tableau_departements(resultat["par_departement"])]
    secret = resultat.get("secret_statistique")
    if secret:
        lignes.append("")
        lignes.append(secret["regle"])
        lignes += [f"« {marque} » : {texte}" for marque, texte in secret["legende"].items()]
    return "\n".join(lignes)


def imprimer(resultat: dict, format_sortie: str) -> str:
    if format_sortie == "texte":
        return en_texte(resultat)
    return json.dumps(resultat, ensure_ascii=False, indent=2)
