"""Pages du référent : ouvrir l'espace avec la date de l'accord, le fermer, voir son état ; section de la fiche ;
le professionnel d'un autre département, ou qui ne gère pas la personne, reçoit 404."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.confiance.models import EntreeJournal
from binome.espace.models import EspacePersonne, RapprochementFranceConnect, StatutRapprochement
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db


def _client(utilisateur) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def _url(nom, personne):
    return reverse(f"espace:{nom}", kwargs={"personne_pk": personne.pk})


@pytest.fixture
def parcours(personas):
    return parcours_du_binome(personas, personne=personne_du(personas.cantal, prenom="Inaya", nom="Quatremer"))


def test_ouvrir_avec_la_date_de_l_accord_puis_fermer(personas, parcours):
    personne = parcours.personne
    referente = _client(personas.travailleur_social)
    page = referente.get(_url("referent", personne))
    contenu = page.content.decode()
    assert page.status_code == 200
    assert "La personne n'a pas d'espace en ligne." in contenu and 'name="accord_le"' in contenu
    assert EntreeJournal.objects.filter(route="espace:referent", personne_id=personne.pk).exists()

    hier = timezone.localdate() - datetime.timedelta(days=1)
    reponse = referente.post(_url("referent_ouvrir", personne), {"accord_le": hier.isoformat()})
    assert reponse.status_code == 302
    espace = EspacePersonne.objects.get(personne=personne)
    assert espace.est_ouvert and espace.accord_le == hier and espace.ouvert_par == personas.travailleur_social
    assert espace.history.first().history_change_reason.startswith("Ouverture")
    contenu = referente.get(_url("referent", personne)).content.decode()
    assert "Espace ouvert" in contenu and "pas encore connectée" in contenu and "Fermer l'espace" in contenu

    assert referente.post(_url("referent_fermer", personne)).status_code == 302
    espace.refresh_from_db()
    assert not espace.est_ouvert and espace.ferme_par == personas.travailleur_social
    assert "Espace fermé" in referente.get(_url("referent", personne)).content.decode()


def test_accord_dans_le_futur_refuse(personas, parcours):
    demain = timezone.localdate() + datetime.timedelta(days=1)
    reponse = _client(personas.conseiller).post(
        _url("referent_ouvrir", parcours.personne), {"accord_le": demain.isoformat()}
    )
    assert reponse.status_code == 400
    assert "aujourd&#x27;hui ou avant" in reponse.content.decode()
    assert not EspacePersonne.objects.exists()


def test_etat_ouvert_derniere_connexion_et_moyen(personas, parcours):
    espace = espace_ouvert(parcours.personne)
    EspacePersonne.objects.filter(pk=espace.pk).update(
        derniere_connexion_le=timezone.now(), derniere_connexion_moyen="franceconnect", franceconnect_sub="fc-sub-ok"
    )
    contenu = _client(personas.conseiller).get(_url("referent", parcours.personne)).content.decode()
    assert "Dernière connexion" in contenu and ", avec FranceConnect." in contenu
    assert "FranceConnect (identité confirmée)" in contenu


def test_fiche_de_la_personne_montre_la_section(personas, parcours):
    espace_ouvert(parcours.personne)
    contenu = _client(personas.conseiller).get(reverse("accompagnement:personne", args=[parcours.personne.pk]))
    texte = contenu.content.decode()
    assert "Espace en ligne de la personne" in texte and _url("referent", parcours.personne) in texte


def test_pas_de_section_pour_qui_ne_gere_pas_l_espace(personas, parcours):
    """L'administratrice départementale consulte la fiche mais ne gère pas l'espace : ni section ni page."""
    client = _client(personas.admin)
    fiche = client.get(reverse("accompagnement:personne", args=[parcours.personne.pk]))
    assert fiche.status_code == 200 and "Espace en ligne de la personne" not in fiche.content.decode()
    assert client.get(_url("referent", parcours.personne)).status_code == 404


@pytest.mark.parametrize("persona", ["conseiller_calvados", "travailleur_social_calvados", "admin_calvados"])
def test_referent_d_un_autre_departement_recoit_404(personas, parcours, persona):
    espace = espace_ouvert(parcours.personne)
    demande = RapprochementFranceConnect.objects.create(espace=espace, sub="fc-x", identite={"family_name": "X"})
    client = _client(getattr(personas, persona))
    personne = parcours.personne
    assert client.get(_url("referent", personne)).status_code == 404
    assert client.post(_url("referent_ouvrir", personne), {"accord_le": "2026-01-01"}).status_code == 404
    assert client.post(_url("referent_fermer", personne)).status_code == 404
    reponse = client.post(
        _url("referent_rapprochement", personne), {"rapprochement": demande.pk, "decision": "confirmer"}
    )
    assert reponse.status_code == 404
    espace.refresh_from_db()
    demande.refresh_from_db()
    assert espace.est_ouvert and espace.franceconnect_sub == "" and demande.statut == StatutRapprochement.EN_ATTENTE


def test_rapprochement_d_un_autre_espace_introuvable(personas, parcours):
    """Le référent ne décide que des demandes de l'espace de la page : celle d'un autre dossier est 404."""
    espace_ouvert(parcours.personne)
    autre = parcours_du_binome(personas).personne
    demande = RapprochementFranceConnect.objects.create(espace=espace_ouvert(autre), sub="fc-y", identite={})
    reponse = _client(personas.conseiller).post(
        _url("referent_rapprochement", parcours.personne), {"rapprochement": demande.pk, "decision": "confirmer"}
    )
    assert reponse.status_code == 404
    demande.refresh_from_db()
    assert demande.statut == StatutRapprochement.EN_ATTENTE


def test_connexion_d_un_professionnel_efface_la_session_de_personne(personas, parcours, client):
    connecter_personne(client, espace_ouvert(parcours.personne))
    assert client.get(reverse("espace:accueil")).status_code == 200
    reponse = client.post(
        reverse("comptes:connexion"), {"username": personas.conseiller.email, "password": f.MOT_DE_PASSE}
    )
    assert reponse.status_code == 302
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")
