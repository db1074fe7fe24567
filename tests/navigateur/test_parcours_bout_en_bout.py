"""Un parcours complet dans le navigateur, par les deux membres du binôme, écran par écran.

La conseillère (Claire) enregistre une personne et propose son orientation ; la travailleuse sociale (Sophie)
la trouve dans sa boîte de réception, planifie le diagnostic partagé et l'enregistre (adhésion, décision
d'accompagnement global) ; le binôme est désigné, le plan d'action signé avec une action, un contact noté,
le parcours renouvelé (accord des deux), puis la sortie (emploi durable) et, six mois plus tard, le suivi.

Le seul raccourci : « six mois plus tard », les dates du dossier sont reculées de sept mois dans la base
(le suivi à 6 mois ne se saisit qu'après son échéance, jamais dans le futur).
"""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Action,
    Contact,
    Diagnostic,
    Evenement,
    Orientation,
    Parcours,
    Personne,
    PlanAction,
    Sortie,
)
from tests.navigateur.fixtures import oublier_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

SEPT_MOIS = datetime.timedelta(days=213)


def _champ(page, libelle):
    """Le champ dont le libellé commence par ``libelle`` (le libellé porte aussi « * » et l'aide)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(libelle)}(\s|\*|\xa0|$)"))


def _violations_graves(page):
    resultat = Axe().run(page)
    return [v["id"] for v in resultat.response["violations"] if v["impact"] in ("serious", "critical")]


def _message_succes(page, texte):
    alerte = page.locator(".fr-alert--success", has_text=texte)
    alerte.first.wait_for()
    return alerte.first.inner_text()


def _changer_d_utilisateur(page, connecter, utilisateur):
    oublier_la_session(page)
    return connecter(utilisateur)


def _six_mois_plus_tard(personne):
    """Recule de sept mois toutes les dates du dossier : le temps a passé depuis la sortie."""
    for modele, filtre, champs in (
        (
            Parcours,
            {"personne": personne},
            ("date_reperage", "date_orientation", "date_entree", "date_fin_prevue", "renouvele_le", "date_sortie"),
        ),
        (
            Parcours,
            {"personne": personne},
            ("accord_renouvellement_conseiller_le", "accord_renouvellement_referent_le"),
        ),
        (Orientation, {"parcours__personne": personne}, ("date_proposition", "date_diagnostic_planifiee")),
        (Diagnostic, {"parcours__personne": personne}, ("date", "adhesion_le", "decision_le")),
        (PlanAction, {"parcours__personne": personne}, ("signe_le",)),
        (Action, {"plan__parcours__personne": personne}, ("echeance",)),
        (Contact, {"parcours__personne": personne}, ("date",)),
        (Sortie, {"parcours__personne": personne}, ("date", "suivi_6_mois_echeance")),
        (Personne, {"pk": personne.pk}, ("dernier_contact_le", "notice_remise_le")),
    ):
        for champ in champs:
            modele.objects.filter(**filtre, **{f"{champ}__isnull": False}).update(**{champ: F(champ) - SEPT_MOIS})


def test_parcours_de_bout_en_bout(personas, page, connecter, live_server):
    claire, sophie = personas.conseiller, personas.travailleur_social
    aujourdhui = timezone.localdate()
    url = live_server.url

    # 1. Claire enregistre la personne, avec sa commune (sélecteur à suggestions).
    connecter(claire)
    page.goto(url + reverse("accompagnement:personne_creer"))
    _champ(page, "Nom").fill("Testeur")
    _champ(page, "Prénom").fill("Amandine")
    _champ(page, "Date de naissance").fill("1988-04-12")
    _champ(page, "Sexe").select_option(e.Sexe.FEMME)
    _champ(page, "Identifiant France Travail").fill("1234567A")
    commune = page.get_by_role("combobox", name="Commune de résidence")
    commune.fill("Saint-Fl")
    page.get_by_role("option", name="Saint-Flour").first.click()
    page.get_by_role("button", name="Enregistrer").click()
    _message_succes(page, "Amandine Testeur est enregistrée")
    personne = Personne.objects.get(identifiant_ft="1234567A")
    assert personne.commune_id == "15187"
    assert _violations_graves(page) == []

    # 2. Elle propose l'orientation vers l'accompagnement global.
    page.get_by_role("link", name="Proposer une orientation").click()
    _champ(page, "Motif de la proposition").fill("Freins de mobilité et de garde d'enfants.")
    page.get_by_role("button", name="Valider").click()
    _message_succes(page, "L'orientation est proposée")
    parcours = Parcours.objects.get(personne=personne)
    assert parcours.etat == e.EtatParcours.ORIENTATION_PROPOSEE

    # 3. Sophie la voit dans sa boîte de réception et planifie le diagnostic partagé.
    _changer_d_utilisateur(page, connecter, sophie)
    page.goto(url + reverse("accompagnement:orientations"))
    ligne = page.get_by_role("row", name="Amandine Testeur")
    assert _violations_graves(page) == []
    ligne.get_by_role("link", name="Planifier le diagnostic").click()
    _champ(page, "Date du diagnostic partagé").fill(aujourdhui.isoformat())
    page.get_by_role("button", name="Valider").click()
    _message_succes(page, "Le diagnostic partagé est planifié")
    orientation = Orientation.objects.get(parcours=parcours)
    assert (orientation.statut, orientation.traitee_par) == (e.StatutOrientation.DIAGNOSTIC_PLANIFIE, sophie)

    # 4. Le diagnostic partagé : freins par domaine, adhésion, décision d'accompagnement global.
    page.goto(url + reverse("accompagnement:personne", args=[personne.pk]))
    page.get_by_role("link", name="Enregistrer le diagnostic partagé").click()
    _champ(page, "Date du diagnostic").fill(aujourdhui.isoformat())
    for domaine, libelle in e.DomaineFrein.choices:
        niveau = "Impact fort" if domaine == e.DomaineFrein.MOBILITE else "Sans impact"
        page.get_by_role("group", name=str(libelle)).get_by_text(niveau, exact=True).click()
    page.get_by_role("group", name="La personne adhère à l'accompagnement proposé").get_by_text(
        "Oui", exact=True
    ).click()
    _champ(page, "Adhésion exprimée le").fill(aujourdhui.isoformat())
    page.get_by_role("group", name="Décision prise ensemble").get_by_text("Accompagnement global", exact=True).click()
    page.get_by_role("button", name="Enregistrer le diagnostic").click()
    _message_succes(page, "Le diagnostic partagé est enregistré.")
    diagnostic = Diagnostic.objects.get(parcours=parcours)
    assert (diagnostic.adhesion, diagnostic.decision) == (True, e.DecisionDiagnostic.GLOBAL)
    assert diagnostic.freins.get(domaine=e.DomaineFrein.MOBILITE).niveau == e.NiveauFrein.FORT
    parcours.refresh_from_db()
    assert parcours.etat == e.EtatParcours.DIAGNOSTIC_PARTAGE

    # 5. Le binôme est désigné (l'écran suit le diagnostic) : entrée en accompagnement global.
    page.get_by_role("heading", name="Entrée en accompagnement et binôme").wait_for()
    _champ(page, "Conseiller France Travail").select_option(
        label=f"{claire.get_full_name()} — {personas.cantal.agence.nom}"
    )
    _champ(page, "Référent social").select_option(label=f"{sophie.get_full_name()} — {personas.cantal.unite.nom}")
    _champ(page, "Date d'entrée").fill(aujourdhui.isoformat())
    page.get_by_role("button", name="Valider").click()
    _message_succes(page, "L'accompagnement commence : le binôme est désigné.")
    parcours.refresh_from_db()
    assert parcours.etat == e.EtatParcours.ACTIF
    assert (parcours.conseiller, parcours.referent_social) == (claire, sophie)
    assert parcours.date_entree == aujourdhui
    assert parcours.commune_entree_id == "15187"  # copie figée à l'entrée

    # 6. Le plan d'action : une action, puis la signature.
    page.get_by_role("link", name="Plan d'action").first.click()
    page.get_by_role("button", name="Ouvrir le plan d'action").click()
    page.get_by_role("link", name="Ajouter une action").click()
    _champ(page, "Ou libellé libre").fill("Inscription au code de la route")
    _champ(page, "Échéance").fill((aujourdhui + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Inscription au code de la route").first.wait_for()
    page.get_by_role("link", name="Enregistrer la signature").click()
    _champ(page, "Signé le").fill(aujourdhui.isoformat())
    page.get_by_text("La personne et le binôme ont signé la version imprimée de ce plan.").click()
    page.get_by_role("button", name="Enregistrer la signature").click()
    page.get_by_text("Signée").first.wait_for()
    plan = PlanAction.objects.get(parcours=parcours)
    assert plan.signe_le == aujourdhui
    assert plan.copie_figee["actions_sans_objectif"][0]["libelle"] == "Inscription au code de la route"

    # 7. Un contact, honoré.
    page.goto(url + reverse("accompagnement:contacts", args=[parcours.pk]))
    _champ(page, "Date du contact").fill(aujourdhui.isoformat())
    page.get_by_role("button", name="Enregistrer le contact").click()
    page.get_by_text("1 contact").first.wait_for()
    contact = Contact.objects.get(parcours=parcours)
    assert (contact.presence, contact.auteur) == (e.PresenceContact.HONORE, sophie)
    assert Personne.objects.get(pk=personne.pk).dernier_contact_le == aujourdhui
    assert _violations_graves(page) == []

    # 8. Le renouvellement, offert seulement dans la fenêtre qui précède la fin prévue : on rapproche la fin
    # prévue (le temps a passé). Accord de Sophie (avec le motif et l'accord de la personne), puis de Claire.
    Parcours.objects.filter(pk=parcours.pk).update(date_fin_prevue=aujourdhui + datetime.timedelta(days=30))
    parcours.refresh_from_db()
    page.goto(url + reverse("accompagnement:personne", args=[personne.pk]))
    fin_prevue = parcours.date_fin_prevue
    page.get_by_role("link", name="Renouveler").click()
    _champ(page, "Motif du renouvellement").fill("Code de la route en cours.")
    page.get_by_text("La personne est d'accord pour renouveler son accompagnement").click()
    page.get_by_role("button", name="Donner mon accord").click()
    _message_succes(page, "Votre accord au renouvellement est enregistré.")
    parcours.refresh_from_db()
    assert (parcours.etat, parcours.accord_renouvellement_referent_le) == (e.EtatParcours.ACTIF, aujourdhui)
    _changer_d_utilisateur(page, connecter, claire)
    page.goto(url + reverse("accompagnement:personne", args=[personne.pk]))
    page.get_by_role("link", name="Renouveler").click()
    page.get_by_role("button", name="Donner mon accord").click()
    _message_succes(page, "Votre accord au renouvellement est enregistré.")
    parcours.refresh_from_db()
    assert parcours.etat == e.EtatParcours.RENOUVELE
    assert parcours.date_fin_prevue > fin_prevue

    # 9. La sortie : emploi durable.
    page.get_by_role("link", name="Sortie", exact=True).click()
    _champ(page, "Date de sortie").fill(aujourdhui.isoformat())
    _champ(page, "Motif de sortie").select_option(e.MotifSortie.EMPLOI_DURABLE)
    page.get_by_role("group", name="Situation à la sortie (FSE+)").get_by_text(
        "En emploi (y compris indépendant)", exact=True
    ).click()
    page.get_by_role("button", name="Enregistrer").click()
    _message_succes(page, "La sortie est enregistrée.")
    parcours.refresh_from_db()
    assert (parcours.etat, parcours.motif_sortie) == (e.EtatParcours.SORTI, e.MotifSortie.EMPLOI_DURABLE)
    assert parcours.sortie.suivi_6_mois_echeance > aujourdhui

    # 10. Six mois plus tard : le suivi à 6 mois.
    _six_mois_plus_tard(personne)
    page.goto(url + reverse("accompagnement:personne", args=[personne.pk]))
    page.get_by_role("link", name="Suivi à 6 mois").click()
    _champ(page, "Suivi fait le").fill(aujourdhui.isoformat())
    page.get_by_role("group", name=re.compile("emploi")).get_by_text("Oui", exact=True).click()
    page.get_by_role("group", name=re.compile("améliorée")).get_by_text("Oui", exact=True).click()
    page.get_by_role("button", name="Enregistrer").click()
    _message_succes(page, "Le suivi à 6 mois est enregistré.")
    sortie = Sortie.objects.get(parcours=parcours)
    assert (sortie.suivi_6_mois_fait_le, sortie.emploi_6_mois, sortie.situation_amelioree_6_mois) == (
        aujourdhui,
        True,
        True,
    )

    # La chronologie raconte tout le parcours, dans l'ordre.
    types = list(Evenement.objects.filter(personne=personne).order_by("date", "pk").values_list("type", flat=True))
    for attendu in (
        e.TypeEvenement.PERSONNE_CREEE,
        e.TypeEvenement.ORIENTATION_PROPOSEE,
        e.TypeEvenement.ORIENTATION_TRAITEE,
        e.TypeEvenement.DIAGNOSTIC,
        e.TypeEvenement.ENTREE,
        e.TypeEvenement.PLAN_SIGNE,
        e.TypeEvenement.CONTACT,
        e.TypeEvenement.RENOUVELLEMENT,
        e.TypeEvenement.SORTIE,
        e.TypeEvenement.SUIVI_6_MOIS,
    ):
        assert attendu in types, attendu
    page.get_by_role("heading", name="Chronologie").wait_for()
    assert "Suivi à 6 mois enregistré" in page.inner_text("main")
