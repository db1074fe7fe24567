"""Écrans des actions collectives : 200 / 403 / 404, erreurs de formulaire en français, requêtes bornées."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
from binome.comptes.models import Role
from binome.confiance.models import Action, EntreeJournal
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.collectif.factories import action_du, inscription, seance_de

pytestmark = pytest.mark.django_db


def test_liste_ouverte_aux_professionnels_refusee_au_pilote_et_au_partenaire(personas, client_de):
    action_du(personas.cantal, personas.travailleur_social)
    for persona in ("travailleur_social", "conseiller", "referent_orientation", "encadrant", "admin"):
        assert client_de(getattr(personas, persona)).get(reverse("collectif:liste")).status_code == 200, persona
    for persona in ("pilote", "partenaire", "pilote_national", "super_admin"):
        assert client_de(getattr(personas, persona)).get(reverse("collectif:liste")).status_code == 403, persona


def test_liste_filtre_par_theme_et_pagine_en_requetes_bornees(personas, client_de, django_assert_max_num_queries):
    sophie = personas.travailleur_social
    for numero in range(25):
        action = action_du(
            personas.cantal, sophie, titre=f"Atelier {numero:02}", theme="BUDGET" if numero % 2 else "SANTE"
        )
        seance_de(action, dans_jours=numero + 1)
    client = client_de(sophie)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("collectif:liste"))
    assert page.status_code == 200 and "25 séances à venir" in page.content.decode()
    with django_assert_max_num_queries(14):
        page = client.get(reverse("collectif:liste"), {"vue": "actions", "theme": "BUDGET", "page": 1})
    contenu = page.content.decode()
    assert "12 actions collectives" in contenu and "Atelier 01" in contenu and "Atelier 02" not in contenu


def test_creer_une_action_erreurs_en_francais_puis_succes(personas, client_de):
    client = client_de(personas.travailleur_social)
    url = reverse("collectif:action_creer")
    assert client.get(url).status_code == 200
    refus = client.post(url, {"titre": "", "theme": "SANTE", "organisateur": "PARTENAIRE", "capacite": "0"})
    contenu = refus.content.decode()
    assert refus.status_code == 400
    assert "Le formulaire contient" in contenu and "Ce champ est obligatoire." in contenu
    reponse = client.post(
        url,
        {
            "titre": "Café santé",
            "theme": "SANTE",
            "organisateur": "DEPARTEMENT",
            "description": "Échanges.",
            "capacite": "8",
        },
    )
    action = ActionCollective.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("collectif:action", kwargs={"pk": action.pk})
    assert client_de(personas.admin).get(url).status_code == 403


def test_action_et_seance_d_un_autre_departement_404(personas, client_de):
    action = action_du(personas.cantal, personas.travailleur_social)
    seance = seance_de(action)
    client = client_de(personas.conseiller_calvados)
    for nom, pk in (
        ("action", action.pk),
        ("action_modifier", action.pk),
        ("seance", seance.pk),
        ("presences", seance.pk),
    ):
        assert client.get(reverse(f"collectif:{nom}", kwargs={"pk": pk})).status_code == 404, nom
    cantal = client_de(personas.travailleur_social)
    assert cantal.get(reverse("collectif:action", kwargs={"pk": action.pk})).status_code == 200
    assert cantal.get(reverse("collectif:action", kwargs={"pk": 999999})).status_code == 404


def test_planifier_une_seance_erreur_de_date_en_francais(personas, client_de):
    action = action_du(personas.cantal, personas.travailleur_social)
    client = client_de(personas.travailleur_social)
    url = reverse("collectif:seance_creer", kwargs={"pk": action.pk})
    hier = timezone.localdate() - datetime.timedelta(days=1)
    refus = client.post(url, {"date": hier.isoformat(), "heure": "14:00", "duree_minutes": "90", "lieu": "MDS"})
    assert refus.status_code == 400
    assert "Une séance se planifie dans le futur" in refus.content.decode()
    demain = timezone.localdate() + datetime.timedelta(days=1)
    reponse = client.post(url, {"date": demain.isoformat(), "heure": "14:00", "duree_minutes": "90", "lieu": "MDS"})
    seance = SeanceCollective.objects.get()
    assert reponse["Location"] == reverse("collectif:seance", kwargs={"pk": seance.pk})
    assert client_de(personas.admin).get(url).status_code == 403


def test_la_seance_ne_nomme_que_les_inscrits_dont_on_ouvre_le_parcours(personas, client_de):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=1))
    suivi = parcours_du_binome(personas)
    zoe = f.agent("zoe.autre@exemple.gouv.fr", "Zoé", "Autre", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL)
    luc = f.agent("luc.autre@exemple.gouv.fr", "Luc", "Autre", personas.cantal.agence, Role.CONSEILLER_FT)
    autre = parcours_du_binome(
        personas, conseiller=luc, referent=zoe, personne=personne_du(personas.cantal, nom="Inconnaissable")
    )
    inscription(seance, autre)
    inscription(seance, suivi, statut=StatutInscription.ATTENTE)
    page = client_de(sophie).get(reverse("collectif:seance", kwargs={"pk": seance.pk})).content.decode()
    assert str(suivi.personne) in page and "(rang 1)" in page
    assert autre.personne.nom not in page and "Et 1 personne inscrite par d'autres professionnels." in page
    assert re.search(r"0 places? restantes? sur 1", page)
    # Journal des accès : une ligne pour la personne nommée, aucune pour celle qui ne l'est pas.
    lignes = EntreeJournal.objects.filter(route="collectif:seance")
    assert [(e.personne_id, e.action, e.acteur_id) for e in lignes] == [(suivi.personne_id, Action.LECTURE, sophie.pk)]


def test_inscrire_depuis_la_seance_et_depuis_le_parcours(personas, client_de):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    parcours = parcours_du_binome(personas)
    client = client_de(sophie)
    url = reverse("collectif:inscrire", kwargs={"pk": seance.pk})
    refus = client.post(url, {"parcours": parcours.pk, "accord_le": ""})
    assert refus.status_code == 400 and "Ce champ est obligatoire." in refus.content.decode()
    reponse = client.post(url, {"parcours": parcours.pk, "accord_le": timezone.localdate().isoformat()})
    assert reponse.status_code == 302 and Inscription.objects.get().parcours == parcours
    autre = parcours_du_binome(personas)
    url_parcours = reverse("collectif:inscrire_parcours", kwargs={"parcours_pk": autre.pk})
    assert client.get(url_parcours).status_code == 200
    reponse = client.post(url_parcours, {"seance": seance.pk, "accord_le": timezone.localdate().isoformat()})
    assert reponse.status_code == 302 and Inscription.objects.filter(parcours=autre).exists()
    assert client_de(personas.conseiller_calvados).get(url_parcours).status_code == 404
    assert client_de(personas.admin).get(url_parcours).status_code == 403


def test_la_fiche_montre_les_inscriptions_et_le_lien_pour_inscrire(personas, client_de):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    parcours = parcours_du_binome(personas)
    inscrite = inscription(seance, parcours)
    page = client_de(sophie).get(reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id}))
    contenu = page.content.decode()
    assert "Actions collectives" in contenu and "Café santé" in contenu
    assert reverse("collectif:inscrire_parcours", kwargs={"parcours_pk": parcours.pk}) in contenu
    assert reverse("collectif:desinscrire", kwargs={"pk": inscrite.pk}) in contenu


def test_desinscrire_puis_saisir_les_presences(personas, client_de):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    inscrite = inscription(seance, parcours_du_binome(personas))
    client = client_de(sophie)
    url = reverse("collectif:desinscrire", kwargs={"pk": inscrite.pk})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    inscrite.refresh_from_db()
    assert inscrite.statut == StatutInscription.DESINSCRITE
    passee = seance_de(action_du(personas.cantal, sophie), dans_jours=-1)
    presente = inscription(passee, parcours_du_binome(personas))
    url = reverse("collectif:presences", kwargs={"pk": passee.pk})
    assert client.get(url).status_code == 200
    refus = client.post(url, {})
    assert refus.status_code == 400 and "Ce champ est obligatoire." in refus.content.decode()
    assert client.post(url, {f"presence_{presente.pk}": "HONORE"}).status_code == 302
    passee.refresh_from_db()
    assert passee.statut == StatutSeance.TENUE
    assert client.get(url).status_code == 403
    assert client.get(reverse("collectif:seance", kwargs={"pk": passee.pk})).status_code == 200


def test_modifier_et_annuler_une_seance(personas, client_de):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    client = client_de(sophie)
    url = reverse("collectif:seance_modifier", kwargs={"pk": seance.pk})
    assert client.get(url).status_code == 200
    debut = timezone.localtime(seance.debut)
    donnees = {
        "date": debut.date().isoformat(),
        "heure": debut.strftime("%H:%M"),
        "duree_minutes": "120",
        "lieu": "Mairie",
    }
    assert client.post(url, donnees).status_code == 302
    seance.refresh_from_db()
    assert seance.lieu == "Mairie" and seance.sequence == 1
    assert client.post(reverse("collectif:seance_annuler", kwargs={"pk": seance.pk})).status_code == 302
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.ANNULEE
    assert client.get(url).status_code == 403
