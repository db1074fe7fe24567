"""``manage.py demo`` : refus hors développement, idempotence, territoire, personas qui se connectent."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.demo import socle
from binome.demo.management.commands import demo as commande
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation
from binome.territoires.models import Commune
from tests import factories as f

pytestmark = pytest.mark.django_db

# Sièges et quelques autres communes réelles (code INSEE, nom, latitude, longitude).
COMMUNES = {
    "15": [
        ("15014", "Aurillac", 44.92806, 2.44159),
        ("15187", "Saint-Flour", 45.02505, 3.07303),
        ("15120", "Mauriac", 45.22088, 2.32087),
        ("15138", "Murat", 45.12363, 2.85012),
        ("15122", "Maurs", 44.71511, 2.17292),
        ("15267", "Ytrac", 44.91258, 2.3575),
        ("15119", "Massiac", 45.2439, 3.19543),
        ("15265", "Ydes", 45.3458, 2.45214),
        ("15045", "Chaudes-Aigues", 44.84227, 3.00571),
    ],
    "14": [
        ("14118", "Caen", 49.18464, -0.37224),
        ("14366", "Lisieux", 49.1477, 0.24263),
        ("14047", "Bayeux", 49.27717, -0.70163),
        ("14762", "Vire Normandie", 48.81986, -0.86999),
        ("14327", "Hérouville-Saint-Clair", 49.20421, -0.33237),
        ("14258", "Falaise", 48.89855, -0.19261),
        ("14488", "Ouistreham", 49.27091, -0.25642),
        ("14333", "Honfleur", 49.40848, 0.22954),
        ("14342", "Isigny-sur-Mer", 49.28524, -1.05703),
    ],
}


@pytest.fixture
def territoire(db):
    cantal = f.DepartementFactory(
        code="15", nom="Cantal", region=f.RegionFactory(code="84", nom="Auvergne-Rhône-Alpes")
    )
    calvados = f.DepartementFactory(code="14", nom="Calvados", region=f.RegionFactory(code="28", nom="Normandie"))
    for departement in (cantal, calvados):
        for code, nom, lat, lon in COMMUNES[departement.code]:
            f.CommuneFactory(code_insee=code, nom=nom, departement=departement, latitude=lat, longitude=lon)


@pytest.fixture
def en_developpement(settings, monkeypatch):
    settings.DEBUG = True
    # Les étapes des autres domaines ont leurs propres tests : ici, le socle seul.
    monkeypatch.setattr(commande, "ETAPES", ["binome.demo.socle"])


def _lancer() -> str:
    sortie = StringIO()
    call_command("demo", stdout=sortie)
    return sortie.getvalue()


def test_refusee_quand_debug_est_desactive(territoire, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG") as erreur:
        call_command("demo", stdout=StringIO())
    assert erreur.value.returncode != 0
    assert not Utilisateur.objects.exists()
    assert not Organisation.objects.exists()


def test_la_commande_enchaine_le_socle_en_premier():
    assert commande.ETAPES[0] == "binome.demo.socle"


def test_message_clair_si_les_communes_manquent(db, en_developpement):
    f.DepartementFactory(code="15", nom="Cantal")
    f.DepartementFactory(code="14", nom="Calvados", region=f.RegionFactory(code="28", nom="Normandie"))
    with pytest.raises(CommandError) as erreur:
        _lancer()
    message = str(erreur.value)
    assert "15014 (siège de « Conseil départemental du Cantal »)" in message
    assert "charger_referentiels" in message
    assert not Organisation.objects.exists()


def test_message_clair_si_les_departements_manquent(db, en_developpement):
    with pytest.raises(CommandError, match="Départements absents : 15, 14"):
        _lancer()


def test_idempotente(territoire, en_developpement):
    premiere = _lancer()
    assert "Données de démonstration prêtes." in premiere
    comptes = (
        Organisation.objects.count(),
        Utilisateur.objects.count(),
        Habilitation.objects.count(),
        ParametresDepartement.objects.count(),
        Organisation.communes.through.objects.count(),
    )
    historique = Utilisateur.history.count()
    seconde = _lancer()
    assert "(0 créées)" in seconde
    assert "(0 créés)" in seconde
    assert (
        Organisation.objects.count(),
        Utilisateur.objects.count(),
        Habilitation.objects.count(),
        ParametresDepartement.objects.count(),
        Organisation.communes.through.objects.count(),
    ) == comptes
    assert Utilisateur.history.count() == historique
    assert comptes[0] == sum(len(d["structures"]) for d in socle.DEPARTEMENTS.values())


def test_territoire_realiste(territoire, en_developpement):
    _lancer()
    for code in ("15", "14"):
        agences = Organisation.objects.filter(departement_id=code, type=TypeOrganisation.AGENCE_FT)
        unites = Organisation.objects.filter(departement_id=code, type=TypeOrganisation.UNITE_ACTION_SOCIALE)
        assert agences.count() >= 3 and unites.count() >= 3
        # Chaque commune du département est couverte par exactement une agence et une unité.
        for commune in Commune.objects.filter(departement_id=code):
            assert agences.filter(communes=commune).count() == 1, commune
            assert unites.filter(communes=commune).count() == 1, commune
        cd = Organisation.objects.get(departement_id=code, type=TypeOrganisation.CONSEIL_DEPARTEMENTAL)
        assert set(unites.values_list("parent", flat=True)) == {cd.pk}
        assert Organisation.objects.filter(departement_id=code, type=TypeOrganisation.PARTENAIRE).count() >= 3
    assert Organisation.objects.get(nom="France Travail Aurillac").communes.filter(nom="Ytrac").exists()
    assert Organisation.objects.get(nom="France Travail Saint-Flour").communes.filter(nom="Massiac").exists()
    assert Organisation.objects.get(nom="France Travail Lisieux").communes.filter(nom="Honfleur").exists()
    assert ParametresDepartement.objects.get(departement_id="14").libelle_unite_action_sociale == (
        "Circonscription d'action sociale"
    )
    # Plusieurs conseillers et travailleurs sociaux par département.
    for code in ("15", "14"):
        for role in (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL):
            assert Habilitation.objects.filter(role=role, organisation__departement_id=code).count() >= 3


SECTION_PAR_ROLE = {
    Role.CONSEILLER_FT: "conseiller_ft",
    Role.TRAVAILLEUR_SOCIAL: "travailleur_social",
    Role.REFERENT_ORIENTATION: "referent_orientation",
    Role.ENCADRANT: "encadrant",
    Role.PILOTE: "pilote",
    Role.ADMIN_DEPARTEMENTAL: "admin_departemental",
    Role.PARTENAIRE: "partenaire",
    Role.PILOTE_NATIONAL: "pilote_national",
    "": "super_admin",
}


@pytest.mark.parametrize("persona", [p for p in socle.PERSONAS if p.presente], ids=lambda p: p.email)
def test_chaque_persona_se_connecte_et_voit_l_accueil_de_son_role(territoire, en_developpement, persona):
    _lancer()
    client = Client()
    reponse = client.post(reverse("comptes:connexion"), {"username": persona.email, "password": socle.MOT_DE_PASSE})
    assert reponse.status_code == 302, persona.email
    contenu = client.get(reverse("core:accueil")).content.decode()
    assert f"Bonjour {persona.prenom}" in contenu
    assert f'id="accueil-{SECTION_PAR_ROLE[persona.role]}"' in contenu


def test_tous_les_roles_sont_incarnes_dans_le_cantal():
    roles = {p.role for p in socle.PERSONAS if p.presente and p.structure in _cles("15")}
    assert roles == set(Role.values)
    roles_calvados = {p.role for p in socle.PERSONAS if p.presente and p.structure in _cles("14")}
    assert {Role.ADMIN_DEPARTEMENTAL, Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL} <= roles_calvados
    assert any(p.super_admin for p in socle.PERSONAS)


def _cles(code):
    return {s.cle for s in socle.DEPARTEMENTS[code]["structures"]}


def test_le_readme_liste_les_comptes_de_demo(settings):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "<!-- comptes-demo -->" not in readme
    assert f"`{socle.MOT_DE_PASSE}`" in readme
    for persona in socle.PERSONAS:
        if persona.presente:
            assert re.search(rf"`{re.escape(persona.email)}`", readme), persona.email


def test_une_etape_a_services_durables_tourne_hors_de_la_transaction_de_la_commande(db, settings, monkeypatch):
    """Poste h3 : l'étape « agenda » appelle des services à transaction durable ; la commande ne l'englobe pas."""
    import sys
    import types

    from django.db import connection

    settings.DEBUG = True
    profondeurs = []
    durable = types.ModuleType("etape_durable")
    durable.TRANSACTION_PAR_SERVICE = True
    durable.creer = lambda stdout: profondeurs.append(len(connection.atomic_blocks))
    englobee = types.ModuleType("etape_englobee")
    englobee.creer = lambda stdout: profondeurs.append(len(connection.atomic_blocks))
    monkeypatch.setitem(sys.modules, "etape_durable", durable)
    monkeypatch.setitem(sys.modules, "etape_englobee", englobee)
    monkeypatch.setattr(commande, "ETAPES", ["etape_durable", "etape_englobee"])
    _lancer()
    assert profondeurs[1] == profondeurs[0] + 1
