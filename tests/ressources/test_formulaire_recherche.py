"""Le rendu mémorisé des choix du formulaire de recherche (issue 17) est celui de Django, valeur choisie comprise."""

import pytest
from django.http import QueryDict
from django.utils import translation

from binome.ressources import forms as formulaires
from binome.ressources.forms import RechercheForm


def _rendu(donnees: str) -> dict[str, str]:
    form = RechercheForm(QueryDict(donnees))
    form.is_valid()
    return {champ.name: str(champ) for champ in form if champ.name != "commune"}


@pytest.fixture
def sans_memoire(monkeypatch):
    monkeypatch.setattr(formulaires, "_RENDUS", {})
    return formulaires


def test_rendu_memorise_identique_a_celui_de_django(sans_memoire, monkeypatch):
    donnees = "thematique=mobilite&frein=MOBILITE&rayon=50&publics=etudiants&frais=gratuit"
    premier = _rendu(donnees)
    assert sans_memoire._RENDUS  # la mémoire s'est remplie
    assert _rendu(donnees) == premier  # lu dans la mémoire
    monkeypatch.setattr(sans_memoire, "_RENDUS_MAX", 0)
    sans_memoire._RENDUS.clear()
    assert _rendu(donnees) == premier  # rendu par Django seul
    assert 'value="mobilite" selected' in premier["thematique"]
    assert 'value="50" selected' in premier["rayon"]


def test_la_valeur_choisie_et_la_langue_font_partie_de_la_cle(sans_memoire):
    avant = _rendu("thematique=mobilite&publics=etudiants")
    apres = _rendu("thematique=sante&publics=actifs")
    assert avant["thematique"] != apres["thematique"] and 'value="sante" selected' in apres["thematique"]
    assert avant["publics"] != apres["publics"]
    with translation.override("en"):
        _rendu("thematique=mobilite")
    assert {cle[2] for cle in sans_memoire._RENDUS} == {"fr", "en"}


def test_memoire_bornee(sans_memoire, monkeypatch):
    monkeypatch.setattr(sans_memoire, "_RENDUS_MAX", 3)
    for i in range(5):
        _rendu(f"q=mot{i}&thematique=inconnue{i}")
    assert len(sans_memoire._RENDUS) == 3


def _formulaire(donnees: str, preferes=None) -> str:
    form = RechercheForm(QueryDict(donnees), departements_preferes=preferes)
    form.is_valid()
    return str(form)


@pytest.mark.django_db
def test_formulaire_entier_memorise_identique_a_celui_de_django(sans_memoire, monkeypatch):
    donnees = "thematique=mobilite&rayon=50&q=permis"
    premier = _formulaire(donnees, ["15"])
    assert any(cle[0] is RechercheForm for cle in sans_memoire._RENDUS)
    assert _formulaire(donnees, ["15"]) == premier
    monkeypatch.setattr(sans_memoire, "_RENDUS_MAX", 0)
    sans_memoire._RENDUS.clear()
    assert _formulaire(donnees, ["15"]) == premier
    # Valeurs saisies, erreurs et départements préférés font partie de la clé.
    autre = _formulaire("thematique=mobilite&rayon=50&q=garage", ["15"])
    assert 'value="garage"' in autre and 'value="permis"' not in autre
    monkeypatch.setattr(sans_memoire, "_RENDUS_MAX", 100)
    erreur = _formulaire("thematique=mobilite&rayon=7")
    assert "fr-select-group--error" in erreur or "fr-error-text" in erreur
    assert _formulaire(donnees, ["14"]) != _formulaire(donnees, ["15"])


def test_les_choix_ne_sont_construits_qu_a_la_lecture(monkeypatch):
    """Des centaines d'options (thématiques, freins) : ni construites ni copiées à chaque formulaire (~2 ms par page),
    seulement pour valider la valeur saisie ou rendre le champ."""
    appels = []

    def compter():
        appels.append(1)
        return [("mobilite", [("mobilite", "Mobilité (toutes)")])]

    monkeypatch.setattr(formulaires.ref, "choix_thematiques_et_categories", compter)
    form = RechercheForm(QueryDict(""))
    assert appels == []
    form = RechercheForm(QueryDict("thematique=mobilite"))
    assert form.is_valid() and form.cleaned_data["thematique"] == "mobilite"
    assert appels
