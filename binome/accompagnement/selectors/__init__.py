"""Qui voit quoi dans l'accompagnement : la politique d'accès unique aux dossiers personnels.

Règle (docs/architecture.md, docs/modele-de-donnees.md) — un dossier (personne et ses parcours) s'ouvre :

- au **binôme** : conseiller France Travail ou référent social d'un parcours (en cours ou clos) de la
  personne, tant qu'il garde une habilitation active de ce rôle dans le département de la personne ;
- aux **encadrants** d'une organisation qui est celle du conseiller ou du référent d'un parcours de la personne ;
- à l'**administrateur départemental** du département de la personne ;
- **avant l'entrée** (parcours repéré, orientation proposée, diagnostic partagé), pour ce parcours
  seulement : à l'auteur du repérage (qui a enregistré la personne) et à celui de la proposition ;
  aux professionnels de l'autre côté dont l'organisation couvre la commune de la personne, tant que
  l'orientation attend une réponse (boîte de réception : conseiller FT ou référent orientation d'une
  agence France Travail ; travailleur social ou référent orientation d'une unité d'action sociale ou du
  conseil départemental) ; au référent orientation du département.

Jamais : le pilote (agrégats seulement, ``binome.pilotage``), le partenaire (l'annuaire gère ce qu'une
orientation lui transmet ; invité dans un parcours, il n'en voit que ce que ``partenaires`` lui ouvre, sur ses propres
pages), le super-administrateur de la plateforme en tant que tel (administration
technique seulement ; s'il détient aussi des habilitations, ce sont elles qui comptent).

Côté social (notes privées non partagées, RQTH, détail des freins) : le référent social d'un parcours
de la personne et les encadrants de son organisation sociale (unité d'action sociale, conseil
départemental) — pas l'administrateur départemental (besoin d'en connaître, CASF L.121-6-2).

Toutes les fonctions construisent des ``QuerySet`` paresseux à sous-requêtes ``IN (SELECT …)`` :
aucune boucle Python sur une table, aucune requête par ligne. Seule requête annexe : les habilitations
de l'acteur, mises en cache par ``binome.comptes.selectors.habilitations``.

Le paquet est découpé par concept ; ``from binome.accompagnement import selectors ; selectors.X`` reste
l'usage (chaque nom public est réexporté ici) :

- ``acces`` : briques de la règle (personnes et parcours visibles, écriture, côté social) ;
- ``orientations`` : boîte de réception, qui propose et qui traite une orientation ;
- ``suivi`` : portefeuille, vue équipe, charge, réaffectations ;
- ``plan`` : plan d'action, contacts, référentiel ;
- ``contrat`` : contrat d'engagement imprimable et PDF (services rattachés, signature) ;
- ``notes`` : notes privées et bandeau de partage ;
- ``propositions`` : propositions d'une structure partenaire (le statut seul, jamais le dossier) ;
- ``coordinations`` : boîte de réception des demandes de coordination et son compteur ;
- ``cycle`` : repérage, doublons, diagnostic, binôme, coordination ;
- ``partenaires`` : partenaires invités dans un parcours (ce qu'ils voient, qui les invite).

Toute liste renvoyée est explicitement triée (``order_by`` avec ``pk`` pour départager).
"""

