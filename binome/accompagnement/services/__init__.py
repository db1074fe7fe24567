"""Écritures de l'accompagnement.

Le paquet est découpé par sujet (personnes ; cycle du parcours : orientation, diagnostic, entrée, suspension,
renouvellement, social exclusif, sortie ; plan, contacts, notes, équipe, importation) mais s'utilise comme un
seul module : ``from binome.accompagnement import services`` puis ``services.parcours_activer(acteur=..., ...)``.
Chaque fonction publique ouvre une transaction durable (``transaction.atomic(durable=True)``) qui écrit aussi
l'historique et l'événement de chronologie ; un service qui a besoin de la logique d'un autre appelle sa
fonction privée (non durable). Les états du parcours : ``binome.accompagnement.machine``.
"""

# Chaque sous-module ajoute ici sa ligne d'import, dans l'ordre alphabétique (ruff le vérifie), par exemple :
# from binome.accompagnement.services.orientation import *  # noqa: F401,F403
from binome.accompagnement.services._commun import durees_departement  # noqa: F401
from binome.accompagnement.services.cofinancement import *  # noqa: F401,F403
from binome.accompagnement.services.contacts import *  # noqa: F401,F403
from binome.accompagnement.services.diagnostic import *  # noqa: F401,F403
from binome.accompagnement.services.entree import *  # noqa: F401,F403
from binome.accompagnement.services.equipe import *  # noqa: F401,F403
from binome.accompagnement.services.evenements import evenement_enregistrer  # noqa: F401
from binome.accompagnement.services.importation import ImportRefuse, parcours_importer  # noqa: F401
from binome.accompagnement.services.modalite import *  # noqa: F401,F403
from binome.accompagnement.services.notes import *  # noqa: F401,F403
from binome.accompagnement.services.orientation import *  # noqa: F401,F403
from binome.accompagnement.services.partenaires import *  # noqa: F401,F403
from binome.accompagnement.services.personnes import *  # noqa: F401,F403
from binome.accompagnement.services.plan import *  # noqa: F401,F403
from binome.accompagnement.services.proposition_partenaire import *  # noqa: F401,F403
from binome.accompagnement.services.renouvellement import *  # noqa: F401,F403
from binome.accompagnement.services.social_exclusif import *  # noqa: F401,F403
from binome.accompagnement.services.sortie import *  # noqa: F401,F403
from binome.accompagnement.services.suspension import *  # noqa: F401,F403
