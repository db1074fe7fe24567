"""Registre des routes journalisées : nom de route → action, finalité, et comment retrouver la personne.

Le middleware ``JournalAccesMiddleware`` écrit une ligne du journal des accès après chaque réponse réussie
d'une route déclarée ici (GET 200 : l'action déclarée ; POST réussi : ``SAISIE``, sauf export ou
impression). Les vues n'ont rien à faire.

**Toute nouvelle route** des domaines ``DOMAINES_JOURNALISES`` (dossiers de l'accompagnement, exports du
pilotage, routes de dossier de l'API) doit être ajoutée à ``REGISTRE`` ou, avec sa justification, à
``EXCLUSIONS`` : ``tests/confiance/test_registre.py`` échoue sinon. En attendant, le middleware journalise
quand même une route non déclarée de ces domaines (finalité générique) : rien n'échappe au journal.

La personne concernée se retrouve depuis les paramètres de la route (``PERSONNE_DEPUIS_KWARG``) :
``personne_pk``, ``parcours_pk``, ``plan_pk``… Une route qui nomme autrement son paramètre le déclare
dans ``Declaration.parametres`` (``{"pk": "personne_pk"}``).
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from binome.confiance.models import Action


@dataclass(frozen=True)
class Declaration:
    action: str
    finalite: str
    # Alias de paramètres : nom dans la route → nom connu de PERSONNE_DEPUIS_KWARG.
    parametres: dict = field(default_factory=dict)


# Paramètre d'URL → (modèle, chemin vers la personne). Le chemin vide désigne la personne elle-même.
PERSONNE_DEPUIS_KWARG: dict[str, tuple[str, str]] = {
    "personne_pk": ("accompagnement.Personne", ""),
    "parcours_pk": ("accompagnement.Parcours", "personne"),
    "orientation_pk": ("accompagnement.Orientation", "parcours__personne"),
    "diagnostic_pk": ("accompagnement.Diagnostic", "parcours__personne"),
    "frein_pk": ("accompagnement.FreinDiagnostic", "diagnostic__parcours__personne"),
    "plan_pk": ("accompagnement.PlanAction", "parcours__personne"),
    "objectif_pk": ("accompagnement.Objectif", "plan__parcours__personne"),
    "action_pk": ("accompagnement.Action", "plan__parcours__personne"),
    "contact_pk": ("accompagnement.Contact", "parcours__personne"),
    "sortie_pk": ("accompagnement.Sortie", "parcours__personne"),
    "suspension_pk": ("accompagnement.PeriodeSuspension", "parcours__personne"),
    "coordination_pk": ("accompagnement.DemandeCoordination", "parcours__personne"),
    "demande_pk": ("accompagnement.DemandeCoordination", "parcours__personne"),
    "note_pk": ("accompagnement.NotePrivee", "personne"),
    "evenement_pk": ("accompagnement.Evenement", "personne"),
    "orientation_service_pk": ("ressources.OrientationService", "personne"),
    "rendez_vous_pk": ("agenda.RendezVous", "parcours__personne"),
    "invitation_pk": ("accompagnement.InvitationPartenaire", "parcours__personne"),
    "inscription_pk": ("collectif.Inscription", "parcours__personne"),
    # Instances (poste h3) : un dossier de l'ordre du jour, un manquement au contrat d'engagement.
    "point_instance_pk": ("instances.PointOrdreDuJour", "parcours__personne"),
    "manquement_pk": ("instances.Manquement", "parcours__personne"),
}

# Domaines dont chaque route doit être déclarée (préfixes de nom de route).
# L'API (django-ninja) est montée sous /api/ avec l'espace de noms de sa version (« v1: »).
DOMAINES_JOURNALISES = ("accompagnement:", "pilotage:export", "confiance:", "api:", "v1:")

FINALITE_PAR_DEFAUT = _("Accès à un dossier d'accompagnement (route non déclarée au registre)")

_L, _E, _I, _D = Action.LECTURE, Action.EXPORT, Action.IMPRESSION, Action.DROITS

_PERSONNE = {"pk": "personne_pk"}
_PARCOURS = {"pk": "parcours_pk"}
_RENDEZ_VOUS = {"pk": "rendez_vous_pk"}
_SUIVI = _("Suivi de l'accompagnement")
_POINT = {"pk": "point_instance_pk"}
# API v1 (issue 15, poste h2) : les paramètres de chemin de l'API se nomment « <objet>_id ».
_API_PERSONNE = {"personne_id": "personne_pk"}
_API_PARCOURS = {"parcours_id": "parcours_pk", "coordination_id": "coordination_pk"}

REGISTRE: dict[str, Declaration] = {
    # --- Accompagnement : cycle du parcours ---
    "accompagnement:personnes": Declaration(_L, _("Liste des personnes suivies")),
    "accompagnement:personne": Declaration(_L, _("Consultation de la fiche de la personne"), _PERSONNE),
    "accompagnement:personne_modifier": Declaration(_L, _("Mise à jour ou rectification de l'identité"), _PERSONNE),
    "accompagnement:orientation_proposer": Declaration(_L, _("Orientation vers l'accompagnement"), _PERSONNE),
    "accompagnement:orientations": Declaration(_L, _("Boîte de réception des orientations")),
    "accompagnement:coordinations": Declaration(_L, _("Boîte de réception des demandes de coordination")),
    "accompagnement:propositions": Declaration(_L, _("Statut des propositions d'une structure partenaire")),
    "accompagnement:proposition_creer": Declaration(_L, _("Proposition d'une personne par une structure partenaire")),
    "accompagnement:orientation_planifier": Declaration(
        _L, _("Traitement d'une orientation"), {"pk": "orientation_pk"}
    ),
    "accompagnement:orientation_refuser": Declaration(_L, _("Traitement d'une orientation"), {"pk": "orientation_pk"}),
    "accompagnement:parcours": Declaration(_L, _("Consultation du parcours"), _PARCOURS),
    "accompagnement:diagnostic": Declaration(_L, _("Diagnostic partagé"), _PARCOURS),
    "accompagnement:parcours_activer": Declaration(_L, _("Entrée en accompagnement"), _PARCOURS),
    "accompagnement:parcours_non_retenu": Declaration(_L, _("Décision de non-retenue"), _PARCOURS),
    "accompagnement:parcours_suspendre": Declaration(_L, _("Suspension du parcours"), _PARCOURS),
    "accompagnement:parcours_reprendre": Declaration(_L, _("Reprise du parcours"), _PARCOURS),
    "accompagnement:parcours_renouveler": Declaration(_L, _("Renouvellement du parcours"), _PARCOURS),
    "accompagnement:parcours_social_exclusif": Declaration(_L, _("Passage en social exclusif"), _PARCOURS),
    "accompagnement:parcours_fse": Declaration(_L, _("Cofinancement FSE+ du parcours"), _PARCOURS),
    "accompagnement:parcours_retour_diagnostic": Declaration(_L, _("Retour vers un diagnostic partagé"), _PARCOURS),
    "accompagnement:coordination_demander": Declaration(_L, _("Coordination France Travail – Département"), _PARCOURS),
    "accompagnement:coordination_repondre": Declaration(
        _L, _("Coordination France Travail – Département"), {"pk": "coordination_pk"}
    ),
    "accompagnement:parcours_sortir": Declaration(_L, _("Sortie du parcours"), _PARCOURS),
    "accompagnement:suivi_six_mois": Declaration(_L, _("Suivi à 6 mois (FSE+)"), _PARCOURS),
    # --- Accompagnement : suivi ---
    "accompagnement:portefeuille": Declaration(_L, _("Portefeuille du professionnel")),
    "accompagnement:portefeuille_export": Declaration(_E, _("Portefeuille du professionnel : export CSV")),
    "accompagnement:equipe": Declaration(_L, _("Portefeuilles de l'équipe (encadrement)")),
    "accompagnement:reaffecter_selection": Declaration(_L, _("Réaffectation de parcours de l'équipe (encadrement)")),
    "accompagnement:agent_reaffecter": Declaration(_L, _("Réaffectation des parcours d'un agent qui part")),
    "accompagnement:reaffecter": Declaration(_L, _("Réaffectation du binôme"), _PARCOURS),
    "accompagnement:contacts": Declaration(_L, _SUIVI),
    "accompagnement:plan": Declaration(_L, _("Plan d'action")),
    "accompagnement:plan_nouvelle_version": Declaration(_L, _("Plan d'action")),
    "accompagnement:plan_heures": Declaration(_L, _("Plan d'action")),
    "accompagnement:plan_signer": Declaration(_L, _("Plan d'action : signature")),
    "accompagnement:plan_version": Declaration(_L, _("Plan d'action : version signée")),
    "accompagnement:plan_imprimer": Declaration(_I, _("Plan d'action : impression pour signature")),
    "accompagnement:plan_pdf": Declaration(_E, _("Plan d'action : contrat d'engagement en PDF")),
    "accompagnement:plan_objectif_ajouter": Declaration(_L, _("Plan d'action")),
    "accompagnement:plan_objectif_modifier": Declaration(_L, _("Plan d'action"), {"pk": "objectif_pk"}),
    "accompagnement:plan_objectif_retirer": Declaration(_L, _("Plan d'action"), {"pk": "objectif_pk"}),
    "accompagnement:plan_action_ajouter": Declaration(_L, _("Plan d'action")),
    "accompagnement:plan_action_modifier": Declaration(_L, _("Plan d'action"), {"pk": "action_pk"}),
    "accompagnement:plan_action_statut": Declaration(_L, _("Plan d'action"), {"pk": "action_pk"}),
    "accompagnement:plan_action_retirer": Declaration(_L, _("Plan d'action"), {"pk": "action_pk"}),
    "accompagnement:notes_privees": Declaration(_L, _("Notes privées du côté social (secret partagé)")),
    # --- Annuaire : orientations vers un service (ce qui est transmis au partenaire) ---
    "ressources:orientations": Declaration(_L, _("Orientations vers des services : envoyées et reçues")),
    "ressources:orientation": Declaration(
        _L, _("Orientation vers un service : ce qui est transmis au partenaire"), {"pk": "orientation_service_pk"}
    ),
    "accompagnement:note_privee_partager": Declaration(
        _L, _("Partage d'une note privée avec France Travail"), {"pk": "note_pk"}
    ),
    # --- Agenda (poste h2) : ce que reçoit la personne ---
    "agenda:convocation": Declaration(
        _I, _("Convocation postale à un rendez-vous : impression"), {"pk": "rendez_vous_pk"}
    ),
    # --- Agenda : rendez-vous avec la personne (poste h1) ---
    "agenda:planifier": Declaration(_L, _("Planification d'un rendez-vous"), _PARCOURS),
    "agenda:rendez_vous": Declaration(_L, _("Consultation d'un rendez-vous"), _RENDEZ_VOUS),
    "agenda:modifier": Declaration(_L, _("Modification d'un rendez-vous"), _RENDEZ_VOUS),
    "agenda:annuler": Declaration(_L, _("Annulation d'un rendez-vous"), _RENDEZ_VOUS),
    "agenda:presence": Declaration(_L, _("Présence à un rendez-vous (journal des contacts)"), _RENDEZ_VOUS),
    # --- Actions collectives (issue 14, poste h1) : inscriptions depuis le parcours, séance qui nomme les inscrits ---
    "collectif:inscrire_parcours": Declaration(_L, _("Inscription à une action collective"), _PARCOURS),
    "collectif:desinscrire": Declaration(_L, _("Désinscription d'une séance collective"), {"pk": "inscription_pk"}),
    # La page d'une séance (et ses présences) nomme plusieurs personnes, aucune par sa route : le registre, qui
    # mène une route à UNE personne, ne la déclare pas (à décider à la fusion : journaliser l'objet « séance »).
    # --- Confiance : droits de la personne, traçabilité ---
    "confiance:droits_personne": Declaration(_D, _("Droits de la personne : information, opposition")),
    "confiance:notice_enregistrer": Declaration(_D, _("Droits de la personne : notice d'information remise")),
    "confiance:opposition_enregistrer": Declaration(_D, _("Droits de la personne : opposition")),
    "confiance:opposition_retirer": Declaration(_D, _("Droits de la personne : retrait de l'opposition")),
    "confiance:opposition_examiner": Declaration(_D, _("Droits de la personne : examen de l'opposition")),
    "confiance:oppositions": Declaration(_L, _("Oppositions à examiner (administrateur départemental)")),
    "confiance:export_personne": Declaration(_E, _("Droit d'accès : relevé lisible de tout le dossier")),
    "confiance:impression_personne": Declaration(_I, _("Droit d'accès : impression du relevé du dossier")),
    "confiance:export_personne_json": Declaration(_E, _("Droit d'accès et portabilité : fichier JSON du dossier")),
    "confiance:consultations_personne": Declaration(_L, _("Traçabilité : qui a consulté ce dossier")),
    "confiance:historique_personne": Declaration(_L, _("Traçabilité : historique des modifications du dossier")),
    "confiance:partages_personne": Declaration(_L, _("Secret partagé : ce qui est partagé, avec qui")),
    # --- Partenaires dans un parcours (issue 14, poste h4) : le binôme invite ; chaque lecture et écriture du
    # partenaire invité est journalisée (acteur = le partenaire, personne retrouvée par le parcours).
    "accompagnement:partenaires": Declaration(_L, _("Partenaires invités dans le parcours")),
    "accompagnement:partenaire_inviter": Declaration(_L, _("Invitation d'un partenaire dans le parcours")),
    "accompagnement:partenaire_revoquer": Declaration(_L, _("Révocation de l'invitation d'un partenaire")),
    "accompagnement:partenaire_confier": Declaration(_L, _("Action du plan confiée à un partenaire invité")),
    "accompagnement:parcours_partages": Declaration(_L, _("Partenaire invité : ses parcours partagés")),
    "accompagnement:parcours_partage": Declaration(_L, _("Partenaire invité : consultation du parcours partagé")),
    "accompagnement:parcours_partage_action": Declaration(_L, _("Partenaire invité : mise à jour de son action")),
    "accompagnement:parcours_partage_contact": Declaration(_L, _("Partenaire invité : contact ajouté")),
    # --- Agenda (poste h3) : lecture du flux d'abonnement par le calendrier du professionnel. Sans session :
    # l'acteur est le propriétaire du jeton (désigné par la vue), le jeton est masqué dans le chemin.
    "agenda:abonnement_flux": Declaration(_L, _("Agenda du professionnel : lecture du flux d'abonnement (.ics)")),
    # --- Espace de la personne (issue 16, poste h2) : pages du référent (état, ouverture, fermeture, FranceConnect).
    "espace:referent": Declaration(_L, _("Espace en ligne de la personne : état et gestion")),
    "espace:referent_ouvrir": Declaration(_L, _("Ouverture de l'espace en ligne, avec l'accord de la personne")),
    "espace:referent_fermer": Declaration(_L, _("Fermeture de l'espace en ligne de la personne")),
    "espace:referent_rapprochement": Declaration(_L, _("Espace en ligne : décision sur une identité FranceConnect")),
    # --- Instances (poste h3) : chaque ouverture d'un dossier de l'ordre du jour, par un membre ou un référent.
    # Le procès-verbal (références pseudonymes) est journalisé par sa vue (instances/views/seances.py).
    "instances:point": Declaration(_L, _("Instance : dossier de l'ordre du jour (synthèse)"), _POINT),
    "instances:synthese": Declaration(_L, _("Instance : synthèse du dossier pour l'instance"), _POINT),
    "instances:decision": Declaration(_L, _("Instance : avis et décision sur un dossier"), _POINT),
    "instances:point_retirer": Declaration(_L, _("Instance : retrait d'un dossier de l'ordre du jour"), _POINT),
    "instances:manquements": Declaration(_L, _("Manquements au contrat d'engagement (RSA)"), _PARCOURS),
    "instances:manquement": Declaration(
        _L, _("Manquement au contrat d'engagement : avis, décision, remobilisation"), {"pk": "manquement_pk"}
    ),
    # --- API v1 (issue 15, poste h2) : personnes, parcours et leurs transitions, orientations, sorties. Une liste
    # écrit une ligne (comme la page « Personnes »), une fiche ou une action une ligne avec la personne.
    "v1:personnes": Declaration(_L, _("Liste ou enregistrement des personnes (API)")),
    "v1:personne": Declaration(_L, _("Consultation ou mise à jour de la fiche de la personne (API)"), _API_PERSONNE),
    "v1:parcours_liste": Declaration(_L, _("Liste des parcours (API)")),
    "v1:parcours": Declaration(_L, _("Consultation du parcours (API)"), _API_PARCOURS),
    "v1:parcours_membres_possibles": Declaration(_L, _("Entrée en accompagnement : binôme (API)"), _API_PARCOURS),
    "v1:orientations": Declaration(_L, _("Liste des orientations (API)")),
    "v1:orientation": Declaration(_L, _("Consultation d'une orientation (API)"), {"orientation_id": "orientation_pk"}),
    "v1:sorties": Declaration(_L, _("Liste des sorties et des suivis à 6 mois (API)")),
    "v1:sortie": Declaration(_L, _("Consultation d'une sortie (API)"), {"sortie_id": "sortie_pk"}),
    "v1:parcours_orienter": Declaration(_L, _("Orientation vers l'accompagnement (API)"), _API_PARCOURS),
    "v1:parcours_planifier_diagnostic": Declaration(_L, _("Traitement d'une orientation (API)"), _API_PARCOURS),
    "v1:parcours_refuser_orientation": Declaration(_L, _("Traitement d'une orientation (API)"), _API_PARCOURS),
    "v1:parcours_non_retenu": Declaration(_L, _("Décision de non-retenue (API)"), _API_PARCOURS),
    "v1:parcours_diagnostiquer": Declaration(_L, _("Diagnostic partagé (API)"), _API_PARCOURS),
    "v1:parcours_activer": Declaration(_L, _("Entrée en accompagnement (API)"), _API_PARCOURS),
    "v1:parcours_suspendre": Declaration(_L, _("Suspension du parcours (API)"), _API_PARCOURS),
    "v1:parcours_reprendre": Declaration(_L, _("Reprise du parcours (API)"), _API_PARCOURS),
    "v1:parcours_renouveler": Declaration(_L, _("Renouvellement du parcours (API)"), _API_PARCOURS),
    "v1:parcours_basculer_social_exclusif": Declaration(_L, _("Passage en social exclusif (API)"), _API_PARCOURS),
    "v1:parcours_demander_coordination": Declaration(
        _L, _("Coordination France Travail – Département (API)"), _API_PARCOURS
    ),
    "v1:parcours_repondre_coordination": Declaration(
        _L, _("Coordination France Travail – Département (API)"), _API_PARCOURS
    ),
    "v1:parcours_retour_diagnostic": Declaration(_L, _("Retour vers un diagnostic partagé (API)"), _API_PARCOURS),
    "v1:parcours_sortir": Declaration(_L, _("Sortie du parcours (API)"), _API_PARCOURS),
    "v1:parcours_suivi_six_mois": Declaration(_L, _("Suivi à 6 mois (FSE+) (API)"), _API_PARCOURS),
}

# Routes des domaines journalisés qui n'ouvrent aucun dossier personnel, avec leur justification.
_PILOTAGE = (
    "Export d'agrégats ou extrait FSE+ : journalisé explicitement par la vue (binome/pilotage/views.py, "
    "_journaliser) avec le département et le périmètre exportés ; le middleware ne le double pas."
)
_ANNUAIRE = "Annuaire des ressources sociales (services, structures) : aucune donnée de dossier personnel."

# Routes de l'API du contenu de l'accompagnement (issue 15) : elles journalisent elles-mêmes
# (``binome.api.contrat.journal_api``), une ligne par personne lue ou écrite — une liste de rendez-vous en touche
# plusieurs, que le middleware ne saurait nommer ; il ne les double pas.
_API_JOURNALISEE = (
    "Journalisée par la route de l'API elle-même (binome/api/contrat.py, journal_api) : une ligne par personne "
    "lue ou écrite, avec l'objet ; le middleware ne la double pas."
)

EXCLUSIONS: dict[str, str] = {
    "pilotage:export_csv": _PILOTAGE,
    "pilotage:export_xlsx": _PILOTAGE,
    "pilotage:export_fse": _PILOTAGE,
    "pilotage:export_national_csv": _PILOTAGE,
    "pilotage:export_national_xlsx": _PILOTAGE,
    "v1:api-root": "Racine de l'API : aucune donnée.",
    "v1:openapi-json": "Description OpenAPI de l'API : aucune donnée.",
    "v1:openapi-view": "Documentation de l'API : aucune donnée.",
    "v1:rechercher_services": _ANNUAIRE,
    "v1:fiche_service": _ANNUAIRE,
    "v1:lister_seances": "Séances collectives du département : aucune donnée de dossier personnel.",
    **{
        f"v1:{nom}": _API_JOURNALISEE
        for nom in (
            "lire_diagnostic",
            "lire_plan",
            "ajouter_objectif",
            "modifier_objectif",
            "retirer_objectif",
            "ajouter_action",
            "modifier_action",
            "retirer_action",
            "changer_statut_action",
            "lister_contacts",
            "creer_contact",
            "lister_rendez_vous",
            "lire_rendez_vous",
            "planifier_rendez_vous",
            "annuler_rendez_vous",
            "saisir_presence",
            "lister_inscriptions",
            "inscrire",
        )
    },
    "accompagnement:personne_creer": "Formulaire de création vide : n'ouvre aucun dossier existant (la création "
    "est tracée par l'historique et la chronologie).",
    "confiance:journal": "Recherche dans le journal lui-même (réservée à l'administrateur départemental) : "
    "n'affiche aucune donnée de dossier, seulement des numéros.",
    "confiance:double_facteur": "Réglage de la double authentification du professionnel connecté.",
    "confiance:double_facteur_enroler": "Enrôlement TOTP du professionnel connecté.",
    "confiance:double_facteur_qr": "Image du QR code d'enrôlement du professionnel connecté.",
    "confiance:double_facteur_verifier": "Vérification du second facteur à la connexion.",
    "confiance:double_facteur_desactiver": "Désactivation de la double authentification du professionnel.",
}


def declaration(nom_route: str) -> Declaration | None:
    """La déclaration de la route ; une déclaration générique pour une route non déclarée d'un domaine
    journalisé ; ``None`` pour une route exclue ou hors de ces domaines."""
    if nom_route in REGISTRE:
        return REGISTRE[nom_route]
    if nom_route in EXCLUSIONS or not nom_route.startswith(DOMAINES_JOURNALISES):
        return None
    return Declaration(Action.LECTURE, FINALITE_PAR_DEFAUT)


def cible(kwargs: dict, decl: Declaration | None = None) -> tuple[str, str, int | None, str]:
    """``(type d'objet, identifiant, personne_id, département)`` depuis les paramètres de la route.

    Le premier paramètre reconnu désigne l'objet ; la personne et son département sont lus en une requête.
    """
    alias = decl.parametres if decl else {}
    for nom, valeur in kwargs.items():
        connu = alias.get(nom, nom)
        if connu not in PERSONNE_DEPUIS_KWARG:
            continue
        libelle_modele, chemin = PERSONNE_DEPUIS_KWARG[connu]
        modele = apps.get_model(libelle_modele)
        prefixe = f"{chemin}__" if chemin else ""
        try:
            ligne = (
                modele._default_manager.filter(pk=valeur)
                .values_list(f"{prefixe}pk", f"{prefixe}departement_id")
                .first()
            )
        except (TypeError, ValueError):
            ligne = None
        personne_id, departement = ligne if ligne else (None, "")
        return modele._meta.label_lower, str(valeur)[:64], personne_id, departement or ""
    return "", "", None, ""
