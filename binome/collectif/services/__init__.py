"""Écritures des actions collectives : actions, séances, inscriptions et présences.

S'utilise comme un module : ``from binome.collectif import services`` puis
``services.inscription_creer(acteur=…, seance=…, parcours=…, accord_le=…)``. Chaque service public ouvre une
transaction durable qui écrit l'historique (auteur et motif, ``core/historique.py``) ; les messages aux inscrits
(``binome.collectif.envois``, corps écrit par le poste h2) partent après le commit (``transaction.on_commit``).
La saisie des présences écrit, dans la même transaction, un contact « collectif » au journal de chaque personne.
"""

from binome.collectif.services.actions import *  # noqa: F401,F403
from binome.collectif.services.inscriptions import *  # noqa: F401,F403
from binome.collectif.services.seances import *  # noqa: F401,F403
