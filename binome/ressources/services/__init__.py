"""Écritures de l'annuaire : seul endroit qui écrit dans les tables de ``binome.ressources``.

Chaque fonction publique prend des arguments nommés, est une transaction (``durable`` au premier niveau) et
écrit sa ligne d'historique par ``binome.core.historique`` (ou ``bulk_*_with_history`` pour les lots).

- ``fiches`` : structures, services (règle de publication à la création), vérification, modération,
  signalements, correspondance frein → thématiques, rappels de vérification ;
- ``orientations`` : rattachement d'un service à une action du plan, orientations et leurs réponses ;
- ``importation`` : écriture par lots des fiches importées (fichier data·inclusion, tableur) ;
- ``derives`` : champs dérivés et tables de recherche (outils des précédents, sans transaction propre).
"""

from binome.ressources.services.derives import (  # noqa: F401
    lignes_thematiques,
    lignes_zones,
    preparer,
    synchroniser_index,
)
from binome.ressources.services.fiches import (  # noqa: F401
    SOURCE_BINOME,
    correspondance_modifier,
    correspondance_retablir,
    nouvel_identifiant,
    rappels_verification_envoyer,
    service_enregistrer,
    service_moderer,
    service_verifier,
    signalement_creer,
    signalement_traiter,
    statut_a_la_creation,
    structure_enregistrer,
)
from binome.ressources.services.importation import services_importer, structures_importer  # noqa: F401
from binome.ressources.services.orientations import (  # noqa: F401
    action_rattacher_service,
    delai_expiration_jours,
    orientation_envoyer,
    orientation_repondre,
    orientations_expirer,
)
