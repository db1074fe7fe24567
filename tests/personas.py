"""Le territoire de test et les personas nommés, dans deux départements (Cantal et Calvados).

Les personas du Calvados servent à prouver qu'aucun acteur ne voit le département voisin.

La personne accompagnée (issue 16) n'a pas de compte : son persona est la personne du dossier du Cantal du monde de
la confiance (``tests/confiance/monde.py``), avec son espace ouvert (``tests/test_acces_personas.py``,
« La personne accompagnée »).
"""

from dataclasses import dataclass

from binome.comptes.models import Role, Utilisateur
from binome.organisations.models import CategoriePartenaire, Organisation, TypeOrganisation
from binome.territoires.models import Commune, Departement
from tests import factories as f


@dataclass
class Territoire:
    departement: Departement
    cd: Organisation
    agence: Organisation
    unite: Organisation
    partenaire: Organisation
    communes: dict[str, Commune]


@dataclass
class Personas:
    cantal: Territoire
    calvados: Territoire
    conseiller: Utilisateur  # Claire, conseillère France Travail à Saint-Flour
    travailleur_social: Utilisateur  # Sophie, travailleuse sociale de la MDS de Saint-Flour
    referent_orientation: Utilisateur
    encadrant: Utilisateur  # Marc, encadrant de l'agence France Travail de Saint-Flour
    encadrant_social: Utilisateur  # encadrante de la MDS de Saint-Flour
    pilote: Utilisateur  # membre du comité de pilotage du Cantal
    admin: Utilisateur  # administrateur départemental du Cantal
    partenaire: Utilisateur
    conseiller_calvados: Utilisateur
    travailleur_social_calvados: Utilisateur
    admin_calvados: Utilisateur
    pilote_calvados: Utilisateur
    super_admin: Utilisateur
    # membre du comité de pilotage national ; son instance est enregistrée dans le Cantal (siège) mais n'entre
    # pas dans le périmètre de l'administratrice du Cantal
    pilote_national: Utilisateur
    instance_nationale: Organisation
    # professionnelle de l'UDAF du Cantal (rôle PARTENAIRE), invitée dans un parcours par un binôme (issue 14, h4)
    partenaire_invite: Utilisateur
    # Ursule, de l'UDAF du Cantal (structure partenaire) : membre de l'équipe pluridisciplinaire du Cantal, sans
    # autre accès (aucun parcours, aucune orientation) ; elle ne voit que l'ordre du jour (tests/instances/).
    membre_instance: Utilisateur = None


def _territoire(code, nom, region_code, region_nom, communes, libelle_unite, suffixe):
    region = f.RegionFactory(code=region_code, nom=region_nom)
    dept = f.DepartementFactory(code=code, nom=nom, region=region)
    f.ParametresDepartementFactory(departement=dept, libelle_unite_action_sociale=libelle_unite)
    objets = {}
    for cle, (insee, nom_commune, cp, lat, lon, pop) in communes.items():
        objets[cle] = f.CommuneFactory(
            code_insee=insee,
            nom=nom_commune,
            departement=dept,
            code_postal=cp,
            latitude=lat,
            longitude=lon,
            population=pop,
        )
    cd = f.OrganisationFactory(
        nom=f"Conseil départemental {suffixe}", type=TypeOrganisation.CONSEIL_DEPARTEMENTAL, departement=dept
    )
    premiere = next(iter(objets.values()))
    agence = f.OrganisationFactory(
        nom=f"France Travail {premiere.nom}", type=TypeOrganisation.AGENCE_FT, departement=dept
    )
    unite = f.OrganisationFactory(
        nom=f"{libelle_unite} {premiere.nom}", type=TypeOrganisation.UNITE_ACTION_SOCIALE, departement=dept, parent=cd
    )
    partenaire = f.OrganisationFactory(
        nom=f"Mobilité solidaire {suffixe}",
        type=TypeOrganisation.PARTENAIRE,
        categorie_partenaire=CategoriePartenaire.ASSOCIATION,
        departement=dept,
    )
    agence.communes.set(objets.values())
    unite.communes.set(objets.values())
    return Territoire(dept, cd, agence, unite, partenaire, objets)


