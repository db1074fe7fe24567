"""Chargement des référentiels territoriaux (COG 2024) depuis les fichiers livrés avec l'application.

Étape de ``manage.py charger_referentiels`` : ``charger(stdout, progression)`` lit les trois
fichiers de ``binome/territoires/data/`` (sources et licences dans ``SOURCES.md``) et met la base
à jour par lots (insertion ou mise à jour sur conflit), sans rien réécrire de ce qui n'a pas changé.
La transaction est ouverte par la commande (une par étape).

Particularités du fichier des communes, traitées ici :

- une commune desservie par plusieurs codes postaux y figure sur plusieurs lignes (une par code) :
  la première donne le code postal principal, les autres complètent les codes postaux ;
- les communes déléguées (COMD) n'ont ni département ni région : ce sont ceux de leur parente ;
  elles portent le code INSEE de leur parente et vont dans ``CommuneDeleguee`` ;
- Paris, Marseille et Lyon n'y figurent que par leurs arrondissements (ARM) : la commune parente
  est reconstituée à partir d'eux (nom, département, population totale, centre moyen, codes postaux) ;
- quelques lignes n'ont pas de coordonnées : latitude et longitude restent nulles.
"""

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path
from statistics import fmean

from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.core.texte import normaliser
from binome.territoires.models import CodePostal, Commune, CommuneDeleguee, Departement, Region

DOSSIER_DONNEES = Path(__file__).resolve().parent / "data"
FICHIER_REGIONS_DEPARTEMENTS = "regions-departements.csv"
FICHIER_COMMUNES = "communes.csv"
FICHIER_CODES_POSTAUX = "codes-postaux.csv"
TAILLE_LOT = 1000

COLONNES_REGIONS_DEPARTEMENTS = {"niveau", "code", "nom", "region"}
COLONNES_COMMUNES = {
    "code_insee",
    "nom",
    "nom_article",
    "type",
    "commune_parente",
    "departement",
    "code_postal",
    "latitude",
    "longitude",
    "population",
}
COLONNES_CODES_POSTAUX = {"code_postal", "code_insee", "libelle_acheminement"}

_CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_CODE_POSTAL = re.compile(r"^\d{5}$")
# « Paris 16e Arrondissement », « Marseille 1er Arrondissement » → « Paris », « Marseille ».
_NOM_ARRONDISSEMENT = re.compile(r"^(?P<ville>.+?)\s+\d+(er|e)\s+arrondissement$", re.IGNORECASE)


def bilan_vide() -> dict[str, int]:
    return {"creees": 0, "mises_a_jour": 0, "inchangees": 0, "supprimees": 0}


def charger(stdout=None, progression: bool = True, *, dossier: Path | str | None = None) -> dict[str, dict[str, int]]:
    """Charge régions, départements, communes, communes déléguées et codes postaux.

    Renvoie, pour chaque table, le nombre de lignes créées, mises à jour, inchangées et supprimées.
    Lève ``ValueError`` (message en français) si un fichier est absent ou mal formé.
    """
    dossier = Path(dossier) if dossier else DOSSIER_DONNEES
    regions, departements = lire_regions_departements(dossier / FICHIER_REGIONS_DEPARTEMENTS)
    communes, deleguees, codes_des_communes = lire_communes(dossier / FICHIER_COMMUNES, departements)
    codes_postaux, ignores = lire_codes_postaux(dossier / FICHIER_CODES_POSTAUX, communes, codes_des_communes)
    if ignores and stdout is not None:
        stdout.write(
            _("Codes postaux ignorés (commune absente du fichier des communes) : %(codes)s")
            % {"codes": ", ".join(sorted(ignores))}
        )

    bilans = {}
    bilans[_("Régions")] = synchroniser(
        Region, regions, cle=["code"], champs=["nom"], description=_("Régions"), progression=progression
    )
    bilans[_("Départements")] = synchroniser(
        Departement,
        departements,
        cle=["code"],
        champs=["nom", "region"],
        description=_("Départements"),
        progression=progression,
    )
    bilans[_("Communes")] = synchroniser(
        Commune,
        communes,
        cle=["code_insee"],
        champs=[
            "nom",
            "nom_article",
            "type",
            "commune_parente",
            "departement",
            "code_postal",
            "latitude",
            "longitude",
            "population",
            "nom_normalise",
        ],
        description=_("Communes"),
        progression=progression,
    )
    bilans[_("Communes déléguées")] = synchroniser(
        CommuneDeleguee,
        deleguees,
        cle=["commune", "nom"],
        champs=["code_insee", "nom_article", "code_postal", "latitude", "longitude", "population", "nom_normalise"],
        description=_("Communes déléguées"),
        progression=progression,
        # Une commune déléguée disparue du fichier (renommée, rétablie…) est retirée ; rien ne la référence.
        supprimer_absentes=lambda cle: (cle[0],) in communes,
    )
    bilans[_("Codes postaux")] = synchroniser(
        CodePostal,
        codes_postaux,
        cle=["code_postal", "commune"],
        champs=["libelle_acheminement"],
        description=_("Codes postaux"),
        progression=progression,
        # Seuls les codes postaux des communes du fichier sont synchronisés ; ceux des autres restent.
        supprimer_absentes=lambda cle: (cle[1],) in communes,
    )
    return bilans


