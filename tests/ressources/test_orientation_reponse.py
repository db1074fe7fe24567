"""Point 20 : la réponse d'un partenaire à une orientation vers son service boucle la boucle — page et accueil de
l'émetteur, courriel, chronologie de la personne pour les deux membres du binôme."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.enums import TypeEvenement
from binome.ressources.services import orientation_envoyer, orientation_repondre, orientations_expirer

pytestmark = pytest.mark.django_db


def _orienter(personas, parcours, service, action=None):
    return orientation_envoyer(
        acteur=personas.conseiller,
        personne=parcours.personne,
        service=service,
        adhesion_le=timezone.localdate(),
        action=action,
    )


def test_la_reponse_parvient_a_l_emetteur_et_a_la_chronologie(
    personas,
    client_de,
    dossier,
    django_capture_on_commit_callbacks,
):
    parcours, action, permis = dossier
    orientation = _orienter(personas, parcours, permis, action)
    chronologie = parcours.personne.evenements
    assert chronologie.filter(type=TypeEvenement.ORIENTATION_SERVICE_ENVOYEE).count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        orientation_repondre(acteur=personas.partenaire, orientation=orientation, statut="REFUSEE", motif="Complet")
    # Courriel à l'émetteur, sans donnée personnelle.
    assert [m.to for m in mail.outbox] == [[personas.conseiller.email]]
    assert "refusé" in mail.outbox[0].subject and "Lacombe" not in mail.outbox[0].body + mail.outbox[0].subject
    assert reverse("ressources:orientation", args=[orientation.pk]) in mail.outbox[0].body
    # La page de l'émetteur : la réponse, son auteur, sa date ; plus « sans réponse ».
    page = (
        client_de(personas.conseiller).get(reverse("ressources:orientation", args=[orientation.pk])).content.decode()
    )
    assert "Sans réponse" not in page
    assert "Refusée" in page and personas.partenaire.get_full_name() in page
    assert timezone.localdate().strftime("%d/%m/%Y") in page and "Complet" in page
    # Son accueil : un bloc « réponses reçues ».
    accueil = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert "Réponses reçues" in accueil and permis.nom in accueil and "Refusée" in accueil
    # La chronologie de la personne, pour les deux membres du binôme, avec son propre libellé.
    evenement = chronologie.get(type=TypeEvenement.ORIENTATION_SERVICE_REPONDUE)
    assert evenement.get_type_display() == "Réponse d'un service"
    assert permis.nom in evenement.libelle and "refusée" in evenement.libelle
    assert not evenement.cote_social_seulement and evenement.acteur == personas.partenaire
    for membre in (personas.conseiller, personas.travailleur_social):
        fiche = client_de(membre).get(reverse("accompagnement:personne", args=[parcours.personne.pk]))
        assert evenement.libelle in fiche.content.decode(), membre
        # Et dans le plan, sous l'action d'où elle est partie.
        plan = client_de(membre).get(reverse("accompagnement:plan", args=[parcours.pk])).content.decode()
        assert f"Orientation vers « {permis.nom} » : Refusée" in plan, membre


def test_acceptation_et_expiration_dans_la_chronologie(personas, client_de, dossier):
    parcours, _action, permis = dossier
    acceptee = _orienter(personas, parcours, permis)
    orientation_repondre(acteur=personas.partenaire, orientation=acceptee, statut="ACCEPTEE")
    page = client_de(personas.conseiller).get(reverse("ressources:orientation", args=[acceptee.pk])).content.decode()
    assert "Acceptée" in page and "Sans réponse" not in page
    expiree = _orienter(personas, parcours, permis)
    orientations_expirer(aujourdhui=expiree.expire_le + timedelta(days=1))
    libelles = list(parcours.personne.evenements.values_list("libelle", flat=True))
    assert any("acceptée" in libelle for libelle in libelles)
    assert any("expirée sans réponse" in libelle for libelle in libelles)
    # Une orientation en attente affiche son expiration ; l'accueil n'a pas de bloc sans réponse reçue.
    en_attente = _orienter(personas, parcours, permis)
    page = client_de(personas.conseiller).get(reverse("ressources:orientation", args=[en_attente.pk])).content.decode()
    assert "Sans réponse, expire le" in page
    accueil = client_de(personas.travailleur_social).get(reverse("core:accueil")).content.decode()
    assert "Réponses reçues" not in accueil
