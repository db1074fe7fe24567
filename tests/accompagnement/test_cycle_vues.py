"""Écrans du cycle du parcours : accès (qui peut, qui ne peut pas, statut ET contenu), données de santé,
saisies de bout en bout et nombre de requêtes constant sur les listes."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse
from freezegun import freeze_time

from binome.accompagnement import services
from binome.accompagnement.enums import (
    EtatParcours,
    Modalite,
    MotifSortie,
    ObjetCoordination,
    ReponseSensible,
    SituationSortieFSE,
    StatutOrientation,
)
from binome.accompagnement.models import Diagnostic, Orientation, Parcours, Personne
from binome.comptes.models import Role
from tests import factories as f
from tests.accompagnement import cycle
from tests.accompagnement.factories import ElementReferentielFactory, EvenementFactory, OrientationFactory, personne_du

pytestmark = pytest.mark.django_db

D = datetime.date
J0 = D(2025, 3, 3)
NOM = cycle.NOM  # « Tartempion » : ne doit jamais apparaître dans une réponse refusée

LE_BINOME_ET_SES_ENCADRANTS = ["conseiller", "travailleur_social", "encadrant", "encadrant_social"]
NE_VOIENT_PAS = [
    "pilote",
    "partenaire",
    "conseiller_calvados",
    "travailleur_social_calvados",
    "admin_calvados",
    "pilote_calvados",
    "referent_orientation",
    "super_admin",
    "autre_conseiller",
]


@pytest.fixture(autouse=True)
def horloge():
    # Les routes (dont l'API et ses schémas pydantic) se chargent avant de figer l'horloge.
    get_resolver().url_patterns  # noqa: B018
    with freeze_time("2025-03-03 10:00:00+01:00") as h:
        yield h


@pytest.fixture
def acteurs(personas):
    """Les personas, plus un conseiller de la même agence qui n'est pas dans le binôme."""
    personas.autre_conseiller = f.agent(
        "autre.conseiller@exemple.gouv.fr", "Albert", "Autre", personas.cantal.agence, Role.CONSEILLER_FT
    )
    return personas


@pytest.fixture
def actif(acteurs):
    """Parcours actif du binôme Claire + Sophie, avec un frein détaillé côté social et une RQTH."""
    parcours = cycle.parcours_actif(acteurs, entree=J0)
    Personne.objects.filter(pk=parcours.personne_id).update(rqth=ReponseSensible.OUI)
    return parcours


def connecter(acteur) -> Client:
    """Un client à soi (plusieurs personnes dans un même test)."""
    client = Client()
    client.force_login(acteur)
    return client


def _get(client_de, acteur, url):
    return client_de(acteur).get(url)


def _verifier_acces(acteurs, client_de, url, *, autorises, interdits_403=(), statut_ok=200):
    """Chaque persona : autorisé → ``statut_ok`` ; lecture seule → 403 ; les autres (dont le pilote, le
    partenaire, le Calvados et un conseiller hors binôme) → 404. Jamais le nom ni l'identifiant de la personne
    dans une réponse refusée."""
    for nom in autorises:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == statut_ok, (nom, url, reponse.status_code)
    for nom in interdits_403:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 403, (nom, url, reponse.status_code)
        assert NOM not in reponse.content.decode(), (nom, url)
    for nom in NE_VOIENT_PAS:
        if nom in autorises or nom in interdits_403:
            continue
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 404, (nom, url, reponse.status_code)
        contenu = reponse.content.decode()
        assert NOM not in contenu and cycle.IDENTIFIANT_FT not in contenu, (nom, url)


# --- Accès : chaque vue ---------------------------------------------------------------------------------------

ROUTES_ECRITURE_PARCOURS = [
    "diagnostic",
    "parcours_activer",
    "parcours_non_retenu",
    "parcours_suspendre",
    "parcours_reprendre",
    "parcours_renouveler",
    "parcours_social_exclusif",
    "parcours_retour_diagnostic",
    "coordination_demander",
    "parcours_sortir",
    "suivi_six_mois",
]


def test_fiche_personne(acteurs, client_de, actif):
    url = reverse("accompagnement:personne", args=[actif.personne_id])
    _verifier_acces(acteurs, client_de, url, autorises=[*LE_BINOME_ET_SES_ENCADRANTS, "admin"])
    contenu = _get(client_de, acteurs.admin, url).content.decode()
    assert NOM in contenu and "Lecture seule" in contenu
    assert reverse("accompagnement:parcours_sortir", args=[actif.pk]) not in contenu


