"""Réglages de gunicorn, lus dans le dossier de lancement (``gunicorn binome.wsgi …``, voir docs/exploitation.md).

Aucune donnée personnelle dans ses journaux : la recherche de personnes met des noms dans la chaîne de requête.
Le journal d'accès écrit le chemin sans la chaîne de requête (``%(U)s``), jamais la ligne de requête (``%(r)s``),
la chaîne de requête (``%(q)s``) ni le référent (``%(f)s``, qui porte celle de la page précédente). Le journal
d'erreurs (« Error handling request /chemin?… ») passe par le filtre de Binôme.
"""

import logging

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def on_starting(server):
    from binome.core.journalisation import FiltreDonneesPersonnelles

    for nom in ("gunicorn.error", "gunicorn.access"):
        logging.getLogger(nom).addFilter(FiltreDonneesPersonnelles())
