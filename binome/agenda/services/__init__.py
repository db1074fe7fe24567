"""Écritures de l'agenda : planifier, modifier, annuler un rendez-vous, en saisir la présence.

S'utilise comme un module : ``from binome.agenda import services`` puis
``services.rendez_vous_planifier(acteur=…, parcours=…, …)``. Chaque service public ouvre une transaction durable
qui écrit l'historique (auteur et motif, ``core/historique.py``) et la chronologie du parcours ; la personne est
prévenue après le commit (``binome.agenda.envois.rendez_vous_annonce``). La présence écrit le contact du journal
dans la même transaction (``accompagnement.services.contacts._contact_enregistrer``).
"""

from binome.agenda.services.presence import *  # noqa: F401,F403
from binome.agenda.services.rendez_vous import *  # noqa: F401,F403
