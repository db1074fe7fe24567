"""Écrans de la confiance : journal (administrateur), qui a consulté, historique, partages, droits, relevés."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Evenement, Personne
from binome.confiance.journal import journaliser
from binome.confiance.models import Action, EntreeJournal

pytestmark = pytest.mark.django_db


def _url(nom, personne):
    return reverse(f"confiance:{nom}", kwargs={"personne_pk": personne.pk})


# --- Journal des accès -------------------------------------------------------------------------------


def _remplir_journal(monde, n=3):
    for _i in range(n):
        journaliser(
            acteur=monde.personas.conseiller, action=Action.LECTURE, finalite="Fiche", personne=monde.cantal.personne
        )
        journaliser(
            acteur=monde.personas.conseiller_calvados,
            action=Action.EXPORT,
            finalite="Export",
            personne=monde.calvados.personne,
        )


def test_journal_reserve_aux_administrateurs(monde, client_de):
    p = monde.personas
    for persona in (p.conseiller, p.travailleur_social, p.encadrant, p.pilote, p.partenaire, p.referent_orientation):
        assert client_de(persona).get(reverse("confiance:journal")).status_code == 403
    assert client_de(p.admin).get(reverse("confiance:journal")).status_code == 200
    assert client_de(p.super_admin).get(reverse("confiance:journal")).status_code == 200


def test_journal_limite_au_departement_de_l_administrateur(monde, client_de):
    _remplir_journal(monde)
    reponse = client_de(monde.personas.admin).get(reverse("confiance:journal"))
    page = reponse.context["page"]
    assert page.paginator.count == 3
    assert {entree.departement for entree in page.object_list} == {"15"}
    assert "Camille" not in reponse.content.decode()
    reponse = client_de(monde.personas.admin_calvados).get(reverse("confiance:journal"))
    assert {entree.departement for entree in reponse.context["page"].object_list} == {"14"}


def test_journal_filtres(monde, client_de):
    _remplir_journal(monde)
    journaliser(acteur=monde.personas.encadrant, action=Action.EXPORT, finalite="Export du pilotage", departement="15")
    client = client_de(monde.personas.admin)
    page = client.get(reverse("confiance:journal"), {"action": "EXPORT"}).context["page"]
    assert [entree.finalite for entree in page.object_list] == ["Export du pilotage"]
    page = client.get(reverse("confiance:journal"), {"acteur": "claire"}).context["page"]
    assert page.paginator.count == 3
    page = client.get(reverse("confiance:journal"), {"dossier": monde.cantal.personne.pk}).context["page"]
    assert page.paginator.count == 3
    aujourd_hui = timezone.localdate().isoformat()
    page = client.get(reverse("confiance:journal"), {"du": aujourd_hui, "au": aujourd_hui}).context["page"]
    assert page.paginator.count == 4
    reponse = client.get(reverse("confiance:journal"), {"du": "2025-03-10", "au": "2025-03-01"})
    assert "La date de fin doit suivre la date de début." in reponse.content.decode()


@pytest.mark.parametrize("taille", [5, 60])
def test_journal_requetes_constantes(monde, client_de, django_assert_max_num_queries, taille):
    for _i in range(taille):
        journaliser(acteur=monde.personas.conseiller, action=Action.LECTURE, finalite="Fiche", departement="15")
    client = client_de(monde.personas.admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("confiance:journal")).status_code == 200


# --- Qui a consulté ce dossier ---------------------------------------------------------------------------


def test_consultations_visibles_de_qui_ouvre_le_dossier(monde, client_de):
    p, dossier = monde.personas, monde.cantal
    client_de(p.conseiller).get(_url("export_personne", dossier.personne))
    for persona in (p.conseiller, p.travailleur_social, p.encadrant, p.encadrant_social, p.admin):
        reponse = Client()
        reponse.force_login(persona)
        contenu = reponse.get(_url("consultations_personne", dossier.personne)).content.decode()
        assert "Claire Conseillère" in contenu, persona
        assert "Droit d&#x27;accès : relevé lisible de tout le dossier" in contenu
    for persona in (p.pilote, p.partenaire, p.conseiller_calvados, p.admin_calvados, p.super_admin):
        client = Client()
        client.force_login(persona)
        assert client.get(_url("consultations_personne", dossier.personne)).status_code == 404, persona


def test_fragment_htmx_sans_gabarit_complet(monde, client_de):
    reponse = client_de(monde.personas.conseiller).get(
        _url("consultations_personne", monde.cantal.personne), HTTP_HX_REQUEST="true"
    )
    assert "<html" not in reponse.content.decode()
    assert "Qui a consulté ce dossier" in reponse.content.decode()


# --- Historique des modifications ---------------------------------------------------------------------


def _modifier(monde):
    from simple_history.utils import update_change_reason  # noqa: F401

    dossier = monde.cantal
    personne = dossier.personne
    personne._history_user = monde.personas.travailleur_social
    personne.rqth = e.ReponseSensible.NON
    personne.telephone = "0611223344"
    personne.save()
    dossier.frein._history_user = monde.personas.travailleur_social
    dossier.frein.precision = "PRECISIONMODIFIEE"
    dossier.frein.save()
    dossier.note_privee.texte = "NOTESECRETEMODIFIEE"
    dossier.note_privee.save()


def test_historique_cote_social(monde, client_de):
    _modifier(monde)
    reponse = client_de(monde.personas.travailleur_social).get(_url("historique_personne", monde.cantal.personne))
    lignes = reponse.context["page"].object_list
    modifs = {(ligne.objet, tuple(ligne.champs)) for ligne in lignes if ligne.operation == "Modifié"}
    assert ("personne", ("téléphone", "reconnaissance de la qualité de travailleur handicapé (RQTH)")) in modifs
    assert ("frein", ("précision (côté social)",)) in modifs
    assert ("note privée", ("texte",)) in modifs
    assert "Sophie Sociale" in reponse.content.decode()


def test_historique_cote_france_travail_sans_detail_social(monde, client_de):
    _modifier(monde)
    reponse = client_de(monde.personas.conseiller).get(_url("historique_personne", monde.cantal.personne))
    lignes = reponse.context["page"].object_list
    modifs = {(ligne.objet, tuple(ligne.champs)) for ligne in lignes if ligne.operation == "Modifié"}
    assert ("personne", ("téléphone",)) in modifs
    assert not any(objet in ("frein", "note privée") for objet, _champs in modifs)
    notes = {ligne.objet_id for ligne in lignes if ligne.objet == "note privée"}
    assert notes == {monde.cantal.note_partagee.pk}
    assert "RQTH" not in reponse.content.decode()


@pytest.mark.parametrize("taille", [1, 15])
def test_historique_requetes_constantes(monde, client_de, django_assert_max_num_queries, taille):
    personne = monde.cantal.personne
    for i in range(taille):
        personne.telephone = f"06000000{i:02d}"
        personne.save()
    client = client_de(monde.personas.travailleur_social)
    with django_assert_max_num_queries(40):
        assert client.get(_url("historique_personne", personne)).status_code == 200


# --- Partages -------------------------------------------------------------------------------------------


def test_partages_dit_ce_qui_est_partage_avec_qui(monde, client_de):
    contenu = client_de(monde.personas.conseiller).get(_url("partages_personne", monde.cantal.personne)).content
    contenu = contenu.decode()
    assert "Claire Conseillère" in contenu and "Sophie Sociale" in contenu
    assert "Mettre en œuvre les mesures d&#x27;action sociale" in contenu
    assert "note privée n" not in contenu  # le côté France Travail ne sait pas combien de notes restent privées
    contenu = client_de(monde.personas.travailleur_social).get(_url("partages_personne", monde.cantal.personne))
    assert "1 note privée n'est pas partagée." in contenu.content.decode()


# --- Droits : notice, opposition ------------------------------------------------------------------------


def test_notice_enregistree_datee_et_tracee(monde, client_de):
    personne = monde.cantal.personne
    client = client_de(monde.personas.travailleur_social)
    reponse = client.post(_url("notice_enregistrer", personne), {"date": "2025-03-01"})
    assert reponse.status_code == 302
    personne.refresh_from_db()
    assert personne.notice_remise_le == datetime.date(2025, 3, 1)
    assert Evenement.objects.filter(personne=personne, libelle__startswith="Notice d'information").exists()
    assert EntreeJournal.objects.filter(route="confiance:notice_enregistrer", action=Action.SAISIE).exists()
    version = personne.history.first()
    assert version.notice_remise_le == datetime.date(2025, 3, 1)
    # Ligne d'historique écrite par le service (binome.core.historique) : auteur et motif.
    assert version.history_user == monde.personas.travailleur_social
    assert version.history_change_reason == "Notice d'information remise le 01/03/2025"


def test_notice_date_future_refusee_en_francais(monde, client_de):
    personne = monde.cantal.personne
    reponse = client_de(monde.personas.conseiller).post(_url("notice_enregistrer", personne), {"date": "2999-01-01"})
    assert reponse.status_code == 400
    assert "La date ne peut pas être dans le futur." in reponse.content.decode()
    personne.refresh_from_db()
    assert personne.notice_remise_le is None


def test_opposition_puis_retrait(monde, client_de):
    personne = monde.cantal.personne
    client = client_de(monde.personas.conseiller)
    reponse = client.post(_url("opposition_enregistrer", personne), {"date": "2025-03-02"})
    assert reponse.status_code == 400
    assert "Confirmez que la personne a été informée des conséquences." in reponse.content.decode()
    client.post(_url("opposition_enregistrer", personne), {"date": "2025-03-02", "informee": "on", "motif": "Refus"})
    personne.refresh_from_db()
    assert personne.opposition_le == datetime.date(2025, 3, 2) and personne.opposition
    assert Evenement.objects.filter(personne=personne, type=e.TypeEvenement.OPPOSITION).count() == 1
    reponse = client.post(
        _url("opposition_enregistrer", personne),
        {"date": "2025-03-02", "informee": "on", "motif": "Refus"},
        follow=True,
    )
    assert "L&#x27;opposition est déjà enregistrée depuis le 02/03/2025." in reponse.content.decode()
    client.post(_url("opposition_retirer", personne))
    personne.refresh_from_db()
    assert personne.opposition_le is None
    raisons = list(personne.history.values_list("history_change_reason", "history_user"))[:2]
    assert raisons == [
        ("Opposition retirée", monde.personas.conseiller.pk),
        ("Opposition exprimée le 02/03/2025", monde.personas.conseiller.pk),
    ]


def test_droits_lecture_seule_pour_l_administrateur(monde, client_de):
    personne = monde.cantal.personne
    client = client_de(monde.personas.admin)
    reponse = client.get(_url("droits_personne", personne))
    assert reponse.status_code == 200 and not reponse.context["peut_ecrire"] and reponse.context["peut_exporter"]
    assert client.post(_url("notice_enregistrer", personne), {"date": "2025-03-01"}).status_code == 403
    personne.refresh_from_db()
    assert personne.notice_remise_le is None


def test_droits_refuses_hors_perimetre(monde, client_de):
    personne = monde.cantal.personne
    for persona in (monde.personas.pilote, monde.personas.conseiller_calvados, monde.personas.partenaire):
        client = Client()
        client.force_login(persona)
        assert client.get(_url("droits_personne", personne)).status_code == 404
        assert client.post(_url("notice_enregistrer", personne), {"date": "2025-03-01"}).status_code == 404
    personne.refresh_from_db()
    assert personne.notice_remise_le is None


def test_formulaires_proteges_par_csrf(monde):
    client = Client(enforce_csrf_checks=True)
    client.force_login(monde.personas.conseiller)
    reponse = client.post(_url("notice_enregistrer", monde.cantal.personne), {"date": "2025-03-01"})
    assert reponse.status_code == 403


# --- Relevés (droit d'accès) ------------------------------------------------------------------------------


def test_releve_lisible_complet_cote_social(monde, client_de):
    dossier = monde.cantal
    contenu = client_de(monde.personas.travailleur_social).get(_url("export_personne", dossier.personne))
    contenu = contenu.content.decode()
    for attendu in (
        "Quatrefages",
        "Objectif CANTAL",
        "Contact neutre CANTAL",
        "Précision sortie CANTAL",
        *dossier.secrets,
    ):
        assert attendu in contenu, attendu
    assert "Calvados" not in contenu.replace("du Calvados", "")


def test_releve_cote_france_travail_sans_le_secret(monde, client_de):
    dossier = monde.cantal
    contenu = client_de(monde.personas.conseiller).get(_url("export_personne", dossier.personne)).content.decode()
    assert "Quatrefages" in contenu and "Note partagée CANTAL" in contenu
    for secret in dossier.secrets:
        assert secret not in contenu
    assert "reconnaissance de la qualité" not in contenu
    assert "Ce relevé ne contient pas les informations réservées au côté social" in contenu


def test_releve_json(monde, client_de):
    dossier = monde.cantal
    reponse = client_de(monde.personas.conseiller).get(_url("export_personne_json", dossier.personne))
    assert reponse["Content-Disposition"] == f'attachment; filename="dossier-{dossier.personne.pk}.json"'
    donnees = json.loads(reponse.content)
    assert donnees["personne"]["nom"] == "Quatrefages"
    assert "rqth" not in donnees["personne"]
    assert donnees["cote_social_inclus"] is False
    assert len(donnees["parcours"]) == 2
    assert {n["texte"] for n in donnees["notes_privees"]} == {"Note partagée CANTAL"}
    assert not any(secret in reponse.content.decode() for secret in dossier.secrets)
    social = client_de(monde.personas.travailleur_social).get(_url("export_personne_json", dossier.personne))
    donnees = json.loads(social.content)
    assert donnees["personne"]["rqth"] == "OUI" and donnees["cote_social_inclus"] is True
    assert all(secret in social.content.decode() for secret in dossier.secrets)


def test_releve_refuse_au_pilote_et_au_partenaire(monde):
    for persona in (monde.personas.pilote, monde.personas.partenaire, monde.personas.admin_calvados):
        client = Client()
        client.force_login(persona)
        assert client.get(_url("export_personne_json", monde.cantal.personne)).status_code == 404


def test_releve_personne_anonyme_sans_donnees(monde, client_de):
    from binome.confiance.services import anonymiser_personne

    anonymiser_personne(personne=monde.cantal.personne)
    donnees = json.loads(
        client_de(monde.personas.travailleur_social).get(_url("export_personne_json", monde.cantal.personne)).content
    )
    assert donnees["personne"]["nom"] == "" and donnees["notes_privees"] == []
    assert Personne.objects.get(pk=monde.cantal.personne.pk).anonymise_le is not None
