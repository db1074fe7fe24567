"""Conservation des dossiers : nom historique, gardé pour les appelants existants (tâche ``purge_rgpd``).

- Quels dossiers sont échus (lecture) : ``binome.confiance.echeances`` ;
- l'anonymisation (écriture) : le service ``binome.confiance.services.conservation``.

Un nouvel appelant importe directement l'un ou l'autre.
"""

from binome.confiance.echeances import (  # noqa: F401
    Selection,
    date_limite,
    duree_conservation_mois,
    personnes_echues,
    personnes_echues_en_cours,
    retrancher_mois,
    selection,
)
from binome.confiance.services.conservation import anonymiser_personne, purger  # noqa: F401
