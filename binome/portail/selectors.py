"""Ce que la page d'accueil et le menu montrent à l'utilisateur connecté.

Règle du menu : une entrée n'apparaît que si la page qu'elle ouvre répond à l'utilisateur. Chaque entrée
du ``CATALOGUE`` porte le prédicat du sélecteur que SA vue appelle pour refuser l'accès (le même, pas une
liste de rôles recopiée) : le menu ne peut donc pas montrer une page refusée ni cacher une page permise.
``tests/portail/test_menu.py`` le vérifie pour chaque persona, page par page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import admin
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binome.accompagnement import selectors as accompagnement
from binome.administration.selectors import compter_perimetre
from binome.collectif import selectors as collectif
from binome.comptes import selectors as comptes
from binome.comptes.models import Role, Utilisateur
from binome.confiance import selectors as confiance
from binome.echanges.importation import selectors as echanges_importation
from binome.instances import selectors as instances
from binome.organisations.models import Organisation
from binome.pilotage import selectors as pilotage
from binome.quotidien import a_faire
from binome.quotidien.selectors import tableau_a_faire
from binome.ressources import selectors as ressources
from binome.territoires.models import Departement


@dataclass(frozen=True)
class EntreeMenu:
    """Une entrée du menu : libellé, nom de la route, section (préfixe des routes où l'entrée est active)."""

    libelle: str | Promise
    url_name: str
    section: str
    # Nombre qui attend l'utilisateur : la clé d'une ligne « À faire » (``quotidien.a_faire.COMPTEURS_DU_MENU``),
    # comptée par la même fonction que la page ; le menu rend un emplacement, rempli après la page.
    compteur: str | None = None

    def est_active(self, view_name: str) -> bool:
        return bool(view_name) and view_name.startswith(self.section)


def _connecte(utilisateur) -> bool:
    return bool(utilisateur is not None and utilisateur.is_authenticated)


def _administration_technique(utilisateur) -> bool:
    # Prédicat de l'interface d'administration de Django elle-même (``AdminSite.has_permission``).
    return admin.site.has_permission(SimpleNamespace(user=utilisateur))


# Dans l'ordre d'affichage : (entrée, prédicat de la vue cible).
CATALOGUE: tuple[tuple[EntreeMenu, Callable[[Utilisateur], bool]], ...] = (
    (EntreeMenu(_("Accueil"), "core:accueil", "core:accueil", compteur=a_faire.TOTAL), _connecte),
    # accompagnement.views.personnes.liste
    (
        EntreeMenu(_("Personnes"), "accompagnement:personnes", "accompagnement:personne"),
        accompagnement.consulte_des_dossiers,
    ),
    # accompagnement.views.parcours.orientations
    (
        EntreeMenu(
            _("Orientations"), "accompagnement:orientations", "accompagnement:orientations", compteur="orientations"
        ),
        accompagnement.recoit_des_orientations,
    ),
    # accompagnement.views.coordinations.coordinations
    (
        EntreeMenu(
            _("Coordinations"),
            "accompagnement:coordinations",
            "accompagnement:coordinations",
            compteur="coordinations",
        ),
        accompagnement.recoit_des_coordinations,
    ),
    # accompagnement.views.propositions.propositions
    (
        EntreeMenu(_("Mes propositions"), "accompagnement:propositions", "accompagnement:proposition"),
        accompagnement.propose_des_personnes,
    ),
    # accompagnement.views.partenaires.parcours_partages (issue 14 : partenaires invités dans un parcours)
    (
        EntreeMenu(_("Parcours partagés"), "accompagnement:parcours_partages", "accompagnement:parcours_partage"),
        accompagnement.recoit_des_parcours_partages,
    ),
    # accompagnement.views.portefeuille.portefeuille / equipe
    (
        EntreeMenu(
            _("Mon portefeuille"),
            "accompagnement:portefeuille",
            "accompagnement:portefeuille",
            compteur="contacts_en_retard",
        ),
        accompagnement.a_un_portefeuille,
    ),
    (EntreeMenu(_("Mon équipe"), "accompagnement:equipe", "accompagnement:equipe"), accompagnement.encadre_une_equipe),
    # ressources.views.consultation.recherche
    (EntreeMenu(_("Ressources"), "ressources:recherche", "ressources:"), ressources.est_professionnel),
    # collectif.views.actions.liste : collectif.selectors.exiger_acces
    (
        EntreeMenu(_("Actions collectives"), "collectif:liste", "collectif:"),
        collectif.voit_les_actions_collectives,
    ),
    # instances.views.instances.liste : membres, référents, administrateur départemental
    (EntreeMenu(_("Instances"), "instances:liste", "instances:"), instances.voit_les_instances),
    # organisations.views.liste et comptes.views.utilisateurs : comptes.selectors.exiger_administration
    (EntreeMenu(_("Organisations"), "organisations:liste", "organisations:"), comptes.peut_administrer),
    (EntreeMenu(_("Utilisateurs"), "comptes:utilisateurs", "comptes:utilisateur"), comptes.peut_administrer),
    # echanges.importation.views : echanges.importation.selectors.exiger_import
    (
        EntreeMenu(_("Fichiers reçus"), "echanges:importations", "echanges:importation"),
        echanges_importation.peut_importer_des_listes,
    ),
    (EntreeMenu(_("Administration technique"), "admin:index", "admin:"), _administration_technique),
    # pilotage.views.tableau_de_bord : pilotage.selectors.exiger_acces
    (EntreeMenu(_("Pilotage"), "pilotage:tableau_de_bord", "pilotage:"), pilotage.a_acces),
    # pilotage.views.tableau_national : pilotage.selectors.exiger_acces_national
    (EntreeMenu(_("Pilotage national"), "pilotage:national", "pilotage:national"), pilotage.a_acces_national),
    # confiance.views.journal
    (EntreeMenu(_("Journal des accès"), "confiance:journal", "confiance:journal"), confiance.peut_consulter_journal),
    # confiance.views.oppositions : confiance.selectors.exiger_examen_oppositions
    (
        EntreeMenu(_("Oppositions à examiner"), "confiance:oppositions", "confiance:oppositions"),
        confiance.examine_les_oppositions,
    ),
    # confiance.views.double_facteur : toute personne connectée
    (
        EntreeMenu(_("Double authentification"), "confiance:double_facteur", "confiance:double_facteur"),
        _connecte,
    ),
)


def menu_pour(utilisateur) -> list[EntreeMenu]:
    """Les entrées du menu que ``utilisateur`` peut ouvrir, dans l'ordre du catalogue (aucune si anonyme)."""
    if not _connecte(utilisateur):
        return []
    return [entree for entree, peut_ouvrir in CATALOGUE if peut_ouvrir(utilisateur)]


# --- Accueil ---------------------------------------------------------------------------------------------

SUPER_ADMIN = "SUPER_ADMIN"


def _section(cle: str, libelle, organisations: list[str], **donnees) -> dict:
    return {
        "cle": cle.lower(),
        "libelle": libelle,
        "gabarit": f"portail/accueil/{cle.lower()}.html",
        "organisations": organisations,
        "donnees": donnees,
    }


def tableau_accueil(utilisateur) -> dict:
    """Ce que la page d'accueil montre à l'utilisateur : une section par rôle, dans l'ordre des rôles.

    Chaque section est rendue par ``templates/portail/accueil/<role en minuscules>.html`` avec la variable
    ``section`` (``cle``, ``libelle``, ``organisations``, ``donnees``).
    """
    habs = comptes.habilitations(utilisateur)
    libelles = dict(Role.choices)
    sections = []
    for role in Role.values:
        organisations = [h.organisation_nom for h in habs if h.role == role]
        if not organisations:
            continue
        donnees = {}
        if role == Role.ADMIN_DEPARTEMENTAL:
            donnees["departements"] = compter_perimetre(utilisateur)
            donnees["agents_inactifs"] = accompagnement.agents_inactifs_avec_parcours(utilisateur)
            donnees["oppositions_a_examiner"] = confiance.nb_oppositions_a_examiner(utilisateur)
        sections.append(_section(role, libelles[role], organisations, **donnees))
    if comptes.est_super_admin(utilisateur):
        sections.append(
            _section(
                SUPER_ADMIN,
                _("Super-administrateur de la plateforme"),
                [],
                nb_departements=Departement.objects.filter(organisations__isnull=False).distinct().count(),
                nb_organisations=Organisation.objects.filter(active=True).count(),
                nb_utilisateurs=Utilisateur.objects.filter(is_active=True).count(),
            )
        )
    return {
        "habilitations": [
            {"role": h.role, "libelle": libelles.get(h.role, h.role), "organisation": h.organisation_nom} for h in habs
        ],
        "roles": {h.role for h in habs},
        "sections": sections,
        "a_faire": tableau_a_faire(utilisateur),
        "reponses_orientations": ressources.reponses_recues(utilisateur),
    }
