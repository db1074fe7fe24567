"""Règles des écritures sur les comptes : invitation, rôles, désactivation, périmètre, historique."""

from smtplib import SMTPException

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives

from binome.comptes import services
from binome.comptes.models import Habilitation, Role, Utilisateur
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_inviter_cree_un_compte_sans_mot_de_passe_et_envoie_le_lien(personas):
    utilisateur, cree = services.utilisateur_inviter(
        acteur=personas.admin,
        email="  Nouvelle.Recrue@Exemple.gouv.fr ",
        prenom="Nina",
        nom="Recrue",
        organisation=personas.cantal.agence,
        role=Role.CONSEILLER_FT,
        url_site="https://binome.exemple.fr/",
    )
    assert cree is True
    assert utilisateur.email == "nouvelle.recrue@exemple.gouv.fr"
    assert not utilisateur.has_usable_password()
    assert utilisateur.habilitations.get().role == Role.CONSEILLER_FT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle.recrue@exemple.gouv.fr"]
    assert "https://binome.exemple.fr/invitation/" in message.body
    assert "3 jours" in message.body
    assert "Conseiller France Travail" in message.body
    # Historique : création du compte et de l'habilitation, avec l'auteur et le motif.
    historique = utilisateur.history.earliest()
    assert historique.history_type == "+"
    assert historique.history_user == personas.admin
    assert historique.history_change_reason == "Compte créé par invitation"
    assert utilisateur.habilitations.get().history.get().history_user == personas.admin


def test_inviter_une_adresse_existante_ajoute_seulement_le_role(personas):
    avant = Utilisateur.objects.count()
    utilisateur, cree = services.utilisateur_inviter(
        acteur=personas.admin,
        email="CLAIRE.conseillere@exemple.gouv.fr",
        prenom="",
        nom="",
        organisation=personas.cantal.cd,
        role=Role.REFERENT_ORIENTATION,
    )
    assert cree is False
    assert utilisateur == personas.conseiller
    assert Utilisateur.objects.count() == avant
    assert set(utilisateur.habilitations.values_list("role", flat=True)) == {
        Role.CONSEILLER_FT,
        Role.REFERENT_ORIENTATION,
    }
    assert mail.outbox == []
    assert utilisateur.has_usable_password()


def test_inviter_un_role_deja_detenu_est_refuse(personas):
    with pytest.raises(ValidationError, match="a déjà le rôle"):
        services.utilisateur_inviter(
            acteur=personas.admin,
            email="claire.conseillere@exemple.gouv.fr",
            prenom="Claire",
            nom="Conseillère",
            organisation=personas.cantal.agence,
            role=Role.CONSEILLER_FT,
        )


def test_inviter_sans_nom_est_refuse_et_rien_n_est_ecrit(personas):
    avant = Utilisateur.objects.count()
    with pytest.raises(ValidationError, match="prénom et le nom"):
        services.utilisateur_inviter(
            acteur=personas.admin,
            email="sans.nom@exemple.gouv.fr",
            prenom="",
            nom="",
            organisation=personas.cantal.agence,
            role=Role.CONSEILLER_FT,
        )
    assert Utilisateur.objects.count() == avant
    assert mail.outbox == []


def test_echec_d_envoi_du_courriel_n_ecrit_rien(personas, monkeypatch):
    def panne(*args, **kwargs):
        raise SMTPException("serveur indisponible")

    monkeypatch.setattr(EmailMultiAlternatives, "send", panne)
    avant = (Utilisateur.objects.count(), Habilitation.objects.count())
    with pytest.raises(ValidationError, match="n'a pas pu être envoyé"):
        services.utilisateur_inviter(
            acteur=personas.admin,
            email="panne@exemple.gouv.fr",
            prenom="Pa",
            nom="Nne",
            organisation=personas.cantal.agence,
            role=Role.CONSEILLER_FT,
        )
    assert (Utilisateur.objects.count(), Habilitation.objects.count()) == avant


