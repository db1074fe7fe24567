"""Messages aux personnes inscrites à une séance collective (confirmation, rappel, annulation).

Interface entre les postes de l'issue 14 : les services d'inscription appellent ces fonctions après la
validation de leur transaction (``transaction.on_commit``). Chacune met l'envoi en file (``collectif/taches.py``) :
courriel avec invitation iCalendar et SMS, par le mécanisme des rendez-vous ; contenu : ``collectif/notifications.py``.
Le rappel deux jours avant part de la tâche planifiée ``taches.envoyer_rappels_seances``.
"""

from binome.collectif import taches


def annoncer_inscription(inscription_id: int) -> None:
    """Confirmation d'une inscription sur une place (pas sur la liste d'attente)."""
    taches.annoncer_inscription.enqueue(inscription_id=inscription_id)


def annoncer_modification_seance(seance_id: int) -> None:
    """Date, heure ou lieu d'une séance changés : nouvelle invitation aux inscrits (SEQUENCE incrémenté)."""
    taches.annoncer_modification_seance.enqueue(seance_id=seance_id)


def annoncer_annulation(inscription_id: int) -> None:
    """Désinscription d'une personne, ou annulation de la séance pour chacun de ses inscrits."""
    taches.annoncer_annulation.enqueue(inscription_id=inscription_id)
