"""Démonstration de l'accompagnement : ce que l'étape lit une fois (comptes, organisations, référentiel)."""

from collections import defaultdict

from django.core.management.base import CommandError

from binome.accompagnement import calculs
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    ElementReferentiel,
)
from binome.comptes.models import Habilitation, Role
from binome.demo import socle
from binome.demo.accompagnement.donnees import SITUATION_PERMIS
from binome.demo.accompagnement.outils import _Agent
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation


class _Contexte:
    """Ce que l'étape lit une fois : comptes, organisations, communes couvertes, référentiel, paramètres."""

    def __init__(self, portefeuilles):
        emails = {p.conseiller for p in portefeuilles} | {p.referent for p in portefeuilles}
        habilitations = (
            Habilitation.objects.filter(
                active=True, role__in=(Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL), organisation__active=True
            )
            .select_related("utilisateur", "organisation")
            .order_by("organisation__nom", "utilisateur__email")
        )
        travailleurs_demo = {p.email for p in socle.PERSONAS if p.role == Role.TRAVAILLEUR_SOCIAL}
        self.agents: dict[str, _Agent] = {}
        self.travailleurs_par_unite: dict[int, _Agent] = {}
        for h in habilitations:
            agent = _Agent(h.utilisateur, h.organisation)
            self.agents.setdefault(h.utilisateur.email, agent)
            if h.role == Role.TRAVAILLEUR_SOCIAL and h.utilisateur.email in travailleurs_demo:
                self.travailleurs_par_unite.setdefault(h.organisation_id, agent)
        manquants = sorted(emails - set(self.agents))
        if manquants:
            raise CommandError(
                "Comptes de démonstration absents : "
                + ", ".join(manquants)
                + ". L'étape « binome.demo.socle » doit passer avant « binome.demo.accompagnement »."
            )
        self.communes_agence: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
        self.unite_de_commune: dict[str, int] = {}
        lien = Organisation.communes.through
        for org_id, org_type, code, population, nom in (
            lien.objects.filter(
                organisation__type__in=(TypeOrganisation.AGENCE_FT, TypeOrganisation.UNITE_ACTION_SOCIALE),
                organisation__departement_id__in={p.departement for p in portefeuilles},
            )
            .values_list("organisation_id", "organisation__type", "commune_id", "commune__population", "commune__nom")
            .order_by("commune_id")
        ):
            if org_type == TypeOrganisation.AGENCE_FT:
                self.communes_agence[org_id].append((code, population or 100, nom))
            else:
                self.unite_de_commune.setdefault(code, org_id)
        self.parametres = {
            p.departement_id: p
            for p in ParametresDepartement.objects.filter(departement_id__in={p.departement for p in portefeuilles})
        }
        elements = list(ElementReferentiel.objects.filter(actif=True).order_by("type", "theme_code", "libelle"))
        self.situations = defaultdict(list)
        self.objectifs_domaine = defaultdict(list)
        self.objectifs_theme = defaultdict(list)
        self.actions_theme = defaultdict(list)
        for element in elements:
            if element.type == e.TypeElementReferentiel.SITUATION and element.domaine_frein:
                self.situations[element.domaine_frein].append(element)
            elif element.type == e.TypeElementReferentiel.OBJECTIF:
                self.objectifs_theme[element.theme_code].append(element)
                if element.domaine_frein:
                    self.objectifs_domaine[element.domaine_frein].append(element)
            elif element.type == e.TypeElementReferentiel.ACTION:
                self.actions_theme[element.theme_code].append(element)
        self.permis = next(
            (s for s in self.situations[e.DomaineFrein.MOBILITE] if s.libelle == SITUATION_PERMIS), None
        )

    def duree(self, departement: str) -> tuple[int, int]:
        p = self.parametres.get(departement)
        if p is None:
            return calculs.DUREE_PARCOURS_MOIS_DEFAUT, calculs.DUREE_RENOUVELLEMENT_MOIS_DEFAUT
        return p.duree_parcours_mois, p.duree_renouvellement_mois

    def fenetre_renouvellement(self, departement: str) -> int:
        p = self.parametres.get(departement)
        return p.fenetre_renouvellement_jours if p else calculs.FENETRE_RENOUVELLEMENT_JOURS_DEFAUT

    def heures(self, departement: str) -> int:
        p = self.parametres.get(departement)
        return p.heures_hebdo_rsa if p else ParametresDepartement._meta.get_field("heures_hebdo_rsa").default
