"""Plan d'action : briques communes des services du plan (droits, verrou optimiste, heures, validation d'un
objectif ou d'une action). Les services publics sont dans ``services/plan.py``."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.enums import (
    CotePlan,
    Porteur,
    StatutAction,
)
from binome.accompagnement.models import (
    Parcours,
    PlanAction,
)
from binome.accompagnement.services._commun import date_courte

HEURES_MAX = 35
LONGUEUR_LIBELLE = 150


# --- Briques ----------------------------------------------------------------------------------------------


def _nom(utilisateur) -> str:
    if utilisateur is None:
        return _("un autre utilisateur")
    return utilisateur.get_full_name() or utilisateur.email


def _exiger_modification(acteur, parcours: Parcours) -> None:
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce parcours."))


def _exiger_parcours_en_cours(parcours: Parcours) -> None:
    """Le plan se construit au diagnostic partagé et vit pendant l'accompagnement (``machine`` :
    ``modifier_plan``)."""
    machine.exiger(parcours, "modifier_plan")


def _exiger_brouillon(acteur, plan: PlanAction) -> None:
    _exiger_modification(acteur, plan.parcours)
    if plan.est_signe:
        raise ValidationError(
            _("La version %(version)s du plan est signée : elle n'est plus modifiable. Créez une nouvelle version.")
            % {"version": plan.version}
        )
    _exiger_parcours_en_cours(plan.parcours)


def _verrouiller(objet, revision, acteur, message: str) -> None:
    """Verrou optimiste : révision ``revision`` → ``revision + 1`` si personne n'a écrit depuis la lecture.

    Un seul ``UPDATE … WHERE pk = … AND revision = …`` : atomique sur PostgreSQL (verrou de ligne jusqu'à la
    fin de la transaction) comme sur SQLite (écritures sérialisées). Sinon ``ValidationError`` nommant le
    dernier auteur. À appeler dans la transaction du service, avant d'écrire l'objet.
    """
    modele = type(objet)
    if revision is None:
        raise ValidationError(_("Le formulaire est incomplet : rechargez la page puis recommencez."))
    if not modele.objects.filter(pk=objet.pk, revision=revision).update(revision=F("revision") + 1):
        courant = modele.objects.filter(pk=objet.pk).select_related("modifie_par").first()
        raise ValidationError(
            message % {"nom": _nom(courant.modifie_par if courant else None)}, code="modifie_entre_temps"
        )
    objet.refresh_from_db()
    objet.modifie_par = acteur


def _message_plan() -> str:
    return _(
        "Ce plan a été modifié par %(nom)s entre-temps : rechargez la page pour voir ses modifications, "
        "puis refaites les vôtres. Rien n'a été enregistré."
    )


def _toucher_plan(plan: PlanAction, acteur) -> None:
    """Une écriture sur le contenu du plan change sa révision (la signature porte sur ce qu'on a vu).

    Conditionné à « pas encore signé » dans le même ``UPDATE`` : si la version vient d'être signée par
    quelqu'un d'autre, l'écriture en cours est annulée (la transaction du service échoue)."""
    if not PlanAction.objects.filter(pk=plan.pk, signe_le__isnull=True).update(
        revision=F("revision") + 1, modifie_par=acteur, modifie_le=timezone.now()
    ):
        courant = PlanAction.objects.filter(pk=plan.pk).select_related("modifie_par").first()
        raise ValidationError(
            _(
                "Cette version du plan a été signée par %(nom)s entre-temps : rien n'a été enregistré. "
                "Créez une nouvelle version pour la faire évoluer."
            )
            % {"nom": _nom(courant.modifie_par if courant else None)},
            code="modifie_entre_temps",
        )


def _verifier_heures(parcours: Parcours, heures, motif: str) -> str:
    """Valide les heures ; renvoie le motif à enregistrer (vidé si les heures ne sont pas réduites)."""
    if heures is None or not 0 <= heures <= HEURES_MAX:
        raise ValidationError(
            {"heures_hebdomadaires": _("Indiquez un nombre d'heures entre 0 et %(max)s.") % {"max": HEURES_MAX}}
        )
    reference = selectors.heures_de_reference(parcours)
    motif = (motif or "").strip()
    if heures >= reference:
        return ""
    if parcours.personne.beneficiaire_rsa and not motif:
        raise ValidationError(
            {
                "motif_reduction_heures": _(
                    "Pour un bénéficiaire du RSA, %(reference)s h d'activité par semaine sont prévues : "
                    "indiquez le motif de la réduction (situation personnelle ou familiale)."
                )
                % {"reference": reference}
            }
        )
    return motif


def _valider_element(type_element: str, *, element_referentiel, libelle_libre: str, cote, porteur, statut) -> str:
    libelle_libre = (libelle_libre or "").strip()
    erreurs = {}
    if element_referentiel is None and not libelle_libre:
        erreurs["libelle_libre"] = _("Choisissez un élément du référentiel ou écrivez un libellé court.")
    elif element_referentiel is not None and libelle_libre:
        erreurs["libelle_libre"] = _("Choisissez un élément du référentiel ou écrivez un libellé, pas les deux.")
    if element_referentiel is not None and (element_referentiel.type != type_element or not element_referentiel.actif):
        erreurs["element_referentiel"] = _("Cet élément du référentiel ne peut pas être choisi ici.")
    if len(libelle_libre) > LONGUEUR_LIBELLE:
        erreurs["libelle_libre"] = _("Le libellé est limité à %(n)s caractères.") % {"n": LONGUEUR_LIBELLE}
    if cote not in CotePlan.values:
        erreurs["cote"] = _("Choisissez le côté : emploi, social ou partenaire.")
    if porteur not in Porteur.values:
        erreurs["porteur"] = _("Indiquez qui porte cet élément.")
    if statut not in StatutAction.values:
        erreurs["statut"] = _("Statut inconnu.")
    if erreurs:
        raise ValidationError(erreurs)
    return libelle_libre


def _valider_echeance(echeance: datetime.date | None, parcours) -> None:
    debut = calculs.debut_parcours(parcours.date_entree, parcours.date_reperage)
    if echeance is not None and echeance < debut:
        raise ValidationError(
            {
                "echeance": _("L'échéance ne peut pas précéder le début du parcours (%(date)s).")
                % {"date": date_courte(debut)}
            }
        )


def _champs_element(
    type_element, *, parcours, element_referentiel, libelle_libre, cote, porteur, porteur_precision, echeance, statut
):
    _valider_echeance(echeance, parcours)
    libelle_libre = _valider_element(
        type_element,
        element_referentiel=element_referentiel,
        libelle_libre=libelle_libre,
        cote=cote,
        porteur=porteur,
        statut=statut,
    )
    return {
        "element_referentiel": element_referentiel,
        "libelle_libre": libelle_libre,
        "cote": cote,
        "porteur": porteur,
        "porteur_precision": (porteur_precision or "").strip()[:150],
        "echeance": echeance,
        "statut": statut,
    }
