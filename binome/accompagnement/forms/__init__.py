"""Formulaires de l'accompagnement, un module par écran (validation de saisie seulement).

- ``personnes`` : fiche personne, recherche ;
- ``diagnostic`` : diagnostic partagé ;
- ``parcours`` : orientation, binôme, transitions, coordination, sortie ;
- ``suivi`` : plan d'action, contacts, notes privées, portefeuille, équipe ;
- ``champs`` : champs communs (oui / non, « non renseigné »).

Chaque formulaire public est réexporté ici : ``from binome.accompagnement import forms ; forms.X``.
"""

from binome.accompagnement.forms.diagnostic import (
    FormulaireDiagnostic,
)
from binome.accompagnement.forms.parcours import (
    FormulaireActivation,
    FormulaireConfirmation,
    FormulaireCoordination,
    FormulaireCorrectionSuiviSixMois,
    FormulaireDerogationFSE,
    FormulaireNonRetenu,
    FormulaireOrientation,
    FormulairePlanification,
    FormulaireRefusOrientation,
    FormulaireRenouvellement,
    FormulaireReponseCoordination,
    FormulaireReprise,
    FormulaireSocialExclusif,
    FormulaireSortie,
    FormulaireSuiviSixMois,
    FormulaireSuspension,
)
from binome.accompagnement.forms.personnes import (
    FormulairePersonne,
    FormulaireRecherchePersonnes,
)
from binome.accompagnement.forms.suivi import (
    FormulaireAction,
    FormulaireContact,
    FormulaireFiltreEquipe,
    FormulaireFiltrePortefeuille,
    FormulaireFiltreReferentiel,
    FormulaireHeures,
    FormulaireNotePrivee,
    FormulaireObjectif,
    FormulairePartageNote,
    FormulaireReaffectation,
    FormulaireRetrait,
    FormulaireSignature,
    FormulaireStatut,
)

__all__ = [
    "FormulaireAction",
    "FormulaireActivation",
    "FormulaireConfirmation",
    "FormulaireContact",
    "FormulaireCoordination",
    "FormulaireDerogationFSE",
    "FormulaireDiagnostic",
    "FormulaireFiltreEquipe",
    "FormulaireFiltrePortefeuille",
    "FormulaireFiltreReferentiel",
    "FormulaireHeures",
    "FormulaireNonRetenu",
    "FormulaireNotePrivee",
    "FormulaireObjectif",
    "FormulaireOrientation",
    "FormulairePartageNote",
    "FormulairePersonne",
    "FormulairePlanification",
    "FormulaireReaffectation",
    "FormulaireRecherchePersonnes",
    "FormulaireRefusOrientation",
    "FormulaireRenouvellement",
    "FormulaireSocialExclusif",
    "FormulaireReponseCoordination",
    "FormulaireReprise",
    "FormulaireRetrait",
    "FormulaireSignature",
    "FormulaireSortie",
    "FormulaireStatut",
    "FormulaireCorrectionSuiviSixMois",
    "FormulaireSuiviSixMois",
    "FormulaireSuspension",
]
