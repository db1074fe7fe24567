"""Connexion par ProConnect contre le vrai fournisseur de test (processus oidc-provider-mock sur la boucle locale)."""

import logging
import re

import pytest
from django.urls import reverse

from binome.confiance.models import Action, EntreeJournal
from tests import factories as f
from tests.fournisseur_oidc import parametres, retour_relatif

pytestmark = pytest.mark.django_db

ADRESSE = "claire.proconnect@exemple.gouv.fr"


def demarrer(client, suite: str = "") -> str:
    adresse = reverse("identite:proconnect") + (f"?next={suite}" if suite else "")
    reponse = client.get(adresse)
    assert reponse.status_code == 302, reponse.content.decode()[:300]
    return reponse["Location"]


def revenir(client, fournisseur, sub: str):
    return client.get(retour_relatif(fournisseur.autoriser(demarrer(client), sub)))


def test_flux_complet_jusqu_a_l_accueil(client, proconnect):
    utilisateur = f.UtilisateurFactory(email=ADRESSE)
    proconnect.definir_utilisateur("sub-claire", email="Claire.ProConnect@exemple.gouv.fr", usual_name="Martin")
    reponse = revenir(client, proconnect, "sub-claire")
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("core:accueil")
    assert int(client.session["_auth_user_id"]) == utilisateur.pk
    assert client.session["_auth_user_backend"] == "binome.identite.proconnect.BackendProConnect"
    assert client.session["oidc_id_token"]
    assert client.get(reverse("core:accueil")).status_code == 200
    entree = EntreeJournal.objects.get(action=Action.CONNEXION)
    assert entree.acteur_id == utilisateur.pk
    assert entree.route == "identite:proconnect_retour"


def test_suivant_sur_conserve(client, proconnect):
    f.UtilisateurFactory(email=ADRESSE)
    proconnect.definir_utilisateur("sub-claire", email=ADRESSE)
    url = proconnect.autoriser(demarrer(client, suite=reverse("comptes:profil")), "sub-claire")
    assert client.get(retour_relatif(url))["Location"] == reverse("comptes:profil")


def test_suivant_externe_ignore(client, proconnect):
    f.UtilisateurFactory(email=ADRESSE)
    proconnect.definir_utilisateur("sub-claire", email=ADRESSE)
    url = proconnect.autoriser(demarrer(client, suite="https://ailleurs.example/"), "sub-claire")
    assert client.get(retour_relatif(url))["Location"] == reverse("core:accueil")


def test_parametres_de_la_demande_d_autorisation(client, proconnect):
    url = demarrer(client)
    assert url.startswith(f"{proconnect.url}/oauth2/authorize?")
    demande = parametres(url)
    assert demande["response_type"] == "code"
    assert demande["client_id"] == "binome-proconnect"
    assert demande["redirect_uri"] == "http://testserver/connexion/proconnect/retour/"
    assert demande["scope"].split() == ["openid", "email", "given_name", "usual_name", "siret", "uid"]
    assert demande["code_challenge_method"] == "S256"
    assert len(demande["code_challenge"]) == 43  # SHA-256 en base64url sans remplissage
    assert len(demande["state"]) >= 32 and len(demande["nonce"]) >= 32
    etats = client.session["oidc_states"]
    assert etats[demande["state"]]["nonce"] == demande["nonce"]
    assert etats[demande["state"]]["code_verifier"]


def test_state_inconnu_refuse(client, proconnect):
    f.UtilisateurFactory(email=ADRESSE)
    proconnect.definir_utilisateur("sub-claire", email=ADRESSE)
    url = proconnect.autoriser(demarrer(client), "sub-claire")
    vrai = parametres(url)["state"]
    reponse = client.get(retour_relatif(url).replace(vrai, "state-fabrique"))
    assert reponse.status_code == 403
    assert "_auth_user_id" not in client.session
    assert EntreeJournal.objects.filter(action=Action.CONNEXION_REFUSEE).count() == 1
    # le vrai state reste utilisable une fois, et une seule
    assert client.get(retour_relatif(url)).status_code == 302
    assert client.get(retour_relatif(url)).status_code == 403


def test_adresse_inconnue_page_francaise_et_journal(client, proconnect, caplog):
    f.UtilisateurFactory(email="quelqu.un.autre@exemple.gouv.fr")
    proconnect.definir_utilisateur("sub-inconnu", email="Inconnu@Exemple.gouv.fr")
    with caplog.at_level(logging.WARNING, logger="binome.identite"):
        reponse = revenir(client, proconnect, "sub-inconnu")
    assert reponse.status_code == 403
    page = reponse.content.decode()
    assert "aucun compte Binôme n’existe pour cette adresse" in page
    assert "administrateur de Binôme de votre département" in page
    assert "inconnu@exemple.gouv.fr" in page
    assert "_auth_user_id" not in client.session
    assert "oidc_id_token" not in client.session
    entree = EntreeJournal.objects.get(action=Action.CONNEXION_REFUSEE)
    assert entree.acteur_id is None
    assert entree.acteur_libelle == "inconnu@exemple.gouv.fr"
    assert "Connexion par ProConnect refusée (motif : inconnu)" in caplog.text


