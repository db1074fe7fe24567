"""Lectures liées aux comptes, et les briques de la règle « qui voit quoi ».

Chaque application décide dans ses propres ``selectors.py`` de ce qu'un acteur peut
lire ; elle s'appuie pour cela sur les fonctions ci-dessous, qui sont la seule
définition du périmètre d'un acteur (ses rôles, ses organisations, ses départements).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.comptes.jetons import PREFIXE, empreinte
from binome.comptes.models import Habilitation, JetonApi, Role, Utilisateur
from binome.core.texte import normaliser
from binome.organisations.models import TYPES_NATIONAUX, Organisation


@dataclass(frozen=True)
class HabilitationActive:
    role: str
    organisation_id: int
    organisation_nom: str
    organisation_type: str
    departement_code: str

    @property
    def role_libelle(self) -> str:
        """Libellé français du rôle (« Conseiller France Travail »)."""
        return str(Role(self.role).label) if self.role in Role.values else self.role


def habilitations(utilisateur: Utilisateur) -> list[HabilitationActive]:
    """Habilitations actives de l'utilisateur, mises en cache sur l'instance (une requête par requête HTTP)."""
    if not getattr(utilisateur, "is_authenticated", False) or not utilisateur.is_active:
        return []
    cache = getattr(utilisateur, "_habilitations_actives", None)
    if cache is None:
        cache = [
            HabilitationActive(
                role=h.role,
                organisation_id=h.organisation_id,
                organisation_nom=h.organisation.nom,
                organisation_type=h.organisation.type,
                departement_code=h.organisation.departement_id,
            )
            for h in Habilitation.objects.filter(utilisateur=utilisateur, active=True, organisation__active=True)
            .select_related("organisation")
            .order_by("organisation__nom", "role")
        ]
        utilisateur._habilitations_actives = cache
    return cache


def oublier_habilitations(utilisateur: Utilisateur) -> None:
    """À appeler après une modification des habilitations de cet utilisateur."""
    if hasattr(utilisateur, "_habilitations_actives"):
        del utilisateur._habilitations_actives


def roles(utilisateur: Utilisateur) -> set[str]:
    return {h.role for h in habilitations(utilisateur)}


def a_role(utilisateur: Utilisateur, *roles_attendus: str, departement: str | None = None) -> bool:
    return any(
        h.role in roles_attendus and (departement is None or h.departement_code == departement)
        for h in habilitations(utilisateur)
    )


def est_super_admin(utilisateur: Utilisateur) -> bool:
    return bool(getattr(utilisateur, "is_authenticated", False) and utilisateur.is_active and utilisateur.is_superuser)


def departements_du_role(utilisateur: Utilisateur, *roles_attendus: str) -> set[str]:
    return {h.departement_code for h in habilitations(utilisateur) if h.role in roles_attendus}


def organisations_du_role(utilisateur: Utilisateur, *roles_attendus: str) -> set[int]:
    return {h.organisation_id for h in habilitations(utilisateur) if h.role in roles_attendus}


def departements_administres(utilisateur: Utilisateur) -> set[str] | None:
    """Codes des départements que l'acteur administre ; ``None`` signifie « tous » (super-administrateur)."""
    if est_super_admin(utilisateur):
        return None
    return departements_du_role(utilisateur, Role.ADMIN_DEPARTEMENTAL)


def peut_administrer(utilisateur: Utilisateur) -> bool:
    return est_super_admin(utilisateur) or a_role(utilisateur, Role.ADMIN_DEPARTEMENTAL)


def exiger_administration(utilisateur: Utilisateur) -> None:
    """403 pour qui n'administre aucun département (les écrans d'administration)."""
    if not peut_administrer(utilisateur):
        raise PermissionDenied(_("Cette page est réservée aux administrateurs départementaux."))


