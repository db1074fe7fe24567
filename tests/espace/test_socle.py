"""Le socle de l'espace : la session de la personne ouvre son espace et rien d'autre ; le journal trace chaque page."""

import pytest
from django.urls import reverse

from binome.confiance.models import EntreeJournal
from tests.accompagnement.factories import personne_du
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db


def test_la_personne_connectee_voit_son_accueil_et_la_page_est_journalisee(personas, client):
    personne = personne_du(personas.cantal, prenom="Inaya")
    espace = espace_ouvert(personne)
    connecter_personne(client, espace)
    reponse = client.get(reverse("espace:accueil"))
    assert reponse.status_code == 200
    assert "Bonjour Inaya" in reponse.content.decode()
    assert "no-cache" in reponse["Cache-Control"]
    ligne = EntreeJournal.objects.get(personne_id=personne.pk, route="espace:accueil")
    assert ligne.acteur_id is None and ligne.acteur_libelle == "La personne elle-même"


def test_sans_session_ou_espace_ferme_retour_a_la_connexion(personas, client):
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")
    personne = personne_du(personas.cantal)
    espace = espace_ouvert(personne)
    connecter_personne(client, espace)
    espace.ferme_le = espace.ouvert_le
    espace.save()
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")


def test_la_personne_n_est_pas_un_professionnel(personas, client):
    espace = espace_ouvert(personne_du(personas.cantal))
    connecter_personne(client, espace)
    reponse = client.get(reverse("accompagnement:personnes"))
    assert reponse.status_code == 302 and reponse["Location"].startswith(reverse("comptes:connexion"))
