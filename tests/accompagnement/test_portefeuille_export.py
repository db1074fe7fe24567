"""Export CSV du portefeuille (issue 13, point 7) : colonnes et filtres de l'écran, ses seuls parcours, journal."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.confiance.models import Action, EntreeJournal
from tests.accompagnement.factories import ActionFactory, ContactFactory, PlanActionFactory, personne_du
from tests.accompagnement.test_suivi_portefeuille import (
    _actif,
    portefeuille,  # noqa: F401 — fixture partagée
)

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)
URL = "accompagnement:portefeuille_export"
ENTETES = ["Personne", "État", "Modalité", "Entrée", "Dernier contact", "Prochain contact", "Alertes"]


def _lignes(reponse) -> list[list[str]]:
    assert reponse.status_code == 200, reponse.status_code
    assert reponse["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in reponse["Content-Disposition"]
    return list(csv.reader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";"))


def test_les_colonnes_de_la_liste_et_ses_seuls_parcours(personas, portefeuille, client_de):  # noqa: F811
    lignes = _lignes(client_de(personas.conseiller).get(reverse(URL)))
    assert lignes[0] == ENTETES
    par_personne = {ligne[0]: ligne for ligne in lignes[1:]}
    # Les quatre parcours suivis (pas le parcours clos : filtre « en cours » par défaut, comme l'écran).
    assert len(par_personne) == 4
    assert all(str(portefeuille[c].personne) in par_personne for c in ("a_jour", "sans_contact", "en_retard"))
    assert str(portefeuille["clos"].personne) not in par_personne
    a_jour = par_personne[str(portefeuille["a_jour"].personne)]
    aujourdhui = timezone.localdate()
    assert a_jour[3] == portefeuille["a_jour"].date_entree.strftime("%d/%m/%Y")
    assert a_jour[4] == (aujourdhui - 2 * J).strftime("%d/%m/%Y")
    assert a_jour[5] == (aujourdhui + 12 * J).strftime("%d/%m/%Y")
    assert a_jour[6] == ""
    assert par_personne[str(portefeuille["sans_contact"].personne)][6] == "Sans contact récent"
    assert "Actions en retard" in par_personne[str(portefeuille["en_retard"].personne)][6]


def test_les_filtres_de_l_ecran(personas, portefeuille, client_de):  # noqa: F811
    client = client_de(personas.travailleur_social)
    lignes = _lignes(client.get(reverse(URL), {"alerte": "sans_contact"}))
    assert [ligne[0] for ligne in lignes[1:]] == [str(portefeuille["sans_contact"].personne)]
    lignes = _lignes(client.get(reverse(URL), {"modalite": "SOCIAL_EXCLUSIF"}))
    assert [ligne[0] for ligne in lignes[1:]] == [str(portefeuille["social"].personne)]
    lignes = _lignes(client.get(reverse(URL), {"etat": "tous", "tri": "personne"}))
    assert len(lignes) == 6  # en-tête + 4 suivis + le parcours clos
    # Le bouton de la page porte les filtres en cours.
    page = client.get(reverse("accompagnement:portefeuille"), {"alerte": "sans_contact"}).content.decode()
    assert f'href="{reverse(URL)}?alerte=sans_contact"' in page


def test_formule_neutralisee(personas, client_de):
    _actif(personas, personne=personne_du(personas.cantal, prenom="=HYPERLINK(1)", nom="Formule"))
    lignes = _lignes(client_de(personas.conseiller).get(reverse(URL)))
    assert lignes[1][0].startswith("'=HYPERLINK(1)")


def test_journalise_comme_un_export(personas, portefeuille, client_de):  # noqa: F811
    client_de(personas.conseiller).get(reverse(URL))
    entree = EntreeJournal.objects.get(route=URL)
    assert entree.action == Action.EXPORT
    assert entree.acteur_id == personas.conseiller.pk


@pytest.mark.parametrize("persona", ["pilote", "encadrant", "partenaire", "admin", "referent_orientation"])
def test_autre_persona_refuse(personas, portefeuille, client_de, persona):  # noqa: F811
    reponse = client_de(getattr(personas, persona)).get(reverse(URL))
    assert reponse.status_code == 403
    assert not EntreeJournal.objects.filter(route=URL).exists()


def test_le_conseiller_d_un_autre_departement_n_exporte_que_les_siens(personas, portefeuille, client_de):  # noqa: F811
    lignes = _lignes(client_de(personas.conseiller_calvados).get(reverse(URL)))
    assert lignes == [ENTETES]


def test_requetes_bornees(personas, client_de, django_assert_max_num_queries):
    client = client_de(personas.conseiller)
    client.get(reverse(URL))
    comptes = []
    for total in (3, 30):
        while len(_lignes(client.get(reverse(URL)))) - 1 < total:
            parcours = _actif(personas)
            ContactFactory(parcours=parcours, date=timezone.localdate() - 20 * J)
            ActionFactory(plan=PlanActionFactory(parcours=parcours), echeance=timezone.localdate() - J)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as requetes:
            assert len(_lignes(client.get(reverse(URL)))) == total + 1
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
