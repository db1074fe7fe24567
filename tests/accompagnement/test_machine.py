"""La machine à états du parcours (``binome.accompagnement.machine``) : déclarée une fois, seule à écrire l'état.

1. Un contrôle du code (AST) : hors du module de la machine (et des migrations), aucune affectation
   ``x.etat = …``, aucun ``setattr(x, "etat", …)``, aucun argument ``etat=`` (ni ``**{"etat": …}``) dans un appel
   qui écrit, aucun ``.update(etat=…)``. Les lectures restent permises : ``Q(etat=…)``, ``.filter(etat=…)``,
   ``.exclude``, ``.get``, ``When`` et les filtres des sélecteurs (``filtrer…``).
2. Le contrôle sait échouer (tests sur des extraits fautifs).
3. Chaque transition déclarée, une transition interdite (message en français), les actions par état, les
   points d'entrée.
"""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from binome.accompagnement import machine, selectors
from binome.accompagnement.enums import EtatParcours, TypeEvenement
from binome.accompagnement.models import Parcours

RACINE = Path(__file__).resolve().parents[2] / "binome"
MODULE_MACHINE = RACINE / "accompagnement" / "machine.py"

# Appels qui lisent : un argument ``etat=`` y est un critère, pas une écriture.
APPELS_DE_LECTURE = {"Q", "When", "filter", "exclude", "get", "exists", "count"}


def _nom_appele(appel: ast.Call) -> str:
    fonction = appel.func
    if isinstance(fonction, ast.Attribute):
        return fonction.attr
    if isinstance(fonction, ast.Name):
        return fonction.id
    return ""


def _est_lecture(appel: ast.Call) -> bool:
    nom = _nom_appele(appel)
    return nom in APPELS_DE_LECTURE or nom.startswith("filtr")


def ecritures_d_etat(source: str) -> list[tuple[int, str]]:
    """(ligne, description) de chaque écriture de ``etat`` trouvée dans ``source``."""
    trouvees = []
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Assign | ast.AugAssign | ast.AnnAssign):
            cibles = noeud.targets if isinstance(noeud, ast.Assign) else [noeud.target]
            for cible in cibles:
                for partie in ast.walk(cible):
                    if isinstance(partie, ast.Attribute) and partie.attr == "etat":
                        trouvees.append((noeud.lineno, "affectation x.etat = …"))
        if not isinstance(noeud, ast.Call):
            continue
        nom = _nom_appele(noeud)
        if (
            nom == "setattr"
            and len(noeud.args) >= 2
            and isinstance(noeud.args[1], ast.Constant)
            and noeud.args[1].value == "etat"
        ):
            trouvees.append((noeud.lineno, 'setattr(x, "etat", …)'))
        for argument in noeud.keywords:
            dictionnaire = argument.value if argument.arg is None and isinstance(argument.value, ast.Dict) else None
            cles_etat = dictionnaire is not None and any(
                isinstance(cle, ast.Constant) and cle.value == "etat" for cle in dictionnaire.keys
            )
            if (argument.arg == "etat" or cles_etat) and not _est_lecture(noeud):
                quoi = ".update(etat=…)" if nom == "update" else f"argument etat= de {nom or 'un appel'}(…)"
                trouvees.append((noeud.lineno, quoi))
    return trouvees


def _fichiers_a_controler():
    for chemin in sorted(RACINE.rglob("*.py")):
        if "migrations" in chemin.parts or chemin == MODULE_MACHINE:
            continue
        yield chemin


def test_aucune_ecriture_de_l_etat_hors_de_la_machine():
    fautes = [
        f"{chemin.relative_to(RACINE.parent)}:{ligne} : {quoi}"
        for chemin in _fichiers_a_controler()
        for ligne, quoi in ecritures_d_etat(chemin.read_text(encoding="utf-8"))
    ]
    assert not fautes, "L'état d'un parcours ne s'écrit que par binome.accompagnement.machine :\n" + "\n".join(fautes)


