"""Aucune donnée personnelle dans les journaux que le projet configure : une recherche de personnes « Dupont »
(le nom passe dans la chaîne de requête) n'apparaît dans aucun enregistrement — journal d'accès du serveur de
développement et de gunicorn, erreurs 404 et 500 de ``django.request``, tâches de fond."""

import logging
import runpy
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from binome.accompagnement.views import personnes as vues_personnes
from binome.core.journalisation import masquer

RACINE = Path(__file__).resolve().parents[2]
NOM = "Dupont"


@pytest.fixture
def journaux(caplog):
    """Capture tout, y compris le journal d'accès du serveur de développement (qui ne se propage pas)."""
    serveur = logging.getLogger("django.server")
    serveur.addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    for nom in ("django.server", "django.request", "django_tasks", "gunicorn.error"):
        caplog.set_level(logging.DEBUG, logger=nom)  # un autre test a pu les faire taire
        logging.getLogger(nom).disabled = False
    yield caplog
    serveur.removeHandler(caplog.handler)


def _texte(caplog) -> str:
    enregistrements = "\n".join(f"{r.getMessage()}\n{r.exc_text or ''}\n{r.stack_info or ''}" for r in caplog.records)
    return caplog.text + enregistrements


def test_une_recherche_de_personne_n_apparait_dans_aucun_journal(personas, journaux, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(personas.conseiller)
    liste = reverse("accompagnement:personnes")
    assert client.get(liste, {"q": NOM}).status_code == 200
    assert client.get("/accompagnement/personnes/999999999/", {"q": NOM}).status_code == 404
    assert client.get("/adresse-inexistante/", {"q": NOM}, HTTP_REFERER=f"https://x/?q={NOM}").status_code == 404

    def en_panne(acteur, *, recherche):  # une erreur dont le message recopie la saisie
        raise RuntimeError(f"recherche « {recherche} » impossible")

    monkeypatch.setattr(vues_personnes.selectors, "personnes_liste", en_panne)
    assert client.get(liste, {"q": NOM}).status_code == 500
    # Journal d'accès du serveur de développement (runserver), tel que Django l'écrit.
    logging.getLogger("django.server").info('"%s" %s %s', f"GET {liste}?q={NOM}&page=2 HTTP/1.1", "200", "512")
    texte = _texte(journaux)
    assert "Not Found: /accompagnement/personnes/999999999/" in texte  # les erreurs restent journalisées…
    assert "Internal Server Error: /accompagnement/personnes/" in texte and "RuntimeError" in texte
    assert f"GET {liste}?[paramètres masqués] HTTP/1.1" in texte
    assert NOM not in texte  # … sans le nom


@pytest.mark.django_db
def test_une_tentative_de_connexion_enregistree_ne_garde_pas_la_recherche(journaux):
    """Session expirée sur une recherche : la connexion revient vers « next » (la recherche) ; la tentative
    échouée qu'axes enregistre en base ne garde pas ce paramètre."""
    from axes.models import AccessAttempt

    suite = f"{reverse('accompagnement:personnes')}?q={NOM}"
    url = f"{reverse('comptes:connexion')}?{urlencode({'next': suite})}"
    Client().post(url, {"username": "inconnu@exemple.fr", "password": "mauvais-mot-de-passe"})
    tentative = AccessAttempt.objects.get()
    assert NOM not in tentative.get_data + tentative.post_data + tentative.path_info
    assert NOM not in _texte(journaux)


def test_les_journaux_des_taches_perdent_le_message_des_exceptions(journaux):
    try:
        raise ValueError(f"dossier de {NOM} introuvable")
    except ValueError:
        logging.getLogger("django_tasks").exception("Task id=%s path=%s state=%s", "1", "binome.x", "FAILED")
    texte = _texte(journaux)
    assert "ValueError: [message masqué]" in texte and "Task id=1" in texte
    assert NOM not in texte


def test_journal_d_acces_de_gunicorn_sans_chaine_de_requete(journaux):
    reglages = runpy.run_path(str(RACINE / "deploiement" / "gunicorn.conf.py"))
    format_ = reglages["access_log_format"]
    for atome in ("%(r)s", "%(q)s", "%(f)s", "%({"):
        assert atome not in format_
    atomes = {
        "h": "10.0.0.1", "t": "[06/Dec/2026:01:00:00 +0000]", "m": "GET", "U": "/accompagnement/personnes/",
        "H": "HTTP/1.1", "s": "200", "B": "512", "M": "12", "a": "Mozilla", "q": f"q={NOM}",
        "r": f"GET /accompagnement/personnes/?q={NOM} HTTP/1.1", "f": f"https://binome/?q={NOM}",
    }  # fmt: skip
    assert NOM not in format_ % atomes
    erreurs = logging.getLogger("gunicorn.error")
    reglages["on_starting"](None)
    try:
        erreurs.error("Error handling request %s", f"/accompagnement/personnes/?q={NOM}")
    finally:
        for filtre in list(erreurs.filters):
            erreurs.removeFilter(filtre)
        logging.getLogger("gunicorn.access").filters.clear()
    assert NOM not in _texte(journaux)


def test_reglages_les_journaux_porteurs_de_requete_sont_filtres():
    for nom in ("django.server", "django.request", "django.security.csrf", "django_tasks", "django_tasks_db"):
        assert settings.LOGGING["loggers"][nom]["filters"] == ["donnees_personnelles"], nom
    assert settings.LOGGING["handlers"]["serveur"]["filters"] == ["donnees_personnelles"]


def test_masquer_les_chaines_de_requete_mais_pas_la_ponctuation():
    assert masquer("GET /p/?q=Dupont&page=2 HTTP/1.1") == "GET /p/?[paramètres masqués] HTTP/1.1"
    assert masquer("Voulez-vous continuer ? oui") == "Voulez-vous continuer ? oui"
    assert masquer("Key (nom, prenom)=(Dupont, Jean) already exists.") == (
        "Key (nom, prenom)=([valeurs masquées]) already exists."
    )
