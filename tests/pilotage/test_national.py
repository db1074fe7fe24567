"""Niveau national du pilotage : pilote national et administrateur de la plateforme, comparaison des départements,
mêmes définitions et même masquage que le département, exports, ``stats --national``, requêtes bornées."""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binome.accompagnement import enums as e
from binome.confiance.models import Action, EntreeJournal
from binome.pilotage import tableau
from binome.pilotage.indicateurs import Periode
from binome.pilotage.models import DefinitionSortiePositive
from binome.pilotage.selectors import Perimetre, perimetre_national, perimetre_pour
from binome.portail.selectors import menu_pour
from tests.personas import _territoire
from tests.pilotage.jeu import _parcours, creer_jeu

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("pilotage:national")
PERIODE = "du=2025-01-01&au=2025-06-30"
P = Periode(D(2025, 1, 1), D(2025, 6, 30))


@pytest.fixture
def jeu(personas):
    return creer_jeu(personas)


def _construire(perimetre):
    return tableau.construire(perimetre, e.Modalite.GLOBAL, P, date_donnees=timezone.localtime())


def _ligne(t, cle):
    return next(ligne for section in t.sections for ligne in section.lignes if ligne.cle == cle)


def _comparaison(t, cle="departements"):
    return next(c for c in t.comparaisons if c.cle == cle)


# --- Qui voit le niveau national ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["pilote_national", "super_admin"])
def test_le_niveau_national_est_ouvert_au_pilote_national_et_a_l_administrateur(personas, client_de, jeu, persona):
    client = client_de(getattr(personas, persona))
    reponse = client.get(f"{URL}?{PERIODE}")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Tableau de bord national du pilotage" in contenu
    assert "France entière" in contenu and 'id="comparaison-departements"' in contenu
    assert "Cantal (15)" in contenu and "Calvados (14)" in contenu
    assert "définition nationale de référence" in contenu
    # Leur tableau de bord est le niveau national : /pilotage/ y renvoie, jamais un 403 muet.
    assert client.get(reverse("pilotage:tableau_de_bord")).url == URL
    assert "pilotage:national" in {entree.url_name for entree in menu_pour(getattr(personas, persona))}


@pytest.mark.parametrize("persona", ["pilote", "admin", "encadrant", "conseiller", "partenaire", "admin_calvados"])
def test_le_niveau_national_est_ferme_aux_autres(personas, client_de, persona):
    client = client_de(getattr(personas, persona))
    reponse = client.get(URL)
    assert reponse.status_code == 403
    assert "comité de pilotage national" in reponse.content.decode()
    for route in ("pilotage:export_national_csv", "pilotage:export_national_xlsx"):
        assert client.get(reverse(route)).status_code == 403


def test_le_pilote_national_n_a_ni_departement_ni_dossier(personas, client_de, jeu):
    client = client_de(personas.pilote_national)
    assert client.get(f"{reverse('pilotage:export_csv')}?departement=15").status_code == 403
    assert client.get(f"{reverse('pilotage:export_fse')}?departement=15").status_code == 403
    personne = jeu["A"].personne
    assert client.get(reverse("accompagnement:personne", args=[personne.pk])).status_code in (403, 404)
    contenu = client.get(f"{URL}?{PERIODE}").content.decode()
    assert personne.nom not in contenu and "Extrait FSE+" not in contenu


# --- Mêmes définitions, même masquage ----------------------------------------------------------------------------


def test_le_national_est_la_somme_des_departements_avec_les_memes_definitions(personas, jeu):
    national = _construire(Perimetre(departement=None, masque=False))
    cantal = _construire(Perimetre(departement=personas.cantal.departement, masque=False, detail_organisations=True))
    calvados = _construire(
        Perimetre(departement=personas.calvados.departement, masque=False, detail_organisations=True)
    )
    for cle in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
        somme = _ligne(cantal, cle).valeur.nombre + _ligne(calvados, cle).valeur.nombre
        assert _ligne(national, cle).valeur.nombre == somme, cle
    # La comparaison a une ligne par département, avec les valeurs de son tableau départemental.
    lignes = {ligne["libelle"]: ligne["valeurs"] for ligne in _comparaison(national).lignes}
    assert set(lignes) == {"Cantal (15)", "Calvados (14)"}
    for cle in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives", "taux_sortie_positive"):
        assert lignes["Cantal (15)"][cle].nombre == _ligne(cantal, cle).valeur.nombre, cle
    assert national.definition.nationale and national.vide is False


