"""Classe de défaut « entités HTML dans la partie texte » (les rappels de l'annuaire montraient ``d&#x27;insertion``).

1. Chaque gabarit texte (``templates/**/*.txt`` : corps et sujets des courriels, SMS) est rendu par le fabricant
   (``binome.core.courriels.rendre_texte``) avec, pour chaque variable, une valeur qui contient une apostrophe et
   un ``&`` : le test échoue s'il trouve une entité HTML.
2. Aucun module n'envoie de courriel autrement que par ``binome.core.courriels`` (``send_mail``,
   ``EmailMessage``… ou ``render_to_string`` d'un ``.txt`` ailleurs : la cause du défaut).
3. De bout en bout : le rappel de l'annuaire et le courriel de mot de passe oublié gardent l'apostrophe.
"""

import ast
import datetime
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.template import engines
from django.template.base import FilterExpression, Node
from django.templatetags.i18n import BlockTranslateNode
from django.urls import reverse
from django.utils import timezone

import binome
from binome.core.courriels import rendre_texte
from binome.ressources.models import Service
from binome.ressources.services import rappels_verification_envoyer
from tests import factories as f
from tests.ressources import factories as rf

RACINE = Path(binome.__file__).resolve().parent.parent
GABARITS = RACINE / "templates"
VALEUR = "Centre d'insertion & co"
ENTITE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_NOMS_TECHNIQUES = {"do_not_call_in_templates", "alters_data", "resolve_expression"}


class Partout(str):
    """Une valeur qui répond à toute variable : ``objet.champ``, ``liste.0``, boucles ; ``str`` = ``VALEUR``.
    Une variable comptée (``{% blocktranslate count n=… %}``) reçoit un nombre, une variable passée au filtre
    ``date`` une date (``speciales`` : par nom final de la variable)."""

    def __new__(cls, speciales=None):
        valeur = super().__new__(cls, VALEUR)
        valeur.speciales = speciales or {}
        return valeur

    def __getattr__(self, nom):
        if nom.startswith("_") or nom in _NOMS_TECHNIQUES:
            raise AttributeError(nom)
        return self.speciales.get(nom, Partout(self.speciales))

    def __getitem__(self, cle):
        return self.__getattr__(str(cle))

    def __iter__(self):
        yield Partout(self.speciales)


class ContexteUniversel(dict):
    def __init__(self, speciales):
        super().__init__()
        self.speciales = speciales

    def __contains__(self, cle):
        return cle not in ("True", "False", "None")

    def __getitem__(self, cle):
        return self.speciales.get(cle, Partout(self.speciales))


def _noeuds(noeuds):
    for noeud in noeuds:
        yield noeud
        for attribut in getattr(noeud, "child_nodelists", ()):
            yield from _noeuds(getattr(noeud, attribut, None) or ())
        if isinstance(noeud, Node) and hasattr(noeud, "conditions_nodelists"):
            for _condition, liste in noeud.conditions_nodelists:
                yield from _noeuds(liste)


def _expressions(noeud):
    """Les expressions ``variable|filtres`` d'un nœud (variable affichée, ``with``/``count`` d'un blocktranslate)."""
    for valeur in vars(noeud).values():
        valeurs = valeur.values() if isinstance(valeur, dict) else valeur if isinstance(valeur, list) else [valeur]
        yield from (v for v in valeurs if isinstance(v, FilterExpression))


def _nom(expression: FilterExpression) -> str | None:
    variable = expression.var
    return str(variable.var).split(".")[-1] if hasattr(variable, "var") else None


def valeurs_speciales(gabarit: str) -> dict:
    """Variables (par nom final) qui doivent être un nombre (compteur) ou une date (filtre ``date``/``time``)."""
    modele = engines["django"].engine.get_template(gabarit)
    speciales = {}
    for noeud in _noeuds(modele.nodelist):
        for expression in _expressions(noeud):
            if any(filtre.__name__ in ("date", "time", "timesince", "timeuntil") for filtre, _a in expression.filters):
                speciales[_nom(expression)] = datetime.datetime(2026, 12, 7, 9, 30, tzinfo=datetime.UTC)
        if isinstance(noeud, BlockTranslateNode) and noeud.counter is not None and not noeud.counter.filters:
            speciales[_nom(noeud.counter)] = 3
    speciales.pop(None, None)
    return speciales


def gabarits_texte() -> list[str]:
    return sorted(str(p.relative_to(GABARITS)) for p in GABARITS.rglob("*.txt"))


