"""Pilotage des actions collectives : séances tenues, places, inscriptions, présences, taux, personnes distinctes,
par thème et par territoire ; tableau de bord du département et national (section ``actions-collectives``),
exports CSV/XLSX et ``stats`` (clé ``actions_collectives``) ; secret statistique pour le pilote, ``stats`` exact ;
requêtes bornées.

Jeu calculé à la main (Cantal, période du 1er janvier au 30 juin 2025) :

- café santé (unité d'action sociale, 8 places) : séance tenue le 5 mars, 6 inscrits dont 5 présents et 1 absent,
  plus une personne sur liste d'attente et une désinscrite (non comptées) ;
- atelier budget (agence, séance de 12 places) : séance tenue le 10 avril, 3 inscrits dont 2 présents, l'un déjà
  présent au café santé ;
- non comptés : une séance planifiée (présences non saisies) et une séance annulée dans la période, une séance
  tenue en juillet, une séance tenue du Calvados (comptée au niveau national seulement).

Attendu : 2 séances, 20 places, 9 inscriptions, 7 présences, taux 7/9, 6 personnes touchées ; santé 1/8/6/5/5,
budget 1/12/3/2/2 ; Calvados 1 séance, 5 inscriptions, 5 présences, 5 personnes.
"""

import csv
import datetime
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binome.accompagnement import enums as e
from binome.collectif.enums import PresenceSeance, StatutInscription, StatutSeance, ThemeAction
from binome.pilotage import actions_collectives, indicateurs, tableau
from binome.pilotage.selectors import Perimetre
from tests.collectif.factories import ActionCollectiveFactory, InscriptionFactory, SeanceCollectiveFactory

pytestmark = pytest.mark.django_db

PERIODE = "du=2025-01-01&au=2025-06-30"
P = indicateurs.Periode(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
URL = reverse("pilotage:tableau_de_bord")


def _moment(jour: str, heure: int = 14) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(jour), datetime.time(heure)), actions_collectives.FUSEAU
    )


def _seance(action, jour, *, statut=StatutSeance.TENUE, **champs):
    if statut == StatutSeance.TENUE:
        champs.setdefault("presences_saisies_le", _moment(jour, 18))
    if statut == StatutSeance.ANNULEE:
        champs.setdefault("annulee_le", _moment(jour, 9))
    return SeanceCollectiveFactory(action=action, debut=_moment(jour), statut=statut, **champs)


def _inscrits(seance, presences, *, parcours=()):
    """Une inscription par présence donnée ; ``parcours`` : parcours déjà existants à réinscrire d'abord."""
    resultat = []
    for i, presence in enumerate(presences):
        champs = {"parcours": parcours[i]} if i < len(parcours) else {}
        resultat.append(InscriptionFactory(seance=seance, presence=presence, **champs))
    return resultat


def creer_jeu(personas):
    cantal, calvados = personas.cantal, personas.calvados
    H, M = PresenceSeance.HONORE, PresenceSeance.MANQUE
    sante = ActionCollectiveFactory(
        departement=cantal.departement, organisation=cantal.unite, theme=ThemeAction.SANTE, capacite=8
    )
    cafe = _seance(sante, "2025-03-05")
    presents = _inscrits(cafe, [H, H, H, H, H, M])
    InscriptionFactory(seance=cafe, statut=StatutInscription.ATTENTE)
    InscriptionFactory(seance=cafe, statut=StatutInscription.DESINSCRITE)
    budget = ActionCollectiveFactory(
        departement=cantal.departement,
        organisation=cantal.agence,
        titre="Atelier budget",
        theme=ThemeAction.BUDGET,
        capacite=10,
    )
    _inscrits(_seance(budget, "2025-04-10", capacite=12), [H, H, M], parcours=[presents[0].parcours])
    _inscrits(_seance(sante, "2025-05-12", statut=StatutSeance.PLANIFIEE), [H, H])  # présences non saisies
    _inscrits(_seance(sante, "2025-05-19", statut=StatutSeance.ANNULEE), [H])
    _inscrits(_seance(sante, "2025-07-01"), [H])  # hors période
    emploi = ActionCollectiveFactory(
        departement=calvados.departement, organisation=calvados.agence, theme=ThemeAction.EMPLOI, titre="Entretien"
    )
    _inscrits(_seance(emploi, "2025-02-03"), [H] * 5)


@pytest.fixture
def jeu(personas):
    creer_jeu(personas)


def _comptes(perimetre):
    return actions_collectives.comptes(perimetre, P)


def test_comptes_du_departement_calcules_a_la_main(personas, jeu):
    c = _comptes(Perimetre(departement=personas.cantal.departement, masque=False))
    assert {cle: c[cle] for cle in actions_collectives.COMPTES} == {
        "sessions": 2,
        "places": 20,
        "inscriptions": 9,
        "presences": 7,
        "personnes": 6,
    }
    assert c["taux_presence"] == round(7 / 9, 4)
    assert c["par_theme"] == {
        ThemeAction.SANTE: {"sessions": 1, "places": 8, "inscriptions": 6, "presences": 5, "personnes": 5},
        ThemeAction.BUDGET: {"sessions": 1, "places": 12, "inscriptions": 3, "presences": 2, "personnes": 2},
    }
    assert c["par_territoire"][personas.cantal.unite.pk]["inscriptions"] == 6
    assert c["par_territoire"][personas.cantal.agence.pk]["personnes"] == 2


def test_organisation_et_agent(personas, jeu):
    agence = _comptes(Perimetre(departement=personas.cantal.departement, organisation=personas.cantal.agence))
    assert (agence["sessions"], agence["inscriptions"], agence["personnes"]) == (1, 3, 2)
    assert agence["ventile"] is None
    personne = _comptes(Perimetre(departement=personas.cantal.departement, agent=personas.conseiller))
    assert (personne["sessions"], personne["inscriptions"]) == (0, 0)


