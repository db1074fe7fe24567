"""Lectures de la connexion de la personne : l'espace ouvert désigné par une adresse électronique (lien à usage
unique), par un identifiant FranceConnect confirmé ou par l'identité pivot (jamais par l'adresse électronique)."""

import datetime

from binome.core.texte import normaliser
from binome.espace.models import EspacePersonne


def _espaces_ouverts():
    return EspacePersonne.objects.filter(ferme_le__isnull=True, personne__anonymise_le__isnull=True).select_related(
        "personne"
    )


def espace_ouvert_par_courriel(adresse: str) -> EspacePersonne | None:
    """L'espace ouvert dont la personne a cette adresse (casse ignorée) ; ``None`` si aucun ou plusieurs."""
    adresse = (adresse or "").strip()
    if not adresse:
        return None
    espaces = list(_espaces_ouverts().filter(personne__courriel__iexact=adresse).order_by("pk")[:2])
    return espaces[0] if len(espaces) == 1 else None


def espace_ouvert_par_sub(sub: str) -> EspacePersonne | None:
    """L'espace ouvert auquel ce ``sub`` FranceConnect a été rattaché par le référent."""
    if not sub:
        return None
    espaces = list(_espaces_ouverts().filter(franceconnect_sub=sub).order_by("pk")[:2])
    return espaces[0] if len(espaces) == 1 else None


def _prenoms_concordent(prenoms_fc: str, prenom: str) -> bool:
    """« Marie Claire » (FranceConnect, tous les prénoms) concorde avec « Marie » ou « Marie Claire » du dossier."""
    prenoms_fc, prenom = normaliser(prenoms_fc), normaliser(prenom)
    return bool(prenom) and (prenoms_fc == prenom or prenoms_fc.startswith(prenom + " "))


def espaces_par_identite_pivot(pivot: dict) -> list[EspacePersonne]:
    """Les espaces ouverts dont la personne a ce nom (de naissance), ces prénoms et cette date de naissance."""
    nom = normaliser(pivot.get("family_name", ""))
    try:
        naissance = datetime.date.fromisoformat(pivot.get("birthdate", ""))
    except ValueError:
        return []
    if not nom:
        return []
    candidats = _espaces_ouverts().filter(personne__nom_normalise=nom, personne__date_naissance=naissance)
    return [
        espace
        for espace in candidats.order_by("pk")
        if _prenoms_concordent(pivot.get("given_name", ""), espace.personne.prenom)
    ]
