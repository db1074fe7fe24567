"""Outils des tests du rendu en Python (cartes de l'annuaire, lignes du portefeuille) : HTML comparé à l'espace
près, nœuds de gabarit comptés."""

import re
from contextlib import contextmanager

from django.template.base import Node


def normaliser_html(html: str) -> str:
    """Les suites d'espaces se lisent comme une seule (le rendu en Python ne recopie pas l'indentation)."""
    return re.sub(r"\s+", " ", html).strip()


@contextmanager
def noeuds_rendus():
    """Compte les nœuds de gabarit rendus dans le bloc : ``with noeuds_rendus() as compteur: … compteur["n"]``."""
    compteur = {"n": 0}
    rendu = Node.render_annotated

    def compter(self, context):
        compteur["n"] += 1
        return rendu(self, context)

    Node.render_annotated = compter
    try:
        yield compteur
    finally:
        Node.render_annotated = rendu