def test_compte_desactive_refuse(client, proconnect):
    f.UtilisateurFactory(email=ADRESSE, is_active=False)
    proconnect.definir_utilisateur("sub-claire", email=ADRESSE)
    reponse = revenir(client, proconnect, "sub-claire")
    assert reponse.status_code == 403
    assert "est désactivé" in reponse.content.decode()
    assert "_auth_user_id" not in client.session
    assert EntreeJournal.objects.get(action=Action.CONNEXION_REFUSEE).acteur_libelle == ADRESSE


def test_adresse_invalide_refusee_sans_adresse(client, proconnect):
    proconnect.definir_utilisateur("sub-sans-adresse", email="pas-une-adresse")
    reponse = revenir(client, proconnect, "sub-sans-adresse")
    assert reponse.status_code == 403
    assert "informations reçues sont incomplètes" in reponse.content.decode()
    assert EntreeJournal.objects.get(action=Action.CONNEXION_REFUSEE).acteur_libelle == "ProConnect : compte inconnu"


def test_aucun_compte_ni_role_cree(client, proconnect):
    from binome.comptes.models import Habilitation, Utilisateur

    proconnect.definir_utilisateur("sub-nouveau", email="nouveau@exemple.gouv.fr", siret="13002526500013")
    avant = (Utilisateur.objects.count(), Habilitation.objects.count())
    assert revenir(client, proconnect, "sub-nouveau").status_code == 403
    assert (Utilisateur.objects.count(), Habilitation.objects.count()) == avant


def test_refus_du_fournisseur(client, proconnect):
    """L'utilisateur refuse sur la page du fournisseur : retour avec « error », page française."""
    import requests

    url = demarrer(client)
    reponse = requests.post(url, data={"action": "deny"}, allow_redirects=False, timeout=10)
    assert parametres(reponse.headers["Location"])["error"] == "access_denied"
    assert client.get(retour_relatif(reponse.headers["Location"])).status_code == 403


def test_fournisseur_injoignable_page_503(client, settings):
    from binome.identite.oidc import oublier_decouverte
    from tests.fournisseur_oidc import port_libre

    settings.PROCONNECT_ISSUER = f"http://127.0.0.1:{port_libre()}"
    settings.PROCONNECT_CLIENT_ID = "binome-proconnect"
    settings.PROCONNECT_CLIENT_SECRET = "secret"
    oublier_decouverte()
    reponse = client.get(reverse("identite:proconnect"))
    assert reponse.status_code == 503
    assert "ProConnect ne répond pas pour le moment" in reponse.content.decode()
    oublier_decouverte()


def test_non_configure_404_et_pas_de_bouton(client, settings):
    settings.PROCONNECT_ISSUER = ""
    assert client.get(reverse("identite:proconnect")).status_code == 404
    assert client.get(reverse("identite:proconnect_retour")).status_code == 404
    page = client.get(reverse("comptes:connexion")).content.decode()
    assert "proconnect-button" not in page
    assert "proconnect.css" not in page


def test_bouton_sur_la_page_de_connexion(client, settings):
    settings.PROCONNECT_ISSUER = "http://127.0.0.1:9"
    settings.PROCONNECT_CLIENT_ID = "binome-proconnect"
    settings.PROCONNECT_CLIENT_SECRET = "secret"
    page = client.get(reverse("comptes:connexion") + "?next=/comptes/profil/").content.decode()
    assert 'class="proconnect-button"' in page
    assert 'action="/connexion/proconnect/?next=%2Fcomptes%2Fprofil%2F"' in page
    assert "/static/binome/css/proconnect.css" in page
    # Aucune ressource d'un CDN, cherchée dans les adresses externes (« cdn » apparaît parfois par hasard dans la page
    # : empreintes d'intégrité, jetons).
    assert re.search(r'(?:src|href)="(?:https?:)?//[^"]*cdn', page, re.IGNORECASE) is None


def test_compte_invite_sans_mot_de_passe_se_connecte(client, proconnect):
    """Un compte invité par un administrateur, invitation pas encore acceptée (aucun mot de passe)."""
    invite = f.UtilisateurFactory(email="ines.invitee@exemple.gouv.fr")
    invite.set_unusable_password()
    invite.save()
    proconnect.definir_utilisateur("sub-ines", email="ines.invitee@exemple.gouv.fr")
    assert revenir(client, proconnect, "sub-ines").status_code == 302
    assert int(client.session["_auth_user_id"]) == invite.pk
