from django.urls import path  # noqa: F401

app_name = "accompagnement"

# Chaque équipe ajoute ses routes dans sa section (éditions ciblées, sans réordonner les autres).
urlpatterns = []

# --- Cycle du parcours : personnes, orientations, diagnostic, transitions, sortie (views/parcours.py…) ---
from binome.accompagnement.views import cofinancement as vues_cofinancement  # noqa: E402
from binome.accompagnement.views import coordinations as vues_coordinations  # noqa: E402
from binome.accompagnement.views import modalite as vues_modalite  # noqa: E402
from binome.accompagnement.views import parcours as vues_parcours  # noqa: E402
from binome.accompagnement.views import personnes as vues_personnes  # noqa: E402
from binome.accompagnement.views import propositions as vues_propositions  # noqa: E402

urlpatterns += [
    path("personnes/", vues_personnes.liste, name="personnes"),
    path("personnes/nouvelle/", vues_personnes.creer, name="personne_creer"),
    path("personnes/<int:pk>/", vues_personnes.fiche, name="personne"),
    path("personnes/<int:pk>/modifier/", vues_personnes.modifier, name="personne_modifier"),
    path("personnes/<int:pk>/orienter/", vues_parcours.orientation_proposer, name="orientation_proposer"),
    path("orientations/", vues_parcours.orientations, name="orientations"),
    path("orientations/<int:pk>/planifier/", vues_parcours.orientation_planifier, name="orientation_planifier"),
    path("orientations/<int:pk>/refuser/", vues_parcours.orientation_refuser, name="orientation_refuser"),
    path("parcours/<int:pk>/", vues_parcours.parcours, name="parcours"),
    path("parcours/<int:pk>/diagnostic/", vues_parcours.diagnostic, name="diagnostic"),
    path("parcours/<int:pk>/entree/", vues_parcours.parcours_activer, name="parcours_activer"),
    path("parcours/<int:pk>/non-retenu/", vues_parcours.parcours_non_retenu, name="parcours_non_retenu"),
    path("parcours/<int:pk>/suspendre/", vues_parcours.parcours_suspendre, name="parcours_suspendre"),
    path("parcours/<int:pk>/reprendre/", vues_parcours.parcours_reprendre, name="parcours_reprendre"),
    path("parcours/<int:pk>/renouveler/", vues_parcours.parcours_renouveler, name="parcours_renouveler"),
    path("parcours/<int:pk>/fse/", vues_cofinancement.parcours_fse, name="parcours_fse"),
    path(
        "parcours/<int:pk>/social-exclusif/", vues_modalite.parcours_social_exclusif, name="parcours_social_exclusif"
    ),
    path(
        "parcours/<int:pk>/retour-diagnostic/",
        vues_parcours.parcours_retour_diagnostic,
        name="parcours_retour_diagnostic",
    ),
    path("parcours/<int:pk>/coordination/", vues_parcours.coordination_demander, name="coordination_demander"),
    path("coordinations/<int:pk>/repondre/", vues_parcours.coordination_repondre, name="coordination_repondre"),
    path("coordinations/", vues_coordinations.coordinations, name="coordinations"),
    path("propositions/", vues_propositions.propositions, name="propositions"),
    path("propositions/nouvelle/", vues_propositions.proposition_creer, name="proposition_creer"),
    path("parcours/<int:pk>/sortie/", vues_parcours.parcours_sortir, name="parcours_sortir"),
    path("parcours/<int:pk>/suivi-six-mois/", vues_parcours.suivi_six_mois, name="suivi_six_mois"),
]

# --- Suivi : plan d'action, contacts, alertes, portefeuille, équipe (views/suivi.py…) ---
from binome.accompagnement.views import contacts as vues_contacts  # noqa: E402
from binome.accompagnement.views import notes as vues_notes  # noqa: E402
from binome.accompagnement.views import plan as vues_plan  # noqa: E402
from binome.accompagnement.views import portefeuille as vues_portefeuille  # noqa: E402
from binome.accompagnement.views import reaffectation as vues_reaffectation  # noqa: E402

