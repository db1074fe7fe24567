"""Écritures sur les comptes : invitations, habilitations, désactivation, jetons d'API.

Règles :
- on ne supprime jamais un compte ni une habilitation : on les désactive (traçabilité) ;
- un administrateur départemental n'agit que dans ses départements (le super-administrateur partout) ;
- un rôle ne s'exerce que dans certains types d'organisation (``TYPES_ORGANISATION_PAR_ROLE``) ;
- chaque écriture est faite dans une transaction et laisse une trace dans l'historique (simple-history).
"""

import datetime
import logging
import math
from smtplib import SMTPException

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binome.comptes import desactivation, selectors
from binome.comptes.invitations import duree_validite_jours, lien_invitation
from binome.comptes.jetons import empreinte, nouveau_jeton, prefixe_affiche
from binome.comptes.models import Habilitation, JetonApi, Role, Utilisateur
from binome.comptes.regles import verifier_role_organisation
from binome.core.courriels import courriel
from binome.core.historique import sauver
from binome.organisations.models import Organisation

journal = logging.getLogger(__name__)

# Fenêtre de la limitation du débit des jetons d'API (``API_LIMITE_REQUETES_PAR_MINUTE`` requêtes au plus).
FENETRE_LIMITATION = datetime.timedelta(minutes=1)


def _verifier_utilisateur_gerable(acteur: Utilisateur, utilisateur: Utilisateur) -> None:
    """L'acteur gère ce compte en entier : toutes ses habilitations actives sont dans ses départements."""
    if selectors.est_super_admin(acteur):
        return
    if not selectors.utilisateurs_administrables(acteur).filter(pk=utilisateur.pk).exists():
        raise PermissionDenied(_("Ce compte n'est pas dans votre périmètre."))
    if utilisateur.is_superuser:
        raise PermissionDenied(_("Seul un super-administrateur gère un compte de super-administrateur."))
    if selectors.habilitations_hors_perimetre(acteur, utilisateur):
        raise ValidationError(
            _(
                "Ce compte a aussi des rôles dans un autre département : seul un super-administrateur peut le "
                "désactiver ou le réactiver. Vous pouvez retirer ses rôles dans votre département."
            ),
            code="hors_perimetre",
        )


def _envoyer_invitation(*, utilisateur: Utilisateur, acteur: Utilisateur, organisation, role, url_site) -> None:
    contexte = {
        "utilisateur": utilisateur,
        "acteur": acteur,
        "organisation": organisation,
        "role": Role(role).label,
        "lien": lien_invitation(utilisateur, url_site),
        "jours": duree_validite_jours(),
    }
    try:
        courriel(a=[utilisateur.email], gabarit="comptes/courriels/invitation", contexte=contexte).send()
    except (SMTPException, OSError) as erreur:
        journal.warning("Échec d'envoi d'une invitation : %s", type(erreur).__name__)
        raise ValidationError(
            _("Le courriel d'invitation n'a pas pu être envoyé. Rien n'a été enregistré : réessayez plus tard."),
            code="courriel",
        ) from erreur


@transaction.atomic(durable=True)
def habilitation_ajouter(*, acteur: Utilisateur, utilisateur: Utilisateur, organisation: Organisation, role: str):
    """Donne ``role`` dans ``organisation`` à ``utilisateur`` (réactive l'habilitation si elle avait été retirée)."""
    return _habilitation_ajouter(acteur=acteur, utilisateur=utilisateur, organisation=organisation, role=role)


