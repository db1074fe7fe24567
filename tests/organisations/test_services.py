"""Règles des écritures sur les organisations et les paramètres départementaux."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from binome.administration import services
from binome.comptes.selectors import habilitations
from binome.organisations.models import CategoriePartenaire, Organisation, ParametresDepartement, TypeOrganisation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_creer_une_agence_avec_ses_communes_et_l_historique(personas):
    communes = [personas.cantal.communes["murat"], personas.cantal.communes["saint_flour"]]
    agence = services.organisation_creer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        nom="France Travail Murat",
        type=TypeOrganisation.AGENCE_FT,
        communes=communes,
    )
    assert set(agence.communes.all()) == set(communes)
    assert agence.nom_normalise == "france travail murat"
    premiere = agence.history.earliest()
    assert premiere.history_user == personas.admin
    assert premiere.history_change_reason == "Organisation créée"
    # Les communes couvertes sont historisées avec l'organisation.
    assert {c.commune_id for c in agence.history.latest().communes.all()} == {c.code_insee for c in communes}


def test_l_admin_du_cantal_ne_cree_rien_dans_le_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.calvados.departement,
            nom="Intruse",
            type=TypeOrganisation.AGENCE_FT,
        )
    assert not Organisation.objects.filter(nom="Intruse").exists()


def test_les_communes_d_un_autre_departement_sont_refusees(personas):
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            nom="France Travail Murat",
            type=TypeOrganisation.AGENCE_FT,
            communes=[personas.calvados.communes["caen"]],
        )
    assert "Caen" in erreur.value.message_dict["communes"][0]
    assert not Organisation.objects.filter(nom="France Travail Murat").exists()


def test_une_structure_partenaire_a_une_categorie(personas):
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            nom="Association sans catégorie",
            type=TypeOrganisation.PARTENAIRE,
        )
    assert "categorie_partenaire" in erreur.value.message_dict
    partenaire = services.organisation_creer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        nom="Association avec catégorie",
        type=TypeOrganisation.PARTENAIRE,
        categorie_partenaire=CategoriePartenaire.ASSOCIATION,
    )
    assert partenaire.categorie_partenaire == CategoriePartenaire.ASSOCIATION


def test_une_unite_se_rattache_au_conseil_departemental_du_meme_departement(personas):
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.super_admin,
            departement=personas.cantal.departement,
            nom="MDS de Murat",
            type=TypeOrganisation.UNITE_ACTION_SOCIALE,
            parent=personas.calvados.cd,
        )
    assert "parent" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            nom="Agence rattachée",
            type=TypeOrganisation.AGENCE_FT,
            parent=personas.cantal.cd,
        )
    assert "parent" in erreur.value.message_dict


def test_nom_en_double_et_second_conseil_departemental_refuses(personas):
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            nom=personas.cantal.agence.nom.upper(),
            type=TypeOrganisation.AGENCE_FT,
        )
    assert "porte déjà ce nom" in erreur.value.message_dict["nom"][0]
    with pytest.raises(ValidationError) as erreur:
        services.organisation_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            nom="Autre conseil",
            type=TypeOrganisation.CONSEIL_DEPARTEMENTAL,
        )
    assert "déjà un conseil départemental" in erreur.value.message_dict["type"][0]


def test_modifier_remplace_les_communes_et_garde_le_departement(personas):
    agence = personas.cantal.agence
    services.organisation_modifier(
        acteur=personas.admin,
        organisation=agence,
        nom="France Travail Saint-Flour Planèze",
        type=agence.type,
        communes=[personas.cantal.communes["murat"]],
        courriel="contact@exemple.fr",
    )
    agence.refresh_from_db()
    assert agence.nom == "France Travail Saint-Flour Planèze"
    assert agence.departement_id == "15"
    assert list(agence.communes.values_list("code_insee", flat=True)) == ["15138"]
    assert agence.history.latest().history_change_reason == "Organisation modifiée"


def test_modifier_un_courriel_invalide_est_refuse(personas):
    with pytest.raises(ValidationError) as erreur:
        services.organisation_modifier(acteur=personas.admin, organisation=personas.cantal.agence, courriel="pas-un")
    assert "courriel" in erreur.value.message_dict


def test_l_admin_du_cantal_ne_modifie_pas_le_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.organisation_modifier(acteur=personas.admin, organisation=personas.calvados.agence, nom="Piratée")
    personas.calvados.agence.refresh_from_db()
    assert personas.calvados.agence.nom != "Piratée"


def test_desactiver_une_organisation_retire_l_acces_de_ses_membres(personas):
    assert habilitations(personas.conseiller)
    services.organisation_desactiver(acteur=personas.admin, organisation=personas.cantal.agence)
    personas.cantal.agence.refresh_from_db()
    assert personas.cantal.agence.active is False
    conseiller = type(personas.conseiller).objects.get(pk=personas.conseiller.pk)
    assert habilitations(conseiller) == []
    services.organisation_reactiver(acteur=personas.admin, organisation=personas.cantal.agence)
    conseiller = type(personas.conseiller).objects.get(pk=personas.conseiller.pk)
    assert len(habilitations(conseiller)) == 1


def test_pas_de_desactivation_de_sa_propre_organisation_ni_d_un_cd_avec_unites(personas):
    with pytest.raises(ValidationError, match="vous-même un rôle"):
        services.organisation_desactiver(acteur=personas.admin, organisation=personas.cantal.cd)
    with pytest.raises(ValidationError, match="unités d'action sociale"):
        services.organisation_desactiver(acteur=personas.super_admin, organisation=personas.cantal.cd)
    personas.cantal.cd.refresh_from_db()
    assert personas.cantal.cd.active is True


def test_l_admin_du_cantal_ne_desactive_pas_le_calvados(personas):
    with pytest.raises(PermissionDenied):
        services.organisation_desactiver(acteur=personas.admin, organisation=personas.calvados.partenaire)


def test_parametres_du_departement(personas):
    parametres = services.parametres_departement_modifier(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        libelle_unite_action_sociale="  UTAS ",
        duree_parcours_mois=18,
    )
    assert parametres.libelle_unite_action_sociale == "UTAS"
    assert ParametresDepartement.objects.get(departement_id="15").duree_parcours_mois == 18
    assert parametres.history.latest().history_user == personas.admin
    with pytest.raises(ValidationError) as erreur:
        services.parametres_departement_modifier(
            acteur=personas.admin, departement=personas.cantal.departement, portefeuille_min=120, portefeuille_max=80
        )
    assert "portefeuille_max" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.parametres_departement_modifier(
            acteur=personas.admin, departement=personas.cantal.departement, duree_parcours_mois=0
        )
    assert "duree_parcours_mois" in erreur.value.message_dict
    assert ParametresDepartement.objects.get(departement_id="15").duree_parcours_mois == 18


def test_parametres_crees_au_premier_enregistrement_et_bornes_au_perimetre(personas):
    dept = f.DepartementFactory(code="43", nom="Haute-Loire", region=personas.cantal.departement.region)
    with pytest.raises(PermissionDenied):
        services.parametres_departement_modifier(acteur=personas.admin, departement=dept, duree_parcours_mois=10)
    with pytest.raises(PermissionDenied):
        services.parametres_departement_modifier(
            acteur=personas.admin, departement=personas.calvados.departement, duree_parcours_mois=10
        )
    parametres = services.parametres_departement_modifier(
        acteur=personas.super_admin, departement=dept, duree_parcours_mois=10
    )
    assert parametres.pk and parametres.libelle_unite_action_sociale
