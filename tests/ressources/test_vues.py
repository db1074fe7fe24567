"""Vues de l'annuaire : accès par persona (dont l'autre département), contenu, requêtes constantes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from binome.ressources.models import Service, SignalementErreur
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db

PROFESSIONNELS = [
    "conseiller",
    "travailleur_social",
    "referent_orientation",
    "encadrant",
    "pilote",
    "admin",
    "partenaire",
    "conseiller_calvados",
    "admin_calvados",
]


@pytest.fixture
def service_partenaire(personas, cantal):
    structure = rf.structure(nom="Mobilité solidaire du Cantal", organisation=personas.cantal.partenaire)
    return rf.service(
        structure,
        commune_obj=cantal["saint_flour"],
        nom="Auto-école sociale",
        organisation=personas.cantal.partenaire,
        telephone="0471000000",
        contact_reserve_professionnels=True,
        documents_a_fournir="Pièce d'identité",
    )


@pytest.mark.parametrize("persona", PROFESSIONNELS)
def test_tout_professionnel_consulte_recherche_et_fiche(personas, client_de, service_partenaire, persona):
    client = client_de(getattr(personas, persona))
    assert client.get(reverse("ressources:recherche")).status_code == 200
    reponse = client.get(reverse("ressources:service", args=[service_partenaire.pk]))
    assert reponse.status_code == 200
    assert "0471000000" in reponse.content.decode()  # contact réservé : visible d'un professionnel


def test_sans_habilitation_404(client_de, service_partenaire):
    from tests.factories import UtilisateurFactory

    client = client_de(UtilisateurFactory(email="sans.role@exemple.gouv.fr"))
    assert client.get(reverse("ressources:recherche")).status_code == 404
    assert client.get(reverse("ressources:service", args=[service_partenaire.pk])).status_code == 404


def test_anonyme_redirige(client, service_partenaire):
    reponse = client.get(reverse("ressources:service", args=[service_partenaire.pk]))
    assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")


def test_recherche_frein_mobilite_autour_de_saint_flour(personas, client_de, cantal):
    sf, murat, aurillac = cantal["saint_flour"], cantal["murat"], cantal["aurillac"]
    proche = rf.service(commune_obj=sf, nom="Code de la route à Saint-Flour")
    moins_proche = rf.service(commune_obj=murat, nom="Permis à Murat")
    rf.service(commune_obj=aurillac, nom="Permis à Aurillac")  # 53 km
    rf.service(commune_obj=sf, nom="Banque alimentaire", thematiques=["equipement-et-alimentation--alimentation"])
    ferme = rf.service(
        commune_obj=sf,
        nom="Permis fermé",
        fermeture_debut=timezone.localdate() - timedelta(days=1),
        fermeture_fin=timezone.localdate() + timedelta(days=10),
    )
    client = client_de(personas.conseiller)
    reponse = client.get(
        reverse("ressources:recherche"), {"commune": "Saint-Flour", "frein": "mobilite:permis-et-ou-code-en-cours"}
    )
    page = reponse.context["page"]
    noms = [r.service.nom for r in page.resultats]
    assert noms[-1] == moins_proche.nom and set(noms[:2]) == {proche.nom, ferme.nom}
    contenu = reponse.content.decode()
    assert "3 services trouvés" in contenu
    assert "Fermé jusqu" in contenu
    assert "19,6 km" in contenu  # Saint-Flour → Murat
    # htmx : seul le fragment des résultats est rendu.
    partiel = client.get(
        reverse("ressources:recherche"), {"commune": "15187", "frein": "MOBILITE"}, HTTP_HX_REQUEST="true"
    )
    assert "<html" not in partiel.content.decode() and "services trouvés" in partiel.content.decode()


def test_recherche_commune_inconnue_message_clair(personas, client_de):
    reponse = client_de(personas.conseiller).get(reverse("ressources:recherche"), {"commune": "Atlantide"})
    assert reponse.status_code == 200
    assert "Aucune commune ne correspond à « Atlantide »" in reponse.content.decode()


def test_page_de_resultats_nombre_de_requetes_constant(personas, client_de, cantal, django_assert_max_num_queries):
    client = client_de(personas.conseiller)
    parametres = {"commune": "15187", "frein": "MOBILITE"}
    for i in range(3):
        rf.service(commune_obj=cantal["saint_flour"], nom=f"Permis {i}")
    client.get(reverse("ressources:recherche"), parametres)  # sessions, caches
    with django_assert_max_num_queries(14) as petit:
        client.get(reverse("ressources:recherche"), parametres)
    for i in range(30):
        rf.service(commune_obj=cantal["saint_flour"], nom=f"Permis bis {i}")
    with django_assert_max_num_queries(len(petit.captured_queries)) as grand:
        reponse = client.get(reverse("ressources:recherche"), parametres)
    assert len(reponse.context["page"].resultats) == 20
    assert len(grand.captured_queries) == len(petit.captured_queries)


def test_fiche_contient_ce_qu_il_faut_pour_mobiliser(personas, client_de, service_partenaire):
    contenu = client_de(personas.conseiller).get(reverse("ressources:service", args=[service_partenaire.pk])).content
    contenu = contenu.decode()
    for attendu in (
        "Comment mobiliser ce service",
        "Documents à fournir",
        "Pièce d&#x27;identité",
        "Signaler une erreur",
    ):
        assert attendu in contenu


def test_fiche_non_publiee_visible_du_seul_mainteneur(personas, client_de, service_partenaire):
    Service.objects.filter(pk=service_partenaire.pk).update(statut="A_VALIDER")
    url = reverse("ressources:service", args=[service_partenaire.pk])
    assert client_de(personas.conseiller).get(url).status_code == 404
    assert client_de(personas.partenaire).get(url).status_code == 200
    assert client_de(personas.admin).get(url).status_code == 200
    assert client_de(personas.admin_calvados).get(url).status_code == 404


def test_signaler_une_erreur_previent_le_mainteneur(
    personas, client_de, service_partenaire, django_capture_on_commit_callbacks
):
    client = client_de(personas.conseiller)
    url = reverse("ressources:signaler", args=[service_partenaire.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(url, {"message": "Le numéro de téléphone ne répond plus."})
    assert reponse.status_code == 302
    signalement = SignalementErreur.objects.get()
    assert signalement.auteur == personas.conseiller
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.partenaire.email]
    assert "ne répond plus" in mail.outbox[0].body
    # Le partenaire le voit et le traite ; un autre département ne le voit pas.
    traiter = reverse("ressources:signalement_traiter", args=[signalement.pk])
    assert client_de(personas.admin_calvados).get(traiter).status_code in (403, 404)
    reponse = client_de(personas.partenaire).post(traiter, {"statut": "TRAITE", "reponse": "Corrigé."})
    assert reponse.status_code == 302
    signalement.refresh_from_db()
    assert (signalement.statut, signalement.traite_par) == ("TRAITE", personas.partenaire)


def test_signalement_vide_refuse(personas, client_de, service_partenaire):
    reponse = client_de(personas.conseiller).post(
        reverse("ressources:signaler", args=[service_partenaire.pk]), {"message": ""}
    )
    assert reponse.status_code == 200 and not SignalementErreur.objects.exists()


def test_accueil_du_partenaire_montre_ses_services_a_verifier(personas, client_de, service_partenaire):
    from datetime import date

    Service.objects.filter(pk=service_partenaire.pk).update(date_prochaine_verification=date(2024, 1, 1))
    contenu = client_de(personas.partenaire).get(reverse("core:accueil")).content.decode()
    assert "Mes services dans l&#x27;annuaire" in contenu or "Mes services dans l'annuaire" in contenu
    assert "1 fiche à vérifier" in contenu and service_partenaire.nom in contenu


def test_navigation_ressources_par_role(personas, client_de):
    # Le pilote est un professionnel : il consulte l'annuaire (selectors.est_professionnel), le menu le montre.
    for persona, attendu in (("conseiller", True), ("partenaire", True), ("admin", True), ("pilote", True)):
        contenu = client_de(getattr(personas, persona)).get(reverse("core:accueil")).content.decode()
        assert ('href="/ressources/"' in contenu) is attendu, persona


def test_nombre_de_requetes_constant_d_une_page_a_l_autre(personas, client_de, cantal, django_assert_max_num_queries):
    """Page de présentiel seul, page à cheval sur les deux groupes, page « à distance » seule : mêmes requêtes."""
    client = client_de(personas.conseiller)
    for i in range(25):
        rf.service(commune_obj=cantal["saint_flour"], nom=f"Permis {i}")
        rf.service(commune_obj=cantal["aurillac"], nom=f"Permis en ligne {i}", modes_accueil=["a-distance"])
    parametres = {"commune": "15187", "frein": "MOBILITE"}
    client.get(reverse("ressources:recherche"), parametres)  # sessions, caches
    comptes, groupes = [], []
    for page in (1, 2, 3):
        with django_assert_max_num_queries(14) as capture:
            reponse = client.get(reverse("ressources:recherche"), {**parametres, "page": page})
        comptes.append(len(capture.captured_queries))
        groupes.append({r.groupe for r in reponse.context["page"].resultats})
        assert reponse.context["page"].paginator.count == 50
    assert groupes == [{"PRESENTIEL"}, {"PRESENTIEL", "DISTANCE"}, {"DISTANCE"}]
    assert len(set(comptes)) == 1, comptes
