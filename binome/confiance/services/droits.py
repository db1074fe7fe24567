"""Choix de la personne enregistrés par le binôme : notice d'information remise, opposition au traitement.

Chaque remise de la notice s'ajoute à l'historique (``RemiseNotice``) ; une opposition porte un motif, s'affiche
en bandeau sur la fiche et parvient aux administrateurs du département (liste à examiner, courriel), qui
l'examinent (``personne_opposition_examiner``).
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement import enums as e
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, Personne, RemiseNotice
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.confiance import selectors
from binome.core.courriels import courriel
from binome.core.historique import sauver


def _verifier(acteur, personne, jour, *, par_la_personne=False):
    if par_la_personne:
        if acteur is not None:  # la personne, dans son espace : aucun compte de professionnel
            raise PermissionDenied(_("Seule la personne exprime elle-même son opposition dans son espace."))
    elif not selectors.peut_ecrire_droits(acteur, personne):
        raise PermissionDenied(_("Seul le binôme ou son encadrement peut enregistrer ce choix de la personne."))
    if personne.anonymise_le is not None:
        raise ValidationError(_("Ce dossier est anonymisé."))
    if jour is not None and jour > timezone.localdate():
        raise ValidationError({"date": _("La date ne peut pas être dans le futur.")})


def _date(jour: datetime.date) -> str:
    return date_format(jour, "SHORT_DATE_FORMAT")


def personne_notice_enregistrer(*, acteur, personne: Personne, date: datetime.date) -> Personne:
    """La notice d'information a été remise à cette date : une remise de plus dans l'historique (la précédente
    reste) ; ``notice_remise_le`` garde la plus récente."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, date)
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        libelle = _("Notice d'information remise le %(date)s") % {"date": _date(date)}
        sauver(RemiseNotice(personne=personne, date=date, auteur=acteur), acteur=acteur, raison=libelle)
        if personne.notice_remise_le is None or date > personne.notice_remise_le:
            personne.notice_remise_le = date
            sauver(personne, acteur=acteur, raison=libelle, update_fields=["notice_remise_le", "modifie_le"])
        evenement_enregistrer(
            personne=personne, type=e.TypeEvenement.PERSONNE_MODIFIEE, libelle=libelle, acteur=acteur
        )
    return personne


def personne_opposition_enregistrer(
    *, acteur, personne: Personne, date: datetime.date, motif: str, par_la_personne: bool = False
) -> Personne:
    """La personne s'oppose au traitement (art. 21 RGPD, là où le texte le permet) : date et motif ; les
    administrateurs du département sont prévenus (liste à examiner, courriel après validation).

    ``par_la_personne`` : elle l'écrit elle-même dans son espace (``acteur`` vide) ; le binôme la voit comme une
    opposition reçue par un autre canal (bandeau de la fiche, chronologie, liste des administrateurs)."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, date, par_la_personne=par_la_personne)
        motif = (motif or "").strip()
        if not motif:
            raise ValidationError({"motif": _("Indiquez le motif de l'opposition.")})
        if len(motif) > LONGUEUR_TEXTE_COURT:
            raise ValidationError({"motif": _("%(n)s caractères au plus.") % {"n": LONGUEUR_TEXTE_COURT}})
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        if personne.opposition_le is not None:
            raise ValidationError(
                _("L'opposition est déjà enregistrée depuis le %(date)s.") % {"date": _date(personne.opposition_le)}
            )
        personne.opposition_le = date
        personne.opposition_motif = motif
        personne.opposition_examinee_le = None
        personne.opposition_examinee_par = None
        libelle = _("Opposition exprimée le %(date)s") % {"date": _date(date)}
        if par_la_personne:
            libelle = _("Opposition exprimée le %(date)s par la personne, dans son espace") % {"date": _date(date)}
        champs = [
            "opposition_le",
            "opposition_motif",
            "opposition_examinee_le",
            "opposition_examinee_par",
            "modifie_le",
        ]
        sauver(personne, acteur=acteur, raison=libelle, update_fields=champs)
        evenement_enregistrer(personne=personne, type=e.TypeEvenement.OPPOSITION, libelle=libelle, acteur=acteur)
        departement, jour = personne.departement_id, date
        transaction.on_commit(lambda: _prevenir_administrateurs(departement, jour))
    return personne


def _prevenir_administrateurs(departement: str, jour: datetime.date) -> int:
    """Courriel aux administrateurs du département : ni nom ni motif (ils sont dans l'application)."""
    destinataires = selectors.courriels_administrateurs(departement)
    if not destinataires:
        return 0
    lien = getattr(settings, "BINOME_URL_SITE", "").rstrip("/") + reverse("confiance:oppositions")
    contexte = {"departement": departement, "date": _date(jour), "lien": lien}
    return courriel(a=destinataires, gabarit="confiance/courriels/opposition", contexte=contexte).send()


@transaction.atomic(durable=True)
def personne_opposition_examiner(*, acteur, personne: Personne, note: str = "") -> Personne:
    """L'administrateur du département a examiné l'opposition (avec le DPO) : elle sort de la liste à examiner."""
    if not selectors.peut_examiner_opposition(acteur, personne):
        raise PermissionDenied(_("Seul l'administrateur du département examine les oppositions."))
    personne = Personne.objects.select_for_update().get(pk=personne.pk)
    if personne.opposition_le is None:
        raise ValidationError(_("Aucune opposition n'est enregistrée."))
    if personne.opposition_examinee_le is not None:
        raise ValidationError(_("Cette opposition a déjà été examinée."))
    personne.opposition_examinee_le = timezone.now()
    personne.opposition_examinee_par = acteur
    libelle = _("Opposition examinée par l'administrateur départemental")
    note = (note or "").strip()[:LONGUEUR_TEXTE_COURT]
    raison = f"{libelle} : {note}" if note else libelle
    sauver(
        personne,
        acteur=acteur,
        raison=raison,
        update_fields=["opposition_examinee_le", "opposition_examinee_par", "modifie_le"],
    )
    evenement_enregistrer(personne=personne, type=e.TypeEvenement.OPPOSITION, libelle=libelle, acteur=acteur)
    return personne


def personne_opposition_retirer(*, acteur, personne: Personne) -> Personne:
    """La personne retire son opposition."""
    with transaction.atomic(durable=True):
        _verifier(acteur, personne, None)
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        if personne.opposition_le is None:
            raise ValidationError(_("Aucune opposition n'est enregistrée."))
        personne.opposition_le = None
        personne.opposition_motif = ""
        libelle = _("Opposition retirée")
        sauver(
            personne, acteur=acteur, raison=libelle, update_fields=["opposition_le", "opposition_motif", "modifie_le"]
        )
        evenement_enregistrer(personne=personne, type=e.TypeEvenement.OPPOSITION, libelle=libelle, acteur=acteur)
    return personne