def test_l_admin_du_cantal_ne_peut_pas_inviter_dans_le_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.utilisateur_inviter(
            acteur=personas.admin,
            email="intrus@exemple.gouv.fr",
            prenom="In",
            nom="Trus",
            organisation=personas.calvados.agence,
            role=Role.CONSEILLER_FT,
        )
    assert not Utilisateur.objects.filter(email="intrus@exemple.gouv.fr").exists()


def test_un_conseiller_ne_peut_rien_administrer(personas):
    with pytest.raises(PermissionDenied):
        services.habilitation_ajouter(
            acteur=personas.conseiller,
            utilisateur=personas.travailleur_social,
            organisation=personas.cantal.agence,
            role=Role.CONSEILLER_FT,
        )


def test_le_super_admin_agit_partout(personas):
    habilitation = services.habilitation_ajouter(
        acteur=personas.super_admin,
        utilisateur=personas.admin_calvados,
        organisation=personas.cantal.cd,
        role=Role.PILOTE,
    )
    assert habilitation.organisation.departement_id == "15"


@pytest.mark.parametrize(
    ("role", "cle_organisation", "accepte"),
    [
        (Role.CONSEILLER_FT, "agence", True),
        (Role.CONSEILLER_FT, "unite", False),
        (Role.CONSEILLER_FT, "cd", False),
        (Role.TRAVAILLEUR_SOCIAL, "cd", True),
        (Role.TRAVAILLEUR_SOCIAL, "unite", True),
        (Role.TRAVAILLEUR_SOCIAL, "agence", False),
        (Role.TRAVAILLEUR_SOCIAL, "partenaire", False),
        (Role.PARTENAIRE, "partenaire", True),
        (Role.PARTENAIRE, "agence", False),
        (Role.PILOTE, "cd", True),
        (Role.PILOTE, "agence", True),
        (Role.PILOTE, "unite", False),
        (Role.PILOTE, "partenaire", False),
        (Role.ADMIN_DEPARTEMENTAL, "cd", True),
        (Role.ADMIN_DEPARTEMENTAL, "agence", False),
        (Role.ADMIN_DEPARTEMENTAL, "unite", False),
        (Role.ENCADRANT, "agence", True),
        (Role.ENCADRANT, "unite", True),
        (Role.ENCADRANT, "cd", True),
        (Role.ENCADRANT, "partenaire", True),
        (Role.REFERENT_ORIENTATION, "agence", True),
        (Role.REFERENT_ORIENTATION, "cd", True),
        (Role.REFERENT_ORIENTATION, "unite", True),
        (Role.REFERENT_ORIENTATION, "partenaire", False),
    ],
)
def test_coherence_role_et_type_d_organisation(personas, role, cle_organisation, accepte):
    organisation = getattr(personas.cantal, cle_organisation)
    personne = f.UtilisateurFactory(email="cible@exemple.gouv.fr")
    if accepte:
        services.habilitation_ajouter(
            acteur=personas.admin, utilisateur=personne, organisation=organisation, role=role
        )
        assert personne.habilitations.filter(role=role, organisation=organisation, active=True).exists()
    else:
        with pytest.raises(ValidationError) as erreur:
            services.habilitation_ajouter(
                acteur=personas.admin, utilisateur=personne, organisation=organisation, role=role
            )
        assert "ne s'exerce que dans" in erreur.value.messages[0]
        # Issue 12, point 25 : les types d'organisation gardent leurs majuscules (« France Travail »).
        assert " type « " + str(organisation.get_type_display()) + " »" in erreur.value.messages[0]
        if role == Role.CONSEILLER_FT:
            assert "« Agence France Travail »" in erreur.value.messages[0]
        assert not personne.habilitations.exists()


def test_retirer_un_role_le_conserve_inactif_avec_historique(personas):
    habilitation = personas.conseiller.habilitations.get()
    services.habilitation_retirer(acteur=personas.admin, habilitation=habilitation)
    habilitation.refresh_from_db()
    assert habilitation.active is False
    assert Habilitation.objects.filter(pk=habilitation.pk).exists()
    derniere = habilitation.history.latest()
    assert derniere.history_user == personas.admin
    assert derniere.history_change_reason == "Rôle retiré"
    # Le rôle peut être rendu : la même habilitation est réactivée, pas dupliquée.
    services.habilitation_ajouter(
        acteur=personas.admin,
        utilisateur=personas.conseiller,
        organisation=personas.cantal.agence,
        role="CONSEILLER_FT",
    )
    assert personas.conseiller.habilitations.count() == 1
    assert personas.conseiller.habilitations.get().active is True


