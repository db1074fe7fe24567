"""Écrans de gestion des utilisateurs : qui peut, qui ne peut pas, et jamais l'autre département."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from binome.comptes.models import Habilitation, Role, Utilisateur
from tests import factories as f

pytestmark = pytest.mark.django_db

NON_ADMINS = ["conseiller", "travailleur_social", "referent_orientation", "encadrant", "pilote", "partenaire"]


def _routes_utilisateur(personne, habilitation):
    """(méthode, url) de chaque écran qui porte sur un utilisateur donné."""
    return [
        ("get", reverse("comptes:utilisateur", args=[personne.pk])),
        ("post", reverse("comptes:habilitation_ajouter", args=[personne.pk])),
        ("post", reverse("comptes:habilitation_retirer", args=[personne.pk, habilitation.pk])),
        ("post", reverse("comptes:utilisateur_desactiver", args=[personne.pk])),
        ("post", reverse("comptes:utilisateur_reactiver", args=[personne.pk])),
        ("post", reverse("comptes:utilisateur_renvoyer_invitation", args=[personne.pk])),
    ]


@pytest.mark.parametrize("nom", NON_ADMINS)
def test_les_ecrans_d_administration_sont_interdits_aux_autres_roles(personas, client_de, nom):
    client = client_de(getattr(personas, nom))
    cible = personas.travailleur_social
    routes = [
        ("get", reverse("comptes:utilisateurs")),
        ("get", reverse("comptes:utilisateur_inviter")),
        ("post", reverse("comptes:utilisateur_inviter")),
        *_routes_utilisateur(cible, cible.habilitations.get()),
    ]
    for methode, url in routes:
        assert getattr(client, methode)(url).status_code == 403, f"{methode.upper()} {url}"
    assert cible.habilitations.get().active is True
    assert Utilisateur.objects.get(pk=cible.pk).is_active is True


def test_l_admin_du_cantal_recoit_404_sur_chaque_utilisateur_du_calvados(personas, client_de):
    client = client_de(personas.admin)
    for cible in (personas.conseiller_calvados, personas.travailleur_social_calvados, personas.admin_calvados):
        habilitation = cible.habilitations.get()
        for methode, url in _routes_utilisateur(cible, habilitation):
            assert getattr(client, methode)(url).status_code == 404, f"{methode.upper()} {url}"
        cible.refresh_from_db()
        assert cible.is_active is True
        assert cible.habilitations.get().active is True


def test_une_habilitation_du_calvados_ne_se_retire_pas_via_un_utilisateur_du_cantal(personas, client_de):
    """Manipulation d'URL : utilisateur du Cantal, habilitation du Calvados."""
    client = client_de(personas.admin)
    autre = personas.conseiller_calvados.habilitations.get()
    url = reverse("comptes:habilitation_retirer", args=[personas.conseiller.pk, autre.pk])
    assert client.post(url).status_code == 404
    autre.refresh_from_db()
    assert autre.active is True


