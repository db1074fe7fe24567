"""Des fichiers qu'une personne garde en tête : modules de 500 lignes au plus, fonctions de 60 lignes au plus.

Un dépassement n'est admis qu'inscrit ci-dessous, avec sa raison. Les listes ne font que raccourcir : une entrée
qui ne dépasse plus la limite (ou qui n'existe plus) fait échouer le test, il faut alors la retirer.
Les migrations (générées) ne comptent pas.
"""

import ast
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
PAQUET = RACINE / "binome"
LIGNES_MAX_MODULE = 500
LIGNES_MAX_FONCTION = 60

# chemin (depuis la racine du dépôt) → raison du dépassement.
MODULES_ADMIS = {
    "binome/pilotage/management/commands/benchmark_charge.py": (
        "le test de charge entier (lancement de gunicorn et locust, relevés du processeur et de la base, rapport) : "
        "une commande de mesure, à découper en paquet si elle grandit encore"
    ),
    "binome/pilotage/tableau.py": (
        "le tableau de bord en deux temps (calcul brut, assemblage masqué) que les agrégats partagent avec le calcul "
        "direct : les séparer ferait deux définitions du même tableau"
    ),
    "binome/accompagnement/models.py": (
        "modèles du dossier (personne, parcours, diagnostic, plan, contacts, notes, historique) : "
        "à découper en paquet models/ par concept, sans changer les migrations"
    ),
    "binome/ressources/models.py": "modèles de l'annuaire au schéma data·inclusion (imposé) : une ligne au-dessus",
}

# « chemin::Classe.fonction » → raison du dépassement.
FONCTIONS_ADMISES = {
    "binome/pilotage/management/commands/benchmark_charge.py::Command._lancer": (
        "lance serveur et générateur, attend les connexions, relève processeur et base pendant la fenêtre : une "
        "séquence à lire d'un trait (chaque étape dépend des processus de la précédente)"
    ),
    "binome/accompagnement/services/importation_ecriture.py::Ecriture._parcours": (
        "les colonnes d'un parcours importé et de son historique, écrites dans l'ordre du COPY"
    ),
    "binome/accompagnement/services/importation.py::parcours_importer": (
        "les trois temps de l'import (lecture, contrôle de tout, écriture de tout) se lisent d'un trait"
    ),
    "binome/accompagnement/services/diagnostic.py::diagnostic_enregistrer": (
        "un argument nommé par champ du formulaire du diagnostic, recopiés un à un dans l'objet"
    ),
    "binome/accompagnement/services/entree.py::parcours_activer": (
        "entrée : binôme, première entrée ou retour du social exclusif, orientations acceptées, d'un trait"
    ),
    "binome/demo/accompagnement/avant_entree.py::AvantEntree._personne": (
        "démonstration : une personne fictive est une table de tirages pondérés, un champ par ligne"
    ),
    "binome/demo/accompagnement/avant_entree.py::AvantEntree._diagnostic": (
        "démonstration : les dix domaines, la décision et les situations d'un même diagnostic fictif"
    ),
    "binome/demo/accompagnement/entree.py::Accompagnement._plan": (
        "démonstration : objectifs et actions tirés du référentiel, statuts selon l'échéance"
    ),
    "binome/demo/accompagnement/entree.py::Accompagnement._suspensions": (
        "démonstration : deux scénarios (suspension en cours, suspension close) partagent les mêmes objets"
    ),
    "binome/demo/accompagnement/suivi.py::Suivi._contacts": (
        "démonstration : le calendrier des contacts (rythme, suspensions, présence, auteur) se lit d'un trait"
    ),
    "binome/accompagnement/fichier_import.py::analyser_ligne": (
        "contrôle de format d'une ligne, colonne après colonne : une suite plate de champs"
    ),
    "binome/confiance/droits.py::releve_personne": (
        "relevé du droit d'accès : une rubrique par donnée, à lire d'un trait"
    ),
    "binome/demo/ressources.py::creer": "données de démonstration de l'annuaire : une suite de créations",
    "binome/ressources/importation.py::ligne_vers_di": "correspondance colonne par colonne vers data·inclusion",
    "binome/pilotage/management/commands/_generation_stats.py::generer": "script de mesure (volumétrie)",
    "binome/ressources/management/commands/benchmark_ressources.py::Command._mesurer_ici": "script de mesure",
    "binome/ressources/management/commands/benchmark_ressources.py::Command._generer": "script de mesure (volumétrie)",
    "binome/territoires/referentiels.py::charger": "chargement des référentiels INSEE : étapes d'un trait",
    "binome/territoires/referentiels.py::lire_communes": "lecture du fichier COG : colonnes d'un trait",
    "binome/territoires/referentiels.py::synchroniser": "synchronisation des référentiels : étapes d'un trait",
}


def _modules():
    for chemin in sorted(PAQUET.rglob("*.py")):
        if "migrations" not in chemin.relative_to(PAQUET).parts:
            yield chemin.relative_to(RACINE).as_posix(), chemin.read_text(encoding="utf-8")


def _fonctions(arbre, prefixe=""):
    """(nom qualifié, nombre de lignes) de chaque fonction et méthode, y compris imbriquées."""
    for noeud in ast.iter_child_nodes(arbre):
        if isinstance(noeud, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefixe}{noeud.name}", noeud.end_lineno - noeud.lineno + 1
            yield from _fonctions(noeud, f"{prefixe}{noeud.name}.")
        elif isinstance(noeud, ast.ClassDef):
            yield from _fonctions(noeud, f"{prefixe}{noeud.name}.")
        else:
            yield from _fonctions(noeud, prefixe)


def _longueurs():
    modules, fonctions = {}, {}
    for chemin, texte in _modules():
        modules[chemin] = len(texte.splitlines())
        for nom, lignes in _fonctions(ast.parse(texte)):
            fonctions[f"{chemin}::{nom}"] = lignes
    return modules, fonctions


def test_aucun_module_trop_long_sans_raison():
    modules, _fonctions_ = _longueurs()
    trop_longs = {c: n for c, n in modules.items() if n > LIGNES_MAX_MODULE and c not in MODULES_ADMIS}
    assert not trop_longs, (
        f"Modules de plus de {LIGNES_MAX_MODULE} lignes : découpez-les par concept "
        f"(ou inscrivez-les dans MODULES_ADMIS avec une raison) : {trop_longs}"
    )


def test_aucune_fonction_trop_longue_sans_raison():
    _modules_, fonctions = _longueurs()
    trop_longues = {f: n for f, n in fonctions.items() if n > LIGNES_MAX_FONCTION and f not in FONCTIONS_ADMISES}
    assert not trop_longues, (
        f"Fonctions de plus de {LIGNES_MAX_FONCTION} lignes : découpez-les "
        f"(ou inscrivez-les dans FONCTIONS_ADMISES avec une raison) : {trop_longues}"
    )


def test_les_listes_ne_font_que_raccourcir():
    modules, fonctions = _longueurs()
    perimees = [c for c in MODULES_ADMIS if modules.get(c, 0) <= LIGNES_MAX_MODULE]
    perimees += [f for f in FONCTIONS_ADMISES if fonctions.get(f, 0) <= LIGNES_MAX_FONCTION]
    assert not perimees, f"Entrées à retirer (la limite est respectée ou le code n'existe plus) : {perimees}"


def test_chaque_exception_a_une_raison():
    assert all(raison.strip() for raison in (*MODULES_ADMIS.values(), *FONCTIONS_ADMISES.values()))
