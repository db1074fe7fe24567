"""Maintenance : le partenaire modifie SES services, l'administrateur ceux de SON département ; 404 sinon."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from binome.ressources.models import Service, StatutService
from binome.ressources.services import rappels_verification_envoyer
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiches(personas, cantal):
    structure = rf.structure(nom="Mobilité solidaire", organisation=personas.cantal.partenaire, code_insee="15187")
    du_partenaire = rf.service(structure, commune_obj=cantal["saint_flour"], organisation=personas.cantal.partenaire)
    autre = rf.service(commune_obj=cantal["aurillac"], nom="Service du CCAS d'Aurillac")
    calvados = rf.service(commune_obj=personas.calvados.communes["caen"], nom="Service de Caen")
    return structure, du_partenaire, autre, calvados


def _formulaire(service, **modifs):
    donnees = {
        "structure": service.structure_id,
        "nom": service.nom,
        "description": "Accompagnement vers le permis de conduire, avec un moniteur et un conseiller.",
        "type": "accompagnement",
        "frais": "gratuit",
        "publics": ["demandeurs-emploi"],
        "modes_accueil": ["en-presentiel"],
        "code_insee": "15187",
        "commune": "Saint-Flour",
        "code_postal": "15100",
        "zone_eligibilite": "15",
        "modes_mobilisation": ["telephoner"],
        "mobilisable_par": ["professionnels"],
        "telephone": "0471000000",
        "frequence_verification": "6",
        "thematiques_mobilite": ["mobilite--preparer-un-permis"],
    }
    donnees.update(modifs)
    return donnees


@pytest.mark.parametrize(
    ("persona", "partenaire", "autre", "calvados"),
    [
        ("partenaire", 200, 404, 404),
        ("admin", 200, 200, 404),
        ("admin_calvados", 404, 404, 200),
        ("super_admin", 200, 200, 200),
    ],
)
def test_qui_modifie_quoi(personas, client_de, fiches, persona, partenaire, autre, calvados):
    _structure, du_partenaire, autre_service, service_calvados = fiches
    client = client_de(getattr(personas, persona))
    for service, attendu in ((du_partenaire, partenaire), (autre_service, autre), (service_calvados, calvados)):
        assert client.get(reverse("ressources:service_modifier", args=[service.pk])).status_code == attendu


@pytest.mark.parametrize("persona", ["conseiller", "travailleur_social", "pilote", "encadrant", "conseiller_calvados"])
def test_les_autres_roles_ne_maintiennent_pas(personas, client_de, fiches, persona):
    client = client_de(getattr(personas, persona))
    assert client.get(reverse("ressources:gestion")).status_code == 403
    assert client.get(reverse("ressources:service_modifier", args=[fiches[1].pk])).status_code == 403
    assert client.post(reverse("ressources:service_verifier", args=[fiches[1].pk])).status_code == 403
    assert client.get(reverse("ressources:correspondances")).status_code == 403
    assert client.get(reverse("ressources:import_csv")).status_code == 403
    assert client.get(reverse("ressources:service_historique", args=[fiches[1].pk])).status_code == 403
    assert client.get(reverse("ressources:service_moderer", args=[fiches[1].pk])).status_code == 403
    assert client.get(reverse("ressources:structure_modifier", args=[fiches[0].pk])).status_code == 403
    assert client.get(reverse("ressources:structure_creer")).status_code == 403
    assert client.get(reverse("ressources:service_creer")).status_code == 403


def test_maintenance_hors_perimetre_404(personas, client_de, fiches):
    structure, du_partenaire, _autre, service_calvados = fiches
    calvados = client_de(personas.admin_calvados)
    for nom in ("ressources:service_historique", "ressources:service_moderer", "ressources:service_modifier"):
        assert calvados.get(reverse(nom, args=[du_partenaire.pk])).status_code == 404, nom
    assert calvados.post(reverse("ressources:service_verifier", args=[du_partenaire.pk])).status_code == 404
    assert calvados.get(reverse("ressources:structure_modifier", args=[structure.pk])).status_code == 404
    partenaire = client_de(personas.partenaire)
    assert partenaire.get(reverse("ressources:structure_modifier", args=[structure.pk])).status_code == 200
    assert partenaire.get(reverse("ressources:service_historique", args=[service_calvados.pk])).status_code == 404


def test_partenaire_modifie_son_service_avec_historique(personas, client_de, fiches):
    _structure, service, _autre, _calvados = fiches
    client = client_de(personas.partenaire)
    reponse = client.post(
        reverse("ressources:service_modifier", args=[service.pk]),
        _formulaire(
            service,
            nom="Permis solidaire",
            fermeture_debut="2026-12-20",
            fermeture_fin="2027-01-05",
            fermeture_message="Fermeture des fêtes",
        ),
    )
    assert reponse.status_code == 302, reponse.context["form"].errors if reponse.context else reponse
    service.refresh_from_db()
    assert service.nom == "Permis solidaire"
    assert service.fermeture_message == "Fermeture des fêtes"
    assert service.date_verification == timezone.localdate()
    assert service.liens_thematiques.get().thematique == "mobilite--preparer-un-permis"
    derniere = service.history.first()
    assert derniere.history_user == personas.partenaire
    historique = client.get(reverse("ressources:service_historique", args=[service.pk]))
    assert historique.status_code == 200 and "Nom" in historique.content.decode()


def test_formulaire_refuse_une_saisie_incoherente(personas, client_de, fiches):
    _structure, service, _autre, _calvados = fiches
    client = client_de(personas.partenaire)
    reponse = client.post(
        reverse("ressources:service_modifier", args=[service.pk]),
        _formulaire(service, publics=["tous-publics", "jeunes"], zone_eligibilite="15, zz", thematiques_mobilite=[]),
    )
    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors
    assert "publics" in erreurs and "zone_eligibilite" in erreurs and "__all__" in erreurs


def test_partenaire_cree_un_service_a_valider_que_l_admin_publie(personas, client_de, fiches):
    structure, service, _autre, _calvados = fiches
    client = client_de(personas.partenaire)
    reponse = client.post(reverse("ressources:service_creer"), _formulaire(service, nom="Garage solidaire"))
    assert reponse.status_code == 302
    nouveau = Service.objects.get(nom="Garage solidaire")
    assert nouveau.statut == StatutService.A_VALIDER and nouveau.organisation == personas.cantal.partenaire
    assert nouveau.pk.startswith("binome--garage-solidaire-")
    # Le partenaire ne modère pas ; l'administrateur du Cantal publie.
    assert client.get(reverse("ressources:service_moderer", args=[nouveau.pk])).status_code == 404
    admin = client_de(personas.admin)
    assert (
        admin.post(reverse("ressources:service_moderer", args=[nouveau.pk]), {"statut": "PUBLIE"}).status_code == 302
    )
    nouveau.refresh_from_db()
    assert nouveau.statut == StatutService.PUBLIE
    assert nouveau.liens_thematiques.get().publie is True


def test_masquer_exige_un_motif_et_retire_de_la_recherche(personas, client_de, fiches):
    _structure, service, _autre, _calvados = fiches
    client = client_de(personas.admin)
    url = reverse("ressources:service_moderer", args=[service.pk])
    assert client.post(url, {"statut": "MASQUE", "motif": ""}).status_code == 200
    assert client.post(url, {"statut": "MASQUE", "motif": "Doublon de la fiche départementale"}).status_code == 302
    assert not service.liens_thematiques.filter(publie=True).exists()
    reponse = client_de(personas.conseiller).get(
        reverse("ressources:recherche"), {"commune": "15187", "frein": "MOBILITE"}
    )
    assert reponse.context["page"].paginator.count == 0


def test_verifier_repousse_la_prochaine_verification(personas, client_de, fiches):
    _structure, service, _autre, _calvados = fiches
    Service.objects.filter(pk=service.pk).update(
        date_verification=date(2024, 1, 1), date_prochaine_verification=date(2024, 7, 1)
    )
    service.refresh_from_db()
    assert service.a_verifier()
    reponse = client_de(personas.partenaire).post(reverse("ressources:service_verifier", args=[service.pk]))
    assert reponse.status_code == 302
    service.refresh_from_db()
    assert not service.a_verifier() and service.date_verification == timezone.localdate()


def test_rappels_de_verification(personas, fiches):
    _structure, service, autre, _calvados = fiches
    ancienne = timezone.localdate() - timedelta(days=400)
    Service.objects.filter(pk__in=[service.pk, autre.pk]).update(
        date_verification=ancienne, date_prochaine_verification=ancienne + timedelta(days=180)
    )
    assert rappels_verification_envoyer() == 1  # seul le service maintenu par une organisation est relancé
    assert mail.outbox[0].to == [personas.partenaire.email]
    assert service.nom in mail.outbox[0].body
    assert service.history.first().history_change_reason == "Rappel de vérification envoyé"
    # Pas de second rappel avant 30 jours.
    assert rappels_verification_envoyer() == 0
    sortie = StringIO()
    call_command("rappels_verification_ressources", stdout=sortie)
    assert "0 rappels envoyés" in sortie.getvalue()


def test_gestion_liste_paginee_a_requetes_constantes(personas, client_de, fiches, django_assert_max_num_queries):
    structure = fiches[0]
    client = client_de(personas.partenaire)
    client.get(reverse("ressources:gestion"))
    with django_assert_max_num_queries(15) as petit:
        assert client.get(reverse("ressources:gestion")).status_code == 200
    for i in range(25):
        rf.service(structure, nom=f"Service {i:02d}", organisation=personas.cantal.partenaire)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        reponse = client.get(reverse("ressources:gestion"), {"a_verifier": "", "statut": ""})
    assert len(reponse.context["page"].object_list) == 20


def test_structure_creee_par_le_partenaire(personas, client_de):
    client = client_de(personas.partenaire)
    assert client.get(reverse("ressources:structure_creer")).status_code == 200
    reponse = client.post(
        reverse("ressources:structure_creer"),
        {
            "nom": "Garage solidaire de la Planèze",
            "code_insee": "15187",
            "organisation": personas.cantal.partenaire.pk,
        },
    )
    assert reponse.status_code == 302
    from binome.ressources.models import Structure

    structure = Structure.objects.get(nom="Garage solidaire de la Planèze")
    assert structure.departement_id == "15" and structure.organisation == personas.cantal.partenaire


def test_correspondance_editee_par_l_admin_du_departement(personas, client_de):
    url = reverse("ressources:correspondance_modifier", args=["MOBILITE"])
    admin = client_de(personas.admin)
    assert admin.get(reverse("ressources:correspondances")).status_code == 200
    reponse = admin.post(url, {"departement": "15", "thematiques_mobilite": ["mobilite--financer-ma-mobilite"]})
    assert reponse.status_code == 302
    from binome.ressources.selectors import thematiques_du_frein

    assert thematiques_du_frein("MOBILITE", "15") == ["mobilite--financer-ma-mobilite"]
    # L'admin du Calvados ne touche pas au Cantal.
    assert client_de(personas.admin_calvados).post(url, {"departement": "15"}).status_code == 404
    admin = client_de(personas.admin)  # client_de reconnecte le même client de test
    assert admin.post(url, {"departement": "15", "retablir": "1"}).status_code == 302
    assert len(thematiques_du_frein("MOBILITE", "15")) == 6


def test_service_cree_par_l_admin_est_publie(personas, client_de, fiches):
    _structure, service, _autre, _calvados = fiches
    reponse = client_de(personas.admin).post(
        reverse("ressources:service_creer"), _formulaire(service, nom="Bourse au permis")
    )
    assert reponse.status_code == 302
    assert Service.objects.get(nom="Bourse au permis").statut == StatutService.PUBLIE
