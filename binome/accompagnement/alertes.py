"""Alertes de suivi, calculées en SQL pour toute une liste de parcours (aucune requête par ligne).

``annoter_alertes(qs)`` ajoute à chaque parcours :

- ``dernier_contact`` : date du dernier contact **honoré** du parcours ;
- ``prochain_contact`` : prochaine date prévue au dernier contact saisi ;
- ``alerte_sans_contact`` : parcours suivi (actif, renouvelé, social exclusif) sans contact honoré depuis plus
  de ``alerte_sans_contact_jours`` (depuis l'entrée s'il n'y a jamais eu de contact) ;
- ``alerte_fin_terme`` : parcours en cours dont la fin prévue tombe dans ``alerte_fin_terme_jours`` ou est
  dépassée (revue à prévoir) ;
- ``alerte_orientation`` : orientation proposée, toujours sans diagnostic après ``alerte_orientation_jours`` ;
- ``alerte_diagnostic_en_retard`` : diagnostic planifié à une date passée, toujours pas tenu (parcours encore
  au stade de l'orientation) ;
- ``nb_actions_en_retard`` : actions de la dernière version du plan, échéance passée, ni réalisées ni
  abandonnées (parcours non clos) ; ``alerte_actions_en_retard`` quand il y en a ;
- ``alerte_agent_inactif`` : parcours non clos dont le conseiller ou le référent social n'a plus de rôle actif
  dans son organisation (compte désactivé, habilitation retirée) : le parcours est à réaffecter ;
- ``alerte_suivi_6_mois`` : parcours sorti dont l'échéance du suivi à 6 mois est atteinte et le suivi pas fait ;
- ``alerte_orientation_rsa`` : parcours repéré d'une personne listée comme nouvelle bénéficiaire du RSA, pas encore
  orientée, dont l'échéance d'orientation (``delai_orientation_rsa_jours`` après la liste) tombe dans
  ``MARGE_ORIENTATION_RSA_JOURS`` ou est dépassée (``q_orientation_rsa_a_decider`` : même définition que la
  liste des personnes à orienter) ;
- ``nb_alertes`` : nombre d'alertes levées ; ``seuil_sans_contact`` etc. : seuils appliqués (jours).

Les seuils viennent des ``ParametresDepartement`` du département **du parcours** (valeurs par défaut du modèle
si le département n'a pas de paramètres) : une seule requête lit les paramètres, puis chaque seuil devient une
expression ``CASE departement_id WHEN … THEN date_limite`` calculée en Python, identique sur SQLite et PostgreSQL.
"""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.enums import (
    ETATS_CLOS,
    ETATS_EN_COURS,
    STATUTS_ORIENTATION_EN_ATTENTE,
    EtatParcours,
    PresenceContact,
    StatutAction,
    StatutOrientation,
)
from binome.accompagnement.models import Action, Contact, Orientation, Parcours, PlanAction, Sortie
from binome.comptes.models import Habilitation, Role
from binome.core.memoire_requete import memoriser
from binome.organisations.models import ParametresDepartement

# États où un contact régulier est attendu (pas pendant une suspension).
ETATS_CONTACT_ATTENDU = (EtatParcours.ACTIF, EtatParcours.RENOUVELE, EtatParcours.SOCIAL_EXCLUSIF)
STATUTS_ACTION_OUVERTS = (StatutAction.A_FAIRE, StatutAction.EN_COURS)


class Alerte:
    """Codes des alertes (filtre du portefeuille) et leurs libellés."""

    SANS_CONTACT = "sans_contact"
    FIN_TERME = "fin_terme"
    ORIENTATION = "orientation"
    DIAGNOSTIC_EN_RETARD = "diagnostic_en_retard"
    ACTIONS_EN_RETARD = "actions_en_retard"
    SUIVI_6_MOIS = "suivi_6_mois"
    AGENT_INACTIF = "agent_inactif"
    ORIENTATION_RSA = "orientation_rsa"

    CHOIX = [
        (SANS_CONTACT, _("Sans contact récent")),
        (FIN_TERME, _("Fin de terme proche (revue à prévoir)")),
        (ORIENTATION, _("Orientation en attente de diagnostic")),
        (DIAGNOSTIC_EN_RETARD, _("Diagnostic planifié en retard")),
        (ACTIONS_EN_RETARD, _("Actions en retard")),
        (SUIVI_6_MOIS, _("Suivi à 6 mois à faire")),
        (AGENT_INACTIF, _("Suivi par un agent désactivé (à réaffecter)")),
        (ORIENTATION_RSA, _("Orientation RSA à décider (échéance proche ou dépassée)")),
    ]
    CHAMPS = {
        SANS_CONTACT: "alerte_sans_contact",
        FIN_TERME: "alerte_fin_terme",
        ORIENTATION: "alerte_orientation",
        DIAGNOSTIC_EN_RETARD: "alerte_diagnostic_en_retard",
        ACTIONS_EN_RETARD: "alerte_actions_en_retard",
        SUIVI_6_MOIS: "alerte_suivi_6_mois",
        AGENT_INACTIF: "alerte_agent_inactif",
        ORIENTATION_RSA: "alerte_orientation_rsa",
    }


