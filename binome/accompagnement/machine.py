"""Machine à états du parcours (domaine.md §a.3) : chaque transition est déclarée **une fois**, ici.

Une déclaration (``Transition``) donne : le nom, les états source, l'état cible (``None`` : action qui ne
change pas l'état, par exemple une demande de coordination), la garde (fonction pure du parcours, avec son
message), qui peut la déclencher (noms de prédicats de ``binome.accompagnement.selectors``, vérifiés par les
services) et l'événement de chronologie qu'elle enregistre. Tout en découle :

- ``actions_possibles(parcours)`` : les boutons que les écrans affichent ;
- ``exiger`` / ``appliquer`` : la garde et son message (``transition_interdite``), utilisés par les services ;
- ``etablir_etat_initial`` / ``colonnes_etat_initial`` : les points d'entrée déclarés (``POINTS_ENTREE``) par
  lesquels un parcours naît dans un état donné (repérage, import d'un parcours déjà commencé ou clos,
  démonstration, banc d'essai).

**Aucun autre module n'écrit ``Parcours.etat``** : ``tests/accompagnement/test_machine.py`` parcourt le code et
échoue sur toute affectation ``x.etat = …``, tout argument ``etat=`` d'un appel d'écriture et tout
``.update(etat=…)`` hors de ce module. Ce module ne lit pas la base et n'importe que les énumérations : les
modèles, les sélecteurs, les services et les vues peuvent l'importer sans cycle.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import calculs
from binome.accompagnement.enums import ETATS_AVANT_ENTREE, ETATS_CLOS, ETATS_EN_COURS, EtatParcours, TypeEvenement

E = EtatParcours

# Ensembles d'états (déclarés avec ``EtatParcours`` dans ``enums`` : les contraintes des modèles s'en servent).
AVANT_ENTREE = frozenset(ETATS_AVANT_ENTREE)
EN_COURS = frozenset(ETATS_EN_COURS)
CLOS = frozenset(ETATS_CLOS)
TOUS = frozenset(E.values)


@dataclass(frozen=True)
class Garde:
    """Condition sur le parcours (fonction pure), avec le message et le code de l'erreur quand elle manque."""

    test: Callable[[object], bool]
    message: Callable[[object], str]
    code: str


@dataclass(frozen=True)
class Transition:
    """Une transition (ou une action sans changement d'état), déclarée une fois dans ``_DECLARATIONS``."""

    nom: str
    sources: frozenset
    cible: str | None  # None : l'action ne change pas l'état
    evenement: str  # TypeEvenement enregistré dans la chronologie
    qui: tuple[str, ...] = ("peut_modifier",)  # prédicats des sélecteurs (acteur, objet) -> vrai
    action: str = ""  # nom de l'action dans les écrans ; vide : pas de bouton sur la fiche
    gardes: tuple[Garde, ...] = ()  # vérifiées dans l'ordre ; la première qui manque donne son message
    # Message (traduisible) quand l'état ne permet pas une action sans cible ; « %(etat)s » : l'état actuel.
    refus: object = ""

    def permise(self, parcours) -> bool:
        return parcours.etat in self.sources and all(garde.test(parcours) for garde in self.gardes)


def _date(valeur) -> str:
    return date_format(valeur, "SHORT_DATE_FORMAT")


_NON_RENOUVELE = Garde(
    test=lambda parcours: parcours.renouvele_le is None,
    message=lambda parcours: (
        _("Ce parcours a déjà été renouvelé le %(date)s : un seul renouvellement est possible.")
        % {"date": _date(parcours.renouvele_le)}
    ),
    code="deja_renouvele",
)


def _jour_de_decision(parcours):
    """Jour où le renouvellement est décidé : celui du dernier accord déjà donné (une reprise de données ou la
    démonstration datent les accords dans le passé), sinon aujourd'hui."""
    accords = [
        d for d in (parcours.accord_renouvellement_conseiller_le, parcours.accord_renouvellement_referent_le) if d
    ]
    return max(accords) if accords else timezone.localdate()


def _message_fenetre(parcours) -> str:
    ouverture = calculs.ouverture_renouvellement(parcours.date_fin_prevue, parcours.fenetre_renouvellement_jours)
    if ouverture is None:
        return _("Ce parcours n'a pas de fin prévue : il ne peut pas être renouvelé.")
    return _(
        "Le renouvellement se décide dans les %(jours)s jours qui précèdent la fin prévue (%(fin)s) : "
        "il sera possible à partir du %(date)s."
    ) % {
        "jours": parcours.fenetre_renouvellement_jours,
        "fin": _date(parcours.date_fin_prevue),
        "date": _date(ouverture),
    }