def test_le_national_applique_la_definition_de_reference_a_tous(personas, jeu):
    """Un département qui a sa propre définition ne change pas la définition nationale (comparabilité)."""
    DefinitionSortiePositive.objects.create(
        departement=personas.cantal.departement,
        codes=[e.MotifSortie.FORMATION],
        valable_a_partir_du=D(2024, 1, 1),
        auteur=personas.admin,
    )
    national = _construire(Perimetre(departement=None, masque=False))
    assert e.MotifSortie.EMPLOI_DURABLE in national.definition.codes
    assert "définition nationale de référence" in national.definition.resume


def test_le_pilote_national_voit_des_agregats_masques(personas, jeu):
    """Le Calvados n'a qu'une entrée : masquée dans la comparaison, comme au niveau départemental."""
    national = _construire(perimetre_national(personas.pilote_national))
    lignes = {ligne["libelle"]: ligne["valeurs"] for ligne in _comparaison(national).lignes}
    assert lignes["Calvados (14)"]["entrees"].masque
    assert not _ligne(national, "entrees").valeur.masque
    # Le même département, vu par son pilote, masque la même case.
    calvados = _construire(perimetre_pour(personas.pilote_calvados))
    assert _ligne(calvados, "entrees").valeur.masque
    # Aucune ligne de comparaison ne renvoie vers un tableau départemental (le pilote national n'en a pas).
    assert all(ligne["requete"] == "" for ligne in _comparaison(national).lignes)


# --- Exports ----------------------------------------------------------------------------------------------------


