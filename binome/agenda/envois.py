"""Ce que la personne reçoit d'un rendez-vous : confirmation, modification, annulation, rappel.

Appelé par ``agenda.services`` après commit (``transaction.on_commit``) ; ``motif`` vaut ``planifie``,
``modifie`` ou ``annule`` (le rappel part de la tâche planifiée ``taches.envoyer_rappels_rendez_vous``). L'envoi
est mis en file (``taches.annoncer_rendez_vous``) : le courriel porte l'invitation iTIP (``agenda/ics.py``) ; le
SMS passe par l'expéditeur configuré (``SMS_BACKEND``). Le contenu : ``agenda/notifications.py``.
"""

from binome.agenda import taches

MOTIFS = ("planifie", "modifie", "annule")


def rendez_vous_annonce(*, rendez_vous_id: int, motif: str) -> None:
    """Met en file l'envoi à la personne du rendez-vous ``rendez_vous_id`` (après commit de l'appelant)."""
    if motif not in MOTIFS:
        raise ValueError(motif)
    taches.annoncer_rendez_vous.enqueue(rendez_vous_id=rendez_vous_id, motif=motif)


def professionnels_prevenir(*, rendez_vous_id: int) -> None:
    """Met en file le courriel aux professionnels attendus : la personne a annulé depuis son espace (issue 16)."""
    taches.prevenir_professionnels_annulation.enqueue(rendez_vous_id=rendez_vous_id)
