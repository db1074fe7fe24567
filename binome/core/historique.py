"""Auteur et motif des lignes d'historique (django-simple-history), écrits en un seul endroit.

Chaque service qui enregistre un objet historisé passe par ``sauver`` (ou ``tracer`` avant une écriture
groupée) : la ligne d'historique porte ainsi l'acteur et la raison de la modification, sans qu'aucun module
n'affecte lui-même les attributs privés ``_history_user`` et ``_change_reason`` de simple-history.
"""

from django.db import models


def tracer(objet: models.Model, *, acteur, raison: str, date=None) -> models.Model:
    """Prépare la prochaine ligne d'historique de ``objet`` : auteur (s'il est connu), motif et, pour une reprise
    de données (import, démonstration), la date de la modification quand ce n'est pas maintenant."""
    objet._change_reason = raison
    if acteur is not None:
        objet._history_user = acteur
    if date is not None:
        objet._history_date = date
    return objet


def sauver(objet: models.Model, *, acteur, raison: str, **options) -> models.Model:
    """Enregistre ``objet`` avec sa ligne d'historique (``options`` : celles de ``Model.save``)."""
    tracer(objet, acteur=acteur, raison=raison)
    objet.save(**options)
    return objet
