"""Inventaire des données personnelles, généré depuis les modèles pour ``docs/donnees-personnelles.md``.

``manage.py registre_traitement --ecrire`` réécrit le bloc généré du document ; un test vérifie que le bloc
est à jour et que chaque champ des modèles personnels y figure : le registre suit le code.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "donnees-personnelles.md"
DEBUT = "<!-- debut: inventaire généré par manage.py registre_traitement --ecrire -->"
FIN = "<!-- fin: inventaire généré -->"

# Modèles qui portent des données personnelles : (libellé du modèle, catégorie de personnes).
MODELES_PERSONNELS = (
    ("accompagnement.Personne", "personnes accompagnées"),
    ("accompagnement.Parcours", "personnes accompagnées"),
    ("accompagnement.PeriodeSuspension", "personnes accompagnées"),
    ("accompagnement.Orientation", "personnes accompagnées"),
    ("accompagnement.Diagnostic", "personnes accompagnées"),
    ("accompagnement.FreinDiagnostic", "personnes accompagnées"),
    ("accompagnement.PlanAction", "personnes accompagnées"),
    ("accompagnement.Objectif", "personnes accompagnées"),
    ("accompagnement.Action", "personnes accompagnées"),
    ("accompagnement.Contact", "personnes accompagnées"),
    ("accompagnement.Sortie", "personnes accompagnées"),
    ("accompagnement.RemiseNotice", "personnes accompagnées"),
    ("accompagnement.ChangementModalite", "personnes accompagnées"),
    ("accompagnement.DemandeCoordination", "personnes accompagnées"),
    ("accompagnement.NotePrivee", "personnes accompagnées"),
    ("accompagnement.Evenement", "personnes accompagnées"),
    ("accompagnement.InvitationPartenaire", "personnes accompagnées (partagé avec un partenaire invité)"),
    ("agenda.RendezVous", "personnes accompagnées"),
    ("agenda.AbonnementCalendrier", "professionnels"),
    ("espace.EspacePersonne", "personnes accompagnées (leur espace en ligne, ouvert avec leur accord)"),
    ("espace.LienConnexion", "personnes accompagnées (lien de connexion à usage unique, empreintes seules)"),
    ("espace.RapprochementFranceConnect", "personnes accompagnées (identité pivot reçue de FranceConnect)"),
    ("ressources.OrientationService", "personnes accompagnées (transmis à un partenaire)"),
    ("instances.PointOrdreDuJour", "personnes accompagnées (dossier devant une instance, référence pseudonyme)"),
    ("instances.Manquement", "personnes accompagnées (bénéficiaires du RSA)"),
    ("instances.MembreInstance", "professionnels"),
    ("accompagnement.AvisAffectation", "professionnels (et numéro de parcours)"),
    ("quotidien.ResumeEnvoye", "professionnels"),
    ("echanges.FichierExport", "personnes accompagnées (fichier d'événements envoyé : pseudonymes ou identités)"),
    ("echanges.DestinataireExport", "professionnels (décision du droit aux identités)"),
    ("comptes.Utilisateur", "professionnels"),
    ("comptes.Habilitation", "professionnels"),
    ("confiance.EntreeJournal", "professionnels (et numéro de dossier)"),
    ("axes.AccessAttempt", "professionnels"),
    ("otp_totp.TOTPDevice", "professionnels"),
)

# Catégorie de chaque champ (les autres : « dossier »).
CATEGORIES = {
    "identité": {
        "nom",
        "prenom",
        "date_naissance",
        "identifiant_ft",
        "organisme_allocataire",
        "numero_allocataire",
        "email",
        "username",
        "nom_normalise",
        "prenom_normalise",
        "recherche_normalise",
        "acteur_libelle",
        "transmis_prenom",
        "transmis_nom",
    },
    "coordonnées": {"telephone", "courriel", "adresse", "complement_adresse", "commune", "transmis_contact"},
    "santé (article 9, côté social)": {"rqth"},
    "secret partagé (côté social)": {"texte", "situations", "precision", "droit_rsa_motif"},
    "texte libre court et neutre": {
        "note",
        "motif",
        "motif_refus",
        "motif_renouvellement",
        "motif_derogation_fse",
        "autres_participants",
        "precision_non_retenu",
        "libelle_libre",
        "porteur_precision",
        "motif_reduction_heures",
        "demande",
        "reponse",
        "precision_finalite",
        "libelle",
        "copie_figee",
        "message",
        "commentaire_partenaire",
        "motif_revocation",
    },
    "situation socio-professionnelle": {
        "beneficiaire_rsa",
        "droit_rsa",
        "droit_rsa_le",
        "inscrite_liste_rsa_le",
        "beneficiaire_are",
        "beneficiaire_ass",
        "beneficiaire_aah",
        "beneficiaire_prime_activite",
        "residence_qpv",
        "niveau_formation",
        "parent_isole",
        "sans_domicile",
        "nationalite",
        "situation_marche_travail",
        "sexe",
        "tranche_age",
    },
    "conformité": {
        "notice_remise_le",
        "opposition_le",
        "opposition_motif",
        "opposition_examinee_le",
        "opposition_examinee_par",
        "dernier_contact_le",
        "anonymise_le",
        "personne_informee_le",
    },
    "sécurité": {"password", "key", "ip_address", "user_agent", "http_accept", "path_info", "get_data", "post_data"},
}


def _categorie(nom: str) -> str:
    for categorie, noms in CATEGORIES.items():
        if nom in noms:
            return categorie
    return "dossier"


def champs(libelle_modele: str):
    modele = apps.get_model(libelle_modele)
    for champ in modele._meta.get_fields():
        if champ.auto_created and not champ.concrete:
            continue
        if not (champ.concrete or champ.many_to_many):
            continue
        yield champ


def inventaire() -> str:
    lignes = [DEBUT, ""]
    for libelle_modele, personnes in MODELES_PERSONNELS:
        modele = apps.get_model(libelle_modele)
        lignes += [
            f"#### `{libelle_modele}` — {modele._meta.verbose_name} ({personnes})",
            "",
            "| champ | libellé | catégorie |",
            "|---|---|---|",
        ]
        for champ in champs(libelle_modele):
            libelle = str(getattr(champ, "verbose_name", champ.name)).replace("|", "/")
            lignes.append(f"| `{champ.name}` | {libelle} | {_categorie(champ.name)} |")
        lignes.append("")
    lignes.append(FIN)
    return "\n".join(lignes)


def document_a_jour(texte: str) -> str:
    debut, fin = texte.index(DEBUT), texte.index(FIN) + len(FIN)
    return texte[:debut] + inventaire() + texte[fin:]
