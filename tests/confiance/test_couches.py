"""Confiance : les écritures sont dans ``binome.confiance.services`` ; les autres modules lisent."""

import ast
from pathlib import Path

import binome

RACINE = Path(binome.__file__).parent / "confiance"
ECRITURES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def test_droits_double_facteur_et_echeances_n_ecrivent_pas():
    for nom in ("droits.py", "double_facteur.py", "echeances.py"):
        arbre = ast.parse((RACINE / nom).read_text())
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute):
                appel = ast.unparse(noeud.func)
                assert not (noeud.func.attr in ECRITURES and ".objects" in appel), f"{nom}:{noeud.lineno} {appel}"
                assert noeud.func.attr != "save" or "segno" in ast.unparse(noeud), f"{nom}:{noeud.lineno} {appel}"
