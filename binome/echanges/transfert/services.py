"""Import d'un paquet de transfert dans le département d'arrivée : tout ou rien, sans doublon, journalisé."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Evenement, Parcours, Personne, Sortie
from binome.confiance.journal import journaliser
from binome.core.historique import sauver
from binome.core.texte import normaliser
from binome.echanges.transfert import paquet as p
from binome.echanges.transfert.models import ParcoursTransfere
from binome.territoires.models import Departement

FINALITE_DEPART = "Transfert du dossier vers le département de résidence"
FINALITE_ARRIVEE = "Réception du dossier d'une personne venue d'un autre département"


@dataclass(frozen=True)
class ResultatImport:
    personne: Personne
    personne_creee: bool
    parcours_crees: int
    parcours_deja_presents: int
    evenements_crees: int


def _rapprocher(champs: dict, departement: str) -> Personne | None:
    """La personne déjà connue du département d'arrivée : même identifiant France Travail, même numéro
    d'allocataire, ou même nom et date de naissance (comme l'import des listes)."""
    conditions = Q()
    if champs.get("identifiant_ft"):
        conditions |= Q(identifiant_ft__iexact=champs["identifiant_ft"])
    if champs.get("numero_allocataire"):
        conditions |= Q(numero_allocataire=champs["numero_allocataire"])
    if champs.get("nom") and champs.get("date_naissance"):
        conditions |= Q(nom_normalise=normaliser(champs["nom"]), date_naissance=champs["date_naissance"])
    if not conditions:
        return None
    return (
        Personne.objects.select_for_update()
        .filter(conditions, departement_id=departement, anonymise_le__isnull=True)
        .order_by("pk")
        .first()
    )


def _deja_present(origine: str, personne: Personne, departement: str) -> Parcours | None:
    """Le parcours d'arrivée qui correspond à ``origine`` : déjà reçu, ou parti d'ici et revenu."""
    recu = ParcoursTransfere.objects.filter(departement_id=departement, origine=origine).first()
    if recu is not None:
        return recu.parcours
    code, _sep, pk = origine.partition(":")
    if code == departement and pk.isdigit():
        return Parcours.objects.filter(pk=int(pk), personne=personne).first()
    return None


def _creer_parcours(element: dict, personne: Personne, departement: str, acteur) -> Parcours:
    champs = p.relire(Parcours, element["champs"])
    etat_initial = champs.pop("etat")
    parcours = Parcours(**champs, personne=personne, departement_id=departement)
    machine.etablir_etat_initial(parcours, point_entree="transfert", etat_initial=etat_initial)
    sauver(parcours, acteur=acteur, raison="Transfert depuis un autre département")
    if element.get("sortie"):
        sortie = Sortie(**p.relire(Sortie, element["sortie"]), parcours=parcours)
        sauver(sortie, acteur=acteur, raison="Transfert depuis un autre département")
    ParcoursTransfere.objects.create(departement_id=departement, parcours=parcours, origine=element["origine"])
    return parcours


@transaction.atomic(durable=True)
def dossier_importer(*, contenu: bytes, departement: str, acteur=None) -> ResultatImport:
    """Importe le paquet signé ``contenu`` dans ``departement`` : vérifie la signature et la destination,
    rapproche la personne (aucun doublon), ajoute les parcours et la chronologie absents. Tout ou rien : une
    erreur n'écrit rien. Écrit au journal des accès du département d'arrivée."""
    paquet = p.verifier(contenu)
    if paquet["arrivee"] != departement:
        raise ValidationError(_("Ce paquet est destiné au département %(code)s.") % {"code": paquet["arrivee"]})
    if not Departement.objects.filter(code=departement).exists():
        raise ValidationError(_("Département inconnu : %(code)s.") % {"code": departement})
    champs_personne = p.relire(Personne, {k: v for k, v in paquet["personne"].items() if k != "origine"})
    personne = _rapprocher(champs_personne, departement)
    creee = personne is None
    if creee:
        personne = Personne(**champs_personne, departement_id=departement)
    else:  # la fiche d'arrivée garde ses valeurs ; le paquet complète les champs vides
        for nom, valeur in champs_personne.items():
            if getattr(personne, nom) in ("", None) and valeur not in ("", None):
                setattr(personne, nom, valeur)
    sauver(personne, acteur=acteur, raison=f"Transfert depuis le département {paquet['depart']}")
    correspondance, crees, presents = {}, 0, 0
    for element in paquet["parcours"]:
        parcours = _deja_present(element["origine"], personne, departement)
        if parcours is None:
            parcours = _creer_parcours(element, personne, departement, acteur)
            crees += 1
        else:
            presents += 1
        correspondance[element["origine"]] = parcours
    existants = set(Evenement.objects.filter(personne=personne).values_list("type", "date", "libelle"))
    nouveaux = []
    for ev in paquet["evenements"]:
        cle = (ev["type"], parse_datetime(ev["date"]), ev["libelle"])
        if cle in existants:
            continue
        existants.add(cle)
        parcours = correspondance.get(ev["parcours"]) if ev["parcours"] else None
        nouveaux.append(Evenement(personne=personne, parcours=parcours, type=cle[0], date=cle[1], libelle=cle[2]))
    Evenement.objects.bulk_create(nouveaux)
    if crees or creee:
        Evenement.objects.create(
            personne=personne,
            type=TypeEvenement.PERSONNE_CREEE if creee else TypeEvenement.PERSONNE_MODIFIEE,
            date=parse_datetime(paquet["exporte_le"]),
            acteur=acteur,
            libelle=_("Dossier reçu du département %(code)s") % {"code": paquet["depart"]},
        )
    journaliser(
        action="SAISIE",
        finalite=FINALITE_ARRIVEE,
        acteur=acteur,
        objet=personne,
        personne=personne,
        departement=departement,
        route="transferer_dossier importer",
    )
    return ResultatImport(personne, creee, crees, presents, len(nouveaux))