_FENETRE_RENOUVELLEMENT = Garde(
    test=lambda parcours: calculs.renouvellement_ouvert(
        date_fin_prevue=parcours.date_fin_prevue,
        fenetre_jours=parcours.fenetre_renouvellement_jours,
        le=_jour_de_decision(parcours),
    ),
    message=_message_fenetre,
    code="hors_fenetre_renouvellement",
)

# Après une suspension, un parcours renouvelé redevient renouvelé (et non actif : un seul renouvellement).
_RENOUVELE = Garde(
    test=lambda parcours: parcours.renouvele_le is not None,
    message=lambda parcours: _("Ce parcours n'a pas été renouvelé."),
    code="non_renouvele",
)

# Seul l'accord explicite de l'autre côté à une demande « retour vers un diagnostic partagé » ouvre le retour
# (``coordination_repondre`` date l'accord sur le parcours ; un refus ne le date pas).
_RETOUR_ACCORDE = Garde(
    test=lambda parcours: parcours.retour_diagnostic_accorde_le is not None,
    message=lambda parcours: _(
        "Le retour vers un diagnostic partagé suit l'accord de l'autre côté à une demande de coordination "
        "« retour vers un diagnostic partagé »."
    ),
    code="coordination_manquante",
)

_DECLARATIONS = (
    # --- Avant l'entrée ------------------------------------------------------------------------------------
    Transition(
        "orienter",
        frozenset({E.REPERE}),
        E.ORIENTATION_PROPOSEE,
        TypeEvenement.ORIENTATION_PROPOSEE,
        qui=("peut_proposer_orientation",),
        action="orienter",
    ),
    Transition(
        "proposer_en_partenaire",  # une structure partenaire propose la personne qu'elle vient de repérer
        frozenset({E.REPERE}),
        E.ORIENTATION_PROPOSEE,
        TypeEvenement.ORIENTATION_PROPOSEE,
        qui=("propose_en_partenaire",),
    ),
    Transition(
        "planifier_diagnostic",
        frozenset({E.ORIENTATION_PROPOSEE}),
        None,
        TypeEvenement.ORIENTATION_TRAITEE,
        qui=("peut_traiter_orientation",),
        refus=gettext_lazy("Le diagnostic ne se planifie que pour une orientation proposée (état actuel : %(etat)s)."),
    ),
    Transition(
        "refuser_orientation",
        frozenset({E.ORIENTATION_PROPOSEE}),
        E.NON_RETENU,
        TypeEvenement.ORIENTATION_TRAITEE,
        qui=("peut_traiter_orientation",),
    ),
    Transition(
        "diagnostiquer",
        frozenset({E.ORIENTATION_PROPOSEE}),
        E.DIAGNOSTIC_PARTAGE,
        TypeEvenement.DIAGNOSTIC,
        action="diagnostic",
    ),
    Transition(
        "rediagnostiquer",  # second diagnostic avant l'entrée, ou après un retour du social exclusif
        frozenset({E.DIAGNOSTIC_PARTAGE}),
        None,
        TypeEvenement.DIAGNOSTIC,
        action="diagnostic",
        refus=gettext_lazy(
            "Un diagnostic partagé suit une orientation proposée ou un retour du social exclusif "
            "(état actuel : %(etat)s)."
        ),
    ),
    Transition(
        "conclure_sans_entree",  # décision du diagnostic sans entrée (non retenu, autre modalité FT)
        frozenset({E.DIAGNOSTIC_PARTAGE}),
        E.NON_RETENU,
        TypeEvenement.DIAGNOSTIC,
    ),
    Transition(
        "non_retenir",
        AVANT_ENTREE,
        E.NON_RETENU,
        TypeEvenement.NON_RETENU,
        action="non_retenu",
    ),
    Transition("activer", frozenset({E.DIAGNOSTIC_PARTAGE}), E.ACTIF, TypeEvenement.ENTREE, action="activer"),
    Transition(
        "activer_social_exclusif",
        frozenset({E.DIAGNOSTIC_PARTAGE}),
        E.SOCIAL_EXCLUSIF,
        TypeEvenement.ENTREE,
        action="activer",
    ),
    # --- Pendant l'accompagnement -----------------------------------------------------------------------------
    Transition(
        "suspendre", frozenset({E.ACTIF, E.RENOUVELE}), E.SUSPENDU, TypeEvenement.SUSPENSION, action="suspendre"
    ),
    Transition(
        "reprendre",
        frozenset({E.SUSPENDU}),
        E.ACTIF,
        TypeEvenement.REPRISE,
        action="reprendre",
        gardes=(_NON_RENOUVELE,),
    ),
    Transition(
        "reprendre_renouvele",
        frozenset({E.SUSPENDU}),
        E.RENOUVELE,
        TypeEvenement.REPRISE,
        action="reprendre",
        gardes=(_RENOUVELE,),
    ),
    Transition(
        "renouveler",
        frozenset({E.ACTIF}),
        E.RENOUVELE,
        TypeEvenement.RENOUVELLEMENT,
        qui=("peut_modifier", "membre_du_binome"),
        action="renouveler",
        gardes=(_NON_RENOUVELE, _FENETRE_RENOUVELLEMENT),
    ),
    Transition(
        "basculer_social_exclusif",  # décision conjointe : prend effet à l'accord du second membre du binôme
        frozenset({E.ACTIF, E.RENOUVELE}),
        E.SOCIAL_EXCLUSIF,
        TypeEvenement.SOCIAL_EXCLUSIF,
        qui=("peut_modifier", "membre_du_binome"),
        action="social_exclusif",
    ),
    Transition(
        "demander_coordination",
        EN_COURS,
        None,
        TypeEvenement.COORDINATION,
        qui=("peut_modifier", "cote_dans_parcours"),
        action="coordination",
        refus=gettext_lazy("Une demande de coordination concerne un parcours en cours (état actuel : %(etat)s)."),
    ),
    Transition(
        "demander_retour_diagnostic",  # objet de coordination réservé au social exclusif
        frozenset({E.SOCIAL_EXCLUSIF}),
        None,
        TypeEvenement.COORDINATION,
        qui=("peut_modifier", "cote_dans_parcours"),
        refus=gettext_lazy(
            "Le retour vers un diagnostic partagé concerne un parcours en social exclusif (état actuel : %(etat)s)."
        ),
    ),
    Transition(
        "repondre_coordination",  # l'autre côté répond (accord ou refus explicite), quel que soit l'état
        TOUS,
        None,
        TypeEvenement.REPONSE_COORDINATION,
        qui=("peut_modifier", "cote_dans_parcours"),
    ),
    Transition(
        "retour_diagnostic",
        frozenset({E.SOCIAL_EXCLUSIF}),
        E.DIAGNOSTIC_PARTAGE,
        TypeEvenement.RETOUR_DIAGNOSTIC,
        action="retour_diagnostic",
        gardes=(_RETOUR_ACCORDE,),
    ),
    Transition(
        "modifier_plan",  # le plan se construit au diagnostic partagé et pendant l'accompagnement
        frozenset({E.DIAGNOSTIC_PARTAGE}) | EN_COURS,
        None,
        TypeEvenement.PLAN_MODIFIE,
        refus=gettext_lazy(
            "Le plan d'action se construit à partir du diagnostic partagé et pendant l'accompagnement : "
            "ce parcours est « %(etat)s »."
        ),
    ),
    # --- Fin -------------------------------------------------------------------------------------------------
    Transition("sortir", EN_COURS, E.SORTI, TypeEvenement.SORTIE, action="sortir"),
    Transition(
        "suivi_six_mois",
        frozenset({E.SORTI}),
        None,
        TypeEvenement.SUIVI_6_MOIS,
        action="suivi_six_mois",
        refus=gettext_lazy("Le suivi à 6 mois concerne un parcours sorti (état actuel : %(etat)s)."),
    ),
)

