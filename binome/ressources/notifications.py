"""Courriels de l'annuaire : signalement d'erreur au mainteneur, rappels de vérification, orientations.

Lecture et envoi seulement : aucune écriture en base (elles sont dans ``binome.ressources.services``). Chaque
courriel passe par ``binome.core.courriels`` : la partie texte n'est pas échappée (« d'insertion », jamais
``d&#x27;insertion``)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from binome.comptes.models import Role, Utilisateur
from binome.core.courriels import courriel
from binome.ressources.models import Service, SignalementErreur, StatutService

DELAI_ENTRE_RAPPELS = timedelta(days=30)


def _url(chemin: str) -> str:
    return getattr(settings, "BINOME_URL_SITE", "").rstrip("/") + chemin


def destinataires_maintenance(service: Service) -> list[str]:
    """Partenaires (ou administrateurs) de l'organisation mainteneuse ; à défaut, administrateurs du département."""
    actifs = Utilisateur.objects.filter(is_active=True)
    courriels = []
    if service.organisation_id:
        courriels = list(
            actifs.filter(
                habilitations__organisation_id=service.organisation_id,
                habilitations__role__in=[Role.PARTENAIRE, Role.ADMIN_DEPARTEMENTAL],
                habilitations__active=True,
            )
            .values_list("email", flat=True)
            .distinct()
        )
    if not courriels and service.departement_id:
        courriels = list(
            actifs.filter(
                habilitations__organisation__departement_id=service.departement_id,
                habilitations__role=Role.ADMIN_DEPARTEMENTAL,
                habilitations__active=True,
            )
            .values_list("email", flat=True)
            .distinct()
        )
    return sorted(set(courriels))


def envoyer_signalement(signalement: SignalementErreur) -> int:
    destinataires = destinataires_maintenance(signalement.service)
    if not destinataires:
        return 0
    contexte = {
        "signalement": signalement,
        "service": signalement.service,
        "url": _url(reverse("ressources:gestion")),
    }
    return courriel(a=destinataires, gabarit="ressources/courriels/signalement", contexte=contexte).send()


def services_a_relancer(aujourdhui=None):
    aujourdhui = aujourdhui or timezone.localdate()
    limite = timezone.now() - DELAI_ENTRE_RAPPELS
    return (
        Service.objects.filter(
            organisation__isnull=False,
            date_prochaine_verification__lt=aujourdhui,
        )
        .exclude(statut=StatutService.MASQUE)
        .filter(Q(rappel_envoye_le__isnull=True) | Q(rappel_envoye_le__lt=limite))
        .select_related("organisation")
        .order_by("organisation_id", "nom")
    )


def envoyer_rappels_verification(services: list[Service]) -> int:
    """Un courriel par destinataire, qui liste ses fiches à vérifier ; renvoie le nombre de courriels.

    N'écrit rien en base : la date du rappel est notée par ``services.rappels_verification_envoyer``."""
    par_destinataire: dict[str, list[Service]] = {}
    for service in services:
        for adresse in destinataires_maintenance(service):
            par_destinataire.setdefault(adresse, []).append(service)
    envoyes = 0
    for adresse, liste in par_destinataire.items():
        contexte = {
            "services": liste,
            "url": _url(reverse("ressources:gestion") + "?a_verifier=1"),
        }
        envoyes += courriel(a=[adresse], gabarit="ressources/courriels/rappel", contexte=contexte).send()
    return envoyes


def envoyer_orientation(orientation) -> int:
    """Prévient le service destinataire ; le courriel ne porte aucune donnée personnelle (lien vers Binôme)."""
    destinataires = destinataires_maintenance(orientation.service)
    if not destinataires:
        return 0
    contexte = {
        "orientation": orientation,
        "service": orientation.service,
        "url": _url(reverse("ressources:orientation", args=[orientation.pk])),
    }
    return courriel(a=destinataires, gabarit="ressources/courriels/orientation", contexte=contexte).send()


def envoyer_reponse_orientation(orientation) -> int:
    """Prévient l'émetteur de la réponse du service (ou de l'expiration) : sans donnée personnelle, un lien."""
    emetteur = orientation.emetteur
    if not (emetteur.is_active and emetteur.email):
        return 0
    contexte = {
        "orientation": orientation,
        "service": orientation.service,
        "url": _url(reverse("ressources:orientation", args=[orientation.pk])),
    }
    return courriel(a=[emetteur.email], gabarit="ressources/courriels/reponse_orientation", contexte=contexte).send()