def _habilitation_ajouter(*, acteur: Utilisateur, utilisateur: Utilisateur, organisation: Organisation, role: str):
    """Corps de ``habilitation_ajouter``, sans transaction propre : partagé avec ``utilisateur_inviter``."""
    selectors.verifier_organisation_administree(acteur, organisation)
    if not organisation.active:
        raise ValidationError(_("Cette organisation est désactivée."), code="organisation_inactive")
    if not utilisateur.is_active:
        raise ValidationError(
            _("Ce compte est désactivé : il doit être réactivé avant de recevoir un rôle."), code="compte_inactif"
        )
    verifier_role_organisation(role, organisation)
    habilitation = Habilitation.objects.filter(utilisateur=utilisateur, organisation=organisation, role=role).first()
    if habilitation is not None and habilitation.active:
        raise ValidationError(
            _("%(personne)s a déjà le rôle « %(role)s » dans %(organisation)s.")
            % {"personne": utilisateur, "role": Role(role).label, "organisation": organisation.nom},
            code="doublon",
        )
    if habilitation is None:
        habilitation = Habilitation(utilisateur=utilisateur, organisation=organisation, role=role, cree_par=acteur)
        raison = _("Rôle attribué")
    else:
        habilitation.active = True
        raison = _("Rôle attribué de nouveau")
    sauver(habilitation, acteur=acteur, raison=raison)
    selectors.oublier_habilitations(utilisateur)
    return habilitation


@transaction.atomic(durable=True)
def habilitation_retirer(*, acteur: Utilisateur, habilitation: Habilitation) -> Habilitation:
    """Retire un rôle (l'habilitation est conservée, inactive, pour l'historique)."""
    selectors.verifier_organisation_administree(acteur, habilitation.organisation)
    if not habilitation.active:
        raise ValidationError(_("Ce rôle a déjà été retiré."), code="deja_retire")
    if habilitation.utilisateur_id == acteur.pk and habilitation.role == Role.ADMIN_DEPARTEMENTAL:
        raise ValidationError(
            _(
                "Vous ne pouvez pas retirer votre propre rôle d'administrateur : "
                "demandez-le à un autre administrateur."
            ),
            code="soi_meme",
        )
    _exiger_aucun_parcours(habilitation.utilisateur, habilitation)
    habilitation.active = False
    sauver(habilitation, acteur=acteur, raison=_("Rôle retiré"), update_fields=["active"])
    selectors.oublier_habilitations(habilitation.utilisateur)
    return habilitation


@transaction.atomic(durable=True)
def utilisateur_inviter(
    *,
    acteur: Utilisateur,
    email: str,
    prenom: str,
    nom: str,
    organisation: Organisation,
    role: str,
    url_site: str | None = None,
) -> tuple[Utilisateur, bool]:
    """Invite une personne : crée son compte sans mot de passe utilisable, lui donne ``role`` dans
    ``organisation`` et lui envoie un lien (valable 3 jours) pour choisir son mot de passe.

    Si un compte existe déjà pour cette adresse, on lui ajoute seulement l'habilitation (aucun courriel).
    Renvoie ``(utilisateur, cree)``.
    """
    email = (email or "").strip().lower()
    validate_email(email)
    prenom, nom = (prenom or "").strip(), (nom or "").strip()
    selectors.verifier_organisation_administree(acteur, organisation)
    verifier_role_organisation(role, organisation)
    utilisateur = Utilisateur.objects.filter(email__iexact=email).first()
    if utilisateur is not None:
        _habilitation_ajouter(acteur=acteur, utilisateur=utilisateur, organisation=organisation, role=role)
        return utilisateur, False
    if not prenom or not nom:
        raise ValidationError(_("Le prénom et le nom sont obligatoires."), code="identite")
    utilisateur = Utilisateur(email=email, prenom=prenom, nom=nom)
    utilisateur.set_unusable_password()
    sauver(utilisateur, acteur=acteur, raison=_("Compte créé par invitation"))
    _habilitation_ajouter(acteur=acteur, utilisateur=utilisateur, organisation=organisation, role=role)
    _envoyer_invitation(
        utilisateur=utilisateur, acteur=acteur, organisation=organisation, role=role, url_site=url_site
    )
    return utilisateur, True


@transaction.atomic(durable=True)
def utilisateur_renvoyer_invitation(*, acteur: Utilisateur, utilisateur: Utilisateur, url_site: str | None = None):
    """Renvoie un lien d'invitation à un compte qui ne l'a pas encore utilisé."""
    if not utilisateur.is_active:
        raise ValidationError(_("Ce compte est désactivé."), code="compte_inactif")
    if not selectors.invitation_en_attente(utilisateur):
        raise ValidationError(
            _("Ce compte a déjà été activé : la personne peut utiliser « Mot de passe oublié »."), code="deja_active"
        )
    habilitation = selectors.habilitations_de(acteur, utilisateur).filter(active=True).first()
    if habilitation is None:
        raise PermissionDenied(_("Ce compte n'a aucun rôle dans votre périmètre."))
    _envoyer_invitation(
        utilisateur=utilisateur,
        acteur=acteur,
        organisation=habilitation.organisation,
        role=habilitation.role,
        url_site=url_site,
    )