TRANSITIONS: dict[str, Transition] = {t.nom: t for t in _DECLARATIONS}
assert len(TRANSITIONS) == len(_DECLARATIONS), "nom de transition en double"


@dataclass(frozen=True)
class PointEntree:
    """Création d'un parcours directement dans un état : chaque point d'entrée déclare ses états permis."""

    nom: str
    etats: frozenset
    evenement: str


POINTS_ENTREE: dict[str, PointEntree] = {
    p.nom: p
    for p in (
        # personne_creer et ré-entrée par orientation_proposer : un nouveau parcours commence repéré.
        PointEntree("reperage", frozenset({E.REPERE}), TypeEvenement.REPERAGE),
        # Import des tableurs des départements : parcours déjà commencé (global ou social exclusif) ou clos.
        PointEntree("import", frozenset({E.ACTIF, E.SOCIAL_EXCLUSIF, E.SORTI}), TypeEvenement.ENTREE),
        # Banc d'essai du pilotage (insertion brute, sans chronologie) : mêmes états que l'import.
        PointEntree("banc_essai", frozenset({E.ACTIF, E.SOCIAL_EXCLUSIF, E.SORTI}), TypeEvenement.ENTREE),
        # Dossier transféré d'un autre département (``echanges.transfert``) : ses parcours arrivent clos.
        PointEntree("transfert", frozenset({E.SORTI, E.NON_RETENU}), TypeEvenement.ENTREE),
    )
}


# --- Questions ------------------------------------------------------------------------------------------------


