"""``manage.py jeton_api`` : créer, lister et révoquer les jetons de l'API.

- ``jeton_api creer --utilisateur EMAIL --nom NOM [--lecture-seule] [--expire-le AAAA-MM-JJ]`` : le jeton en clair
  est imprimé seul sur la dernière ligne (``| tail -n 1`` le récupère) ; il n'est plus jamais affiché ensuite ;
- ``jeton_api lister [--utilisateur EMAIL]`` ;
- ``jeton_api revoquer PREFIXE_OU_ID``.

L'acteur noté dans l'historique est le système (aucun utilisateur), comme pour les autres commandes
d'exploitation : qui a accès au serveur a tous les droits. Erreurs en français, code de sortie non nul.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation
from django.utils.translation import gettext as _

from binome.comptes import services
from binome.comptes.jetons import LONGUEUR_PREFIXE_AFFICHE, empreinte
from binome.comptes.models import JetonApi, Utilisateur


def _date(texte: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError as erreur:
        raise CommandError(
            _("Date d'expiration invalide « %(t)s » : attendu AAAA-MM-JJ (par exemple 2027-12-31).") % {"t": texte}
        ) from erreur


def _utilisateur(email: str) -> Utilisateur:
    utilisateur = Utilisateur.objects.filter(email__iexact=email.strip()).first()
    if utilisateur is None:
        raise CommandError(_("Aucun compte n'a l'adresse « %(e)s ».") % {"e": email})
    return utilisateur


def _etat(jeton: JetonApi) -> str:
    if jeton.est_revoque:
        return _("révoqué")
    if jeton.est_expire:
        return _("expiré")
    if not jeton.utilisateur.is_active:
        return _("compte désactivé")
    return _("actif")


def _portee(jeton: JetonApi) -> str:
    return _("lecture seule") if jeton.lecture_seule else _("lecture et écriture")


def _quand(valeur) -> str:
    if valeur is None:
        return "—"
    if isinstance(valeur, datetime.datetime):
        return formats.date_format(valeur.astimezone(), "SHORT_DATETIME_FORMAT")
    return formats.date_format(valeur, "SHORT_DATE_FORMAT")


class Command(BaseCommand):
    help = _("Crée, liste ou révoque les jetons de l'API (Authorization: Bearer <jeton>).")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{creer,lister,revoquer}")
        creer = actions.add_parser("creer", help=_("Crée un jeton ; il est imprimé seul sur la dernière ligne."))
        creer.add_argument("--utilisateur", metavar="EMAIL", required=True, help=_("Compte auquel le jeton agit."))
        creer.add_argument("--nom", required=True, help=_("Nom du jeton (le logiciel qui l'utilise)."))
        creer.add_argument("--lecture-seule", action="store_true", help=_("Le jeton ne permet que la lecture."))
        creer.add_argument("--expire-le", metavar="AAAA-MM-JJ", default=None, help=_("Dernier jour de validité."))
        lister = actions.add_parser("lister", help=_("Liste les jetons (jamais leur valeur)."))
        lister.add_argument("--utilisateur", metavar="EMAIL", default=None, help=_("Les jetons de ce compte."))
        revoquer = actions.add_parser("revoquer", help=_("Révoque un jeton : il cesse aussitôt d'être accepté."))
        revoquer.add_argument("jeton", metavar="PREFIXE_OU_ID", help=_("Début du jeton (bnm_…) ou identifiant."))

    def handle(self, *args, action, **options):
        with translation.override(settings.LANGUAGE_CODE):
            getattr(self, f"_{action}")(**options)

    def _creer(self, *, utilisateur, nom, lecture_seule, expire_le, **options):
        compte = _utilisateur(utilisateur)
        echeance = _date(expire_le) if expire_le else None
        try:
            jeton, clair = services.jeton_api_creer(
                acteur=None, utilisateur=compte, nom=nom, lecture_seule=lecture_seule, expire_le=echeance
            )
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        self.stdout.write(
            _("Jeton « %(nom)s » (n° %(id)s, %(portee)s) créé pour %(email)s, expire : %(expire)s.")
            % {
                "nom": jeton.nom,
                "id": jeton.pk,
                "portee": _portee(jeton),
                "email": compte.email,
                "expire": _quand(jeton.expire_le) if jeton.expire_le else _("jamais"),
            }
        )
        self.stdout.write(_("Conservez-le maintenant : il ne sera plus jamais affiché. Il figure seul ci-dessous."))
        self.stdout.write(clair)

    def _lister(self, *, utilisateur, **options):
        jetons = JetonApi.objects.select_related("utilisateur").order_by("-cree_le", "-pk")
        if utilisateur:
            jetons = jetons.filter(utilisateur=_utilisateur(utilisateur))
        lignes = [
            "\t".join(
                (
                    str(j.pk),
                    f"{j.prefixe}…",
                    j.utilisateur.email,
                    j.nom,
                    _portee(j),
                    _("expire %(d)s") % {"d": _quand(j.expire_le)},
                    _("utilisé %(d)s") % {"d": _quand(j.derniere_utilisation_le)},
                    _etat(j),
                )
            )
            for j in jetons
        ]
        if not lignes:
            self.stdout.write(_("Aucun jeton."))
        for ligne in lignes:
            self.stdout.write(ligne)

    def _revoquer(self, *, jeton, **options):
        texte = jeton.strip().rstrip("…")
        if texte.isdigit():
            candidats = list(JetonApi.objects.filter(pk=int(texte)).order_by("pk"))
        elif len(texte) > LONGUEUR_PREFIXE_AFFICHE:
            # Le jeton entier : on le reconnaît à son empreinte.
            candidats = list(JetonApi.objects.filter(empreinte=empreinte(texte)).order_by("pk"))
        elif len(texte) >= 6:
            candidats = list(JetonApi.objects.filter(prefixe__startswith=texte).order_by("pk"))
        else:
            raise CommandError(_("Donnez l'identifiant du jeton ou au moins 6 caractères de son début (bnm_…)."))
        if not candidats:
            raise CommandError(_("Aucun jeton ne correspond à « %(t)s ».") % {"t": texte})
        actifs = [j for j in candidats if not j.est_revoque]
        if len(candidats) > 1 and len(actifs) != 1:
            raise CommandError(
                _("Plusieurs jetons correspondent à « %(t)s » : révoquez-le par son identifiant (%(ids)s).")
                % {"t": texte, "ids": ", ".join(str(j.pk) for j in candidats)}
            )
        cible = actifs[0] if actifs else candidats[0]
        try:
            services.jeton_api_revoquer(acteur=None, jeton=cible)
        except ValidationError as erreur:
            raise CommandError(" ".join(erreur.messages)) from erreur
        self.stdout.write(
            _("Jeton « %(nom)s » (%(prefixe)s…) révoqué.") % {"nom": cible.nom, "prefixe": cible.prefixe}
        )
