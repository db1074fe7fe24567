"""Secret partagé dans le navigateur (issue 12, point 5) : le motif d'une suspension et les autres champs
réservés au côté social ne s'affichent pas au conseiller France Travail — fiche, relevé, impression —
et s'affichent à la travailleuse sociale du binôme."""

import pytest
from django.urls import reverse

from binome.accompagnement import enums as e
from tests.confiance.monde import creer_monde
from tests.navigateur.fixtures import oublier_la_session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _textes(page, live_server, chemins) -> dict[str, str]:
    lus = {}
    for chemin in chemins:
        page.goto(f"{live_server.url}{chemin}")
        page.wait_for_load_state("networkidle")
        lus[chemin] = page.locator("main").inner_text()
    return lus


def test_le_motif_de_suspension_reste_du_cote_social(personas, connecter, live_server, page):
    monde = creer_monde(personas)
    dossier = monde.cantal
    dossier.suspension.motif = e.MotifSuspension.HOSPITALISATION
    dossier.suspension.save()
    personne = dossier.personne.pk
    chemins = [
        reverse("accompagnement:personne", kwargs={"pk": personne}),
        reverse("confiance:export_personne", kwargs={"personne_pk": personne}),
        reverse("confiance:impression_personne", kwargs={"personne_pk": personne}),
    ]
    secrets = ("Hospitalisation", *dossier.secrets)

    connecter(personas.conseiller)
    cote_ft = _textes(page, live_server, chemins)
    fuites = [f"{chemin} : {s}" for chemin, texte in cote_ft.items() for s in secrets if s in texte]
    assert not fuites, fuites
    assert "Quatrefages" in cote_ft[chemins[1]]

    oublier_la_session(page)
    connecter(personas.travailleur_social)
    cote_social = _textes(page, live_server, chemins[1:])
    for chemin, texte in cote_social.items():
        for secret in secrets:
            assert secret in texte, f"{chemin} : {secret} absent côté social"
