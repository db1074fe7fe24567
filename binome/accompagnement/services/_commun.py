"""Outils communs des services du cycle du parcours (orientation, diagnostic, entrée, accompagnement, sortie).

Chaque service public : arguments nommés, une transaction durable (``transaction.atomic(durable=True)``) ;
le parcours est relu et verrouillé (``verrouiller``) ; la garde vient de la machine à états
(``binome.accompagnement.machine``) et les droits de ses prédicats déclarés (``exiger_droits``, qui appelle les
sélecteurs) ; l'historique (``binome.core.historique``) et l'événement de chronologie (libellé neutre, sans
détail social ni de santé) sont écrits dans la même transaction. Erreur métier : ``ValidationError`` en
français ; droit manquant : ``PermissionDenied``. Décisions : ``docs/parcours.md``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.models import Parcours
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.organisations.models import ParametresDepartement

# Message de refus de chaque prédicat de droit qu'une transition peut déclarer (``Transition.qui``).
REFUS_DROITS = {
    "peut_modifier": gettext_lazy("Vous ne pouvez pas modifier ce parcours."),
    "membre_du_binome": gettext_lazy("Seuls les deux membres du binôme donnent leur accord au renouvellement."),
    "cote_dans_parcours": gettext_lazy(
        "Vous n'intervenez pas dans ce parcours au titre d'un des deux côtés du binôme."
    ),
    "peut_proposer_orientation": gettext_lazy("Vous ne pouvez pas proposer d'orientation pour cette personne."),
    "peut_traiter_orientation": gettext_lazy("Cette orientation n'est pas dans votre boîte de réception."),
    "propose_en_partenaire": gettext_lazy(
        "Seule une structure partenaire du département propose une personne à ce titre."
    ),
}


def aujourdhui() -> datetime.date:
    return timezone.localdate()


def date_courte(valeur: datetime.date) -> str:
    return date_format(valeur, "SHORT_DATE_FORMAT")


def minuscule(libelle) -> str:
    """« Accompagnement global » → « accompagnement global » (au milieu d'une phrase)."""
    texte = str(libelle)
    return texte[:1].lower() + texte[1:]


def verrouiller(parcours: Parcours) -> Parcours:
    """Relit le parcours sous verrou : l'état vérifié est celui de la base, pas celui d'un formulaire ancien."""
    return Parcours.objects.select_for_update().get(pk=parcours.pk)


def exiger_droits(acteur, transition: str, objet) -> None:
    """Vérifie les prédicats que la machine déclare pour ``transition`` (``Transition.qui``), dans l'ordre."""
    for predicat in machine.transition(transition).qui:
        if not getattr(selectors, predicat)(acteur, objet):
            raise PermissionDenied(REFUS_DROITS[predicat])


def exiger_modification(acteur, parcours: Parcours) -> None:
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(REFUS_DROITS["peut_modifier"])


def evenement(parcours: Parcours, acteur, type_evenement: str, libelle: str, **options) -> None:
    evenement_enregistrer(
        personne=parcours.personne, parcours=parcours, type=type_evenement, libelle=libelle, acteur=acteur, **options
    )


def exiger_date(valeur, champ: str, *, apres: datetime.date | None = None, libelle_apres: str = "") -> None:
    """Date obligatoire, pas dans le futur et, si ``apres`` est donné, pas avant cette date."""
    if valeur is None:
        raise ValidationError({champ: _("Indiquez la date.")})
    if valeur > aujourdhui():
        raise ValidationError({champ: _("La date ne peut pas être dans le futur.")})
    if apres is not None and valeur < apres:
        raise ValidationError(
            {
                champ: _("La date ne peut pas précéder %(quoi)s (%(date)s).")
                % {"quoi": libelle_apres, "date": date_courte(apres)}
            }
        )


def exiger_choix(valeur, choix, champ: str, message: str) -> None:
    if not valeur or valeur not in choix.values:
        raise ValidationError({champ: message})


def texte(valeur, champ: str, *, obligatoire: bool, longueur: int, message: str = "") -> str:
    resultat = (valeur or "").strip()
    if obligatoire and not resultat:
        raise ValidationError({champ: message or _("Ce champ est obligatoire.")})
    if len(resultat) > longueur:
        raise ValidationError(
            {
                champ: _("%(longueur)s caractères au plus (actuellement %(n)s).")
                % {"longueur": longueur, "n": len(resultat)}
            }
        )
    return resultat


def durees_departement(departement_id: str) -> tuple[int, int]:
    """(durée du parcours, durée du renouvellement) en mois, selon les paramètres du département."""
    lues = (
        ParametresDepartement.objects.filter(departement_id=departement_id)
        .values_list("duree_parcours_mois", "duree_renouvellement_mois")
        .first()
    )
    return lues or (calculs.DUREE_PARCOURS_MOIS_DEFAUT, calculs.DUREE_RENOUVELLEMENT_MOIS_DEFAUT)