def test_le_controle_parcourt_bien_le_code():
    fichiers = {chemin.relative_to(RACINE).as_posix() for chemin in _fichiers_a_controler()}
    assert {"accompagnement/services/importation_ecriture.py", "demo/accompagnement/entree.py"} <= fichiers
    assert "pilotage/management/commands/benchmark_stats.py" in fichiers
    assert "accompagnement/machine.py" not in fichiers
    # La machine, elle, écrit l'état (c'est le seul module autorisé).
    assert ecritures_d_etat(MODULE_MACHINE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("extrait", "attendu"),
    [
        ("parcours.etat = 'SORTI'", "affectation x.etat = …"),
        ("self.parcours.etat = e.EtatParcours.ACTIF", "affectation x.etat = …"),
        ("parcours.etat: str = 'SORTI'", "affectation x.etat = …"),
        ("a = parcours.etat = 'SORTI'", "affectation x.etat = …"),
        ("setattr(parcours, 'etat', 'SORTI')", 'setattr(x, "etat", …)'),
        ("Parcours(personne=p, etat='SORTI')", "argument etat= de Parcours(…)"),
        ("Parcours.objects.create(etat='SORTI')", "argument etat= de create(…)"),
        ("Parcours.objects.filter(pk=1).update(etat='SORTI')", ".update(etat=…)"),
        ("table.ligne(id=1, **{'etat': 'SORTI'})", "argument etat= de ligne(…)"),
    ],
)
def test_le_controle_refuse_un_extrait_fautif(extrait, attendu):
    assert ecritures_d_etat(extrait) == [(1, attendu)]


@pytest.mark.parametrize(
    "extrait",
    [
        "Parcours.objects.filter(etat='SORTI')",
        "Parcours.objects.exclude(etat__in=CLOS)",
        "Q(etat='SORTI') & Q(date_sortie__isnull=False)",
        "When(etat='SORTI', then=Value(0))",
        "selectors.filtrer_suivi(qs, etat='OUVERTS')",
        "x = parcours.etat",
        "etat = parcours.etat",
        "machine.appliquer(parcours, 'sortir')",
    ],
)
def test_le_controle_laisse_passer_les_lectures(extrait):
    assert ecritures_d_etat(extrait) == []


# --- Déclarations ------------------------------------------------------------------------------------------


AUJOURDHUI = datetime.date(2026, 2, 1)

# Champs qui satisfont les gardes d'une transition (le test de chaque transition depuis ses sources).
CHAMPS_DES_GARDES = {
    "reprendre_renouvele": {"renouvele_le": datetime.date(2025, 12, 1)},
    "retour_diagnostic": {"retour_diagnostic_accorde_le": datetime.date(2026, 1, 15)},
}


def _parcours(etat, *, fenetre=60, **champs) -> Parcours:
    """Parcours en mémoire ; par défaut, sa fin prévue est dans la fenêtre du renouvellement (le 1er février
    2026 est la date de décision, donnée par l'accord déjà noté du conseiller)."""
    champs.setdefault("date_fin_prevue", datetime.date(2026, 3, 1))
    champs.setdefault("accord_renouvellement_conseiller_le", AUJOURDHUI)
    parcours = Parcours(etat=etat, **champs)
    parcours.fenetre_renouvellement_jours = fenetre  # réglage du département, sans lecture de la base
    return parcours


def test_chaque_etat_est_atteignable_et_chaque_cible_est_un_etat():
    for transition in machine.TRANSITIONS.values():
        assert transition.sources <= machine.TOUS
        assert transition.cible is None or transition.cible in machine.TOUS
        assert transition.evenement in TypeEvenement.values
    cibles = {t.cible for t in machine.TRANSITIONS.values()} | {
        etat for point in machine.POINTS_ENTREE.values() for etat in point.etats
    }
    assert cibles >= set(EtatParcours.values)
    # Un parcours clos ne change plus d'état (une ré-entrée ouvre un nouveau parcours).
    for transition in machine.TRANSITIONS.values():
        if transition.sources & machine.CLOS:
            assert transition.cible is None


def test_les_droits_declares_sont_des_predicats_des_selecteurs():
    from binome.accompagnement.services._commun import REFUS_DROITS

    for transition in machine.TRANSITIONS.values():
        assert transition.qui
        for predicat in transition.qui:
            assert callable(getattr(selectors, predicat)), predicat
            assert predicat in REFUS_DROITS


