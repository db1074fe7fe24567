"""Le rôle de pilote national et l'instance nationale : gérés par le seul super-administrateur.

L'instance nationale est enregistrée dans le département de son siège (ici le Cantal) ; elle n'entre pas pour
autant dans le périmètre de l'administratrice du Cantal, qui ne peut ni la voir, ni la modifier, ni y donner ou
retirer un rôle.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from binome.administration import services as administration
from binome.comptes import selectors, services
from binome.comptes.models import Role
from binome.organisations.models import Organisation, TypeOrganisation
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_le_super_admin_donne_et_retire_le_role_de_pilote_national(personas):
    personne = f.UtilisateurFactory(email="national@exemple.gouv.fr")
    habilitation = services.habilitation_ajouter(
        acteur=personas.super_admin,
        utilisateur=personne,
        organisation=personas.instance_nationale,
        role=Role.PILOTE_NATIONAL,
    )
    assert selectors.a_role(personne, Role.PILOTE_NATIONAL)
    services.habilitation_retirer(acteur=personas.super_admin, habilitation=habilitation)


def test_le_role_national_ne_s_exerce_que_dans_une_instance_nationale(personas):
    personne = f.UtilisateurFactory(email="national@exemple.gouv.fr")
    with pytest.raises(ValidationError, match="« Instance nationale de pilotage »"):
        services.habilitation_ajouter(
            acteur=personas.super_admin,
            utilisateur=personne,
            organisation=personas.cantal.cd,
            role=Role.PILOTE_NATIONAL,
        )
    with pytest.raises(ValidationError):
        services.habilitation_ajouter(
            acteur=personas.super_admin,
            utilisateur=personne,
            organisation=personas.instance_nationale,
            role=Role.PILOTE,
        )


def test_l_administrateur_du_siege_ne_gere_pas_l_instance_nationale(personas):
    admin, instance = personas.admin, personas.instance_nationale
    assert instance.departement_id == "15"
    assert instance not in selectors.organisations_administrables(admin)
    assert instance not in selectors.organisations_pour_habilitation(admin)
    assert personas.pilote_national not in selectors.utilisateurs_administrables(admin)
    assert not selectors.habilitations_administrables(admin).filter(organisation=instance).exists()
    personne = f.UtilisateurFactory(email="national@exemple.gouv.fr")
    with pytest.raises(PermissionDenied):
        services.habilitation_ajouter(
            acteur=admin, utilisateur=personne, organisation=instance, role=Role.PILOTE_NATIONAL
        )
    with pytest.raises(PermissionDenied):
        services.utilisateur_inviter(
            acteur=admin,
            email="x@exemple.gouv.fr",
            prenom="X",
            nom="Y",
            organisation=instance,
            role=Role.PILOTE_NATIONAL,
        )
    with pytest.raises(PermissionDenied):
        services.habilitation_retirer(acteur=admin, habilitation=personas.pilote_national.habilitations.get())
    with pytest.raises(PermissionDenied):
        administration.organisation_desactiver(acteur=admin, organisation=instance)
    with pytest.raises(PermissionDenied):
        administration.organisation_creer(
            acteur=admin,
            departement=personas.cantal.departement,
            nom="Comité bis",
            type=TypeOrganisation.INSTANCE_NATIONALE,
        )
    with pytest.raises(PermissionDenied):
        administration.organisation_modifier(
            acteur=admin, organisation=personas.cantal.partenaire, type=TypeOrganisation.INSTANCE_NATIONALE
        )
    assert not Organisation.objects.filter(nom="Comité bis").exists()
    # Le super-administrateur, lui, crée une instance nationale.
    administration.organisation_creer(
        acteur=personas.super_admin,
        departement=personas.calvados.departement,
        nom="Comité bis",
        type=TypeOrganisation.INSTANCE_NATIONALE,
    )


def test_un_compte_avec_un_role_national_est_hors_du_perimetre_departemental(personas):
    """Un pilote national qui a aussi un rôle dans le Cantal : l'administratrice du Cantal gère ce rôle-là, mais
    le rôle national compte comme « hors périmètre » (elle ne désactive pas le compte)."""
    f.HabilitationFactory(utilisateur=personas.pilote_national, organisation=personas.cantal.cd, role=Role.PILOTE)
    assert personas.pilote_national in selectors.utilisateurs_administrables(personas.admin)
    assert selectors.habilitations_hors_perimetre(personas.admin, personas.pilote_national) == 1


def test_l_instance_nationale_hors_des_comptes_et_des_choix_departementaux(personas):
    """Même classe de défaut : les comptes de l'accueil et le choix du mainteneur d'une fiche de l'annuaire."""
    from binome.administration.selectors import compter_perimetre
    from binome.ressources.selectors import organisations_mainteneuses_possibles

    (cantal,) = compter_perimetre(personas.admin)
    assert cantal["nb_organisations"] == 5  # conseil départemental, agence, unité, partenaire, UDAF (issue 14)
    for acteur in (personas.admin, personas.super_admin):
        assert personas.instance_nationale not in organisations_mainteneuses_possibles(acteur)
