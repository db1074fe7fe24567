"""Écritures sur les organisations, les paramètres départementaux et les conventions FSE+.

Un administrateur départemental n'agit que dans ses départements ; une organisation n'est jamais
supprimée, elle est désactivée (ses habilitations cessent alors de donner accès).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from binome.comptes.selectors import verifier_departement_administre, verifier_organisation_administree
from binome.core.historique import sauver
from binome.organisations.models import ConventionFSE, Organisation, ParametresDepartement, TypeOrganisation

# Champs qu'un formulaire peut modifier (le département ne change pas : on crée une autre organisation).
CHAMPS_MODIFIABLES = (
    "nom",
    "type",
    "categorie_partenaire",
    "parent",
    "siret",
    "adresse",
    "commune",
    "courriel",
    "telephone",
)


def _valider(organisation: Organisation, communes) -> None:
    """Règles de cohérence d'une organisation ; erreurs rattachées aux champs du formulaire."""
    erreurs = {}
    organisation.nom = (organisation.nom or "").strip()
    if organisation.type == TypeOrganisation.PARTENAIRE:
        if not organisation.categorie_partenaire:
            erreurs["categorie_partenaire"] = _("Précisez la catégorie de la structure partenaire.")
    else:
        organisation.categorie_partenaire = ""
    if organisation.parent_id:
        parent = organisation.parent
        if organisation.type != TypeOrganisation.UNITE_ACTION_SOCIALE:
            erreurs["parent"] = _("Seule une unité d'action sociale se rattache à un conseil départemental.")
        elif (
            parent.type != TypeOrganisation.CONSEIL_DEPARTEMENTAL
            or parent.departement_id != organisation.departement_id
        ):
            erreurs["parent"] = _("Le rattachement doit être le conseil départemental du même département.")
        elif organisation.pk and parent.pk == organisation.pk:
            erreurs["parent"] = _("Une organisation ne peut pas se rattacher à elle-même.")
    if organisation.commune_id and organisation.commune.departement_id != organisation.departement_id:
        erreurs["commune"] = _("La commune du siège doit se trouver dans le département de l'organisation.")
    if communes is not None:
        hors = [c for c in communes if c.departement_id != organisation.departement_id]
        if hors:
            erreurs["communes"] = _("Ces communes ne sont pas dans le département : %(communes)s.") % {
                "communes": ", ".join(sorted(c.nom for c in hors))
            }
    memes = Organisation.objects.filter(departement_id=organisation.departement_id).exclude(pk=organisation.pk)
    if memes.filter(type=organisation.type, nom__iexact=organisation.nom).exists():
        erreurs["nom"] = _("Une organisation de ce type porte déjà ce nom dans ce département.")
    if (
        organisation.type == TypeOrganisation.CONSEIL_DEPARTEMENTAL
        and organisation.active
        and memes.filter(type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, active=True).exists()
    ):
        erreurs["type"] = _("Ce département a déjà un conseil départemental actif.")
    if erreurs:
        raise ValidationError(erreurs)
    organisation.full_clean(exclude=["communes"], validate_unique=False, validate_constraints=False)


@transaction.atomic(durable=True)
def organisation_creer(*, acteur, departement, communes=None, **champs) -> Organisation:
    """Crée une organisation dans ``departement`` (que l'acteur doit administrer)."""
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise TypeError(f"Champs inattendus : {sorted(inconnus)}")
    verifier_departement_administre(acteur, departement.pk)
    organisation = Organisation(departement=departement, **champs)
    verifier_organisation_administree(acteur, organisation)
    communes = list(communes) if communes is not None else None
    _valider(organisation, communes)
    sauver(organisation, acteur=acteur, raison=_("Organisation créée"))
    if communes:
        organisation.communes.set(communes)
    return organisation


@transaction.atomic(durable=True)
def organisation_modifier(*, acteur, organisation: Organisation, communes=None, **champs) -> Organisation:
    """Modifie l'organisation ; ``communes`` (si fourni) remplace la liste des communes couvertes."""
    inconnus = set(champs) - set(CHAMPS_MODIFIABLES)
    if inconnus:
        raise TypeError(f"Champs inattendus : {sorted(inconnus)}")
    verifier_organisation_administree(acteur, organisation)
    for nom, valeur in champs.items():
        setattr(organisation, nom, valeur)
    verifier_organisation_administree(acteur, organisation)
    communes = list(communes) if communes is not None else None
    _valider(organisation, communes)
    if (
        organisation.type != TypeOrganisation.CONSEIL_DEPARTEMENTAL
        and organisation.unites.filter(active=True).exists()
    ):
        raise ValidationError(
            {"type": _("Des unités d'action sociale actives sont rattachées à ce conseil départemental.")}
        )
    sauver(organisation, acteur=acteur, raison=_("Organisation modifiée"))
    if communes is not None:
        organisation.communes.set(communes)
    return organisation


