"""Notice d'information en français facile à lire et à comprendre (FALC) : publique, complète (qui, pourquoi,
combien de temps, qui voit, droits et comment les exercer, DPO), en phrases courtes."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from binome.confiance.models import EntreeJournal
from binome.organisations.models import ParametresDepartement
from tests.accompagnement.factories import personne_du
from tests.espace_outils import connecter_personne, espace_ouvert

pytestmark = pytest.mark.django_db

MOTS_PAR_PHRASE_MAX = 20


class _Texte(HTMLParser):
    """Le texte visible du contenu principal (``<main>``), sans les adresses."""

    def __init__(self):
        super().__init__()
        self.dans_main, self.morceaux = False, []

    def handle_starttag(self, tag, attrs):
        self.dans_main |= tag == "main"

    def handle_endtag(self, tag):
        if tag == "main":
            self.dans_main = False
        elif tag in ("p", "li", "h1", "h2", "h3", "a", "label"):
            self.morceaux.append(".")

    def handle_data(self, data):
        if self.dans_main:
            self.morceaux.append(data)


def _phrases(html: str) -> list[str]:
    analyseur = _Texte()
    analyseur.feed(html)
    texte = re.sub(r"\S+@\S+|\S+\.fr\S*", "", " ".join(analyseur.morceaux))
    return [" ".join(p.split()) for p in re.split(r"[.?!:;]", texte) if p.split()]


@pytest.fixture(autouse=True)
def _editeur(settings):
    settings.BINOME_EDITEUR_DPO = "dpo@cantal.exemple.fr"
    settings.BINOME_EDITEUR_DEPARTEMENT = "Conseil départemental du Cantal"


def test_publique_et_complete(client):
    reponse = client.get(reverse("espace:notice"))
    assert reponse.status_code == 200
    page = reponse.content.decode()
    for attendu in (
        "Qui est responsable de vos informations ?",
        "Conseil départemental du Cantal",
        "Pourquoi Binôme garde vos informations ?",
        "Qui voit vos informations ?",
        "24 mois après votre dernier rendez-vous",
        "365 jours",
        "Voir vos informations",
        "Corriger vos informations",
        "Dire non",
        "Effacer vos informations",
        'href="mailto:dpo@cantal.exemple.fr"',
        "www.cnil.fr/fr/plaintes",
        reverse("espace:opposition"),
    ):
        assert attendu in page, attendu
    assert "Retour à mon espace" not in page
    assert not EntreeJournal.objects.exists()  # page publique : aucune donnée de dossier, rien au journal


def test_phrases_courtes():
    """FALC : une idée par phrase ; aucune phrase de plus de 20 mots (test du test : une phrase longue échoue)."""
    from django.test import Client

    html = Client().get(reverse("espace:notice")).content.decode()
    phrases = _phrases(html)
    assert len(phrases) > 30
    longues = [p for p in phrases if len(p.split()) > MOTS_PAR_PHRASE_MAX]
    assert not longues, longues
    longue = "<main><p>" + " ".join(["mot"] * 21) + ".</p></main>"
    assert [p for p in _phrases(longue) if len(p.split()) > MOTS_PAR_PHRASE_MAX]


def test_personne_connectee_la_duree_de_son_departement(personas, client):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(conservation_mois=36)
    connecter_personne(client, espace_ouvert(personne_du(personas.cantal)))
    page = client.get(reverse("espace:notice")).content.decode()
    assert "36 mois après votre dernier rendez-vous" in page and "Retour à mon espace" in page
