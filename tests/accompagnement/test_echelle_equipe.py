"""Vue équipe et portefeuille à coût constant dans la taille du périmètre (issue 17 « Échelle »).

Sans horloge : à 100 et à 5 000 parcours dans le périmètre, la page fait le **même nombre de requêtes** et, sur
PostgreSQL, le **même plan** (``EXPLAIN`` en JSON, coûts et nombres de lignes retirés) ; les alertes ne sont
calculées que pour les lignes de la page (les sous-plans des alertes tournent au plus ``TAILLE_PAGE`` fois,
``EXPLAIN ANALYZE`` compte les boucles, il ne chronomètre rien) et aucune table du parcours ni des contacts n'est
lue en entier (pas de ``Seq Scan``). Les données sont insérées par lots (``bulk_create``)."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement import selectors
from binome.accompagnement.alertes import Alerte, filtre_alerte
from binome.accompagnement.models import Contact, Parcours, Personne
from binome.accompagnement.views.portefeuille import TAILLE_PAGE
from binome.comptes.models import Role
from binome.organisations.models import TypeOrganisation
from tests import factories as f

pytestmark = pytest.mark.django_db

PETIT, GRAND = 100, 5000
TABLES_DU_PERIMETRE = {"accompagnement_parcours", "accompagnement_contact", "accompagnement_personne"}


def peupler(*, agence, unite, conseiller, referent, nombre: int, prefixe: str) -> None:
    """``nombre`` parcours variés (actifs avec ou sans contact récent, en fin de terme, orientations proposées,
    suspendus) suivis par ``conseiller`` et ``referent``, insérés par lots."""
    aujourdhui = timezone.localdate()
    departement = agence.departement
    commune = f.CommuneFactory(departement=departement)
    personnes = Personne.objects.bulk_create(
        Personne(
            departement=departement,
            commune=commune,
            nom=f"{prefixe}{i:05d}",
            prenom="Camille",
            nom_normalise=f"{prefixe.lower()}{i:05d}",
            prenom_normalise="camille",
            identifiant_ft=f"{prefixe}{i:07d}",
        )
        for i in range(nombre)
    )
    etats = [e.EtatParcours.ACTIF] * 6 + [e.EtatParcours.SUSPENDU, e.EtatParcours.ORIENTATION_PROPOSEE]
    lignes = []
    for i, personne in enumerate(personnes):
        etat = etats[i % len(etats)]
        entree = (
            None
            if etat == e.EtatParcours.ORIENTATION_PROPOSEE
            else aujourdhui - datetime.timedelta(days=(i * 37) % 700)
        )
        lignes.append(
            Parcours(
                personne=personne,
                departement=departement,
                etat=etat,
                modalite=e.Modalite.GLOBAL,
                date_reperage=aujourdhui - datetime.timedelta(days=800),
                date_orientation=aujourdhui - datetime.timedelta(days=790),
                date_entree=entree,
                date_fin_prevue=entree and entree + datetime.timedelta(days=365 + i % 30),
                modalite_entree=e.Modalite.GLOBAL if entree else "",
                conseiller=conseiller,
                organisation_conseiller=agence,
                referent_social=referent,
                organisation_referent=unite,
            )
        )
    parcours = Parcours.objects.bulk_create(lignes, batch_size=1000)
    Contact.objects.bulk_create(
        (
            Contact(
                parcours=p,
                date=aujourdhui - datetime.timedelta(days=(i * 7) % 200),
                canal=e.CanalContact.values[0],
                presence=e.PresenceContact.HONORE if i % 5 else e.PresenceContact.MANQUE,
                auteur=conseiller,
            )
            for i, p in enumerate(parcours)
            for _ in range(i % 3)
        ),
        batch_size=1000,
    )


@pytest.fixture
def deux_equipes(personas):
    """Deux équipes du Cantal : la petite (``PETIT`` parcours) et la grande (``GRAND``), chacune avec son
    encadrant, son conseiller et son travailleur social."""
    dept = personas.cantal.departement
    equipes = {}
    for nom, nombre in (("petite", PETIT), ("grande", GRAND)):
        agence = f.OrganisationFactory(nom=f"Agence {nom}", type=TypeOrganisation.AGENCE_FT, departement=dept)
        unite = f.OrganisationFactory(nom=f"Unité {nom}", type=TypeOrganisation.UNITE_ACTION_SOCIALE, departement=dept)
        conseiller = f.agent(f"conseiller.{nom}@exemple.gouv.fr", "Conseil", nom, agence, Role.CONSEILLER_FT)
        referent = f.agent(f"social.{nom}@exemple.gouv.fr", "Social", nom, unite, Role.TRAVAILLEUR_SOCIAL)
        encadrant = f.agent(f"encadrant.{nom}@exemple.gouv.fr", "Encadre", nom, agence, Role.ENCADRANT)
        peupler(agence=agence, unite=unite, conseiller=conseiller, referent=referent, nombre=nombre, prefixe=nom[:3])
        equipes[nom] = {"encadrant": encadrant, "conseiller": conseiller}
    if connection.vendor == "postgresql":
        with connection.cursor() as curseur:
            curseur.execute("ANALYZE")
    return equipes


# (route, qui la lit, paramètres) : chaque page avec et sans filtre d'alerte, et un tri qui ne suit aucun index.
PAGES = [
    ("accompagnement:equipe", "encadrant", ""),
    ("accompagnement:equipe", "encadrant", f"alerte={Alerte.SANS_CONTACT}"),
    ("accompagnement:equipe", "encadrant", "alerte=toutes"),
    ("accompagnement:portefeuille", "conseiller", ""),
    ("accompagnement:portefeuille", "conseiller", f"alerte={Alerte.FIN_TERME}"),
    ("accompagnement:portefeuille", "conseiller", "alerte=toutes&tri=-entree"),
]


def _requetes_de_la_page(client, utilisateur, url) -> list[str]:
    client.force_login(utilisateur)
    client.get(url)  # échauffement : caches de session, de permissions, de paramètres
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return [q["sql"] for q in requetes.captured_queries]


def test_meme_nombre_de_requetes_a_100_et_a_5000_parcours(client, deux_equipes):
    for route, role, parametres in PAGES:
        url = f"{reverse(route)}?{parametres}"
        petites = _requetes_de_la_page(client, deux_equipes["petite"][role], url)
        grandes = _requetes_de_la_page(client, deux_equipes["grande"][role], url)
        assert len(petites) == len(grandes), (url, "\n".join(grandes))


def test_la_page_ne_calcule_les_alertes_que_pour_ses_lignes(client, deux_equipes):
    """Une seule requête lit toutes les alertes (colonnes de la liste) : celle des lignes affichées, qui porte
    sur une liste de clés (``IN``) d'au plus ``TAILLE_PAGE`` parcours."""
    for route, role, parametres in PAGES:
        url = f"{reverse(route)}?{parametres}"
        grandes = _requetes_de_la_page(client, deux_equipes["grande"][role], url)
        lignes = [sql for sql in grandes if '"prochain_contact"' in sql]
        assert len(lignes) == 1, (url, lignes)
        cles = lignes[0].split('"accompagnement_parcours"."id" IN (', 1)[1].split(")", 1)[0].split(",")
        assert 0 < len(cles) <= TAILLE_PAGE