@pytest.mark.parametrize(
    "nom",
    sorted(machine.TRANSITIONS),
)
def test_chaque_transition_declaree_s_applique_depuis_chacune_de_ses_sources(nom):
    transition = machine.TRANSITIONS[nom]
    for source in transition.sources:
        parcours = _parcours(source, **CHAMPS_DES_GARDES.get(nom, {}))
        assert machine.permet(parcours, nom)
        assert machine.appliquer(parcours, nom) is transition
        assert parcours.etat == (transition.cible or source)
    for autre in machine.TOUS - transition.sources:
        parcours = _parcours(autre, **CHAMPS_DES_GARDES.get(nom, {}))
        assert not machine.permet(parcours, nom)
        with pytest.raises(ValidationError) as erreur:
            machine.appliquer(parcours, nom)
        assert erreur.value.code == "transition_interdite"
        assert parcours.etat == autre


def test_une_transition_interdite_leve_un_message_en_francais():
    parcours = _parcours(EtatParcours.SORTI)
    with pytest.raises(ValidationError) as erreur:
        machine.appliquer(parcours, "suspendre")
    assert erreur.value.code == "transition_interdite"
    assert erreur.value.messages == [
        "Action impossible : un parcours à l'état « Sorti » ne peut pas passer à l'état « Suspendu »."
    ]
    with pytest.raises(ValidationError) as erreur:
        machine.exiger(_parcours(EtatParcours.ACTIF), "suivi_six_mois")
    assert erreur.value.messages == ["Le suivi à 6 mois concerne un parcours sorti (état actuel : Actif)."]


def test_la_garde_du_renouvellement_unique():
    parcours = _parcours(EtatParcours.ACTIF, renouvele_le=datetime.date(2025, 3, 1))
    assert not machine.permet(parcours, "renouveler")
    assert "renouveler" not in machine.actions_possibles(parcours)
    with pytest.raises(ValidationError) as erreur:
        machine.appliquer(parcours, "renouveler")
    assert erreur.value.code == "deja_renouvele"
    assert "un seul renouvellement est possible" in erreur.value.messages[0]
    assert parcours.etat == EtatParcours.ACTIF


def test_parmi_choisit_la_transition_que_l_etat_permet():
    assert machine.parmi(_parcours(EtatParcours.ORIENTATION_PROPOSEE), "diagnostiquer", "rediagnostiquer").nom == (
        "diagnostiquer"
    )
    assert machine.parmi(_parcours(EtatParcours.DIAGNOSTIC_PARTAGE), "diagnostiquer", "rediagnostiquer").nom == (
        "rediagnostiquer"
    )
    with pytest.raises(ValidationError) as erreur:
        machine.parmi(_parcours(EtatParcours.ACTIF), "diagnostiquer", "rediagnostiquer")
    assert "Un diagnostic partagé suit une orientation proposée" in erreur.value.messages[0]


@pytest.mark.parametrize(
    ("etat_parcours", "attendues"),
    [
        (EtatParcours.REPERE, {"orienter", "non_retenu"}),
        (EtatParcours.ORIENTATION_PROPOSEE, {"diagnostic", "non_retenu"}),
        (EtatParcours.DIAGNOSTIC_PARTAGE, {"diagnostic", "activer", "non_retenu"}),
        (EtatParcours.ACTIF, {"suspendre", "renouveler", "social_exclusif", "coordination", "sortir"}),
        (EtatParcours.SUSPENDU, {"reprendre", "coordination", "sortir"}),
        (EtatParcours.RENOUVELE, {"suspendre", "social_exclusif", "coordination", "sortir"}),
        (EtatParcours.SOCIAL_EXCLUSIF, {"coordination", "sortir"}),
        (EtatParcours.SORTI, {"suivi_six_mois"}),
        (EtatParcours.NON_RETENU, set()),
    ],
)
def test_actions_possibles_par_etat(etat_parcours, attendues):
    assert machine.actions_possibles(_parcours(etat_parcours)) == attendues


