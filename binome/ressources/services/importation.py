"""Écritures des imports de l'annuaire (fichier data·inclusion, tableur départemental).

La lecture et la validation des enregistrements sont dans ``binome.ressources.importation``, qui découpe le
fichier en lots de ``TAILLE_LOT`` ; ici, chaque lot de fiches validées est créé ou mis à jour avec ses lignes
d'historique (``bulk_*_with_history`` : auteur et motif). Un enregistrement identique à ce qui est en base n'est
pas réécrit.

Transactions : une par lot, pour qu'un gros fichier n'occupe pas la base d'un seul bloc ; elles ne sont pas
« durables » car la commande ``demo`` appelle l'import dans sa propre transaction.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binome.ressources import datainclusion as di
from binome.ressources.derives import preparer, synchroniser_index
from binome.ressources.models import Service, StatutService, Structure

TAILLE_LOT = 500

# Coordonnées absentes de la source : complétées par le centre de la commune (``preparer``), elles ne
# comptent pas comme une différence.
_DERIVES_SI_ABSENTS = {"latitude", "longitude"}

CHAMPS_MAJ_STRUCTURE = [c for c in [*di.CHAMPS_STRUCTURE, "departement", "organisation", "modifie_le"] if c != "id"]
CHAMPS_MAJ_SERVICE = [c for c in di.CHAMPS_SERVICE if c not in ("id", "structure_id")] + [
    "structure",
    "departement",
    "date_verification",
    "date_prochaine_verification",
    "score_qualite",
    "texte_recherche",
    "publics_cle",
    "en_presentiel",
    "a_distance",
    "contact_reserve_professionnels",
    "documents_a_fournir",
    "modifie_le",
]


# Clé d'une fiche dont la date de mise à jour n'était pas dans le fichier (date du jour) : elle ne compte pas
# comme une différence, et n'est écrite que si autre chose change.
DATE_MAJ_PAR_DEFAUT = "_date_maj_par_defaut"


@dataclass
class Comptes:
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0


def _historique(acteur) -> dict:
    """Options de ``bulk_*_with_history`` : auteur et motif des lignes d'historique d'un lot."""
    return {"default_user": acteur, "default_change_reason": _("Import de l'annuaire"), "batch_size": TAILLE_LOT}


def _differe(objet, champs: dict, *, date_par_defaut: bool = False) -> bool:
    return any(
        getattr(objet, nom) != valeur
        for nom, valeur in champs.items()
        if not (valeur is None and nom in _DERIVES_SI_ABSENTS) and not (date_par_defaut and nom == "date_maj")
    )


def _contact_retenu(objet, champs: dict) -> dict:
    """Sans rien dire du contact réservé (data·inclusion, que l'export prive de ce contact), un import laisse le
    contact réservé d'une fiche existante tel qu'il est : des valeurs vides n'y sont pas des effacements."""
    if objet is None or not objet.contact_reserve_professionnels or "contact_reserve_professionnels" in champs:
        return champs
    return {nom: valeur for nom, valeur in champs.items() if nom not in di.CHAMPS_CONTACT or valeur}


def _horodater(objets: list) -> None:
    maintenant = timezone.now()
    for objet in objets:
        objet.modifie_le = maintenant
        if objet._state.adding:
            objet.cree_le = maintenant


def structures_importer(*, acteur, fiches: dict[str, dict]) -> Comptes:
    """Crée ou met à jour un lot de structures ``{identifiant: champs}`` (déjà validées), en une transaction."""
    with transaction.atomic():
        comptes = Comptes()
        existants = Structure.objects.in_bulk(list(fiches))
        a_creer, a_modifier = [], []
        for ident, champs in fiches.items():
            objet = existants.get(ident)
            date_par_defaut = bool(champs.pop(DATE_MAJ_PAR_DEFAUT, False))
            if objet is None:
                a_creer.append(Structure(**champs))
            elif _differe(objet, champs, date_par_defaut=date_par_defaut):
                for nom, valeur in champs.items():
                    setattr(objet, nom, valeur)
                a_modifier.append(objet)
            else:
                comptes.inchanges += 1
        preparer(a_creer + a_modifier)
        _horodater(a_creer + a_modifier)
        if a_creer:
            bulk_create_with_history(a_creer, Structure, **_historique(acteur))
        if a_modifier:
            bulk_update_with_history(a_modifier, Structure, CHAMPS_MAJ_STRUCTURE, **_historique(acteur))
            # Le nom de la structure entre dans le texte de recherche de ses services.
            services = list(Service.objects.filter(structure__in=a_modifier).select_related("structure"))
            for service in services:
                service.calculer_derives()
            Service.objects.bulk_update(services, ["texte_recherche"], batch_size=TAILLE_LOT)
        comptes.crees, comptes.modifies = len(a_creer), len(a_modifier)
        return comptes


def services_importer(*, acteur, fiches: dict[str, dict]) -> Comptes:
    """Crée (publiés) ou met à jour un lot de services ``{identifiant: champs}`` (déjà validés, structures
    connues), en une transaction."""
    with transaction.atomic():
        comptes = Comptes()
        existants = Service.objects.in_bulk(list(fiches))
        structures = Structure.objects.in_bulk({champs["structure_id"] for champs in fiches.values()})
        a_creer, a_modifier = [], []
        for ident, champs in fiches.items():
            objet = existants.get(ident)
            date_par_defaut = bool(champs.pop(DATE_MAJ_PAR_DEFAUT, False))
            champs = _contact_retenu(objet, champs)
            if objet is None:
                objet = Service(**champs, statut=StatutService.PUBLIE)
                objet.date_verification = objet.date_maj
                a_creer.append(objet)
            elif _differe(objet, champs, date_par_defaut=date_par_defaut):
                for nom, valeur in champs.items():
                    setattr(objet, nom, valeur)
                if objet.date_maj and (not objet.date_verification or objet.date_maj > objet.date_verification):
                    objet.date_verification = objet.date_maj
                a_modifier.append(objet)
            else:
                comptes.inchanges += 1
        preparer(a_creer + a_modifier, structures=structures)
        _horodater(a_creer + a_modifier)
        if a_creer:
            bulk_create_with_history(a_creer, Service, **_historique(acteur))
        if a_modifier:
            bulk_update_with_history(a_modifier, Service, CHAMPS_MAJ_SERVICE, **_historique(acteur))
        synchroniser_index(a_creer + a_modifier)
        comptes.crees, comptes.modifies = len(a_creer), len(a_modifier)
        return comptes
