"""Sur un téléphone (375 px) : la notice d'information en FALC et la page « Qui a consulté mon dossier » passent
axe sans violation sérieuse ou critique, et ne défilent pas de côté."""

from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from binome.comptes.models import Role
from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.espace.session import CLE_SESSION, Moyen
from tests import factories as f
from tests.accompagnement.factories import personne_du
from tests.espace_outils import espace_ouvert

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

LARGEUR, HAUTEUR = 375, 812


@pytest.fixture
def telephone(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": LARGEUR, "height": HAUTEUR})
    onglet = contexte.new_page()
    erreurs = []
    onglet.on("pageerror", lambda exc: erreurs.append(str(exc)))
    yield onglet
    contexte.close()
    assert not erreurs, erreurs


def _connecter_la_personne(onglet, live_server, espace):
    """La session de la personne, posée comme après une connexion réussie (poste h2 : lien ou FranceConnect)."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[CLE_SESSION] = {"espace": espace.pk, "moyen": Moyen.LIEN, "depuis": timezone.now().isoformat()}
    session.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}
    onglet.context.add_cookies([cookie])


def _verifier(onglet, url):
    onglet.goto(url)
    onglet.wait_for_load_state("networkidle")
    violations = [v for v in Axe().run(onglet).response["violations"] if v["impact"] in ("serious", "critical")]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
    largeur = onglet.evaluate("document.documentElement.scrollWidth")
    assert largeur <= LARGEUR, f"{url} défile de côté : {largeur} px"


def test_notice_et_consultations_sur_telephone(telephone, live_server, personas):
    _verifier(telephone, live_server.url + reverse("espace:notice"))  # publique : sans connexion
    expect(telephone.get_by_role("heading", name="Vos droits", exact=True)).to_be_visible()

    personne = personne_du(personas.cantal, prenom="Inaya", nom="Vasseur")
    conseillere = f.agent("zoe.k@exemple.gouv.fr", "Zoé", "Kowalczyk", personas.cantal.agence, Role.CONSEILLER_FT)
    for i in range(25):
        finalite = f"Préparation du rendez-vous n° {i}"
        journaliser(action=Action.LECTURE, finalite=finalite, acteur=conseillere, personne=personne)
    _connecter_la_personne(telephone, live_server, espace_ouvert(personne))
    _verifier(telephone, live_server.url + reverse("espace:consultations"))
    expect(telephone.get_by_text("Préparation du rendez-vous n° 24")).to_be_visible()
    assert "Kowalczyk" not in telephone.content()
    _verifier(telephone, live_server.url + reverse("espace:notice"))
    expect(telephone.get_by_role("link", name="Retour à mon espace")).to_be_visible()
