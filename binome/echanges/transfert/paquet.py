"""Le paquet de transfert d'un dossier : construction (départ), signature et vérification (arrivée).

Contenu : la personne (identité, situation, droit au RSA), ses parcours clos (champs du parcours, sortie) et la
chronologie partagée (``Evenement`` hors ``cote_social_seulement``). Jamais : les notes privées, les événements du
seul côté social, les comptes des professionnels et les organisations (propres au département de départ), la
commune de résidence (elle change avec le département).

Signature : HMAC-SHA256 du JSON canonique (clés triées, sans espace) avec ``BINOME_CLE_TRANSFERT`` (partagée par
les instances qui s'échangent des dossiers), à défaut une clé dérivée de ``SECRET_KEY`` (même instance).
"""

import datetime
import decimal
import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Evenement, Parcours, Personne, Sortie

FORMAT = "binome-transfert-dossier"
VERSION = 1
# Champs jamais transportés : identifiants et liens propres au département de départ.
_EXCLUS = {
    "id",
    "personne",
    "departement",
    "commune",
    "conseiller",
    "organisation_conseiller",
    "referent_social",
    "organisation_referent",
    "cree_par",
    "saisie_par",
    "opposition_examinee_par",
    "parcours",
    "nom_normalise",
    "prenom_normalise",
}


def cle() -> bytes:
    propre = getattr(settings, "BINOME_CLE_TRANSFERT", "")
    if propre:
        return propre.encode()
    return hashlib.sha256(f"binome-transfert:{settings.SECRET_KEY}".encode()).digest()


def _canonique(paquet: dict) -> bytes:
    return json.dumps(paquet, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signer(paquet: dict) -> bytes:
    signature = hmac.new(cle(), _canonique(paquet), hashlib.sha256).hexdigest()
    return json.dumps({"paquet": paquet, "signature": signature}, ensure_ascii=False, indent=1).encode()


def verifier(contenu: bytes) -> dict:
    """Le paquet si la signature est bonne ; ``ValidationError`` sinon (paquet altéré, autre clé, format)."""
    try:
        enveloppe = json.loads(contenu)
        paquet, signature = enveloppe["paquet"], enveloppe["signature"]
    except (ValueError, KeyError, TypeError) as erreur:
        raise ValidationError(_("Ce fichier n'est pas un paquet de transfert de Binôme.")) from erreur
    attendue = hmac.new(cle(), _canonique(paquet), hashlib.sha256).hexdigest()
    if not isinstance(signature, str) or not hmac.compare_digest(signature, attendue):
        raise ValidationError(_("La signature du paquet est invalide : il a été modifié ou signé avec une autre clé."))
    if paquet.get("format") != FORMAT or paquet.get("version") != VERSION:
        raise ValidationError(_("Version de paquet de transfert inconnue."))
    return paquet


def _valeur(valeur):
    if isinstance(valeur, datetime.datetime | datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, decimal.Decimal):
        return str(valeur)
    return valeur


def _champs(objet) -> dict:
    return {
        f.attname: _valeur(getattr(objet, f.attname)) for f in objet._meta.concrete_fields if f.name not in _EXCLUS
    }


def relire(modele, champs: dict) -> dict:
    """Les valeurs d'un paquet converties pour ``modele`` (dates, dates et heures)."""
    resultat = {}
    for nom, valeur in champs.items():
        champ = next((f for f in modele._meta.concrete_fields if f.attname == nom), None)
        if champ is None or champ.name in _EXCLUS:
            continue
        if valeur is not None and champ.get_internal_type() == "DateTimeField":
            valeur = parse_datetime(valeur)
        elif valeur is not None and champ.get_internal_type() == "DateField":
            valeur = parse_date(valeur)
        resultat[nom] = valeur
    return resultat


def origine(parcours: Parcours) -> str:
    """Identité stable d'un parcours d'un Binôme à l'autre : celle qu'il avait reçue, sinon « département:pk »."""
    transfert = getattr(parcours, "transfert", None)
    return transfert.origine if transfert is not None else f"{parcours.departement_id}:{parcours.pk}"


def construire(personne: Personne, *, vers: str) -> dict:
    """Le paquet du dossier (lecture seule). Refusé si un parcours est ouvert : la procédure le clôt d'abord au
    départ (sortie « déménagement »), le département d'arrivée oriente la personne à nouveau."""
    if personne.anonymise_le:
        raise ValidationError(_("Ce dossier est anonymisé : il ne se transfère pas."))
    if vers == personne.departement_id:
        raise ValidationError(_("La personne est déjà dans ce département."))
    parcours = list(
        Parcours.objects.filter(personne=personne).select_related("transfert").order_by("date_reperage", "pk")
    )
    if any(p.etat not in ETATS_CLOS for p in parcours):
        raise ValidationError(
            _("Un parcours est encore ouvert : enregistrez d'abord sa sortie (motif « déménagement »).")
        )
    sorties = {s.parcours_id: s for s in Sortie.objects.filter(parcours__personne=personne)}
    origines = {p.pk: origine(p) for p in parcours}
    evenements = Evenement.objects.filter(personne=personne, cote_social_seulement=False).order_by("date", "pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "depart": personne.departement_id,
        "arrivee": vers,
        "exporte_le": timezone.now().isoformat(timespec="seconds"),
        "notes_privees": False,
        "personne": {"origine": f"{personne.departement_id}:{personne.pk}", **_champs(personne)},
        "parcours": [
            {
                "origine": origines[p.pk],
                "champs": _champs(p),
                "sortie": _champs(sorties[p.pk]) if p.pk in sorties else None,
            }
            for p in parcours
        ],
        "evenements": [
            {
                "parcours": origines.get(ev.parcours_id) if ev.parcours_id else None,
                "type": ev.type,
                "date": ev.date.isoformat(),
                "libelle": ev.libelle,
            }
            for ev in evenements
        ],
    }