def test_exports_nationaux_csv_et_xlsx_journalises(personas, client_de, jeu):
    client = client_de(personas.pilote_national)
    reponse = client.get(f"{reverse('pilotage:export_national_csv')}?{PERIODE}")
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == 'attachment; filename="pilotage-national-2025-01-01-2025-06-30.csv"'
    lignes = list(csv.reader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert ["Territoire", "France entière (tous les départements)"] in lignes
    assert ["Comparaison des départements"] in lignes
    assert any(ligne[:1] == ["Calvados (14)"] for ligne in lignes)
    reponse = client.get(f"{reverse('pilotage:export_national_xlsx')}?{PERIODE}")
    assert reponse.status_code == 200
    classeur = load_workbook(io.BytesIO(reponse.getvalue()))
    feuille = classeur["Comparaison des départements"]
    assert any(row[0] == "Cantal (15)" for row in feuille.iter_rows(values_only=True))
    exports = EntreeJournal.objects.filter(action=Action.EXPORT, acteur_id=personas.pilote_national.pk)
    assert exports.count() == 2


# --- Requêtes bornées, indépendantes du nombre de départements ---------------------------------------------------


def _autres_departements(personas, codes):
    for i, code in enumerate(codes):
        territoire = _territoire(
            code,
            f"Département {code}",
            "11",
            "Île-de-France",
            {"c": (f"{code}001", f"Ville {code}", f"{code}000", 48.8, 2.3, 1000)},
            "Espace solidarité",
            f"du {code}",
        )
        for j in range(3):
            _parcours(personas, f"N{code}-{j}", D(2025, 2, 1 + j), territoire=territoire)
        if i == 0:
            _parcours(
                personas,
                f"N{code}-s",
                D(2025, 1, 5),
                sortie=D(2025, 5, 1),
                motif="EMPLOI_DURABLE",
                territoire=territoire,
            )


def test_requetes_du_tableau_national_independantes_du_nombre_de_departements(
    personas, client_de, jeu, django_assert_max_num_queries
):
    client = client_de(personas.pilote_national)
    url = f"{URL}?{PERIODE}"
    client.get(url)  # échauffement (session, caches)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    _autres_departements(personas, ["75", "92", "93", "94", "95"])
    with django_assert_max_num_queries(len(peu)):
        reponse = client.get(url)
    assert reponse.status_code == 200 and "Département 95 (95)" in reponse.content.decode()
    # 3 (calculer) + 2 (série) + 2 (comparaison) + 1 (suivi à 6 mois) + 2 (premier rendez-vous : comptes, médiane)
    # + 3 (actions collectives : séances, inscriptions, personnes distinctes)
    with django_assert_max_num_queries(13):
        _construire(Perimetre(departement=None, masque=True))


# --- stats --national ------------------------------------------------------------------------------------------


def _stats(*arguments) -> str:
    sortie = StringIO()
    call_command("stats", *arguments, stdout=sortie)
    return sortie.getvalue()


def test_stats_national_json_memes_cles_plus_la_ventilation(personas, jeu):
    national = json.loads(_stats("--national", "--du", "2025-01-01", "--au", "2025-06-30"))
    cantal = json.loads(_stats("--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30"))
    calvados = json.loads(_stats("--departement", "14", "--du", "2025-01-01", "--au", "2025-06-30"))
    assert set(cantal) | {"par_departement"} == set(national)
    assert national["departement"] is None
    for cle in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
        assert national[cle] == cantal[cle] + calvados[cle], cle
    lignes = {ligne["departement"]: ligne for ligne in national["par_departement"]}
    assert set(lignes) == {"14", "15"}
    assert lignes["15"]["entrees"] == cantal["entrees"] and lignes["15"]["nom"] == "Cantal (15)"
    assert lignes["15"]["taux_sortie_positive"] == cantal["taux_sortie_positive"]
    # Mêmes chiffres que le tableau de bord national (un seul chemin de calcul).
    t = _construire(Perimetre(departement=None, masque=False))
    assert national["entrees"] == _ligne(t, "entrees").valeur.nombre


def test_stats_national_texte(personas, jeu):
    texte = _stats("--national", "--du", "2025-01-01", "--au", "2025-06-30", "--format", "texte")
    assert "entrees" in texte and "Ventilation par département" in texte
    assert any(ligne.startswith("15") and "Cantal (15)" in ligne for ligne in texte.splitlines())


def test_stats_national_masquer_masque_aussi_la_ventilation(personas, jeu):
    """``--national --masquer`` : la ligne du Calvados (une entrée) porte la marque, comme à l'écran national."""
    exact = json.loads(_stats("--national", "--du", "2025-01-01", "--au", "2025-06-30"))
    masque = json.loads(_stats("--national", "--du", "2025-01-01", "--au", "2025-06-30", "--masquer"))
    lignes = {ligne["departement"]: ligne for ligne in masque["par_departement"]}
    exactes = {ligne["departement"]: ligne for ligne in exact["par_departement"]}
    assert exactes["14"]["entrees"] == 1
    assert lignes["14"]["entrees"] in ("< 5", "s")
    assert masque["masque"] is True and masque["entrees"] == exact["entrees"]
    texte = _stats("--national", "--du", "2025-01-01", "--au", "2025-06-30", "--masquer", "--format", "texte")
    calvados = next(ligne for ligne in texte.splitlines() if ligne.startswith("14 "))
    assert "< 5" in calvados or " s " in f"{calvados} "


def test_stats_exige_un_departement_ou_national(personas):
    with pytest.raises(CommandError):
        call_command("stats", "--du", "2025-01-01", "--au", "2025-06-30", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "stats", "--national", "--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", stdout=StringIO()
        )


def test_accueil_du_pilote_national(personas, client_de, jeu):
    contenu = client_de(personas.pilote_national).get(reverse("core:accueil")).content.decode()
    assert 'id="accueil-pilote_national"' in contenu
    assert "France entière (tous les départements)" in contenu
    assert f'href="{URL}?' in contenu
