"""La commande de mesure tourne (petit volume, base courante) : elle ne doit pas pourrir."""

from io import StringIO

import pytest
from django.core.management import call_command

from binome.ressources.models import Service, Structure

pytestmark = pytest.mark.django_db


def test_benchmark_petit_volume(personas, tmp_path):
    sortie = StringIO()
    call_command(
        "benchmark_ressources",
        "--base-courante",
        "--services",
        "300",
        "--repetitions",
        "2",
        "--sans-progression",
        "--json",
        str(tmp_path / "benchmark.json"),
        stdout=sortie,
        stderr=StringIO(),
    )
    texte = sortie.getvalue()
    assert "300 services en base" in texte
    assert "Frein mobilité, Saint-Flour, 30 km" in texte
    assert "Texte libre" in texte
    # La page de recherche (thématique + commune + 30 km) mesurée par le client de test, avec son objectif.
    assert "page annuaire « mobilite », Saint-Flour, 30 km" in texte
    assert "p95 ≤ 50 ms" in texte
    # La base courante est nettoyée.
    assert not Service.objects.filter(source="benchmark").exists()
    assert not Structure.objects.filter(source="benchmark").exists()