from binome.accompagnement.secret_partage import champ_masque, champs_restreints
from binome.accompagnement.selectors.acces import (
    CHAMPS_DETAIL_FREIN,
    CHAMPS_SANTE_PERSONNE,
    CHAMPS_SOCIAUX_PERSONNE,
    DESTINATAIRES,
    ROLES_PRESCRIPTEURS,
    TYPES_ORGANISATION_SOCIALE,
    evenements_visibles,
    notes_privees_visibles,
    parcours_de,
    parcours_pour,
    parcours_visibles,
    personne_pour,
    personnes_visibles,
    personnes_visibles_dossier_complet,
    peut_modifier,
    voit_cote_social,
    voit_parcours,
)
from binome.accompagnement.selectors.contrat import contrat_engagement, lieu_signature_propose
from binome.accompagnement.selectors.coordinations import (
    compter_coordinations_a_traiter,
    coordinations_a_traiter,
    coordinations_envoyees,
    recoit_des_coordinations,
)
from binome.accompagnement.selectors.cycle import (
    ROLES_DOSSIERS,
    ROLES_SOCIAUX_AVANT_ENTREE,
    DoublonProbable,
    conseillers_possibles,
    consulte_des_dossiers,
    coordination_pour,
    coordinations_du_parcours,
    cote_dans_parcours,
    departements_creation_personne,
    dernier_diagnostic,
    membre_du_binome,
    personnes_doublons_probables,
    personnes_liste,
    peut_deroger_fse,
    peut_modifier_personne,
    proposition_social_exclusif,
    referents_possibles,
    voit_detail_social,
)
from binome.accompagnement.selectors.notes import (
    note_privee_a_partager,
    organisation_sociale_de,
    partage_du_dossier,
    peut_ecrire_note_privee,
)
from binome.accompagnement.selectors.orientation_rsa import (
    EcheanceOrientationRsa,
    compter_a_orienter_rsa,
    echeance_orientation_rsa,
    marquer_echeances,
    personnes_a_orienter_rsa,
)
from binome.accompagnement.selectors.orientations import (
    compter_orientations_a_traiter,
    organisations_prescriptrices,
    orientation_a_traiter_pour,
    orientations_a_traiter,
    orientations_proposees_par,
    peut_proposer_orientation,
    peut_traiter_orientation,
    recoit_des_orientations,
)
from binome.accompagnement.selectors.partenaires import (
    DUREE_INVITATION_MAX_MOIS,
    DUREE_INVITATION_MOIS,
    IdentitePartagee,
    action_confiee_pour,
    actions_a_confier,
    actions_confiees,
    contacts_partages,
    identite_partagee,
    invitation_du_parcours,
    invitation_pour,
    invitations_de_personne,
    invitations_du_parcours,
    invitations_en_cours,
    invitations_valides,
    peut_inviter_partenaire,
    peut_revoquer_invitation,
    professionnels_invitables,
    q_invitation_valide,
    recoit_des_parcours_partages,
    structure_invitable,
    structures_invitables,
)
from binome.accompagnement.selectors.plan import (
    actions_du_plan,
    contacts_du_parcours,
    elements_referentiel,
    heures_de_reference,
    objectifs_du_plan,
    orientations_des_actions,
    participants_possibles,
    plan_courant,
    plan_version,
    plans_du_parcours,
    services_rattaches,
    themes_referentiel,
)
from binome.accompagnement.selectors.propositions import (
    Proposition,
    propose_des_personnes,
    propose_en_partenaire,
    propositions,
    propositions_du_partenaire,
    structures_partenaires,
)
from binome.accompagnement.selectors.reaffectation import (
    agent_administre,
    agents_inactifs_avec_parcours,
    groupes_reaffectation,
    nombre_parcours_a_reaffecter,
    organisations_reaffectables,
    parcours_de_l_agent,
    parcours_selectionnes,
)
from binome.accompagnement.selectors.suivi import (
    ATTEND_MON_ACCORD,
    ROLES_BINOME,
    TRI_PAR_DEFAUT,
    TRIS,
    FiltreEtat,
    a_un_portefeuille,
    agents_equipe,
    charge,
    chiffres_equipe,
    chiffres_portefeuille,
    chiffres_suivi,
    compter_equipe,
    compter_portefeuille,
    compter_portefeuille_par_alerte,
    encadre_une_equipe,
    filtrer_suivi,
    lignes_de_la_page,
    organisations_encadrees,
    parcours_equipe,
    parcours_equipe_pour,
    portefeuille,
    q_attend_mon_accord,
    reaffectations_possibles,
)