@transaction.atomic(durable=True)
def organisation_desactiver(*, acteur, organisation: Organisation) -> Organisation:
    """Désactive l'organisation : les rôles qui y sont rattachés cessent de donner accès."""
    verifier_organisation_administree(acteur, organisation)
    if not organisation.active:
        raise ValidationError(_("Cette organisation est déjà désactivée."), code="deja_desactivee")
    if organisation.habilitations.filter(utilisateur=acteur, active=True).exists():
        raise ValidationError(
            _("Vous ne pouvez pas désactiver l'organisation dans laquelle vous exercez vous-même un rôle."),
            code="soi_meme",
        )
    if organisation.unites.filter(active=True).exists():
        raise ValidationError(
            _("Désactivez d'abord les unités d'action sociale rattachées à ce conseil départemental."),
            code="unites_actives",
        )
    organisation.active = False
    sauver(organisation, acteur=acteur, raison=_("Organisation désactivée"), update_fields=["active", "modifie_le"])
    return organisation


@transaction.atomic(durable=True)
def organisation_reactiver(*, acteur, organisation: Organisation) -> Organisation:
    verifier_organisation_administree(acteur, organisation)
    if organisation.active:
        raise ValidationError(_("Cette organisation est déjà active."), code="deja_active")
    organisation.active = True
    _valider(organisation, None)
    sauver(organisation, acteur=acteur, raison=_("Organisation réactivée"), update_fields=["active", "modifie_le"])
    return organisation


# En dessous, une durée de conservation demande une confirmation explicite : les dossiers sans contact seraient
# anonymisés avant le suivi à 6 mois et les contrôles du FSE+ (référentiel CNIL : 2 ans après le dernier contact).
CONSERVATION_MOIS_SANS_CONFIRMATION = 12


@transaction.atomic(durable=True)
def parametres_departement_modifier(
    *, acteur, departement, confirmer_conservation_courte: bool = False, **valeurs
) -> ParametresDepartement:
    """Enregistre les paramètres de la convention du département (créés au premier enregistrement).

    Une conservation de moins de ``CONSERVATION_MOIS_SANS_CONFIRMATION`` mois n'est enregistrée qu'avec
    ``confirmer_conservation_courte``."""
    verifier_departement_administre(acteur, departement.pk)
    parametres = ParametresDepartement.objects.filter(departement=departement).first()
    creation = parametres is None
    if creation:
        parametres = ParametresDepartement(departement=departement)
    for nom, valeur in valeurs.items():
        if nom in {"id", "pk", "departement", "departement_id", "cree_le", "modifie_le"}:
            raise TypeError(f"Champ non modifiable : {nom}")
        setattr(parametres, nom, valeur)
    parametres.libelle_unite_action_sociale = (parametres.libelle_unite_action_sociale or "").strip()
    parametres.full_clean(exclude=["departement"], validate_unique=False)
    if parametres.conservation_mois < CONSERVATION_MOIS_SANS_CONFIRMATION and not confirmer_conservation_courte:
        raise ValidationError(
            {
                "confirmer_conservation_courte": _(
                    "Une conservation de %(mois)s mois est courte : les dossiers sans contact depuis %(mois)s mois "
                    "seront anonymisés, avant le suivi à 6 mois et les contrôles du FSE+ (la durée de référence est "
                    "de 24 mois). Cochez la case pour confirmer ce choix."
                )
                % {"mois": parametres.conservation_mois}
            }
        )
    if parametres.portefeuille_min > parametres.portefeuille_max:
        raise ValidationError(
            {"portefeuille_max": _("Le maximum du portefeuille doit être supérieur ou égal au minimum.")}
        )
    sauver(parametres, acteur=acteur, raison=_("Paramètres créés") if creation else _("Paramètres modifiés"))
    return parametres


def _chevauchement(convention: ConventionFSE) -> ConventionFSE | None:
    """Une autre convention du département dont la période croise celle-ci (bornes incluses, fin vide = ouverte)."""
    autres = ConventionFSE.objects.filter(departement_id=convention.departement_id).exclude(pk=convention.pk)
    if convention.date_fin is not None:
        autres = autres.filter(date_debut__lte=convention.date_fin)
    return (
        autres.filter(Q(date_fin__isnull=True) | Q(date_fin__gte=convention.date_debut)).order_by("date_debut").first()
    )


@transaction.atomic(durable=True)
def convention_fse_enregistrer(
    *, acteur, departement, date_debut, date_fin=None, identifiant_operation: str, intitule: str = "", convention=None
) -> ConventionFSE:
    """Crée (``convention`` vide) ou modifie une convention FSE+ du département : les parcours entrés pendant sa
    période sont cofinancés, sous son identifiant d'opération (``binome.accompagnement.cofinancement``)."""
    verifier_departement_administre(acteur, departement.pk)
    if convention is None:
        convention = ConventionFSE(departement=departement)
    else:
        convention = ConventionFSE.objects.select_for_update().get(pk=convention.pk, departement=departement)
    convention.date_debut = date_debut
    convention.date_fin = date_fin
    convention.identifiant_operation = (identifiant_operation or "").strip()
    convention.intitule = (intitule or "").strip()
    if date_debut and date_fin and date_fin < date_debut:
        raise ValidationError({"date_fin": _("La fin de la convention ne peut pas précéder son début.")})
    convention.full_clean(exclude=["departement"], validate_constraints=False)
    autre = _chevauchement(convention)
    if autre is not None:
        raise ValidationError(
            {
                "date_debut": _(
                    "Cette période croise la convention %(autre)s : les conventions ne se chevauchent pas."
                )
                % {"autre": autre.identifiant_operation}
            }
        )
    creation = convention.pk is None
    sauver(convention, acteur=acteur, raison="Convention FSE+ créée" if creation else "Convention FSE+ modifiée")
    return convention
