"""Qui voit quoi dans les instances (la seule définition, reprise par les vues, les services et le menu).

- **Gérer** une instance (la définir, ses membres) : l'administrateur départemental de son département (et le
  super-administrateur de la plateforme).
- **Animer** une séance (ordre du jour, présents, décisions, procès-verbal) : ce même administrateur, et les
  membres qui siègent à la présidence ou au secrétariat.
- **Siéger** : un membre non retiré qui garde une habilitation active dans l'organisation pour laquelle il siège.
  Il voit, pour chaque dossier de l'ordre du jour **seulement**, sa référence pseudonyme et la synthèse écrite pour
  l'instance, **jusqu'à l'enregistrement de la décision** ; jamais le nom, les notes privées, la santé.
- **Référent** (conseiller France Travail, travailleur social, encadrant) : voit les instances de son département,
  inscrit un dossier qu'il peut modifier avec un motif, rédige la synthèse des dossiers qu'il suit.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Parcours
from binome.comptes import selectors as comptes
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.instances import ordre_du_jour
from binome.instances.enums import ROLES_ANIMATION, StatutSeance
from binome.instances.models import Instance, Manquement, MembreInstance, PointOrdreDuJour, SeanceInstance
from binome.instances.ordre_du_jour import q_territoire
from binome.organisations.models import TYPES_NATIONAUX, Organisation, TypeOrganisation
from binome.territoires.models import Commune, Departement

ROLES_REFERENTS = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT)


# --- Rôles ------------------------------------------------------------------------------------------------


def _departements_geres(acteur) -> set[str]:
    """Départements dont l'acteur gère les instances. Le super-administrateur de la plateforme n'y a pas accès
    en tant que tel (administration technique seulement, comme pour les dossiers)."""
    return comptes.departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL)


def gere_des_instances(acteur) -> bool:
    return bool(_departements_geres(acteur))


def peut_gerer(acteur, instance: Instance) -> bool:
    return instance.departement_id in _departements_geres(acteur)


def sieges(acteur) -> QuerySet[MembreInstance]:
    """Sièges actifs de l'acteur : non retirés, habilitation active dans l'organisation représentée."""
    organisations = {h.organisation_id for h in comptes.habilitations(acteur)}
    if not organisations:
        return MembreInstance.objects.none()
    return MembreInstance.objects.filter(
        utilisateur=acteur, retire_le__isnull=True, organisation__in=organisations, instance__active=True
    ).order_by("instance", "pk")


def siege_dans(acteur, instance: Instance) -> MembreInstance | None:
    return sieges(acteur).filter(instance=instance).first()


def anime(acteur, instance: Instance) -> bool:
    """Prépare les séances et enregistre les décisions : gestionnaire, présidence ou secrétariat."""
    if peut_gerer(acteur, instance):
        return True
    siege = siege_dans(acteur, instance)
    return siege is not None and siege.role in ROLES_ANIMATION


def _departements_referent(acteur) -> set[str]:
    return comptes.departements_du_role(acteur, *ROLES_REFERENTS)


def voit_les_instances(acteur) -> bool:
    """Prédicat de la liste des instances (et de l'entrée « Instances » du menu)."""
    # Les rôles d'abord (en mémoire), le siège ensuite (une requête) : le menu de chaque page reste sans requête
    # de plus pour les professionnels.
    return bool(_departements_referent(acteur)) or gere_des_instances(acteur) or sieges(acteur).exists()


# --- Instances et séances -----------------------------------------------------------------------------------


def instances_visibles(acteur) -> QuerySet[Instance]:
    if not getattr(acteur, "is_authenticated", False):
        return Instance.objects.none()
    departements = _departements_geres(acteur)
    condition = Q(departement__in=departements) | Q(departement__in=_departements_referent(acteur), active=True)
    condition |= Q(pk__in=sieges(acteur).values("instance_id"))
    return Instance.objects.filter(condition).select_related("departement").order_by("departement", "nom", "pk")


def instance_pour(acteur, pk) -> Instance:
    return get_object_or_404(instances_visibles(acteur), pk=pk)


def instance_a_gerer(acteur, pk) -> Instance:
    instance = instance_pour(acteur, pk)
    if not peut_gerer(acteur, instance):
        raise Http404
    return instance


def membres_de(instance: Instance) -> list[MembreInstance]:
    return list(
        instance.membres.filter(retire_le__isnull=True)
        .select_related("utilisateur", "organisation")
        .order_by("organisation__nom", "utilisateur__nom", "pk")
    )


def seances_de(instance: Instance) -> list[SeanceInstance]:
    return list(instance.seances.order_by("-date", "-pk"))


def seance_pour(acteur, pk) -> SeanceInstance:
    return get_object_or_404(
        SeanceInstance.objects.filter(instance__in=instances_visibles(acteur).values("pk")).select_related(
            "instance", "instance__departement"
        ),
        pk=pk,
    )


def seance_a_animer(acteur, pk) -> SeanceInstance:
    seance = seance_pour(acteur, pk)
    if not anime(acteur, seance.instance):
        raise Http404
    return seance


def peut_preparer(acteur, seance: SeanceInstance) -> bool:
    return seance.statut == StatutSeance.PREVUE and anime(acteur, seance.instance)


# --- L'ordre du jour ----------------------------------------------------------------------------------------


def points_visibles(acteur, seance: SeanceInstance) -> list[PointOrdreDuJour]:
    """Les dossiers de l'ordre du jour que l'acteur voit : tous pour qui anime ou siège, les siens pour un
    référent. Chaque point porte ``ouvrable`` (le membre ne l'ouvre plus une fois la décision enregistrée) ;
    nombre de requêtes indépendant du nombre de points."""
    gere = peut_gerer(acteur, seance.instance)
    siege = siege_dans(acteur, seance.instance) is not None
    points = list(seance.points.select_related("manquement").order_by("pk"))
    suivis = set(
        accompagnement.parcours_visibles(acteur)
        .filter(pk__in=[p.parcours_id for p in points])
        .values_list("pk", flat=True)
    )
    if not (gere or siege):
        points = [p for p in points if p.parcours_id in suivis]
    ouverte = seance.statut == StatutSeance.PREVUE
    for point in points:
        point.ouvrable = gere or point.parcours_id in suivis or (siege and ouverte and not point.est_decide)
    return points


def _peut_ouvrir(acteur, point: PointOrdreDuJour) -> bool:
    instance = point.seance.instance
    if peut_gerer(acteur, instance) or accompagnement.parcours_visibles(acteur).filter(pk=point.parcours_id).exists():
        return True
    return (
        not point.est_decide
        and point.seance.statut == StatutSeance.PREVUE
        and siege_dans(acteur, instance) is not None
    )


def point_pour(acteur, pk) -> PointOrdreDuJour:
    """Un dossier de l'ordre du jour, s'il est ouvrable par l'acteur (``Http404`` sinon)."""
    point = get_object_or_404(
        PointOrdreDuJour.objects.select_related("seance", "seance__instance", "manquement"),
        pk=pk,
        seance__instance__in=instances_visibles(acteur).values("pk"),
    )
    if not _peut_ouvrir(acteur, point):
        raise Http404
    return point


def lit_comme_membre(acteur, point: PointOrdreDuJour) -> bool:
    """Vrai si l'acteur ne lit le dossier qu'en membre (ni gestionnaire ni référent du parcours)."""
    return not (
        peut_gerer(acteur, point.seance.instance)
        or accompagnement.parcours_visibles(acteur).filter(pk=point.parcours_id).exists()
    )


def peut_rediger_synthese(acteur, point: PointOrdreDuJour) -> bool:
    return (
        not point.est_decide
        and point.seance.statut == StatutSeance.PREVUE
        and accompagnement.peut_modifier(acteur, point.parcours)
    )


def peut_decider(acteur, point: PointOrdreDuJour) -> bool:
    return not point.est_decide and peut_preparer(acteur, point.seance)


def peut_inscrire(acteur, seance: SeanceInstance) -> bool:
    """Un référent (ou qui anime) peut ajouter un dossier à une séance prévue de son département."""
    if seance.statut != StatutSeance.PREVUE:
        return False
    return anime(acteur, seance.instance) or seance.instance.departement_id in _departements_referent(acteur)


def parcours_a_inscrire(acteur, seance: SeanceInstance) -> list[Parcours]:
    """Les parcours en cours que l'acteur suit, du territoire de l'instance, pas encore à l'ordre du jour."""
    if not peut_inscrire(acteur, seance):
        return []
    if not _departements_referent(acteur):
        return []
    return list(
        accompagnement.parcours_visibles(acteur)
        .filter(q_territoire(seance.instance))
        .exclude(pk__in=seance.points.values("parcours_id"))
        .exclude(etat__in=ETATS_CLOS)
        .select_related("personne")
        .order_by("personne__nom_normalise", "personne__prenom_normalise", "pk")
    )


def peut_voir_proces_verbal(acteur, seance: SeanceInstance) -> bool:
    if seance.statut != StatutSeance.CLOSE:
        return False
    return anime(acteur, seance.instance) or siege_dans(acteur, seance.instance) is not None


def points_du_proces_verbal(seance: SeanceInstance) -> list[PointOrdreDuJour]:
    return list(seance.points.select_related("manquement").order_by("pk"))


def presents(seance: SeanceInstance) -> list[MembreInstance]:
    return list(
        seance.presents.select_related("utilisateur", "organisation").order_by(
            "organisation__nom", "utilisateur__nom", "pk"
        )
    )


# --- Manquements (RSA) --------------------------------------------------------------------------------------


def manquements_du_parcours(acteur, parcours: Parcours) -> list[Manquement]:
    if not accompagnement.voit_parcours(acteur, parcours.pk):
        return []
    return list(parcours.manquements.order_by("-date", "-pk"))


def manquement_pour(acteur, pk) -> Manquement:
    return get_object_or_404(
        Manquement.objects.filter(parcours__in=accompagnement.parcours_visibles(acteur).values("pk")).select_related(
            "parcours", "parcours__personne"
        ),
        pk=pk,
    )


def peut_constater(acteur, parcours: Parcours) -> bool:
    """Le référent qui suit un bénéficiaire du RSA constate un manquement au contrat d'engagement."""
    return parcours.personne.beneficiaire_rsa and accompagnement.peut_modifier(acteur, parcours)


def peut_suivre_manquement(acteur, manquement: Manquement) -> bool:
    """Invitation, remobilisation : le référent du parcours."""
    return accompagnement.peut_modifier(acteur, manquement.parcours)


def peut_decider_sanction(acteur, manquement: Manquement) -> bool:
    """La décision du président du conseil départemental est saisie par l'administrateur départemental."""
    return manquement.parcours.departement_id in _departements_geres(acteur)


# --- Choix des formulaires ----------------------------------------------------------------------------------


def departements_a_gerer(acteur) -> QuerySet[Departement]:
    return Departement.objects.filter(code__in=_departements_geres(acteur)).order_by("code")


def territoire_possible(departement) -> dict:
    """Communes et unités (unités d'action sociale, agences) que l'instance peut couvrir."""
    return {
        "communes": Commune.objects.filter(departement=departement).order_by("nom", "code_insee"),
        "unites": Organisation.objects.filter(
            departement=departement,
            active=True,
            type__in=(TypeOrganisation.UNITE_ACTION_SOCIALE, TypeOrganisation.AGENCE_FT),
        ).order_by("nom", "pk"),
    }


def membres_possibles(instance: Instance) -> dict:
    """Utilisateurs qui ont une habilitation active dans une organisation du département, et ces organisations."""
    habilitations = Habilitation.objects.filter(active=True, organisation__departement_id=instance.departement_id)
    return {
        "utilisateurs": Utilisateur.objects.filter(is_active=True, pk__in=habilitations.values("utilisateur_id"))
        .exclude(pk__in=instance.membres.filter(retire_le__isnull=True).values("utilisateur_id"))
        .order_by("nom", "prenom", "pk"),
        "organisations": Organisation.objects.filter(departement_id=instance.departement_id, active=True)
        .exclude(type__in=TYPES_NATIONAUX)
        .order_by("nom", "pk"),
    }


def membre_a_retirer(acteur, pk) -> MembreInstance:
    membre = get_object_or_404(MembreInstance.objects.select_related("instance"), pk=pk, retire_le__isnull=True)
    if (
        not peut_gerer(acteur, membre.instance)
        or not instances_visibles(acteur).filter(pk=membre.instance_id).exists()
    ):
        raise Http404
    return membre


def candidats_pour(acteur, seance: SeanceInstance) -> list:
    """Les dossiers qui attendent une décision collective (``ordre_du_jour``), pour qui prépare la séance."""
    if not peut_preparer(acteur, seance):
        return []
    return ordre_du_jour.candidats(seance)


def instances_de_la_fiche(acteur, parcours: Parcours) -> dict:
    """Section de la fiche de la personne : passages du parcours devant une instance, manquements (RSA)."""
    if not accompagnement.voit_parcours(acteur, parcours.pk):
        return {"points": [], "manquements": [], "peut_constater": False}
    return {
        "points": list(
            parcours.points_instance.select_related("seance", "seance__instance").order_by("-seance__date", "-pk")
        ),
        "manquements": manquements_du_parcours(acteur, parcours),
        "peut_constater": peut_constater(acteur, parcours),
    }
