import pytest

from binome.ressources.models import AppartenanceEpci
from tests.accompagnement import factories as af
from tests.ressources import factories as rf


@pytest.fixture
def cantal(personas):
    """Communes du Cantal des personas, et leur EPCI (Saint-Flour et Murat : CC de Saint-Flour ; Aurillac : CABA)."""
    communes = personas.cantal.communes
    AppartenanceEpci.objects.create(code_insee="15187", siren="200066660", nom="CC de Saint-Flour")
    AppartenanceEpci.objects.create(code_insee="15138", siren="200066660", nom="CC de Saint-Flour")
    AppartenanceEpci.objects.create(code_insee="15014", siren="241500230", nom="CA du Bassin d'Aurillac")
    return communes


@pytest.fixture
def dossier(personas, cantal):
    """Julie, de Saint-Flour, suivie par Claire et Sophie ; son plan a une action « permis » en brouillon."""
    parcours = af.parcours_du_binome(
        personas, personne=af.personne_du(personas.cantal, "saint_flour", prenom="Julie", nom="Lacombe")
    )
    plan = af.PlanActionFactory(parcours=parcours)
    action = af.ActionFactory(plan=plan, libelle_libre="S'inscrire à l'auto-école sociale")
    structure = rf.structure(nom="Roule Cantal", organisation=personas.cantal.partenaire)
    permis = rf.service(
        structure, commune_obj=cantal["saint_flour"], nom="Auto-école sociale", organisation=personas.cantal.partenaire
    )
    return parcours, action, permis
