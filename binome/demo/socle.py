"""Démonstration, étape « socle » : organisations et comptes fictifs sur le territoire réel du Cantal et du Calvados.

Les organisations portent des noms plausibles ; les personnes sont fictives. Les communes sont désignées par
leur code INSEE réel : ``manage.py charger_referentiels`` doit avoir chargé les communes avant. Chaque agence
France Travail et chaque unité d'action sociale couvre les communes de son département dont elle est la plus
proche (à vol d'oiseau). Relancer l'étape ne crée rien en double.
"""

import datetime
import math
from dataclasses import dataclass

from django.core.management.base import CommandError

from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.comptes.regles import verifier_role_organisation
from binome.core.historique import sauver
from binome.organisations.models import (
    CategoriePartenaire,
    ConventionFSE,
    Organisation,
    ParametresDepartement,
    TypeOrganisation,
)
from binome.territoires.models import Commune, Departement

# Mot de passe commun à tous les comptes de démonstration (documenté dans le README).
MOT_DE_PASSE = "binome-demo-2025"

T = TypeOrganisation
C = CategoriePartenaire


@dataclass(frozen=True)
class Structure:
    cle: str
    nom: str
    type: str
    commune: str  # code INSEE de la commune du siège
    categorie: str = ""
    couvre: bool = False  # agence ou unité : couvre les communes les plus proches


@dataclass(frozen=True)
class Persona:
    email: str
    prenom: str
    nom: str
    structure: str  # clé de la structure
    role: str
    super_admin: bool = False
    presente: str = ""  # rôle présenté dans le README (personas principaux)


DEPARTEMENTS = {
    "15": {
        "nom": "Cantal",
        "libelle_unite": "Maison des solidarités",
        # Convention FSE+ fictive (programmation 2021-2027) : les parcours du Cantal entrés depuis 2021 sont
        # cofinancés, les deux extraits FSE+ ont des lignes ; le Calvados n'en a pas (aucun parcours cofinancé).
        "convention_fse": {
            "date_debut": datetime.date(2021, 1, 1),
            "date_fin": datetime.date(2027, 12, 31),
            "identifiant_operation": "202100015",
            "intitule": "Accompagnement global du Cantal (démonstration)",
        },
        "structures": [
            Structure("cd15", "Conseil départemental du Cantal", T.CONSEIL_DEPARTEMENTAL, "15014"),
            Structure("ft_aurillac", "France Travail Aurillac", T.AGENCE_FT, "15014", couvre=True),
            Structure("ft_saint_flour", "France Travail Saint-Flour", T.AGENCE_FT, "15187", couvre=True),
            Structure("ft_mauriac", "France Travail Mauriac", T.AGENCE_FT, "15120", couvre=True),
            Structure(
                "mds_aurillac", "Maison des solidarités d'Aurillac", T.UNITE_ACTION_SOCIALE, "15014", couvre=True
            ),
            Structure(
                "mds_saint_flour",
                "Maison des solidarités de Saint-Flour",
                T.UNITE_ACTION_SOCIALE,
                "15187",
                couvre=True,
            ),
            Structure(
                "mds_mauriac", "Maison des solidarités de Mauriac", T.UNITE_ACTION_SOCIALE, "15120", couvre=True
            ),
            Structure("mds_murat", "Maison des solidarités de Murat", T.UNITE_ACTION_SOCIALE, "15138", couvre=True),
            Structure("mds_maurs", "Maison des solidarités de Maurs", T.UNITE_ACTION_SOCIALE, "15122", couvre=True),
            Structure("roule_cantal", "Roule Cantal, mobilité solidaire", T.PARTENAIRE, "15014", C.ASSOCIATION),
            Structure("ccas_aurillac", "CCAS d'Aurillac", T.PARTENAIRE, "15014", C.CCAS),
            Structure("ml_cantal", "Mission locale du Cantal", T.PARTENAIRE, "15014", C.MISSION_LOCALE),
            Structure(
                "jardins_jordanne", "Les Jardins de la Jordanne (chantier d'insertion)", T.PARTENAIRE, "15014", C.SIAE
            ),
            Structure("epicerie_planeze", "Épicerie solidaire de la Planèze", T.PARTENAIRE, "15187", C.ASSOCIATION),
            # Instance nationale : enregistrée au siège choisi pour la démonstration (Aurillac), hors du périmètre
            # de l'administratrice du Cantal ; son pilote voit tous les départements.
            Structure(
                "comite_national",
                "Comité national de pilotage de l'accompagnement global",
                T.INSTANCE_NATIONALE,
                "15014",
            ),
        ],
    },
    "14": {
        "nom": "Calvados",
        "libelle_unite": "Circonscription d'action sociale",
        "structures": [
            Structure("cd14", "Conseil départemental du Calvados", T.CONSEIL_DEPARTEMENTAL, "14118"),
            Structure("ft_caen", "France Travail Caen", T.AGENCE_FT, "14118", couvre=True),
            Structure("ft_lisieux", "France Travail Lisieux", T.AGENCE_FT, "14366", couvre=True),
            Structure("ft_bayeux", "France Travail Bayeux", T.AGENCE_FT, "14047", couvre=True),
            Structure("ft_vire", "France Travail Vire", T.AGENCE_FT, "14762", couvre=True),
            Structure(
                "cas_caen", "Circonscription d'action sociale de Caen", T.UNITE_ACTION_SOCIALE, "14118", couvre=True
            ),
            Structure(
                "cas_herouville",
                "Circonscription d'action sociale d'Hérouville-Saint-Clair",
                T.UNITE_ACTION_SOCIALE,
                "14327",
                couvre=True,
            ),
            Structure(
                "cas_lisieux",
                "Circonscription d'action sociale de Lisieux",
                T.UNITE_ACTION_SOCIALE,
                "14366",
                couvre=True,
            ),
            Structure(
                "cas_bayeux",
                "Circonscription d'action sociale de Bayeux",
                T.UNITE_ACTION_SOCIALE,
                "14047",
                couvre=True,
            ),
            Structure(
                "cas_vire", "Circonscription d'action sociale de Vire", T.UNITE_ACTION_SOCIALE, "14762", couvre=True
            ),
            Structure(
                "cas_falaise",
                "Circonscription d'action sociale de Falaise",
                T.UNITE_ACTION_SOCIALE,
                "14258",
                couvre=True,
            ),
            Structure("ccas_caen", "CCAS de Caen", T.PARTENAIRE, "14118", C.CCAS),
            Structure(
                "ml_caen", "Mission locale Caen la mer Calvados centre", T.PARTENAIRE, "14118", C.MISSION_LOCALE
            ),
            Structure("mobilite_bocage", "Mobilité Bocage", T.PARTENAIRE, "14762", C.ASSOCIATION),
            Structure("atelier_auge", "Atelier d'insertion du Pays d'Auge", T.PARTENAIRE, "14366", C.SIAE),
        ],
    },
}

