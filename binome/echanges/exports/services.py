"""Écritures des fichiers envoyés : destinataires (et leur droit aux identités), fichiers demandés, produits,
effacés. Le département est toujours celui que l'acteur administre (``verifier_departement_administre``)."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.comptes.selectors import verifier_departement_administre
from binome.confiance.journal import journaliser
from binome.core.historique import sauver
from binome.echanges.exports.models import (
    DestinataireExport,
    FichierExport,
    FormatExport,
    StatutFichier,
    TypeDestinataire,
)

FINALITE_EXPORT = "Fichier d'événements de parcours pour le système d'un partenaire"
FINALITE_IDENTITES = "Droit d'un destinataire des fichiers d'événements aux identités"
LONGUEUR_PERIODE_MAX_JOURS = 366


@transaction.atomic(durable=True)
def destinataire_enregistrer(
    *, acteur, departement, nom: str, type: str, format: str, actif: bool = True, destinataire=None
) -> DestinataireExport:
    """Crée (``destinataire`` vide) ou modifie un destinataire du département. Le droit aux identités se règle à
    part (``destinataire_identites_regler``)."""
    code = getattr(departement, "pk", departement)
    verifier_departement_administre(acteur, code)
    if type not in TypeDestinataire.values or format not in FormatExport.values:
        raise ValidationError(_("Type ou format de destinataire inconnu."))
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": _("Donnez un nom au destinataire.")})
    if destinataire is None:
        destinataire = DestinataireExport(departement_id=code)
    elif destinataire.departement_id != code:
        raise ValidationError(_("Ce destinataire n'appartient pas à ce département."))
    if DestinataireExport.objects.filter(departement_id=code, nom=nom).exclude(pk=destinataire.pk).exists():
        raise ValidationError({"nom": _("Un destinataire porte déjà ce nom dans ce département.")})
    destinataire.nom, destinataire.type, destinataire.format, destinataire.actif = nom, type, format, actif
    return sauver(destinataire, acteur=acteur, raison="Destinataire des fichiers d'événements")


@transaction.atomic(durable=True)
def destinataire_identites_regler(
    *, acteur, destinataire: DestinataireExport, autorisees: bool, base_legale: str = ""
) -> DestinataireExport:
    """Enregistre la décision de l'administrateur départemental : ce destinataire a droit (ou non) aux
    identités. Une autorisation exige sa base légale ou son motif. Historisé et écrit au journal des accès."""
    destinataire = DestinataireExport.objects.select_for_update().get(pk=destinataire.pk)
    verifier_departement_administre(acteur, destinataire.departement_id)
    base_legale = (base_legale or "").strip()
    if autorisees and not base_legale:
        raise ValidationError(
            {"base_legale": _("Indiquez la base légale ou le motif qui autorise l'envoi des identités.")}
        )
    destinataire.identites_autorisees = autorisees
    destinataire.identites_base_legale = base_legale
    destinataire.identites_decidees_par = acteur
    destinataire.identites_decidees_le = timezone.now()
    sauver(
        destinataire,
        acteur=acteur,
        raison="Identités autorisées" if autorisees else "Identités retirées (pseudonymes)",
    )
    journaliser(
        action="DROITS",
        finalite=FINALITE_IDENTITES,
        acteur=acteur,
        objet=destinataire,
        departement=destinataire.departement_id,
    )
    return destinataire


def _nouveau_fichier(destinataire, *, du, au, format, mensuel, acteur) -> FichierExport:
    return FichierExport.objects.create(
        destinataire=destinataire,
        departement_id=destinataire.departement_id,
        format=format,
        du=du,
        au=au,
        mensuel=mensuel,
        identites=destinataire.identites_autorisees,
        demande_par=acteur,
    )


@transaction.atomic(durable=True)
def fichier_demander(*, acteur, destinataire: DestinataireExport, du, au, format: str) -> FichierExport:
    """Demande un fichier à la demande ; l'appelant le met en file (``taches.produire_fichier``) : le travailleur
    le produit, puis il est téléchargeable."""
    verifier_departement_administre(acteur, destinataire.departement_id)
    if format not in FormatExport.values:
        raise ValidationError({"format": _("Format inconnu.")})
    if du > au:
        raise ValidationError({"au": _("La fin de la période précède son début.")})
    if (au - du).days >= LONGUEUR_PERIODE_MAX_JOURS:
        raise ValidationError({"au": _("La période ne dépasse pas un an.")})
    return _nouveau_fichier(destinataire, du=du, au=au, format=format, mensuel=False, acteur=acteur)


def mois_precedent(le: datetime.date) -> tuple[datetime.date, datetime.date]:
    fin = le.replace(day=1) - datetime.timedelta(days=1)
    return fin.replace(day=1), fin


@transaction.atomic(durable=True)
def fichiers_mensuels_creer(*, le: datetime.date) -> list[FichierExport]:
    """Le fichier du mois précédent de chaque destinataire actif, s'il n'existe pas encore (tâche quotidienne :
    un passage manqué est rattrapé, jamais deux fichiers pour un même mois). La tâche les met en file."""
    du, au = mois_precedent(le)
    deja = set(FichierExport.objects.filter(mensuel=True, du=du).values_list("destinataire_id", flat=True))
    crees = []
    for destinataire in DestinataireExport.objects.filter(actif=True).exclude(pk__in=deja).order_by("pk"):
        crees.append(
            _nouveau_fichier(destinataire, du=du, au=au, format=destinataire.format, mensuel=True, acteur=None)
        )
    return crees


@transaction.atomic(durable=True)
def fichier_enregistrer(*, fichier: FichierExport, contenu, nb_evenements: int, empreinte: str) -> FichierExport:
    """Range le fichier produit (``contenu`` : fichier ouvert, copié par morceaux dans le stockage) et l'écrit
    au journal des accès (un export de données personnelles, pseudonymes ou non)."""
    fichier = FichierExport.objects.select_for_update().get(pk=fichier.pk)
    fichier.fichier.save(fichier.nom_telechargement, File(contenu), save=False)
    fichier.statut = StatutFichier.PRET
    fichier.produit_le = timezone.now()
    fichier.nb_evenements = nb_evenements
    fichier.empreinte = empreinte
    fichier.conserver_jusqu_au = FichierExport.conservation(timezone.localdate())
    fichier.save()
    journaliser(
        action="EXPORT",
        finalite=FINALITE_EXPORT + (" (identités)" if fichier.identites else " (pseudonymes)"),
        acteur=fichier.demande_par,
        objet=fichier,
        departement=fichier.departement_id,
        route="echanges:fichier_produit",
    )
    return fichier


@transaction.atomic(durable=True)
def fichier_echec(*, fichier: FichierExport, erreur: str) -> None:
    FichierExport.objects.filter(pk=fichier.pk).update(statut=StatutFichier.ECHEC, erreur=erreur[:300])


@transaction.atomic(durable=True)
def fichiers_expires_effacer(*, le: datetime.date) -> int:
    """Efface les fichiers dont la conservation est échue (la ligne reste : date, nombre, empreinte)."""
    n = 0
    for fichier in FichierExport.objects.filter(statut=StatutFichier.PRET, conserver_jusqu_au__lt=le).order_by("pk"):
        fichier.fichier.delete(save=False)
        fichier.statut = StatutFichier.EFFACE
        fichier.save(update_fields=["fichier", "statut"])
        n += 1
    return n
