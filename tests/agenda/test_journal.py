"""Les pages d'un rendez-vous montrent des données personnelles : elles sont journalisées (registre de confiance)."""

import pytest
from django.urls import reverse

from binome.confiance.models import Action, EntreeJournal
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("route", "parametre"),
    [
        ("agenda:rendez_vous", "rendez_vous"),
        ("agenda:modifier", "rendez_vous_social"),
        ("agenda:planifier", "parcours"),
    ],
)
def test_consulter_un_rendez_vous_ecrit_le_journal(personas, client_de, route, parametre):
    dossier = creer_monde(personas).cantal
    objet = getattr(dossier, parametre)
    nom = "parcours_pk" if parametre == "parcours" else "pk"
    assert client_de(personas.travailleur_social).get(reverse(route, kwargs={nom: objet.pk})).status_code == 200
    entree = EntreeJournal.objects.get()
    assert entree.route == route and entree.action == Action.LECTURE
    assert entree.personne_id == dossier.personne.pk and entree.departement == "15"