PERSONAS = [
    # Cantal : un persona par rôle, puis des collègues pour des portefeuilles réalistes.
    Persona(
        "claire.martin@francetravail.test",
        "Claire",
        "Martin",
        "ft_saint_flour",
        Role.CONSEILLER_FT,
        presente="Conseillère France Travail (Saint-Flour)",
    ),
    Persona(
        "sophie.bernard@cantal.test",
        "Sophie",
        "Bernard",
        "mds_saint_flour",
        Role.TRAVAILLEUR_SOCIAL,
        presente="Travailleuse sociale (MDS de Saint-Flour)",
    ),
    Persona(
        "rene.dubois@cantal.test",
        "René",
        "Dubois",
        "cd15",
        Role.REFERENT_ORIENTATION,
        presente="Référent orientation (conseil départemental)",
    ),
    Persona(
        "marc.lefevre@francetravail.test",
        "Marc",
        "Lefèvre",
        "ft_saint_flour",
        Role.ENCADRANT,
        presente="Encadrant (France Travail Saint-Flour)",
    ),
    Persona(
        "paul.garnier@cantal.test",
        "Paul",
        "Garnier",
        "cd15",
        Role.PILOTE,
        presente="Comité de pilotage du Cantal",
    ),
    Persona(
        "alice.moreau@cantal.test",
        "Alice",
        "Moreau",
        "cd15",
        Role.ADMIN_DEPARTEMENTAL,
        presente="Administratrice départementale du Cantal",
    ),
    Persona(
        "pierre.fabre@roulecantal.test",
        "Pierre",
        "Fabre",
        "roule_cantal",
        Role.PARTENAIRE,
        presente="Partenaire (Roule Cantal, mobilité)",
    ),
    Persona("nadia.perrin@cantal.test", "Nadia", "Perrin", "mds_saint_flour", Role.ENCADRANT),
    # Les équipes de Saint-Flour (encadrées par Marc et Nadia) : plusieurs agents, pour montrer la charge et la
    # réaffectation.
    Persona("mathieu.bonnet@francetravail.test", "Mathieu", "Bonnet", "ft_saint_flour", Role.CONSEILLER_FT),
    Persona("nora.haddad@francetravail.test", "Nora", "Haddad", "ft_saint_flour", Role.CONSEILLER_FT),
    Persona("thibault.faure@cantal.test", "Thibault", "Faure", "mds_saint_flour", Role.TRAVAILLEUR_SOCIAL),
    Persona("vanessa.bouzid@cantal.test", "Vanessa", "Bouzid", "mds_saint_flour", Role.TRAVAILLEUR_SOCIAL),
    Persona("julien.roux@francetravail.test", "Julien", "Roux", "ft_aurillac", Role.CONSEILLER_FT),
    Persona("emilie.fournier@francetravail.test", "Émilie", "Fournier", "ft_aurillac", Role.CONSEILLER_FT),
    Persona("thomas.girard@francetravail.test", "Thomas", "Girard", "ft_mauriac", Role.CONSEILLER_FT),
    Persona("lucie.morel@cantal.test", "Lucie", "Morel", "mds_aurillac", Role.TRAVAILLEUR_SOCIAL),
    Persona("karim.benali@cantal.test", "Karim", "Benali", "mds_aurillac", Role.TRAVAILLEUR_SOCIAL),
    Persona("anne.chevalier@cantal.test", "Anne", "Chevalier", "mds_mauriac", Role.TRAVAILLEUR_SOCIAL),
    Persona("jeanne.vidal@cantal.test", "Jeanne", "Vidal", "mds_murat", Role.TRAVAILLEUR_SOCIAL),
    Persona("olivier.brun@ccas-aurillac.test", "Olivier", "Brun", "ccas_aurillac", Role.PARTENAIRE),
    # Calvados
    Persona(
        "bruno.leroy@calvados.test",
        "Bruno",
        "Leroy",
        "cd14",
        Role.ADMIN_DEPARTEMENTAL,
        presente="Administrateur départemental du Calvados",
    ),
    Persona(
        "camille.dupont@francetravail.test",
        "Camille",
        "Dupont",
        "ft_caen",
        Role.CONSEILLER_FT,
        presente="Conseillère France Travail (Caen)",
    ),
    Persona(
        "theo.lambert@calvados.test",
        "Théo",
        "Lambert",
        "cas_caen",
        Role.TRAVAILLEUR_SOCIAL,
        presente="Travailleur social (circonscription de Caen)",
    ),
    Persona("lea.caron@calvados.test", "Léa", "Caron", "cd14", Role.PILOTE, presente="Comité de pilotage du Calvados"),
    Persona("hugo.lemoine@francetravail.test", "Hugo", "Lemoine", "ft_lisieux", Role.CONSEILLER_FT),
    Persona("ines.marchand@francetravail.test", "Inès", "Marchand", "ft_bayeux", Role.CONSEILLER_FT),
    Persona("antoine.petit@francetravail.test", "Antoine", "Petit", "ft_vire", Role.CONSEILLER_FT),
    Persona("manon.gauthier@calvados.test", "Manon", "Gauthier", "cas_lisieux", Role.TRAVAILLEUR_SOCIAL),
    Persona("yann.le-gall@calvados.test", "Yann", "Le Gall", "cas_vire", Role.TRAVAILLEUR_SOCIAL),
    Persona("sarah.blanc@calvados.test", "Sarah", "Blanc", "cas_herouville", Role.TRAVAILLEUR_SOCIAL),
    Persona("david.masson@calvados.test", "David", "Masson", "ft_caen", Role.ENCADRANT),
    # L'équipe de Caen (encadrée par David) : Camille, Romain et Élise, arrivée récemment (aucun parcours).
    Persona("romain.fontaine@francetravail.test", "Romain", "Fontaine", "ft_caen", Role.CONSEILLER_FT),
    Persona("elise.garcia@francetravail.test", "Élise", "Garcia", "ft_caen", Role.CONSEILLER_FT),
    # Plateforme
    Persona(
        "helene.bertin@national.test",
        "Hélène",
        "Bertin",
        "comite_national",
        Role.PILOTE_NATIONAL,
        presente="Comité de pilotage national (tous les départements)",
    ),
    Persona(
        "sacha.durand@plateforme.test",
        "Sacha",
        "Durand",
        "",
        "",
        super_admin=True,
        presente="Super-administrateur de la plateforme",
    ),
]


