"""Qui voit quel territoire dans le pilotage : le seul endroit qui en décide.

S'appuie sur ``binome.comptes.selectors`` (habilitations actives, mises en cache pour la requête) :

- **pilote** (membre du comité de pilotage) : son département et ses organisations (agences France Travail,
  unités d'action sociale, conseil départemental), en agrégats **masqués** (« < 5 ») ; jamais le détail par
  conseiller, jamais un dossier, jamais l'extrait FSE+ participant par participant ;
- **encadrant** d'une agence, d'une unité ou du conseil départemental : son organisation et ses agents
  (conseillers ou travailleurs sociaux), valeurs exactes, extrait FSE+ de son organisation ;
- **administrateur départemental** : tout son département, jusqu'au conseiller, valeurs exactes, extrait
  FSE+, et la définition de la sortie positive (édition) ;
- **pilote national** (membre du comité de pilotage national) : le niveau national (tous les départements et
  leur comparaison), en agrégats **masqués** comme pour le pilote ; aucun tableau départemental, jamais un
  dossier ;
- jamais un autre département (404, comme s'il n'existait pas) ; les autres rôles n'ont pas de tableau de
  bord (403). Le super-administrateur de la plateforme voit le niveau national comme le pilote national
  (agrégats masqués, aucun dossier) ; il n'a pas de tableau départemental en tant que tel, mais peut gérer la
  définition de la sortie positive comme tout paramètre départemental.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from binome.accompagnement.models import Parcours
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.comptes.selectors import (
    a_role,
    departements_administres,
    departements_du_role,
    est_super_admin,
    habilitations,
)
from binome.organisations.models import Organisation, TypeOrganisation
from binome.pilotage.indicateurs import de_modalite
from binome.territoires.models import Departement

TYPES_PILOTABLES = (
    TypeOrganisation.AGENCE_FT,
    TypeOrganisation.UNITE_ACTION_SOCIALE,
    TypeOrganisation.CONSEIL_DEPARTEMENTAL,
)
# Rôle des agents d'une organisation, selon son type (détail par agent).
ROLE_AGENT = {
    TypeOrganisation.AGENCE_FT: Role.CONSEILLER_FT,
    TypeOrganisation.UNITE_ACTION_SOCIALE: Role.TRAVAILLEUR_SOCIAL,
    TypeOrganisation.CONSEIL_DEPARTEMENTAL: Role.TRAVAILLEUR_SOCIAL,
}


def _cote_france_travail(organisation: Organisation) -> bool:
    return organisation.type == TypeOrganisation.AGENCE_FT


def _organisations_encadrees(acteur) -> dict[int, str]:
    """Organisations (identifiant → département) où l'acteur est encadrant, parmi les types pilotables."""
    return {
        h.organisation_id: h.departement_code
        for h in habilitations(acteur)
        if h.role == Role.ENCADRANT and h.organisation_type in TYPES_PILOTABLES
    }


def _departements_complets(acteur) -> set[str]:
    """Départements vus en entier (pilote ou administrateur départemental)."""
    return departements_du_role(acteur, Role.PILOTE, Role.ADMIN_DEPARTEMENTAL)


def _departements_exacts(acteur) -> set[str]:
    """Départements dont l'acteur voit les valeurs exactes jusqu'au conseiller (administrateur)."""
    return departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL)


def a_acces(acteur) -> bool:
    """L'acteur a-t-il un tableau de bord (pilote, administrateur départemental, encadrant) ?"""
    return bool(_departements_complets(acteur) or _organisations_encadrees(acteur))


def exiger_acces(acteur) -> None:
    if not a_acces(acteur):
        raise PermissionDenied(
            _("Le pilotage est réservé aux membres du comité de pilotage, aux encadrants et aux administrateurs.")
        )


def a_acces_national(acteur) -> bool:
    """L'acteur voit-il le niveau national (pilote national, super-administrateur de la plateforme) ?"""
    return est_super_admin(acteur) or a_role(acteur, Role.PILOTE_NATIONAL)


