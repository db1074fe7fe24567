"""Le courriel du lien de connexion : adresse construite sur ``BINOME_URL_SITE`` (jamais l'en-tête Host de la
requête), aucun nom ni détail social ; le jeton en clair ne vit que dans ce courriel."""

import logging

from django.conf import settings
from django.urls import reverse

from binome.core.courriels import courriel
from binome.espace.services.connexion import DUREE_LIEN

journal = logging.getLogger(__name__)


def adresse_du_lien(jeton: str) -> str:
    return settings.BINOME_URL_SITE.rstrip("/") + reverse("espace:lien", kwargs={"jeton": jeton})


def envoyer_lien(*, adresse: str, jeton: str) -> bool:
    message = courriel(
        a=[adresse],
        gabarit="espace/courriels/connexion_lien",
        contexte={"lien": adresse_du_lien(jeton), "minutes": int(DUREE_LIEN.total_seconds() // 60)},
        html=True,
    )
    try:
        message.send()
    except OSError:
        journal.warning("Lien de connexion à l'espace : envoi du courriel impossible")
        return False
    return True
