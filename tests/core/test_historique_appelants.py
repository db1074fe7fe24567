"""L'aide d'historique est la seule à poser l'auteur et le motif : aucune copie locale dans les services."""

import ast
from pathlib import Path

import pytest

import binome

RACINE = Path(binome.__file__).parent
# Applications déjà passées à binome.core.historique ; les autres s'y ajoutent en y passant.
APPLICATIONS = ("comptes", "organisations", "administration", "ressources", "confiance", "portail", "core")


def _modules():
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):  # dossier absent : aucune entrée
            if "migrations" not in chemin.parts and chemin.name != "historique.py":
                yield chemin


@pytest.mark.parametrize("chemin", list(_modules()), ids=lambda c: str(c.relative_to(RACINE)))
def test_aucune_affectation_manuelle_de_l_historique(chemin):
    for noeud in ast.walk(ast.parse(chemin.read_text())):
        if isinstance(noeud, ast.Attribute) and noeud.attr in {"_history_user", "_change_reason"}:
            pytest.fail(f"{chemin}:{noeud.lineno} : passer par binome.core.historique.sauver / tracer")
        if isinstance(noeud, ast.FunctionDef) and noeud.name in {"_tracer", "_historiser"}:
            pytest.fail(f"{chemin}:{noeud.lineno} : copie locale de binome.core.historique")


# Services qui enregistrent un modèle sans historique simple-history, avec leur trace de remplacement.
SANS_HISTORIQUE = {
    "confiance/services/double_facteur.py": "TOTPDevice (django-otp) : une ligne du journal des accès en tient lieu",
}


def test_les_services_appellent_l_aide_commune():
    """Chaque module de services de ces applications qui enregistre un objet passe par l'aide commune."""
    modules = [c for c in _modules() if "services" in c.parts or c.name == "services.py"]
    assert len(modules) >= 5
    for chemin in modules:
        texte = chemin.read_text()
        if (".save(" in texte or "sauver(" in texte) and chemin.relative_to(RACINE).as_posix() not in SANS_HISTORIQUE:
            assert "from binome.core.historique import" in texte, chemin
