"""Le pilote (départemental ou national) n'ouvre aucun dossier personnel : chaque route ``accompagnement:*``
existante le lui refuse."""

import datetime
import re

import pytest

from binome.accompagnement import enums as e
from binome.accompagnement import selectors as dossiers
from binome.accompagnement.models import Evenement, Parcours, Personne
from tests.accompagnement.factories import (
    ActionFactory,
    ContactFactory,
    DemandeCoordinationFactory,
    NotePriveeFactory,
    ObjectifFactory,
    OrientationFactory,
    PlanActionFactory,
)
from tests.pilotage.jeu import creer_jeu
from tests.routes import toutes_les_routes

pytestmark = pytest.mark.django_db

ROUTES = [r for r in toutes_les_routes() if r.nom.startswith("accompagnement:")]
_PARAMETRE = re.compile(r"([a-z-]+)/<(?:[^>:]+:)?([^>]+)>")


def test_il_existe_des_routes_de_dossier():
    assert any("<" in r.gabarit for r in ROUTES), "aucune route de dossier : le test ci-dessous ne prouverait rien"


@pytest.fixture
def dossier(personas):
    jeu = creer_jeu(personas)
    parcours = jeu["C"]  # suivi par Claire et Sophie
    plan = PlanActionFactory(parcours=parcours, version=1, signe_le=datetime.date(2025, 3, 1), copie_figee={})
    return {
        "personnes": parcours.personne.pk,
        "parcours": parcours.pk,
        "orientations": OrientationFactory(parcours=parcours).pk,
        "coordinations": DemandeCoordinationFactory(parcours=parcours).pk,
        "objectifs": ObjectifFactory(plan=plan).pk,
        "actions": ActionFactory(plan=plan).pk,
        "notes": NotePriveeFactory(personne=parcours.personne, organisation=personas.cantal.unite).pk,
        "contacts": ContactFactory(parcours=parcours).pk,
        "versions": 1,
    }


def _chemin(route, objets) -> str:
    valeurs = {}
    for segment, nom in _PARAMETRE.findall(route.gabarit):
        if nom == "personne_pk":
            valeurs[nom] = objets["personnes"]
        elif nom == "parcours_pk":
            valeurs[nom] = objets["parcours"]
        elif nom == "version":
            valeurs[nom] = 1
        else:
            valeurs[nom] = objets.get(segment, objets["parcours"])
    return route.chemin(**valeurs)


@pytest.mark.parametrize("persona", ["pilote", "pilote_calvados", "pilote_national"])
def test_le_pilote_n_ouvre_aucune_route_de_dossier(personas, client_de, dossier, persona):
    acteur = getattr(personas, persona)
    assert not dossiers.personnes_visibles(acteur).exists()
    assert not dossiers.parcours_visibles(acteur).exists()
    client = client_de(acteur)
    evenements = Evenement.objects.count()
    etats = list(Parcours.objects.order_by("pk").values_list("etat", flat=True))
    verifiees = 0
    for route in ROUTES:
        chemin = _chemin(route, dossier)
        reponse = client.get(chemin)
        if "<" in route.gabarit:
            assert reponse.status_code in (403, 404, 405), f"GET {route.nom} {chemin} : {reponse.status_code}"
            reponse = client.post(chemin, {})
            assert reponse.status_code in (403, 404, 405), f"POST {route.nom} {chemin} : {reponse.status_code}"
            verifiees += 1
        else:
            # Listes : refusées, ou vides de tout dossier.
            assert reponse.status_code in (200, 403, 404, 405), f"GET {route.nom} : {reponse.status_code}"
            if reponse.status_code == 200:
                assert "Personne C" not in reponse.content.decode(), route.nom
    assert verifiees > 0
    assert Evenement.objects.count() == evenements
    assert list(Parcours.objects.order_by("pk").values_list("etat", flat=True)) == etats
    assert Personne.objects.filter(nom="Personne C").exists()


def test_le_binome_ouvre_ce_dossier(personas, client_de, dossier):
    """Contre-épreuve : la fiche s'ouvre bien pour la conseillère du binôme (le test ci-dessus peut échouer)."""
    route = next(r for r in ROUTES if r.nom == "accompagnement:personne")
    reponse = client_de(personas.conseiller).get(_chemin(route, dossier))
    assert reponse.status_code == 200 and "Personne C" in reponse.content.decode()
    assert e.EtatParcours.ACTIF == Parcours.objects.get(pk=dossier["parcours"]).etat
