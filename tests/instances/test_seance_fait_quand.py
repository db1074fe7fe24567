"""Critère de l'issue 14 : une séance d'instance va de l'ordre du jour au procès-verbal, les décisions sont écrites
au parcours ; le membre (UDAF) ne voit que les dossiers de l'ordre du jour, que leur synthèse, et plus rien après
la décision."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.accompagnement import enums as ea
from binome.accompagnement.models import Evenement
from binome.confiance.models import EntreeJournal
from binome.instances import services
from binome.instances.enums import MotifInscription, NatureManquement, StatutManquement, SuiteManquement
from binome.instances.models import PointOrdreDuJour
from tests.accompagnement import factories as fa
from tests.instances.outils import instance_du_membre

pytestmark = pytest.mark.django_db

NOTE = "NOTEPRIVEESECRETE"


def _personne(personas, nom):
    # Des noms qu'aucune page ne contient par ailleurs : « nom absent du PV » ne peut pas échouer par hasard.
    return fa.personne_du(personas.cantal, nom=nom)


def _dossiers(personas):
    """Trois dossiers du Cantal : un manquement d'un bénéficiaire du RSA, un renouvellement, un dossier hors
    ordre du jour (que le membre ne doit jamais voir)."""
    aujourdhui = timezone.localdate()
    rsa = fa.parcours_du_binome(
        personas, personne=_personne(personas, "Aubrac"), date_entree=aujourdhui - datetime.timedelta(days=60)
    )
    rsa.date_fin_prevue = aujourdhui + datetime.timedelta(days=300)
    rsa.save()
    renouvellement = fa.parcours_du_binome(
        personas, personne=_personne(personas, "Salers"), date_entree=aujourdhui - datetime.timedelta(days=340)
    )
    renouvellement.date_fin_prevue = aujourdhui + datetime.timedelta(days=20)
    renouvellement.save()
    hors = fa.parcours_du_binome(
        personas, personne=_personne(personas, "Mandailles"), date_entree=aujourdhui - datetime.timedelta(days=30)
    )
    hors.date_fin_prevue = aujourdhui + datetime.timedelta(days=330)
    hors.save()
    fa.NotePriveeFactory(personne=rsa.personne, parcours=rsa, texte=NOTE, auteur=personas.travailleur_social)
    return rsa, renouvellement, hors


def _preparer(personas, client_de, rsa):
    """Constat et invitation (référent), séance et ordre du jour (administratrice), synthèses (référent)."""
    manquement = services.manquement_constater(
        acteur=personas.conseiller,
        parcours=rsa,
        date=timezone.localdate() - datetime.timedelta(days=5),
        nature=NatureManquement.RENDEZ_VOUS,
        constat="Deux rendez-vous manqués sans motif.",
    )
    services.invitation_enregistrer(acteur=personas.conseiller, manquement=manquement, invitee_le=timezone.localdate())
    instance = instance_du_membre(personas)
    admin = client_de(personas.admin)
    reponse = admin.post(
        reverse("instances:seance_creer", kwargs={"pk": instance.pk}),
        {
            "date": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
            "heure": "14:00",
            "lieu": "Aurillac",
        },
    )
    seance = instance.seances.get()
    assert reponse.status_code == 302
    page = admin.get(reverse("instances:seance", kwargs={"pk": seance.pk})).content.decode()
    assert "Manquement au contrat" in page and "Renouvellement" in page
    admin.post(reverse("instances:inscrire_candidat", kwargs={"pk": seance.pk}), {"parcours": rsa.pk})
    return manquement, seance


def test_de_l_ordre_du_jour_au_proces_verbal(personas, client_de):
    rsa, renouvellement, hors = _dossiers(personas)
    manquement, seance = _preparer(personas, client_de, rsa)
    admin = client_de(personas.admin)
    admin.post(reverse("instances:inscrire_candidat", kwargs={"pk": seance.pk}), {"parcours": renouvellement.pk})
    points = {p.parcours_id: p for p in PointOrdreDuJour.objects.filter(seance=seance)}
    assert set(points) == {rsa.pk, renouvellement.pk}
    assert points[rsa.pk].motif == MotifInscription.MANQUEMENT and points[rsa.pk].manquement == manquement
    assert points[renouvellement.pk].motif == MotifInscription.RENOUVELLEMENT
    # Le référent ajoute un dossier qu'il suit, avec un motif, et rédige les synthèses.
    conseiller = client_de(personas.conseiller)
    conseiller.post(
        reverse("instances:inscrire", kwargs={"pk": seance.pk}),
        {"parcours": hors.pk, "precision": "Besoin d'un regard croisé"},
    )
    ajoute = PointOrdreDuJour.objects.get(seance=seance, parcours=hors)
    assert ajoute.motif == MotifInscription.AJOUT_REFERENT
    for point in PointOrdreDuJour.objects.filter(seance=seance):
        conseiller.post(
            reverse("instances:synthese", kwargs={"pk": point.pk}), {"synthese": f"Synthèse {point.reference}"}
        )
    # La séance se tient : présents, avis et décisions, puis le procès-verbal.
    with freeze_time(seance.date + datetime.timedelta(hours=2)):
        admin = client_de(personas.admin)
        membre_ep = seance.instance.membres.get(utilisateur=personas.membre_instance)
        admin.post(reverse("instances:presents", kwargs={"pk": seance.pk}), {"presents": [membre_ep.pk]})
        for point in PointOrdreDuJour.objects.filter(seance=seance):
            donnees = {"avis": "Avis favorable", "decision": f"Décision pour {point.reference}", "suites": "Revoir"}
            if point.motif == MotifInscription.MANQUEMENT:
                donnees["avis_manquement"] = SuiteManquement.SUSPENSION_REMOBILISATION
            assert admin.post(reverse("instances:decision", kwargs={"pk": point.pk}), donnees).status_code == 302
        assert admin.post(reverse("instances:cloturer", kwargs={"pk": seance.pk})).status_code == 302
        # Les décisions sont à la chronologie de chaque parcours.
        for point in PointOrdreDuJour.objects.filter(seance=seance):
            evenement = Evenement.objects.get(parcours=point.parcours, type=ea.TypeEvenement.INSTANCE_DECISION)
            assert f"Décision pour {point.reference}" in evenement.libelle
        # Le procès-verbal : références, présents, avis et décisions ; jamais le nom ni la synthèse.
        pv = admin.get(reverse("instances:proces_verbal", kwargs={"pk": seance.pk})).content.decode()
        for point in PointOrdreDuJour.objects.filter(seance=seance):
            assert point.reference in pv and f"Décision pour {point.reference}" in pv
            assert point.parcours.personne.nom not in pv and f"Synthèse {point.reference}" not in pv
        assert "Ursule Udaf" in pv and "Suspension-remobilisation" in pv
        pdf = admin.get(reverse("instances:proces_verbal_pdf", kwargs={"pk": seance.pk}))
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        # Décision du président, puis remobilisation qui lève la suspension.
        manquement.refresh_from_db()
        assert manquement.statut == StatutManquement.AVIS_RENDU
        services.sanction_decider(
            acteur=personas.admin,
            manquement=manquement,
            decision=SuiteManquement.SUSPENSION_REMOBILISATION,
            decision_le=timezone.localdate(),
            taux=50,
            duree_mois=2,
            suspension_debut=timezone.localdate(),
        )
        services.remobilisation_enregistrer(
            acteur=personas.conseiller, manquement=manquement, remobilise_le=timezone.localdate()
        )
        manquement.refresh_from_db()
        assert manquement.statut == StatutManquement.REMOBILISE
        types = set(Evenement.objects.filter(parcours=rsa).values_list("type", flat=True))
        assert {
            ea.TypeEvenement.MANQUEMENT,
            ea.TypeEvenement.MANQUEMENT_DECISION,
            ea.TypeEvenement.REMOBILISATION,
        } <= types


def test_le_membre_ne_voit_que_l_ordre_du_jour_et_la_synthese_jusqu_a_la_decision(personas, client_de):
    rsa, renouvellement, hors = _dossiers(personas)
    manquement, seance = _preparer(personas, client_de, rsa)
    point = PointOrdreDuJour.objects.get(seance=seance, parcours=rsa)
    services.synthese_rediger(acteur=personas.conseiller, point=point, synthese="SYNTHESEVISIBLE")
    membre = client_de(personas.membre_instance)
    # L'ordre du jour : la référence du seul dossier inscrit.
    page = membre.get(reverse("instances:seance", kwargs={"pk": seance.pk})).content.decode()
    assert point.reference in page
    # Le dossier : la synthèse, rien d'autre (ni nom, ni note privée, ni constat du manquement, ni lien au parcours).
    reponse = membre.get(reverse("instances:point", kwargs={"pk": point.pk}))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200 and "SYNTHESEVISIBLE" in contenu
    lien_parcours = reverse("accompagnement:parcours", kwargs={"pk": rsa.pk})
    for interdit in (rsa.personne.nom, rsa.personne.prenom, NOTE, manquement.constat, lien_parcours):
        assert interdit not in contenu
    # Chaque ouverture est au journal des accès, rattachée à la personne.
    entree = EntreeJournal.objects.filter(route="instances:point").get()
    assert entree.acteur_id == personas.membre_instance.pk and entree.personne_id == rsa.personne_id
    # Aucun autre dossier : ni celui hors ordre du jour, ni le parcours, ni le manquement.
    for route, kwargs in (
        ("accompagnement:parcours", {"pk": rsa.pk}),
        ("accompagnement:personne", {"pk": hors.personne.pk}),
        ("instances:manquement", {"pk": manquement.pk}),
        ("instances:manquements", {"parcours_pk": rsa.pk}),
        ("instances:synthese", {"pk": point.pk}),
        ("instances:decision", {"pk": point.pk}),
    ):
        assert membre.get(reverse(route, kwargs=kwargs)).status_code in (403, 404), route
    # Après la décision : plus rien.
    with freeze_time(seance.date + datetime.timedelta(hours=1)):
        services.decision_enregistrer(
            acteur=personas.admin,
            point=point,
            decision="Suspension proposée",
            avis_manquement=SuiteManquement.CLASSEMENT,
        )
        membre = client_de(personas.membre_instance)
        assert membre.get(reverse("instances:point", kwargs={"pk": point.pk})).status_code == 404
        page = membre.get(reverse("instances:seance", kwargs={"pk": seance.pk})).content.decode()
        assert "SYNTHESEVISIBLE" not in page
        assert reverse("instances:point", kwargs={"pk": point.pk}) not in page
        # Le référent, lui, garde le dossier (et sa chronologie).
        assert (
            client_de(personas.conseiller).get(reverse("instances:point", kwargs={"pk": point.pk})).status_code == 200
        )


def test_un_membre_retire_ou_sans_habilitation_ne_voit_plus_rien(personas, client_de):
    rsa, _renouvellement, _hors = _dossiers(personas)
    _manquement, seance = _preparer(personas, client_de, rsa)
    point = PointOrdreDuJour.objects.get(seance=seance, parcours=rsa)
    siege = seance.instance.membres.get(utilisateur=personas.membre_instance)
    services.membre_retirer(acteur=personas.admin, membre=siege)
    membre = client_de(personas.membre_instance)
    assert membre.get(reverse("instances:point", kwargs={"pk": point.pk})).status_code == 404
    assert membre.get(reverse("instances:seance", kwargs={"pk": seance.pk})).status_code == 404
    assert membre.get(reverse("instances:liste")).status_code == 403
