"""Parcours complets : invitation (courriel, lien, mot de passe, connexion) et mot de passe oublié."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.comptes import services
from binome.comptes.models import Role, Utilisateur

pytestmark = pytest.mark.django_db

NOUVEAU = "un-mot-de-passe-tout-neuf"


def _lien(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _inviter(client_admin, personas):
    client_admin.post(
        reverse("comptes:utilisateur_inviter"),
        {
            "email": "lou.nouvelle@exemple.gouv.fr",
            "prenom": "Lou",
            "nom": "Nouvelle",
            "organisation": personas.cantal.agence.pk,
            "role": Role.CONSEILLER_FT,
        },
    )
    assert len(mail.outbox) == 1
    return _lien(mail.outbox[0])


def test_invitation_de_bout_en_bout(personas, client_de):
    lien = _inviter(client_de(personas.admin), personas)
    assert lien.startswith("/invitation/")
    invitee = Client()
    # Le lien ne marche pas tant que le compte n'est pas activé : aucun mot de passe ne permet la connexion.
    assert not invitee.login(username="lou.nouvelle@exemple.gouv.fr", password="")
    reponse = invitee.get(lien, follow=True)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Choisissez le mot de passe de votre compte lou.nouvelle@exemple.gouv.fr" in contenu
    url_formulaire = reponse.redirect_chain[-1][0]
    reponse = invitee.post(url_formulaire, {"new_password1": NOUVEAU, "new_password2": NOUVEAU}, follow=True)
    contenu = reponse.content.decode()
    assert "Bienvenue ! Votre compte est activé." in contenu
    assert "Bonjour Lou" in contenu
    assert 'id="accueil-conseiller_ft"' in contenu
    # Le lien ne sert qu'une fois.
    assert "n'est plus valable" in Client().get(lien, follow=True).content.decode().replace("&#x27;", "'")
    # Connexion ordinaire avec le mot de passe choisi.
    nouveau_client = Client()
    reponse = nouveau_client.post(
        reverse("comptes:connexion"), {"username": "lou.nouvelle@exemple.gouv.fr", "password": NOUVEAU}
    )
    assert reponse.status_code == 302
    assert nouveau_client.get(reverse("core:accueil")).status_code == 200


def test_le_mot_de_passe_choisi_doit_respecter_les_regles(personas, client_de):
    lien = _inviter(client_de(personas.admin), personas)
    invitee = Client()
    url_formulaire = invitee.get(lien, follow=True).redirect_chain[-1][0]
    reponse = invitee.post(url_formulaire, {"new_password1": "court", "new_password2": "court"})
    assert reponse.status_code == 200
    assert "trop court" in reponse.content.decode()
    assert not Utilisateur.objects.get(email="lou.nouvelle@exemple.gouv.fr").has_usable_password()


def test_le_mot_de_passe_ne_doit_pas_ressembler_au_nom(db):
    personne = Utilisateur(email="agent42@exemple.gouv.fr", prenom="Bérénice", nom="Castafiore")
    with pytest.raises(ValidationError, match="trop semblable"):
        validate_password("Castafiore12", personne)
    validate_password("horizon-lointain-42", personne)


def test_le_lien_expire_apres_3_jours(personas):
    with freeze_time(timezone.now()) as horloge:
        services.utilisateur_inviter(
            acteur=personas.admin,
            email="tardif@exemple.gouv.fr",
            prenom="Tar",
            nom="Dif",
            organisation=personas.cantal.agence,
            role=Role.CONSEILLER_FT,
        )
        lien = re.search(r"https?://[^/\s]+(/invitation/\S+)", mail.outbox[0].body).group(1)
        horloge.tick(timedelta(days=2, hours=23))
        assert "Activer mon compte" in Client().get(lien, follow=True).content.decode()
        horloge.tick(timedelta(hours=2))
        contenu = Client().get(lien, follow=True).content.decode().replace("&#x27;", "'")
        assert "Ce lien d'invitation n'est plus valable" in contenu


def test_un_lien_de_reinitialisation_ne_vaut_pas_invitation(personas, client):
    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "claire.conseillere@exemple.gouv.fr"})
    chemin = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    uid, jeton = chemin.rstrip("/").split("/")[-2:]
    contenu = client.get(f"/invitation/{uid}/{jeton}/", follow=True).content.decode().replace("&#x27;", "'")
    assert "Ce lien d'invitation n'est plus valable" in contenu


def test_un_compte_desactive_ne_peut_pas_accepter_son_invitation(personas, client_de):
    lien = _inviter(client_de(personas.admin), personas)
    invitee = Utilisateur.objects.get(email="lou.nouvelle@exemple.gouv.fr")
    services.utilisateur_desactiver(acteur=personas.admin, utilisateur=invitee)
    contenu = Client().get(lien, follow=True).content.decode().replace("&#x27;", "'")
    assert "Ce lien d'invitation n'est plus valable" in contenu


def test_mot_de_passe_oublie_de_bout_en_bout(personas, client):
    reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "Claire.Conseillere@exemple.gouv.fr"})
    assert reponse.status_code == 302
    assert len(mail.outbox) == 1
    chemin = re.search(r"https?://testserver(/\S+)", mail.outbox[0].body).group(1)
    reponse = client.get(chemin, follow=True)
    url_formulaire = reponse.redirect_chain[-1][0]
    reponse = client.post(url_formulaire, {"new_password1": NOUVEAU, "new_password2": NOUVEAU}, follow=True)
    assert "Mot de passe enregistré" in reponse.content.decode()
    assert client.login(username="claire.conseillere@exemple.gouv.fr", password=NOUVEAU)


def test_mot_de_passe_oublie_pour_une_adresse_inconnue_ou_desactivee_n_envoie_rien(personas, client):
    personas.partenaire.is_active = False
    personas.partenaire.save()
    for email in ("inconnu@exemple.gouv.fr", "pierre.partenaire@exemple.org"):
        reponse = client.post(reverse("comptes:mot_de_passe_oublie"), {"email": email})
        assert reponse.status_code == 302  # même réponse : on ne révèle pas l'existence d'un compte
    assert mail.outbox == []