def test_adresse_du_parcours(acteurs, client_de, actif):
    url = reverse("accompagnement:parcours", args=[actif.pk])
    _verifier_acces(acteurs, client_de, url, autorises=[*LE_BINOME_ET_SES_ENCADRANTS, "admin"], statut_ok=302)


@pytest.mark.parametrize("route", ROUTES_ECRITURE_PARCOURS)
def test_ecrans_du_parcours(acteurs, client_de, actif, route):
    """Le binôme et ses encadrants ouvrent l'écran ; l'administrateur départemental consulte sans écrire (403)."""
    url = reverse(f"accompagnement:{route}", args=[actif.pk])
    _verifier_acces(acteurs, client_de, url, autorises=LE_BINOME_ET_SES_ENCADRANTS, interdits_403=["admin"])


def test_modifier_personne(acteurs, client_de, actif):
    url = reverse("accompagnement:personne_modifier", args=[actif.personne_id])
    _verifier_acces(acteurs, client_de, url, autorises=LE_BINOME_ET_SES_ENCADRANTS, interdits_403=["admin"])


def test_proposer_une_orientation(acteurs, client_de, actif):
    url = reverse("accompagnement:orientation_proposer", args=[actif.personne_id])
    _verifier_acces(
        acteurs,
        client_de,
        url,
        autorises=["conseiller", "travailleur_social"],
        interdits_403=["admin", "encadrant", "encadrant_social"],
    )
    # Parcours en cours : l'écran le dit, sans formulaire.
    contenu = _get(client_de, acteurs.conseiller, url).content.decode()
    assert "déjà un parcours en cours" in contenu and 'name="motif"' not in contenu


def test_repondre_a_une_coordination(acteurs, client_de, actif):
    demande = services.coordination_demander(
        acteur=acteurs.conseiller, parcours=actif, objet=ObjetCoordination.POINT_SITUATION, demande="Point ?"
    )
    url = reverse("accompagnement:coordination_repondre", args=[demande.pk])
    _verifier_acces(acteurs, client_de, url, autorises=LE_BINOME_ET_SES_ENCADRANTS, interdits_403=["admin"])
    # Seul le côté destinataire (Département) a le formulaire.
    assert 'name="reponse"' in _get(client_de, acteurs.travailleur_social, url).content.decode()
    assert 'name="reponse"' not in _get(client_de, acteurs.conseiller, url).content.decode()


def test_liste_des_personnes(acteurs, client_de, actif):
    url = reverse("accompagnement:personnes")
    for nom in [*LE_BINOME_ET_SES_ENCADRANTS, "admin"]:
        contenu = _get(client_de, getattr(acteurs, nom), url).content.decode()
        assert NOM in contenu and "Actif" in contenu, nom
    for nom in ["conseiller_calvados", "admin_calvados", "referent_orientation", "autre_conseiller"]:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 200 and NOM not in reponse.content.decode(), nom
    for nom in ["pilote", "partenaire", "pilote_calvados", "super_admin"]:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 403 and NOM not in reponse.content.decode(), nom


def test_enregistrer_une_personne_acces(acteurs, client_de):
    url = reverse("accompagnement:personne_creer")
    for nom in ["conseiller", "travailleur_social", "referent_orientation", "conseiller_calvados"]:
        assert _get(client_de, getattr(acteurs, nom), url).status_code == 200, nom
    for nom in ["pilote", "partenaire", "admin", "encadrant", "super_admin"]:
        assert _get(client_de, getattr(acteurs, nom), url).status_code == 403, nom


