"""``manage.py charger_referentiels`` : charge ou met à jour les données de référence livrées avec Binôme.

La commande enchaîne les étapes de ``ETAPES``, chacune dans sa propre transaction. Une étape est
une fonction ``charger(stdout, progression: bool) -> dict`` qui renvoie, pour chaque table qu'elle
alimente (libellé en français), un dictionnaire de compteurs parmi ``creees``, ``mises_a_jour``,
``inchangees`` et ``supprimees``. Elle lève ``ValueError`` (message en français) si ses données sont
invalides : l'étape est alors annulée entière et la commande s'arrête en erreur.

Pour ajouter un référentiel, ajoutez le chemin de sa fonction à ``ETAPES``. La commande est
idempotente : un second passage ne crée rien et ne réécrit que ce qui a changé.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ETAPES = [
    "binome.territoires.referentiels.charger",
    "binome.accompagnement.referentiel.charger",
    # Appartenance commune → EPCI (zones d'éligibilité de l'annuaire), après les territoires.
    "binome.ressources.epci.charger",
]


def _nombre(valeur: int) -> str:
    return number_format(valeur, force_grouping=True)


def resumer(libelle: str, compteurs: dict[str, int]) -> str:
    """« Communes : 34 979 lignes créées, 0 mise à jour, 0 inchangée »."""
    creees = compteurs.get("creees", 0)
    mises_a_jour = compteurs.get("mises_a_jour", 0)
    inchangees = compteurs.get("inchangees", 0)
    supprimees = compteurs.get("supprimees", 0)
    morceaux = [
        ngettext("%(n)s ligne créée", "%(n)s lignes créées", creees) % {"n": _nombre(creees)},
        ngettext("%(n)s mise à jour", "%(n)s mises à jour", mises_a_jour) % {"n": _nombre(mises_a_jour)},
        ngettext("%(n)s inchangée", "%(n)s inchangées", inchangees) % {"n": _nombre(inchangees)},
    ]
    if supprimees:
        morceaux.append(ngettext("%(n)s supprimée", "%(n)s supprimées", supprimees) % {"n": _nombre(supprimees)})
    return _("%(libelle)s : %(detail)s") % {"libelle": libelle, "detail": ", ".join(morceaux)}


class Command(BaseCommand):
    help = "Charge ou met à jour les données de référence (territoires du COG 2024, codes postaux…). Idempotente."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sans-progression",
            action="store_true",
            help="N'affiche pas de barre de progression (journaux, intégration continue).",
        )

    def handle(self, *args, sans_progression=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._charger(progression=not sans_progression)

    def _charger(self, *, progression: bool):
        debut = time.perf_counter()
        resume = []
        for chemin in ETAPES:
            fonction = import_string(chemin)
            debut_etape = time.perf_counter()
            try:
                with transaction.atomic():
                    bilan = fonction(stdout=self.stdout, progression=progression)
            except ValueError as erreur:
                raise CommandError(
                    _("Étape %(etape)s annulée, rien n'a été enregistré pour elle : %(erreur)s")
                    % {"etape": chemin, "erreur": erreur}
                ) from erreur
            duree = time.perf_counter() - debut_etape
            resume.append(_("Étape %(etape)s (%(duree)s s) :") % {"etape": chemin, "duree": number_format(duree, 1)})
            resume.extend("  " + resumer(libelle, compteurs) for libelle, compteurs in bilan.items())
        duree = time.perf_counter() - debut
        self.stdout.write("\n".join(resume))
        self.stdout.write(
            self.style.SUCCESS(_("Données de référence à jour en %(duree)s s.") % {"duree": number_format(duree, 1)})
        )
