"""Issue 13, point 7 : tout formulaire refusé affiche en haut de page le récapitulatif d'erreurs DSFR (titre
« Le formulaire contient N erreurs », un lien vers chaque champ en erreur, les erreurs générales comprises), une
fois, quelle que soit la mise en page du formulaire."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from binome.core.forms import Formulaire
from tests.accompagnement.factories import PlanActionFactory, parcours_du_binome

pytestmark = pytest.mark.django_db

_TITRE = re.compile(r"Le formulaire contient (\d+) erreurs?")


def verifier_recapitulatif(contenu: str) -> list[str]:
    """Vérifie le récapitulatif d'une page refusée ; renvoie ses lignes (texte)."""
    assert contenu.count("data-recapitulatif-erreurs") == 1, "un récapitulatif, une fois"
    bloc = contenu.split("data-recapitulatif-erreurs", 1)[1].split("</ul>", 1)[0]
    nombre = int(_TITRE.search(bloc).group(1))
    lignes = re.findall(r"<li>(.*?)</li>", bloc, flags=re.S)
    assert nombre == len(lignes) > 0
    for ancre in re.findall(r'href="#([^"]+)"', bloc):
        assert f'id="{ancre}"' in contenu, f"lien vers #{ancre} sans cible"
    # En haut de la page : après le fil d'Ariane et les messages, avant le contenu principal et son formulaire.
    assert contenu.index("data-recapitulatif-erreurs") < contenu.index('<main id="content"')
    return [re.sub(r"<[^>]+>|\s+", " ", ligne).strip() for ligne in lignes]


@pytest.fixture
def parcours(personas):
    parcours = parcours_du_binome(personas)
    PlanActionFactory(parcours=parcours)
    return parcours


CAS = [
    ("conseiller", "accompagnement:personne_creer", None, "Nom"),
    ("partenaire", "ressources:service_creer", None, "Nom"),
    ("admin", "organisations:creer", None, "Nom"),
    ("admin", "comptes:utilisateur_inviter", None, "Adresse électronique"),
    ("conseiller", "accompagnement:parcours_sortir", "parcours", "Motif"),
    ("conseiller", "accompagnement:plan_action_ajouter", "parcours_pk", ""),
    ("conseiller", "accompagnement:personne_modifier", "personne", "Nom"),
]


@pytest.mark.parametrize(("persona", "route", "argument", "champ"), CAS)
def test_formulaires_refuses_ont_le_recapitulatif(personas, client_de, parcours, persona, route, argument, champ):
    if argument == "parcours":
        url = reverse(route, args=[parcours.pk])
    elif argument == "personne":
        url = reverse(route, args=[parcours.personne_id])
    elif argument == "parcours_pk":
        url = reverse(route, kwargs={"parcours_pk": parcours.pk})
    else:
        url = reverse(route)
    reponse = client_de(getattr(personas, persona)).post(url, {"envoye": "1"})  # {} : formulaire non lié
    assert reponse.status_code in (200, 400), reponse.status_code  # le plan répond 400 à un envoi refusé
    lignes = verifier_recapitulatif(reponse.content.decode())
    assert any(ligne.startswith(champ) for ligne in lignes), lignes


def test_page_sans_erreur_sans_recapitulatif(personas, client_de):
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:personne_creer")).content.decode()
    assert "data-recapitulatif-erreurs" not in contenu


class _Essai(Formulaire):
    nom = forms.CharField(label="Nom")
    genre = forms.ChoiceField(label="Genre", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    cache = forms.CharField(widget=forms.HiddenInput, label="Jeton")

    def clean(self):
        raise forms.ValidationError("Ces deux informations se contredisent.")


def test_erreurs_generales_champs_caches_et_cases_a_cocher():
    formulaire = _Essai({})
    rendu = Template("{% load formulaires %}{% recapitulatif_erreurs %}").render(Context({"f": formulaire}))
    assert "Le formulaire contient 4 erreurs" in rendu
    assert "<li>\n          \n            Ces deux informations se contredisent." in rendu or (
        "Ces deux informations se contredisent." in rendu
    )
    assert 'href="#id_nom"' in rendu and 'href="#id_genre_0"' in rendu
    assert "Jeton : Ce champ est obligatoire." in rendu and 'href="#id_cache"' not in rendu
