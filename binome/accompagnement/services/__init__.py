"""Écritures de l'accompagnement.

Le paquet est découpé par sujet (personnes, parcours, plan, contacts, importation) mais
s'utilise comme un seul module : ``from binome.accompagnement import services`` puis
``services.parcours_activer(acteur=..., ...)``. Chaque fonction ouvre une transaction
qui écrit aussi l'événement de chronologie correspondant.
"""

# Chaque sous-module ajoute ici sa ligne d'import, dans l'ordre alphabétique (ruff le vérifie), par exemple :
# from binome.accompagnement.services.parcours import *  # noqa: F401,F403
from binome.accompagnement.services.contacts import *  # noqa: F401,F403
from binome.accompagnement.services.equipe import *  # noqa: F401,F403
from binome.accompagnement.services.evenements import evenement_enregistrer  # noqa: F401
from binome.accompagnement.services.importation import ImportRefuse, parcours_importer  # noqa: F401
from binome.accompagnement.services.notes import *  # noqa: F401,F403
from binome.accompagnement.services.parcours import *  # noqa: F401,F403
from binome.accompagnement.services.personnes import *  # noqa: F401,F403
from binome.accompagnement.services.plan import *  # noqa: F401,F403