def test_un_admin_ne_retire_pas_son_propre_role_d_administrateur(personas):
    habilitation = personas.admin.habilitations.get()
    with pytest.raises(ValidationError, match="propre rôle"):
        services.habilitation_retirer(acteur=personas.admin, habilitation=habilitation)


def test_l_admin_du_cantal_ne_retire_pas_un_role_du_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.habilitation_retirer(
            acteur=personas.admin, habilitation=personas.conseiller_calvados.habilitations.get()
        )
    assert personas.conseiller_calvados.habilitations.get().active is True


def test_desactiver_empeche_la_connexion_et_trace(personas):
    services.utilisateur_desactiver(acteur=personas.admin, utilisateur=personas.conseiller)
    personas.conseiller.refresh_from_db()
    assert personas.conseiller.is_active is False
    assert personas.conseiller.desactive_le is not None
    assert authenticate(username="claire.conseillere@exemple.gouv.fr", password=f.MOT_DE_PASSE) is None
    derniere = personas.conseiller.history.latest()
    assert derniere.history_user == personas.admin
    assert derniere.history_change_reason == "Compte désactivé"
    assert Utilisateur.objects.filter(pk=personas.conseiller.pk).exists()

    services.utilisateur_reactiver(acteur=personas.admin, utilisateur=personas.conseiller)
    personas.conseiller.refresh_from_db()
    assert personas.conseiller.is_active is True
    assert personas.conseiller.desactive_le is None
    assert authenticate(username="claire.conseillere@exemple.gouv.fr", password=f.MOT_DE_PASSE) is not None


def test_un_admin_ne_se_desactive_pas_lui_meme(personas):
    with pytest.raises(ValidationError, match="votre propre compte"):
        services.utilisateur_desactiver(acteur=personas.admin, utilisateur=personas.admin)
    personas.admin.refresh_from_db()
    assert personas.admin.is_active is True


def test_l_admin_du_cantal_ne_desactive_pas_un_compte_du_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.utilisateur_desactiver(acteur=personas.admin, utilisateur=personas.conseiller_calvados)
    personas.conseiller_calvados.refresh_from_db()
    assert personas.conseiller_calvados.is_active is True


def test_un_compte_a_cheval_sur_deux_departements_est_reserve_au_super_admin(personas):
    f.HabilitationFactory(
        utilisateur=personas.conseiller_calvados, organisation=personas.cantal.agence, role=Role.CONSEILLER_FT
    )
    with pytest.raises(ValidationError, match="autre département"):
        services.utilisateur_desactiver(acteur=personas.admin, utilisateur=personas.conseiller_calvados)
    services.utilisateur_desactiver(acteur=personas.super_admin, utilisateur=personas.conseiller_calvados)
    personas.conseiller_calvados.refresh_from_db()
    assert personas.conseiller_calvados.is_active is False


def test_un_compte_desactive_ne_recoit_pas_de_role(personas):
    services.utilisateur_desactiver(acteur=personas.admin, utilisateur=personas.conseiller)
    with pytest.raises(ValidationError, match="désactivé"):
        services.habilitation_ajouter(
            acteur=personas.admin,
            utilisateur=personas.conseiller,
            organisation=personas.cantal.cd,
            role=Role.REFERENT_ORIENTATION,
        )


def test_renvoyer_l_invitation_seulement_si_elle_est_en_attente(personas):
    invite, _ = services.utilisateur_inviter(
        acteur=personas.admin,
        email="attente@exemple.gouv.fr",
        prenom="En",
        nom="Attente",
        organisation=personas.cantal.agence,
        role=Role.CONSEILLER_FT,
    )
    services.utilisateur_renvoyer_invitation(acteur=personas.admin, utilisateur=invite)
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError, match="déjà été activé"):
        services.utilisateur_renvoyer_invitation(acteur=personas.admin, utilisateur=personas.conseiller)