def verifier_departement_administre(acteur: Utilisateur, departement_code: str) -> None:
    """Garde des services : l'acteur doit administrer ce département (le super-administrateur les administre tous)."""
    departements = departements_administres(acteur)
    if departements is not None and departement_code not in departements:
        raise PermissionDenied(_("Vous n'administrez pas ce département."))


def verifier_organisation_administree(acteur: Utilisateur, organisation: Organisation) -> None:
    """Garde des services : l'organisation est dans le périmètre de l'acteur. Une instance nationale (enregistrée
    dans le département de son siège) et ses rôles ne sont gérés que par le super-administrateur."""
    verifier_departement_administre(acteur, organisation.departement_id)
    if organisation.type in TYPES_NATIONAUX and not est_super_admin(acteur):
        raise PermissionDenied(_("Seul le super-administrateur de la plateforme gère une instance nationale."))


def utilisateurs_administrables(acteur: Utilisateur) -> QuerySet[Utilisateur]:
    """Utilisateurs qu'un administrateur peut gérer : ceux qui ont une habilitation (même retirée) dans ses
    départements. Le super-administrateur les voit tous."""
    departements = departements_administres(acteur)
    qs = Utilisateur.objects.order_by("nom", "prenom", "pk")
    if departements is None:
        return qs
    if not departements:
        return qs.none()
    return qs.filter(
        Exists(
            Habilitation.objects.filter(
                utilisateur=OuterRef("pk"), organisation__departement__in=departements
            ).exclude(organisation__type__in=TYPES_NATIONAUX)
        )
    )


def habilitations_administrables(acteur: Utilisateur) -> QuerySet[Habilitation]:
    """Habilitations qu'un administrateur voit et gère : celles des organisations de ses départements."""
    departements = departements_administres(acteur)
    qs = Habilitation.objects.select_related("organisation", "organisation__departement").order_by(
        "organisation__departement_id", "organisation__nom", "utilisateur_id", "role", "pk"
    )
    if departements is None:
        return qs
    return qs.filter(organisation__departement__in=departements).exclude(organisation__type__in=TYPES_NATIONAUX)


class StatutCompte:
    ACTIF = "actif"
    INVITE = "invite"
    DESACTIVE = "desactive"


def utilisateurs_liste(acteur: Utilisateur, *, recherche: str = "", statut: str = "") -> QuerySet[Utilisateur]:
    """Liste paginable des utilisateurs administrables, avec leurs habilitations visibles préchargées
    (nombre de requêtes constant quelle que soit la taille de la page)."""
    qs = utilisateurs_administrables(acteur)
    terme = normaliser(recherche)
    if terme:
        qs = qs.filter(recherche_normalise__contains=terme)
    if statut == StatutCompte.DESACTIVE:
        qs = qs.filter(is_active=False)
    elif statut == StatutCompte.INVITE:
        # Compte créé par invitation et jamais utilisé : mot de passe inutilisable (préfixe « ! »).
        qs = qs.filter(is_active=True, last_login__isnull=True, password__startswith="!")
    elif statut == StatutCompte.ACTIF:
        qs = qs.filter(is_active=True).exclude(last_login__isnull=True, password__startswith="!")
    visibles = habilitations_administrables(acteur).filter(active=True).order_by("organisation__nom", "role", "pk")
    return qs.prefetch_related(
        Prefetch("habilitations", queryset=visibles, to_attr="habilitations_visibles")
    ).order_by("nom", "prenom", "pk")


def utilisateur_administrable(acteur: Utilisateur, pk: int) -> Utilisateur:
    """L'utilisateur ``pk`` s'il est dans le périmètre de l'acteur ; 404 sinon (même s'il existe ailleurs)."""
    return get_object_or_404(utilisateurs_administrables(acteur), pk=pk)


def habilitations_de(acteur: Utilisateur, utilisateur: Utilisateur) -> QuerySet[Habilitation]:
    """Habilitations de ``utilisateur`` que l'acteur peut voir (celles de ses départements)."""
    return (
        habilitations_administrables(acteur)
        .filter(utilisateur=utilisateur)
        .select_related("cree_par")
        .order_by("-active", "organisation__departement_id", "organisation__nom", "role", "pk")
    )


