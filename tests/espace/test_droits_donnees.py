"""« Ce que Binôme sait de moi » : le dossier de la personne en langage simple, sans rien de ce qui est écrit pour
les seuls professionnels (notes privées, texte des contacts, champs réservés, instances), vérifié par des textes
sentinelles posés dans chaque objet du dossier."""

import pytest
from django.urls import reverse

from binome.accompagnement.models import Personne
from binome.accompagnement.secret_partage import champs_restreints
from binome.confiance.models import EntreeJournal
from binome.espace.selectors.droits import CHAMPS_ECARTES, CHAMPS_MONTRES
from binome.instances.models import Manquement, PointOrdreDuJour
from tests.confiance.monde import creer_monde
from tests.espace_outils import connecter_personne, espace_ouvert
from tests.instances import outils as instances_outils

pytestmark = pytest.mark.django_db


def test_chaque_champ_de_la_personne_est_montre_ou_ecarte_avec_sa_raison():
    montres = {nom for noms in CHAMPS_MONTRES.values() for nom in noms}
    tous = {champ.name for champ in Personne._meta.concrete_fields}
    assert montres | set(CHAMPS_ECARTES) == tous, sorted(tous ^ (montres | set(CHAMPS_ECARTES)))
    assert not montres & set(CHAMPS_ECARTES)
    assert not montres & set(champs_restreints(Personne)), "un champ réservé au côté social serait montré"


@pytest.fixture
def dossier(personas):
    """Le dossier du Cantal du monde de la confiance, avec des sentinelles dans chaque texte réservé."""
    monde = creer_monde(personas)
    dossier = monde.cantal
    Personne.objects.filter(pk=dossier.personne.pk).update(droit_rsa_motif="MOTIFRSASENTINELLE")
    point = instances_outils.point_du_dossier(dossier)
    PointOrdreDuJour.objects.filter(pk=point).update(synthese="SYNTHESEINSTANCESENTINELLE")
    manquement = instances_outils.manquement_du_dossier(dossier)
    Manquement.objects.filter(pk=manquement).update(constat="CONSTATSENTINELLE")
    dossier.personne.refresh_from_db()
    return dossier


def _page(client, dossier) -> str:
    connecter_personne(client, espace_ouvert(dossier.personne))
    reponse = client.get(reverse("espace:donnees"))
    assert reponse.status_code == 200
    return reponse.content.decode()


def test_la_personne_lit_son_dossier_en_rubriques(dossier, client):
    page = _page(client, dossier)
    for attendu in (
        "Mon identité",
        "Quatrefages",
        "Ysaline",
        "Mes coordonnées",
        "Ma situation",
        "Mon accompagnement",
        "Actif",  # état du parcours en cours
        "Sorti",  # l'ancien parcours, avec son motif de sortie
        "Emploi de transition",
        "Accompagnement global",
        "Objectif CANTAL",
        "Action CANTAL",
        "Acceptée",  # l'orientation
        "24 mois après votre dernier contact",
        "Cantal",
    ):
        assert attendu in page, attendu
    assert dossier.orientation_service.service.nom in page
    assert "France Travail Saint-Flour" in page  # la structure du contact et celle qui l'accompagne


def test_rien_de_ce_qui_est_ecrit_pour_les_professionnels(dossier, client):
    page = _page(client, dossier)
    sentinelles = (
        *dossier.secrets,  # note privée non partagée, précision et situation d'un frein
        *dossier.secrets_agenda,  # objet d'un rendez-vous avec le seul référent social
        dossier.note_partagee.texte,
        dossier.contact.note,  # texte du contact : jamais montré
        dossier.orientation.motif,
        dossier.sortie.precision,
        dossier.coordination.demande,
        dossier.orientation_service.message,
        dossier.invitation.objet,
        "NOTESOCIALECANTAL",  # événement du seul côté social
        "MOTIFRSASENTINELLE",  # champ réservé (secret_partage)
        "travailleur handicapé",  # RQTH : champ réservé
        "SYNTHESEINSTANCESENTINELLE",
        "CONSTATSENTINELLE",
        "Brossolette",  # l'autre dossier
    )
    for sentinelle in sentinelles:
        assert sentinelle not in page, sentinelle


def test_la_page_est_journalisee_au_nom_de_la_personne(dossier, client):
    _page(client, dossier)
    ligne = EntreeJournal.objects.get(personne_id=dossier.personne.pk, route="espace:donnees")
    assert ligne.acteur_id is None and ligne.acteur_libelle == "La personne elle-même"


def test_sans_session_retour_a_la_connexion(client):
    assert client.get(reverse("espace:donnees"))["Location"] == reverse("espace:connexion")
