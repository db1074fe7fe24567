"""Après la connexion par ProConnect : double authentification selon « amr », déconnexion des deux sessions."""

import pytest
import requests
from django.urls import reverse

from binome.identite.session import CLE_FOURNISSEUR
from tests import factories as f
from tests.fournisseur_oidc import parametres, retour_relatif

pytestmark = pytest.mark.django_db

ADMIN = "alice.admin@exemple.gouv.fr"  # persona administratrice départementale


def connecter(client, fournisseur, sub: str) -> None:
    url = client.get(reverse("identite:proconnect"))["Location"]
    reponse = client.get(retour_relatif(fournisseur.autoriser(url, sub)))
    assert reponse.status_code == 302, reponse.content.decode()[:300]


@pytest.mark.parametrize(("amr", "verifie"), [(["pwd", "totp", "mfa"], True), (["pwd"], False)], ids=["mfa", "pwd"])
def test_administrateur_et_amr_du_fournisseur(client, proconnect, personas, settings, amr, verifie):
    settings.BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = True
    proconnect.definir_utilisateur(f"sub-alice-{amr[-1]}", email=ADMIN, amr=amr)
    connecter(client, proconnect, f"sub-alice-{amr[-1]}")
    reponse = client.get(reverse("comptes:utilisateurs"))
    if verifie:
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("confiance:double_facteur_enroler"))


def test_deconnexion_termine_la_session_proconnect(client, proconnect):
    f.UtilisateurFactory(email="denis.deconnexion@exemple.gouv.fr")
    proconnect.definir_utilisateur("sub-denis", email="denis.deconnexion@exemple.gouv.fr")
    connecter(client, proconnect, "sub-denis")
    jeton = client.session["oidc_id_token"]
    assert client.session[CLE_FOURNISSEUR] == "proconnect"

    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse.status_code == 302
    fin = reponse["Location"]
    assert fin.startswith(f"{proconnect.url}/oauth2/end_session?")
    demande = parametres(fin)
    assert demande["id_token_hint"] == jeton
    assert demande["post_logout_redirect_uri"] == "http://testserver/connexion/"
    assert len(demande["state"]) >= 24
    # la session Binôme est déjà terminée
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("core:accueil")).status_code == 302

    # chez le fournisseur : page de fin de session, puis retour à la page de connexion de Binôme
    page = requests.get(fin, timeout=10)
    assert page.status_code == 200
    confirmation = requests.post(
        f"{proconnect.url}/oauth2/end_session/confirm",
        data={"redirect_uri": f"http://testserver/connexion/?state={demande['state']}"},
        allow_redirects=False,
        timeout=10,
    )
    assert confirmation.headers["Location"].startswith("http://testserver/connexion/")
    assert client.get(retour_relatif(confirmation.headers["Location"])).status_code == 200


def test_deconnexion_ordinaire_apres_un_mot_de_passe(client, proconnect):
    utilisateur = f.UtilisateurFactory(email="paul.motdepasse@exemple.gouv.fr")
    reponse = client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": f.MOT_DE_PASSE})
    assert reponse.status_code == 302
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse["Location"] == reverse("comptes:connexion")
    assert "_auth_user_id" not in client.session
