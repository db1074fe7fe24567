"""Génération du volume mesuré par ``benchmark_stats`` (issue 17) : parcours, personnes, contacts, agents.

Insertion brute par gros lots : ``COPY`` (psycopg 3, ``cursor.copy``) sur PostgreSQL, ``executemany`` sur SQLite.
Aucun signal ni historique : réservé au banc d'essai, dont les lignes portent le préfixe « BENCH- ».
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.models import Contact, Parcours, PeriodeSuspension, Personne, Sortie
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.core.texte import normaliser
from binome.organisations.models import ConventionFSE, Organisation, TypeOrganisation
from binome.territoires.models import Commune, Departement

PREFIXE = "BENCH-"
TAILLE_LOT = 5000
DEBUT_HISTOIRE = datetime.date(2019, 1, 1)

MOTIFS = [
    (e.MotifSortie.EMPLOI_DURABLE, 22),
    (e.MotifSortie.EMPLOI_TRANSITION, 15),
    (e.MotifSortie.CREATION_ENTREPRISE, 3),
    (e.MotifSortie.FORMATION, 8),
    (e.MotifSortie.REORIENTATION_SOCIAL, 8),
    (e.MotifSortie.REORIENTATION_AUTRE, 7),
    (e.MotifSortie.DUREE_MAX, 12),
    (e.MotifSortie.ABANDON, 9),
    (e.MotifSortie.DEMENAGEMENT, 6),
    (e.MotifSortie.SANTE, 5),
    (e.MotifSortie.RADIATION, 3),
    (e.MotifSortie.AUTRE, 2),
]
TRANCHES = [
    (e.TrancheAge.MOINS_18, 1),
    (e.TrancheAge.DE_18_A_25, 14),
    (e.TrancheAge.DE_26_A_29, 12),
    (e.TrancheAge.DE_30_A_44, 40),
    (e.TrancheAge.DE_45_A_54, 22),
    (e.TrancheAge.PLUS_55, 11),
]
AGES = {
    e.TrancheAge.MOINS_18: (17, 17),
    e.TrancheAge.DE_18_A_25: (18, 25),
    e.TrancheAge.DE_26_A_29: (26, 29),
    e.TrancheAge.DE_30_A_44: (30, 44),
    e.TrancheAge.DE_45_A_54: (45, 54),
    e.TrancheAge.PLUS_55: (55, 64),
}


def _tirage(alea: random.Random, choix):
    valeurs, poids = zip(*choix, strict=True)
    return alea.choices(valeurs, weights=poids)[0]


# Préréglages de volume : parcours (dont ~15 % actifs) ; national = la cible de l'issue 17.
PREREGLAGES = {"national": 1_000_000, "departemental": 100_000, "moyen": 20_000, "petit": 2_000}
AGENTS_PAR_DEPARTEMENT = 30  # 15 conseillers et 15 travailleurs sociaux : ~3 000 professionnels pour 101 départements
# Noms de famille courants : la recherche de personne mesurée (« martin ») trouve ~1/40 des dossiers du périmètre.
NOMS = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel Lefebvre Leroy Roux David "
    "Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Muller Lefevre Faure Andre "
    "Mercier Blanc Guerin Boyer Garnier Chevalier Francois Legrand Gauthier Garcia"
).split()
NOMS_NORMALISES = [normaliser(nom) for nom in NOMS]
MOT_DE_PASSE_MESURE = "mesure-binome-2026"  # comptes de mesure : données fictives, base dédiée


def nettoyer():
    personnes = Personne.objects.filter(identifiant_ft__startswith=PREFIXE)
    parcours = Parcours.objects.filter(personne__in=personnes.values("pk"))
    utilisateurs = Utilisateur.objects.filter(email__startswith=PREFIXE.lower())
    with transaction.atomic():
        Contact.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
        PeriodeSuspension.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
        Sortie.objects.filter(parcours__in=parcours.values("pk"))._raw_delete(connection.alias)
        parcours._raw_delete(connection.alias)
        personnes._raw_delete(connection.alias)
        Habilitation.objects.filter(utilisateur__in=utilisateurs.values("pk"))._raw_delete(connection.alias)
        for historique in _historiques_par_auteur():  # connexions des comptes de mesure (last_login) : historique
            historique.objects.filter(history_user__in=utilisateurs.values("pk"))._raw_delete(connection.alias)
        ConventionFSE.objects.filter(identifiant_operation__startswith=PREFIXE)._raw_delete(connection.alias)
        Organisation.objects.filter(nom__startswith=PREFIXE)._raw_delete(connection.alias)
        utilisateurs._raw_delete(connection.alias)


def _historiques_par_auteur():
    """Les modèles d'historique (django-simple-history) dont l'auteur est une clé étrangère vers un utilisateur."""
    from django.apps import apps

    return [
        modele
        for modele in apps.get_models()
        if any(f.name == "history_user" and f.db_constraint for f in modele._meta.fields if f.is_relation)
    ]


def _communes_principales() -> dict:
    """La commune la plus peuplée de chaque département : la commune de résidence des personnes générées."""
    principales = {}
    for code, commune in (
        Commune.objects.exclude(type=Commune.Type.DELEGUEE)
        .order_by("departement", "-population", "code_insee")
        .values_list("departement", "code_insee")
    ):
        principales.setdefault(code, commune)
    return principales


def _referentiel():
    """Départements pondérés par leur population, avec leurs organisations et agents générés."""
    populations = dict(
        Commune.objects.exclude(type=Commune.Type.DELEGUEE)
        .values("departement")
        .annotate(p=Sum("population"))
        .values_list("departement", "p")
    )
    departements = list(Departement.objects.values_list("code", flat=True))
    poids = [max(populations.get(code) or 0, 1) for code in departements]
    organisations, utilisateurs = [], []
    for code in departements:
        for i in range(3):
            for type_ in (TypeOrganisation.AGENCE_FT, TypeOrganisation.UNITE_ACTION_SOCIALE):
                nom = f"{PREFIXE}{code}-{type_}-{i}"
                organisations.append(
                    Organisation(nom=nom, nom_normalise=normaliser(nom), type=type_, departement_id=code)
                )
        for i in range(AGENTS_PAR_DEPARTEMENT):
            email = f"{PREFIXE.lower()}{code.lower()}-{i}@benchmark.test"
            utilisateurs.append(
                Utilisateur(email=email, prenom="Agent", nom=f"{code}-{i}", password="!", recherche_normalise=email)
            )
    Organisation.objects.bulk_create(organisations, batch_size=1000)
    Utilisateur.objects.bulk_create(utilisateurs, batch_size=1000)
    orgs = {}
    for pk, code, type_ in Organisation.objects.filter(nom__startswith=PREFIXE).values_list(
        "pk", "departement_id", "type"
    ):
        orgs.setdefault((code, type_), []).append(pk)
    agents = {}
    for pk, nom in Utilisateur.objects.filter(email__startswith=PREFIXE.lower()).values_list("pk", "nom"):
        code, numero = nom.rsplit("-", 1)
        agents.setdefault((code, int(numero) < AGENTS_PAR_DEPARTEMENT // 2), []).append(pk)
    return departements, poids, orgs, agents


def generer(nombre: int, alea: random.Random, *, contacts_par_parcours: int, barre: tqdm) -> int:
    """Génère ``nombre`` parcours (et leurs personnes, ~``contacts_par_parcours`` contacts chacun) ; rend le
    nombre de contacts. Entrées étalées sur 8 ans, 10 % en social exclusif, sorties, suspensions."""
    # Long : boucle chaude d'un million de lignes, gardée d'un seul tenant (pas d'appel par parcours).
    aujourdhui = timezone.localdate()
    departements, poids, orgs, agents = _referentiel()
    communes = _communes_principales()
    auteur = agents[next(iter(agents))][0]
    etendue = (aujourdhui - DEBUT_HISTOIRE).days
    personnes = Insertion(Personne)
    parcours_table = Insertion(Parcours)
    contacts_table = Insertion(Contact)
    id_personne = (Personne.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    id_parcours = (Parcours.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    numero = 0
    contacts_total = 0
    while numero < nombre:
        taille = min(TAILLE_LOT, nombre - numero)
        lot_personnes, lot_parcours, lot_contacts = [], [], []
        for _i in range(taille):
            numero += 1
            code = alea.choices(departements, weights=poids)[0]
            tranche = _tirage(alea, TRANCHES)
            sexe = _tirage(alea, [("F", 55), ("H", 43), ("X", 1), ("NR", 1)])
            entree = DEBUT_HISTOIRE + datetime.timedelta(days=alea.randrange(etendue))
            duree = alea.randint(20, 560)
            sortie = entree + datetime.timedelta(days=duree)
            sorti = sortie <= aujourdhui and alea.random() < 0.955  # ~15 % de parcours actifs
            suspendus = min(alea.randint(7, 60), duree - 1) if sorti and alea.random() < 0.1 else 0
            social = alea.random() < 0.1
            age_min, age_max = AGES[tranche]
            lot_personnes.append(
                personnes.ligne(
                    id=id_personne,
                    departement_id=code,
                    commune_id=communes.get(code),
                    identifiant_ft=f"{PREFIXE}{numero}",
                    nom=NOMS[numero % len(NOMS)],
                    prenom="Personne",
                    nom_normalise=NOMS_NORMALISES[numero % len(NOMS)],
                    prenom_normalise="personne",
                    sexe=sexe,
                )
            )
            lot_parcours.append(
                parcours_table.ligne(
                    id=id_parcours,
                    personne_id=id_personne,
                    departement_id=code,
                    # L'état passe par un point d'entrée déclaré de la machine à états.
                    **machine.colonnes_etat_initial(
                        point_entree="banc_essai",
                        etat_initial=machine.etat_apres_entree(sorti=sorti, social_exclusif=social),
                    ),
                    modalite=e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL,
                    modalite_entree=e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL,
                    conseiller_id=alea.choice(agents[(code, True)]),
                    organisation_conseiller_id=alea.choice(orgs[(code, TypeOrganisation.AGENCE_FT)]),
                    referent_social_id=alea.choice(agents[(code, False)]),
                    organisation_referent_id=alea.choice(orgs[(code, TypeOrganisation.UNITE_ACTION_SOCIALE)]),
                    date_reperage=entree - datetime.timedelta(days=alea.randint(20, 90)),
                    date_orientation=entree - datetime.timedelta(days=alea.randint(5, 45)),
                    date_entree=entree,
                    date_fin_prevue=calculs.fin_prevue(
                        entree, calculs.DUREE_PARCOURS_MOIS_DEFAUT, jours_suspendus=suspendus
                    ),
                    date_sortie=sortie if sorti else None,
                    motif_sortie=_tirage(alea, MOTIFS) if sorti else "",
                    jours_suspendus=suspendus,
                    sexe=sexe,
                    age_entree=alea.randint(age_min, age_max),
                    tranche_age_entree=tranche,
                    rsa_entree=alea.random() < 0.62,
                    qpv_entree=alea.random() < 0.21,
                    niveau_formation_entree=_tirage(
                        alea, [("CITE_0_2", 45), ("CITE_3_4", 40), ("CITE_5_8", 12), ("NR", 3)]
                    ),
                )
            )
            fin = min(sortie if sorti else aujourdhui, aujourdhui)
            jours = max((fin - entree).days, 0)
            # ~contacts_par_parcours contacts (de la moitié à une fois et demie) sur toute la durée du parcours.
            for _j in range(alea.randint(contacts_par_parcours // 2, contacts_par_parcours * 3 // 2)):
                lot_contacts.append(
                    contacts_table.ligne(
                        parcours_id=id_parcours,
                        date=entree + datetime.timedelta(days=alea.randint(0, jours)),
                        canal=e.CanalContact.PRESENTIEL,
                        presence=e.PresenceContact.HONORE if alea.random() < 0.85 else e.PresenceContact.MANQUE,
                        auteur_id=auteur,
                    )
                )
            id_personne += 1
            id_parcours += 1
        with transaction.atomic():
            personnes.inserer(lot_personnes)
            parcours_table.inserer(lot_parcours)
            contacts_table.inserer(lot_contacts)
        contacts_total += len(lot_contacts)
        barre.update(taille)
    Insertion.recaler_sequences(Personne, Parcours, Contact)
    return contacts_total


class Insertion:
    """Insertion brute par lots dans la table d'un modèle : ``COPY`` sur PostgreSQL, ``executemany`` sur SQLite.

    Les valeurs par défaut de chaque colonne sont préparées une fois (``get_db_prep_save``) ; les valeurs
    fournies sont des types simples (texte, entier, booléen, date). Aucun signal, aucun historique : réservé
    au banc d'essai.
    """

    def __init__(self, modele):
        self.modele = modele
        self.champs = [f for f in modele._meta.concrete_fields if not (f.primary_key and f.attname != "id")]
        maintenant = timezone.now()
        self.defauts = {}
        for f in self.champs:
            if f.primary_key:
                valeur = None
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                valeur = f.get_db_prep_save(maintenant, connection)
            else:
                # Défaut du champ (chaîne vide pour un texte facultatif, None pour un champ nullable).
                valeur = f.get_db_prep_save(f.get_default(), connection)
            self.defauts[f.attname] = valeur
        self.attnames = [f.attname for f in self.champs]
        self.sqlite = connection.vendor == "sqlite"
        if "id" not in self.attnames:  # pragma: no cover - tous nos modèles ont un « id »
            raise CommandError("Modèle sans identifiant « id ».")

    def ligne(self, **valeurs) -> tuple:
        ligne = tuple(valeurs.get(a, self.defauts[a]) for a in self.attnames)
        if self.sqlite:
            ligne = tuple(v.isoformat() if type(v) is datetime.date else v for v in ligne)
        return ligne

    def inserer(self, lignes: list[tuple]) -> None:
        if not lignes:
            return
        table = connection.ops.quote_name(self.modele._meta.db_table)
        colonnes = ", ".join(connection.ops.quote_name(f.column) for f in self.champs)
        if "id" in self.attnames and lignes[0][self.attnames.index("id")] is None:
            # Identifiant attribué par la base : on retire la colonne.
            indice = self.attnames.index("id")
            colonnes = ", ".join(connection.ops.quote_name(f.column) for f in self.champs if f.attname != "id")
            lignes = [ligne[:indice] + ligne[indice + 1 :] for ligne in lignes]
        nombre = len(lignes[0])
        with connection.cursor() as curseur:
            brut = curseur.cursor
            if connection.vendor == "postgresql":
                with brut.copy(f"COPY {table} ({colonnes}) FROM STDIN") as copie:
                    for ligne in lignes:
                        copie.write_row(ligne)
            else:
                marques = ", ".join(["?" if self.sqlite else "%s"] * nombre)
                brut.executemany(f"INSERT INTO {table} ({colonnes}) VALUES ({marques})", lignes)

    @staticmethod
    def recaler_sequences(*modeles) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as curseur:
            for modele in modeles:
                table = modele._meta.db_table
                curseur.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}"
                )


def _convention_de_mesure(code: str) -> None:
    """Une convention FSE+ du département (sans historique, supprimée par ``nettoyer``) : l'extrait FSE+ mesuré porte
    sur les parcours cofinancés."""
    if ConventionFSE.objects.filter(departement_id=code, identifiant_operation__startswith=PREFIXE).exists():
        return
    convention = ConventionFSE(
        departement_id=code,
        date_debut=datetime.date(2000, 1, 1),
        identifiant_operation=f"{PREFIXE}{code}-FSE",
        intitule="Mesure",
    )
    ConventionFSE.objects.bulk_create([convention])


def comptes_de_mesure(code: str) -> dict:
    """Les comptes de mesure du département ``code`` (connexion par mot de passe, sans double facteur) :
    un conseiller généré (son portefeuille, un de ses parcours actifs), un pilote du département, un pilote national,
    l'encadrant de l'agence du conseiller (extrait FSE+).
    """
    conseillers = Utilisateur.objects.filter(email__startswith=f"{PREFIXE.lower()}{code.lower()}-")
    parcours = (
        Parcours.objects.filter(conseiller__in=conseillers.values("pk"), date_sortie=None, departement_id=code)
        .order_by("pk")
        .values("pk", "personne_id", "conseiller_id", "organisation_conseiller_id")
        .first()
    )
    if parcours is None:
        raise CommandError(_("Aucun parcours actif dans le département %(d)s.") % {"d": code})
    orgs = [
        Organisation.objects.get_or_create(
            nom=nom, defaults={"nom_normalise": normaliser(nom), "type": type_, "departement_id": code}
        )[0]
        for nom, type_ in (
            (f"{PREFIXE}{code}-CD", TypeOrganisation.CONSEIL_DEPARTEMENTAL),
            (f"{PREFIXE}national", TypeOrganisation.INSTANCE_NATIONALE),
        )
    ]
    _convention_de_mesure(code)
    agence = parcours["organisation_conseiller_id"]
    mot_de_passe = make_password(MOT_DE_PASSE_MESURE)
    pilotes = []
    for role in ("pilote", "national", "encadrant"):
        email = f"{PREFIXE.lower()}mesure-{role}@benchmark.test"
        valeurs = {"prenom": "Mesure", "nom": role, "password": mot_de_passe, "recherche_normalise": email}
        pilotes.append(Utilisateur.objects.update_or_create(email=email, defaults=valeurs)[0])
    conseiller = Utilisateur.objects.get(pk=parcours["conseiller_id"])
    conseiller.password = mot_de_passe
    conseiller.save(update_fields=["password"])
    Habilitation.objects.bulk_create(
        [
            Habilitation(utilisateur=conseiller, organisation_id=agence, role=Role.CONSEILLER_FT),
            Habilitation(utilisateur=pilotes[0], organisation=orgs[0], role=Role.PILOTE),
            Habilitation(utilisateur=pilotes[1], organisation=orgs[1], role=Role.PILOTE_NATIONAL),
            Habilitation(utilisateur=pilotes[2], organisation_id=agence, role=Role.ENCADRANT),  # extrait FSE+
        ],
        ignore_conflicts=True,
    )
    dossiers = list(
        Parcours.objects.filter(conseiller=conseiller, date_sortie=None, organisation_conseiller_id=agence)
        .order_by("pk")
        .values_list("pk", "personne_id")[:50]
    )
    return {
        "conseiller": conseiller,
        "pilote": pilotes[0],
        "national": pilotes[1],
        "encadrant": pilotes[2],
        "agence": agence,
        "parcours": parcours["pk"],
        "dossiers": dossiers,
        "personne": parcours["personne_id"],
    }