def _membre_instance(personas: Personas) -> Utilisateur:
    """Une salariée de l'UDAF du Cantal qui siège à l'équipe pluridisciplinaire du département."""
    from binome.instances.enums import NatureInstance
    from binome.instances.models import Instance, MembreInstance

    # La même UDAF que celle de la partenaire invitée dans un parcours (h4).
    udaf = personas.partenaire_invite.habilitations.get().organisation
    membre = f.agent("ursule.udaf@exemple.org", "Ursule", "Udaf", udaf, Role.PARTENAIRE)
    ep = Instance.objects.create(
        departement=personas.cantal.departement,
        nom="Équipe pluridisciplinaire du Cantal",
        nature=NatureInstance.EQUIPE_PLURIDISCIPLINAIRE,
        cree_par=personas.admin,
    )
    MembreInstance.objects.create(instance=ep, utilisateur=membre, organisation=udaf)
    return membre


def creer_personas() -> Personas:
    cantal = _territoire(
        "15",
        "Cantal",
        "84",
        "Auvergne-Rhône-Alpes",
        {
            "saint_flour": ("15187", "Saint-Flour", "15100", 45.0339, 3.0933, 6556),
            "aurillac": ("15014", "Aurillac", "15000", 44.9264, 2.4396, 25499),
            "murat": ("15138", "Murat", "15300", 45.1102, 2.8689, 1874),
        },
        "Maison des solidarités",
        "du Cantal",
    )
    calvados = _territoire(
        "14",
        "Calvados",
        "28",
        "Normandie",
        {
            "caen": ("14118", "Caen", "14000", 49.1829, -0.3707, 108200),
            "lisieux": ("14366", "Lisieux", "14100", 49.1466, 0.2257, 19953),
        },
        "Circonscription d'action sociale",
        "du Calvados",
    )
    instance_nationale = f.OrganisationFactory(
        nom="Comité national de pilotage", type=TypeOrganisation.INSTANCE_NATIONALE, departement=cantal.departement
    )
    personas = Personas(
        cantal=cantal,
        calvados=calvados,
        conseiller=f.agent(
            "claire.conseillere@exemple.gouv.fr", "Claire", "Conseillère", cantal.agence, Role.CONSEILLER_FT
        ),
        travailleur_social=f.agent(
            "sophie.sociale@exemple.gouv.fr", "Sophie", "Sociale", cantal.unite, Role.TRAVAILLEUR_SOCIAL
        ),
        referent_orientation=f.agent(
            "rene.referent@exemple.gouv.fr", "René", "Référent", cantal.cd, Role.REFERENT_ORIENTATION
        ),
        encadrant=f.agent("marc.encadrant@exemple.gouv.fr", "Marc", "Encadrant", cantal.agence, Role.ENCADRANT),
        encadrant_social=f.agent(
            "nadia.encadrante@exemple.gouv.fr", "Nadia", "Encadrante", cantal.unite, Role.ENCADRANT
        ),
        pilote=f.agent("paul.pilote@exemple.gouv.fr", "Paul", "Pilote", cantal.cd, Role.PILOTE),
        admin=f.agent("alice.admin@exemple.gouv.fr", "Alice", "Admin", cantal.cd, Role.ADMIN_DEPARTEMENTAL),
        partenaire=f.agent(
            "pierre.partenaire@exemple.org", "Pierre", "Partenaire", cantal.partenaire, Role.PARTENAIRE
        ),
        conseiller_calvados=f.agent(
            "camille.conseillere@exemple.gouv.fr", "Camille", "Calvados", calvados.agence, Role.CONSEILLER_FT
        ),
        travailleur_social_calvados=f.agent(
            "theo.social@exemple.gouv.fr", "Théo", "Calvados", calvados.unite, Role.TRAVAILLEUR_SOCIAL
        ),
        admin_calvados=f.agent(
            "bruno.admin@exemple.gouv.fr", "Bruno", "Calvados", calvados.cd, Role.ADMIN_DEPARTEMENTAL
        ),
        pilote_calvados=f.agent("lea.pilote@exemple.gouv.fr", "Léa", "Calvados", calvados.cd, Role.PILOTE),
        super_admin=f.UtilisateurFactory(
            email="root@exemple.gouv.fr", prenom="Super", nom="Admin", is_superuser=True, is_staff=True
        ),
        pilote_national=f.agent(
            "nora.nationale@exemple.gouv.fr", "Nora", "Nationale", instance_nationale, Role.PILOTE_NATIONAL
        ),
        instance_nationale=instance_nationale,
        partenaire_invite=f.agent(
            "ines.udaf@exemple.org",
            "Inès",
            "Udaf",
            f.OrganisationFactory(
                nom="UDAF du Cantal",
                type=TypeOrganisation.PARTENAIRE,
                categorie_partenaire=CategoriePartenaire.ASSOCIATION,
                departement=cantal.departement,
            ),
            Role.PARTENAIRE,
        ),
    )
    personas.membre_instance = _membre_instance(personas)
    return personas