def test_points_d_entree():
    parcours = Parcours()
    machine.etablir_etat_initial(parcours, point_entree="reperage")
    assert parcours.etat == EtatParcours.REPERE
    parcours = Parcours()
    machine.etablir_etat_initial(parcours, point_entree="import", etat_initial=EtatParcours.SORTI)
    assert parcours.etat == EtatParcours.SORTI
    with pytest.raises(ValueError, match="ne crée pas de parcours"):
        machine.etablir_etat_initial(Parcours(), point_entree="import", etat_initial=EtatParcours.SUSPENDU)
    with pytest.raises(ValueError, match="parcours nouveau"):
        machine.etablir_etat_initial(Parcours(pk=1), point_entree="reperage")
    assert machine.colonnes_etat_initial(point_entree="banc_essai", etat_initial=EtatParcours.ACTIF) == {
        "etat": EtatParcours.ACTIF
    }
    assert machine.etat_apres_entree(sorti=True, social_exclusif=True) == EtatParcours.SORTI
    assert machine.etat_apres_entree(sorti=False, social_exclusif=True) == EtatParcours.SOCIAL_EXCLUSIF
    assert machine.etat_apres_entree(sorti=False, social_exclusif=False) == EtatParcours.ACTIF


def test_le_renouvellement_ne_s_ouvre_que_dans_la_fenetre_avant_la_fin_prevue():
    # Fin prévue le 1er avril 2026, fenêtre de 60 jours : ouverte le 31 janvier 2026.
    parcours = _parcours(EtatParcours.ACTIF, date_fin_prevue=datetime.date(2026, 4, 1))
    parcours.accord_renouvellement_conseiller_le = datetime.date(2026, 1, 30)
    assert not machine.permet(parcours, "renouveler")
    assert "renouveler" not in machine.actions_possibles(parcours)
    with pytest.raises(ValidationError) as erreur:
        machine.exiger(parcours, "renouveler")
    assert erreur.value.code == "hors_fenetre_renouvellement"
    assert erreur.value.messages == [
        "Le renouvellement se décide dans les 60 jours qui précèdent la fin prévue (01/04/2026) : "
        "il sera possible à partir du 31/01/2026."
    ]
    parcours.accord_renouvellement_conseiller_le = datetime.date(2026, 1, 31)
    assert machine.permet(parcours, "renouveler")
    # Le réglage du département décide de la largeur de la fenêtre.
    parcours = _parcours(EtatParcours.ACTIF, date_fin_prevue=datetime.date(2026, 4, 1), fenetre=30)
    assert not machine.permet(parcours, "renouveler")
    assert "à partir du 02/03/2026" in machine.motif_refus(parcours, "renouveler")


def test_un_parcours_renouvele_peut_etre_suspendu_puis_repris_renouvele():
    renouvele = _parcours(EtatParcours.RENOUVELE, renouvele_le=datetime.date(2026, 1, 31))
    assert "suspendre" in machine.actions_possibles(renouvele)
    machine.appliquer(renouvele, "suspendre")
    assert renouvele.etat == EtatParcours.SUSPENDU
    assert machine.actions_possibles(renouvele) >= {"reprendre"}
    assert not machine.permet(renouvele, "reprendre")
    machine.appliquer(renouvele, "reprendre_renouvele")
    assert renouvele.etat == EtatParcours.RENOUVELE


def test_seul_l_accord_ouvre_le_retour_du_social_exclusif():
    parcours = _parcours(EtatParcours.SOCIAL_EXCLUSIF)
    assert "retour_diagnostic" not in machine.actions_possibles(parcours)
    with pytest.raises(ValidationError) as erreur:
        machine.appliquer(parcours, "retour_diagnostic")
    assert erreur.value.code == "coordination_manquante"
    parcours.retour_diagnostic_accorde_le = datetime.date(2026, 1, 15)
    assert "retour_diagnostic" in machine.actions_possibles(parcours)


def test_chaque_evenement_a_son_propre_libelle():
    """Un libellé de chronologie par sens : le retour n'est pas un « Diagnostic partagé », une réponse n'est pas
    une « Demande de coordination »."""
    assert machine.transition("retour_diagnostic").evenement == TypeEvenement.RETOUR_DIAGNOSTIC
    assert machine.transition("repondre_coordination").evenement == TypeEvenement.REPONSE_COORDINATION
    libelles = [str(libelle) for libelle in TypeEvenement.labels]
    assert len(set(libelles)) == len(libelles)