def _exiger_aucun_parcours(utilisateur: Utilisateur, habilitation: Habilitation | None = None) -> None:
    nombre = desactivation.parcours_a_reaffecter(utilisateur, habilitation)
    if nombre:
        raise ValidationError(
            ngettext(
                "%(personne)s suit encore %(n)s parcours non clos : réaffectez-le d'abord (« Réaffecter ses "
                "parcours »), pour qu'il ne reste pas sans référent.",
                "%(personne)s suit encore %(n)s parcours non clos : réaffectez-les d'abord (« Réaffecter ses "
                "parcours »), pour qu'ils ne restent pas sans référent.",
                nombre,
            )
            % {"personne": utilisateur, "n": nombre},
            code="parcours_a_reaffecter",
        )


@transaction.atomic(durable=True)
def utilisateur_desactiver(*, acteur: Utilisateur, utilisateur: Utilisateur) -> Utilisateur:
    """Désactive un compte : il ne peut plus se connecter, ses sessions cessent d'être reconnues.
    Rien n'est supprimé. Refusé tant que l'agent suit des parcours non clos (à réaffecter d'abord)."""
    return _utilisateur_desactiver(acteur=acteur, utilisateur=utilisateur)


def _utilisateur_desactiver(*, acteur: Utilisateur, utilisateur: Utilisateur) -> Utilisateur:
    """Corps de ``utilisateur_desactiver``, sans transaction propre : partagé avec la réaffectation des
    parcours d'un agent qui part (``accompagnement.services.equipe``)."""
    if utilisateur.pk == acteur.pk:
        raise ValidationError(_("Vous ne pouvez pas désactiver votre propre compte."), code="soi_meme")
    _verifier_utilisateur_gerable(acteur, utilisateur)
    if not utilisateur.is_active:
        raise ValidationError(_("Ce compte est déjà désactivé."), code="deja_desactive")
    _exiger_aucun_parcours(utilisateur)
    utilisateur.is_active = False
    utilisateur.desactive_le = timezone.now()
    sauver(utilisateur, acteur=acteur, raison=_("Compte désactivé"), update_fields=["is_active", "desactive_le"])
    selectors.oublier_habilitations(utilisateur)
    return utilisateur


@transaction.atomic(durable=True)
def utilisateur_reactiver(*, acteur: Utilisateur, utilisateur: Utilisateur) -> Utilisateur:
    _verifier_utilisateur_gerable(acteur, utilisateur)
    if utilisateur.is_active:
        raise ValidationError(_("Ce compte est déjà actif."), code="deja_actif")
    utilisateur.is_active = True
    utilisateur.desactive_le = None
    sauver(utilisateur, acteur=acteur, raison=_("Compte réactivé"), update_fields=["is_active", "desactive_le"])
    selectors.oublier_habilitations(utilisateur)
    return utilisateur