def _plan(sql: str, params, *, analyser: bool) -> dict:
    options = "ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF, FORMAT JSON" if analyser else "COSTS OFF, FORMAT JSON"
    with connection.cursor() as curseur:
        # Ici le périmètre est presque toute la table (en production, une équipe est une petite part du
        # million de parcours) : le parcours séquentiel est interdit pour vérifier qu'un index sert chaque
        # requête (s'il n'y en a pas, PostgreSQL garde un « Seq Scan », et le test échoue).
        curseur.execute("SET enable_seqscan = off")
        curseur.execute(f"EXPLAIN ({options}) {sql}", params)
        plan = curseur.fetchone()[0]
        curseur.execute("RESET enable_seqscan")
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def _noeuds(noeud):
    yield noeud
    for enfant in noeud.get("Plans", []):
        yield from _noeuds(enfant)


def test_plans_sur_postgresql_aucun_parcours_sequentiel_alertes_apres_la_limite(client, deux_equipes):
    """Sur PostgreSQL, pour chaque requête de la page qui lit les parcours : aucune lecture séquentielle des
    tables du parcours, des personnes ni des contacts (un index sert chaque requête) ; et, sans filtre
    d'alerte, aucune sous-requête d'alerte de la liste paginée ni de ses lignes n'est exécutée plus de
    ``TAILLE_PAGE`` fois (elles ne tournent qu'après la limite, sur les lignes de la page). Les comptes
    (chiffres de l'en-tête, charge des agents) restent proportionnels au périmètre : ils passent par les index.
    Les plans exacts à 100 et à 5 000 parcours ne sont pas comparés : le planificateur choisit légitimement un
    autre regroupement (tri ou index ordonné) selon le nombre de lignes estimé."""
    if connection.vendor != "postgresql":
        pytest.skip("Plans d'exécution vérifiés sur PostgreSQL seulement (EXPLAIN en JSON) ; SQLite : ignoré.")
    for route, role, parametres in PAGES:
        url = f"{reverse(route)}?{parametres}"
        for sql in _requetes_de_la_page(client, deux_equipes["grande"][role], url):
            if '"accompagnement_parcours"' not in sql or sql.startswith(("SAVEPOINT", "RELEASE", "UPDATE", "INSERT")):
                continue
            plan = _plan(sql, None, analyser=True)
            for noeud in _noeuds(plan):
                lu = noeud.get("Relation Name")
                assert not (noeud["Node Type"] == "Seq Scan" and lu in TABLES_DU_PERIMETRE), (url, lu, sql)
                liste = f"LIMIT {TAILLE_PAGE}" in sql or '"prochain_contact"' in sql  # page et lignes
                if liste and "alerte=" not in parametres and noeud.get("Parent Relationship") == "SubPlan":
                    assert noeud["Actual Loops"] <= TAILLE_PAGE, (url, sql)