def test_il_y_a_des_gabarits_de_courriel():
    noms = gabarits_texte()
    assert "ressources/courriels/rappel.txt" in noms
    assert "quotidien/courriels/resume.txt" in noms


@pytest.mark.parametrize("gabarit", gabarits_texte())
def test_aucun_gabarit_texte_ne_rend_d_entite_html(gabarit, db):
    rendu = rendre_texte(gabarit, ContexteUniversel(valeurs_speciales(gabarit)))
    assert not ENTITE.search(rendu), f"{gabarit} : entité HTML dans le texte : {ENTITE.search(rendu).group()}"
    source = (GABARITS / gabarit).read_text(encoding="utf-8")
    if re.search(r"{{\s*[\w.]+\s*}}", source):
        assert VALEUR in rendu, f"{gabarit} : la valeur de test n'apparaît pas telle quelle"


def test_le_verificateur_trouve_une_entite():
    modele = engines["django"].from_string("{{ service.nom }}")
    assert ENTITE.search(modele.render({"service": Partout()}))  # rendu échappé : ce que faisait render_to_string
    rappel = "ressources/courriels/rappel.txt"
    assert not ENTITE.search(rendre_texte(rappel, ContexteUniversel(valeurs_speciales(rappel))))


# --- 2. Un seul chemin pour envoyer un courriel -----------------------------------------------------------------

_ENVOIS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage", "EmailMultiAlternatives"}
_FABRICANT = RACINE / "binome" / "core" / "courriels.py"


def envois_hors_fabricant(source: str) -> list[str]:
    """Appels qui fabriquent un courriel sans ``binome.core.courriels`` (ou rendent un ``.txt`` en l'échappant)."""
    trouves = []
    for noeud in ast.walk(ast.parse(source)):
        if not isinstance(noeud, ast.Call):
            continue
        nom = getattr(noeud.func, "id", None) or getattr(noeud.func, "attr", None)
        if nom in _ENVOIS:
            trouves.append(f"{nom} (ligne {noeud.lineno})")
        elif nom == "render_to_string" and noeud.args:
            premier = noeud.args[0]
            texte = premier.value if isinstance(premier, ast.Constant) else ast.unparse(premier)
            if ".txt" in str(texte):
                trouves.append(f"render_to_string d'un .txt (ligne {noeud.lineno})")
    return trouves


def test_le_verificateur_des_envois_sait_echouer():
    source = (
        "send_mail('a', 'b', None, ['c'])\n"
        "mail.EmailMessage('a')\n"
        "render_to_string('x/courriels/y.txt', {})\n"
        "render_to_string(f'{g}.txt', {})\n"
        "render_to_string('x/page.html', {})\n"
        "courriel(a=['c'], gabarit='x', contexte={}).send()\n"
    )
    assert len(envois_hors_fabricant(source)) == 4


def test_chaque_courriel_passe_par_le_fabricant():
    fautifs = {}
    for chemin in sorted((RACINE / "binome").rglob("*.py")):
        if chemin == _FABRICANT or "migrations" in chemin.parts:
            continue
        if trouves := envois_hors_fabricant(chemin.read_text(encoding="utf-8")):
            fautifs[str(chemin.relative_to(RACINE))] = trouves
    assert not fautifs, f"Passez par binome.core.courriels.courriel : {fautifs}"


# --- 3. De bout en bout ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_le_rappel_de_l_annuaire_garde_l_apostrophe(personas):
    service = rf.service(
        rf.structure(organisation=personas.cantal.partenaire), nom=VALEUR, organisation=personas.cantal.partenaire
    )
    ancienne = timezone.localdate() - timedelta(days=400)
    Service.objects.filter(pk=service.pk).update(date_prochaine_verification=ancienne)

    assert rappels_verification_envoyer() == 1

    [message] = mail.outbox
    assert f"- {VALEUR} (" in message.body
    assert not ENTITE.search(message.body) and not ENTITE.search(message.subject)


@pytest.mark.django_db
def test_le_courriel_de_mot_de_passe_oublie_garde_l_apostrophe(client):
    f.UtilisateurFactory(email="zoe.o'neil@exemple.gouv.fr")

    client.post(reverse("comptes:mot_de_passe_oublie"), {"email": "zoe.o'neil@exemple.gouv.fr"})

    [message] = mail.outbox
    assert "(zoe.o'neil@exemple.gouv.fr)" in message.body
    assert not ENTITE.search(message.body)