# --- Lecture des fichiers --------------------------------------------------------------------


def _lire_csv(chemin: Path, colonnes: set[str]):
    """Lignes du fichier (dictionnaires) avec leur numéro ; vérifie la présence des colonnes attendues."""
    if not chemin.is_file():
        raise ValueError(_("Fichier de référence introuvable : %(chemin)s") % {"chemin": chemin})
    with chemin.open(encoding="utf-8", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        manquantes = colonnes - set(lecteur.fieldnames or [])
        if manquantes:
            raise ValueError(
                _("Colonnes manquantes dans %(fichier)s : %(colonnes)s")
                % {"fichier": chemin.name, "colonnes": ", ".join(sorted(manquantes))}
            )
        for numero, ligne in enumerate(lecteur, start=2):
            yield numero, {cle: (valeur or "").strip() for cle, valeur in ligne.items() if cle}


def _erreur(chemin: Path, numero: int, message: str) -> ValueError:
    return ValueError(
        _("%(fichier)s, ligne %(ligne)s : %(message)s") % {"fichier": chemin.name, "ligne": numero, "message": message}
    )


def _reel(chemin, numero, valeur):
    if not valeur:
        return None
    try:
        return float(valeur)
    except ValueError:
        raise _erreur(chemin, numero, _("nombre invalide « %(valeur)s »") % {"valeur": valeur}) from None


def _entier(chemin, numero, valeur):
    if not valeur:
        return None
    if not valeur.isdigit():
        raise _erreur(chemin, numero, _("entier invalide « %(valeur)s »") % {"valeur": valeur})
    return int(valeur)


def lire_regions_departements(chemin: Path) -> tuple[dict, dict]:
    regions, departements = {}, {}
    for numero, ligne in _lire_csv(chemin, COLONNES_REGIONS_DEPARTEMENTS):
        code, nom = ligne["code"], ligne["nom"]
        if not code or not nom:
            raise _erreur(chemin, numero, _("code et nom sont obligatoires"))
        if ligne["niveau"] == "region":
            regions[(code,)] = {"code": code, "nom": nom}
        elif ligne["niveau"] == "departement":
            departements[(code,)] = {"code": code, "nom": nom, "region_id": ligne["region"]}
        else:
            raise _erreur(chemin, numero, _("niveau inconnu « %(niveau)s »") % {"niveau": ligne["niveau"]})
    for (code,), departement in departements.items():
        if (departement["region_id"],) not in regions:
            raise ValueError(
                _("Le département %(code)s est rattaché à une région inconnue (%(region)s).")
                % {"code": code, "region": departement["region_id"]}
            )
    return regions, departements


def lire_communes(chemin: Path, departements: dict) -> tuple[dict, dict, dict]:
    """Communes (COM, ARM), communes déléguées (COMD) et codes postaux vus dans le fichier des communes."""
    communes: dict[tuple, dict] = {}
    deleguees_lues: list[tuple[int, dict]] = []
    codes_des_communes: dict[str, list[str]] = defaultdict(list)
    types = set(Commune.Type.values)
    for numero, ligne in _lire_csv(chemin, COLONNES_COMMUNES):
        code, type_, code_postal = ligne["code_insee"], ligne["type"], ligne["code_postal"]
        if not _CODE_INSEE.match(code):
            raise _erreur(chemin, numero, _("code INSEE invalide « %(code)s »") % {"code": code})
        if type_ not in types:
            raise _erreur(chemin, numero, _("type de commune inconnu « %(type)s »") % {"type": type_})
        if not ligne["nom"]:
            raise _erreur(chemin, numero, _("nom absent"))
        if code_postal and not _CODE_POSTAL.match(code_postal):
            raise _erreur(chemin, numero, _("code postal invalide « %(code)s »") % {"code": code_postal})
        valeurs = {
            "code_insee": code,
            "nom": ligne["nom"],
            "nom_article": ligne["nom_article"],
            "type": type_,
            "commune_parente_id": ligne["commune_parente"] or None,
            "departement_id": ligne["departement"],
            "code_postal": code_postal,
            "latitude": _reel(chemin, numero, ligne["latitude"]),
            "longitude": _reel(chemin, numero, ligne["longitude"]),
            "population": _entier(chemin, numero, ligne["population"]),
            "nom_normalise": normaliser(ligne["nom"]),
        }
        if type_ == Commune.Type.DELEGUEE:
            deleguees_lues.append((numero, valeurs))
            continue
        if (valeurs["departement_id"],) not in departements:
            raise _erreur(chemin, numero, _("département inconnu « %(code)s »") % {"code": valeurs["departement_id"]})
        if code_postal and code_postal not in codes_des_communes[code]:
            codes_des_communes[code].append(code_postal)
        # Ligne répétée pour un autre code postal : la première fait foi.
        communes.setdefault((code,), valeurs)

    _reconstituer_parentes(chemin, communes, codes_des_communes)

    deleguees: dict[tuple, dict] = {}
    for numero, valeurs in deleguees_lues:
        parente = communes.get((valeurs["commune_parente_id"],))
        if parente is None:
            raise _erreur(
                chemin,
                numero,
                _("commune parente inconnue « %(code)s »") % {"code": valeurs["commune_parente_id"] or "—"},
            )
        code_postal = valeurs["code_postal"]
        if code_postal and code_postal not in codes_des_communes[parente["code_insee"]]:
            codes_des_communes[parente["code_insee"]].append(code_postal)
        cle = (parente["code_insee"], valeurs["nom"])
        deleguees.setdefault(
            cle,
            {
                "commune_id": parente["code_insee"],
                "nom": valeurs["nom"],
                "code_insee": valeurs["code_insee"],
                "nom_article": valeurs["nom_article"],
                "code_postal": code_postal,
                "latitude": valeurs["latitude"],
                "longitude": valeurs["longitude"],
                "population": valeurs["population"],
                "nom_normalise": valeurs["nom_normalise"],
            },
        )
    return communes, deleguees, codes_des_communes


def _reconstituer_parentes(chemin: Path, communes: dict, codes_des_communes: dict) -> None:
    """Crée la commune parente des arrondissements (Paris, Marseille, Lyon) quand le fichier ne la donne pas."""
    arrondissements = defaultdict(list)
    for valeurs in communes.values():
        if valeurs["type"] == Commune.Type.ARRONDISSEMENT:
            if not valeurs["commune_parente_id"]:
                raise ValueError(
                    _("%(fichier)s : l'arrondissement %(code)s n'a pas de commune parente.")
                    % {"fichier": chemin.name, "code": valeurs["code_insee"]}
                )
            arrondissements[valeurs["commune_parente_id"]].append(valeurs)
    for code_parente, membres in sorted(arrondissements.items()):
        codes_postaux = sorted({c for m in membres for c in codes_des_communes[m["code_insee"]]})
        for code_postal in codes_postaux:
            if code_postal not in codes_des_communes[code_parente]:
                codes_des_communes[code_parente].append(code_postal)
        if (code_parente,) in communes:
            continue
        correspondance = _NOM_ARRONDISSEMENT.match(membres[0]["nom"])
        if not correspondance:
            raise ValueError(
                _("%(fichier)s : la commune parente %(code)s est absente et son nom ne peut être déduit.")
                % {"fichier": chemin.name, "code": code_parente}
            )
        nom = correspondance.group("ville")
        latitudes = [m["latitude"] for m in membres if m["latitude"] is not None]
        longitudes = [m["longitude"] for m in membres if m["longitude"] is not None]
        populations = [m["population"] for m in membres if m["population"] is not None]
        communes[(code_parente,)] = {
            "code_insee": code_parente,
            "nom": nom,
            "nom_article": nom,
            "type": Commune.Type.COMMUNE,
            "commune_parente_id": None,
            "departement_id": membres[0]["departement_id"],
            "code_postal": codes_postaux[0] if codes_postaux else "",
            "latitude": round(fmean(latitudes), 5) if latitudes else None,
            "longitude": round(fmean(longitudes), 5) if longitudes else None,
            "population": sum(populations) if populations else None,
            "nom_normalise": normaliser(nom),
        }


def lire_codes_postaux(chemin: Path, communes: dict, codes_des_communes: dict) -> tuple[dict, set[str]]:
    """Couples (code postal, commune) : ceux du fichier des codes postaux, complétés par ceux des communes."""
    codes: dict[tuple, dict] = {}
    ignores: set[str] = set()
    for numero, ligne in _lire_csv(chemin, COLONNES_CODES_POSTAUX):
        code_postal, code_insee = ligne["code_postal"], ligne["code_insee"]
        if not _CODE_POSTAL.match(code_postal):
            raise _erreur(chemin, numero, _("code postal invalide « %(code)s »") % {"code": code_postal})
        if (code_insee,) not in communes:
            ignores.add(f"{code_postal} → {code_insee}")
            continue
        codes.setdefault(
            (code_postal, code_insee),
            {
                "code_postal": code_postal,
                "commune_id": code_insee,
                "libelle_acheminement": ligne["libelle_acheminement"],
            },
        )
    # Les codes du fichier des communes (La Poste) que la Base Adresse Nationale ne donne pas.
    for code_insee, codes_postaux in codes_des_communes.items():
        for code_postal in codes_postaux:
            codes.setdefault(
                (code_postal, code_insee),
                {"code_postal": code_postal, "commune_id": code_insee, "libelle_acheminement": ""},
            )
    return codes, ignores


# --- Écriture ---------------------------------------------------------------------------------


def synchroniser(
    modele,
    voulues: dict[tuple, dict],
    *,
    cle: list[str],
    champs: list[str],
    description: str,
    progression: bool,
    supprimer_absentes=None,
) -> dict[str, int]:
    """Met la table ``modele`` en conformité avec ``voulues`` ({clé: valeurs}), par lots.

    Seules les lignes nouvelles ou modifiées sont écrites, en un ``INSERT … ON CONFLICT DO UPDATE``
    par lot (SQLite et PostgreSQL). Une ligne existante absente de ``voulues`` est supprimée si
    ``supprimer_absentes(clé)`` est vrai ; sans cette fonction, rien n'est supprimé.
    """
    meta = modele._meta
    attributs_cle = [meta.get_field(nom).attname for nom in cle]
    attributs = [meta.get_field(nom).attname for nom in champs]
    bilan = bilan_vide()

    existantes, pks = {}, {}
    for pk, *ligne in modele.objects.order_by().values_list("pk", *attributs_cle, *attributs):
        cle_existante = tuple(ligne[: len(cle)])
        existantes[cle_existante] = tuple(ligne[len(cle) :])
        pks[cle_existante] = pk

    a_ecrire = []
    for cle_voulue, valeurs in voulues.items():
        actuelles = existantes.get(cle_voulue)
        if actuelles is None:
            bilan["creees"] += 1
        elif actuelles != tuple(valeurs[a] for a in attributs):
            bilan["mises_a_jour"] += 1
        else:
            bilan["inchangees"] += 1
            continue
        a_ecrire.append(modele(**valeurs))

    a_supprimer = []
    if supprimer_absentes is not None:
        a_supprimer = [pks[c] for c in existantes if c not in voulues and supprimer_absentes(c)]

    with tqdm(
        total=len(voulues) + len(a_supprimer),
        desc=str(description),
        unit=_("ligne"),
        disable=not progression,
        file=sys.stderr,
        leave=True,
    ) as barre:
        barre.update(bilan["inchangees"])
        for debut in range(0, len(a_ecrire), TAILLE_LOT):
            lot = a_ecrire[debut : debut + TAILLE_LOT]
            modele.objects.bulk_create(
                lot,
                update_conflicts=True,
                unique_fields=cle,
                update_fields=champs,
            )
            barre.update(len(lot))
        for debut in range(0, len(a_supprimer), TAILLE_LOT):
            lot = a_supprimer[debut : debut + TAILLE_LOT]
            modele.objects.filter(pk__in=lot).delete()
            barre.update(len(lot))
    bilan["supprimees"] = len(a_supprimer)
    return bilan
