"""Écritures des imports de l'annuaire (fichier data·inclusion, tableur départemental).

La lecture et la validation des enregistrements sont dans ``binome.ressources.importation`` ; ici, les fiches
validées sont créées ou mises à jour par lots de ``TAILLE_LOT``, avec leurs lignes d'historique
(``bulk_*_with_history`` : auteur et motif). Un enregistrement identique à ce qui est en base n'est pas réécrit.

Transactions : une par lot, pour qu'un gros fichier n'occupe pas la base d'un seul bloc ; elles ne sont pas
« durables » car la commande ``demo`` appelle l'import dans sa propre transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binome.ressources import datainclusion as di
from binome.ressources.models import Service, StatutService, Structure
from binome.ressources.services.derives import preparer, synchroniser_index

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


@dataclass
class Comptes:
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0


def _raison() -> str:
    return _("Import de l'annuaire")


def _differe(objet, champs: dict) -> bool:
    return any(
        getattr(objet, nom) != valeur
        for nom, valeur in champs.items()
        if not (valeur is None and nom in _DERIVES_SI_ABSENTS)
    )


def _par_lots(elements: list, taille: int = TAILLE_LOT):
    for debut in range(0, len(elements), taille):
        yield elements[debut : debut + taille]


def _horodater(objets: list) -> None:
    maintenant = timezone.now()
    for objet in objets:
        objet.modifie_le = maintenant
        if objet._state.adding:
            objet.cree_le = maintenant


def structures_importer(*, acteur, fiches: dict[str, dict], avancer: Callable[[int], None] | None = None) -> Comptes:
    """Crée ou met à jour les structures ``{identifiant: champs}`` (déjà validées)."""
    comptes = Comptes()
    for lot in _par_lots(list(fiches.items())):
        existants = Structure.objects.in_bulk([ident for ident, _champs in lot])
        a_creer, a_modifier = [], []
        for ident, champs in lot:
            objet = existants.get(ident)
            if objet is None:
                a_creer.append(Structure(**champs))
            elif _differe(objet, champs):
                for nom, valeur in champs.items():
                    setattr(objet, nom, valeur)
                a_modifier.append(objet)
            else:
                comptes.inchanges += 1
        with transaction.atomic():
            preparer(a_creer + a_modifier)
            _horodater(a_creer + a_modifier)
            historique = {"default_user": acteur, "default_change_reason": _raison(), "batch_size": TAILLE_LOT}
            if a_creer:
                bulk_create_with_history(a_creer, Structure, **historique)
            if a_modifier:
                bulk_update_with_history(a_modifier, Structure, CHAMPS_MAJ_STRUCTURE, **historique)
                # Le nom de la structure entre dans le texte de recherche de ses services.
                services = list(Service.objects.filter(structure__in=a_modifier).select_related("structure"))
                for service in services:
                    service.calculer_derives()
                Service.objects.bulk_update(services, ["texte_recherche"], batch_size=TAILLE_LOT)
        comptes.crees += len(a_creer)
        comptes.modifies += len(a_modifier)
        if avancer:
            avancer(len(lot))
    return comptes


def services_importer(*, acteur, fiches: dict[str, dict], avancer: Callable[[int], None] | None = None) -> Comptes:
    """Crée (publiés) ou met à jour les services ``{identifiant: champs}`` (déjà validés, structures connues)."""
    comptes = Comptes()
    for lot in _par_lots(list(fiches.items())):
        existants = Service.objects.in_bulk([ident for ident, _champs in lot])
        structures = Structure.objects.in_bulk({champs["structure_id"] for _ident, champs in lot})
        a_creer, a_modifier = [], []
        for ident, champs in lot:
            objet = existants.get(ident)
            if objet is None:
                objet = Service(**champs, statut=StatutService.PUBLIE)
                objet.date_verification = objet.date_maj
                a_creer.append(objet)
            elif _differe(objet, champs):
                for nom, valeur in champs.items():
                    setattr(objet, nom, valeur)
                if objet.date_maj and (not objet.date_verification or objet.date_maj > objet.date_verification):
                    objet.date_verification = objet.date_maj
                a_modifier.append(objet)
            else:
                comptes.inchanges += 1
        with transaction.atomic():
            preparer(a_creer + a_modifier, structures=structures)
            _horodater(a_creer + a_modifier)
            historique = {"default_user": acteur, "default_change_reason": _raison(), "batch_size": TAILLE_LOT}
            if a_creer:
                bulk_create_with_history(a_creer, Service, **historique)
            if a_modifier:
                bulk_update_with_history(a_modifier, Service, CHAMPS_MAJ_SERVICE, **historique)
            synchroniser_index(a_creer + a_modifier)
        comptes.crees += len(a_creer)
        comptes.modifies += len(a_modifier)
        if avancer:
            avancer(len(lot))
    return comptes
