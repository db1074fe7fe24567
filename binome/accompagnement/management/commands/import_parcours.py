"""``manage.py import_parcours FICHIER.csv [--dry-run]`` : reprise du suivi existant d'un département.

Format du fichier et règles : ``docs/import-parcours.md``. Le fichier est refusé en entier à la moindre
ligne invalide (chaque ligne fautive est signalée avec son numéro et la raison) ; la commande se termine
alors avec un code de sortie non nul. Le fichier est lu en flux (``fichier_import.lire_fichier``) : pas de
limite de taille.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from binome.accompagnement.fichier_import import FichierRefuse, lire_fichier
from binome.accompagnement.services.importation import ImportRefuse, parcours_importer
from binome.comptes.models import Utilisateur


class Command(BaseCommand):
    help = _(
        "Importe les parcours en cours ou clos d'un tableur CSV (UTF-8) ; tout ou rien. "
        "Voir docs/import-parcours.md pour le format."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help=_("Fichier CSV (UTF-8, en-tête en ligne 1)."))
        parser.add_argument("--dry-run", action="store_true", help=_("Vérifie le fichier sans rien enregistrer."))
        parser.add_argument(
            "--acteur",
            metavar="EMAIL",
            default="",
            help=_(
                "Utilisateur au nom duquel importer (noté dans l'historique) ; il doit administrer les départements."
            ),
        )
        parser.add_argument(
            "--departement",
            metavar="CODE",
            default=None,
            help=_("N'importe que dans ce département : toute ligne d'un autre département est refusée."),
        )
        parser.add_argument(
            "--sans-progression", action="store_true", help=_("N'affiche pas de barre de progression.")
        )

    def handle(
        self, *args, fichier: Path, dry_run=False, acteur="", departement=None, sans_progression=False, **options
    ):
        with translation.override(settings.LANGUAGE_CODE):
            self._importer(
                fichier,
                dry_run=dry_run,
                email_acteur=acteur,
                departement=departement,
                progression=not sans_progression,
            )

    def _importer(self, fichier: Path, *, dry_run: bool, email_acteur: str, departement, progression: bool):
        acteur = None
        if email_acteur:
            acteur = Utilisateur.objects.filter(email__iexact=email_acteur.strip(), is_active=True).first()
            if acteur is None:
                raise CommandError(_("Aucun utilisateur actif n'a l'adresse « %(e)s ».") % {"e": email_acteur})
        if not fichier.is_file():
            raise CommandError(_("Fichier introuvable : %(f)s") % {"f": fichier})

        def barre(total):
            return tqdm(total=total, unit=_("parcours"), desc=_("Import"), disable=not progression, file=self.stderr)

        try:
            # Lignes lues en flux : un refus du fichier entier peut venir de la lecture (à l'appel) ou plus loin
            # (ligne mal formée) ; dans les deux cas rien n'est écrit (transaction de ``parcours_importer``).
            rapport = parcours_importer(
                acteur=acteur,
                lignes=lambda: lire_fichier(fichier),  # lu deux fois en flux : contrôle, puis écriture
                departement=departement,
                dry_run=dry_run,
                progression=barre,
            )
        except FichierRefuse as refus:
            raise CommandError(
                _("Fichier refusé, rien n'a été enregistré. %(raison)s") % {"raison": " ".join(refus.messages)}
            ) from refus
        except ImportRefuse as refus:
            for anomalie in refus.anomalies:
                self.stderr.write(str(anomalie))
            lignes_fautives = len({a.ligne for a in refus.anomalies})
            raise CommandError(
                ngettext(
                    "Fichier refusé : %(n)s ligne en erreur (détail ci-dessus). Rien n'a été enregistré.",
                    "Fichier refusé : %(n)s lignes en erreur (détail ci-dessus). Rien n'a été enregistré.",
                    lignes_fautives,
                )
                % {"n": lignes_fautives}
            ) from refus
        self.stdout.write(self.style.SUCCESS(rapport.resume()))
