"""Double authentification TOTP : obligatoire pour les administrateurs, possible pour tous."""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from binome.confiance import double_facteur as df
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def obligatoire(settings):
    settings.BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = True


def _code(cle_hex: str, decalage: int = 0) -> str:
    totp = TOTP(bytes.fromhex(cle_hex), step=30, t0=0, digits=6)
    totp.time = time.time() + decalage
    return f"{totp.token():06d}"


def _connecter(email) -> Client:
    client = Client()
    reponse = client.post(reverse("comptes:connexion"), {"username": email, "password": f.MOT_DE_PASSE})
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    return client


def test_administrateur_renvoye_vers_l_enrolement(personas, obligatoire):
    client = _connecter("alice.admin@exemple.gouv.fr")
    reponse = client.get(reverse("comptes:utilisateurs"))
    assert reponse.status_code == 302
    assert reponse["Location"].startswith(reverse("confiance:double_facteur_enroler"))
    assert "next=%2Futilisateurs%2F" in reponse["Location"]


def test_enrolement_avec_qr_code_puis_acces(personas, obligatoire):
    client = _connecter("alice.admin@exemple.gouv.fr")
    page = client.get(reverse("confiance:double_facteur_enroler") + "?next=/utilisateurs/")
    assert page.status_code == 200
    assert "Votre rôle d'administrateur exige la double authentification" in page.content.decode()
    qr = client.get(reverse("confiance:double_facteur_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and qr.content.lstrip().startswith(b"<?xml")
    assert b"<svg" in qr.content and "no-store" in qr["Cache-Control"]
    cle = client.session[df.CLE_SECRET_ENROLEMENT]
    assert re.sub(r"\s", "", page.context["secret"]) == df.secret_base32(cle)
    # Un mauvais code : message en français, rien n'est enregistré.
    mauvais = client.post(reverse("confiance:double_facteur_enroler"), {"code": "000000", "next": "/utilisateurs/"})
    if _code(cle) != "000000":
        assert mauvais.status_code == 400
        assert "Le code saisi ne correspond pas" in mauvais.content.decode()
        assert not TOTPDevice.objects.exists()
    bon = client.post(reverse("confiance:double_facteur_enroler"), {"code": _code(cle), "next": "/utilisateurs/"})
    assert bon.status_code == 302 and bon["Location"] == "/utilisateurs/"
    assert TOTPDevice.objects.get(user=personas.admin).confirmed
    assert client.get(reverse("comptes:utilisateurs")).status_code == 200


def test_verification_a_la_connexion(personas, obligatoire):
    appareil = TOTPDevice.objects.create(user=personas.admin, name="Téléphone", confirmed=True)
    client = _connecter("alice.admin@exemple.gouv.fr")
    reponse = client.get(reverse("confiance:journal"))
    assert reponse["Location"].startswith(reverse("confiance:double_facteur_verifier"))
    # Impossible d'enrôler un autre appareil pour contourner la vérification.
    assert client.get(reverse("confiance:double_facteur_enroler"))["Location"] == reverse(
        "confiance:double_facteur_verifier"
    )
    erreur = client.post(reverse("confiance:double_facteur_verifier"), {"code": "12a"})
    assert erreur.status_code == 400
    assert "Saisissez les 6 chiffres affichés par votre application." in erreur.content.decode()
    ok = client.post(
        reverse("confiance:double_facteur_verifier"), {"code": _code(appareil.key), "next": "/confiance/journal/"}
    )
    assert ok["Location"] == "/confiance/journal/"
    assert client.get(reverse("confiance:journal")).status_code == 200


def test_redirection_suivante_jamais_hors_du_site(personas, obligatoire):
    appareil = TOTPDevice.objects.create(user=personas.admin, name="Téléphone", confirmed=True)
    client = _connecter("alice.admin@exemple.gouv.fr")
    ok = client.post(
        reverse("confiance:double_facteur_verifier"), {"code": _code(appareil.key), "next": "https://pirate.exemple"}
    )
    assert ok["Location"] == reverse("core:accueil")


def test_essais_limites(personas, obligatoire):
    appareil = TOTPDevice.objects.create(user=personas.admin, name="Téléphone", confirmed=True)
    client = _connecter("alice.admin@exemple.gouv.fr")
    faux = "111111" if _code(appareil.key) != "111111" else "222222"
    client.post(reverse("confiance:double_facteur_verifier"), {"code": faux})
    reponse = client.post(reverse("confiance:double_facteur_verifier"), {"code": _code(appareil.key)})
    assert "Trop d&#x27;essais infructueux" in reponse.content.decode()


def test_facultative_pour_un_conseiller(personas, obligatoire):
    client = _connecter("claire.conseillere@exemple.gouv.fr")
    assert client.get(reverse("core:accueil")).status_code == 200
    page = client.get(reverse("confiance:double_facteur"))
    assert "Non activée" in page.content.decode()
    client.get(reverse("confiance:double_facteur_enroler"))
    cle = client.session[df.CLE_SECRET_ENROLEMENT]
    client.post(reverse("confiance:double_facteur_enroler"), {"code": _code(cle)})
    assert TOTPDevice.objects.filter(user=personas.conseiller, confirmed=True).exists()
    # À la connexion suivante, le code est demandé.
    suivant = _connecter("claire.conseillere@exemple.gouv.fr")
    assert suivant.get(reverse("core:accueil"))["Location"].startswith(reverse("confiance:double_facteur_verifier"))
    # Elle peut la désactiver (une fois vérifiée).
    client.post(reverse("confiance:double_facteur_desactiver"))
    assert not TOTPDevice.objects.filter(user=personas.conseiller).exists()


def test_un_administrateur_ne_peut_pas_la_desactiver(personas, obligatoire):
    appareil = TOTPDevice.objects.create(user=personas.admin, name="Téléphone", confirmed=True)
    client = _connecter("alice.admin@exemple.gouv.fr")
    client.post(reverse("confiance:double_facteur_verifier"), {"code": _code(appareil.key)})
    reponse = client.post(reverse("confiance:double_facteur_desactiver"), follow=True)
    assert "La double authentification est obligatoire pour les administrateurs." in reponse.content.decode()
    assert TOTPDevice.objects.filter(user=personas.admin).exists()


def test_super_administrateur_aussi(personas, obligatoire):
    client = _connecter("root@exemple.gouv.fr")
    assert client.get(reverse("core:accueil"))["Location"].startswith(reverse("confiance:double_facteur_enroler"))


def test_obligation_reglable(personas, settings):
    settings.BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = False
    client = _connecter("alice.admin@exemple.gouv.fr")
    assert client.get(reverse("comptes:utilisateurs")).status_code == 200


def test_enrolement_et_retrait_traces_au_journal_des_acces(personas):
    """``TOTPDevice`` n'a pas d'historique : le service écrit une ligne du journal des accès."""
    from binome.confiance import services
    from binome.confiance.models import Action, EntreeJournal

    conseiller = personas.conseiller
    cle = df.nouveau_secret()
    appareil = services.double_facteur_enroler(acteur=conseiller, cle_hex=cle, code=_code(cle))
    entree = EntreeJournal.objects.get(route="confiance:double_facteur_enroler")
    assert (entree.action, entree.acteur_id, entree.objet_id) == (Action.SAISIE, conseiller.pk, str(appareil.pk))
    assert entree.finalite == "Double authentification : application d'authentification enrôlée"
    assert services.double_facteur_desactiver(acteur=conseiller) == 1
    assert EntreeJournal.objects.filter(route="confiance:double_facteur_desactiver", acteur_id=conseiller.pk).exists()


def test_enrolement_refuse_n_ecrit_rien(personas):
    from binome.confiance import services
    from binome.confiance.models import EntreeJournal

    with pytest.raises(ValidationError):
        services.double_facteur_enroler(acteur=personas.conseiller, cle_hex=df.nouveau_secret(), code="000000x")
    assert not TOTPDevice.objects.filter(user=personas.conseiller).exists()
    assert not EntreeJournal.objects.filter(route="confiance:double_facteur_enroler").exists()
