"""Mémoire d'une requête de lecture (issue 17, « Échelle », coût fixe par requête).

Une page relit plusieurs fois la même chose : le même test de droit sur un parcours (fiche personne : en-tête,
onglets, rendez-vous…), les mêmes paramètres du département. ``memoriser(cle, calcul)`` calcule une fois par
requête et rend ensuite la valeur gardée.

Garde-fous :

- la mémoire n'existe que **pendant une requête GET ou HEAD** (``MemoireRequeteMiddleware``), dans un
  ``contextvars`` vidé à la fin de la requête : rien ne survit d'une requête à l'autre, aucune décision de droit
  n'est gardée au-delà ;
- hors de cette portée (POST, tâches, commandes, tests qui appellent les selectors directement), ``memoriser``
  calcule à chaque appel : un POST ne lit jamais une valeur gardée avant son écriture ;
- la mémoire est portée par la requête, pas par un objet (utilisateur, parcours) qui pourrait lui survivre.
"""

from collections.abc import Callable, Hashable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memoire: ContextVar[dict | None] = ContextVar("binome_memoire_requete", default=None)

METHODES_DE_LECTURE = frozenset({"GET", "HEAD"})


@contextmanager
def portee():
    """Ouvre une mémoire neuve, vidée à la sortie (intergiciel ; tests)."""
    jeton = _memoire.set({})
    try:
        yield
    finally:
        _memoire.reset(jeton)


def memoriser(cle: Hashable, calcul: Callable[[], T]) -> T:
    """La valeur de ``calcul()`` gardée sous ``cle`` pour la requête de lecture en cours ; hors d'une telle
    requête, ``calcul()`` à chaque appel. La clé nomme la fonction et tous ses arguments."""
    memoire = _memoire.get()
    if memoire is None:
        return calcul()
    if cle not in memoire:
        memoire[cle] = calcul()
    return memoire[cle]


class MemoireRequeteMiddleware:
    """Ouvre la mémoire pour les seules requêtes GET et HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in METHODES_DE_LECTURE:
            return self.get_response(request)
        with portee():
            return self.get_response(request)
