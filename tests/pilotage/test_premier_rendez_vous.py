"""Délais des conventions départementales (issue 13, point 7) : premier rendez-vous honoré dans les 15 et dans les
30 jours suivant la décision d'orientation (part et médiane), au tableau de bord et dans ``stats``, masqués pour le
pilote. Mêmes résultats sur SQLite et PostgreSQL (``DATABASE_URL=postgres://…``)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.agenda.enums import StatutRendezVous
from binome.pilotage import indicateurs, tableau
from binome.pilotage.indicateurs import Periode
from binome.pilotage.selectors import perimetre_pour
from tests.agenda.factories import RendezVousFactory
from tests.pilotage.jeu import _parcours

pytestmark = pytest.mark.django_db
D = datetime.date
P = Periode(D(2025, 1, 1), D(2025, 12, 31))
DECISION = D(2025, 3, 3)
MAINTENANT = datetime.datetime(2026, 11, 25, 10, tzinfo=datetime.UTC)
UTC = datetime.UTC


def _utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def _rdv(parcours, debut, statut=StatutRendezVous.HONORE):
    return RendezVousFactory(parcours=parcours, debut=debut, statut=statut)


@pytest.fixture
def cas(personas):
    """Sept décisions d'orientation le 03/03/2025 et un parcours sans décision :

    - le jour même (délai 0) ;
    - 15 jours pile : le 18/03 à 0 h 30 à Paris (17/03 23 h 30 UTC : 14 jours en UTC, 15 en heure de Paris) ;
    - 16 jours ;
    - manqué à 3 jours puis honoré à 20 jours ;
    - aucun rendez-vous ;
    - honoré 5 jours AVANT la décision, puis à 40 jours (le premier après la décision compte : 40) ;
    - seulement planifié à 2 jours (ne compte pas) ;
    - sans décision d'orientation, mais un rendez-vous honoré (hors population).
    """
    entree = D(2025, 3, 25)

    def decision(cle):
        return _parcours(personas, cle, entree, orientation=DECISION)

    _rdv(decision("meme_jour"), _utc(2025, 3, 3, 8))
    _rdv(decision("pile"), _utc(2025, 3, 17, 23, 30))
    _rdv(decision("seize"), _utc(2025, 3, 19, 9))
    manque = decision("manque")
    _rdv(manque, _utc(2025, 3, 6, 9), StatutRendezVous.MANQUE)
    _rdv(manque, _utc(2025, 3, 23, 9))
    decision("aucun")
    avant = decision("avant")
    _rdv(avant, _utc(2025, 2, 26, 9))
    _rdv(avant, _utc(2025, 4, 12, 9))
    _rdv(decision("planifie"), _utc(2025, 3, 5, 9), StatutRendezVous.PLANIFIE)
    _rdv(_parcours(personas, "sans_decision", entree), _utc(2025, 3, 26, 9))


def _exact(personas):
    parcours = indicateurs.de_modalite(Parcours.objects.filter(departement_id="15"), e.Modalite.GLOBAL)
    return indicateurs.premier_rendez_vous(parcours, P, date_donnees=MAINTENANT.date())


def test_cas_limites(personas, cas):
    c = _exact(personas)
    assert c == {
        "decisions": 7,
        "avec_rendez_vous": 5,
        "echues_15": 7,
        "dans_15": 2,  # le jour même et 15 jours pile
        "echues_30": 7,
        "dans_30": 4,  # + 16 jours, + manqué puis honoré à 20 jours
        "delai_median_jours": 16.0,  # médiane de 0, 15, 16, 20, 40
    }


def test_une_decision_recente_n_est_pas_encore_un_retard(personas):
    """Décision 10 jours avant la date des données, sans rendez-vous : comptée dans les décisions, pas dans les
    décisions échues à 15 ni à 30 jours ; décision 20 jours avant : échue à 15 jours, pas à 30."""
    donnees = D(2025, 6, 30)
    _parcours(personas, "recente", D(2025, 6, 25), orientation=donnees - datetime.timedelta(days=10))
    _parcours(personas, "vingt", D(2025, 6, 25), orientation=donnees - datetime.timedelta(days=20))
    parcours = indicateurs.de_modalite(Parcours.objects.all(), e.Modalite.GLOBAL)
    c = indicateurs.premier_rendez_vous(parcours, P, date_donnees=donnees)
    assert (c["decisions"], c["echues_15"], c["echues_30"], c["dans_15"], c["avec_rendez_vous"]) == (2, 1, 0, 0, 0)
    assert c["delai_median_jours"] is None


def _section(acteur):
    t = tableau.construire(perimetre_pour(acteur), e.Modalite.GLOBAL, P, date_donnees=MAINTENANT)
    section = next(s for s in t.sections if s.cle == "premier_rendez_vous")
    return {ligne.cle: ligne for ligne in section.lignes}


def test_tableau_de_bord_exact_pour_l_admin_masque_pour_le_pilote(personas, cas):
    admin = _section(personas.admin)
    assert admin["decisions_orientation"].valeur.texte == "7"
    assert admin["part_premier_rdv_15_jours"].detail == "2 sur 7"
    assert admin["part_premier_rdv_30_jours"].detail == "4 sur 7"
    assert admin["delai_median_premier_rdv_jours"].valeur.nombre == 16.0
    pilote = _section(personas.pilote)
    assert pilote["decisions_orientation"].valeur.texte == "7"
    assert pilote["part_premier_rdv_15_jours"].valeur.texte == "s"
    assert pilote["part_premier_rdv_15_jours"].detail == "< 5 sur 7"
    assert pilote["part_premier_rdv_30_jours"].valeur.texte == "s"
    # Cinq personnes reçues sur sept décisions : les deux sans rendez-vous se déduiraient par différence, donc
    # l'effectif des personnes reçues est caché (« s ») et la médiane avec lui.
    assert pilote["delai_median_premier_rdv_jours"].valeur.texte == "s"
    assert pilote["delai_median_premier_rdv_jours"].detail == "s personnes reçues"


def _stats(*options):
    sortie = StringIO()
    call_command("stats", "--departement", "15", "--du", "2025-01-01", "--au", "2025-12-31", *options, stdout=sortie)
    return sortie.getvalue()


def test_stats_exacte_et_masquee(personas, cas):
    exact = json.loads(_stats())["premier_rendez_vous"]
    assert exact == {
        "decisions": 7,
        "avec_rendez_vous": 5,
        "echues_15": 7,
        "dans_15": 2,
        "echues_30": 7,
        "dans_30": 4,
        "part_15_jours": 0.2857,
        "part_30_jours": 0.5714,
        "delai_median_jours": 16.0,
    }
    masque = json.loads(_stats("--masquer"))["premier_rendez_vous"]
    assert masque["dans_15"] == "< 5" and masque["dans_30"] == "< 5"
    assert masque["part_15_jours"] == "s" and masque["part_30_jours"] == "s"
    assert masque["decisions"] == 7 and masque["avec_rendez_vous"] == "s" and masque["delai_median_jours"] == "s"
    texte = _stats("--format", "texte")
    assert "Premier rendez-vous honoré dans les 15 jours (part_15_jours)" in texte
