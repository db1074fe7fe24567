"""Écrans des organisations et des paramètres départementaux : accès, périmètre, formulaires, requêtes."""

import re

import pytest
from django.urls import reverse

from binome.organisations.models import CategoriePartenaire, Organisation, ParametresDepartement, TypeOrganisation
from tests import factories as f

pytestmark = pytest.mark.django_db

NON_ADMINS = ["conseiller", "travailleur_social", "referent_orientation", "encadrant", "pilote", "partenaire"]


def _routes_organisation(organisation):
    return [
        ("get", reverse("organisations:fiche", args=[organisation.pk])),
        ("get", reverse("organisations:modifier", args=[organisation.pk])),
        ("post", reverse("organisations:modifier", args=[organisation.pk])),
        ("post", reverse("organisations:desactiver", args=[organisation.pk])),
        ("post", reverse("organisations:reactiver", args=[organisation.pk])),
    ]


@pytest.mark.parametrize("nom", NON_ADMINS)
def test_ecrans_interdits_aux_autres_roles(personas, client_de, nom):
    client = client_de(getattr(personas, nom))
    routes = [
        ("get", reverse("organisations:liste")),
        ("get", reverse("organisations:creer")),
        ("post", reverse("organisations:creer") + "?departement=15"),
        ("get", reverse("organisations:parametres", args=["15"])),
        ("post", reverse("organisations:parametres", args=["15"])),
        *_routes_organisation(personas.cantal.agence),
    ]
    for methode, url in routes:
        assert getattr(client, methode)(url).status_code == 403, f"{methode.upper()} {url}"
    personas.cantal.agence.refresh_from_db()
    assert personas.cantal.agence.active is True


def test_l_admin_du_cantal_recoit_404_sur_chaque_organisation_du_calvados(personas, client_de):
    client = client_de(personas.admin)
    calvados = personas.calvados
    for organisation in (calvados.cd, calvados.agence, calvados.unite, calvados.partenaire):
        for methode, url in _routes_organisation(organisation):
            assert getattr(client, methode)(url, {"nom": "Piratée"}).status_code == 404, f"{methode.upper()} {url}"
        organisation.refresh_from_db()
        assert organisation.active is True
        assert organisation.nom != "Piratée"
    for methode in ("get", "post"):
        assert getattr(client, methode)(reverse("organisations:parametres", args=["14"])).status_code == 404
        assert getattr(client, methode)(reverse("organisations:creer") + "?departement=14").status_code == 404
    assert not Organisation.objects.filter(nom="Piratée").exists()


def test_liste_sans_le_calvados_et_filtres(personas, client_de):
    client = client_de(personas.admin)
    contenu = client.get(reverse("organisations:liste")).content.decode()
    assert personas.cantal.agence.nom in contenu
    assert "Maison des solidarités" in contenu  # libellé local des unités du Cantal
    for o in (personas.calvados.cd, personas.calvados.agence, personas.calvados.unite, personas.calvados.partenaire):
        assert o.nom not in contenu
    contenu = client.get(reverse("organisations:liste"), {"type": "PARTENAIRE"}).content.decode()
    assert personas.cantal.partenaire.nom in contenu
    assert personas.cantal.agence.nom not in contenu
    contenu = client.get(reverse("organisations:liste"), {"q": "mobilite"}).content.decode()
    assert "Mobilité solidaire du Cantal" in contenu
    assert personas.cantal.agence.nom not in contenu
    # Un département hors périmètre n'est même pas un choix valide du filtre : le filtre est ignoré.
    contenu = client.get(reverse("organisations:liste"), {"departement": "14"}).content.decode()
    assert personas.calvados.agence.nom not in contenu


def test_le_super_admin_filtre_par_departement(personas, client_de):
    client = client_de(personas.super_admin)
    contenu = client.get(reverse("organisations:liste"), {"departement": "14"}).content.decode()
    assert personas.calvados.agence.nom in contenu
    assert personas.cantal.agence.nom not in contenu


def test_requetes_constantes_sur_la_liste(personas, client_de, django_assert_max_num_queries):
    client = client_de(personas.admin)
    url = reverse("organisations:liste")
    with django_assert_max_num_queries(10) as petite:
        assert client.get(url).status_code == 200
    for i in range(45):
        organisation = f.OrganisationFactory(
            nom=f"Partenaire {i:02d}",
            type=TypeOrganisation.PARTENAIRE,
            categorie_partenaire=CategoriePartenaire.ASSOCIATION,
            departement=personas.cantal.departement,
        )
        organisation.communes.set(personas.cantal.communes.values())
    with django_assert_max_num_queries(10) as grande:
        reponse = client.get(url)
    assert "Partenaire 44" in reponse.content.decode() or "Partenaire 00" in reponse.content.decode()
    assert len(grande.captured_queries) == len(petite.captured_queries)


