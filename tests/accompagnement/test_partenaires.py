"""Partenaires dans un parcours (issue 14, point 4, poste h4).

Le partenaire invité voit exactement les actions qui lui sont confiées dans UN parcours, et les contacts auxquels il
participe ; pas un autre parcours ; il perd l'accès quand l'invitation expire (date dépassée) ou est révoquée.
Le monde (``tests/confiance/monde.py``) invite le persona ``partenaire_invite`` dans le parcours du Cantal.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.accompagnement import calculs, selectors, services
from binome.accompagnement.enums import Porteur, StatutAction, TypeEvenement
from binome.accompagnement.models import Contact, Evenement, InvitationPartenaire
from binome.confiance.models import EntreeJournal
from tests.accompagnement import factories as fa
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def _url_partage(parcours) -> str:
    return reverse("accompagnement:parcours_partage", kwargs={"parcours_pk": parcours.pk})


def _aujourdhui():
    return timezone.localdate()


# --- Ce que voit le partenaire invité ------------------------------------------------------------------------


def test_le_partenaire_invite_voit_exactement_les_actions_confiees(monde, client_de):
    partenaire = monde.personas.partenaire_invite
    invitation = selectors.invitation_pour(partenaire, monde.cantal.parcours.pk)
    assert [a.libelle for a in selectors.actions_confiees(invitation)] == ["Action confiée CANTAL"]
    assert [c.note for c in selectors.contacts_partages(invitation)] == ["Contact avec le partenaire CANTAL"]
    page = client_de(partenaire).get(_url_partage(monde.cantal.parcours)).content.decode()
    assert "Action confiée CANTAL" in page and "Contact avec le partenaire CANTAL" in page
    assert "Ysaline Quatrefages" in page
    # Ni l'autre action (portée par un partenaire, mais pas lui désigné), ni les autres contacts, ni l'objectif.
    for absent in ("Action CANTAL", "Contact neutre CANTAL", "Objectif CANTAL", "NOTESECRETECANTAL"):
        assert absent not in page


def test_une_action_confiee_a_un_autre_partenaire_n_est_pas_vue(monde, personas):
    autre = InvitationPartenaire.objects.get(parcours=monde.calvados.parcours).partenaire
    fa.ActionFactory(plan=monde.cantal.plan, porteur=Porteur.PARTENAIRE, partenaire=autre, libelle_libre="Autre")
    invitation = selectors.invitation_pour(personas.partenaire_invite, monde.cantal.parcours.pk)
    assert [a.libelle for a in selectors.actions_confiees(invitation)] == ["Action confiée CANTAL"]


def test_pas_un_autre_parcours(monde, client_de):
    """Un autre parcours du Cantal, avec une action qui lui est confiée mais sans invitation : refusé."""
    partenaire = monde.personas.partenaire_invite
    autre = fa.ParcoursFactory(
        personne=fa.personne_du(monde.personas.cantal, nom="Sansinvitation", prenom="Odile"),
        conseiller=monde.personas.conseiller,
        organisation_conseiller=monde.personas.cantal.agence,
    )
    plan = fa.PlanActionFactory(parcours=autre)
    fa.ActionFactory(plan=plan, porteur=Porteur.PARTENAIRE, partenaire=partenaire, libelle_libre="Hors invitation")
    client = client_de(partenaire)
    assert client.get(_url_partage(autre)).status_code == 404
    assert "Sansinvitation" not in client.get(reverse("accompagnement:parcours_partages")).content.decode()
    # Ni le parcours du Calvados, ni les pages du dossier du Cantal.
    assert client.get(_url_partage(monde.calvados.parcours)).status_code == 404
    for nom, kwargs in (
        ("accompagnement:personne", {"pk": monde.cantal.personne.pk}),
        ("accompagnement:parcours", {"pk": monde.cantal.parcours.pk}),
        ("accompagnement:plan", {"parcours_pk": monde.cantal.parcours.pk}),
        ("accompagnement:contacts", {"parcours_pk": monde.cantal.parcours.pk}),
        ("accompagnement:partenaires", {"parcours_pk": monde.cantal.parcours.pk}),
    ):
        assert client.get(reverse(nom, kwargs=kwargs)).status_code == 404, nom


def test_le_partenaire_perd_l_acces_a_l_expiration(monde, client_de):
    partenaire = monde.personas.partenaire_invite
    echeance = monde.cantal.invitation.expire_le
    url = _url_partage(monde.cantal.parcours)
    with freeze_time(echeance):
        assert client_de(partenaire).get(url).status_code == 200
    with freeze_time(echeance + datetime.timedelta(days=1)):
        client = client_de(partenaire)
        assert client.get(url).status_code == 404
        assert "Quatrefages" not in client.get(reverse("accompagnement:parcours_partages")).content.decode()
        assert not selectors.invitations_valides(partenaire).exists()
        with pytest.raises(PermissionDenied):
            services.contact_partenaire_enregistrer(
                acteur=partenaire, parcours_pk=monde.cantal.parcours.pk, date=_aujourdhui(), canal="TELEPHONE"
            )


def test_le_partenaire_perd_l_acces_a_la_revocation(monde, client_de):
    partenaire = monde.personas.partenaire_invite
    url = _url_partage(monde.cantal.parcours)
    assert client_de(partenaire).get(url).status_code == 200
    reponse = client_de(monde.personas.travailleur_social).post(
        reverse(
            "accompagnement:partenaire_revoquer",
            kwargs={"parcours_pk": monde.cantal.parcours.pk, "invitation_pk": monde.cantal.invitation.pk},
        ),
        {f"revoquer-{monde.cantal.invitation.pk}-motif_revocation": "La personne retire son accord"},
    )
    assert reponse.status_code == 302
    invitation = InvitationPartenaire.objects.get(pk=monde.cantal.invitation.pk)
    assert invitation.revoquee_par == monde.personas.travailleur_social
    assert invitation.motif_revocation == "La personne retire son accord"
    assert client_de(partenaire).get(url).status_code == 404
    assert Evenement.objects.filter(parcours=monde.cantal.parcours, type=TypeEvenement.PARTENAIRE_REVOQUE).exists()
    with pytest.raises(ValidationError):
        services.invitation_partenaire_revoquer(acteur=monde.personas.conseiller, invitation=invitation)


def test_le_partenaire_sans_habilitation_perd_l_acces(monde):
    partenaire = monde.personas.partenaire_invite
    partenaire.habilitations.update(active=False)
    partenaire.refresh_from_db()
    assert not selectors.invitations_valides(partenaire).exists()


def test_le_partenaire_existant_garde_ce_qu_il_voit(monde, client_de):
    """Le persona ``partenaire`` (destinataire d'une orientation vers son service) n'est pas touché."""
    client = client_de(monde.personas.partenaire)
    orientation = reverse("ressources:orientation", kwargs={"pk": monde.cantal.orientation_service.pk})
    assert client.get(orientation).status_code == 200
    assert client.get(reverse("accompagnement:parcours_partages")).status_code == 200
    assert client.get(_url_partage(monde.cantal.parcours)).status_code == 404


# --- Écritures du partenaire ---------------------------------------------------------------------------------


def _action_confiee(monde):
    invitation = selectors.invitation_pour(monde.personas.partenaire_invite, monde.cantal.parcours.pk)
    return selectors.actions_confiees(invitation).get()


def test_le_partenaire_met_a_jour_son_action(monde, client_de):
    action = _action_confiee(monde)
    url = reverse(
        "accompagnement:parcours_partage_action",
        kwargs={"parcours_pk": monde.cantal.parcours.pk, "action_pk": action.pk},
    )
    prefixe = f"action-{action.pk}"
    reponse = client_de(monde.personas.partenaire_invite).post(
        url,
        {
            f"{prefixe}-statut": StatutAction.REALISEE,
            f"{prefixe}-commentaire": "Dossier de surendettement déposé",
            f"{prefixe}-revision": action.revision,
        },
    )
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert action.statut == StatutAction.REALISEE
    assert action.commentaire_partenaire == "Dossier de surendettement déposé"
    assert action.modifie_par == monde.personas.partenaire_invite
    assert action.history.first().history_change_reason == "Partenaires dans un parcours"


def test_sur_un_plan_signe_seul_le_commentaire_change(monde):
    action = _action_confiee(monde)
    plan = action.plan
    plan.signe_le = _aujourdhui()
    plan.copie_figee = {"version": 1}
    plan.save()
    partenaire = monde.personas.partenaire_invite
    with pytest.raises(ValidationError, match="signée"):
        services.action_partenaire_suivre(
            acteur=partenaire,
            parcours_pk=monde.cantal.parcours.pk,
            action_pk=action.pk,
            revision=action.revision,
            statut=StatutAction.REALISEE,
        )
    services.action_partenaire_suivre(
        acteur=partenaire,
        parcours_pk=monde.cantal.parcours.pk,
        action_pk=action.pk,
        revision=action.revision,
        statut=action.statut,
        commentaire="Premier rendez-vous pris",
    )
    action.refresh_from_db()
    assert action.commentaire_partenaire == "Premier rendez-vous pris"


def test_le_partenaire_ne_met_pas_a_jour_une_action_non_confiee(monde):
    with pytest.raises(PermissionDenied, match="pas confiée"):
        services.action_partenaire_suivre(
            acteur=monde.personas.partenaire_invite,
            parcours_pk=monde.cantal.parcours.pk,
            action_pk=monde.cantal.action.pk,
            revision=monde.cantal.action.revision,
            statut=StatutAction.REALISEE,
        )


def test_le_partenaire_ajoute_un_contact_dont_il_est_participant(monde, client_de):
    partenaire = monde.personas.partenaire_invite
    url = reverse("accompagnement:parcours_partage_contact", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    reponse = client_de(partenaire).post(
        url,
        {
            "date": _aujourdhui().isoformat(),
            "canal": "TELEPHONE",
            "type": "INDIVIDUEL",
            "presence": "HONORE",
            "note": "Point sur le budget",
        },
    )
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    contact = Contact.objects.get(note="Point sur le budget")
    assert list(contact.participants.all()) == [partenaire] and contact.auteur == partenaire
    assert "Point sur le budget" in client_de(partenaire).get(_url_partage(monde.cantal.parcours)).content.decode()
    # Le binôme le lit dans le journal des contacts.
    contacts = reverse("accompagnement:contacts", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    assert "Point sur le budget" in client_de(monde.personas.conseiller).get(contacts).content.decode()


def test_un_contact_refuse_garde_la_saisie(monde, client_de):
    url = reverse("accompagnement:parcours_partage_contact", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    demain = _aujourdhui() + datetime.timedelta(days=1)
    reponse = client_de(monde.personas.partenaire_invite).post(
        url, {"date": demain.isoformat(), "canal": "TELEPHONE", "type": "INDIVIDUEL", "presence": "HONORE"}
    )
    assert reponse.status_code == 400
    assert "Un contact se saisit une fois qu" in reponse.content.decode()


def test_chaque_lecture_et_ecriture_du_partenaire_est_journalisee(monde, client_de):
    partenaire = monde.personas.partenaire_invite
    client = client_de(partenaire)
    client.get(_url_partage(monde.cantal.parcours))
    client.post(
        reverse("accompagnement:parcours_partage_contact", kwargs={"parcours_pk": monde.cantal.parcours.pk}),
        {"date": _aujourdhui().isoformat(), "canal": "TELEPHONE", "type": "INDIVIDUEL", "presence": "HONORE"},
    )
    entrees = EntreeJournal.objects.filter(acteur_id=partenaire.pk).order_by("pk")
    assert [(e.route, e.methode, e.personne_id) for e in entrees] == [
        ("accompagnement:parcours_partage", "GET", monde.cantal.personne.pk),
        ("accompagnement:parcours_partage_contact", "POST", monde.cantal.personne.pk),
    ]


# --- Le binôme : inviter, voir, révoquer -----------------------------------------------------------------------


def _udaf(personas):
    return personas.partenaire_invite.habilitations.get().organisation


def test_inviter_en_deux_temps(monde, client_de):
    personas = monde.personas
    InvitationPartenaire.objects.all().delete()
    action = fa.ActionFactory(plan=monde.cantal.plan, porteur=Porteur.PARTENAIRE, libelle_libre="Budget")
    client = client_de(personas.conseiller)
    url = reverse("accompagnement:partenaire_inviter", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    premier = client.get(url).content.decode()
    assert "UDAF du Cantal" in premier and "Mobilité solidaire du Calvados" not in premier
    second = client.get(url, {"organisation": _udaf(personas).pk}).content.decode()
    assert "Inès Udaf" in second and "Budget" in second
    reponse = client.post(
        url,
        {
            "organisation": _udaf(personas).pk,
            "partenaire": personas.partenaire_invite.pk,
            "objet": "Mesure d'accompagnement budgétaire",
            "accord_le": _aujourdhui().isoformat(),
            "actions": [action.pk],
            "confirmation": "on",
        },
    )
    assert reponse.status_code == 302
    invitation = InvitationPartenaire.objects.get()
    assert invitation.expire_le == calculs.ajouter_mois(_aujourdhui(), 6)
    assert invitation.invitee_par == personas.conseiller
    assert invitation.history.first().history_change_reason == "Partenaires dans un parcours"
    action.refresh_from_db()
    assert action.partenaire == personas.partenaire_invite
    assert Evenement.objects.filter(parcours=monde.cantal.parcours, type=TypeEvenement.PARTENAIRE_INVITE).exists()
    assert "Budget" in client_de(personas.partenaire_invite).get(_url_partage(monde.cantal.parcours)).content.decode()


def _inviter(monde, acteur, **autres):
    champs = {
        "acteur": acteur,
        "parcours": monde.cantal.parcours,
        "organisation": _udaf(monde.personas),
        "partenaire": monde.personas.partenaire_invite,
        "objet": "Suivi",
        "accord_le": _aujourdhui(),
        **autres,
    }
    return services.invitation_partenaire_creer(**champs)


def test_regles_de_l_invitation(monde):
    personas = monde.personas
    for acteur in (personas.encadrant, personas.admin, personas.partenaire_invite, personas.conseiller_calvados):
        with pytest.raises(PermissionDenied):
            _inviter(monde, acteur)
    with pytest.raises(ValidationError, match="déjà invité"):
        _inviter(monde, personas.conseiller)
    monde.cantal.invitation.delete()
    with pytest.raises(ValidationError, match="futur"):
        _inviter(monde, personas.conseiller, accord_le=_aujourdhui() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="12 mois au plus"):
        _inviter(monde, personas.conseiller, expire_le=calculs.ajouter_mois(_aujourdhui(), 13))
    with pytest.raises(ValidationError, match="structure partenaire"):
        _inviter(monde, personas.conseiller, organisation=personas.calvados.partenaire)
    with pytest.raises(ValidationError, match="professionnel habilité"):
        _inviter(monde, personas.conseiller, partenaire=personas.partenaire)
    with pytest.raises(ValidationError, match="Seule une action"):
        _inviter(monde, personas.conseiller, actions=[monde.calvados.action])
    assert _inviter(monde, personas.travailleur_social).pk


def test_la_page_des_partenaires_et_le_panneau_qui_voit_quoi(monde, client_de, django_assert_max_num_queries):
    client = client_de(monde.personas.conseiller)
    url = reverse("accompagnement:partenaires", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    for _ in range(3):
        fa.ActionFactory(plan=monde.cantal.plan, porteur=Porteur.PARTENAIRE)
    with django_assert_max_num_queries(40):
        page = client.get(url).content.decode()
    assert "Inès Udaf (UDAF du Cantal)" in page and "Mesure d&#x27;accompagnement budgétaire CANTAL" in page
    assert "Révoquer l’invitation" in page or "Révoquer l'invitation" in page
    panneau = reverse("confiance:partages_personne", kwargs={"personne_pk": monde.cantal.personne.pk})
    texte = client.get(panneau).content.decode()
    echeance = monde.cantal.invitation.expire_le.strftime("%d/%m/%Y")
    assert "Inès Udaf" in texte and "accompagnement budgétaire CANTAL" in texte and echeance in texte
    services.invitation_partenaire_revoquer(acteur=monde.personas.conseiller, invitation=monde.cantal.invitation)
    assert "Inès Udaf" not in client.get(panneau).content.decode()


def test_la_liste_des_parcours_partages_a_un_nombre_de_requetes_borne(monde, client_de, django_assert_max_num_queries):
    partenaire = monde.personas.partenaire_invite
    for nom in ("Un", "Deux", "Trois"):
        parcours = fa.ParcoursFactory(
            personne=fa.personne_du(monde.personas.cantal, nom=f"Partage{nom}", prenom="Test"),
            conseiller=monde.personas.conseiller,
            organisation_conseiller=monde.personas.cantal.agence,
        )
        InvitationPartenaire.objects.create(
            parcours=parcours,
            partenaire=partenaire,
            organisation=_udaf(monde.personas),
            objet="Suivi",
            accord_le=_aujourdhui(),
            expire_le=_aujourdhui(),
            invitee_par=monde.personas.conseiller,
        )
    client = client_de(partenaire)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("accompagnement:parcours_partages")).content.decode()
    assert all(f"Partage{nom}" in page for nom in ("Un", "Deux", "Trois")) and "Quatrefages" in page


def test_inviter_sans_l_accord_confirme_ne_cree_rien(monde, client_de):
    InvitationPartenaire.objects.all().delete()
    url = reverse("accompagnement:partenaire_inviter", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    reponse = client_de(monde.personas.travailleur_social).post(
        url,
        {
            "organisation": _udaf(monde.personas).pk,
            "partenaire": monde.personas.partenaire_invite.pk,
            "objet": "Suivi",
            "accord_le": _aujourdhui().isoformat(),
        },
    )
    assert reponse.status_code == 200
    assert "Confirmez l&#x27;accord de la personne" in reponse.content.decode()
    assert not InvitationPartenaire.objects.exists()


def test_confier_une_action_a_l_invite(monde, client_de):
    action = fa.ActionFactory(plan=monde.cantal.plan, porteur=Porteur.PARTENAIRE, libelle_libre="Logement")
    invitation = monde.cantal.invitation
    reponse = client_de(monde.personas.conseiller).post(
        reverse(
            "accompagnement:partenaire_confier",
            kwargs={"parcours_pk": monde.cantal.parcours.pk, "invitation_pk": invitation.pk},
        ),
        {f"confier-{invitation.pk}-action": action.pk},
    )
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert action.partenaire == monde.personas.partenaire_invite
    # L'administrateur départemental consulte la page mais ne confie rien.
    with pytest.raises(PermissionDenied):
        services.action_partenaire_confier(acteur=monde.personas.admin, invitation=invitation, action=action)
