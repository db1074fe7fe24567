"""Lectures des organisations et des paramètres départementaux qui ne dépendent pas de l'acteur.

Les lectures bornées au périmètre d'un administrateur sont dans ``binome.administration.selectors`` (au-dessus
de ``comptes``, qui définit ce périmètre).
"""

from django.db.models import QuerySet

from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation
from binome.territoires.models import Commune, Departement


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


def connexion_mot_de_passe_permise(codes_departements) -> bool:
    """La connexion par mot de passe d'un professionnel dont les habilitations actives sont dans ces départements :
    refusée seulement si chacun de ces départements l'a désactivée (aucun département : permise)."""
    codes = set(codes_departements)
    if not codes:
        return True
    desactives = ParametresDepartement.objects.filter(departement_id__in=codes, connexion_mot_de_passe=False)
    return desactives.count() < len(codes)
