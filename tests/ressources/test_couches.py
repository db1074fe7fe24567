"""Couches de l'annuaire : vues minces (aucune requête ni décision de droit), écritures dans les services."""

import ast
from pathlib import Path

import binome

RACINE = Path(binome.__file__).parent / "ressources"
ECRITURES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def _arbre(chemin: Path) -> ast.AST:
    return ast.parse(chemin.read_text(), filename=str(chemin))


def test_les_vues_ne_font_aucune_requete_ni_decision_de_droit():
    for chemin in sorted((RACINE / "views").glob("*.py")):
        for noeud in ast.walk(_arbre(chemin)):
            if isinstance(noeud, ast.Attribute):
                assert noeud.attr not in {"objects", "history"}, f"{chemin.name}:{noeud.lineno} requête dans une vue"
            if isinstance(noeud, ast.ImportFrom):
                assert noeud.module != "binome.comptes.selectors", f"{chemin.name} : droits décidés dans la vue"


def test_les_vues_tiennent_dans_la_tete():
    for chemin in sorted((RACINE / "views").glob("*.py")):
        assert len(chemin.read_text().splitlines()) <= 500, chemin.name


def test_lecture_import_et_courriels_n_ecrivent_pas():
    """``importation.py`` lit et valide, ``notifications.py`` envoie : les écritures sont dans ``services/``."""
    for nom in ("importation.py", "notifications.py"):
        for noeud in ast.walk(_arbre(RACINE / nom)):
            if isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute):
                if noeud.func.attr in ECRITURES and isinstance(noeud.func.value, ast.Attribute | ast.Call):
                    appel = ast.unparse(noeud.func)
                    assert ".objects" not in appel, f"{nom}:{noeud.lineno} écriture hors service : {appel}"
