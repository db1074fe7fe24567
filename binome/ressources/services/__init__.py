"""Écritures de l'annuaire : seul endroit qui écrit dans les tables de ``binome.ressources``.

Chaque fonction publique prend des arguments nommés, est une transaction (``durable`` au premier niveau) et
écrit sa ligne d'historique par ``binome.core.historique`` (ou ``bulk_*_with_history`` pour les lots).

- ``fiches`` : structures, services (règle de publication à la création : ``fiches._statut_a_la_creation``),
  vérification, modération, signalements, correspondance frein → thématiques, rappels de vérification ;
- ``orientations`` : rattachement d'un service à une action du plan, orientations et leurs réponses ;
- ``importation`` : écriture d'un lot de fiches importées (fichier data·inclusion, tableur).

Les champs dérivés et les tables de recherche sont calculés par ``binome.ressources.derives``, dans la
transaction du service qui écrit.
"""

from binome.ressources.services.fiches import (  # noqa: F401
    SOURCE_BINOME,
    correspondance_modifier,
    correspondance_retablir,
    rappels_verification_envoyer,
    service_enregistrer,
    service_moderer,
    service_verifier,
    signalement_creer,
    signalement_traiter,
    structure_enregistrer,
)
from binome.ressources.services.importation import services_importer, structures_importer  # noqa: F401
from binome.ressources.services.orientations import (  # noqa: F401
    action_rattacher_service,
    orientation_envoyer,
    orientation_repondre,
    orientations_expirer,
)
