"""Écritures de la confiance : chaque fonction publique est une transaction (``durable`` au premier niveau) qui
laisse sa trace — ligne d'historique (``binome.core.historique``), événement de chronologie ou ligne du journal
des accès quand l'objet n'a pas d'historique.

- ``droits`` : notice d'information, opposition (``Personne`` historisée + événement de chronologie) ;
- ``double_facteur`` : enrôlement, vérification, désactivation d'une application TOTP (``TOTPDevice`` de
  django-otp n'a pas d'historique : une ligne du journal des accès en tient lieu) ;
- ``conservation`` : anonymisation des dossiers échus (l'historique du dossier est purgé, par principe : un
  événement « anonymisation » et une ligne du journal des accès en gardent la trace) ;
- ``planification`` : réclamation d'une tâche planifiée pour une date (``ExecutionPlanifiee``, sa propre trace).
"""

from binome.confiance.services.conservation import anonymiser_personne, purger  # noqa: F401
from binome.confiance.services.double_facteur import (  # noqa: F401
    double_facteur_desactiver,
    double_facteur_enroler,
    double_facteur_verifier,
)
from binome.confiance.services.droits import (  # noqa: F401
    personne_notice_enregistrer,
    personne_opposition_enregistrer,
    personne_opposition_examiner,
    personne_opposition_retirer,
)
from binome.confiance.services.planification import (  # noqa: F401
    execution_liberer,
    execution_noter_mise_en_file,
    execution_reclamer,
)
