"""Confiance : les écritures sont dans ``binome.confiance.services`` ; les autres modules lisent."""

import ast
from pathlib import Path

import binome

RACINE = Path(binome.__file__).parent / "confiance"
ECRITURES = {"save", "create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def test_droits_double_facteur_et_echeances_n_ecrivent_pas():
    for nom in ("droits.py", "double_facteur.py", "echeances.py", "conservation.py"):
        arbre = ast.parse((RACINE / nom).read_text())
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Call) and isinstance(noeud.func, ast.Attribute):
                appel = ast.unparse(noeud.func)
                assert not (noeud.func.attr in ECRITURES and ".objects" in appel), f"{nom}:{noeud.lineno} {appel}"
                assert noeud.func.attr != "save" or "segno" in ast.unparse(noeud), f"{nom}:{noeud.lineno} {appel}"


def test_ancien_nom_conservation_designe_les_memes_fonctions():
    from binome.confiance import conservation, echeances, services

    assert conservation.purger is services.purger
    assert conservation.anonymiser_personne is services.anonymiser_personne
    assert conservation.selection is echeances.selection