@dataclass(frozen=True)
class Seuils:
    sans_contact_jours: int
    fin_terme_jours: int
    orientation_jours: int
    orientation_rsa_jours: int = 42


# L'alerte d'orientation RSA se lève une semaine avant l'échéance légale (6 semaines par défaut).
MARGE_ORIENTATION_RSA_JOURS = 7


def _defaut(champ: str) -> int:
    return ParametresDepartement._meta.get_field(champ).default


SEUILS_PAR_DEFAUT = Seuils(
    sans_contact_jours=_defaut("alerte_sans_contact_jours"),
    fin_terme_jours=_defaut("alerte_fin_terme_jours"),
    orientation_jours=_defaut("alerte_orientation_jours"),
    orientation_rsa_jours=_defaut("delai_orientation_rsa_jours"),
)


def seuils_des_departements() -> dict[str, Seuils]:
    """Seuils de chaque département qui a des paramètres (une requête, une centaine de lignes au plus ; une fois
    par page de lecture, que les expressions d'alerte soient construites une ou plusieurs fois)."""
    return dict(memoriser(("seuils_des_departements",), _lire_seuils))


def _lire_seuils() -> dict[str, Seuils]:
    return {
        ligne["departement_id"]: Seuils(
            ligne["alerte_sans_contact_jours"],
            ligne["alerte_fin_terme_jours"],
            ligne["alerte_orientation_jours"],
            ligne["delai_orientation_rsa_jours"],
        )
        for ligne in ParametresDepartement.objects.values(
            "departement_id",
            "alerte_sans_contact_jours",
            "alerte_fin_terme_jours",
            "alerte_orientation_jours",
            "delai_orientation_rsa_jours",
        )
    }


def _par_departement(seuils: dict[str, Seuils], attribut: str, valeur, output_field):
    """``CASE departement_id WHEN code THEN valeur(seuil du code) … ELSE valeur(seuil par défaut) END``.

    Seuls les départements qui s'écartent du défaut ont une branche : la requête reste courte."""
    defaut = valeur(getattr(SEUILS_PAR_DEFAUT, attribut))
    branches = [
        When(departement_id=code, then=Value(valeur(getattr(s, attribut)), output_field=output_field))
        for code, s in sorted(seuils.items())
        if getattr(s, attribut) != getattr(SEUILS_PAR_DEFAUT, attribut)
    ]
    if not branches:
        return Value(defaut, output_field=output_field)
    return Case(*branches, default=Value(defaut, output_field=output_field), output_field=output_field)


def q_orientation_rsa_a_decider(prefixe: str = "") -> Q:
    """Personne listée comme nouvelle bénéficiaire du RSA (``inscrite_liste_rsa_le``), non anonymisée, sans
    orientation proposée depuis : son orientation reste à décider. Sur ``Personne`` (``prefixe=""``) ou sur un
    modèle qui la porte (``prefixe="personne__"``)."""
    orientee = Orientation.objects.filter(
        parcours__personne_id=OuterRef(f"{prefixe}pk" if prefixe else "pk"),
        date_proposition__gte=OuterRef(f"{prefixe}inscrite_liste_rsa_le"),
    )
    return Q(**{f"{prefixe}inscrite_liste_rsa_le__isnull": False, f"{prefixe}anonymise_le__isnull": True}) & ~Q(
        Exists(orientee)
    )


def delai_orientation_rsa(seuils: dict[str, Seuils] | None = None) -> Case | Value:
    """Le délai d'orientation du département de la ligne (``departement_id``) en jours, comme expression SQL."""
    seuils = seuils_des_departements() if seuils is None else seuils
    return _par_departement(seuils, "orientation_rsa_jours", int, IntegerField())


def limite_alerte_orientation_rsa(aujourdhui: datetime.date, seuils: dict[str, Seuils], prefixe: str = "") -> Q:
    """La personne a été listée au plus tard le jour où l'échéance tombe dans la marge : listée le
    ``aujourdhui + marge - délai`` ou avant (échéance = listée le + délai)."""

    def limite(jours):
        return aujourdhui + datetime.timedelta(days=MARGE_ORIENTATION_RSA_JOURS - jours)

    expression = _par_departement(seuils, "orientation_rsa_jours", limite, DateField())
    if prefixe:  # le département de la personne, pas celui du parcours (ils sont égaux, mais sans jointure)
        return Q(**{f"{prefixe}inscrite_liste_rsa_le__lte": expression})
    return Q(inscrite_liste_rsa_le__lte=expression)


