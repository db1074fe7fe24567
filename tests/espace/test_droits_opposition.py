"""Opposition exprimée par la personne dans son espace (service existant de la confiance, ``par_la_personne``) et
fermeture de l'espace par la personne (``espace_fermer(par_la_personne=True)``) : le binôme voit l'une et l'autre."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Evenement
from binome.confiance.models import EntreeJournal
from binome.confiance.services import personne_opposition_enregistrer
from binome.espace.models import EspacePersonne
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db

MOTIF = "Je ne veux pas que mon dossier circule entre les services."


@pytest.fixture
def personne(personas):
    return parcours_du_binome(personas, personne=personne_du(personas.cantal, prenom="Inaya", nom="Vasseur")).personne


def test_la_personne_s_oppose_et_le_referent_le_voit(personas, personne, client, django_capture_on_commit_callbacks):
    connecter_personne(client, espace_ouvert(personne))
    assert "Envoyer mon refus" in client.get(reverse("espace:opposition")).content.decode()
    refus = client.post(reverse("espace:opposition"), {"motif": "  "})
    assert refus.status_code == 400 and "Écrivez pourquoi vous vous opposez." in refus.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(reverse("espace:opposition"), {"motif": MOTIF})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("espace:opposition")

    personne.refresh_from_db()
    assert (personne.opposition_le, personne.opposition_motif) == (timezone.localdate(), MOTIF)
    assert personne.opposition_examinee_le is None  # à examiner par l'administrateur, comme tout autre canal
    derniere = personne.history.latest()
    assert derniere.history_user is None and "par la personne, dans son espace" in derniere.history_change_reason
    evenement = Evenement.objects.get(personne=personne, type=TypeEvenement.OPPOSITION)
    assert "par la personne, dans son espace" in evenement.libelle and not evenement.cote_social_seulement
    assert [m.to for m in mail.outbox] == [[personas.admin.email]]  # l'administrateur départemental est prévenu
    assert EntreeJournal.objects.filter(personne_id=personne.pk, route="espace:opposition", action="SAISIE").exists()

    # Le référent la voit sur la fiche (bandeau), comme une opposition reçue par un autre canal.
    referente = Client()
    referente.force_login(personas.travailleur_social)
    fiche = referente.get(reverse("accompagnement:personne", kwargs={"pk": personne.pk})).content.decode()
    assert 'id="bandeau-opposition"' in fiche and MOTIF in fiche

    # Dans son espace : l'opposition est enregistrée, le formulaire n'est plus proposé ; un second envoi est refusé.
    page = client.get(reverse("espace:opposition")).content.decode()
    assert "Votre refus est enregistré depuis le" in page and "Envoyer mon refus" not in page
    assert client.post(reverse("espace:opposition"), {"motif": "Encore"}).status_code == 400
    personne.refresh_from_db()
    assert personne.opposition_motif == MOTIF


def test_seule_la_personne_s_oppose_sans_compte(personas, personne):
    with pytest.raises(PermissionDenied):
        personne_opposition_enregistrer(
            acteur=personas.pilote, personne=personne, date=timezone.localdate(), motif=MOTIF, par_la_personne=True
        )
    with pytest.raises(PermissionDenied):  # sans ``par_la_personne``, un acteur sans droit reste refusé
        personne_opposition_enregistrer(
            acteur=personas.pilote, personne=personne, date=timezone.localdate(), motif=MOTIF
        )
    personne.refresh_from_db()
    assert personne.opposition_le is None


def test_la_personne_ferme_son_espace(personne, client):
    espace = espace_ouvert(personne)
    connecter_personne(client, espace)
    assert "Je veux fermer mon espace." in client.get(reverse("espace:fermer")).content.decode()
    assert client.post(reverse("espace:fermer"), {}).status_code == 400  # sans confirmation
    espace.refresh_from_db()
    assert espace.est_ouvert

    reponse = client.post(reverse("espace:fermer"), {"confirme": "on"})
    assert reponse.status_code == 200 and "Votre espace est fermé" in reponse.content.decode()
    espace.refresh_from_db()
    assert espace.ferme_le is not None and espace.ferme_par_la_personne and espace.ferme_par is None
    # Le référent le voit dans l'historique de l'espace.
    ligne = EspacePersonne.history.filter(id=espace.pk).latest()
    assert ligne.history_change_reason == "Fermeture de l'espace par la personne" and ligne.history_user is None
    assert EntreeJournal.objects.filter(personne_id=personne.pk, route="espace:fermer", action="SAISIE").exists()
    # La session est fermée : plus aucune page de l'espace.
    assert client.get(reverse("espace:accueil"))["Location"] == reverse("espace:connexion")
    assert client.post(reverse("espace:fermer"), {"confirme": "on"})["Location"] == reverse("espace:connexion")