def transition(nom: str) -> Transition:
    return TRANSITIONS[nom]


def permet(parcours, nom: str) -> bool:
    """La transition (ou l'action) ``nom`` est-elle permise par l'état du parcours et sa garde ?"""
    return TRANSITIONS[nom].permise(parcours)


def actions_possibles(parcours) -> set[str]:
    """Actions que l'état du parcours permet (les droits de l'acteur sont vérifiés à part, par les sélecteurs).

    Sert aux écrans pour n'afficher que les boutons utiles ; chaque service revérifie sa garde.
    """
    return {t.action for t in _DECLARATIONS if t.action and t.permise(parcours)}


def est_avant_entree(parcours) -> bool:
    return parcours.etat in AVANT_ENTREE


def est_en_cours(parcours) -> bool:
    return parcours.etat in EN_COURS


def est_clos(parcours) -> bool:
    return parcours.etat in CLOS


def est_sorti(parcours) -> bool:
    return parcours.etat == E.SORTI


def est_suspendu(parcours) -> bool:
    return parcours.etat == E.SUSPENDU


def est_social_exclusif(parcours) -> bool:
    return parcours.etat == E.SOCIAL_EXCLUSIF


# --- Garde et écriture ----------------------------------------------------------------------------------------


def erreur(parcours, nom: str) -> ValidationError:
    """L'erreur (en français, code ``transition_interdite``) que lève une transition refusée par l'état."""
    t = TRANSITIONS[nom]
    etat = E(parcours.etat).label
    if t.cible is None:
        message = str(t.refus) % {"etat": etat}
    else:
        message = _(
            "Action impossible : un parcours à l'état « %(etat)s » ne peut pas passer à l'état « %(cible)s »."
        ) % {"etat": etat, "cible": E(t.cible).label}
    return ValidationError(message, code="transition_interdite")


def exiger(parcours, nom: str) -> Transition:
    """Garde : lève ``ValidationError`` si l'état (puis la garde déclarée) ne permet pas ``nom``."""
    t = TRANSITIONS[nom]
    for garde in t.gardes:
        if not garde.test(parcours):
            raise ValidationError(garde.message(parcours), code=garde.code)
    if parcours.etat not in t.sources:
        raise erreur(parcours, nom)
    return t


def motif_refus(parcours, nom: str) -> str:
    """Le message (en français) qui explique pourquoi ``nom`` n'est pas permise ; vide si elle l'est."""
    try:
        exiger(parcours, nom)
    except ValidationError as refus:
        return refus.messages[0]
    return ""


def appliquer(parcours, nom: str) -> Transition:
    """Vérifie la garde puis fait passer le parcours dans l'état cible (sans l'enregistrer : le service
    l'enregistre avec son historique). **Seule écriture de ``etat`` d'un parcours existant.**"""
    t = exiger(parcours, nom)
    if t.cible is not None:
        parcours.etat = t.cible
    return t


def parmi(parcours, *noms: str) -> Transition:
    """La première des transitions ``noms`` que l'état permet ; sinon l'erreur de la dernière
    (par exemple ``diagnostiquer`` puis ``rediagnostiquer``)."""
    for nom in noms:
        if parcours.etat in TRANSITIONS[nom].sources:
            return exiger(parcours, nom)
    raise erreur(parcours, noms[-1])


def _etat_initial(point_entree: str, etat: str) -> str:
    point = POINTS_ENTREE[point_entree]
    if etat not in point.etats:
        raise ValueError(
            f"Le point d'entrée « {point_entree} » ne crée pas de parcours à l'état {etat} "
            f"(permis : {', '.join(sorted(point.etats))})."
        )
    return etat


def etablir_etat_initial(parcours, *, point_entree: str, etat_initial: str = E.REPERE):
    """Donne son état de naissance à un parcours **pas encore enregistré**, par un point d'entrée déclaré."""
    if parcours.pk is not None:
        raise ValueError("L'état initial ne se donne qu'à un parcours nouveau ; ensuite, une transition.")
    parcours.etat = _etat_initial(point_entree, etat_initial)
    return parcours


def colonnes_etat_initial(*, point_entree: str, etat_initial: str) -> dict[str, str]:
    """Colonnes d'état d'un parcours inséré brut (banc d'essai), par un point d'entrée déclaré."""
    return {"etat": _etat_initial(point_entree, etat_initial)}


def etat_apres_entree(*, sorti: bool, social_exclusif: bool) -> str:
    """État d'un parcours importé : sorti s'il a une date de sortie, sinon selon sa modalité."""
    if sorti:
        return E.SORTI
    return E.SOCIAL_EXCLUSIF if social_exclusif else E.ACTIF
