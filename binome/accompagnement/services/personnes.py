"""Écritures sur les personnes : enregistrement (repérage) et modification. Voir ``docs/parcours.md``.

Enregistrer une personne, c'est la repérer : le service crée la personne **et** un parcours à l'état
``REPERE`` dont l'acteur est l'auteur ; il garde ainsi la main sur ce dossier jusqu'à l'entrée
(``selectors._q_avant_entree``) et peut proposer l'orientation. Pas de NIR. Un doublon probable (même
identifiant France Travail, ou même nom et même date de naissance dans le département) est signalé avant
la création ; le même identifiant France Travail est toujours refusé (unique par département).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Parcours, Personne, RemiseNotice
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.core.concurrence import verifier_version
from binome.core.historique import sauver, tracer

# Champs saisis à l'enregistrement et à la modification (la donnée de santé ``rqth`` est à part).
CHAMPS_PERSONNE = (
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "identifiant_ft",
    "organisme_allocataire",
    "numero_allocataire",
    "telephone",
    "courriel",
    "adresse",
    "complement_adresse",
    "commune",
    "beneficiaire_rsa",
    "beneficiaire_are",
    "beneficiaire_ass",
    "beneficiaire_aah",
    "beneficiaire_prime_activite",
    "residence_qpv",
    "niveau_formation",
    "parent_isole",
    "sans_domicile",
    "nationalite",
    "situation_marche_travail",
    "notice_remise_le",
)
CHAMPS_OBLIGATOIRES = ("nom", "prenom", "date_naissance", "commune")
AGE_MINIMUM = 16
DATE_NAISSANCE_MINIMUM = datetime.date(1900, 1, 1)


def _ajouter_remise_notice(personne: Personne, acteur) -> None:
    """Une date de remise saisie dans la fiche s'ajoute à l'historique des remises (rien n'est remplacé)."""
    if personne.notice_remise_le is not None:
        date = personne.notice_remise_le
        raison = f"Notice d'information remise le {date:%d/%m/%Y}"
        sauver(RemiseNotice(personne=personne, date=date, auteur=acteur), acteur=acteur, raison=raison)


def _nettoyer(personne: Personne) -> None:
    for champ in ("nom", "prenom", "telephone", "adresse", "complement_adresse", "numero_allocataire"):
        setattr(personne, champ, (getattr(personne, champ) or "").strip())
    personne.identifiant_ft = (personne.identifiant_ft or "").strip().upper()
    personne.courriel = (personne.courriel or "").strip().lower()


def _valider(personne: Personne) -> None:
    """Règles de saisie ; erreurs rattachées aux champs du formulaire."""
    erreurs = {}
    for champ in CHAMPS_OBLIGATOIRES:
        if not getattr(personne, champ if champ != "commune" else "commune_id"):
            erreurs[champ] = _("Ce champ est obligatoire.")
    aujourdhui = timezone.localdate()
    naissance = personne.date_naissance
    if naissance and (naissance < DATE_NAISSANCE_MINIMUM or naissance > aujourdhui):
        erreurs["date_naissance"] = _("Vérifiez la date de naissance.")
    elif naissance and calculs.age_a(naissance, aujourdhui) < AGE_MINIMUM:
        erreurs["date_naissance"] = _("La personne doit avoir au moins %(age)s ans.") % {"age": AGE_MINIMUM}
    if personne.organisme_allocataire and not personne.numero_allocataire:
        erreurs["numero_allocataire"] = _("Indiquez le numéro d'allocataire.")
    if personne.notice_remise_le and personne.notice_remise_le > aujourdhui:
        erreurs["notice_remise_le"] = _("La date de remise de la notice ne peut pas être dans le futur.")
    if erreurs:
        raise ValidationError(erreurs)
    personne.full_clean(exclude=["departement", "cree_par"], validate_unique=False, validate_constraints=False)


def _identifiant_deja_pris(personne: Personne) -> bool:
    if not personne.identifiant_ft:
        return False
    return (
        Personne.objects.filter(departement_id=personne.departement_id, identifiant_ft__iexact=personne.identifiant_ft)
        .exclude(pk=personne.pk)
        .exists()
    )


def _erreur_identifiant() -> ValidationError:
    return ValidationError(
        {
            "identifiant_ft": _(
                "Une personne porte déjà cet identifiant France Travail dans ce département : "
                "ouvrez son dossier plutôt que d'en créer un second."
            )
        },
        code="identifiant_ft_existant",
    )


def _enregistrer(personne: Personne) -> None:
    """Enregistre ; une collision d'identifiant France Travail concurrente devient une erreur de saisie."""
    try:
        with transaction.atomic():
            personne.save()
    except IntegrityError as erreur:
        raise _erreur_identifiant() from erreur


@transaction.atomic(durable=True)
def personne_creer(*, acteur, confirmer_doublon: bool = False, **champs) -> Personne:
    """Enregistre une personne et la repère (parcours ``REPERE`` dont l'acteur est l'auteur).

    L'acteur doit être prescripteur (conseiller FT, travailleur social, référent orientation) dans le
    département de la commune de résidence. Doublon probable par le nom et la date de naissance : refusé
    tant que ``confirmer_doublon`` n'est pas vrai ; même identifiant France Travail : toujours refusé.
    """
    inconnus = set(champs) - set(CHAMPS_PERSONNE)
    if inconnus:
        raise TypeError(f"Champs inattendus : {sorted(inconnus)}")
    personne = Personne(**champs)
    _nettoyer(personne)
    _valider(personne)
    personne.departement_id = personne.commune.departement_id
    if personne.departement_id not in selectors.departements_creation_personne(acteur):
        raise PermissionDenied(_("Vous ne pouvez pas enregistrer de personne dans ce département."))
    doublons = selectors.personnes_doublons_probables(
        acteur,
        departement=personne.departement_id,
        identifiant_ft=personne.identifiant_ft,
        nom=personne.nom,
        date_naissance=personne.date_naissance,
    )
    if any(d.meme_identifiant_ft for d in doublons) or _identifiant_deja_pris(personne):
        raise _erreur_identifiant()
    if doublons and not confirmer_doublon:
        raise ValidationError(
            _(
                "Une personne du même nom, née le même jour, a déjà un dossier dans ce département. "
                "Vérifiez qu'il ne s'agit pas de la même personne avant de confirmer la création."
            ),
            code="doublon_probable",
        )
    personne.cree_par = acteur
    tracer(personne, acteur=acteur, raison="Enregistrement (repérage)")
    _enregistrer(personne)
    _ajouter_remise_notice(personne, acteur)
    aujourdhui = timezone.localdate()
    parcours = Parcours(
        personne=personne,
        departement_id=personne.departement_id,
        date_reperage=aujourdhui,
        sexe=personne.sexe,
        cree_par=acteur,
    )
    point = machine.POINTS_ENTREE["reperage"]
    machine.etablir_etat_initial(parcours, point_entree=point.nom)
    sauver(parcours, acteur=acteur, raison="Repérage")
    evenement_enregistrer(
        personne=personne, type=TypeEvenement.PERSONNE_CREEE, libelle=_("Personne enregistrée"), acteur=acteur
    )
    organisations = selectors.organisations_prescriptrices(acteur, personne.departement_id)
    libelle = (
        _("Repérage par %(organisation)s") % {"organisation": organisations[0].organisation_nom}
        if len(organisations) == 1
        else _("Repérage")
    )
    evenement_enregistrer(personne=personne, parcours=parcours, type=point.evenement, libelle=libelle, acteur=acteur)
    return personne


@transaction.atomic(durable=True)
def personne_modifier(*, acteur, personne: Personne, version: str | None = None, **champs) -> Personne:
    """Modifie l'identité, les coordonnées ou la situation d'une personne.

    Droits : ``selectors.peut_modifier_personne``. La RQTH (donnée de santé) ne se modifie que du côté
    social (``voit_cote_social``). La commune reste dans le département de la personne (un changement de
    département relève d'un transfert de dossier, hors de ce service). Aucun événement si rien ne change ;
    un événement réservé au côté social si seule la RQTH change.
    """
    inconnus = set(champs) - set(CHAMPS_PERSONNE) - set(selectors.CHAMPS_SANTE_PERSONNE)
    if inconnus:
        raise TypeError(f"Champs inattendus : {sorted(inconnus)}")
    if not selectors.peut_modifier_personne(acteur, personne):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette personne."))
    if set(champs) & set(selectors.CHAMPS_SANTE_PERSONNE) and not selectors.voit_cote_social(acteur, personne):
        raise PermissionDenied(_("La RQTH est une donnée de santé : seul le côté social la saisit."))
    personne = Personne.objects.select_for_update().get(pk=personne.pk)
    if personne.anonymise_le:
        raise ValidationError(_("Cette personne a été anonymisée : son dossier ne se modifie plus."))
    # Verrou optimiste : si la fiche a changé depuis son affichage (``version``), rien n'est écrit.
    verifier_version(personne, version)
    avant = {champ: getattr(personne, champ) for champ in champs}
    for champ, valeur in champs.items():
        setattr(personne, champ, valeur)
    _nettoyer(personne)
    _valider(personne)
    if personne.commune.departement_id != personne.departement_id:
        raise ValidationError({"commune": _("La commune doit se trouver dans le département de la personne.")})
    if _identifiant_deja_pris(personne):
        raise _erreur_identifiant()
    modifies = [champ for champ in champs if getattr(personne, champ) != avant[champ]]
    if not modifies:
        return personne
    tracer(personne, acteur=acteur, raison="Modification")
    _enregistrer(personne)
    if "notice_remise_le" in modifies:
        _ajouter_remise_notice(personne, acteur)
    sante_seulement = set(modifies) <= set(selectors.CHAMPS_SANTE_PERSONNE)
    evenement_enregistrer(
        personne=personne,
        type=TypeEvenement.PERSONNE_MODIFIEE,
        libelle=_("Informations de la personne modifiées"),
        acteur=acteur,
        cote_social_seulement=sante_seulement,
    )
    return personne


__all__ = ["CHAMPS_PERSONNE", "personne_creer", "personne_modifier"]
