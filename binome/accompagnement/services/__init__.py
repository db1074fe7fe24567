"""Écritures de l'accompagnement.

Le paquet est découpé par sujet (personnes, parcours, plan, contacts, importation) mais
s'utilise comme un seul module : ``from binome.accompagnement import services`` puis
``services.parcours_activer(acteur=..., ...)``. Chaque fonction ouvre une transaction
qui écrit aussi l'événement de chronologie correspondant.
"""

from binome.accompagnement.services.evenements import evenement_enregistrer  # noqa: F401

# Chaque sous-module ajoute ici sa ligne d'import, par exemple :
# from binome.accompagnement.services.parcours import *  # noqa: F401,F403
