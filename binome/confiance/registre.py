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
}

# Domaines dont chaque route doit être déclarée (préfixes de nom de route).
DOMAINES_JOURNALISES = ("accompagnement:", "pilotage:export", "confiance:", "api:")

FINALITE_PAR_DEFAUT = _("Accès à un dossier d'accompagnement (route non déclarée au registre)")

_L, _E, _I, _D = Action.LECTURE, Action.EXPORT, Action.IMPRESSION, Action.DROITS

REGISTRE: dict[str, Declaration] = {
    # --- Confiance : droits de la personne, traçabilité ---
    "confiance:droits_personne": Declaration(_D, _("Droits de la personne : information, opposition")),
    "confiance:notice_enregistrer": Declaration(_D, _("Droits de la personne : notice d'information remise")),
    "confiance:opposition_enregistrer": Declaration(_D, _("Droits de la personne : opposition")),
    "confiance:opposition_retirer": Declaration(_D, _("Droits de la personne : retrait de l'opposition")),
    "confiance:export_personne": Declaration(_E, _("Droit d'accès : relevé lisible de tout le dossier")),
    "confiance:impression_personne": Declaration(_I, _("Droit d'accès : impression du relevé du dossier")),
    "confiance:export_personne_json": Declaration(_E, _("Droit d'accès et portabilité : fichier JSON du dossier")),
    "confiance:consultations_personne": Declaration(_L, _("Traçabilité : qui a consulté ce dossier")),
    "confiance:historique_personne": Declaration(_L, _("Traçabilité : historique des modifications du dossier")),
    "confiance:partages_personne": Declaration(_L, _("Secret partagé : ce qui est partagé, avec qui")),
}

# Routes des domaines journalisés qui n'ouvrent aucun dossier personnel, avec leur justification.
EXCLUSIONS: dict[str, str] = {
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