@transaction.atomic(durable=True)
def jeton_api_creer(
    *, acteur: Utilisateur | None, utilisateur: Utilisateur, nom: str, lecture_seule: bool = True, expire_le=None
):
    """Crée un jeton d'API pour ``utilisateur`` ; renvoie ``(jeton, texte_en_clair)`` — le texte n'est montré
    qu'une fois et n'est stocké que haché. ``acteur`` vide : le système (commande ``jeton_api``)."""
    if acteur is not None and acteur != utilisateur:
        _verifier_utilisateur_gerable(acteur, utilisateur)
    if not utilisateur.is_active:
        raise ValidationError(_("Ce compte est désactivé : il ne peut pas recevoir de jeton d’API."))
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": _("Donnez un nom au jeton (par exemple le logiciel qui l'utilisera).")})
    if len(nom) > JetonApi._meta.get_field("nom").max_length:
        raise ValidationError({"nom": _("Le nom du jeton ne doit pas dépasser 100 caractères.")})
    if expire_le is not None and expire_le <= timezone.localdate():
        raise ValidationError({"expire_le": _("La date d'expiration doit être dans le futur.")})
    clair = nouveau_jeton()
    jeton = JetonApi(
        utilisateur=utilisateur,
        nom=nom,
        prefixe=prefixe_affiche(clair),
        empreinte=empreinte(clair),
        lecture_seule=lecture_seule,
        expire_le=expire_le,
        cree_par=acteur,
    )
    sauver(jeton, acteur=acteur, raison=_("Création du jeton d’API"))
    return jeton, clair


@transaction.atomic(durable=True)
def jeton_api_revoquer(*, acteur: Utilisateur | None, jeton: JetonApi) -> JetonApi:
    """Révoque un jeton : il cesse aussitôt d'être accepté. Le compte lui-même, un administrateur qui voit ce
    compte (révoquer protège : pas besoin de gérer le compte en entier) ou le système (``acteur`` vide)."""
    jeton = JetonApi.objects.select_for_update().get(pk=jeton.pk)
    if (
        acteur is not None
        and acteur.pk != jeton.utilisateur_id
        and not selectors.utilisateurs_administrables(acteur).filter(pk=jeton.utilisateur_id).exists()
    ):
        raise PermissionDenied(_("Ce jeton n'est pas dans votre périmètre."))
    if jeton.revoque_le is not None:
        raise ValidationError(_("Ce jeton est déjà révoqué."), code="deja_revoque")
    jeton.revoque_le = timezone.now()
    jeton.revoque_par = acteur
    sauver(jeton, acteur=acteur, raison=_("Révocation du jeton d’API"), update_fields=["revoque_le", "revoque_par"])
    return jeton


@transaction.atomic(durable=True)
def jeton_api_compter_requete(*, jeton: JetonApi, limite: int, maintenant=None) -> int:
    """Compte une requête du jeton dans sa fenêtre d'une minute ; renvoie 0 si elle passe, sinon le nombre de
    secondes avant la prochaine fenêtre (``Retry-After``). ``limite`` nulle : rien n'est compté.

    Un seul UPDATE conditionnel (expressions F) : sous PostgreSQL, deux requêtes simultanées se sérialisent sur
    la ligne et la condition est réévaluée sur la version à jour, le compte est donc exact entre processus ;
    SQLite sérialise les écritures. La dernière utilisation est notée au début de chaque fenêtre : au plus une
    écriture par minute, sans requête de plus.
    """
    maintenant = maintenant or timezone.now()
    seuil = maintenant - FENETRE_LIMITATION
    qs = JetonApi.objects.filter(pk=jeton.pk)
    if limite <= 0:
        # Pas de limitation : seule la dernière utilisation, au plus une fois par minute.
        qs.filter(Q(derniere_utilisation_le__isnull=True) | Q(derniere_utilisation_le__lte=seuil)).update(
            derniere_utilisation_le=maintenant
        )
        return 0
    nouvelle_fenetre = Q(fenetre_debut__isnull=True) | Q(fenetre_debut__lte=seuil)
    comptee = qs.filter(nouvelle_fenetre | Q(requetes_fenetre__lt=limite)).update(
        # Chaque expression lit l'ancienne ligne : la fenêtre est remise à zéro ou la requête s'y ajoute.
        requetes_fenetre=Case(When(nouvelle_fenetre, then=Value(1)), default=F("requetes_fenetre") + 1),
        fenetre_debut=Case(When(nouvelle_fenetre, then=Value(maintenant)), default=F("fenetre_debut")),
        derniere_utilisation_le=Case(
            When(nouvelle_fenetre, then=Value(maintenant)), default=F("derniere_utilisation_le")
        ),
    )
    if comptee:
        return 0
    debut = qs.values_list("fenetre_debut", flat=True).first() or maintenant
    return max(1, math.ceil((debut + FENETRE_LIMITATION - maintenant).total_seconds()))
