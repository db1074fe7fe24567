"""Transfert d'un dossier vers le Binôme d'un autre département (procédure : docs/echanges.md).

manage.py transferer_dossier exporter --personne PK --vers CODE --fichier F [--par EMAIL]
manage.py transferer_dossier importer --fichier F --departement CODE [--par EMAIL]
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from binome.accompagnement.models import Personne
from binome.comptes.models import Utilisateur
from binome.confiance.journal import journaliser
from binome.echanges.transfert import paquet, services


class Command(BaseCommand):
    help = "Exporte le dossier d'une personne en paquet signé, ou importe un paquet reçu d'un autre département."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        exporter = actions.add_parser("exporter", help="Écrit le paquet signé du dossier.")
        exporter.add_argument("--personne", type=int, required=True)
        exporter.add_argument("--vers", required=True, help="Code du département d'arrivée.")
        exporter.add_argument("--fichier", required=True)
        exporter.add_argument("--par", default="", help="Courriel de l'administrateur qui opère (journal).")
        importer = actions.add_parser("importer", help="Vérifie et importe un paquet reçu.")
        importer.add_argument("--fichier", required=True)
        importer.add_argument("--departement", required=True, help="Code du département d'arrivée.")
        importer.add_argument("--par", default="", help="Courriel de l'administrateur qui opère (journal).")

    def _acteur(self, courriel):
        if not courriel:
            return None
        try:
            return Utilisateur.objects.get(email__iexact=courriel)
        except Utilisateur.DoesNotExist as erreur:
            raise CommandError(f"Aucun compte pour {courriel}.") from erreur

    def handle(self, *args, **options):
        acteur = self._acteur(options["par"])
        try:
            if options["action"] == "exporter":
                self._exporter(options, acteur)
            else:
                self._importer(options, acteur)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur

    def _exporter(self, options, acteur):
        personne = Personne.objects.filter(pk=options["personne"]).first()
        if personne is None:
            raise CommandError(f"Aucune personne n° {options['personne']}.")
        contenu = paquet.signer(paquet.construire(personne, vers=options["vers"]))
        Path(options["fichier"]).write_bytes(contenu)
        journaliser(
            action="EXPORT",
            finalite=services.FINALITE_DEPART,
            acteur=acteur,
            objet=personne,
            personne=personne,
            route="transferer_dossier exporter",
        )
        self.stdout.write(f"Paquet écrit : {options['fichier']} (vers le département {options['vers']}).")

    def _importer(self, options, acteur):
        try:
            contenu = Path(options["fichier"]).read_bytes()
        except OSError as erreur:
            raise CommandError(f"Fichier illisible : {erreur}") from erreur
        resultat = services.dossier_importer(contenu=contenu, departement=options["departement"], acteur=acteur)
        self.stdout.write(
            f"Personne {'créée' if resultat.personne_creee else 'rapprochée'} (n° {resultat.personne.pk}) ; "
            f"parcours ajoutés : {resultat.parcours_crees}, déjà présents : {resultat.parcours_deja_presents} ; "
            f"événements ajoutés : {resultat.evenements_crees}."
        )
