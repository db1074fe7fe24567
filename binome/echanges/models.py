"""Échanges de fichiers : listes de personnes reçues (import avec correspondance de colonnes enregistrée) et
fichiers d'événements envoyés aux systèmes du département et de France Travail."""

from binome.echanges.exports.models import (  # noqa: F401 (modèles déclarés par leur module)
    DestinataireExport,
    FichierExport,
)
from binome.echanges.importation.models import CorrespondanceColonnes, ImportListe  # noqa: F401
from binome.echanges.transfert.models import ParcoursTransfere  # noqa: F401