urlpatterns += [
    path("portefeuille/", vues_portefeuille.portefeuille, name="portefeuille"),
    path("portefeuille/export.csv", vues_portefeuille.portefeuille_export, name="portefeuille_export"),
    path("equipe/", vues_portefeuille.equipe, name="equipe"),
    path("parcours/<int:parcours_pk>/reaffecter/", vues_portefeuille.reaffecter, name="reaffecter"),
    path("equipe/reaffecter/", vues_reaffectation.reaffecter_selection, name="reaffecter_selection"),
    path("agents/reaffecter/", vues_reaffectation.agent_reaffecter, name="agent_reaffecter"),
    path("parcours/<int:parcours_pk>/contacts/", vues_contacts.contacts, name="contacts"),
    path("parcours/<int:parcours_pk>/plan/", vues_plan.plan, name="plan"),
    path(
        "parcours/<int:parcours_pk>/plan/nouvelle-version/",
        vues_plan.plan_nouvelle_version,
        name="plan_nouvelle_version",
    ),
    path("parcours/<int:parcours_pk>/plan/heures/", vues_plan.plan_heures, name="plan_heures"),
    path("parcours/<int:parcours_pk>/plan/signer/", vues_plan.plan_signer, name="plan_signer"),
    path("parcours/<int:parcours_pk>/plan/versions/<int:version>/", vues_plan.plan_version, name="plan_version"),
    path(
        "parcours/<int:parcours_pk>/plan/versions/<int:version>/imprimer/",
        vues_plan.plan_imprimer,
        name="plan_imprimer",
    ),
    path(
        "parcours/<int:parcours_pk>/plan/versions/<int:version>/pdf/",
        vues_plan.plan_pdf,
        name="plan_pdf",
    ),
    path(
        "parcours/<int:parcours_pk>/plan/objectifs/ajouter/", vues_plan.objectif_ajouter, name="plan_objectif_ajouter"
    ),
    path(
        "parcours/<int:parcours_pk>/plan/objectifs/<int:pk>/modifier/",
        vues_plan.objectif_modifier,
        name="plan_objectif_modifier",
    ),
    path(
        "parcours/<int:parcours_pk>/plan/objectifs/<int:pk>/retirer/",
        vues_plan.objectif_retirer,
        name="plan_objectif_retirer",
    ),
    path("parcours/<int:parcours_pk>/plan/actions/ajouter/", vues_plan.action_ajouter, name="plan_action_ajouter"),
    path(
        "parcours/<int:parcours_pk>/plan/actions/<int:pk>/modifier/",
        vues_plan.action_modifier,
        name="plan_action_modifier",
    ),
    path(
        "parcours/<int:parcours_pk>/plan/actions/<int:pk>/statut/", vues_plan.action_statut, name="plan_action_statut"
    ),
    path(
        "parcours/<int:parcours_pk>/plan/actions/<int:pk>/retirer/",
        vues_plan.action_retirer,
        name="plan_action_retirer",
    ),
    path("personnes/<int:personne_pk>/notes-privees/", vues_notes.notes_privees, name="notes_privees"),
    path(
        "personnes/<int:personne_pk>/notes-privees/<int:pk>/partager/",
        vues_notes.note_privee_partager,
        name="note_privee_partager",
    ),
]

# --- Partenaires dans un parcours (issue 14, poste h4) : views/partenaires.py ---
from binome.accompagnement.views import partenaires as vues_partenaires  # noqa: E402

urlpatterns += [
    path("parcours/<int:parcours_pk>/partenaires/", vues_partenaires.partenaires, name="partenaires"),
    path(
        "parcours/<int:parcours_pk>/partenaires/inviter/",
        vues_partenaires.partenaire_inviter,
        name="partenaire_inviter",
    ),
    path(
        "parcours/<int:parcours_pk>/partenaires/<int:invitation_pk>/revoquer/",
        vues_partenaires.partenaire_revoquer,
        name="partenaire_revoquer",
    ),
    path(
        "parcours/<int:parcours_pk>/partenaires/<int:invitation_pk>/confier/",
        vues_partenaires.partenaire_confier,
        name="partenaire_confier",
    ),
    path("parcours-partages/", vues_partenaires.parcours_partages, name="parcours_partages"),
    path("parcours-partages/<int:parcours_pk>/", vues_partenaires.parcours_partage, name="parcours_partage"),
    path(
        "parcours-partages/<int:parcours_pk>/actions/<int:action_pk>/",
        vues_partenaires.parcours_partage_action,
        name="parcours_partage_action",
    ),
    path(
        "parcours-partages/<int:parcours_pk>/contacts/",
        vues_partenaires.parcours_partage_contact,
        name="parcours_partage_contact",
    ),
]
