"""``manage.py benchmark_stats`` sur un petit volume, dans la base de test (``--base-courante``)."""

from io import StringIO

import pytest
from django.core.management import call_command

from binome.accompagnement.models import Contact, Parcours, Personne
from binome.comptes.models import Utilisateur
from binome.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_benchmark_petit_volume(personas):
    avant = (
        Parcours.objects.count(),
        Personne.objects.count(),
        Organisation.objects.count(),
        Utilisateur.objects.count(),
    )
    sortie = StringIO()
    call_command(
        "benchmark_stats",
        "--base-courante",
        "--parcours",
        "600",
        "--repetitions",
        "2",
        "--sans-progression",
        stdout=sortie,
    )
    texte = sortie.getvalue()
    # En tête : la base mesurée (moteur, version, hôte), celle des tests ici (issue 17).
    from binome.core.benchmark import base_mesuree

    assert texte.splitlines()[0] == base_mesuree()
    assert "600 parcours en base" in texte
    assert "stats --format json, Cantal (15)" in texte
    assert "tableau de bord complet, Cantal (15)" in texte
    assert "France entière" in texte
    lignes_mesure = [ligne for ligne in texte.splitlines() if ligne.startswith("  ")]
    assert len(lignes_mesure) >= 4
    for ligne in lignes_mesure:
        mediane, minimum, maximum = (float(x) for x in ligne.split()[-3:])
        assert 0 <= minimum <= mediane <= maximum  # des nombres cohérents, pas une durée attendue
    # Les données générées sont supprimées à la fin.
    apres = (
        Parcours.objects.count(),
        Personne.objects.count(),
        Organisation.objects.count(),
        Utilisateur.objects.count(),
    )
    assert apres == avant
    assert not Contact.objects.filter(parcours__personne__identifiant_ft__startswith="BENCH-").exists()


def test_benchmark_garder(personas):
    call_command(
        "benchmark_stats",
        "--base-courante",
        "--parcours",
        "50",
        "--repetitions",
        "1",
        "--sans-progression",
        "--garder",
        stdout=StringIO(),
    )
    generes = Parcours.objects.filter(personne__identifiant_ft__startswith="BENCH-")
    assert generes.count() == 50
    assert generes.filter(departement__in=["14", "15"]).count() == 50
    # Les lignes générées respectent les contraintes du modèle : sortie ⇔ état « sorti » avec motif.
    for p in generes:
        assert (p.etat == "SORTI") == (p.date_sortie is not None) == bool(p.motif_sortie)