def _drapeau(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _un_si(champ: str) -> Case:
    return Case(When(**{champ: True}, then=Value(1)), default=Value(0), output_field=IntegerField())


def _habilitation_active(agent: str, organisation: str, role: str) -> Exists:
    return Exists(
        Habilitation.objects.filter(
            utilisateur_id=OuterRef(agent),
            organisation_id=OuterRef(organisation),
            role=role,
            active=True,
            utilisateur__is_active=True,
            organisation__active=True,
        )
    )


def q_conseiller_inactif() -> Q:
    return Q(conseiller_id__isnull=False) & ~_habilitation_active(
        "conseiller_id", "organisation_conseiller_id", Role.CONSEILLER_FT
    )


def q_referent_inactif() -> Q:
    return Q(referent_social_id__isnull=False) & ~_habilitation_active(
        "referent_social_id", "organisation_referent_id", Role.TRAVAILLEUR_SOCIAL
    )


def q_agent_inactif() -> Q:
    """Le conseiller ou le référent social du parcours n'a plus de rôle actif dans l'organisation pour laquelle
    il le suit (compte désactivé, habilitation retirée, organisation désactivée) : une seule définition, pour
    l'alerte, la vue équipe et l'accueil de l'administrateur départemental."""
    return q_conseiller_inactif() | q_referent_inactif()


def q_diagnostic_depasse(aujourdhui: datetime.date) -> Q:
    """Orientation dont le diagnostic planifié est passé sans avoir été tenu (sur ``Orientation``) : l'alerte
    « diagnostic en retard » du parcours et le badge de la boîte de réception des orientations."""
    return Q(statut=StatutOrientation.DIAGNOSTIC_PLANIFIE, date_diagnostic_planifiee__lt=aujourdhui)


def _sous_requetes(aujourdhui: datetime.date) -> tuple:
    """Sous-requêtes corrélées des alertes (contacts honorés, actions en retard, orientations, diagnostic
    planifié dépassé, suivi à 6 mois dû)."""
    honores = Contact.objects.filter(parcours=OuterRef("pk"), presence=PresenceContact.HONORE)
    dernier_plan = PlanAction.objects.filter(parcours=OuterRef(OuterRef("pk"))).order_by("-version").values("pk")[:1]
    actions_en_retard = (
        Action.objects.filter(plan=Subquery(dernier_plan), echeance__lt=aujourdhui, statut__in=STATUTS_ACTION_OUVERTS)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    orientations_anciennes = Orientation.objects.filter(
        parcours=OuterRef("pk"),
        statut__in=STATUTS_ORIENTATION_EN_ATTENTE,
        date_proposition__lt=OuterRef("limite_orientation"),
    )
    diagnostic_depasse = Orientation.objects.filter(q_diagnostic_depasse(aujourdhui), parcours=OuterRef("pk"))
    suivi_du = Sortie.objects.filter(
        parcours=OuterRef("pk"), suivi_6_mois_echeance__lte=aujourdhui, suivi_6_mois_fait_le__isnull=True
    )
    return honores, actions_en_retard, orientations_anciennes, diagnostic_depasse, suivi_du


def expressions_alertes(*, aujourdhui: datetime.date | None = None, seuils: dict[str, Seuils] | None = None) -> dict:
    """Expressions d'annotation, dans l'ordre où elles se référencent (pour ``annotate`` ou ``alias``)."""
    aujourdhui = aujourdhui or timezone.localdate()
    seuils = seuils_des_departements() if seuils is None else seuils
    return dict(_expressions_construites(aujourdhui, tuple(sorted(seuils.items()))))


# Construire ces expressions coûte à chaque page (issue 17) ; elles ne dépendent que du jour et des seuils (relus à
# chaque page : un seuil changé fait une clé neuve) et Django ne les modifie pas (il les copie pour les résoudre) :
# gardées d'une requête à l'autre.
@functools.lru_cache(maxsize=8)
def _expressions_construites(aujourdhui: datetime.date, cle_seuils: tuple) -> dict:
    seuils = dict(cle_seuils)

    def avant(jours):
        return aujourdhui - datetime.timedelta(days=jours)

    def apres(jours):
        return aujourdhui + datetime.timedelta(days=jours)

    honores, actions_en_retard, orientations_anciennes, diagnostic_depasse, suivi_du = _sous_requetes(aujourdhui)
    return {
        "dernier_contact": Subquery(honores.order_by("-date", "-pk").values("date")[:1], output_field=DateField()),
        "prochain_contact": Subquery(
            Contact.objects.filter(parcours=OuterRef("pk")).order_by("-date", "-pk").values("prochaine_date")[:1],
            output_field=DateField(),
        ),
        "seuil_sans_contact": _par_departement(seuils, "sans_contact_jours", int, IntegerField()),
        "seuil_fin_terme": _par_departement(seuils, "fin_terme_jours", int, IntegerField()),
        "seuil_orientation": _par_departement(seuils, "orientation_jours", int, IntegerField()),
        "limite_contact": _par_departement(seuils, "sans_contact_jours", avant, DateField()),
        "limite_fin_terme": _par_departement(seuils, "fin_terme_jours", apres, DateField()),
        "limite_orientation": _par_departement(seuils, "orientation_jours", avant, DateField()),
        "alerte_sans_contact": _drapeau(
            Q(etat__in=ETATS_CONTACT_ATTENDU)
            & (
                Q(dernier_contact__isnull=False, dernier_contact__lt=F("limite_contact"))
                | Q(dernier_contact__isnull=True, date_entree__lt=F("limite_contact"))
            )
        ),
        "alerte_fin_terme": _drapeau(
            Q(etat__in=ETATS_EN_COURS, date_fin_prevue__isnull=False) & Q(date_fin_prevue__lte=F("limite_fin_terme"))
        ),
        "alerte_orientation": _drapeau(Q(etat=EtatParcours.ORIENTATION_PROPOSEE) & Q(Exists(orientations_anciennes))),
        "alerte_diagnostic_en_retard": _drapeau(
            Q(etat=EtatParcours.ORIENTATION_PROPOSEE) & Q(Exists(diagnostic_depasse))
        ),
        "nb_actions_en_retard": Case(
            When(etat__in=ETATS_CLOS, then=Value(0)),
            default=Coalesce(Subquery(actions_en_retard, output_field=IntegerField()), Value(0)),
            output_field=IntegerField(),
        ),
        "alerte_actions_en_retard": _drapeau(Q(nb_actions_en_retard__gt=0)),
        "alerte_suivi_6_mois": _drapeau(Q(etat=EtatParcours.SORTI) & Q(Exists(suivi_du))),
        "alerte_agent_inactif": _drapeau(~Q(etat__in=ETATS_CLOS) & q_agent_inactif()),
        "alerte_orientation_rsa": _drapeau(
            Q(etat=EtatParcours.REPERE)
            & q_orientation_rsa_a_decider("personne__")
            & limite_alerte_orientation_rsa(aujourdhui, seuils, "personne__")
        ),
    }


def _nb_alertes():
    total = None
    for champ in Alerte.CHAMPS.values():
        terme = _un_si(champ)
        total = terme if total is None else total + terme
    return total


def annoter_alertes(qs: QuerySet[Parcours], *, aujourdhui: datetime.date | None = None) -> QuerySet[Parcours]:
    """Le ``QuerySet`` de parcours annoté des dates de contact et des alertes (voir le module)."""
    return qs.annotate(**expressions_alertes(aujourdhui=aujourdhui)).annotate(nb_alertes=_nb_alertes())


def aliaser_alertes(qs: QuerySet[Parcours], *, aujourdhui: datetime.date | None = None) -> QuerySet[Parcours]:
    """Comme ``annoter_alertes`` mais sans rien sélectionner : pour filtrer ou compter par groupe."""
    return qs.alias(**expressions_alertes(aujourdhui=aujourdhui)).alias(nb_alertes=_nb_alertes())


# « Au moins une alerte » : la disjonction des alertes, les moins coûteuses d'abord (colonnes du parcours, puis
# sous-requêtes gardées par l'état, le dernier contact honoré par l'index ``contact_honore_parcours_date``, les
# actions, enfin les habilitations des deux agents). PostgreSQL et SQLite arrêtent un ``OR`` au
# premier terme vrai et un ``CASE`` à sa première branche : une ligne qui porte une alerte simple ne calcule
# pas les autres. Même résultat que ``nb_alertes > 0`` (``tests/accompagnement/test_suivi_alertes.py``).
ORDRE_DE_CALCUL = (
    Alerte.FIN_TERME,
    Alerte.SUIVI_6_MOIS,
    Alerte.ORIENTATION,
    Alerte.DIAGNOSTIC_EN_RETARD,
    Alerte.ORIENTATION_RSA,
    Alerte.SANS_CONTACT,
    Alerte.ACTIONS_EN_RETARD,
    Alerte.AGENT_INACTIF,
)


def filtre_alerte(code: str) -> Q:
    """Condition « porte l'alerte ``code`` » (ou « au moins une alerte » pour ``"toutes"``), sur une liste
    annotée ou aliasée : seules les expressions nommées par la condition entrent dans la requête."""
    if code in Alerte.CHAMPS:
        return Q(**{Alerte.CHAMPS[code]: True})
    condition = Q()
    for alerte in ORDRE_DE_CALCUL:
        condition |= Q(**{Alerte.CHAMPS[alerte]: True})
    return condition