def exiger_acces_national(acteur) -> None:
    if not a_acces_national(acteur):
        raise PermissionDenied(_("Le niveau national est réservé aux membres du comité de pilotage national."))


def peut_rafraichir_agregats(acteur) -> bool:
    """Demander le recalcul immédiat des agrégats des tableaux de bord : le super-administrateur de la plateforme."""
    return est_super_admin(acteur)


def perimetre_national(acteur) -> "Perimetre":
    """Tous les départements, en agrégats masqués ; ``PermissionDenied`` sans droit au niveau national."""
    exiger_acces_national(acteur)
    return Perimetre(departement=None, masque=True)


def departements_pilotables(acteur) -> list[Departement]:
    codes = _departements_complets(acteur) | set(_organisations_encadrees(acteur).values())
    return list(Departement.objects.filter(code__in=codes).order_by("code"))


def organisations_pilotables(acteur, departement_code: str) -> QuerySet[Organisation]:
    """Organisations que l'acteur peut choisir comme territoire dans ce département."""
    qs = Organisation.objects.filter(departement_id=departement_code, type__in=TYPES_PILOTABLES)
    if departement_code in _departements_complets(acteur):
        return qs.order_by("type", "nom", "pk")
    encadrees = [pk for pk, dept in _organisations_encadrees(acteur).items() if dept == departement_code]
    return qs.filter(pk__in=encadrees).order_by("type", "nom", "pk")


def _voit_agents(acteur, organisation: Organisation) -> bool:
    return organisation.departement_id in _departements_exacts(acteur) or organisation.pk in _organisations_encadrees(
        acteur
    )


def champ_agent(organisation: Organisation) -> str:
    """Champ du parcours qui désigne l'agent de cette organisation (conseiller ou référent social)."""
    return "conseiller" if _cote_france_travail(organisation) else "referent_social"


def champ_organisation(organisation: Organisation) -> str:
    return "organisation_conseiller" if _cote_france_travail(organisation) else "organisation_referent"


def agents_pilotables(acteur, organisation: Organisation) -> QuerySet[Utilisateur]:
    """Agents d'une organisation dont l'acteur peut voir le détail : ceux qui y ont le rôle d'agent, et ceux
    qui y suivent (ou ont suivi) des parcours. Vide pour le pilote."""
    if organisation is None or not _voit_agents(acteur, organisation):
        return Utilisateur.objects.none()
    role = ROLE_AGENT[organisation.type]
    habilites = Habilitation.objects.filter(organisation=organisation, role=role).values("utilisateur_id")
    suivis = (
        Parcours.objects.filter(**{champ_organisation(organisation): organisation})
        .exclude(**{f"{champ_agent(organisation)}__isnull": True})
        .values(f"{champ_agent(organisation)}_id")
    )
    return Utilisateur.objects.filter(Q(pk__in=habilites) | Q(pk__in=suivis)).order_by("nom", "prenom", "pk")


@dataclass(frozen=True)
class Perimetre:
    """Le territoire regardé et ce que l'acteur a le droit d'y voir (``departement`` vide : niveau national)."""

    departement: Departement | None
    organisation: Organisation | None = None
    agent: Utilisateur | None = None
    masque: bool = True  # agrégats masqués « < 5 » (pilote)
    detail_organisations: bool = False  # peut descendre à l'organisation
    detail_agents: bool = False  # peut descendre à l'agent
    departement_entier: bool = False  # peut remonter au département

    @property
    def national(self) -> bool:
        return self.departement is None

    @property
    def code_departement(self) -> str | None:
        return None if self.departement is None else self.departement.code

    @property
    def libelle(self) -> str:
        if self.national:
            return _("France entière (tous les départements)")
        morceaux = [str(self.departement)]
        if self.organisation:
            morceaux.append(self.organisation.nom)
        if self.agent:
            morceaux.append(self.agent.get_full_name())
        return " › ".join(morceaux)

    @property
    def niveau(self) -> str:
        if self.agent:
            return "agent"
        if self.organisation:
            return "organisation"
        return "national" if self.national else "departement"

    def parametres(self) -> dict:
        if self.national:
            return {}
        parametres = {"departement": self.departement.code}
        if self.organisation:
            parametres["organisation"] = self.organisation.pk
        if self.agent:
            parametres["agent"] = self.agent.pk
        return parametres


