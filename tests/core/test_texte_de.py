"""Issue 12, point 25 : « Le parcours de Isabelle » → « Le parcours d'Isabelle ». Une fonction
(``binome.core.texte.de``, filtre de gabarit ``de``) et aucun « de » + nom construit ailleurs."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from binome.core.texte import de

RACINE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("nom", "attendu"),
    [
        ("Isabelle Martin", "d'Isabelle Martin"),
        ("Élodie Roux", "d'Élodie Roux"),
        ("Hélène Blanc", "d'Hélène Blanc"),
        ("Yves Marchand", "d'Yves Marchand"),
        ("Yann Le Gall", "de Yann Le Gall"),
        ("Marc Durand", "de Marc Durand"),
        ("Aurillac", "d'Aurillac"),
        ("Saint-Flour", "de Saint-Flour"),
    ],
)
def test_de_elide_devant_une_voyelle_ou_un_h_muet(nom, attendu):
    assert de(nom) == attendu


def test_filtre_de_gabarit():
    rendu = Template("{% load texte %}Le parcours {{ nom|de }}").render(Context({"nom": "Isabelle"}))
    assert rendu == "Le parcours d&#x27;Isabelle"


# « de » suivi d'un nom de personne ou de lieu construit à la main (gabarits et code).
CONSTRUCTIONS = [
    re.compile(r"\bde \{\{ *[a-z_.]*(nom|personne|prenom|auteur|commune)"),
    re.compile(r"\bde %\((nom|personne|prenom|auteur|commune)[a-z_]*\)s"),
    re.compile(r"\bde \{[a-z_.]*(nom|personne|prenom|auteur|commune)[a-z_.]*\}"),
]


def test_aucun_de_devant_un_nom_construit_a_la_main():
    fautes = []
    for dossier, motif in (("templates", "*.html"), ("binome", "*.py")):
        for chemin in sorted((RACINE / dossier).rglob(motif)):
            if "migrations" in chemin.parts:
                continue
            for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), 1):
                if any(c.search(ligne) for c in CONSTRUCTIONS):
                    fautes.append(f"{chemin.relative_to(RACINE)}:{numero}: {ligne.strip()}")
    assert not fautes, "Utiliser binome.core.texte.de (filtre « de ») :\n" + "\n".join(fautes)
