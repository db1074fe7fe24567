"""De l'accompagnement vers l'annuaire : liens pré-filtrés depuis les freins et les actions, service rattaché."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accompagnement import enums as e
from binome.accompagnement.contenu_plan import contenu_du_plan
from binome.ressources import referentiels as ref
from binome.ressources import selectors as selecteurs_annuaire
from tests.accompagnement import factories as af
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db

TROUVER = "Trouver un service"
RATTACHER = "Rattacher un service de l'annuaire"


def _liens(contenu: str, libelle: str) -> list[str]:
    """Les adresses des liens dont le texte est ``libelle``."""
    motif = re.compile(r'<a[^>]*href="([^"]+)"[^>]*>\s*' + re.escape(libelle) + r"\s*</a>")
    return [html.unescape(url) for url in motif.findall(html.unescape(contenu).replace("&#x27;", "'"))]


@pytest.fixture
def diagnostic(personas):
    parcours = af.parcours_du_binome(personas, personne=af.personne_du(personas.cantal, prenom="Julie"))
    diag = af.DiagnosticFactory(parcours=parcours)
    situation = af.ElementReferentielFactory(type=e.TypeElementReferentiel.SITUATION, libelle="Permis en cours")
    mobilite = af.FreinDiagnosticFactory(
        diagnostic=diag, domaine=e.DomaineFrein.MOBILITE, niveau=e.NiveauFrein.FORT, precision="Détail intime"
    )
    mobilite.situations.add(situation)
    af.FreinDiagnosticFactory(diagnostic=diag, domaine=e.DomaineFrein.LOGEMENT, niveau=e.NiveauFrein.MOYEN)
    af.FreinDiagnosticFactory(diagnostic=diag, domaine=e.DomaineFrein.SANTE, niveau=e.NiveauFrein.SANS_IMPACT)
    return parcours


@pytest.mark.parametrize("nom", ["conseiller", "travailleur_social"])
def test_fiche_un_lien_par_frein_fort_ou_moyen_vers_l_annuaire_prefiltre(personas, client_de, diagnostic, nom):
    personne = diagnostic.personne
    client = client_de(getattr(personas, nom))
    contenu = client.get(reverse("accompagnement:personne", args=[personne.pk])).content.decode()
    liens = _liens(contenu, TROUVER)
    # MOBILITE (fort) et LOGEMENT (moyen), pas SANTE (sans impact).
    assert len(liens) == 2
    parametres = [parse_qs(urlsplit(url).query) for url in liens]
    assert sorted(p["frein"][0] for p in parametres) == ["LOGEMENT", "MOBILITE"]
    assert all(urlsplit(url).path == reverse("ressources:recherche") for url in liens)
    assert all(p["commune"] == [personne.commune_id] and p["personne"] == [str(personne.pk)] for p in parametres)
    # La recherche ouverte porte la commune de la personne et les thématiques du frein.
    reponse = client.get(next(url for url in liens if "frein=MOBILITE" in url))
    assert reponse.status_code == 200
    assert reponse.context["form"].cleaned_data["commune"] == personne.commune
    attendues = selecteurs_annuaire.thematiques_du_frein("MOBILITE", personne.departement_id)
    assert attendues and reponse.context["thematiques_frein"] == ref.libelles("thematiques", attendues)


def test_le_lien_du_cote_france_travail_ne_porte_que_le_domaine(personas, client_de, diagnostic):
    contenu = (
        client_de(personas.conseiller)
        .get(reverse("accompagnement:personne", args=[diagnostic.personne.pk]))
        .content.decode()
    )
    assert "Détail intime" not in contenu and "Permis en cours" not in contenu
    assert all(":" not in parse_qs(urlsplit(url).query)["frein"][0] for url in _liens(contenu, TROUVER))


def _plan(personas, nb_actions, service=None):
    parcours = af.parcours_du_binome(personas, personne=af.personne_du(personas.cantal, prenom="Julie"))
    plan = af.PlanActionFactory(parcours=parcours)
    objectif = af.ObjectifFactory(plan=plan)
    actions = [
        af.ActionFactory(
            plan=plan,
            objectif=objectif if i % 2 else None,
            service_ressource_id=service.pk if service is not None else None,
        )
        for i in range(nb_actions)
    ]
    return parcours, actions


def test_plan_brouillon_rattacher_un_service_et_service_affiche(personas, client_de):
    service = rf.service(nom="Auto-école sociale de Saint-Flour")
    parcours, actions = _plan(personas, 2, service)
    sans_service = af.ActionFactory(plan=actions[0].plan)
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:plan", args=[parcours.pk])).content.decode()
    liens = _liens(contenu, RATTACHER)
    assert len(liens) == 3
    parametres = [parse_qs(urlsplit(url).query) for url in liens]
    assert sorted(int(p["action"][0]) for p in parametres) == sorted([a.pk for a in actions] + [sans_service.pk])
    assert all(p["commune"] == [parcours.personne.commune_id] for p in parametres)
    # Le nom du service rattaché, avec le lien vers sa fiche.
    assert (
        _liens(contenu, "Auto-école sociale de Saint-Flour") == [reverse("ressources:service", args=[service.pk])] * 2
    )


def test_service_retire_signale_sans_lien(personas, client_de):
    parcours, actions = _plan(personas, 1)
    actions[0].service_ressource_id = "source--inconnu"
    actions[0].save()
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:plan", args=[parcours.pk])).content.decode()
    contenu = " ".join(html.unescape(contenu).split())
    assert "Service de l'annuaire retiré ou non publié (source--inconnu)" in contenu
    assert reverse("ressources:service", args=["source--inconnu"]) not in contenu


def test_plan_signe_sans_lien_de_rattachement_et_autre_departement_refuse(personas, client_de):
    parcours, actions = _plan(personas, 1)
    plan = actions[0].plan
    plan.copie_figee = contenu_du_plan(plan)
    plan.signe_le = plan.cree_le.date()
    plan.save()
    reponse = client_de(personas.conseiller).get(reverse("accompagnement:plan", args=[parcours.pk]))
    assert reponse.status_code == 200 and "contenu" in reponse.context
    assert not _liens(reponse.content.decode(), RATTACHER)
    for nom in ("conseiller_calvados", "pilote", "partenaire"):
        url = reverse("accompagnement:plan", args=[parcours.pk])
        assert client_de(getattr(personas, nom)).get(url).status_code == 404, nom


def test_plan_nombre_de_requetes_constant(personas, client_de, django_assert_max_num_queries):
    service = rf.service(nom="Auto-école sociale")
    client = client_de(personas.conseiller)
    mesures = []
    for nb in (2, 12):
        parcours, _actions = _plan(personas, nb, service)
        url = reverse("accompagnement:plan", args=[parcours.pk])
        client.get(url)  # met en cache ce qui ne dépend pas de la page
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(url).status_code == 200
        mesures.append(len(requetes))
    assert mesures[0] == mesures[1], mesures
    with django_assert_max_num_queries(mesures[0]):
        client.get(url)
