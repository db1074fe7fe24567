"""Production d'un fichier d'événements de parcours, en flux : les lignes sont lues par paquets
(``iterator``) et écrites dans un fichier temporaire, jamais tout le fichier en mémoire.

Événements exportés : entrées, suspensions, reprises, renouvellements, sorties (avec leur code), suivis à six
mois (chronologie ``accompagnement.Evenement``, hors événements du seul côté social) et changements de modalité
(``accompagnement.ChangementModalite`` en vigueur). Format décrit dans ``docs/echanges.md`` ; le JSON suit
``docs/schemas/evenements-parcours.schema.json``.

Pseudonymes : HMAC-SHA256 (clé ``SECRET_KEY``, comme l'identifiant participant du FSE+) de l'identifiant du
destinataire et de la personne (ou du parcours) : stables d'un fichier à l'autre pour un destinataire, différents
d'un destinataire à l'autre (deux destinataires ne peuvent pas croiser leurs fichiers).
"""

import datetime
import hashlib
import heapq
import hmac
import io
import json
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import ChangementModalite, Evenement
from binome.core.tableur import ecrivain_csv

VERSION_SCHEMA = "1.0"
CHANGEMENT_MODALITE = "CHANGEMENT_MODALITE"
TYPES_CHRONOLOGIE = (
    TypeEvenement.ENTREE,
    TypeEvenement.SUSPENSION,
    TypeEvenement.REPRISE,
    TypeEvenement.RENOUVELLEMENT,
    TypeEvenement.SORTIE,
    TypeEvenement.SUIVI_6_MOIS,
)
TYPES_EXPORTES = (*(str(t) for t in TYPES_CHRONOLOGIE), CHANGEMENT_MODALITE)
CHAMPS_IDENTITE = ("nom", "prenom", "date_naissance", "identifiant_ft", "numero_allocataire")
COLONNES = (
    "id",
    "type",
    "date",
    "departement",
    "personne",
    "parcours",
    "modalite",
    "ancienne_modalite",
    "motif_sortie",
    "situation_sortie",
    "emploi_6_mois",
    "situation_amelioree_6_mois",
)
TAILLE_PAQUET = 1000


def pseudonyme(destinataire_pk: int, nature: str, pk: int) -> str:
    """Pseudonyme stable d'une personne ou d'un parcours (``nature``) pour un destinataire."""
    empreinte = hmac.new(
        settings.SECRET_KEY.encode(), f"binome-echanges:{destinataire_pk}:{nature}:{pk}".encode(), hashlib.sha256
    ).hexdigest()
    return empreinte[:20].upper()


