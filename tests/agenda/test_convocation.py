"""Convocation postale (PDF) d'un rendez-vous, pour la personne sans courriel ni téléphone."""

import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from binome.agenda import convocation
from binome.agenda.enums import StatutRendezVous
from binome.confiance.models import Action, EntreeJournal
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

OBJET_SECRET = "Dettes de loyer et suivi psychiatrique"


def _rendez_vous(personas, **champs):
    territoire = personas.cantal
    territoire.agence.telephone = "04 71 60 00 00"
    territoire.agence.adresse = "3 avenue du Docteur Mallet"
    territoire.agence.save()
    personne = personne_du(
        territoire,
        prenom="Léa",
        nom="Martin",
        courriel="",
        telephone="",
        adresse="8 rue des Lilas",
        complement_adresse="Bâtiment C",
    )
    parcours = parcours_du_binome(personas, personne=personne)
    return RendezVousFactory(
        parcours=parcours,
        organisateur=personas.conseiller,
        professionnels=[personas.conseiller, personas.travailleur_social],
        objet=OBJET_SECRET,
        **champs,
    )


def _html(rendez_vous) -> str:
    return render_to_string("agenda/convocation.html", convocation.contexte(rendez_vous))


def test_convocation_pdf_journalisee(personas, client_de, tmp_path):
    rdv = _rendez_vous(personas)
    reponse = client_de(personas.conseiller).get(reverse("agenda:convocation", args=[rdv.pk]))

    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"] == f'attachment; filename="convocation-rendez-vous-{rdv.pk}.pdf"'
    assert reponse.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):  # poppler-utils : le texte du PDF lui-même
        fichier = tmp_path / "convocation.pdf"
        fichier.write_bytes(reponse.content)
        texte = subprocess.run(
            ["pdftotext", "-layout", str(fichier), "-"], capture_output=True, check=True, timeout=60
        ).stdout.decode()
        assert "mercredi 5 mars 2025" in texte and "Léa Martin" in texte
        assert "Dettes" not in texte
    entree = EntreeJournal.objects.get(route="agenda:convocation")
    assert (entree.action, entree.personne_id, entree.acteur_id) == (
        Action.IMPRESSION,
        rdv.parcours.personne_id,
        personas.conseiller.pk,
    )


def test_le_courrier_dit_quand_ou_qui_prevenir_sans_l_objet(personas):
    rdv = _rendez_vous(personas)
    html = _html(rdv)
    agence = personas.cantal.agence
    for attendu in (
        agence.nom,  # en-tête de la structure
        "3 avenue du Docteur Mallet",
        "Léa Martin",  # adresse de la personne
        "8 rue des Lilas",
        "Bâtiment C",
        f"{rdv.parcours.personne.commune.code_postal} {rdv.parcours.personne.commune.nom}",
        "Objet : rendez-vous d'accompagnement",
        "mercredi 5 mars 2025",
        "10 h 30",
        "45 minutes",
        "Agence France Travail, 12 rue de la Gare",
        "au 04 71 60 00 00",  # qui prévenir en cas d'empêchement
        personas.conseiller.email,
        "Information sur vos données",  # mention RGPD
        "/donnees-personnelles/",
    ):
        assert attendu in html, attendu
    for mot in ("Dettes", "loyer", "psychiatrique"):
        assert mot not in html


def test_convocation_refusee_hors_du_dossier_et_apres_annulation(personas, client_de):
    rdv = _rendez_vous(personas)
    adresse = reverse("agenda:convocation", args=[rdv.pk])
    assert client_de(personas.conseiller_calvados).get(adresse).status_code == 404
    rdv.statut, rdv.annule_le = StatutRendezVous.ANNULE, timezone.now()
    rdv.save()
    assert client_de(personas.conseiller).get(adresse).status_code == 404
    assert client_de(personas.conseiller).post(adresse).status_code == 405


def test_le_bloc_de_la_page_du_rendez_vous_propose_la_convocation(personas):
    rdv = _rendez_vous(personas)
    bloc = render_to_string("agenda/_convocation.html", {"rendez_vous": rdv})
    assert reverse("agenda:convocation", args=[rdv.pk]) in bloc
    assert "ni courriel ni téléphone" in bloc
    personne = rdv.parcours.personne
    personne.courriel = "lea.martin@exemple.fr"
    personne.save()
    bloc = render_to_string("agenda/_convocation.html", {"rendez_vous": rdv})
    assert "ni courriel ni téléphone" not in bloc and "Convocation postale (PDF)" in bloc
