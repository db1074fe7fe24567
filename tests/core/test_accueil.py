"""Accueil par rôle, en-tête et navigation."""

import pytest
from django.urls import reverse

from binome.comptes.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db

# persona → (section attendue, titre de la section). Le contenu des sections est rempli par les autres
# domaines (portefeuille, orientations, indicateurs) : on vérifie ici le bon aiguillage.
ACCUEILS = {
    "conseiller": ("conseiller_ft", "Mon portefeuille"),
    "travailleur_social": ("travailleur_social", "Mes accompagnements"),
    "referent_orientation": ("referent_orientation", "Orientations"),
    "encadrant": ("encadrant", "Mon équipe"),
    "pilote": ("pilote", "Pilotage"),
    "admin": ("admin_departemental", "Administration départementale"),
    "partenaire": ("partenaire", "Orientations reçues"),
    "super_admin": ("super_admin", "Administration de la plateforme"),
}
SECTIONS = {section for section, _ in ACCUEILS.values()}


@pytest.mark.parametrize("nom", ACCUEILS)
def test_chaque_role_voit_son_accueil_et_seulement_le_sien(personas, client_de, nom):
    section, texte = ACCUEILS[nom]
    reponse = client_de(getattr(personas, nom)).get(reverse("core:accueil"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode().replace("&#x27;", "'")
    assert f'id="accueil-{section}"' in contenu
    assert f"<h2>{texte}</h2>" in contenu
    for autre in SECTIONS - {section}:
        assert f'id="accueil-{autre}"' not in contenu


def test_plusieurs_roles_plusieurs_sections(personas, client_de):
    f.HabilitationFactory(utilisateur=personas.conseiller, organisation=personas.cantal.cd, role=Role.PILOTE)
    contenu = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert 'id="accueil-conseiller_ft"' in contenu
    assert 'id="accueil-pilote"' in contenu


def test_sans_role_un_message_honnete(personas, client_de):
    sans_role = f.UtilisateurFactory(email="sans.role@exemple.gouv.fr", prenom="Zoé")
    contenu = client_de(sans_role).get(reverse("core:accueil")).content.decode()
    assert "Aucun rôle ne vous est attribué" in contenu
    assert 'id="accueil-' not in contenu


def test_accueil_admin_compte_son_seul_departement(personas, client_de):
    # Un compte désactivé et une organisation désactivée ne comptent pas.
    f.agent("ancien@exemple.gouv.fr", "An", "Cien", personas.cantal.agence, Role.CONSEILLER_FT)
    ancien = personas.cantal.agence.habilitations.get(utilisateur__email="ancien@exemple.gouv.fr").utilisateur
    ancien.is_active = False
    ancien.save()
    contenu = client_de(personas.admin).get(reverse("core:accueil")).content.decode()
    assert "Cantal (15)" in contenu
    assert "Calvados" not in contenu
    assert "5 organisations actives" in contenu  # dont l'UDAF du Cantal (partenaire invitée, membre d'instance)
    assert "10 utilisateurs actifs" in contenu  # dont Inès (partenaire invitée) et Ursule (membre d'instance)
    assert reverse("organisations:parametres", args=["15"]) in contenu


def test_en_tete_avec_le_produit_et_l_organisation(personas, client_de):
    contenu = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert "Binôme" in contenu
    assert "· France Travail Saint-Flour" in contenu


@pytest.mark.parametrize(
    ("nom", "voit_administration"),
    [("conseiller", False), ("pilote", False), ("partenaire", False), ("admin", True), ("super_admin", True)],
)
def test_navigation_par_role(personas, client_de, nom, voit_administration):
    contenu = client_de(getattr(personas, nom)).get(reverse("core:accueil")).content.decode()
    assert (f'href="{reverse("organisations:liste")}"' in contenu) is voit_administration
    assert (f'href="{reverse("comptes:utilisateurs")}"' in contenu) is voit_administration
    assert (f'href="{reverse("admin:index")}"' in contenu) is (nom == "super_admin")


def test_accueil_partenaire_un_seul_etat_des_orientations(personas, client_de):
    from django.utils import timezone

    from binome.ressources.models import OrientationService
    from tests.accompagnement import factories as af
    from tests.ressources import factories as rf

    client = client_de(personas.partenaire)
    vide = "Aucune orientation reçue pour le moment."
    attente = "1 orientation vers vos services attend votre réponse"
    assert vide in client.get(reverse("core:accueil")).content.decode().replace("&#x27;", "'")

    service = rf.service(
        rf.structure(organisation=personas.cantal.partenaire), organisation=personas.cantal.partenaire
    )
    orientation = OrientationService.objects.create(
        personne=af.personne_du(personas.cantal),
        service=service,
        emetteur=personas.conseiller,
        adhesion_le=timezone.localdate(),
        transmis_prenom="Julie",
        transmis_nom="Lacombe",
        expire_le=timezone.localdate(),
    )
    contenu = client.get(reverse("core:accueil")).content.decode().replace("&#x27;", "'")
    assert attente in contenu and vide not in contenu

    orientation.statut = "ACCEPTEE"
    orientation.save()
    contenu = client.get(reverse("core:accueil")).content.decode().replace("&#x27;", "'")
    assert "Aucune orientation n'attend votre réponse." in contenu
    assert reverse("ressources:orientations") in contenu
    assert vide not in contenu and attente not in contenu
