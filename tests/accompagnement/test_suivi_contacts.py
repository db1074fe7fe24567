"""Journal des contacts : saisie, dernier contact de la personne, liste paginée."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.enums import CanalContact, PresenceContact, TypeContact, TypeEvenement
from binome.accompagnement.models import Contact, Evenement, Personne
from tests.accompagnement.factories import ContactFactory, parcours_du_binome

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


@pytest.fixture
def parcours(personas):
    aujourdhui = timezone.localdate()
    return parcours_du_binome(
        personas,
        date_reperage=aujourdhui - 90 * J,
        date_entree=aujourdhui - 60 * J,
        date_fin_prevue=aujourdhui + 300 * J,
    )


def _contact(personas, parcours, **champs):
    valeurs = {"date": timezone.localdate() - 2 * J, "canal": CanalContact.TELEPHONE}
    valeurs.update(champs)
    return services.contact_enregistrer(acteur=personas.conseiller, parcours=parcours, **valeurs)


def test_un_contact_honore_met_a_jour_le_dernier_contact(personas, parcours):
    aujourdhui = timezone.localdate()
    contact = _contact(
        personas,
        parcours,
        type=TypeContact.TRIPARTITE,
        participants=[personas.conseiller, personas.travailleur_social],
        autres_participants="Interprète",
        prochaine_date=aujourdhui + 14 * J,
        note="Point sur les démarches.",
    )
    assert set(contact.participants.all()) == {personas.conseiller, personas.travailleur_social}
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le == aujourdhui - 2 * J
    evenement = Evenement.objects.get(parcours=parcours, type=TypeEvenement.CONTACT)
    assert evenement.libelle == "Contact tripartite (téléphone) : honoré"
    assert "démarches" not in evenement.libelle  # la note ne part pas dans la chronologie
    # Un contact plus ancien, ou manqué, ne recule ni n'avance le dernier contact.
    _contact(personas, parcours, date=aujourdhui - 10 * J)
    _contact(personas, parcours, date=aujourdhui, presence=PresenceContact.MANQUE)
    _contact(personas, parcours, date=aujourdhui, presence=PresenceContact.EXCUSE)
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le == aujourdhui - 2 * J
    _contact(personas, parcours, date=aujourdhui)
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le == aujourdhui


@pytest.mark.parametrize(
    "champs, champ_en_erreur",
    [
        ({"date": timezone.localdate() + J}, "date"),
        ({"date": timezone.localdate() - 200 * J}, "date"),
        ({"prochaine_date": timezone.localdate() - 2 * J}, "prochaine_date"),
        ({"note": "x" * 501}, "note"),
        ({"canal": "PIGEON"}, "canal"),
        ({"presence": "PEUT_ETRE"}, "presence"),
    ],
)
def test_saisie_invalide(personas, parcours, champs, champ_en_erreur):
    with pytest.raises(ValidationError) as erreur:
        _contact(personas, parcours, **champs)
    assert champ_en_erreur in erreur.value.error_dict
    assert not Contact.objects.exists()
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le is None


def test_seul_qui_peut_modifier_saisit(personas, parcours):
    for acteur in (personas.admin, personas.pilote, personas.partenaire, personas.conseiller_calvados):
        with pytest.raises(PermissionDenied):
            services.contact_enregistrer(
                acteur=acteur, parcours=parcours, date=timezone.localdate(), canal=CanalContact.PRESENTIEL
            )
    services.contact_enregistrer(
        acteur=personas.encadrant_social, parcours=parcours, date=timezone.localdate(), canal=CanalContact.VISIO
    )
    assert Contact.objects.count() == 1


def test_ecran_des_contacts(personas, parcours, client_de):
    url = reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})
    client = client_de(personas.travailleur_social)
    page = client.get(url).content.decode()
    assert "Aucun contact enregistré pour ce parcours." in page
    assert "Enregistrer un contact" in page
    reponse = client.post(
        url,
        {
            "date": (timezone.localdate() - J).isoformat(),
            "canal": "VISITE_DOMICILE",
            "type": "INDIVIDUEL",
            "presence": "HONORE",
            "participants": [personas.travailleur_social.pk],
            "prochaine_date": (timezone.localdate() + 7 * J).isoformat(),
            "note": "Visite de suivi.",
        },
    )
    assert reponse.status_code == 302
    contact = Contact.objects.get()
    assert contact.auteur == personas.travailleur_social
    assert contact.canal == CanalContact.VISITE_DOMICILE
    page = client.get(url).content.decode()
    assert "Visite à domicile" in page
    assert "Visite de suivi." in page
    reponse = client.post(
        url,
        {
            "date": (timezone.localdate() + J).isoformat(),
            "canal": "TELEPHONE",
            "type": "INDIVIDUEL",
            "presence": "HONORE",
        },
    )
    assert reponse.status_code == 400
    assert "Un contact se saisit une fois qu&#x27;il a eu lieu" in reponse.content.decode()
    assert Contact.objects.count() == 1


def test_l_administrateur_lit_le_journal_sans_formulaire(personas, parcours, client_de):
    ContactFactory(parcours=parcours, date=timezone.localdate(), note="Entretien mensuel.")
    client = client_de(personas.admin)
    url = reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})
    page = client.get(url).content.decode()
    assert "Entretien mensuel." in page
    assert "Enregistrer un contact" not in page
    assert client.post(url, {"date": timezone.localdate().isoformat(), "canal": "TELEPHONE"}).status_code == 403


def test_journal_pagine_a_cout_constant(personas, parcours, client_de, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})
    client = client_de(personas.conseiller)
    client.get(url)  # session et habilitations en place
    comptes = []
    for total in (3, 30):
        Contact.objects.all().delete()
        for i in range(total):
            contact = ContactFactory(parcours=parcours, date=timezone.localdate() - i * J, auteur=personas.conseiller)
            contact.participants.set([personas.conseiller, personas.travailleur_social])
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as requetes:
            page = client.get(url)
        assert page.status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1]
    assert "Page suivante" in client.get(url).content.decode()
