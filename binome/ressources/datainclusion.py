"""Passage entre les modèles Binôme et le schéma data·inclusion v1 (validation, conversion, score).

Toute entrée (import JSON, import CSV, formulaires) et toute sortie (export, API) passe par les
modèles pydantic du paquet ``data-inclusion-schema`` : un enregistrement n'entre ou ne sort que
s'il valide.
"""

from typing import Any

import pydantic
from data_inclusion.schema import v1
from data_inclusion.schema.v1 import score_qualite
from django.utils import timezone
from django.utils.translation import gettext as _

CHAMPS_STRUCTURE = list(v1.Structure.model_fields)
CHAMPS_SERVICE = list(v1.Service.model_fields)
CHAMPS_LISTES_SERVICE = (
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
)
CHAMPS_CONTACT = ("telephone", "courriel", "contact_nom_prenom")


def _vide_en_none(valeur):
    if valeur == "" or valeur == [] or valeur is None:
        return None
    return valeur


def _trier(valeurs):
    return sorted(valeurs) if valeurs else valeurs


# --- Modèle → data·inclusion -----------------------------------------------------------------------


def structure_vers_di(structure) -> dict[str, Any]:
    donnees = {champ: _vide_en_none(getattr(structure, champ)) for champ in CHAMPS_STRUCTURE}
    donnees["date_maj"] = structure.date_maj.isoformat() if structure.date_maj else None
    donnees["reseaux_porteurs"] = _vide_en_none(_trier(structure.reseaux_porteurs))
    return donnees


def service_vers_di(service, *, avec_contact_reserve: bool = False) -> dict[str, Any]:
    """Un service au format data·inclusion. Le contact réservé aux professionnels n'en sort que sur demande."""
    donnees: dict[str, Any] = {}
    for champ in CHAMPS_SERVICE:
        valeur = getattr(service, champ)
        if champ in CHAMPS_LISTES_SERVICE:
            valeur = list(valeur or [])
            if champ != "zone_eligibilite":
                valeur = sorted(valeur)
        donnees[champ] = _vide_en_none(valeur)
    donnees["date_maj"] = service.date_maj.isoformat() if service.date_maj else None
    if service.contact_reserve_professionnels and not avec_contact_reserve:
        for champ in CHAMPS_CONTACT:
            donnees[champ] = None
    return donnees


# --- Validation --------------------------------------------------------------------------------------


def valider_structure(donnees: dict) -> v1.Structure:
    return v1.Structure.model_validate(donnees)


def valider_service(donnees: dict) -> v1.Service:
    return v1.Service.model_validate(donnees)


_MESSAGES = {
    "missing": "champ obligatoire absent",
    "string_too_short": "trop court (au moins {min_length} caractères)",
    "string_too_long": "trop long (au plus {max_length} caractères)",
    "too_short": "liste vide ou trop courte",
    "url_parsing": "adresse web invalide",
    "url_type": "adresse web invalide",
    "url_scheme": "adresse web invalide (http ou https attendu)",
    "date_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "date_from_datetime_parsing": "date invalide (AAAA-MM-JJ attendu)",
    "date_type": "date invalide (AAAA-MM-JJ attendu)",
    "float_parsing": "nombre invalide",
    "float_type": "nombre invalide",
    "int_parsing": "nombre entier invalide",
    "int_type": "nombre entier invalide",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "set_type": "liste attendue",
    "string_pattern_mismatch": "format invalide",
    "literal_error": "valeur non permise",
    "enum": "valeur inconnue du référentiel data·inclusion",
}


def _message(erreur: dict) -> str:
    type_ = erreur.get("type", "")
    if type_ == "value_error":
        message = str(erreur.get("ctx", {}).get("error") or erreur.get("msg", ""))
        return message.removeprefix("Value error, ")
    modele = _MESSAGES.get(type_)
    if modele is None:
        return erreur.get("msg", type_)
    try:
        return modele.format(**(erreur.get("ctx") or {}))
    except (KeyError, IndexError):
        return modele


def expliquer(exc: pydantic.ValidationError) -> str:
    """Message en français, une cause par champ : « description : trop court (au moins 5 caractères) »."""
    causes: dict[str, str] = {}
    for erreur in exc.errors():
        loc = [str(p) for p in erreur.get("loc", ()) if not str(p).startswith(("constrained-str", "literal["))]
        champ = loc[0] if loc else "?"
        valeur = erreur.get("input")
        message = _message(erreur)
        if erreur.get("type") in ("enum", "literal_error", "string_too_short", "string_too_long") and isinstance(
            valeur, str
        ):
            message = f"{message} : « {valeur} »"
        # Une zone d'éligibilité invalide produit une erreur par type de code essayé : on n'en garde qu'une.
        if champ == "zone_eligibilite" and len(loc) > 1:
            message = _("code « %(code)s » ni commune, ni département, ni EPCI, ni pays, ni « france »") % {
                "code": valeur
            }
        causes.setdefault(champ, message)
    return " ; ".join(f"{champ} : {message}" for champ, message in causes.items())


# --- data·inclusion → champs du modèle ----------------------------------------------------------------


def _texte(valeur) -> str:
    return "" if valeur is None else str(valeur)


def champs_structure(modele: v1.Structure) -> dict[str, Any]:
    champs = {}
    for champ in CHAMPS_STRUCTURE:
        valeur = getattr(modele, champ)
        if champ == "reseaux_porteurs":
            champs[champ] = sorted(v.value for v in valeur) if valeur else []
        elif champ in ("latitude", "longitude", "date_maj"):
            champs[champ] = valeur
        else:
            champs[champ] = _texte(valeur)
    return champs


def champs_service(modele: v1.Service) -> dict[str, Any]:
    champs = {}
    for champ in CHAMPS_SERVICE:
        valeur = getattr(modele, champ)
        if champ == "structure_id":
            champs["structure_id"] = valeur
        elif champ == "zone_eligibilite":
            champs[champ] = [str(v) for v in valeur] if valeur else []
        elif champ in CHAMPS_LISTES_SERVICE:
            champs[champ] = sorted(v.value for v in valeur) if valeur else []
        elif champ in ("type", "frais"):
            champs[champ] = valeur.value if valeur else ""
        elif champ in ("latitude", "longitude", "date_maj", "volume_horaire_hebdomadaire", "nombre_semaines"):
            champs[champ] = valeur
        else:
            champs[champ] = _texte(valeur)
    return champs


# --- Score de qualité ---------------------------------------------------------------------------------


def calculer_score(service) -> float | None:
    """Score data·inclusion (0 à 1) ; ``None`` si le service ne valide pas (il ne peut alors pas être noté)."""
    donnees = service_vers_di(service, avec_contact_reserve=True)
    if not donnees.get("date_maj"):
        donnees["date_maj"] = timezone.localdate().isoformat()
    try:
        modele = valider_service(donnees)
    except pydantic.ValidationError:
        return None
    valeur, _details = score_qualite.score(modele)
    return valeur
