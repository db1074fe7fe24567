"""``manage.py envoyer_resumes [--date AAAA-MM-JJ]`` : envoie les résumés par courriel dus ce jour-là.

La même fonction est la tâche planifiée ``binome.quotidien.taches.envoyer_resumes``. Relancer la commande le même
jour n'envoie rien deux fois (chaque résumé est réclamé avant l'envoi)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from binome.quotidien import resumes


def _date(valeur: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as erreur:
        raise CommandError(
            _("Date invalide « %(valeur)s » : attendu AAAA-MM-JJ, par exemple 2026-12-07.") % {"valeur": valeur}
        ) from erreur


class Command(BaseCommand):
    help = _(
        "Envoie les résumés par courriel de ce qui attend chaque professionnel (chaque jour ouvré ou chaque lundi, "
        "selon sa préférence) ; une relance le même jour n'envoie rien deux fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("Jour des résumés (AAAA-MM-JJ) ; par défaut, aujourd'hui."))

    def handle(self, *args, date=None, **options):
        jour = _date(date) if date else timezone.localdate()
        destinataires = resumes.destinataires(jour)
        self.stdout.write(
            _("%(n)s destinataire(s) possible(s) pour le %(jour)s.")
            % {"n": len(destinataires), "jour": date_format(jour, "l j F Y")}
        )
        envoyes = 0
        with tqdm(total=len(destinataires), desc=_("Résumés"), unit="résumé", disable=not destinataires) as barre:
            for utilisateur in destinataires:
                envoyes += resumes.envoyer_resume(utilisateur, jour)
                barre.update(1)
        message = (
            ngettext("%(n)s résumé envoyé.", "%(n)s résumés envoyés.", envoyes) % {"n": envoyes}
            if envoyes
            else _("Aucun résumé envoyé.")
        )
        if envoyes < len(destinataires):
            message += " " + _("Les autres n'avaient rien à signaler, étaient déjà partis ou n'ont pas pu partir.")
        self.stdout.write(self.style.SUCCESS(message))