def _entier(valeur) -> int | None:
    if valeur in (None, ""):
        return None
    try:
        return int(valeur)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def perimetre_pour(acteur, *, departement=None, organisation=None, agent=None) -> Perimetre:
    """Le périmètre demandé s'il est permis : ``PermissionDenied`` sans droit au pilotage, ``Http404`` pour un
    territoire hors de portée (autre département, organisation ou agent non permis)."""
    exiger_acces(acteur)
    departements = departements_pilotables(acteur)
    if departement in (None, ""):
        dept = departements[0]
    else:
        dept = next((d for d in departements if d.code == departement), None)
        if dept is None:
            raise Http404
    complet = dept.code in _departements_complets(acteur)
    organisations = organisations_pilotables(acteur, dept.code)
    organisation_id = _entier(organisation)
    orga = None
    if organisation_id is not None:
        orga = organisations.filter(pk=organisation_id).first()
        if orga is None:
            raise Http404
    elif not complet:
        # L'encadrant ne voit pas le département entier : son organisation par défaut.
        orga = organisations.first()
    agent_id = _entier(agent)
    personne = None
    if agent_id is not None:
        if orga is None:
            raise Http404
        personne = agents_pilotables(acteur, orga).filter(pk=agent_id).first()
        if personne is None:
            raise Http404
    exact = dept.code in _departements_exacts(acteur) or (
        orga is not None and orga.pk in _organisations_encadrees(acteur)
    )
    return Perimetre(
        departement=dept,
        organisation=orga,
        agent=personne,
        masque=not exact,
        detail_organisations=complet,
        detail_agents=orga is not None and _voit_agents(acteur, orga),
        departement_entier=complet,
    )


def parcours_du_perimetre(perimetre: Perimetre, modalite: str) -> QuerySet[Parcours]:
    """Parcours du territoire (tous les départements au niveau national) qui ont eu la modalité, sans limite de
    dates : les indicateurs posent la période et la modalité en vigueur à chaque date (``indicateurs.de_modalite``)."""
    qs = de_modalite(Parcours.objects.all(), modalite)
    if not perimetre.national:
        qs = qs.filter(departement_id=perimetre.departement.code)
    if perimetre.organisation is not None:
        qs = qs.filter(**{champ_organisation(perimetre.organisation): perimetre.organisation})
    if perimetre.agent is not None:
        qs = qs.filter(**{champ_agent(perimetre.organisation): perimetre.agent})
    return qs


def peut_exporter_fse(acteur, perimetre: Perimetre) -> bool:
    """Extrait FSE+ participant par participant : administrateur du département, ou encadrant de
    l'organisation regardée. Jamais le pilote (agrégats seulement), ni au niveau national."""
    if perimetre.national:
        return False
    if perimetre.departement.code in _departements_exacts(acteur):
        return True
    return perimetre.organisation is not None and perimetre.organisation.pk in _organisations_encadrees(acteur)


# --- Définition de la sortie positive -------------------------------------------------------------------------


def peut_gerer_definitions(acteur, departement_code: str) -> bool:
    departements = departements_administres(acteur)
    return departements is None or departement_code in departements


def departement_definitions(acteur, code: str) -> Departement:
    """Le département dont l'acteur peut consulter les définitions (pilotage ou administration) ; 404 sinon."""
    visibles = {d.code for d in departements_pilotables(acteur)} if a_acces(acteur) else set()
    if code not in visibles and not peut_gerer_definitions(acteur, code):
        raise Http404
    departement = Departement.objects.filter(code=code).first()
    if departement is None:
        raise Http404
    return departement
