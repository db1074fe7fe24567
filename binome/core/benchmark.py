"""Outils communs des commandes de mesure (``benchmark_ressources``, ``benchmark_stats``).

Une mesure se fait par défaut dans une base dédiée, jamais dans la base de travail : la commande se relance
elle-même dans un sous-processus avec ``DATABASE_URL`` pointant sur cette base (SQLite temporaire par défaut),
après ``migrate``.
"""

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def base_mesuree(connexion=None) -> str:
    """La ligne d'en-tête de chaque mesure : moteur, version et hôte de la base mesurée (jamais d'identifiants).

    ``make benchmark`` mesure la base que nomme ``DATABASE_URL`` (issue 17) : cette ligne le prouve à la lecture.
    """
    from django.db import connection

    connexion = connexion or connection
    reglages = connexion.settings_dict
    with connexion.cursor() as curseur:
        if connexion.vendor == "postgresql":
            curseur.execute("SHOW server_version")
            version = curseur.fetchone()[0].split()[0]
            hote = f"{reglages.get('HOST') or 'socket locale'}:{reglages.get('PORT') or 5432}"
            return _("Base mesurée : PostgreSQL %(v)s, hôte %(h)s, base %(b)s") % {
                "v": version,
                "h": hote,
                "b": reglages["NAME"],
            }
        if connexion.vendor == "sqlite":
            curseur.execute("SELECT sqlite_version()")
            return _("Base mesurée : SQLite %(v)s, hôte %(h)s, fichier %(b)s") % {
                "v": curseur.fetchone()[0],
                "h": socket.gethostname(),
                "b": reglages["NAME"],
            }
    return _("Base mesurée : %(m)s, hôte %(h)s") % {"m": connexion.vendor, "h": reglages.get("HOST") or "?"}


def arguments_transmis(options: dict, valeurs: list[str], drapeaux: list[str]) -> list[str]:
    """Options de la commande à transmettre telles quelles au sous-processus."""
    arguments = []
    for nom in valeurs:
        arguments += [f"--{nom.replace('_', '-')}", str(options[nom])]
    arguments += [f"--{nom.replace('_', '-')}" for nom in drapeaux if options[nom]]
    return arguments


def mesurer_dans_base_dediee(*, commande: str, arguments: list[str], base_dediee: str, stdout) -> None:
    """Migre la base dédiée puis y lance ``commande --base-courante <arguments>``, en relayant sa sortie."""
    with tempfile.TemporaryDirectory(prefix=f"binome-{commande}-") as dossier:
        url = base_dediee or f"sqlite:///{Path(dossier) / 'benchmark.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        # Sans identifiants : seule la partie après « @ » de l'URL est affichée.
        stdout.write(_("Base dédiée : %(u)s") % {"u": url.split("@")[-1]})
        etapes = [
            [*manage, "migrate", "--noinput", "-v", "0"],
            [*manage, commande, "--base-courante", *arguments],
        ]
        for etape in etapes:
            resultat = subprocess.run(etape, env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
            stdout.write(resultat.stdout, ending="")
            if resultat.returncode != 0:
                raise CommandError(_("Échec de l'étape : %(c)s") % {"c": " ".join(etape[1:3])})
