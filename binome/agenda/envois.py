"""Ce que la personne reçoit d'un rendez-vous : confirmation, modification, annulation, rappel.

Appelé par ``agenda.services`` après commit (``transaction.on_commit``) ; ``motif`` vaut ``planifie``,
``modifie`` ou ``annule`` (le rappel part de la tâche planifiée). Le courriel porte l'invitation iTIP
(``agenda/ics.py``) ; le SMS passe par l'expéditeur configuré (``SMS_BACKEND``).
"""

MOTIFS = ("planifie", "modifie", "annule")


def rendez_vous_annonce(*, rendez_vous_id: int, motif: str) -> None:
    """Met en file l'envoi à la personne (à écrire : poste « messages à la personne »)."""
    if motif not in MOTIFS:
        raise ValueError(motif)
