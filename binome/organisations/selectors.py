"""Lectures des organisations et des paramètres départementaux, bornées au périmètre de l'acteur.

Un administrateur départemental ne voit que ses départements ; un objet d'un autre département
répond 404, comme s'il n'existait pas.
"""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from binome.comptes.models import Habilitation
from binome.comptes.selectors import departements_administres
from binome.core.texte import normaliser
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation
from binome.territoires.models import Commune, Departement


def organisations_administrables(acteur) -> QuerySet[Organisation]:
    """Organisations qu'un administrateur peut voir et modifier : celles de ses départements."""
    departements = departements_administres(acteur)
    qs = Organisation.objects.select_related("departement", "parent")
    if departements is None:
        return qs
    return qs.filter(departement__in=departements)


def organisation_administrable(acteur, pk: int) -> Organisation:
    """L'organisation ``pk`` si l'acteur l'administre ; 404 sinon."""
    return get_object_or_404(organisations_administrables(acteur).select_related("commune"), pk=pk)


def organisations_pour_habilitation(acteur) -> QuerySet[Organisation]:
    """Organisations actives où l'acteur peut donner un rôle (choix proposés dans les formulaires)."""
    return organisations_administrables(acteur).filter(active=True).order_by("departement_id", "type", "nom")


class StatutOrganisation:
    ACTIVES = "actives"
    DESACTIVEES = "desactivees"


def organisations_liste(
    acteur, *, recherche: str = "", type: str = "", departement: str = "", statut: str = ""
) -> QuerySet[Organisation]:
    """Liste filtrée et paginable : nombre de requêtes constant quelle que soit la taille de la page."""
    qs = organisations_administrables(acteur)
    terme = normaliser(recherche)
    if terme:
        qs = qs.filter(nom_normalise__contains=terme)
    if type:
        qs = qs.filter(type=type)
    if departement:
        qs = qs.filter(departement_id=departement)
    if statut == StatutOrganisation.ACTIVES:
        qs = qs.filter(active=True)
    elif statut == StatutOrganisation.DESACTIVEES:
        qs = qs.filter(active=False)
    return qs.annotate(
        nb_communes=Count("communes", distinct=True),
        nb_membres=Count("habilitations", filter=Q(habilitations__active=True), distinct=True),
        libelle_unite=F("departement__parametres__libelle_unite_action_sociale"),
    ).order_by("departement_id", "type", "nom", "pk")


def departements_administrables(acteur, *, tous: bool = False) -> QuerySet[Departement]:
    """Départements de l'acteur. Pour le super-administrateur : ceux qui ont déjà des organisations,
    ou tous les départements avec ``tous=True`` (création d'une organisation dans un nouveau département)."""
    departements = departements_administres(acteur)
    qs = Departement.objects.all().order_by("code")
    if departements is None:
        return qs if tous else qs.filter(Exists(Organisation.objects.filter(departement=OuterRef("pk"))))
    return qs.filter(code__in=departements)


def departement_administrable(acteur, code: str) -> Departement:
    departements = departements_administres(acteur)
    qs = Departement.objects.all()
    if departements is not None:
        qs = qs.filter(code__in=departements)
    return get_object_or_404(qs, code=code)


def parametres_du_departement(departement: Departement) -> ParametresDepartement:
    """Paramètres enregistrés du département, ou les valeurs par défaut (objet non enregistré)."""
    parametres = ParametresDepartement.objects.filter(departement=departement).first()
    return parametres or ParametresDepartement(departement=departement)


def libelle_unites(departement_code: str) -> str:
    """Nom local des unités d'action sociale (« Maison des solidarités », « Circonscription d'action sociale »…)."""
    libelle = (
        ParametresDepartement.objects.filter(departement_id=departement_code)
        .values_list("libelle_unite_action_sociale", flat=True)
        .first()
    )
    return libelle or str(TypeOrganisation.UNITE_ACTION_SOCIALE.label)


def conseils_departementaux(departement) -> QuerySet[Organisation]:
    """Conseils départementaux actifs du département (rattachement des unités d'action sociale)."""
    return Organisation.objects.filter(
        departement=departement, type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, active=True
    ).order_by("nom")


def communes_du_departement(departement) -> QuerySet[Commune]:
    return Commune.objects.filter(departement=departement).order_by("nom_normalise", "code_insee")


def communes_couvertes(organisation: Organisation) -> QuerySet[Commune]:
    return organisation.communes.order_by("nom_normalise", "code_insee")


def membres(organisation: Organisation) -> QuerySet[Habilitation]:
    """Habilitations actives de l'organisation (la vue a déjà vérifié que l'acteur l'administre)."""
    return (
        Habilitation.objects.filter(organisation=organisation, active=True, utilisateur__is_active=True)
        .select_related("utilisateur")
        .order_by("utilisateur__nom", "utilisateur__prenom", "role")
    )


def compter_perimetre(acteur) -> list[dict]:
    """Par département administré : nombre d'organisations actives et d'utilisateurs actifs (accueil)."""
    resultat = []
    for departement in departements_administrables(acteur):
        nb_organisations = Organisation.objects.filter(departement=departement, active=True).count()
        nb_utilisateurs = (
            Habilitation.objects.filter(
                organisation__departement=departement, active=True, utilisateur__is_active=True
            )
            .values("utilisateur")
            .distinct()
            .count()
        )
        resultat.append(
            {"departement": departement, "nb_organisations": nb_organisations, "nb_utilisateurs": nb_utilisateurs}
        )
    return resultat
