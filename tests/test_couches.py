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


def test_aucune_exception_aux_couches():
    """Aucun import à contre-sens n'est toléré : ``ignore_imports`` reste absent des contrats."""
    config = tomllib.loads((RACINE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert all(not contrat.get("ignore_imports") for contrat in config["contracts"])


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


def test_aucun_cycle_entre_modules():
    """Pas de cycle non plus à l'intérieur d'une application (imports faits dans une fonction compris)."""
    import grimp

    graphe = grimp.build_graph("binome", cache_dir=None)
    voisins = {
        m: [i for i in graphe.find_modules_directly_imported_by(m) if i in graphe.modules] for m in graphe.modules
    }
    rang, bas, pile, sur_pile, cycles = {}, {}, [], set(), []

    def visiter(depart):  # Tarjan, itératif : composantes fortement connexes de plus d'un module
        travail = [(depart, iter(voisins[depart]))]
        rang[depart] = bas[depart] = len(rang)
        pile.append(depart)
        sur_pile.add(depart)
        while travail:
            module, suivants = travail[-1]
            suivant = next(suivants, None)
            if suivant is None:
                travail.pop()
                if travail:
                    bas[travail[-1][0]] = min(bas[travail[-1][0]], bas[module])
                if bas[module] == rang[module]:
                    composante = []
                    while True:
                        membre = pile.pop()
                        sur_pile.discard(membre)
                        composante.append(membre)
                        if membre == module:
                            break
                    if len(composante) > 1:
                        cycles.append(sorted(composante))
            elif suivant not in rang:
                rang[suivant] = bas[suivant] = len(rang)
                pile.append(suivant)
                sur_pile.add(suivant)
                travail.append((suivant, iter(voisins[suivant])))
            elif suivant in sur_pile:
                bas[module] = min(bas[module], rang[suivant])

    for module in sorted(graphe.modules):
        if module not in rang:
            visiter(module)
    assert not cycles, f"Modules qui s'importent en cycle : {cycles}"
