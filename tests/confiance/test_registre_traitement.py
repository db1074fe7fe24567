"""Le registre du traitement (docs/donnees-personnelles.md) suit le code."""

import pytest
from django.apps import apps

from binome.confiance import registre_traitement as rt


def _document() -> str:
    return rt.DOCUMENT.read_text(encoding="utf-8")


def test_inventaire_genere_a_jour():
    texte = _document()
    assert rt.document_a_jour(texte) == texte, (
        "L'inventaire des données personnelles n'est plus à jour : lancez "
        "« manage.py registre_traitement --ecrire --settings=binome.settings_test » et relisez le registre."
    )


def test_chaque_champ_personnel_est_mentionne():
    texte = _document()
    manquants = [
        f"{libelle}.{champ.name}"
        for libelle, _personnes in rt.MODELES_PERSONNELS
        for champ in rt.champs(libelle)
        if f"`{champ.name}`" not in texte
    ]
    assert not manquants, manquants


@pytest.mark.parametrize("application", ["accompagnement", "agenda"])
def test_tous_les_modeles_historises_du_suivi_sont_inscrits(application):
    """Un nouveau modèle personnel (historisé) de l'accompagnement ou de l'agenda doit entrer au registre."""
    inscrits = {libelle for libelle, _p in rt.MODELES_PERSONNELS}
    historises = {
        m._meta.label
        for m in apps.get_app_config(application).get_models()
        if hasattr(m, "history") and not m.__name__.startswith("Historical")
    }
    assert historises <= inscrits, sorted(historises - inscrits)


def test_rubriques_du_registre_et_de_l_aipd():
    texte = _document()
    for rubrique in (
        "Finalités",
        "Base légale",
        "Personnes concernées",
        "Catégories de données",
        "Destinataires",
        "Durées de conservation",
        "Mesures de sécurité",
        "analyse d'impact (AIPD)",
        "Droits des personnes",
    ):
        assert rubrique in texte, rubrique
