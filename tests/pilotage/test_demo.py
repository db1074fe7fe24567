"""Le pilote de démonstration (Paul Garnier, Cantal) : tableau de bord de son département avec graphiques,
« < 5 » là où un chiffre exposerait moins de 5 personnes, et aucun dossier personnel."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from binome.accompagnement.models import Parcours
from binome.accompagnement.referentiel import charger as charger_referentiel
from binome.comptes.models import Utilisateur
from binome.core.texte import normaliser
from binome.demo import accompagnement, socle
from binome.demo import pilotage as demo_pilotage
from binome.pilotage.models import DefinitionSortiePositive
from binome.territoires.models import Commune
from tests import factories as f

pytestmark = pytest.mark.django_db

COMMUNES = Path(__file__).resolve().parents[2] / "binome" / "territoires" / "data" / "communes.csv"
URL = reverse("pilotage:tableau_de_bord")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Territoire réel (communes du Cantal et du Calvados), socle, étape accompagnement puis étape pilotage."""
    with django_db_blocker.unblock(), transaction.atomic():
        f.DepartementFactory(code="15", nom="Cantal", region=f.RegionFactory(code="84", nom="Auvergne-Rhône-Alpes"))
        f.DepartementFactory(code="14", nom="Calvados", region=f.RegionFactory(code="28", nom="Normandie"))
        with COMMUNES.open(encoding="utf-8") as flux:
            communes = {
                ligne["code_insee"]: Commune(
                    code_insee=ligne["code_insee"],
                    nom=ligne["nom"],
                    nom_normalise=normaliser(ligne["nom"]),
                    departement_id=ligne["departement"],
                    code_postal=ligne["code_postal"],
                    latitude=float(ligne["latitude"]) if ligne["latitude"] else None,
                    longitude=float(ligne["longitude"]) if ligne["longitude"] else None,
                    population=int(ligne["population"]) if ligne["population"] else None,
                )
                for ligne in csv.DictReader(flux)
                if ligne["departement"] in ("14", "15") and ligne["type"] == "COM"
            }
        Commune.objects.bulk_create(communes.values())
        charger_referentiel(progression=False)
        socle.creer(io.StringIO())
        accompagnement.creer(io.StringIO())
        sortie = io.StringIO()
        demo_pilotage.creer(sortie)
        yield sortie.getvalue()
        transaction.set_rollback(True)


def test_le_pilote_de_demo_voit_son_tableau_de_bord(demo, client):
    paul = Utilisateur.objects.get(email="paul.garnier@cantal.test")
    client.force_login(paul)
    reponse = client.get(URL)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Cantal (15)" in contenu and "Calvados (14)" not in contenu
    # Des chiffres, des graphiques avec des barres, et le secret statistique.
    entrees = re.search(r'id="indicateur-entrees".*?pilotage-nombre[^>]*>([^<]+)<', contenu, re.S).group(1)
    assert int(entrees.replace("\u202f", "")) >= 5
    assert contenu.count('role="img"') >= 2
    hauteurs = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"', contenu)]
    assert any(h > 0 for h in hauteurs)
    assert "&lt; 5" in contenu and "Secret statistique" in contenu
    # Aucun dossier personnel ne s'ouvre.
    parcours = Parcours.objects.filter(departement_id="15").first()
    assert client.get(reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id})).status_code in (
        403,
        404,
    )
    assert client.get(reverse("accompagnement:parcours", kwargs={"pk": parcours.pk})).status_code in (403, 404)
    assert parcours.personne.nom not in contenu


def test_definition_du_calvados_et_idempotence(demo, client):
    assert "créée" in demo
    sortie = io.StringIO()
    demo_pilotage.creer(sortie)
    assert "déjà présente" in sortie.getvalue()
    assert DefinitionSortiePositive.objects.filter(departement_id="14").count() == 1
    client.force_login(Utilisateur.objects.get(email="lea.caron@calvados.test"))
    contenu = client.get(URL).content.decode()
    assert "Sortie positive : EMPLOI_DURABLE, EMPLOI_TRANSITION, FORMATION (définition départementale" in contenu


def test_les_deux_extraits_fse_de_la_demo_ont_des_lignes(demo, client):
    """Issue 12, point 3 : la convention FSE+ du Cantal (démonstration) rend les extraits utilisables, sans
    paramètre caché ; le Calvados, sans convention, n'a aucun parcours cofinancé."""
    from openpyxl import load_workbook

    from binome.comptes.models import Role

    admin = Utilisateur.objects.filter(habilitations__role=Role.ADMIN_DEPARTEMENTAL, email__endswith="cantal.test")
    client.force_login(admin.order_by("pk").first())
    periode = "departement=15&du=2026-01-01&au=2026-06-30"
    csv_fse = client.get(f"{reverse('pilotage:export_fse')}?{periode}")
    assert csv_fse.status_code == 200
    texte_fse = csv_fse.getvalue().decode("utf-8-sig")  # réponse en flux : lue une seule fois
    lignes = list(csv.DictReader(io.StringIO(texte_fse), delimiter=";"))
    assert len(lignes) > 10
    assert {ligne["identifiant_operation_fse"] for ligne in lignes} == {"202100015"}
    classeur = load_workbook(
        io.BytesIO(client.get(f"{reverse('pilotage:export_fse')}?{periode}&format=xlsx").getvalue())
    )
    assert len(list(classeur["Participants"].iter_rows(values_only=True))) == 1 + len(lignes)
    # « ?tous=1 » n'existe plus : il ne change rien.
    tous = client.get(f"{reverse('pilotage:export_fse')}?{periode}&tous=1")
    assert tous.getvalue().decode("utf-8-sig").splitlines() == texte_fse.splitlines()
    admin_calvados = Utilisateur.objects.filter(
        habilitations__role=Role.ADMIN_DEPARTEMENTAL, email__endswith="calvados.test"
    )
    client.force_login(admin_calvados.order_by("pk").first())
    calvados = client.get(f"{reverse('pilotage:export_fse')}?departement=14&du=2026-01-01&au=2026-06-30")
    assert len(calvados.getvalue().decode("utf-8-sig").strip().splitlines()) == 1