def test_national_somme_des_departements(personas, jeu):
    c = _comptes(Perimetre(departement=None, masque=False))
    assert (c["sessions"], c["inscriptions"], c["presences"], c["personnes"]) == (3, 14, 12, 11)
    assert c["par_territoire"]["14"]["personnes"] == 5 and c["noms"]["14"] == "Calvados"


def test_stats_json_exact_et_masque(personas, jeu):
    def stats(*options):
        sortie = StringIO()
        call_command("stats", "--du", "2025-01-01", "--au", "2025-06-30", "--format", "json", *options, stdout=sortie)
        return json.loads(sortie.getvalue())[actions_collectives.CLE]

    exact = stats("--departement", "15")
    assert exact == {"sessions": 2, "inscriptions": 9, "presences": 7, "personnes": 6}
    assert stats("--national") == {"sessions": 3, "inscriptions": 14, "presences": 12, "personnes": 11}
    masque = stats("--departement", "15", "--masquer")
    assert set(masque) == {"sessions", "inscriptions", "presences", "personnes"}
    assert masque["sessions"] == 2 and masque["inscriptions"] == 9
    assert masque["presences"] == "s"  # 2 absents : les présences les révéleraient par différence


def test_stats_texte_libelles(personas, jeu):
    sortie = StringIO()
    call_command("stats", "--departement", "15", "--du", "2025-01-01", "--au", "2025-06-30", "--format", "texte",
                 stdout=sortie)  # fmt: skip
    assert "Actions collectives (actions_collectives) :" in sortie.getvalue()
    assert "Personnes touchées par les actions collectives (personnes) : 6" in sortie.getvalue()


def _section(reponse) -> str:
    html = reponse.content.decode()
    debut = html.index('id="actions-collectives"')
    return html[debut : html.index("</section>", debut)]


def test_tableau_de_bord_admin_exact_pilote_masque(personas, client_de, jeu):
    admin = _section(client_de(personas.admin).get(f"{URL}?{PERIODE}"))
    assert "Séances collectives tenues" in admin and "Personnes touchées" in admin
    assert "77,8\u00a0%" in admin  # taux de présence 7/9
    assert "Budget, difficultés financières" in admin and "Santé" in admin
    assert personas.cantal.agence.nom in admin and personas.cantal.unite.nom in admin
    client_de(personas.admin).logout()
    pilote = _section(client_de(personas.pilote).get(f"{URL}?{PERIODE}"))
    assert "&lt; 5" in pilote and "pilotage-masque" in pilote
    assert "77,8" not in pilote  # le taux dépend des présences cachées


def test_tableau_de_bord_national_par_le_meme_chemin(personas, client_de, jeu):
    section = _section(client_de(personas.pilote_national).get(f"{reverse('pilotage:national')}?{PERIODE}"))
    assert "Calvados (14)" in section and "Cantal (15)" in section
    t = tableau.construire(Perimetre(departement=None, masque=True), e.Modalite.GLOBAL, P, date_donnees=timezone.now())
    assert t.actions_collectives.colonne_territoire == "Département"
    assert t.effectifs["actions_collectives:sessions"].texte == "3"


def test_exports_csv_et_xlsx_memes_valeurs_que_l_ecran(personas, client_de, jeu):
    reponse = client_de(personas.pilote).get(f"{reverse('pilotage:export_csv')}?{PERIODE}")
    lignes = list(csv.reader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";"))
    budget = next(ligne for ligne in lignes if ligne and ligne[0] == "Budget, difficultés financières")
    assert budget[1:] == ["1", "12", "< 5", "< 5", "s", "< 5"]
    assert ["Séances collectives tenues", "2"] in lignes
    client_de(personas.pilote).logout()
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_xlsx')}?{PERIODE}")
    classeur = load_workbook(io.BytesIO(reponse.getvalue()))
    assert {"Actions collectives", "Actions collectives par thème", "Actions coll. par territoire"} <= set(
        classeur.sheetnames
    )
    rangees = list(classeur["Actions collectives par thème"].iter_rows(values_only=True))
    assert ("Santé", 1, 8, 6, 5, round(5 / 6, 4), 5) in rangees


def test_requetes_bornees_et_constantes(personas, client_de, django_assert_max_num_queries):
    client = client_de(personas.pilote)
    url = f"{URL}?{PERIODE}"
    action = ActionCollectiveFactory(departement=personas.cantal.departement, organisation=personas.cantal.unite)
    _inscrits(_seance(action, "2025-02-01"), [PresenceSeance.HONORE])
    client.get(url)  # échauffement (session, caches)
    with CaptureQueriesContext(connection) as peu:
        assert client.get(url).status_code == 200
    for jour, theme in (("2025-02-10", ThemeAction.BUDGET), ("2025-03-10", ThemeAction.EMPLOI)):
        autre = ActionCollectiveFactory(departement=personas.cantal.departement, organisation=personas.cantal.agence)
        autre.theme = theme
        autre.save()
        _inscrits(_seance(autre, jour), [PresenceSeance.HONORE] * 6)
    with django_assert_max_num_queries(len(peu)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(3):
        _comptes(Perimetre(departement=personas.cantal.departement))


def test_rien_a_montrer(personas, client_de):
    section = _section(client_de(personas.admin).get(f"{URL}?{PERIODE}"))
    assert "Aucune séance collective tenue sur ce territoire pendant la période." in section
    c = _comptes(Perimetre(departement=personas.cantal.departement))
    assert (c["sessions"], c["personnes"], c["taux_presence"]) == (0, 0, None)
