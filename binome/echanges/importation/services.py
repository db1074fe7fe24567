"""Écritures des fichiers reçus : dépôt, correspondance enregistrée, lancement, suivi de l'import.

Les personnes elles-mêmes sont écrites par ``binome.accompagnement.services.importation_personnes`` (une
transaction pour tout le fichier) ; ici, seulement l'import (``ImportListe``) et la correspondance.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core.historique import sauver
from binome.echanges.importation import champs, lecture, selectors
from binome.echanges.importation.models import CorrespondanceColonnes, ImportListe, StatutImport

S = StatutImport
# D'où l'on peut lancer un essai à blanc, puis l'import (toujours après un essai réussi).
LANCEMENT_ESSAI = (S.PRET, S.VERIFIE, S.REFUSE, S.ECHEC)
LANCEMENT_IMPORT = (S.VERIFIE,)
CORRESPONDANCE_MODIFIABLE = (S.A_CORRESPONDRE, S.PRET, S.VERIFIE, S.REFUSE, S.ECHEC)


@transaction.atomic(durable=True)
def importation_deposer(*, acteur, departement: str, source: str, nom_fichier: str, contenu: bytes) -> ImportListe:
    """Enregistre un fichier reçu après l'avoir lu (``FichierCSVRefuse`` s'il est inutilisable en entier) ; la
    correspondance proposée est celle enregistrée pour l'organisation et la source, sinon les noms usuels."""
    organisation = selectors.organisation_importatrice(acteur, departement)
    tableau = lecture.lire(contenu, nom_fichier=nom_fichier)
    enregistree = selectors.correspondance_enregistree(organisation=organisation, source=source)
    importation = ImportListe(
        departement_id=departement,
        organisation_id=organisation,
        source=source,
        auteur=acteur,
        nom_fichier=nom_fichier[:255],
        contenu=contenu,
        entetes=tableau.entetes,
        ligne_entete=tableau.ligne_entete,
        colonnes=champs.proposer(tableau.entetes, enregistree),
        lignes_total=len(tableau.lignes),
    )
    importation.save()
    return importation


@transaction.atomic(durable=True)
def correspondance_enregistrer(*, acteur, importation: ImportListe, colonnes: dict[str, str]) -> ImportListe:
    """Applique la correspondance à l'import et l'enregistre pour l'organisation et la source (réutilisée)."""
    importation = selectors.importation_pour(acteur, importation.pk)
    if importation.statut not in CORRESPONDANCE_MODIFIABLE:
        raise ValidationError(_("Cet import est en cours ou terminé : sa correspondance ne change plus."))
    colonnes = {champ: entete for champ, entete in colonnes.items() if entete and champ in champs.PAR_NOM}
    inconnues = sorted(set(colonnes.values()) - set(importation.entetes))
    if inconnues:
        raise ValidationError(_("Colonnes absentes du fichier : %(liste)s") % {"liste": ", ".join(inconnues)})
    if manques := champs.manques(colonnes):
        raise ValidationError(manques)
    correspondance, _cree = CorrespondanceColonnes.objects.select_for_update().get_or_create(
        organisation_id=importation.organisation_id, source=importation.source
    )
    correspondance.colonnes = {**correspondance.colonnes, **colonnes}
    correspondance.modifiee_par = acteur
    sauver(correspondance, acteur=acteur, raison="Correspondance des colonnes d'une liste reçue")
    importation.colonnes = colonnes
    importation.statut = S.PRET
    importation.resultats = []
    importation.save(update_fields=["colonnes", "statut", "resultats"])
    return importation


@transaction.atomic(durable=True)
def importation_lancer(*, acteur, importation: ImportListe, essai: bool, confirmer_homonymes: bool = False):
    """Met l'essai à blanc ou l'import en file ; la vue confie ensuite l'import au travailleur."""
    importation = ImportListe.objects.select_for_update().get(pk=selectors.importation_pour(acteur, importation.pk).pk)
    permis = LANCEMENT_ESSAI if essai else LANCEMENT_IMPORT
    if importation.statut not in permis:
        raise ValidationError(
            _("Lancez d'abord un essai à blanc réussi.") if not essai else _("Cet import ne peut plus être lancé.")
        )
    if not essai and not confirmer_homonymes and any(r.get("a_confirmer") for r in importation.resultats):
        raise ValidationError(
            _("Confirmez les rapprochements par le nom et la date de naissance avant d'importer."),
            code="confirmation",
        )
    importation.statut = S.EN_FILE
    importation.essai = essai
    importation.confirmer_homonymes = confirmer_homonymes
    importation.lignes_traitees = 0
    importation.message = ""
    importation.save(update_fields=["statut", "essai", "confirmer_homonymes", "lignes_traitees", "message"])
    return importation


@transaction.atomic(durable=True)
def importation_demarrer(*, importation_id: int) -> ImportListe | None:
    """Le travailleur prend l'import en file (``None`` s'il ne l'est plus : jamais deux traitements)."""
    importation = ImportListe.objects.select_for_update().filter(pk=importation_id, statut=S.EN_FILE).first()
    if importation is None:
        return None
    importation.statut = S.EN_COURS
    importation.save(update_fields=["statut"])
    return importation


@transaction.atomic(durable=True)
def importation_avancer(*, importation_id: int, traitees: int) -> None:
    """Progression visible de la page (écrite hors de la transaction d'import, qui est d'un seul tenant)."""
    ImportListe.objects.filter(pk=importation_id).update(lignes_traitees=traitees)


@transaction.atomic(durable=True)
def importation_terminer(*, importation_id: int, statut: str, resultats: list[dict], message: str = "") -> ImportListe:
    importation = ImportListe.objects.select_for_update().get(pk=importation_id)
    importation.statut = statut
    importation.resultats = resultats
    importation.message = message
    importation.termine_le = timezone.now()
    if statut == S.IMPORTE:
        importation.contenu = b""  # les personnes portent désormais les données : le fichier n'est plus gardé
        importation.lignes_traitees = importation.lignes_total
    importation.save()
    return importation
