"""Étape de démonstration : services plausibles, tous les domaines de freins couverts, relançable."""

from io import StringIO

import pytest

from binome.accompagnement.enums import DomaineFrein
from binome.demo import ressources as demo
from binome.demo.management.commands import demo as commande
from binome.ressources import freins
from binome.ressources.models import Service
from binome.ressources.recherche import Criteres, rechercher

pytestmark = pytest.mark.django_db


def test_demo_ressources(personas):
    demo.creer(StringIO())
    services = Service.objects.filter(source="demo")
    nombre = services.count()
    assert nombre >= 60  # les 5 communes des personas ; plusieurs centaines avec toutes les communes
    thematiques = {t for s in services for t in s.thematiques}
    for domaine in DomaineFrein.values:
        assert thematiques & set(freins.DOMAINES[domaine]), domaine
    # Autour de Saint-Flour, le frein « permis » trouve des services triés par distance.
    saint_flour = personas.cantal.communes["saint_flour"]
    candidats = rechercher(
        Service.objects.filter(statut="PUBLIE"),
        Criteres(commune=saint_flour, thematiques=freins.SITUATIONS["mobilite:permis-et-ou-code-en-cours"]),
    )
    distances = [c.distance_km for c in candidats if c.groupe == "PRESENTIEL"]
    assert len(distances) >= 2 and distances == sorted(distances)
    # Relancer l'étape ne crée rien en double.
    demo.creer(StringIO())
    assert Service.objects.filter(source="demo").count() == nombre
    assert "binome.demo.ressources" in commande.ETAPES