def test_creer_une_organisation(personas, client_de):
    client = client_de(personas.admin)
    # Un seul département administré : le formulaire s'ouvre directement sur le Cantal.
    contenu = client.get(reverse("organisations:creer")).content.decode()
    assert "Cantal (15)" in contenu
    assert "Murat" in contenu  # communes du Cantal proposées
    assert "Caen" not in contenu
    reponse = client.post(
        reverse("organisations:creer"),
        {
            "nom": "France Travail Murat",
            "type": TypeOrganisation.AGENCE_FT,
            "communes": [personas.cantal.communes["murat"].pk],
            "commune": personas.cantal.communes["murat"].pk,
        },
    )
    agence = Organisation.objects.get(nom="France Travail Murat")
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("organisations:fiche", args=[agence.pk])
    assert agence.departement_id == "15"
    assert list(agence.communes.values_list("nom", flat=True)) == ["Murat"]
    fiche = client.get(reponse["Location"]).content.decode()
    assert "a été créée" in fiche
    assert "Murat (15300)" in fiche


def test_le_formulaire_refuse_les_communes_et_rattachements_du_calvados(personas, client_de):
    client = client_de(personas.admin)
    reponse = client.post(
        reverse("organisations:modifier", args=[personas.cantal.unite.pk]),
        {
            "nom": personas.cantal.unite.nom,
            "type": TypeOrganisation.UNITE_ACTION_SOCIALE,
            "parent": personas.calvados.cd.pk,
            "communes": [personas.calvados.communes["caen"].pk],
            "commune": personas.calvados.communes["lisieux"].pk,
        },
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    # Dans le formulaire, et repris par le récapitulatif d'erreurs en haut de la page (issue 13, point 7).
    recapitulatif, formulaire = contenu.split('<main id="content"', 1)
    assert formulaire.count("Sélectionnez un choix valide") == 2
    assert recapitulatif.count("Sélectionnez un choix valide") == 2
    assert "n&#x27;est pas dans les départements proposés (15)" in formulaire
    assert set(personas.cantal.unite.communes.all()) == set(personas.cantal.communes.values())
    personas.cantal.unite.refresh_from_db()
    assert personas.cantal.unite.parent == personas.cantal.cd


def test_modifier_une_organisation_et_ses_communes(personas, client_de):
    client = client_de(personas.admin)
    unite = personas.cantal.unite
    contenu = client.get(reverse("organisations:modifier", args=[unite.pk])).content.decode()
    assert "Modifier l&#x27;organisation" in contenu
    reponse = client.post(
        reverse("organisations:modifier", args=[unite.pk]),
        {
            "nom": "Maison des solidarités de Saint-Flour",
            "type": TypeOrganisation.UNITE_ACTION_SOCIALE,
            "parent": personas.cantal.cd.pk,
            "communes": [personas.cantal.communes["saint_flour"].pk, personas.cantal.communes["murat"].pk],
        },
    )
    assert reponse.status_code == 302
    unite.refresh_from_db()
    assert unite.nom == "Maison des solidarités de Saint-Flour"
    assert set(unite.communes.values_list("nom", flat=True)) == {"Saint-Flour", "Murat"}


def test_erreur_metier_rattachee_au_champ(personas, client_de):
    reponse = client_de(personas.admin).post(
        reverse("organisations:creer"),
        {"nom": "Association sans catégorie", "type": TypeOrganisation.PARTENAIRE},
    )
    assert reponse.status_code == 200
    assert "Précisez la catégorie de la structure partenaire." in reponse.content.decode()
    assert not Organisation.objects.filter(nom="Association sans catégorie").exists()


def test_le_super_admin_choisit_d_abord_le_departement(personas, client_de):
    client = client_de(personas.super_admin)
    contenu = client.get(reverse("organisations:creer")).content.decode()
    assert "Dans quel département ?" in contenu
    assert "Calvados (14)" in contenu and "Cantal (15)" in contenu
    contenu = client.get(reverse("organisations:creer"), {"departement": "14"}).content.decode()
    assert "Caen" in contenu
    assert "Murat" not in contenu


def test_desactiver_et_reactiver_depuis_la_fiche(personas, client_de):
    client = client_de(personas.admin)
    partenaire = personas.cantal.partenaire
    reponse = client.post(reverse("organisations:desactiver", args=[partenaire.pk]), follow=True)
    assert "L&#x27;organisation est désactivée" in reponse.content.decode()
    partenaire.refresh_from_db()
    assert partenaire.active is False
    client.post(reverse("organisations:reactiver", args=[partenaire.pk]))
    partenaire.refresh_from_db()
    assert partenaire.active is True
    reponse = client.post(reverse("organisations:desactiver", args=[personas.cantal.cd.pk]), follow=True)
    assert "vous-même un rôle" in reponse.content.decode()


def test_fiche_montre_communes_et_membres(personas, client_de):
    contenu = client_de(personas.admin).get(reverse("organisations:fiche", args=[personas.cantal.agence.pk]))
    contenu = contenu.content.decode()
    assert "3 communes" in contenu
    assert "Claire Conseillère" in contenu
    assert "Marc Encadrant" in contenu


def test_parametres_du_departement(personas, client_de):
    client = client_de(personas.admin)
    url = reverse("organisations:parametres", args=["15"])
    contenu = client.get(url).content.decode()
    assert "Maison des solidarités" in contenu
    donnees = {
        "libelle_unite_action_sociale": "Unité territoriale d'action sociale",
        "duree_parcours_mois": 12,
        "duree_renouvellement_mois": 6,
        "fenetre_renouvellement_jours": 60,
        "alerte_sans_contact_jours": 20,
        "alerte_fin_terme_jours": 30,
        "alerte_orientation_jours": 21,
        "delai_orientation_rsa_jours": 30,
        "connexion_mot_de_passe": "on",
        "portefeuille_min": 70,
        "portefeuille_max": 100,
        "heures_hebdo_rsa": 15,
        "conservation_mois": 24,
        "expiration_orientation_service_jours": 30,
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302
    parametres = ParametresDepartement.objects.get(departement_id="15")
    assert parametres.alerte_sans_contact_jours == 20
    assert parametres.delai_orientation_rsa_jours == 30  # délai d'orientation des nouveaux bénéficiaires du RSA
    assert parametres.libelle_unite_action_sociale == "Unité territoriale d'action sociale"
    assert parametres.connexion_mot_de_passe is True
    assert 'name="connexion_mot_de_passe"' in contenu  # modifiable dans la page des paramètres
    donnees_sans_mot_de_passe = {cle: valeur for cle, valeur in donnees.items() if cle != "connexion_mot_de_passe"}
    assert client.post(url, donnees_sans_mot_de_passe).status_code == 302  # case décochée
    assert ParametresDepartement.objects.get(departement_id="15").connexion_mot_de_passe is False
    assert client.post(url, donnees).status_code == 302
    reponse = client.post(url, {**donnees, "portefeuille_min": 150})
    assert reponse.status_code == 200
    assert "supérieur ou égal au minimum" in reponse.content.decode()
    reponse = client.post(url, {**donnees, "heures_hebdo_rsa": 50})
    assert reponse.status_code == 200
    assert ParametresDepartement.objects.get(departement_id="15").heures_hebdo_rsa == 15


def test_parametres_bornes_du_formulaire_egales_a_celles_du_serveur(personas, client_de):
    """Issue 12, point 25 : le formulaire proposait ``min=0`` où le serveur exige au moins 1."""
    contenu = client_de(personas.admin).get(reverse("organisations:parametres", args=["15"])).content.decode()
    for champ, bornes in {
        "duree_parcours_mois": 'max="36" min="1"',
        "duree_renouvellement_mois": 'max="24" min="1"',
        "fenetre_renouvellement_jours": 'max="365" min="1"',
        "conservation_mois": 'min="1"',
        "alerte_sans_contact_jours": 'min="1"',
        "heures_hebdo_rsa": 'max="35" min="0"',
    }.items():
        balise = re.search(rf'<input[^>]*name="{champ}"[^>]*>', contenu).group(0)
        for borne in bornes.split():
            assert borne in balise, (champ, balise)
    assert 'min="0"' not in re.search(r'<input[^>]*name="duree_parcours_mois"[^>]*>', contenu).group(0)


def test_parametres_conservation_courte_demande_une_confirmation(personas, client_de):
    client = client_de(personas.admin)
    url = reverse("organisations:parametres", args=["15"])
    donnees = {
        "libelle_unite_action_sociale": "UTAS",
        "duree_parcours_mois": 12,
        "duree_renouvellement_mois": 6,
        "fenetre_renouvellement_jours": 45,
        "alerte_sans_contact_jours": 15,
        "alerte_fin_terme_jours": 30,
        "alerte_orientation_jours": 21,
        "delai_orientation_rsa_jours": 42,
        "portefeuille_min": 70,
        "portefeuille_max": 100,
        "heures_hebdo_rsa": 15,
        "conservation_mois": 1,
        "expiration_orientation_service_jours": 30,
    }
    reponse = client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Une conservation de 1 mois est courte" in reponse.content.decode()
    assert ParametresDepartement.objects.get(departement_id="15").conservation_mois != 1
    assert client.post(url, {**donnees, "confirmer_conservation_courte": "on"}).status_code == 302
    parametres = ParametresDepartement.objects.get(departement_id="15")
    assert (parametres.conservation_mois, parametres.fenetre_renouvellement_jours) == (1, 45)
