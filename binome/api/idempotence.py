"""En-tête ``Idempotency-Key`` sur les créations : la même clé rejouée renvoie la même réponse, sans rien recréer.

Appliquer ``@idempotent`` sous le décorateur de route de chaque création (POST qui crée). À FAIRE (h1) :
mémoriser la réponse par (jeton ou compte, clé) et la rejouer ; 422 si la même clé revient avec un autre corps.
"""

import functools


def idempotent(vue):
    @functools.wraps(vue)
    def enveloppe(request, *args, **kwargs):
        return vue(request, *args, **kwargs)

    return enveloppe
