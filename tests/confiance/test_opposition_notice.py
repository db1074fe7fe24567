"""Opposition et notice d'information (issue 12, point 23) : motif obligatoire, bandeau sur la fiche, examen par
l'administrateur départemental (liste, compteur, courriel), historique des remises de la notice."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from binome.accompagnement.models import RemiseNotice

pytestmark = pytest.mark.django_db
D = datetime.date


def _url(nom, personne):
    return reverse(f"confiance:{nom}", kwargs={"personne_pk": personne.pk})


def _opposer(client, personne, **donnees):
    return client.post(_url("opposition_enregistrer", personne), {"date": "2025-03-02", "informee": "on", **donnees})


def test_opposition_exige_un_motif_et_s_affiche_sur_la_fiche(monde, client_de):
    personne = monde.cantal.personne
    client = client_de(monde.personas.conseiller)
    reponse = _opposer(client, personne)
    assert reponse.status_code == 400 and "Indiquez le motif de l&#x27;opposition." in reponse.content.decode()
    personne.refresh_from_db()
    assert personne.opposition_le is None
    assert _opposer(client, personne, motif="Refuse le partage avec le Département").status_code == 302
    personne.refresh_from_db()
    assert personne.opposition_motif == "Refuse le partage avec le Département"
    fiche = client.get(reverse("accompagnement:personne", args=[personne.pk])).content.decode()
    assert 'id="bandeau-opposition"' in fiche
    assert "Opposition au traitement exprimée le 02/03/2025" in fiche and "Refuse le partage" in fiche


def test_l_administrateur_est_prevenu_et_examine(monde, client_de, django_capture_on_commit_callbacks):
    personne = monde.cantal.personne
    with django_capture_on_commit_callbacks(execute=True):
        _opposer(client_de(monde.personas.conseiller), personne, motif="Ne souhaite plus être suivie")
    # Courriel aux administrateurs du département (et à eux seuls).
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [monde.personas.admin.email]
    assert "opposition" in mail.outbox[0].subject.lower()
    admin = client_de(monde.personas.admin)
    page = admin.get(reverse("confiance:oppositions")).content.decode()
    assert "Ne souhaite plus être suivie" in page and 'id="compteur-oppositions">1<' in page
    assert "1 opposition à examiner" in admin.get("/").content.decode()
    # L'administrateur du Calvados ne la voit pas ; le conseiller n'a pas cette liste.
    assert (
        "Ne souhaite plus"
        not in client_de(monde.personas.admin_calvados).get(reverse("confiance:oppositions")).content.decode()
    )
    assert client_de(monde.personas.conseiller).get(reverse("confiance:oppositions")).status_code == 403
    # Examen : l'opposition sort de la liste « à examiner ».
    admin = client_de(monde.personas.admin)
    assert admin.post(_url("opposition_examiner", personne), {"note": "Vu avec le DPO"}).status_code == 302
    personne.refresh_from_db()
    assert personne.opposition_examinee_par == monde.personas.admin and personne.opposition_examinee_le
    assert 'id="compteur-oppositions">0<' in admin.get(reverse("confiance:oppositions")).content.decode()


def test_la_notice_garde_l_historique_des_remises(monde, client_de):
    personne = monde.cantal.personne
    client = client_de(monde.personas.travailleur_social)
    client.post(_url("notice_enregistrer", personne), {"date": "2025-03-01"})
    client.post(_url("notice_enregistrer", personne), {"date": "2025-09-15"})
    personne.refresh_from_db()
    assert personne.notice_remise_le == D(2025, 9, 15)
    assert list(RemiseNotice.objects.filter(personne=personne).order_by("date").values_list("date", flat=True)) == [
        D(2025, 3, 1),
        D(2025, 9, 15),
    ]
    page = client.get(_url("droits_personne", personne)).content.decode()
    assert "01/03/2025" in page and "15/09/2025" in page


def test_la_date_saisie_dans_la_fiche_s_ajoute_aussi_a_l_historique(monde):
    from binome.accompagnement import services

    personne = monde.cantal.personne
    services.personne_modifier(acteur=monde.personas.conseiller, personne=personne, notice_remise_le=D(2025, 2, 1))
    services.personne_modifier(acteur=monde.personas.conseiller, personne=personne, notice_remise_le=D(2025, 4, 1))
    dates = RemiseNotice.objects.filter(personne=personne).order_by("date").values_list("date", flat=True)
    assert list(dates) == [D(2025, 2, 1), D(2025, 4, 1)]
