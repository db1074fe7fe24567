import pytest

from binome.ressources.models import AppartenanceEpci


@pytest.fixture
def cantal(personas):
    """Communes du Cantal des personas, et leur EPCI (Saint-Flour et Murat : CC de Saint-Flour ; Aurillac : CABA)."""
    communes = personas.cantal.communes
    AppartenanceEpci.objects.create(code_insee="15187", siren="200066660", nom="CC de Saint-Flour")
    AppartenanceEpci.objects.create(code_insee="15138", siren="200066660", nom="CC de Saint-Flour")
    AppartenanceEpci.objects.create(code_insee="15014", siren="241500230", nom="CA du Bassin d'Aurillac")
    return communes
