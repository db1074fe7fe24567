"""Messages aux personnes inscrites à une séance collective (confirmation, rappel, annulation).

Interface entre les postes de l'issue 14 : les services d'inscription (poste h1) appellent ces fonctions après la
validation de leur transaction (``transaction.on_commit``) ; le poste h2 en écrit le corps, avec le mécanisme des
rendez-vous (``binome.agenda.envois``, invitation iCalendar, SMS enfichable).
"""


def annoncer_inscription(inscription_id: int) -> None:
    """Confirmation d'une inscription sur une place (pas sur la liste d'attente)."""


def annoncer_modification_seance(seance_id: int) -> None:
    """Date, heure ou lieu d'une séance changés : nouvelle invitation aux inscrits (SEQUENCE incrémenté)."""


def annoncer_annulation(inscription_id: int) -> None:
    """Désinscription d'une personne, ou annulation de la séance pour chacun de ses inscrits."""
