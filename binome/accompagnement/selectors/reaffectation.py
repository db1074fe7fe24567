"""Réaffectation : qui peut confier quels parcours à qui, et la charge de chaque candidat.

Deux chemins, une règle :

- l'**encadrant** réaffecte les parcours des organisations qu'il encadre (un ou plusieurs à la fois) ;
- l'**administrateur départemental** qui désactive un agent (ou lui retire un rôle du binôme) réaffecte d'abord
  tous les parcours non clos que cet agent suit dans son périmètre (``parcours_de_l_agent``).

Un candidat est un agent actif, avec une habilitation active du même rôle dans l'organisation qui suit le
parcours (l'organisation, donc le périmètre d'accès, ne change pas). Sa charge est celle de ``charge`` et de la
vue équipe (parcours en cours, ``suivi.q_en_cours``) face à la fourchette de son département.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from binome.accompagnement import alertes, machine
from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Parcours
from binome.accompagnement.selectors.suivi import _fourchettes, _niveau_charge, q_en_cours
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.comptes.selectors import (
    departements_du_role,
    exiger_administration,
    organisations_du_role,
    utilisateur_administrable,
)

# Membre du binôme → (rôle attendu, champ de l'organisation).
CHAMPS = {
    "conseiller": (Role.CONSEILLER_FT, "organisation_conseiller"),
    "referent_social": (Role.TRAVAILLEUR_SOCIAL, "organisation_referent"),
}


@dataclass
class Candidat:
    utilisateur: Utilisateur
    nombre: int
    minimum: int
    maximum: int

    @property
    def niveau(self) -> str:
        return _niveau_charge(self.nombre, self.minimum, self.maximum)


@dataclass
class Groupe:
    """Les parcours d'un côté du binôme (``champ``) suivis pour une organisation, et les candidats."""

    champ: str
    organisation_id: int
    organisation_nom: str
    parcours: list[Parcours] = field(default_factory=list)
    candidats: list[Candidat] = field(default_factory=list)

    @property
    def cle(self) -> str:
        return f"{self.champ}_{self.organisation_id}"

    @property
    def nb_en_cours(self) -> int:
        """Parcours en cours du groupe : ce qu'ils ajoutent à la charge du nouvel agent."""
        return sum(1 for p in self.parcours if machine.est_en_cours(p))

    def candidat(self, pk) -> Candidat | None:
        return next((c for c in self.candidats if c.utilisateur.pk == pk), None)


def q_agent_non_clos(agent) -> Q:
    """Parcours non clos que ``agent`` suit (conseiller ou référent social) : ceux à réaffecter s'il part."""
    return ~Q(etat__in=ETATS_CLOS) & (Q(conseiller=agent) | Q(referent_social=agent))


def nombre_parcours_a_reaffecter(agent, habilitation=None) -> int:
    """Parcours non clos de l'agent ; avec ``habilitation``, ceux qu'il suit au titre de ce rôle dans cette
    organisation seulement (retrait d'un rôle). Branché sur ``binome.comptes.desactivation``."""
    if habilitation is None:
        return Parcours.objects.filter(q_agent_non_clos(agent)).count()
    for champ, (role, organisation) in CHAMPS.items():
        if habilitation.role == role:
            return Parcours.objects.filter(
                ~Q(etat__in=ETATS_CLOS), **{champ: agent, organisation: habilitation.organisation_id}
            ).count()
    return 0


def organisations_reaffectables(acteur, agent_sortant=None) -> set[int]:
    """Organisations dont l'acteur réaffecte les parcours : celles qu'il encadre ; pour le départ d'un agent,
    aussi celles des départements qu'il administre comme administrateur départemental (le super-administrateur
    de la plateforme n'ouvre aucun dossier : il n'en réaffecte pas)."""
    organisations = set(organisations_du_role(acteur, Role.ENCADRANT))
    if agent_sortant is None:
        return organisations
    departements = departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL)
    if departements:
        organisations |= set(
            Habilitation.objects.filter(organisation__departement__in=departements).values_list(
                "organisation_id", flat=True
            )
        )
    return organisations


def _charges(organisations: set[int]) -> dict[tuple[str, int, int], int]:
    """Parcours en cours par (champ, organisation, agent), en une requête par côté."""
    resultat = {}
    for champ, (_role, organisation) in CHAMPS.items():
        lignes = (
            Parcours.objects.filter(q_en_cours(), **{f"{organisation}_id__in": organisations})
            .exclude(**{f"{champ}_id": None})
            .order_by()
            .values_list(f"{organisation}_id", f"{champ}_id")
            .annotate(n=Count("pk"))
        )
        resultat.update({(champ, o, a): n for o, a, n in lignes})
    return resultat


