"""La couture du réplica (issue 17) : chaque tableau de bord, chaque export et la commande ``stats`` calculent leurs
chiffres sous ``lecture_sur_replica()`` ; une définition enregistrée (écriture) ne l'est jamais. Le routage réel vers
un réplica PostgreSQL : ``tests/test_replica.py``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from binome.core import routeur
from binome.pilotage import fse, services, tableau
from binome.pilotage.management.commands import stats

pytestmark = pytest.mark.django_db
PERIODE = "du=2025-01-01&au=2025-06-30"


def _espion(monkeypatch, module, nom: str) -> list[bool]:
    """Remplace ``module.nom`` par une enveloppe qui note, à chaque appel, si un bloc du réplica est ouvert."""
    vus: list[bool] = []
    origine = getattr(module, nom)

    def enveloppe(*args, **kwargs):
        vus.append(routeur._bloc_courant.get() is not None)
        return origine(*args, **kwargs)

    monkeypatch.setattr(module, nom, enveloppe)
    return vus


@pytest.mark.parametrize(
    ("persona", "route"),
    [
        ("admin", "pilotage:tableau_de_bord"),
        ("admin", "pilotage:export_csv"),
        ("admin", "pilotage:export_xlsx"),
        ("pilote_national", "pilotage:national"),
        ("pilote_national", "pilotage:export_national_csv"),
        ("pilote_national", "pilotage:export_national_xlsx"),
    ],
)
def test_les_tableaux_et_exports_se_calculent_sous_le_bloc(monkeypatch, personas, client_de, persona, route):
    vus = _espion(monkeypatch, tableau, "construire")
    reponse = client_de(getattr(personas, persona)).get(f"{reverse(route)}?{PERIODE}")
    assert reponse.status_code == 200
    assert vus and all(vus)
    assert routeur._bloc_courant.get() is None  # refermé après la vue


def test_l_extrait_fse_se_calcule_sous_le_bloc(monkeypatch, personas, client_de):
    vus = _espion(monkeypatch, fse, "rangees")
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    assert reponse.status_code == 200
    assert vus == [True]


def test_la_commande_stats_se_calcule_sous_le_bloc(monkeypatch, personas):
    vus = _espion(monkeypatch, stats, "statistiques")
    call_command("stats", departement="15", du="2025-01-01", au="2025-06-30", stdout=StringIO())
    assert vus == [True]


def test_l_ecriture_d_une_definition_n_est_jamais_sous_le_bloc(monkeypatch, personas, client_de):
    vus = _espion(monkeypatch, services, "definition_sortie_positive_creer")
    reponse = client_de(personas.admin).post(
        reverse("pilotage:definitions", kwargs={"code": "15"}),
        {"codes": ["EMPLOI_DURABLE", "FORMATION"], "valable_a_partir_du": "2025-04-01"},
    )
    assert reponse.status_code == 302
    assert vus == [False]
