"""FranceConnect contre le vrai fournisseur OpenID de test (processus à part) : première connexion → rapprochement
en attente → confirmation par le référent → connexion ; identité sans correspondance → refus ; déconnexion →
``end_session_endpoint`` avec ``id_token_hint``."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from binome.confiance.models import Action, EntreeJournal
from binome.espace.models import RapprochementFranceConnect, StatutRapprochement
from binome.espace.session import CLE_SESSION, Moyen
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.espace_outils import espace_ouvert
from tests.fournisseur_oidc import parametres, retour_relatif

pytestmark = pytest.mark.django_db

SUB = "fc-sub-inaya-0001"


def _identite(franceconnect, sub=SUB, **autres):
    revendications = {
        "given_name": "Inaya Marie",
        "family_name": "Belkacem",
        "birthdate": "1990-05-14",
        "birthplace": "15187",
        "birthcountry": "99100",
        "gender": "female",
        **autres,
    }
    franceconnect.definir_utilisateur(sub, **revendications)


def _se_connecter(client, franceconnect, sub=SUB):
    depart = client.get(reverse("espace:franceconnect"))
    assert depart.status_code == 302, depart.content[:300]
    autorisation = depart["Location"]
    demande = parametres(autorisation)
    assert demande["acr_values"] == "eidas1" and demande["code_challenge_method"] == "S256"
    assert demande["nonce"] and demande["state"]
    assert demande["redirect_uri"].endswith(reverse("espace:franceconnect_retour"))
    return client.get(retour_relatif(franceconnect.autoriser(autorisation, sub)))


@pytest.fixture
def parcours(personas):
    personne = personne_du(personas.cantal, nom="Belkacem", prenom="Inaya", date_naissance=datetime.date(1990, 5, 14))
    return parcours_du_binome(personas, personne=personne)


def test_premiere_connexion_confirmee_par_le_referent_puis_connexion(personas, parcours, franceconnect):
    espace = espace_ouvert(parcours.personne)
    _identite(franceconnect)
    personne_client = Client()
    reponse = _se_connecter(personne_client, franceconnect)
    assert reponse.status_code == 200
    assert "Votre référent doit confirmer" in reponse.content.decode()
    assert CLE_SESSION not in personne_client.session
    demande = RapprochementFranceConnect.objects.get(espace=espace)
    assert demande.statut == StatutRapprochement.EN_ATTENTE and demande.sub == SUB
    assert demande.identite["birthplace"] == "15187" and "email" not in demande.identite

    # Le référent voit l'identité pivot (lieu de naissance compris) et confirme.
    referent = Client()
    referent.force_login(personas.travailleur_social)
    page = referent.get(reverse("espace:referent", kwargs={"personne_pk": parcours.personne.pk}))
    contenu = page.content.decode()
    assert "Inaya Marie" in contenu and "Belkacem" in contenu and "15187" in contenu and "99100" in contenu
    decision = referent.post(
        reverse("espace:referent_rapprochement", kwargs={"personne_pk": parcours.personne.pk}),
        {"rapprochement": demande.pk, "decision": "confirmer"},
    )
    assert decision.status_code == 302
    espace.refresh_from_db()
    assert espace.franceconnect_sub == SUB
    demande.refresh_from_db()
    assert demande.statut == StatutRapprochement.CONFIRME and demande.decide_par == personas.travailleur_social

    # Connexion suivante : l'espace s'ouvre.
    reponse = _se_connecter(personne_client, franceconnect)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:accueil")
    assert personne_client.session[CLE_SESSION]["moyen"] == Moyen.FRANCECONNECT
    assert "Bonjour Inaya" in personne_client.get(reverse("espace:accueil")).content.decode()
    espace.refresh_from_db()
    assert espace.derniere_connexion_le is not None and espace.derniere_connexion_moyen == Moyen.FRANCECONNECT
    assert EntreeJournal.objects.filter(action=Action.CONNEXION, personne_id=espace.personne_id).count() == 1


def test_refus_du_referent_la_connexion_reste_impossible(personas, parcours, franceconnect):
    espace = espace_ouvert(parcours.personne)
    _identite(franceconnect, sub="fc-sub-refus")
    _se_connecter(Client(), franceconnect, sub="fc-sub-refus")
    demande = RapprochementFranceConnect.objects.get(espace=espace)
    referent = Client()
    referent.force_login(personas.conseiller)
    referent.post(
        reverse("espace:referent_rapprochement", kwargs={"personne_pk": parcours.personne.pk}),
        {"rapprochement": demande.pk, "decision": "refuser"},
    )
    demande.refresh_from_db()
    espace.refresh_from_db()
    assert demande.statut == StatutRapprochement.REFUSE and espace.franceconnect_sub == ""
    nouvelle = _se_connecter(Client(), franceconnect, sub="fc-sub-refus")
    assert "Votre référent doit confirmer" in nouvelle.content.decode()  # une nouvelle demande, pas de session


@pytest.mark.parametrize(
    "autres",
    [
        {"family_name": "Martin"},  # autre nom
        {"birthdate": "1990-05-15"},  # autre date de naissance
        {"given_name": "Sarah"},  # autres prénoms
    ],
    ids=["nom", "naissance", "prenoms"],
)
def test_identite_sans_correspondance_refusee(personas, parcours, franceconnect, autres):
    espace_ouvert(parcours.personne)
    _identite(franceconnect, sub="fc-sub-inconnu", **autres)
    client = Client()
    reponse = _se_connecter(client, franceconnect, sub="fc-sub-inconnu")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Nous ne trouvons pas votre espace" in contenu and "Belkacem" not in contenu
    assert not RapprochementFranceConnect.objects.exists()
    assert CLE_SESSION not in client.session
    assert EntreeJournal.objects.filter(action=Action.CONNEXION_REFUSEE).count() == 1


def test_jamais_par_l_adresse_electronique(personas, parcours, franceconnect):
    """Même adresse électronique que la personne mais autre identité : aucun rapprochement."""
    parcours.personne.courriel = "inaya@exemple.fr"
    parcours.personne.save()
    espace_ouvert(parcours.personne)
    _identite(franceconnect, sub="fc-sub-courriel", family_name="Durand", email="inaya@exemple.fr")
    reponse = _se_connecter(Client(), franceconnect, sub="fc-sub-courriel")
    assert "Nous ne trouvons pas votre espace" in reponse.content.decode()
    assert not RapprochementFranceConnect.objects.exists()


def test_deux_espaces_correspondants_page_neutre(personas, parcours, franceconnect):
    espace_ouvert(parcours.personne)
    jumelle = personne_du(personas.cantal, nom="Belkacem", prenom="Inaya", date_naissance=datetime.date(1990, 5, 14))
    espace_ouvert(jumelle)
    _identite(franceconnect, sub="fc-sub-double")
    reponse = _se_connecter(Client(), franceconnect, sub="fc-sub-double")
    assert "Nous ne trouvons pas votre espace" in reponse.content.decode()
    assert not RapprochementFranceConnect.objects.exists()


def test_espace_ferme_sub_confirme_pas_de_connexion(personas, parcours, franceconnect):
    espace = espace_ouvert(parcours.personne)
    espace.franceconnect_sub = "fc-sub-ferme"
    espace.ferme_le = espace.ouvert_le
    espace.save()
    _identite(franceconnect, sub="fc-sub-ferme")
    client = Client()
    reponse = _se_connecter(client, franceconnect, sub="fc-sub-ferme")
    assert reponse.status_code == 200 and CLE_SESSION not in client.session


def test_deconnexion_franceconnect_vers_end_session_avec_id_token_hint(personas, parcours, franceconnect):
    espace = espace_ouvert(parcours.personne)
    espace.franceconnect_sub = "fc-sub-sortie"
    espace.save()
    _identite(franceconnect, sub="fc-sub-sortie")
    client = Client()
    assert _se_connecter(client, franceconnect, sub="fc-sub-sortie")["Location"] == reverse("espace:accueil")
    id_token = client.session["binome_espace_franceconnect_id_token"]
    reponse = client.post(reverse("espace:deconnexion"))
    assert reponse.status_code == 302
    fin = reponse["Location"]
    assert fin.startswith(franceconnect.url)
    valeurs = parametres(fin)
    assert valeurs["id_token_hint"] == id_token and valeurs["state"]
    assert valeurs["post_logout_redirect_uri"].endswith(reverse("espace:connexion"))
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")


def test_deconnexion_apres_un_lien_reste_chez_binome(personas, parcours, client):
    from tests.espace_outils import connecter_personne

    connecter_personne(client, espace_ouvert(parcours.personne))
    reponse = client.post(reverse("espace:deconnexion"))
    assert reponse["Location"] == reverse("espace:connexion")
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")
    assert client.get(reverse("espace:deconnexion")).status_code == 405


def test_retour_sans_state_connu_refuse(franceconnect, client):
    reponse = client.get(reverse("espace:franceconnect_retour"), {"code": "x", "state": "inconnu"})
    assert reponse.status_code == 400 and "La connexion n'a pas marché" in reponse.content.decode()
    assert CLE_SESSION not in client.session


def test_rejeu_du_retour_refuse(personas, parcours, franceconnect):
    espace = espace_ouvert(parcours.personne)
    espace.franceconnect_sub = "fc-sub-rejeu"
    espace.save()
    _identite(franceconnect, sub="fc-sub-rejeu")
    client = Client()
    depart = client.get(reverse("espace:franceconnect"))["Location"]
    retour = retour_relatif(franceconnect.autoriser(depart, "fc-sub-rejeu"))
    assert client.get(retour)["Location"] == reverse("espace:accueil")
    client.post(reverse("espace:deconnexion"))
    assert client.get(retour).status_code == 400  # state déjà consommé