def test_liste_des_utilisateurs_sans_le_calvados(personas, client_de):
    reponse = client_de(personas.admin).get(reverse("comptes:utilisateurs"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Claire Conseillère" in contenu
    assert "Conseiller France Travail · France Travail Saint-Flour" in contenu
    for email in ("camille.conseillere@", "theo.social@", "bruno.admin@", "lea.pilote@", "root@"):
        assert email not in contenu


def test_le_super_admin_voit_les_deux_departements(personas, client_de):
    contenu = client_de(personas.super_admin).get(reverse("comptes:utilisateurs")).content.decode()
    assert "claire.conseillere@" in contenu
    assert "camille.conseillere@" in contenu


def test_recherche_insensible_aux_accents_et_filtre_par_statut(personas, client_de):
    client = client_de(personas.admin)
    contenu = client.get(reverse("comptes:utilisateurs"), {"q": "rene"}).content.decode()
    assert "René Référent" in contenu
    assert "Claire Conseillère" not in contenu
    personas.partenaire.is_active = False
    personas.partenaire.save()
    contenu = client.get(reverse("comptes:utilisateurs"), {"statut": "desactive"}).content.decode()
    assert "Pierre Partenaire" in contenu
    assert "Claire Conseillère" not in contenu
    contenu = client.get(reverse("comptes:utilisateurs"), {"q": "personne-inconnue"}).content.decode()
    assert "Aucun utilisateur ne correspond à votre recherche." in contenu


def _compter_requetes(client, url, django_assert_max_num_queries, maximum):
    with django_assert_max_num_queries(maximum) as contexte:
        assert client.get(url).status_code == 200
    return len(contexte.captured_queries)


def test_requetes_constantes_sur_la_liste_des_utilisateurs(personas, client_de, django_assert_max_num_queries):
    client = client_de(personas.admin)
    url = reverse("comptes:utilisateurs")
    petite = _compter_requetes(client, url, django_assert_max_num_queries, 10)
    for i in range(45):
        f.agent(f"agent{i}@exemple.gouv.fr", "Agent", f"N{i:02d}", personas.cantal.agence, Role.CONSEILLER_FT)
    grande = _compter_requetes(client, url, django_assert_max_num_queries, 10)
    assert grande == petite


def test_inviter_depuis_l_ecran(personas, client_de):
    client = client_de(personas.admin)
    reponse = client.get(reverse("comptes:utilisateur_inviter"))
    contenu = reponse.content.decode()
    # Seules les organisations du Cantal sont proposées.
    assert personas.cantal.agence.nom in contenu
    assert personas.calvados.agence.nom not in contenu
    reponse = client.post(
        reverse("comptes:utilisateur_inviter"),
        {
            "email": "nouveau@exemple.gouv.fr",
            "prenom": "Noé",
            "nom": "Nouveau",
            "organisation": personas.cantal.unite.pk,
            "role": Role.TRAVAILLEUR_SOCIAL,
        },
    )
    nouveau = Utilisateur.objects.get(email="nouveau@exemple.gouv.fr")
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("comptes:utilisateur", args=[nouveau.pk])
    assert len(mail.outbox) == 1
    assert "http://testserver/invitation/" in mail.outbox[0].body
    fiche = client.get(reponse["Location"]).content.decode()
    assert "Invitation envoyée à nouveau@exemple.gouv.fr" in fiche
    assert "Invitation en attente" in fiche


def test_le_formulaire_d_invitation_refuse_une_organisation_du_calvados(personas, client_de):
    reponse = client_de(personas.admin).post(
        reverse("comptes:utilisateur_inviter"),
        {
            "email": "intrus@exemple.gouv.fr",
            "prenom": "In",
            "nom": "Trus",
            "organisation": personas.calvados.agence.pk,
            "role": Role.CONSEILLER_FT,
        },
    )
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert not Utilisateur.objects.filter(email="intrus@exemple.gouv.fr").exists()
    assert mail.outbox == []


def test_le_formulaire_explique_un_role_incompatible(personas, client_de):
    reponse = client_de(personas.admin).post(
        reverse("comptes:utilisateur_inviter"),
        {
            "email": "mauvais@exemple.gouv.fr",
            "prenom": "Mau",
            "nom": "Vais",
            "organisation": personas.cantal.partenaire.pk,
            "role": Role.CONSEILLER_FT,
        },
    )
    contenu = reponse.content.decode()
    assert "ne s&#x27;exerce que dans : « Agence France Travail »" in contenu
    assert not Utilisateur.objects.filter(email="mauvais@exemple.gouv.fr").exists()


def test_fiche_sans_les_roles_du_calvados(personas, client_de):
    f.HabilitationFactory(utilisateur=personas.conseiller, organisation=personas.calvados.agence, role="CONSEILLER_FT")
    contenu = client_de(personas.admin).get(reverse("comptes:utilisateur", args=[personas.conseiller.pk])).content
    contenu = contenu.decode()
    assert personas.cantal.agence.nom in contenu
    assert personas.calvados.agence.nom not in contenu
    assert "aussi 1 rôle dans un autre département" in contenu


def test_ajouter_et_retirer_un_role(personas, client_de):
    client = client_de(personas.admin)
    personne = personas.travailleur_social
    reponse = client.post(
        reverse("comptes:habilitation_ajouter", args=[personne.pk]),
        {"organisation": personas.cantal.cd.pk, "role": Role.REFERENT_ORIENTATION},
    )
    assert reponse.status_code == 302
    nouvelle = Habilitation.objects.get(utilisateur=personne, role=Role.REFERENT_ORIENTATION)
    assert nouvelle.cree_par == personas.admin
    reponse = client.post(reverse("comptes:habilitation_retirer", args=[personne.pk, nouvelle.pk]))
    assert reponse.status_code == 302
    nouvelle.refresh_from_db()
    assert nouvelle.active is False


def test_ajout_de_role_refuse_une_organisation_du_calvados(personas, client_de):
    reponse = client_de(personas.admin).post(
        reverse("comptes:habilitation_ajouter", args=[personas.travailleur_social.pk]),
        {"organisation": personas.calvados.unite.pk, "role": Role.TRAVAILLEUR_SOCIAL},
    )
    assert reponse.status_code == 400
    assert "Sélectionnez un choix valide" in reponse.content.decode()
    assert personas.travailleur_social.habilitations.count() == 1


def test_desactiver_depuis_la_fiche_coupe_la_session_en_cours(personas, client_de):
    session_conseiller = Client()
    session_conseiller.force_login(personas.conseiller)
    assert session_conseiller.get(reverse("core:accueil")).status_code == 200

    admin = client_de(personas.admin)
    reponse = admin.post(reverse("comptes:utilisateur_desactiver", args=[personas.conseiller.pk]), follow=True)
    assert "ne peut plus se connecter" in reponse.content.decode()
    assert session_conseiller.get(reverse("core:accueil")).status_code == 302
    nouvelle = Client()
    reponse = nouvelle.post(
        reverse("comptes:connexion"),
        {"username": "claire.conseillere@exemple.gouv.fr", "password": f.MOT_DE_PASSE},
    )
    assert reponse.status_code == 200
    assert "_auth_user_id" not in nouvelle.session

    reponse = admin.post(reverse("comptes:utilisateur_reactiver", args=[personas.conseiller.pk]), follow=True)
    assert "Le compte est réactivé." in reponse.content.decode()
    assert nouvelle.login(username="claire.conseillere@exemple.gouv.fr", password=f.MOT_DE_PASSE)


def test_l_admin_ne_peut_pas_se_desactiver_depuis_l_ecran(personas, client_de):
    reponse = client_de(personas.admin).post(
        reverse("comptes:utilisateur_desactiver", args=[personas.admin.pk]), follow=True
    )
    assert "Vous ne pouvez pas désactiver votre propre compte." in reponse.content.decode()
    personas.admin.refresh_from_db()
    assert personas.admin.is_active is True


def test_renvoyer_une_invitation(personas, client_de):
    client = client_de(personas.admin)
    client.post(
        reverse("comptes:utilisateur_inviter"),
        {
            "email": "relance@exemple.gouv.fr",
            "prenom": "Re",
            "nom": "Lance",
            "organisation": personas.cantal.agence.pk,
            "role": Role.CONSEILLER_FT,
        },
    )
    invite = Utilisateur.objects.get(email="relance@exemple.gouv.fr")
    reponse = client.post(reverse("comptes:utilisateur_renvoyer_invitation", args=[invite.pk]), follow=True)
    assert "Une nouvelle invitation a été envoyée" in reponse.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("methode", ["get", "put", "delete"])
def test_les_actions_n_acceptent_que_post(personas, client_de, methode):
    client = client_de(personas.admin)
    url = reverse("comptes:utilisateur_desactiver", args=[personas.conseiller.pk])
    assert getattr(client, methode)(url).status_code == 405


def test_profil_affiche_les_roles_en_francais(personas, client_de):
    contenu = client_de(personas.conseiller).get(reverse("comptes:profil")).content.decode()
    assert "Conseiller France Travail" in contenu
    assert "CONSEILLER_FT" not in contenu
    assert "France Travail Saint-Flour" in contenu


def test_changer_son_mot_de_passe(personas, client_de):
    client = client_de(personas.conseiller)
    reponse = client.post(
        reverse("comptes:mot_de_passe_changer"),
        {
            "old_password": f.MOT_DE_PASSE,
            "new_password1": "un-nouveau-secret-bien-long",
            "new_password2": "un-nouveau-secret-bien-long",
        },
        follow=True,
    )
    assert "Votre mot de passe a été changé." in reponse.content.decode()
    personas.conseiller.refresh_from_db()
    assert personas.conseiller.check_password("un-nouveau-secret-bien-long")
