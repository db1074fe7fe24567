"""Jetons signés par le test (fournisseur local) : informations utilisateur en JWT signé, émetteur, audience et
signature du jeton d'identité, déclaration d'une double authentification."""

import pytest
from django.urls import reverse

from binome.confiance.models import Action, EntreeJournal
from tests import factories as f
from tests.fournisseur_oidc import parametres
from tests.identite.fournisseur_local import nouvelle_cle

pytestmark = pytest.mark.django_db

ADRESSE = "jules.jeton@exemple.gouv.fr"


def _retour(client, fournisseur, **jeton):
    demande = parametres(client.get(reverse("identite:proconnect"))["Location"])
    fournisseur.preparer(sub="sub-jules", nonce=demande["nonce"], client_id="binome-proconnect", **jeton)
    return client.get(reverse("identite:proconnect_retour"), {"code": "code-de-test", "state": demande["state"]})


@pytest.mark.parametrize("en_jwt", [True, False], ids=["jwt-signe", "json"])
def test_informations_utilisateur_en_jwt_signe_ou_en_json(client, fournisseur_local, en_jwt):
    utilisateur = f.UtilisateurFactory(email=ADRESSE)
    fournisseur_local.informations = {"sub": "sub-jules", "email": ADRESSE, "usual_name": "Jeton", "siret": "1"}
    fournisseur_local.informations_en_jwt = en_jwt
    reponse = _retour(client, fournisseur_local)
    assert reponse.status_code == 302, reponse.content.decode()[:500]
    assert int(client.session["_auth_user_id"]) == utilisateur.pk


def test_informations_en_jwt_mal_signe_refusees(client, fournisseur_local):
    f.UtilisateurFactory(email=ADRESSE)
    fournisseur_local.informations = {"sub": "sub-jules", "email": ADRESSE}
    fournisseur_local.informations_en_jwt = True
    demande = parametres(client.get(reverse("identite:proconnect"))["Location"])
    fournisseur_local.preparer(sub="sub-jules", nonce=demande["nonce"], client_id="binome-proconnect")
    jeton_identite = fournisseur_local.jeton_identite
    fournisseur_local.cle_de_signature = nouvelle_cle()  # le jeton d'identité aussi : signature refusée
    fournisseur_local.jeton_identite = jeton_identite
    reponse = client.get(reverse("identite:proconnect_retour"), {"code": "c", "state": demande["state"]})
    assert reponse.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "jeton",
    [{"iss": "http://autre-emetteur.example"}, {"aud": "un-autre-client"}, {"aud": ["un-autre-client", "x"]}],
    ids=["autre-emetteur", "autre-audience", "audiences-sans-binome"],
)
def test_jeton_d_un_autre_emetteur_ou_d_une_autre_audience_refuse(client, fournisseur_local, jeton):
    f.UtilisateurFactory(email=ADRESSE)
    fournisseur_local.informations = {"sub": "sub-jules", "email": ADRESSE}
    reponse = _retour(client, fournisseur_local, **jeton)
    assert reponse.status_code == 403
    assert "n’a pas pu aboutir" in reponse.content.decode()
    assert "_auth_user_id" not in client.session
    assert EntreeJournal.objects.filter(action=Action.CONNEXION_REFUSEE).count() == 1
    assert not EntreeJournal.objects.filter(action=Action.CONNEXION).exists()


def test_nonce_different_refuse(client, fournisseur_local):
    f.UtilisateurFactory(email=ADRESSE)
    fournisseur_local.informations = {"sub": "sub-jules", "email": ADRESSE}
    demande = parametres(client.get(reverse("identite:proconnect"))["Location"])
    fournisseur_local.preparer(sub="sub-jules", nonce="un-autre-nonce", client_id="binome-proconnect")
    reponse = client.get(reverse("identite:proconnect_retour"), {"code": "c", "state": demande["state"]})
    assert reponse.status_code == 403


def test_sub_des_informations_different_du_jeton_refuse(client, fournisseur_local):
    f.UtilisateurFactory(email=ADRESSE)
    fournisseur_local.informations = {"sub": "quelqu-un-d-autre", "email": ADRESSE}
    assert _retour(client, fournisseur_local).status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("jeton", "multi_facteur"),
    [
        ({"amr": ["pwd", "totp", "mfa"]}, True),
        ({"acr": "https://proconnect.gouv.fr/assurance/consistency-checked-2fa"}, True),
        ({"amr": ["pwd"], "acr": "eidas1"}, False),
    ],
    ids=["amr-mfa", "acr-2fa", "mot-de-passe-seul"],
)
def test_double_facteur_de_l_administrateur_selon_le_fournisseur(
    client, fournisseur_local, personas, settings, jeton, multi_facteur
):
    settings.BINOME_DOUBLE_FACTEUR_OBLIGATOIRE = True
    fournisseur_local.informations = {"sub": "sub-jules", "email": "alice.admin@exemple.gouv.fr"}
    assert _retour(client, fournisseur_local, **jeton).status_code == 302
    reponse = client.get(reverse("comptes:utilisateurs"))
    if multi_facteur:
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 302
        assert reponse["Location"].startswith(reverse("confiance:double_facteur_enroler"))
