"""Toute route d'un domaine journalisé est déclarée au registre ou exclue avec une justification.

Une nouvelle route de l'accompagnement, un export du pilotage ou une route de dossier de l'API qui n'est
ni au registre ni dans les exclusions fait échouer ce test : ajoutez-la à ``binome/confiance/registre.py``.
"""

import pytest

from binome.confiance import registre
from tests.routes import toutes_les_routes

ROUTES = toutes_les_routes()
NOMS = {r.nom for r in ROUTES}
_KWARG = __import__("re").compile(r"<(?:[^>:]+:)?([^>]+)>")


def _doit_etre_declaree(nom: str) -> bool:
    return nom.startswith(registre.DOMAINES_JOURNALISES)


def test_les_domaines_couvrent_accompagnement_exports_pilotage_api_et_confiance():
    assert registre.DOMAINES_JOURNALISES == ("accompagnement:", "pilotage:export", "confiance:", "api:", "v1:")


@pytest.mark.parametrize("route", [r for r in ROUTES if _doit_etre_declaree(r.nom)], ids=lambda r: r.nom)
def test_route_declaree_ou_exclue(route):
    assert route.nom in registre.REGISTRE or route.nom in registre.EXCLUSIONS, (
        f"La route {route.nom} ({route.gabarit}) n'est pas déclarée : ajoutez-la à REGISTRE (action, finalité, "
        "paramètres) ou à EXCLUSIONS (avec sa justification) dans binome/confiance/registre.py."
    )


@pytest.mark.parametrize("nom", sorted(registre.REGISTRE), ids=str)
def test_parametres_de_dossier_connus(nom):
    """Chaque paramètre d'une route déclarée qui désigne un objet du dossier mène à la personne."""
    decl = registre.REGISTRE[nom]
    for route in [r for r in ROUTES if r.nom == nom]:
        for parametre in _KWARG.findall(route.gabarit):
            connu = decl.parametres.get(parametre, parametre)
            # « jeton » : route à jeton (flux de l'agenda), le jeton désigne l'abonné, jamais une personne suivie.
            assert connu in registre.PERSONNE_DEPUIS_KWARG or parametre in ("version", "jeton"), (
                f"{nom} : le paramètre « {parametre} » ne mène à aucune personne. Déclarez-le dans "
                "Declaration.parametres (ex. {'pk': 'parcours_pk'}) ou PERSONNE_DEPUIS_KWARG."
            )


def test_pas_de_declaration_orpheline():
    """Le registre ne garde pas de route disparue (sauf celles des équipes en cours d'écriture : aucune ici)."""
    orphelines = sorted(n for n in [*registre.REGISTRE, *registre.EXCLUSIONS] if n not in NOMS)
    assert not orphelines, f"Routes déclarées mais inexistantes : {orphelines}"


def test_exclusions_justifiees():
    for nom, justification in registre.EXCLUSIONS.items():
        assert len(justification) > 20, nom
        assert nom not in registre.REGISTRE, nom


def test_une_route_nouvelle_non_declaree_ferait_echouer(monkeypatch):
    """Test du test : une route ajoutée sans déclaration est repérée."""
    from tests.routes import Route

    nouvelle = Route(nom="accompagnement:route_oubliee", gabarit="accompagnement/oubliee/<int:personne_pk>/")
    assert _doit_etre_declaree(nouvelle.nom)
    with pytest.raises(AssertionError, match="n'est pas déclarée"):
        test_route_declaree_ou_exclue(nouvelle)
