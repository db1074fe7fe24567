"""Plan d'action, contacts et référentiel (le parcours a déjà été obtenu par ``parcours_pour``)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from binome.accompagnement import annuaire
from binome.accompagnement.models import (
    Contact,
    ElementReferentiel,
    Parcours,
    PlanAction,
)
from binome.comptes.models import Utilisateur
from binome.core.texte import normaliser
from binome.organisations.models import ParametresDepartement

# --- Plan d'action et contacts (le parcours a déjà été obtenu par ``parcours_pour``) -------------------


def plans_du_parcours(parcours: Parcours) -> QuerySet[PlanAction]:
    """Versions du plan d'action, de la plus récente à la plus ancienne."""
    return (
        PlanAction.objects.filter(parcours=parcours)
        .select_related("cree_par", "modifie_par")
        .order_by("-version", "-pk")
    )


def plan_courant(parcours: Parcours) -> PlanAction | None:
    """La dernière version du plan (brouillon en cours ou dernière signée), ou ``None``."""
    return plans_du_parcours(parcours).first()


def plan_version(parcours: Parcours, version: int) -> PlanAction:
    return get_object_or_404(plans_du_parcours(parcours), version=version)


def objectifs_du_plan(plan: PlanAction):
    return plan.objectifs.select_related("element_referentiel", "modifie_par").order_by("pk")


def actions_du_plan(plan: PlanAction):
    return plan.actions.select_related("element_referentiel", "objectif", "modifie_par").order_by("pk")


def services_rattaches(acteur, actions) -> dict:
    """Services de l'annuaire rattachés aux actions, en une requête : ``{identifiant: Service}``.

    Seuls les services que l'acteur peut consulter dans l'annuaire (règle de ``binome.ressources.selectors``,
    branchée par ``binome.accompagnement.annuaire``) sont renvoyés ; un identifiant absent du dictionnaire
    désigne un service retiré ou non publié.
    """
    return annuaire.services_consultables(acteur, {a.service_ressource_id for a in actions})


def orientations_des_actions(acteur, actions) -> dict:
    """Orientations vers un service envoyées depuis ces actions, et leur réponse : ``{id d'action: [...]}``
    (règle de ``binome.ressources.selectors``, branchée par ``binome.accompagnement.annuaire``)."""
    return annuaire.orientations_des_actions(acteur, {a.pk for a in actions})


def contacts_du_parcours(parcours: Parcours) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(parcours=parcours)
        .select_related("auteur")
        .prefetch_related("participants")
        .order_by("-date", "-pk")
    )


def participants_possibles(parcours: Parcours, acteur) -> QuerySet[Utilisateur]:
    """Professionnels que l'on peut cocher comme présents à un contact : le binôme et l'auteur de la saisie."""
    ids = {pk for pk in (parcours.conseiller_id, parcours.referent_social_id, acteur.pk) if pk}
    return Utilisateur.objects.filter(pk__in=ids).order_by("nom", "prenom", "pk")


def elements_referentiel(type_element: str, *, theme: str = "", recherche: str = "") -> QuerySet[ElementReferentiel]:
    """Objectifs ou actions actifs du référentiel, filtrés par thème et par texte (sans accents)."""
    qs = ElementReferentiel.objects.filter(type=type_element, actif=True)
    if theme:
        qs = qs.filter(theme_code=theme)
    elements = qs.order_by("theme_libelle", "libelle", "pk")
    terme = normaliser(recherche)
    if not terme:
        return elements
    # Le référentiel compte quelques centaines de lignes : filtrage portable sur le libellé normalisé.
    retenus = [e.pk for e in elements if terme in normaliser(f"{e.theme_libelle} {e.libelle}")]
    return elements.filter(pk__in=retenus)


def themes_referentiel(type_element: str) -> list[tuple[str, str]]:
    return list(
        ElementReferentiel.objects.filter(type=type_element, actif=True)
        .order_by("theme_libelle", "theme_code")
        .values_list("theme_code", "theme_libelle")
        .distinct()
    )


def heures_de_reference(parcours: Parcours) -> int:
    """Heures hebdomadaires par défaut du département du parcours (RSA : 15 h sauf convention contraire)."""
    valeur = (
        ParametresDepartement.objects.filter(departement_id=parcours.departement_id)
        .values_list("heures_hebdo_rsa", flat=True)
        .first()
    )
    return valeur if valeur is not None else ParametresDepartement._meta.get_field("heures_hebdo_rsa").default
