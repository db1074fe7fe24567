"""Publication d'une action collective dans l'annuaire : un service data·inclusion « atelier », conforme au schéma,
présent dans l'export du département ; droits ; retrait et republication sous le même identifiant ; boutons."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from binome.collectif import publication
from binome.collectif.enums import Organisateur, ThemeAction
from binome.collectif.models import ActionCollective
from binome.collectif.services.publication import action_depublier, action_publier, service_publie_maintenir
from binome.ressources import datainclusion as di
from binome.ressources.exportation import exporter_departement
from binome.ressources.models import Service, StatutService, Structure
from tests.collectif.factories import ActionCollectiveFactory
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


def _action(personas, **champs) -> ActionCollective:
    champs.setdefault("organisation", personas.cantal.unite)
    return ActionCollectiveFactory(
        departement=personas.cantal.departement,
        titre="Café santé",
        public="Personnes accompagnées du Cantal",
        cree_par=personas.travailleur_social,
        **champs,
    )


def test_publiee_par_l_administrateur_un_atelier_conforme_dans_l_export(personas):
    action = _action(personas)
    service = action_publier(acteur=personas.admin, action=action)

    action.refresh_from_db()
    assert action.service_id == service.pk and service.pk.startswith("binome--cafe-sante-")
    assert (service.type, service.frais, service.statut) == ("atelier", "gratuit", StatutService.PUBLIE)
    assert "sante--acces-aux-soins" in service.thematiques
    assert service.zone_eligibilite == ["15"] and service.departement_id == "15"
    assert service.mobilisable_par == ["professionnels"] and service.publics_precisions.startswith("Personnes")
    structure = service.structure
    assert structure.organisation_id == personas.cantal.unite.pk and structure.nom == personas.cantal.unite.nom
    di.valider_service(di.service_vers_di(service))
    di.valider_structure(di.structure_vers_di(structure))
    export = exporter_departement("15")
    assert service.pk in {s["id"] for s in export.services} and export.ecartes == []
    assert structure.pk in {s["id"] for s in export.structures}
    assert service.history.count() == 1 and service.history.first().history_user == personas.admin


def test_theme_emploi_et_structure_partenaire(personas):
    partenaire = rf.structure(nom="Association Tremplin", departement_id="15")
    action = _action(personas, theme=ThemeAction.EMPLOI, organisateur=Organisateur.PARTENAIRE, structure=partenaire)
    service = action_publier(acteur=personas.admin, action=action)
    assert service.structure_id == partenaire.pk
    assert service.thematiques == sorted(publication.THEMATIQUES_EMPLOI)
    assert Structure.objects.count() == 1


def test_structure_de_l_organisation_reutilisee(personas):
    existante = rf.structure(nom="MDS de Saint-Flour", organisation=personas.cantal.unite)
    premiere, seconde = _action(personas), _action(personas)
    for action in (premiere, seconde):
        action_publier(acteur=personas.admin, action=action)
    assert {a.service.structure_id for a in (premiere, seconde)} == {existante.pk}


def test_professionnel_de_l_organisation_publie_a_valider(personas):
    service = action_publier(acteur=personas.travailleur_social, action=_action(personas))
    assert service.statut == StatutService.A_VALIDER
    assert exporter_departement("15").services == []


@pytest.mark.parametrize("persona", ["pilote", "conseiller", "admin_calvados", "partenaire", "pilote_national"])
def test_qui_ne_peut_pas_publier(personas, persona):
    action = _action(personas)
    action.cree_par = personas.admin
    with pytest.raises(PermissionDenied):
        action_publier(acteur=getattr(personas, persona), action=action)
    assert not Service.objects.exists()


def test_retrait_puis_republication_meme_identifiant_fiche_mise_a_jour(personas):
    action = _action(personas)
    service = action_publier(acteur=personas.admin, action=action)
    action_depublier(acteur=personas.travailleur_social, action=action)
    service.refresh_from_db()
    assert service.statut == StatutService.MASQUE and exporter_departement("15").services == []
    assert not publication.est_publiee(action)

    action.titre = "Café santé du jeudi"
    action.save()
    republie = action_publier(acteur=personas.admin, action=action)
    assert republie.pk == service.pk and republie.statut == StatutService.PUBLIE
    assert republie.nom == "Café santé du jeudi" and republie.motif_moderation == ""


def test_maintenir_ne_publie_pas_une_action_jamais_publiee(personas):
    action = _action(personas)
    assert service_publie_maintenir(acteur=personas.admin, action=action) is None
    assert not Service.objects.exists()


@pytest.mark.urls("tests.collectif.urls_publication")
def test_vues_publier_retirer_et_refus(personas, client_de):
    action = _action(personas)
    retour = "/actions-collectives/"
    url = reverse("collectif:action_publier", kwargs={"pk": action.pk})
    assert client_de(personas.admin_calvados).post(url, {"suivant": retour}).status_code == 404
    assert client_de(personas.admin).get(url).status_code == 405
    reponse = client_de(personas.admin).post(url, {"suivant": "https://ailleurs.example/"})
    action.refresh_from_db()
    assert reponse.status_code == 302 and reponse["Location"] == f"/ressources/services/{action.service_id}/"
    reponse = client_de(personas.admin).post(
        reverse("collectif:action_depublier", kwargs={"pk": action.pk}), {"suivant": retour}
    )
    assert reponse["Location"] == retour
    assert Service.objects.get().statut == StatutService.MASQUE


@pytest.mark.urls("tests.collectif.urls_publication")
def test_gabarit_des_boutons(personas):
    action = _action(personas)
    requete = RequestFactory().get("/actions-collectives/1/")

    def rendu(peut):
        contexte = {"action": ActionCollective.objects.get(pk=action.pk), "peut_publier": peut, "request": requete}
        return render_to_string("collectif/_publication.html", contexte)

    assert "Publier dans l'annuaire" in rendu(True) and "<form" not in rendu(False)
    action_publier(acteur=personas.admin, action=action)
    html = rendu(True)
    assert "Retirer de l" in html and "Publiée comme atelier" in html
    assert reverse("collectif:action_depublier", kwargs={"pk": action.pk}) in html
