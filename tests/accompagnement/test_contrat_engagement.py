"""Contrat d'engagement (issue 13, point 7) : un vrai document imprimable et en PDF, avec les services rattachés
(nom, adresse, téléphone), la date et le lieu de signature, l'en-tête, les trois signatures et la mention RGPD.

Le PDF est produit par ``binome.core.pdf`` à partir du même contexte (``selectors.contrat_engagement``) que la page
imprimable : le texte est vérifié sur le HTML rendu par ce contexte, et sur le PDF avec ``pdftotext`` s'il est
installé ; sinon le PDF est vérifié par sa signature et son nombre de pages.
"""

import datetime
import re
import shutil
import subprocess
import zlib

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import CotePlan, Porteur
from binome.accompagnement.models import PlanAction
from binome.confiance.models import Action, EntreeJournal
from tests.accompagnement.factories import parcours_du_binome
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db
SIGNE_LE = datetime.date(2025, 3, 10)


@pytest.fixture
def contrat(personas):
    """Un plan signé à Saint-Flour le 10/03/2025, dont une action est rattachée à un service de l'annuaire."""
    parcours = parcours_du_binome(personas, date_reperage=datetime.date(2025, 1, 6))
    service = rf.service(
        nom="Garage solidaire du Cantal",
        adresse="4 rue des Forgerons",
        code_postal="15100",
        commune="Saint-Flour",
        telephone="04 71 60 00 01",
    )
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    objectif = services.objectif_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        libelle_libre="Accéder à un moyen de transport",
        cote=CotePlan.SOCIAL,
        porteur=Porteur.REFERENT_SOCIAL,
    )
    services.action_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        objectif=objectif,
        libelle_libre="Réparer la voiture",
        cote=CotePlan.PARTENAIRE,
        porteur=Porteur.PARTENAIRE,
        service_ressource_id=service.pk,
    )
    plan.refresh_from_db()
    services.plan_signer(
        acteur=personas.conseiller,
        plan=plan,
        revision=plan.revision,
        signe_le=SIGNE_LE,
        lieu_signature="Saint-Flour",
    )
    return parcours


ATTENDUS = (
    "Contrat d'engagement réciproque",
    "Département — Cantal",
    "France Travail",
    "Garage solidaire du Cantal",
    "4 rue des Forgerons, 15100 Saint-Flour",
    "04 71 60 00 01",
    "Saint-Flour",
    "10/03/2025",
    "La personne accompagnée",
    "Le conseiller France Travail",
    "Le référent social",
    "Données personnelles",
)


def _html(acteur, parcours) -> str:
    contexte = selectors.contrat_engagement(acteur, parcours, 1)
    return render_to_string("accompagnement/suivi/contrat_pdf.html", contexte)


def test_le_document_porte_services_signature_entete_et_rgpd(personas, contrat):
    html = _html(personas.travailleur_social, contrat).replace("&#x27;", "'")
    for attendu in ATTENDUS:
        assert attendu in html, attendu
    assert "Accéder à un moyen de transport" in html and "Réparer la voiture" in html
    assert str(contrat.personne) in html
    assert 'href="/static/binome/css/contrat.css"' in html
    assert PlanAction.objects.get(parcours=contrat).copie_figee["lieu_signature"] == "Saint-Flour"


def test_un_brouillon_laisse_le_lieu_et_la_date_a_remplir(personas):
    parcours = parcours_du_binome(personas)
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    services.objectif_ajouter(
        acteur=personas.conseiller, plan=plan, libelle_libre="Objectif", cote=CotePlan.EMPLOI, porteur=Porteur.PERSONNE
    )
    html = _html(personas.conseiller, parcours)
    assert "à signer" in html
    assert html.count("binome-contrat__a-remplir") == 2


def test_contact_reserve_aux_professionnels_absent_du_contrat(personas, contrat):
    from binome.ressources.models import Service

    Service.objects.update(contact_reserve_professionnels=True)
    html = _html(personas.conseiller, contrat)
    assert "Garage solidaire du Cantal" in html
    assert "04 71 60 00 01" not in html


def test_page_imprimable(personas, contrat, client_de):
    reponse = client_de(personas.conseiller).get(
        reverse("accompagnement:plan_imprimer", kwargs={"parcours_pk": contrat.pk, "version": 1})
    )
    page = reponse.content.decode().replace("&#x27;", "'")
    assert reponse.status_code == 200
    for attendu in ATTENDUS:
        assert attendu in page, attendu
    assert "fr-header" not in page
    assert "binome/css/contrat.css" in page and "binome/css/impression.css" in page
    assert reverse("accompagnement:plan_pdf", kwargs={"parcours_pk": contrat.pk, "version": 1}) in page


def _pages(pdf: bytes) -> int:
    """Nombre d'objets ``/Type /Page`` du PDF, y compris dans les flux d'objets compressés (PDF 1.7)."""
    texte = pdf
    for flux in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            texte += zlib.decompress(flux)
        except zlib.error:
            continue
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", texte))


def test_pdf(personas, contrat, client_de, tmp_path):
    url = reverse("accompagnement:plan_pdf", kwargs={"parcours_pk": contrat.pk, "version": 1})
    reponse = client_de(personas.travailleur_social).get(url)
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/pdf"
    assert f"contrat-engagement-{contrat.pk}-v1.pdf" in reponse["Content-Disposition"]
    pdf = reponse.content
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 5000 and _pages(pdf) >= 1
    entree = EntreeJournal.objects.get(route="accompagnement:plan_pdf")
    assert entree.action == Action.EXPORT and entree.personne_id == contrat.personne_id
    if shutil.which("pdftotext"):
        fichier = tmp_path / "contrat.pdf"
        fichier.write_bytes(pdf)
        texte = subprocess.run(["pdftotext", str(fichier), "-"], capture_output=True, text=True, check=True).stdout
        texte = " ".join(texte.split())
        for attendu in (
            "Garage solidaire du Cantal",
            "4 rue des Forgerons",
            "04 71 60 00 01",
            "Saint-Flour",
            "10/03/2025",
        ):
            assert attendu in texte, attendu


def test_pdf_refuse_hors_du_dossier(personas, contrat, client_de):
    url = reverse("accompagnement:plan_pdf", kwargs={"parcours_pk": contrat.pk, "version": 1})
    for persona in ("pilote", "conseiller_calvados", "partenaire"):
        assert client_de(getattr(personas, persona)).get(url).status_code in (403, 404), persona
    assert client_de(personas.conseiller).get(url.replace("/1/pdf/", "/9/pdf/")).status_code == 404


def test_lieu_propose_a_la_signature(personas, client_de):
    parcours = parcours_du_binome(personas)
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    services.objectif_ajouter(
        acteur=personas.conseiller, plan=plan, libelle_libre="Objectif", cote=CotePlan.EMPLOI, porteur=Porteur.PERSONNE
    )
    plan.refresh_from_db()
    client = client_de(personas.conseiller)
    url = reverse("accompagnement:plan_signer", kwargs={"parcours_pk": parcours.pk})
    page = client.get(url).content.decode()
    assert 'name="lieu_signature"' in page
    reponse = client.post(
        url, {"signe_le": "2025-03-10", "lieu_signature": "Aurillac", "confirmation": "on", "revision": plan.revision}
    )
    assert reponse.status_code == 302
    plan.refresh_from_db()
    assert plan.copie_figee["lieu_signature"] == "Aurillac"
