"""Le socle (``binome.core``) est la couche la plus basse : il n'importe aucune application de Binôme."""

import ast
from pathlib import Path

import binome

CORE = Path(binome.__file__).parent / "core"


def test_le_socle_n_importe_aucune_application_au_dessus():
    for chemin in sorted(CORE.rglob("*.py")):
        if "migrations" in chemin.parts:
            continue
        for noeud in ast.walk(ast.parse(chemin.read_text())):
            modules = []
            if isinstance(noeud, ast.ImportFrom) and noeud.module:
                modules = [noeud.module]
            elif isinstance(noeud, ast.Import):
                modules = [alias.name for alias in noeud.names]
            for module in modules:
                if module.startswith("binome."):
                    assert module.startswith("binome.core"), f"{chemin.name}:{noeud.lineno} importe {module}"
