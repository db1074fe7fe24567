"""L'aide d'historique est la seule à poser l'auteur et le motif : aucune copie locale dans les services."""

import ast
from pathlib import Path

import pytest

import binome

RACINE = Path(binome.__file__).parent
# Applications déjà passées à binome.core.historique ; les autres s'y ajoutent en y passant.
APPLICATIONS = ("comptes", "organisations", "ressources", "confiance", "portail", "core")


def _modules():
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):
            if "migrations" not in chemin.parts and chemin.name != "historique.py":
                yield chemin


@pytest.mark.parametrize("chemin", list(_modules()), ids=lambda c: str(c.relative_to(RACINE)))
def test_aucune_affectation_manuelle_de_l_historique(chemin):
    for noeud in ast.walk(ast.parse(chemin.read_text())):
        if isinstance(noeud, ast.Attribute) and noeud.attr in {"_history_user", "_change_reason"}:
            pytest.fail(f"{chemin}:{noeud.lineno} : passer par binome.core.historique.sauver / tracer")
        if isinstance(noeud, ast.FunctionDef) and noeud.name in {"_tracer", "_historiser"}:
            pytest.fail(f"{chemin}:{noeud.lineno} : copie locale de binome.core.historique")


def test_les_services_appellent_l_aide_commune():
    for module in (
        "comptes/services.py",
        "organisations/services.py",
        "ressources/services/fiches.py",
        "ressources/services/orientations.py",
        "confiance/services/droits.py",
    ):
        assert "from binome.core.historique import" in (RACINE / module).read_text(), module