__all__ = [
    "EcheanceOrientationRsa",
    "compter_a_orienter_rsa",
    "echeance_orientation_rsa",
    "marquer_echeances",
    "personnes_a_orienter_rsa",
    "CHAMPS_DETAIL_FREIN",
    "CHAMPS_SANTE_PERSONNE",
    "CHAMPS_SOCIAUX_PERSONNE",
    "champ_masque",
    "champs_restreints",
    "DESTINATAIRES",
    "DoublonProbable",
    "FiltreEtat",
    "ROLES_BINOME",
    "ROLES_DOSSIERS",
    "ROLES_PRESCRIPTEURS",
    "ROLES_SOCIAUX_AVANT_ENTREE",
    "TRIS",
    "TRI_PAR_DEFAUT",
    "TYPES_ORGANISATION_SOCIALE",
    "a_un_portefeuille",
    "chiffres_equipe",
    "chiffres_portefeuille",
    "chiffres_suivi",
    "agent_administre",
    "agents_inactifs_avec_parcours",
    "groupes_reaffectation",
    "nombre_parcours_a_reaffecter",
    "organisations_reaffectables",
    "parcours_de_l_agent",
    "parcours_selectionnes",
    "actions_du_plan",
    "contrat_engagement",
    "lieu_signature_propose",
    "agents_equipe",
    "charge",
    "conseillers_possibles",
    "consulte_des_dossiers",
    "contacts_du_parcours",
    "coordination_pour",
    "coordinations_du_parcours",
    "cote_dans_parcours",
    "departements_creation_personne",
    "dernier_diagnostic",
    "elements_referentiel",
    "heures_de_reference",
    "encadre_une_equipe",
    "evenements_visibles",
    "filtrer_suivi",
    "membre_du_binome",
    "note_privee_a_partager",
    "notes_privees_visibles",
    "objectifs_du_plan",
    "organisation_sociale_de",
    "organisations_encadrees",
    "organisations_prescriptrices",
    "orientation_a_traiter_pour",
    "orientations_a_traiter",
    "Proposition",
    "propose_des_personnes",
    "propose_en_partenaire",
    "propositions",
    "propositions_du_partenaire",
    "structures_partenaires",
    "compter_coordinations_a_traiter",
    "compter_orientations_a_traiter",
    "compter_portefeuille",
    "compter_portefeuille_par_alerte",
    "compter_equipe",
    "lignes_de_la_page",
    "q_attend_mon_accord",
    "ATTEND_MON_ACCORD",
    "coordinations_a_traiter",
    "coordinations_envoyees",
    "recoit_des_coordinations",
    "orientations_proposees_par",
    "parcours_de",
    "parcours_equipe",
    "parcours_equipe_pour",
    "parcours_pour",
    "parcours_visibles",
    "partage_du_dossier",
    "participants_possibles",
    "personne_pour",
    "personnes_doublons_probables",
    "personnes_liste",
    "personnes_visibles",
    "personnes_visibles_dossier_complet",
    "peut_ecrire_note_privee",
    "peut_modifier",
    "peut_deroger_fse",
    "peut_modifier_personne",
    "peut_proposer_orientation",
    "peut_traiter_orientation",
    "plan_courant",
    "plan_version",
    "plans_du_parcours",
    "portefeuille",
    "reaffectations_possibles",
    "recoit_des_orientations",
    "proposition_social_exclusif",
    "referents_possibles",
    "orientations_des_actions",
    "services_rattaches",
    "themes_referentiel",
    "voit_cote_social",
    "voit_parcours",
    "voit_detail_social",
    # Partenaires dans un parcours (issue 14, poste h4) : selectors/partenaires.py
    "DUREE_INVITATION_MAX_MOIS",
    "DUREE_INVITATION_MOIS",
    "IdentitePartagee",
    "action_confiee_pour",
    "actions_a_confier",
    "actions_confiees",
    "contacts_partages",
    "identite_partagee",
    "invitation_du_parcours",
    "invitation_pour",
    "invitations_de_personne",
    "invitations_du_parcours",
    "invitations_en_cours",
    "structure_invitable",
    "invitations_valides",
    "peut_inviter_partenaire",
    "peut_revoquer_invitation",
    "professionnels_invitables",
    "q_invitation_valide",
    "recoit_des_parcours_partages",
    "structures_invitables",
]
