"""La confirmation du premier rendez-vous d'une personne porte le lien de la notice d'information en FALC (adresse
absolue, ``BINOME_URL_SITE``) ; les confirmations suivantes, les modifications et les rappels ne le portent pas.
Lu sur un vrai serveur SMTP (aiosmtpd)."""

import pytest
from django.test import Client

from binome.accompagnement.enums import EtatParcours
from binome.agenda import notifications
from binome.agenda.envois import rendez_vous_annonce
from tests.accompagnement.factories import ParcoursFactory, PersonneFactory
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

LIEN = "https://binome.exemple.fr/mon-espace/notice/"


@pytest.fixture(autouse=True)
def _url_site(settings):
    settings.BINOME_URL_SITE = "https://binome.exemple.fr/"


def _personne_et_parcours():
    personne = PersonneFactory(prenom="Léa", nom="Martin", courriel="lea.martin@exemple.fr", telephone="0612345678")
    return personne, ParcoursFactory(personne=personne)


def test_lien_au_premier_rendez_vous_seulement(serveur_smtp, boite_sms):
    _personne, parcours = _personne_et_parcours()
    premier = RendezVousFactory(parcours=parcours)
    rendez_vous_annonce(rendez_vous_id=premier.pk, motif="planifie")
    second = RendezVousFactory(parcours=parcours)
    rendez_vous_annonce(rendez_vous_id=second.pk, motif="planifie")
    rendez_vous_annonce(rendez_vous_id=premier.pk, motif="modifie")

    confirmation, suivante, modification = serveur_smtp.recus
    assert LIEN in confirmation.texte()
    assert f'href="{LIEN}"' in confirmation.texte("text/html")
    for recu in (suivante, modification):
        assert "mon-espace/notice" not in recu.texte() and "mon-espace/notice" not in recu.texte("text/html")
    sms_premier, sms_second, sms_modification = boite_sms
    assert sms_premier.texte.endswith(f"Vos droits : {LIEN}")
    assert "mon-espace" not in sms_second.texte and "mon-espace" not in sms_modification.texte

    # Le lien mène à la notice publique : la personne la lit sans se connecter.
    chemin = LIEN.removeprefix("https://binome.exemple.fr")
    reponse = Client().get(chemin)
    assert reponse.status_code == 200 and "Vos droits" in reponse.content.decode()


def test_le_premier_rendez_vous_d_une_personne_pas_du_parcours():
    """Un nouveau parcours de la même personne n'est pas un « premier rendez-vous » : le lien est déjà parti."""
    personne = PersonneFactory(prenom="Léa", nom="Martin")
    parcours = ParcoursFactory(personne=personne, etat=EtatParcours.NON_RETENU)
    ancien = RendezVousFactory(parcours=parcours)
    nouveau_parcours = ParcoursFactory(personne=personne)
    rdv = RendezVousFactory(parcours=nouveau_parcours)
    assert notifications.lien_notice(ancien, notifications.PLANIFIE) == LIEN
    assert notifications.lien_notice(rdv, notifications.PLANIFIE) == ""
    assert notifications.lien_notice(ancien, notifications.RAPPEL) == ""
    autre = RendezVousFactory(parcours=ParcoursFactory())
    assert notifications.lien_notice(autre, notifications.PLANIFIE) == LIEN  # premier d'une autre personne


def test_le_sms_garde_le_lieu_et_tient_en_160_caracteres():
    _personne, parcours = _personne_et_parcours()
    rdv = RendezVousFactory(parcours=parcours, lieu="Maison des solidarités, " + "bâtiment B, " * 12)
    texte = notifications.texte_sms(rdv, notifications.PLANIFIE, notice=LIEN)
    assert len(texte) <= 160 and texte.endswith(f"Vos droits : {LIEN}")
    assert "Maison des solidarités" in texte