def _verifier_territoire() -> None:
    """Arrête avec un message clair si les référentiels territoriaux ne sont pas chargés."""
    manquants_dept = [code for code in DEPARTEMENTS if not Departement.objects.filter(code=code).exists()]
    if manquants_dept:
        raise CommandError(
            f"Départements absents : {', '.join(manquants_dept)}. Lancez d'abord « manage.py charger_referentiels »."
        )
    attendues = {}
    for config in DEPARTEMENTS.values():
        for s in config["structures"]:
            attendues.setdefault(s.commune, s.nom)
    presentes = set(Commune.objects.filter(code_insee__in=attendues).values_list("code_insee", flat=True))
    manquantes = sorted(set(attendues) - presentes)
    if manquantes:
        detail = ", ".join(f"{code} (siège de « {attendues[code]} »)" for code in manquantes)
        raise CommandError(
            f"Communes absentes du référentiel : {detail}. Lancez d'abord « manage.py charger_referentiels »."
        )


def _distance(a, b) -> float:
    """Distance approchée (projection équirectangulaire), suffisante pour choisir le siège le plus proche."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    x = (lon2 - lon1) * math.cos((lat1 + lat2) / 2)
    return math.hypot(x, lat2 - lat1)


def _repartir(departement_code: str, sieges: dict[str, str]) -> dict[str, list[str]]:
    """Affecte chaque commune du département au siège le plus proche : {clé de structure: [codes INSEE]}."""
    coordonnees = {
        code: (lat, lon)
        for code, lat, lon in Commune.objects.filter(code_insee__in=set(sieges.values())).values_list(
            "code_insee", "latitude", "longitude"
        )
    }
    repartition = {cle: [] for cle in sieges}
    premiere = next(iter(sieges))
    candidats = [(cle, coordonnees[s]) for cle, s in sieges.items() if None not in coordonnees[s]]
    for code, lat, lon in Commune.objects.filter(departement_id=departement_code).values_list(
        "code_insee", "latitude", "longitude"
    ):
        if lat is None or lon is None or not candidats:
            repartition[premiere].append(code)
            continue
        cle = min(candidats, key=lambda c: (_distance((lat, lon), c[1]), c[0]))[0]
        repartition[cle].append(code)
    return repartition


def _structures(stdout) -> dict[str, Organisation]:
    organisations = {}
    for code, config in DEPARTEMENTS.items():
        departement = Departement.objects.get(code=code)
        ParametresDepartement.objects.get_or_create(
            departement=departement, defaults={"libelle_unite_action_sociale": config["libelle_unite"]}
        )
        if config.get("convention_fse"):
            ConventionFSE.objects.get_or_create(departement=departement, defaults=config["convention_fse"])
        cd = None
        nouvelles = []
        for s in config["structures"]:
            organisation, cree = Organisation.objects.get_or_create(
                departement=departement,
                type=s.type,
                nom=s.nom,
                defaults={
                    "categorie_partenaire": s.categorie,
                    "commune_id": s.commune,
                    "parent": cd if s.type == T.UNITE_ACTION_SOCIALE else None,
                },
            )
            if s.type == T.CONSEIL_DEPARTEMENTAL:
                cd = organisation
            if cree:
                nouvelles.append(s.cle)
            organisations[s.cle] = organisation
        for type_couvrant in (T.AGENCE_FT, T.UNITE_ACTION_SOCIALE):
            sieges = {s.cle: s.commune for s in config["structures"] if s.couvre and s.type == type_couvrant}
            if not any(cle in nouvelles for cle in sieges):
                continue
            for cle, codes in _repartir(code, sieges).items():
                if cle in nouvelles:
                    organisations[cle].communes.set(codes)
        stdout.write(f"  {config['nom']} : {len(config['structures'])} organisations ({len(nouvelles)} créées)")
    return organisations


def _comptes(stdout, organisations: dict[str, Organisation]) -> None:
    crees = 0
    for p in PERSONAS:
        utilisateur = Utilisateur.objects.filter(email=p.email).first()
        if utilisateur is None:
            utilisateur = Utilisateur(
                email=p.email, prenom=p.prenom, nom=p.nom, is_superuser=p.super_admin, is_staff=p.super_admin
            )
            utilisateur.set_password(MOT_DE_PASSE)
            sauver(utilisateur, acteur=None, raison="Données de démonstration")
            crees += 1
        if p.structure:
            organisation = organisations[p.structure]
            verifier_role_organisation(p.role, organisation)
            Habilitation.objects.get_or_create(utilisateur=utilisateur, organisation=organisation, role=p.role)
    stdout.write(f"  Comptes : {len(PERSONAS)} personas ({crees} créés), mot de passe « {MOT_DE_PASSE} »")


def creer(stdout) -> None:
    _verifier_territoire()
    organisations = _structures(stdout)
    _comptes(stdout, organisations)
