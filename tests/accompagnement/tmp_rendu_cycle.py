import pytest
from django.urls import get_resolver, reverse
from freezegun import freeze_time

from tests.accompagnement import cycle
from tests.accompagnement.factories import ElementReferentielFactory

pytestmark = pytest.mark.django_db


def test_rendu(personas, client_de):
    get_resolver().url_patterns
    with freeze_time("2025-03-03 10:00:00+01:00"):
        ElementReferentielFactory(theme_code="sante", libelle="Suivi psychiatrique", domaine_frein="SANTE")
        ElementReferentielFactory(theme_code="emploi", theme_libelle="Emploi", libelle="Sans CV", domaine_frein="")
        personne = cycle.enregistrer(personas)
        o = cycle.orienter(personas, personne)
        c = client_de(personas.travailleur_social)
        open("/tmp/diag.html", "w").write(c.get(reverse("accompagnement:diagnostic", args=[o.parcours_id])).content.decode())
        open("/tmp/boite.html", "w").write(c.get(reverse("accompagnement:orientations")).content.decode())
        p = cycle.parcours_actif(personas, entree=cycle.datetime.date(2025, 3, 3), nom="Autre", identifiant_ft="")
        open("/tmp/fiche.html", "w").write(c.get(reverse("accompagnement:personne", args=[p.personne_id])).content.decode())
        open("/tmp/creer.html", "w").write(client_de(personas.conseiller).get(reverse("accompagnement:personne_creer")).content.decode())
        open("/tmp/activer.html", "w").write(c.get(reverse("accompagnement:parcours_activer", args=[o.parcours_id])).content.decode())
