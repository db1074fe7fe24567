"""L'ordre des applications tient (contrats import-linter de pyproject.toml, aussi lancés par ``make lint``)
et les migrations ne dépendent pas du code vivant de l'application."""

import ast
import tomllib
from pathlib import Path

from importlinter import cli

RACINE = Path(__file__).resolve().parent.parent


def test_contrats_des_couches_respectes(monkeypatch):
    monkeypatch.chdir(RACINE)
    resultat = cli.lint_imports(config_filename=str(RACINE / "pyproject.toml"), no_cache=True, no_logo=True)
    assert resultat == cli.EXIT_STATUS_SUCCESS


# Imports tolérés à contre-sens (cycle comptes ↔ organisations, voir pyproject.toml) : la liste ne fait que raccourcir.
IMPORTS_TOLERES = {
    "binome.organisations.selectors -> binome.comptes.models",
    "binome.organisations.selectors -> binome.comptes.selectors",
    "binome.organisations.services -> binome.comptes.selectors",
    "binome.organisations.views -> binome.comptes.selectors",
}


def test_les_exceptions_aux_couches_ne_font_que_raccourcir():
    config = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    for contrat in config["contracts"]:
        assert set(contrat.get("ignore_imports", [])) <= IMPORTS_TOLERES, contrat["id"]


def test_les_migrations_n_importent_pas_le_code_de_l_application():
    fautives = []
    for chemin in sorted((RACINE / "binome").glob("*/migrations/*.py")):
        for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"))):
            modules = []
            if isinstance(noeud, ast.Import):
                modules = [alias.name for alias in noeud.names]
            elif isinstance(noeud, ast.ImportFrom) and noeud.module:
                modules = [noeud.module]
            fautives += [f"{chemin.relative_to(RACINE)} : {m}" for m in modules if m.split(".")[0] == "binome"]
    assert not fautives, "Une migration copie (figée) ce dont elle a besoin, elle n'importe pas binome : " + str(
        fautives
    )


def test_l_annuaire_est_branche_sur_le_plan_d_action():
    """L'accompagnement (couche basse) lit les services rattachés par le branchement que pose ``ressources``."""
    from binome.accompagnement import annuaire
    from binome.ressources.selectors import services_consultables

    assert annuaire._resolveur is services_consultables
