"""Écritures du quotidien : la préférence du résumé, la réclamation d'un résumé (et des avis qu'il signale)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.models import AvisAffectation
from binome.comptes.models import FrequenceResume, Utilisateur
from binome.core.historique import sauver
from binome.quotidien.models import ResumeEnvoye


@transaction.atomic(durable=True)
def frequence_resume_choisir(*, acteur: Utilisateur, frequence: str) -> Utilisateur:
    """L'utilisateur choisit la fréquence de son résumé (vide : celle de son rôle), avec sa ligne d'historique."""
    if frequence and frequence not in FrequenceResume.values:
        raise ValidationError({"frequence": _("Choisissez une fréquence de la liste.")})
    utilisateur = Utilisateur.objects.select_for_update().get(pk=acteur.pk)
    if utilisateur.frequence_resume != frequence:
        utilisateur.frequence_resume = frequence
        sauver(utilisateur, acteur=acteur, raison=_("Fréquence du résumé choisie"), update_fields=["frequence_resume"])
    acteur.frequence_resume = frequence
    return utilisateur


@dataclass(frozen=True)
class Reclamation:
    """Un résumé réclamé : sa ligne, et les avis d'affectation qu'il signale (encore valables)."""

    resume: ResumeEnvoye
    avis: list[AvisAffectation]
    avis_marques: list[int]


def _avis_encore_valable(avis: AvisAffectation) -> bool:
    """Le parcours est-il toujours confié à ce destinataire, de ce côté du binôme ?"""
    return getattr(avis.parcours, f"{avis.role}_id") == avis.destinataire_id


@transaction.atomic(durable=True)
def resume_reclamer(*, utilisateur: Utilisateur, jour: datetime.date, nombre_lignes: int) -> Reclamation | None:
    """Réclame le résumé de ``jour`` pour ``utilisateur``, AVANT son envoi : une ligne unique par utilisateur et par
    date. Dans la même transaction, les avis d'affectation en attente sont lus et marqués signalés. Renvoie
    ``None`` si le résumé est déjà réclamé (relance, autre travailleur) ou s'il serait vide."""
    en_attente = list(
        AvisAffectation.objects.select_for_update(of=("self",))
        .filter(destinataire=utilisateur, signale_le__isnull=True, cree_le__lte=timezone.now())
        .select_related("parcours", "par")
        .order_by("cree_le", "pk")
    )
    valables = [avis for avis in en_attente if _avis_encore_valable(avis)]
    if not nombre_lignes and not valables:
        return None
    try:
        with transaction.atomic():
            resume = ResumeEnvoye.objects.create(
                utilisateur=utilisateur, date=jour, nombre_lignes=nombre_lignes, nombre_avis=len(valables)
            )
    except IntegrityError:
        return None
    marques = [avis.pk for avis in en_attente]
    AvisAffectation.objects.filter(pk__in=marques).update(signale_le=resume.reclame_le)
    return Reclamation(resume=resume, avis=valables, avis_marques=marques)


@transaction.atomic(durable=True)
def resume_liberer(*, reclamation: Reclamation) -> None:
    """L'envoi a échoué : la réclamation est retirée et les avis reviennent en attente (la relance les reprendra)."""
    AvisAffectation.objects.filter(pk__in=reclamation.avis_marques).update(signale_le=None)
    ResumeEnvoye.objects.filter(pk=reclamation.resume.pk).delete()