def test_les_comptes_de_la_page_sont_ceux_des_lignes(deux_equipes):
    """Le nombre que montre ``/equipe/?alerte=…`` (compteurs du menu, « À faire ») est celui des lignes de la
    liste filtrée, alerte par alerte, même quand les alertes ne sont calculées que pour la page."""
    encadrant = deux_equipes["petite"]["encadrant"]
    for code in [*Alerte.CHAMPS, "toutes"]:
        lignes = list(selectors.filtrer_suivi(selectors.parcours_equipe(encadrant), alerte=code))
        assert selectors.compter_equipe(encadrant, alerte=code) == len(lignes)
        annotees = selectors.lignes_de_la_page(lignes)
        assert [p.pk for p in annotees] == [p.pk for p in lignes]
        champ = Alerte.CHAMPS.get(code)
        assert all((getattr(p, champ) if champ else p.nb_alertes > 0) for p in annotees), code


def test_au_moins_une_alerte_est_la_disjonction_des_alertes(deux_equipes):
    """« Avec au moins une alerte » (``filtre_alerte("toutes")``, un ``OR`` qui s'arrête au premier terme vrai)
    retient exactement les parcours dont ``nb_alertes`` (la somme des alertes) est positif, sur des dossiers
    variés (états, contacts honorés ou manqués, fins de terme) ; chaque alerte y compte."""
    equipe = selectors.parcours_equipe(deux_equipes["petite"]["encadrant"], complet=True)
    attendus = {p.pk for p in equipe if p.nb_alertes > 0}
    assert attendus and attendus != {p.pk for p in equipe}
    assert set(equipe.filter(filtre_alerte("toutes")).values_list("pk", flat=True)) == attendus
    for code, champ in Alerte.CHAMPS.items():
        portent = {p.pk for p in equipe if getattr(p, champ)}
        assert set(equipe.filter(filtre_alerte(code)).values_list("pk", flat=True)) == portent, code


# Accueil (alertes « À faire », dont l'inscription RSA sans orientation) et recherche de personne : le périmètre
# de l'agent est lu par ses index (binôme → personne, parcours avant entrée, personnes inscrites au RSA), jamais
# en parcourant toute la table des personnes ou des parcours (mesuré au million de parcours : 188 et 340 ms).
# (route, qui la lit, paramètres, index que ses requêtes doivent emprunter)
PAGES_DU_PERIMETRE = [
    ("core:accueil", "conseiller", "", {"personne_inscrite_rsa"}),
    ("accompagnement:personnes", "conseiller", "q=0001", {"parcours_avant_entree"}),
]


def test_accueil_et_recherche_meme_nombre_de_requetes_a_100_et_a_5000(client, deux_equipes):
    for route, role, parametres, _index in PAGES_DU_PERIMETRE:
        url = f"{reverse(route)}?{parametres}"
        petites = _requetes_de_la_page(client, deux_equipes["petite"][role], url)
        grandes = _requetes_de_la_page(client, deux_equipes["grande"][role], url)
        assert len(petites) == len(grandes), (url, "\n".join(grandes))


def test_accueil_et_recherche_par_les_index_du_perimetre_sur_postgresql(client, deux_equipes):
    """Aucune lecture séquentielle des personnes ni des parcours, et les index du périmètre servent : sans eux,
    PostgreSQL lisait toute la table (interdit ici, il prendrait un autre index entier, que ce test refuse)."""
    if connection.vendor != "postgresql":
        pytest.skip("Plans d'exécution vérifiés sur PostgreSQL seulement (EXPLAIN en JSON) ; SQLite : ignoré.")
    for route, role, parametres, attendus in PAGES_DU_PERIMETRE:
        url = f"{reverse(route)}?{parametres}"
        empruntes = set()
        for sql in _requetes_de_la_page(client, deux_equipes["grande"][role], url):
            if not sql.startswith("SELECT") or '"accompagnement_p' not in sql:
                continue
            for noeud in _noeuds(_plan(sql, None, analyser=False)):
                lu = noeud.get("Relation Name")
                assert not (noeud["Node Type"] == "Seq Scan" and lu in TABLES_DU_PERIMETRE), (url, lu, sql)
                if noeud.get("Index Name"):
                    empruntes.add(noeud["Index Name"])
        assert attendus <= empruntes, (url, attendus - empruntes, sorted(empruntes))
