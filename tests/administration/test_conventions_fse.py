"""Issue 12, point 3 : la convention FSE+ se règle à l'écran de l'administrateur départemental, la dérogation sur
le parcours ; l'extrait FSE+ suit la règle unique (``binome.accompagnement.cofinancement``)."""

import datetime

import pytest
from django.urls import reverse

from binome.accompagnement.cofinancement import cofinancement_du_parcours
from binome.accompagnement.models import Parcours
from binome.organisations.models import ConventionFSE
from tests.accompagnement.factories import ParcoursFactory, PersonneFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("organisations:conventions_fse", kwargs={"code": "15"})


def _parcours(personas, entree):
    personne = PersonneFactory(
        departement=personas.cantal.departement, commune=personas.cantal.communes["saint_flour"]
    )
    return ParcoursFactory(
        personne=personne,
        date_entree=entree,
        conseiller=personas.conseiller,
        organisation_conseiller=personas.cantal.agence,
        referent_social=personas.travailleur_social,
        organisation_referent=personas.cantal.unite,
    )


def test_l_administrateur_cree_et_modifie_une_convention(personas, client_de):
    client = client_de(personas.admin)
    assert client.get(URL).status_code == 200
    reponse = client.post(URL, {"identifiant_operation": "202500015", "date_debut": "2025-01-01", "date_fin": ""})
    assert reponse.status_code == 302
    convention = ConventionFSE.objects.get()
    assert (convention.departement_id, convention.date_debut, convention.date_fin) == ("15", D(2025, 1, 1), None)
    url_modifier = reverse("organisations:convention_fse_modifier", kwargs={"code": "15", "pk": convention.pk})
    client.post(
        url_modifier, {"identifiant_operation": "202500016", "date_debut": "2025-01-01", "date_fin": "2025-12-31"}
    )
    convention.refresh_from_db()
    assert (convention.identifiant_operation, convention.date_fin) == ("202500016", D(2025, 12, 31))
    assert convention.history.count() == 2
    # Le parcours entré pendant la convention est cofinancé ; celui d'après ne l'est pas.
    dedans, apres = _parcours(personas, D(2025, 6, 1)), _parcours(personas, D(2026, 1, 5))
    assert cofinancement_du_parcours(dedans) == (True, "202500016")
    assert cofinancement_du_parcours(apres) == (False, "")
    # Chevauchement refusé à l'écran, avec un message.
    reponse = client.post(URL, {"identifiant_operation": "X", "date_debut": "2025-06-01", "date_fin": ""})
    assert reponse.status_code == 200 and "chevauchent" in reponse.content.decode()


@pytest.mark.parametrize("persona, statut", [("admin_calvados", 404), ("pilote", 403), ("conseiller", 403)])
def test_ecran_des_conventions_refuse(personas, client_de, persona, statut):
    client = client_de(getattr(personas, persona))
    assert client.get(URL).status_code == statut
    assert client.post(URL, {"identifiant_operation": "X", "date_debut": "2025-01-01"}).status_code == statut
    assert not ConventionFSE.objects.exists()


def test_derogation_sur_le_parcours(personas, client_de):
    parcours = _parcours(personas, D(2025, 6, 1))
    url = reverse("accompagnement:parcours_fse", kwargs={"pk": parcours.pk})
    assert client_de(personas.conseiller).get(url).status_code == 403  # le binôme ne déroge pas
    client = client_de(personas.encadrant)
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"regle": "oui", "identifiant_operation": "202400999", "motif": ""})
    assert reponse.status_code == 200  # motif obligatoire
    reponse = client.post(url, {"regle": "oui", "identifiant_operation": "202400999", "motif": "Accord de l'AG"})
    assert reponse.status_code == 302
    parcours = Parcours.objects.get(pk=parcours.pk)
    assert (parcours.cofinance_fse, parcours.motif_derogation_fse) == (True, "Accord de l'AG")
    assert cofinancement_du_parcours(parcours) == (True, "202400999")
    client.post(url, {"regle": "convention", "identifiant_operation": "", "motif": "Retour à la convention"})
    assert cofinancement_du_parcours(parcours) == (False, "")
    fiche = client_de(personas.admin).get(reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id}))
    assert url in fiche.content.decode()
