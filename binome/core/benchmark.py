"""Outils communs des commandes de mesure (``benchmark_ressources``, ``benchmark_stats``).

Une mesure se fait par défaut dans une base dédiée, jamais dans la base de travail : la commande se relance
elle-même dans un sous-processus avec ``DATABASE_URL`` pointant sur cette base (SQLite temporaire par défaut),
après ``migrate``.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


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