def test_boite_de_reception_acces(acteurs, client_de, horloge):
    personne = cycle.enregistrer(acteurs)
    orientation = cycle.orienter(acteurs, personne)
    url = reverse("accompagnement:orientations")
    # Destinataires : le côté social qui couvre Saint-Flour et le référent orientation du département.
    for nom in ["travailleur_social", "referent_orientation"]:
        contenu = _get(client_de, getattr(acteurs, nom), url).content.decode()
        assert NOM in contenu, nom
        assert reverse("accompagnement:orientation_planifier", args=[orientation.pk]) in contenu
    # Le prescripteur et l'autre côté du Calvados ont une boîte, sans cette orientation.
    for nom in ["conseiller", "autre_conseiller", "travailleur_social_calvados", "conseiller_calvados"]:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 200 and NOM not in reponse.content.decode(), nom
    for nom in ["pilote", "partenaire", "admin", "encadrant", "super_admin"]:
        reponse = _get(client_de, getattr(acteurs, nom), url)
        assert reponse.status_code == 403 and NOM not in reponse.content.decode(), nom
    for route in ("orientation_planifier", "orientation_refuser"):
        url = reverse(f"accompagnement:{route}", args=[orientation.pk])
        assert _get(client_de, acteurs.travailleur_social, url).status_code == 200
        for nom in ["conseiller", "travailleur_social_calvados", "admin", "pilote", "partenaire", "encadrant_social"]:
            reponse = _get(client_de, getattr(acteurs, nom), url)
            assert reponse.status_code == 404 and NOM not in reponse.content.decode(), (route, nom)


# --- Données de santé et détail social ---------------------------------------------------------------------------


@pytest.fixture
def avec_detail(acteurs, horloge):
    """Parcours actif dont le diagnostic porte une situation et une précision côté social."""
    situation = ElementReferentielFactory(theme_code="sante", libelle="Suivi psychiatrique", domaine_frein="SANTE")
    personne = cycle.enregistrer(acteurs)
    Personne.objects.filter(pk=personne.pk).update(rqth=ReponseSensible.OUI)
    orientation = cycle.orienter(acteurs, personne)
    freins = cycle.freins(SANTE="FORT")
    freins["SANTE"].update(situations=[situation.pk], precision="Hospitalisation récente")
    cycle.diagnostiquer(acteurs, orientation.parcours, date=J0, freins=freins)
    return cycle.activer(acteurs, orientation.parcours, date_entree=J0)


@pytest.mark.parametrize("nom", ["conseiller", "encadrant", "admin"])
def test_rqth_et_detail_social_invisibles_cote_france_travail(acteurs, client_de, avec_detail, nom):
    contenu = _get(
        client_de, getattr(acteurs, nom), reverse("accompagnement:personne", args=[avec_detail.personne_id])
    )
    contenu = contenu.content.decode()
    assert NOM in contenu
    assert "Santé" in contenu and "Impact fort" in contenu  # domaine et niveau partagés
    assert "RQTH (donnée de santé" not in contenu
    assert "Suivi psychiatrique" not in contenu and "Hospitalisation récente" not in contenu


@pytest.mark.parametrize("nom", ["travailleur_social", "encadrant_social"])
def test_rqth_et_detail_social_visibles_cote_social(acteurs, client_de, avec_detail, nom):
    contenu = _get(
        client_de, getattr(acteurs, nom), reverse("accompagnement:personne", args=[avec_detail.personne_id])
    )
    contenu = contenu.content.decode()
    assert re.search(r"RQTH \(donnée de santé, côté social\)</dt>\s*<dd>\s*Oui\s*</dd>", contenu)
    assert "Suivi psychiatrique" in contenu and "Hospitalisation récente" in contenu


def test_formulaire_de_modification_rqth_cote_social_seulement(acteurs, client_de, actif):
    url = reverse("accompagnement:personne_modifier", args=[actif.personne_id])
    assert 'name="rqth"' not in _get(client_de, acteurs.conseiller, url).content.decode()
    assert 'name="rqth"' in _get(client_de, acteurs.travailleur_social, url).content.decode()


def test_fiche_contenu_et_chronologie_en_ordre(acteurs, client_de, actif):
    contenu = _get(client_de, acteurs.conseiller, reverse("accompagnement:personne", args=[actif.personne_id]))
    contenu = contenu.content.decode()
    assert "Sophie Sociale" in contenu and "Claire Conseillère" in contenu
    assert "Mobilité" in contenu and "Impact fort" in contenu and "Impact moyen" in contenu
    assert reverse("accompagnement:plan", kwargs={"parcours_pk": actif.pk}) in contenu
    assert reverse("accompagnement:contacts", kwargs={"parcours_pk": actif.pk}) in contenu
    # Chronologie : la plus récente d'abord, chaque étape présente.
    chronologie = contenu[contenu.index('id="titre-chronologie"') :]
    positions = [
        chronologie.index(libelle)
        for libelle in (
            "Entrée en accompagnement global",
            "Diagnostic partagé du",
            "Diagnostic partagé planifié",
            "Orientation proposée vers",
            "Repérage par",
            "Personne enregistrée",
        )
    ]
    assert positions == sorted(positions)