def _candidats(groupes: list[Groupe], exclu) -> None:
    """Remplit les candidats de chaque groupe (agents actifs du rôle dans l'organisation), avec leur charge."""
    organisations = {g.organisation_id for g in groupes}
    habs = list(
        Habilitation.objects.filter(
            organisation_id__in=organisations,
            role__in=[role for role, _o in CHAMPS.values()],
            active=True,
            utilisateur__is_active=True,
            organisation__active=True,
        )
        .exclude(utilisateur_id=getattr(exclu, "pk", None))
        .select_related("utilisateur", "organisation")
        .order_by("utilisateur__nom", "utilisateur__prenom", "utilisateur_id", "pk")
    )
    charges = _charges(organisations)
    fourchettes = _fourchettes({h.organisation.departement_id for h in habs})
    for groupe in groupes:
        role = CHAMPS[groupe.champ][0]
        for h in habs:
            if h.organisation_id == groupe.organisation_id and h.role == role:
                minimum, maximum = fourchettes[h.organisation.departement_id]
                nombre = charges.get((groupe.champ, h.organisation_id, h.utilisateur_id), 0)
                groupe.candidats.append(Candidat(h.utilisateur, nombre, minimum, maximum))


def groupes_reaffectation(acteur, liste: QuerySet[Parcours], *, agent_sortant=None) -> list[Groupe]:
    """Les parcours groupés par côté du binôme et organisation, là où l'acteur peut réaffecter ; avec
    ``agent_sortant``, seulement les côtés que cet agent tient. Nombre de requêtes constant."""
    organisations = organisations_reaffectables(acteur, agent_sortant)
    groupes: dict[tuple[str, int], Groupe] = {}
    lignes = liste.select_related("personne", "organisation_conseiller", "organisation_referent").order_by(
        "personne__nom_normalise", "personne__prenom_normalise", "pk"
    )
    for p in lignes:
        for champ, (_role, organisation) in CHAMPS.items():
            org = getattr(p, organisation)
            if org is None or org.pk not in organisations:
                continue
            if agent_sortant is not None and getattr(p, f"{champ}_id") != agent_sortant.pk:
                continue
            groupe = groupes.setdefault((champ, org.pk), Groupe(champ, org.pk, org.nom))
            groupe.parcours.append(p)
    resultat = [groupes[cle] for cle in sorted(groupes, key=lambda c: (c[0], groupes[c].organisation_nom, c[1]))]
    if resultat:
        _candidats(resultat, agent_sortant)
    return resultat


def agent_administre(acteur, pk) -> Utilisateur:
    """L'agent ``pk`` que l'acteur administre (403 sans rôle d'administration, 404 hors périmètre)."""
    exiger_administration(acteur)
    return utilisateur_administrable(acteur, pk)


def parcours_de_l_agent(acteur, utilisateur) -> QuerySet[Parcours]:
    """Parcours non clos que suit l'agent ``utilisateur`` ; ``groupes_reaffectation`` ne garde que ceux du
    périmètre de l'acteur."""
    return Parcours.objects.filter(q_agent_non_clos(utilisateur)).order_by("pk")


def parcours_selectionnes(acteur, pks) -> QuerySet[Parcours]:
    """Parcours choisis par l'encadrant dans sa vue équipe (les autres sont ignorés)."""
    organisations = organisations_reaffectables(acteur)
    return Parcours.objects.filter(
        Q(organisation_conseiller__in=organisations) | Q(organisation_referent__in=organisations), pk__in=pks
    ).order_by("pk")


def agents_inactifs_avec_parcours(acteur) -> list[dict]:
    """Accueil de l'administrateur départemental : les agents sans rôle actif (compte désactivé, habilitation
    retirée) qui tiennent encore des parcours non clos de ses départements, avec leur nombre — la définition
    de l'alerte « agent désactivé » (``alertes.q_agent_inactif``). Deux requêtes."""
    departements = departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL)
    if not departements:
        return []
    non_clos = Parcours.objects.filter(departement__in=departements).exclude(etat__in=ETATS_CLOS)
    nombres: dict[int, int] = {}
    for champ, condition in (
        ("conseiller_id", alertes.q_conseiller_inactif()),
        ("referent_social_id", alertes.q_referent_inactif()),
    ):
        for agent, n in non_clos.filter(condition).order_by().values_list(champ).annotate(n=Count("pk")):
            nombres[agent] = nombres.get(agent, 0) + n
    agents = Utilisateur.objects.filter(pk__in=nombres).order_by("nom", "prenom", "pk")
    return [{"utilisateur": agent, "nombre": nombres[agent.pk]} for agent in agents]
