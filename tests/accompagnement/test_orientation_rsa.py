"""Droit au RSA et délai d'orientation des nouveaux bénéficiaires (issue 15, point 4) : statut sur la fiche,
motif au seul côté social, échéance (fiche, liste à orienter), alerte aux bons jours, ligne « À faire »."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from binome.accompagnement import selectors
from binome.accompagnement.alertes import Alerte, annoter_alertes
from binome.accompagnement.enums import EtatParcours
from binome.accompagnement.models import Parcours
from binome.organisations.models import ParametresDepartement
from binome.quotidien import a_faire
from tests.accompagnement.factories import OrientationFactory, parcours_du_binome, personne_du

pytestmark = pytest.mark.django_db

LISTEE = datetime.date(2026, 9, 1)
J = datetime.timedelta(days=1)


@pytest.fixture
def nouvelle(personas):
    """Nina Nouvelle, listée le 1er septembre, parcours repéré suivi par Claire et Sophie, pas encore orientée."""
    personne = personne_du(
        personas.cantal,
        prenom="Nina",
        nom="Nouvelle",
        inscrite_liste_rsa_le=LISTEE,
        droit_rsa="SUSPENDU",
        droit_rsa_le=datetime.date(2026, 8, 20),
        droit_rsa_motif="Sanction Zorglub pour manquement",
    )
    return parcours_du_binome(personas, personne=personne, etat=EtatParcours.REPERE, date_entree=None)


def _alerte(parcours, jour) -> bool:
    return annoter_alertes(Parcours.objects.filter(pk=parcours.pk), aujourdhui=jour).get().alerte_orientation_rsa


@pytest.mark.parametrize(
    ("jours_apres", "alerte"),
    [(0, False), (34, False), (35, True), (42, True), (43, True)],  # échéance 42 j, alerte 7 j avant
)
def test_alerte_aux_bons_jours(personas, nouvelle, jours_apres, alerte):
    jour = LISTEE + jours_apres * J
    assert _alerte(nouvelle, jour) is alerte
    assert selectors.compter_a_orienter_rsa(personas.conseiller, aujourdhui=jour) == int(alerte)
    echeance = selectors.orientation_rsa.echeance_de(LISTEE, 42, aujourdhui=jour)
    assert echeance.echeance == LISTEE + 42 * J and echeance.alerte is alerte
    assert echeance.depassee is (jours_apres > 42)


def test_le_delai_est_celui_du_departement(personas, nouvelle):
    ParametresDepartement.objects.update_or_create(
        departement=personas.cantal.departement, defaults={"delai_orientation_rsa_jours": 20}
    )
    assert not _alerte(nouvelle, LISTEE + 12 * J)
    assert _alerte(nouvelle, LISTEE + 13 * J)  # échéance le 21 septembre, alerte dès le 14
    with freeze_time(LISTEE + 13 * J):
        assert selectors.echeance_orientation_rsa(nouvelle.personne).echeance == LISTEE + 20 * J


def test_une_orientation_proposee_leve_l_echeance(personas, nouvelle):
    OrientationFactory(parcours=nouvelle, date_proposition=LISTEE - 10 * J)  # avant la liste : ne compte pas
    assert _alerte(nouvelle, LISTEE + 50 * J)
    OrientationFactory(parcours=nouvelle, date_proposition=LISTEE + 5 * J)
    assert not _alerte(nouvelle, LISTEE + 50 * J)
    assert selectors.echeance_orientation_rsa(nouvelle.personne) is None
    assert not selectors.personnes_a_orienter_rsa(personas.conseiller).exists()


def test_l_alerte_est_un_filtre_du_portefeuille(personas, nouvelle):
    assert (Alerte.ORIENTATION_RSA, Alerte.CHAMPS[Alerte.ORIENTATION_RSA]) in Alerte.CHAMPS.items()
    with freeze_time(LISTEE + 40 * J):
        qs = selectors.filtrer_suivi(
            selectors.portefeuille(personas.conseiller), alerte=Alerte.ORIENTATION_RSA, acteur=personas.conseiller
        )
        assert list(qs.values_list("pk", flat=True)) == [nouvelle.pk]


def test_la_fiche_montre_le_droit_et_l_echeance_le_motif_au_seul_cote_social(personas, nouvelle, client_de):
    url = reverse("accompagnement:personne", kwargs={"pk": nouvelle.personne_id})
    with freeze_time(LISTEE + 40 * J):
        conseiller = client_de(personas.conseiller).get(url).content.decode()
        social = client_de(personas.travailleur_social).get(url).content.decode()
    for contenu in (conseiller, social):
        assert "Droit au RSA" in contenu and "suspendu" in contenu and "20/08/2026" in contenu
        assert "orientation à décider avant le" in contenu and "13/10/2026" in contenu
        assert "Échéance proche" in contenu
    assert "Zorglub" in social
    assert "Zorglub" not in conseiller


def test_liste_des_personnes_a_orienter(personas, nouvelle, client_de, django_assert_max_num_queries):
    client = client_de(personas.conseiller)
    url = reverse("accompagnement:personnes") + "?a_orienter=rsa"
    with freeze_time(LISTEE + 40 * J), CaptureQueriesContext(connection) as petite:
        client.get(url)
    for i in range(5):  # d'autres nouvelles bénéficiaires : le nombre de requêtes ne dépend pas de la page
        autre = personne_du(personas.cantal, prenom=f"Autre{i}", nom="Listee", inscrite_liste_rsa_le=LISTEE + i * J)
        parcours_du_binome(personas, personne=autre, etat=EtatParcours.REPERE, date_entree=None)
    personne_du(personas.cantal, prenom="Pas", nom="Listee")  # jamais listée : absente
    with freeze_time(LISTEE + 40 * J), django_assert_max_num_queries(len(petite)):
        reponse = client.get(url)
    contenu = reponse.content.decode()
    assert reponse.context["page"].paginator.count == 6
    assert "Orientation à décider avant le" in contenu and "13/10/2026" in contenu
    assert contenu.index("Nouvelle") < contenu.index("Autre4")  # échéance la plus proche d'abord
    with freeze_time(LISTEE + 36 * J):
        reponse = client.get(reverse("accompagnement:personnes") + "?a_orienter=rsa_alerte")
        assert reponse.context["page"].paginator.count == 3  # Nina et Autre0 (1er septembre), Autre1 (le 2)


def test_ligne_a_faire(personas, nouvelle):
    with freeze_time(LISTEE + 40 * J):
        lignes = {ligne.cle: ligne for ligne in a_faire.a_faire(personas.conseiller)}
    ligne = lignes["orientations_rsa"]
    assert ligne.nombre == 1 and "a_orienter=rsa_alerte" in ligne.url
    with freeze_time(LISTEE + 10 * J):
        assert "orientations_rsa" not in {ligne.cle for ligne in a_faire.a_faire(personas.conseiller)}