# --- Saisies de bout en bout ------------------------------------------------------------------------------------


def _donnees_personne(acteurs, **champs):
    donnees = {
        "nom": NOM,
        "prenom": cycle.PRENOM,
        "date_naissance": "1985-06-15",
        "sexe": "F",
        "identifiant_ft": cycle.IDENTIFIANT_FT,
        "commune": "15187",
        "commune_saisie": "Saint-Flour",
        "situation_marche_travail": "CHOMEUR",
        "niveau_formation": "CITE_3_4",
        "nationalite": "FRANCE",
    }
    donnees.update(champs)
    return donnees


def test_enregistrer_une_personne(acteurs, client_de):
    client = client_de(acteurs.conseiller)
    contenu = client.get(reverse("accompagnement:personne_creer")).content.decode()
    assert "data-commune-saisie" in contenu and 'name="rqth"' not in contenu
    reponse = client.post(reverse("accompagnement:personne_creer"), _donnees_personne(acteurs))
    personne = Personne.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accompagnement:personne", args=[personne.pk])
    assert personne.commune_id == "15187" and personne.parcours.get().etat == EtatParcours.REPERE


def test_saisie_invalide_message_clair(acteurs, client_de):
    reponse = client_de(acteurs.conseiller).post(
        reverse("accompagnement:personne_creer"), _donnees_personne(acteurs, nom="", commune="", commune_saisie="Zzz")
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Aucune commune ne correspond à « Zzz »" in contenu
    assert not Personne.objects.exists()


def test_doublon_probable_avant_creation(acteurs, client_de):
    existante = cycle.enregistrer(acteurs)
    client = client_de(acteurs.conseiller)
    donnees = _donnees_personne(acteurs, identifiant_ft="", prenom="Zoé")
    reponse = client.post(reverse("accompagnement:personne_creer"), donnees)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and Personne.objects.count() == 1
    assert "peut-être déjà un dossier" in contenu
    assert reverse("accompagnement:personne", args=[existante.pk]) in contenu  # Claire ouvre ce dossier
    assert 'name="confirmer_doublon"' in contenu
    reponse = client.post(reverse("accompagnement:personne_creer"), {**donnees, "confirmer_doublon": "on"})
    assert reponse.status_code == 302 and Personne.objects.count() == 2


def test_doublon_inaccessible_sans_rien_en_reveler(acteurs, client_de):
    existante = cycle.enregistrer(acteurs, acteur=acteurs.travailleur_social, nom="Martin", prenom="Jeanne")
    reponse = client_de(acteurs.conseiller).post(
        reverse("accompagnement:personne_creer"), _donnees_personne(acteurs, nom="Durand")
    )
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and Personne.objects.count() == 1
    assert "vous n'y avez pas accès" in contenu
    assert "Martin" not in contenu and "Jeanne" not in contenu
    assert reverse("accompagnement:personne", args=[existante.pk]) not in contenu
    assert 'name="confirmer_doublon"' not in contenu  # même identifiant France Travail : pas de confirmation


def test_parcours_complet_par_les_ecrans(acteurs, horloge):
    personne = cycle.enregistrer(acteurs)
    claire, sophie = connecter(acteurs.conseiller), connecter(acteurs.travailleur_social)
    reponse = claire.post(
        reverse("accompagnement:orientation_proposer", args=[personne.pk]),
        {"modalite_proposee": "GLOBAL", "motif": "Freins de mobilité."},
    )
    assert reponse.status_code == 302
    orientation = Orientation.objects.get()
    reponse = sophie.post(
        reverse("accompagnement:orientation_planifier", args=[orientation.pk]), {"date_diagnostic": "2025-03-05"}
    )
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accompagnement:orientations")
    assert Orientation.objects.get().statut == StatutOrientation.DIAGNOSTIC_PLANIFIE
    parcours = orientation.parcours
    url_diagnostic = reverse("accompagnement:diagnostic", args=[parcours.pk])
    saisie = {f"frein_{d}": "SANS_IMPACT" for d in cycle.freins()}
    saisie.update(
        {
            "date": "2025-03-03",
            "personne_presente": "on",
            "frein_MOBILITE": "FORT",
            "frein_SANTE": "FORT",
            "frein_LOGEMENT": "FORT",
            "activite_2_dernieres_annees": "non",
        }
    )
    # La suggestion se calcule sans rien enregistrer.
    reponse = sophie.post(url_diagnostic, {**saisie, "action": "suggerer"})
    assert reponse.status_code == 200 and not Diagnostic.objects.exists()
    assert "<strong>Accompagnement social exclusif</strong>" in reponse.content.decode()
    # Décision globale sans adhésion : refusée avec un message clair.
    reponse = sophie.post(url_diagnostic, {**saisie, "decision": "GLOBAL", "action": "enregistrer"})
    assert reponse.status_code == 200 and "jamais contre sa volonté" in reponse.content.decode()
    assert not Diagnostic.objects.exists()
    reponse = sophie.post(
        url_diagnostic,
        {**saisie, "decision": "GLOBAL", "adhesion": "oui", "adhesion_le": "2025-03-03", "action": "enregistrer"},
    )
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:parcours_activer", args=[parcours.pk])
    diagnostic = Diagnostic.objects.get()
    assert (diagnostic.decision, diagnostic.decision_suggeree) == ("GLOBAL", "SOCIAL_EXCLUSIF")
    # Entrée : le binôme est choisi parmi les habilitations du département.
    hab_claire = acteurs.conseiller.habilitations.get()
    hab_sophie = acteurs.travailleur_social.habilitations.get()
    reponse = sophie.post(
        reverse("accompagnement:parcours_activer", args=[parcours.pk]),
        {"conseiller": hab_claire.pk, "referent_social": hab_sophie.pk, "date_entree": "2025-03-03"},
    )
    assert reponse.status_code == 302
    parcours.refresh_from_db()
    assert (parcours.etat, parcours.conseiller, parcours.referent_social) == (
        EtatParcours.ACTIF,
        acteurs.conseiller,
        acteurs.travailleur_social,
    )
    # Suspension qui chevauche : message en français ; puis sortie et suivi à 6 mois.
    horloge.move_to("2025-04-20 10:00:00+01:00")
    claire = connecter(acteurs.conseiller)  # la session a expiré entre-temps
    assert (
        claire.post(
            reverse("accompagnement:parcours_suspendre", args=[parcours.pk]),
            {"debut": "2025-04-01", "motif": "MALADIE"},
        ).status_code
        == 302
    )
    assert (
        claire.post(
            reverse("accompagnement:parcours_reprendre", args=[parcours.pk]), {"date": "2025-04-11"}
        ).status_code
        == 302
    )
    reponse = claire.post(
        reverse("accompagnement:parcours_suspendre", args=[parcours.pk]), {"debut": "2025-04-05", "motif": "AUTRE"}
    )
    assert reponse.status_code == 200 and "chevauche la précédente" in reponse.content.decode()
    reponse = claire.post(
        reverse("accompagnement:parcours_sortir", args=[parcours.pk]),
        {"date": "2025-04-18", "motif": "", "situation_fse": SituationSortieFSE.EECR04},
    )
    assert reponse.status_code == 200 and Parcours.objects.get(pk=parcours.pk).etat == EtatParcours.ACTIF
    reponse = claire.post(
        reverse("accompagnement:parcours_sortir", args=[parcours.pk]),
        {"date": "2025-04-18", "motif": MotifSortie.EMPLOI_DURABLE, "situation_fse": SituationSortieFSE.EECR04},
    )
    assert reponse.status_code == 302
    horloge.move_to("2025-10-20 10:00:00+01:00")
    sophie = connecter(acteurs.travailleur_social)
    reponse = sophie.post(
        reverse("accompagnement:suivi_six_mois", args=[parcours.pk]),
        {"fait_le": "2025-10-20", "emploi_6_mois": "oui", "situation_amelioree_6_mois": "oui"},
    )
    assert reponse.status_code == 302
    parcours.refresh_from_db()
    assert (parcours.etat, parcours.jours_suspendus, parcours.sortie.emploi_6_mois) == (EtatParcours.SORTI, 10, True)


def test_refuser_une_orientation_par_l_ecran(acteurs, client_de):
    orientation = cycle.orienter(acteurs, cycle.enregistrer(acteurs))
    reponse = client_de(acteurs.travailleur_social).post(
        reverse("accompagnement:orientation_refuser", args=[orientation.pk]),
        {"motif": "FREINS_NON_BLOQUANTS", "precision": "Relève de l'annuaire des ressources."},
    )
    assert reponse.status_code == 302
    orientation.refresh_from_db()
    assert orientation.statut == StatutOrientation.REFUSEE
    assert orientation.parcours.etat == EtatParcours.NON_RETENU


def test_renouvellement_par_l_ecran(acteurs, client_de, actif, horloge):
    url = reverse("accompagnement:parcours_renouveler", args=[actif.pk])
    # Le jour de l'entrée, la fenêtre n'est pas ouverte : l'écran donne la date d'ouverture, sans formulaire.
    contenu = _get(client_de, acteurs.conseiller, url).content.decode()
    assert "il sera possible à partir du 02/01/2026" in contenu and 'name="motif"' not in contenu
    horloge.move_to("2026-02-01 10:00:00+01:00")
    contenu = _get(client_de, acteurs.encadrant, url).content.decode()
    assert "Seuls les deux membres du binôme" in contenu and 'name="motif"' not in contenu
    # L'accord de la personne est demandé au premier accord.
    contenu = client_de(acteurs.conseiller).post(url, {"motif": "Formation qualifiante"}).content.decode()
    assert "demande l&#x27;accord de la personne" in contenu
    reponse = client_de(acteurs.conseiller).post(url, {"motif": "Formation qualifiante", "accord_personne": "on"})
    assert reponse.status_code == 302
    contenu = _get(client_de, acteurs.conseiller, url).content.decode()
    assert "Vous avez donné votre accord" in contenu
    assert client_de(acteurs.travailleur_social).post(url, {"motif": ""}).status_code == 302
    assert Parcours.objects.get(pk=actif.pk).etat == EtatParcours.RENOUVELE
    assert "un seul renouvellement est possible" in _get(client_de, acteurs.conseiller, url).content.decode()


# --- Nombre de requêtes constant ---------------------------------------------------------------------------------


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        reponse = client.get(url)
    assert reponse.status_code == 200
    return len(requetes)


def _orientations(acteurs, nombre):
    for _i in range(nombre):
        personne = personne_du(acteurs.cantal)
        OrientationFactory(
            parcours__personne=personne,
            prescripteur=acteurs.conseiller,
            organisation_prescripteur=acteurs.cantal.agence,
            cote_destinataire="DEPARTEMENT",
        )


def test_boite_de_reception_requetes_constantes(acteurs, client_de, django_assert_max_num_queries):
    client = client_de(acteurs.travailleur_social)
    url = reverse("accompagnement:orientations")
    _orientations(acteurs, 3)
    petite = _requetes(client, url)
    _orientations(acteurs, 27)
    with django_assert_max_num_queries(petite):
        reponse = client.get(url)
    assert reponse.content.decode().count("Planifier le diagnostic") == 30


def test_chronologie_requetes_constantes(acteurs, client_de, actif, django_assert_max_num_queries):
    client = client_de(acteurs.conseiller)
    url = reverse("accompagnement:personne", args=[actif.personne_id])
    for _i in range(3):
        EvenementFactory(personne=actif.personne, parcours=actif, acteur=acteurs.conseiller)
    petite = _requetes(client, url)
    for _i in range(40):
        EvenementFactory(personne=actif.personne, parcours=actif, acteur=acteurs.travailleur_social)
    with django_assert_max_num_queries(petite):
        reponse = client.get(url)
    assert reponse.content.decode().count("Contact en présentiel") == 43


def test_liste_des_personnes_requetes_constantes(acteurs, client_de, django_assert_max_num_queries):
    client = client_de(acteurs.admin)
    url = reverse("accompagnement:personnes")
    for _i in range(3):
        personne_du(acteurs.cantal)
    petite = _requetes(client, url)
    for _i in range(30):
        personne_du(acteurs.cantal)
    with django_assert_max_num_queries(petite):
        reponse = client.get(url)
    assert "33 personnes" in reponse.content.decode()


def test_page_du_passage_en_social_exclusif_montre_la_proposition(acteurs, actif):
    """Issue 12, point 2 : le second membre du binôme voit la proposition motivée avant de donner son accord."""
    url = reverse("accompagnement:parcours_social_exclusif", args=[actif.pk])
    assert connecter(acteurs.conseiller).post(url, {"motif": "Soins longs"}).status_code == 302
    sociale = connecter(acteurs.travailleur_social)
    contenu = sociale.get(url).content.decode()
    assert "Soins longs" in contenu and "en attente" in contenu
    assert sociale.post(url, {"motif": ""}).status_code == 302
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.modalite_entree) == (EtatParcours.SOCIAL_EXCLUSIF, Modalite.GLOBAL)
