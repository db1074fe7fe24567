"""Outils des tests de l'espace de la personne : ouvrir un espace, connecter la personne dans un client de test."""

import datetime

from django.conf import settings
from django.utils import timezone

from binome.core.session import CLE_PROLONGEE
from binome.espace.models import EspacePersonne
from binome.espace.session import CLE_SESSION, Moyen


def espace_ouvert(personne, *, par=None) -> EspacePersonne:
    """Un espace ouvert pour ``personne`` (sans passer par le service : fixture de test)."""
    espace, _ = EspacePersonne.objects.update_or_create(
        personne=personne,
        defaults={
            "accord_le": timezone.localdate() - datetime.timedelta(days=1),
            "ouvert_par": par,
            "ferme_le": None,
        },
    )
    return espace


def connecter_personne(client, espace: EspacePersonne, *, moyen: str = Moyen.LIEN) -> None:
    """Pose la session de la personne dans ``client`` comme le ferait une connexion réussie."""
    session = client.session
    session[CLE_SESSION] = {"espace": espace.pk, "moyen": moyen, "depuis": timezone.now().isoformat()}
    # Comme à une vraie connexion (session écrite) : l'heure de prolongation est posée, la page suivante n'écrit rien.
    session[CLE_PROLONGEE] = int(timezone.now().timestamp())
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
