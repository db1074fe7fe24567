"""Issue 13, point 7 : rechercher une personne par un fragment de son identifiant France Travail ou de son numéro
d'allocataire, dans la liste des personnes et dans le portefeuille (une définition :
``selectors.recherche.q_recherche_personne``)."""

import pytest
from django.db import connection
from django.urls import reverse

from binome.accompagnement import selectors
from binome.accompagnement.models import Personne
from binome.accompagnement.selectors.recherche import q_recherche_personne
from tests.accompagnement.factories import parcours_du_binome, personne_du

pytestmark = pytest.mark.django_db


@pytest.fixture
def deux_personnes(personas):
    marie = personne_du(
        personas.cantal, nom="Vidal", prenom="Marie", identifiant_ft="4567891K", numero_allocataire="0912345"
    )
    jean = personne_du(
        personas.cantal, nom="Roux", prenom="Jean", identifiant_ft="1234567A", numero_allocataire="7788990"
    )
    parcours_du_binome(personas, personne=marie)
    parcours_du_binome(personas, personne=jean)
    return marie, jean


def _noms(qs):
    return sorted(p.nom for p in qs)


@pytest.mark.parametrize(
    ("saisie", "attendus"),
    [
        ("4567", ["Roux", "Vidal"]),  # fragment commun aux deux identifiants
        ("67891", ["Vidal"]),
        ("891k", ["Vidal"]),  # insensible à la casse
        ("4567891K", ["Vidal"]),  # l'identifiant entier
        ("  567a ", ["Roux"]),  # espaces autour ignorés
        ("09123", ["Vidal"]),  # fragment du numéro d'allocataire
        ("889", ["Roux"]),
        ("vidal", ["Vidal"]),  # le nom reste cherché
        ("45", []),  # moins de 3 caractères : identifiant exact seulement
        ("456 789", []),  # avec une espace : des mots du nom, pas un identifiant
    ],
)
def test_fragment_d_identifiant_dans_la_liste_des_personnes(personas, deux_personnes, saisie, attendus):
    assert _noms(selectors.personnes_liste(personas.conseiller, recherche=saisie)) == attendus


def test_un_fragment_ne_montre_pas_une_personne_hors_perimetre(personas, deux_personnes):
    personne_du(personas.calvados, nom="Ailleurs", identifiant_ft="4567000Z")
    assert _noms(selectors.personnes_liste(personas.conseiller, recherche="4567")) == ["Roux", "Vidal"]
    assert Personne.objects.filter(identifiant_ft__contains="4567").count() == 3


def test_page_liste_des_personnes(personas, deux_personnes, client_de):
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:personnes"), {"q": "7891"}).content.decode()
    assert "Vidal" in contenu and "Roux" not in contenu


def test_portefeuille_par_fragment_d_identifiant(personas, deux_personnes, client_de):
    reponse = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille"), {"q": "567A", "etat": "tous"})
    assert [p.personne.nom for p in reponse.context["page"].object_list] == ["Roux"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index trigrammes propres à PostgreSQL")
def test_postgresql_sert_la_recherche_par_les_index_trigrammes(personas, deux_personnes):
    """Les quatre conditions (nom, prénom, identifiant, allocataire) sont servies par un index : pas de parcours
    de la table quand l'index est possible (le planificateur y est forcé ; la table de test est minuscule)."""
    qs = Personne.objects.filter(q_recherche_personne("4567"))
    with connection.cursor() as curseur:
        curseur.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    for index in ("personne_nom_trgm", "personne_prenom_trgm", "personne_idft_trgm", "personne_alloc_trgm"):
        assert index in plan, plan
    assert "Seq Scan" not in plan, plan