def habilitation_administrable(acteur: Utilisateur, utilisateur: Utilisateur, pk: int) -> Habilitation:
    return get_object_or_404(habilitations_administrables(acteur), pk=pk, utilisateur=utilisateur)


def habilitations_hors_perimetre(acteur: Utilisateur, utilisateur: Utilisateur) -> int:
    """Nombre d'habilitations actives de ``utilisateur`` hors des départements de l'acteur (sans les détailler)."""
    departements = departements_administres(acteur)
    if departements is None:
        return 0
    return (
        Habilitation.objects.filter(utilisateur=utilisateur, active=True)
        .exclude(pk__in=habilitations_administrables(acteur).values("pk"))
        .count()
    )


def invitation_en_attente(utilisateur: Utilisateur) -> bool:
    """Vrai si le compte n'a jamais servi : l'invitation n'a pas encore été acceptée."""
    return utilisateur.is_active and utilisateur.last_login is None and not utilisateur.has_usable_password()


def organisations_administrables(acteur) -> QuerySet[Organisation]:
    """Organisations qu'un administrateur peut voir et modifier : celles de ses départements."""
    departements = departements_administres(acteur)
    qs = Organisation.objects.select_related("departement", "parent").order_by("departement_id", "type", "nom", "pk")
    if departements is None:
        return qs
    return qs.filter(departement__in=departements).exclude(type__in=TYPES_NATIONAUX)


def organisations_pour_habilitation(acteur) -> QuerySet[Organisation]:
    """Organisations actives où l'acteur peut donner un rôle (choix proposés dans les formulaires)."""
    return organisations_administrables(acteur).filter(active=True).order_by("departement_id", "type", "nom", "pk")


def jeton_api_valide(jeton_clair: str):
    """Le jeton d'API actif qui correspond à ce texte (non révoqué, non expiré, compte actif), sinon ``None``."""
    if not jeton_clair.startswith(PREFIXE) or len(jeton_clair) > 100:
        return None
    jeton = (
        JetonApi.objects.select_related("utilisateur")
        .filter(empreinte=empreinte(jeton_clair), revoque_le__isnull=True, utilisateur__is_active=True)
        .first()
    )
    if jeton is None or (jeton.expire_le is not None and jeton.expire_le < timezone.localdate()):
        return None
    return jeton


class EtatJeton:
    ACTIF = "actif"
    INACTIF = "inactif"  # révoqué ou expiré


def jetons_api_administrables(acteur: Utilisateur, *, utilisateur_pk=None, validite: str = "") -> QuerySet[JetonApi]:
    """Jetons d'API des comptes que l'acteur administre (``utilisateurs_administrables``), les plus récents
    d'abord ; ``validite`` : ``EtatJeton.ACTIF`` (utilisables) ou ``EtatJeton.INACTIF`` (révoqués ou expirés)."""
    qs = JetonApi.objects.filter(utilisateur__in=utilisateurs_administrables(acteur).values("pk")).select_related(
        "utilisateur"
    )
    if utilisateur_pk is not None:
        qs = qs.filter(utilisateur_id=utilisateur_pk)
    actif = Q(revoque_le__isnull=True) & (Q(expire_le__isnull=True) | Q(expire_le__gte=timezone.localdate()))
    if validite == EtatJeton.ACTIF:
        qs = qs.filter(actif)
    elif validite == EtatJeton.INACTIF:
        qs = qs.exclude(actif)
    return qs.order_by("-cree_le", "-pk")


def jeton_api_administrable(acteur: Utilisateur, pk: int) -> JetonApi:
    """Le jeton ``pk`` s'il appartient à un compte du périmètre de l'acteur ; 404 sinon (même s'il existe)."""
    return get_object_or_404(jetons_api_administrables(acteur), pk=pk)
