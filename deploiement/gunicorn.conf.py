"""Réglages de gunicorn : ``gunicorn --config deploiement/gunicorn.conf.py binome.wsgi`` depuis la racine du dépôt
(unité ``deploiement/binome-web.service``, voir docs/exploitation.md « Processus »).

Aucune donnée personnelle dans ses journaux : la recherche de personnes met des noms dans la chaîne de requête.
Le journal d'accès écrit le chemin sans la chaîne de requête (``%(U)s``), jamais la ligne de requête (``%(r)s``),
la chaîne de requête (``%(q)s``) ni le référent (``%(f)s``, qui porte celle de la page précédente). Le journal
d'erreurs (« Error handling request /chemin?… ») passe par le filtre de Binôme.
"""

import logging
import os

# Derrière nginx (mandataire inverse) ; surchargeable par GUNICORN_CMD_ARGS (« --bind … --workers … »). Plusieurs
# serveurs d'application (docs/exploitation.md, « Topologie de production ») : chacun écoute sur son adresse privée
# (GUNICORN_CMD_ARGS="--bind 10.0.0.11:8001") et nginx les liste dans son amont.
bind = "127.0.0.1:8001"
# Travailleurs synchrones, un processus par requête : les pages sont limitées par le processeur (Python), pas par la
# base ; 3 pour 2 cœurs (le temps d'attente de la base, journal compris, laisse un cœur libre à un seul). Des
# threads (« --threads 4 », travailleurs gthread) ne donnent pas de cœur de plus : sur la machine partagée de la
# mesure, ils ont pris plus de processeur aux autres processus mais allongé le temps serveur de chaque page
# (docs/exploitation.md, « Charge »). À mesurer sur la machine cible : make benchmark-charge
# BENCHMARK_ARGS_CHARGE="--travailleurs 5 --threads 2".
workers = 3
# Adresses des mandataires dont gunicorn croit les en-têtes X-Forwarded-* (schéma https) ; nginx sur une autre
# machine : son adresse dans GUNICORN_MANDATAIRES (Django lit X-Forwarded-For et X-Forwarded-Proto avec
# DERRIERE_PROXY, binome/core/reseau.py).
forwarded_allow_ips = os.environ.get("GUNICORN_MANDATAIRES", "127.0.0.1,::1")
control_socket_disable = True  # pilotage par systemctl (reload = SIGHUP) : aucune socket dans $HOME
accesslog = "-"  # journal d'accès sur la sortie standard : journald
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'


def on_starting(server):
    from binome.core.journalisation import FiltreDonneesPersonnelles

    for nom in ("gunicorn.error", "gunicorn.access"):
        logging.getLogger(nom).addFilter(FiltreDonneesPersonnelles())
