"""Écritures propres à l'API : les clés d'idempotence (``binome.api.idempotence``).

Chaque étape est sa propre transaction courte, validée aussitôt : la réservation d'une clé doit être visible
des autres processus pendant que la création qu'elle protège s'exécute (une requête concurrente reçoit 409).
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from binome.api.models import CleIdempotence

DUREE_CONSERVATION = datetime.timedelta(hours=24)


@transaction.atomic(durable=True)
def cle_idempotence_reserver(*, portee: str, cle: str, empreinte: str, utilisateur) -> tuple[CleIdempotence, bool]:
    """Réserve la clé (statut vide : en cours) ; renvoie ``(cle, True)`` si elle est neuve, ``(existante, False)``
    si elle a déjà été reçue. Une clé de plus de 24 h est oubliée et réservée à nouveau."""
    CleIdempotence.objects.filter(portee=portee, cle=cle, cree_le__lt=timezone.now() - DUREE_CONSERVATION).delete()
    try:
        # Point de sauvegarde : la contrainte d'unicité tranche entre deux requêtes simultanées.
        with transaction.atomic():
            return (
                CleIdempotence.objects.create(portee=portee, cle=cle, empreinte=empreinte, utilisateur=utilisateur),
                True,
            )
    except IntegrityError:
        return CleIdempotence.objects.get(portee=portee, cle=cle), False


@transaction.atomic(durable=True)
def cle_idempotence_memoriser(*, cle: CleIdempotence, statut: int, corps: bytes, entetes: dict) -> None:
    """Mémorise la réponse à rejouer pour cette clé."""
    CleIdempotence.objects.filter(pk=cle.pk).update(statut=statut, corps=corps, entetes=entetes)


@transaction.atomic(durable=True)
def cle_idempotence_liberer(*, cle: CleIdempotence) -> None:
    """Oublie une clé dont la requête n'a rien créé (refus, erreur) : le client peut corriger et réessayer."""
    CleIdempotence.objects.filter(pk=cle.pk, statut__isnull=True).delete()


@transaction.atomic(durable=True)
def cles_idempotence_purger(*, maintenant=None) -> int:
    """Supprime les clés de plus de 24 h (tâche planifiée) ; renvoie leur nombre."""
    seuil = (maintenant or timezone.now()) - DUREE_CONSERVATION
    supprimees, _detail = CleIdempotence.objects.filter(cree_le__lt=seuil).delete()
    return supprimees