def _minuit(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def _ou_rien(valeur):
    return valeur if valeur not in ("", None) else None


def _chronologie(departement: str, du, au, identites: bool) -> Iterator[tuple]:
    champs = [
        "pk",
        "type",
        "date",
        "personne_id",
        "parcours_id",
        "parcours__modalite",
        "parcours__sortie__motif",
        "parcours__sortie__situation_fse",
        "parcours__sortie__emploi_6_mois",
        "parcours__sortie__situation_amelioree_6_mois",
    ]
    champs += [f"personne__{c}" for c in CHAMPS_IDENTITE] if identites else []
    lignes = (
        Evenement.objects.filter(
            parcours__departement_id=departement,
            type__in=TYPES_CHRONOLOGIE,
            cote_social_seulement=False,
            date__gte=_minuit(du),
            date__lt=_minuit(au + datetime.timedelta(days=1)),
        )
        .order_by("date", "pk")
        .values(*champs)
    )
    for v in lignes.iterator(chunk_size=TAILLE_PAQUET):
        jour = timezone.localtime(v["date"]).date()
        sortie = v["type"] in (TypeEvenement.SORTIE, TypeEvenement.SUIVI_6_MOIS)
        suivi = v["type"] == TypeEvenement.SUIVI_6_MOIS
        ligne = {
            "id": f"E{v['pk']}",
            "type": v["type"],
            "date": jour,
            "personne_id": v["personne_id"],
            "parcours_id": v["parcours_id"],
            "modalite": v["parcours__modalite"],
            "ancienne_modalite": None,
            "motif_sortie": _ou_rien(v["parcours__sortie__motif"]) if sortie else None,
            "situation_sortie": _ou_rien(v["parcours__sortie__situation_fse"]) if sortie else None,
            "emploi_6_mois": v["parcours__sortie__emploi_6_mois"] if suivi else None,
            "situation_amelioree_6_mois": v["parcours__sortie__situation_amelioree_6_mois"] if suivi else None,
            "identite": {c: v[f"personne__{c}"] for c in CHAMPS_IDENTITE} if identites else None,
        }
        yield (jour, 0, v["pk"], ligne)


def _changements(departement: str, du, au, identites: bool) -> Iterator[tuple]:
    champs = ["pk", "date", "parcours_id", "parcours__personne_id", "ancienne", "nouvelle"]
    champs += [f"parcours__personne__{c}" for c in CHAMPS_IDENTITE] if identites else []
    lignes = (
        ChangementModalite.objects.filter(parcours__departement_id=departement, date__gte=du, date__lte=au)
        .order_by("date", "pk")
        .values(*champs)
    )
    for v in lignes.iterator(chunk_size=TAILLE_PAQUET):
        ligne = {
            "id": f"M{v['pk']}",
            "type": CHANGEMENT_MODALITE,
            "date": v["date"],
            "personne_id": v["parcours__personne_id"],
            "parcours_id": v["parcours_id"],
            "modalite": v["nouvelle"],
            "ancienne_modalite": v["ancienne"],
            "motif_sortie": None,
            "situation_sortie": None,
            "emploi_6_mois": None,
            "situation_amelioree_6_mois": None,
            "identite": {c: v[f"parcours__personne__{c}"] for c in CHAMPS_IDENTITE} if identites else None,
        }
        yield (v["date"], 1, v["pk"], ligne)


def evenements(*, destinataire_pk: int, departement: str, du, au, identites: bool) -> Iterator[dict]:
    """Les événements de la période, dans l'ordre des dates (fusion en flux des deux sources)."""
    sources = heapq.merge(
        _chronologie(departement, du, au, identites),
        _changements(departement, du, au, identites),
        key=lambda t: t[:3],
    )
    for _jour, _rang, _pk, brut in sources:
        personne_id = brut.pop("personne_id")
        parcours_id = brut.pop("parcours_id")
        identite = brut.pop("identite")
        ligne = {
            **brut,
            "date": brut["date"].isoformat(),
            "departement": departement,
            "personne": pseudonyme(destinataire_pk, "personne", personne_id),
            "parcours": pseudonyme(destinataire_pk, "parcours", parcours_id),
        }
        if identite is not None:
            naissance = identite["date_naissance"]
            ligne["identite"] = {**identite, "date_naissance": naissance.isoformat() if naissance else None}
        yield ligne


def _cellule(valeur):
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "1" if valeur else "0"
    return valeur


def ecrire_csv(flux, lignes, *, identites: bool) -> int:
    colonnes = [*COLONNES, *(CHAMPS_IDENTITE if identites else ())]
    ecrivain = ecrivain_csv(flux, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow(colonnes)
    n = 0
    for ligne in lignes:
        identite = ligne.get("identite") or {}
        ecrivain.writerow(
            [_cellule(ligne[c]) for c in COLONNES] + [_cellule(identite.get(c)) for c in colonnes[len(COLONNES) :]]
        )
        n += 1
    return n


def ecrire_json(flux, lignes, *, entete: dict) -> int:
    """Le document JSON écrit par morceaux : l'en-tête, puis un événement par ligne."""
    debut = json.dumps({**entete, "evenements": []}, ensure_ascii=False)
    flux.write(debut[:-2])  # « …"evenements": [ » : la liste reste ouverte, ses éléments suivent
    n = 0
    for ligne in lignes:
        flux.write(("\n" if n == 0 else ",\n") + json.dumps(ligne, ensure_ascii=False))
        n += 1
    flux.write("\n]}\n")
    return n


def produire(fichier) -> tuple[tempfile.SpooledTemporaryFile, int, str]:
    """Écrit le fichier ``FichierExport`` dans un fichier temporaire (mémoire bornée : passé sur disque au-delà
    d'un mégaoctet) ; renvoie (fichier temporaire rembobiné, nombre d'événements, empreinte SHA-256)."""
    temporaire = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    texte = io.TextIOWrapper(temporaire, encoding="utf-8", newline="")
    lignes = evenements(
        destinataire_pk=fichier.destinataire_id,
        departement=fichier.departement_id,
        du=fichier.du,
        au=fichier.au,
        identites=fichier.identites,
    )
    if fichier.format == "CSV":
        n = ecrire_csv(texte, lignes, identites=fichier.identites)
    else:
        n = ecrire_json(texte, lignes, entete=entete(fichier))
    texte.flush()
    texte.detach()
    temporaire.seek(0)
    empreinte = hashlib.sha256()
    for morceau in iter(lambda: temporaire.read(64 * 1024), b""):
        empreinte.update(morceau)
    temporaire.seek(0)
    return temporaire, n, empreinte.hexdigest()


def entete(fichier) -> dict:
    return {
        "version": VERSION_SCHEMA,
        "departement": fichier.departement_id,
        "destinataire": {"nom": fichier.destinataire.nom, "type": fichier.destinataire.type},
        "periode": {"du": fichier.du.isoformat(), "au": fichier.au.isoformat()},
        "identites": fichier.identites,
        "produit_le": timezone.now().isoformat(timespec="seconds"),
    }
