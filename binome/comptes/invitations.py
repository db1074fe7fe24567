"""Jeton et lien d'invitation : le compte est créé sans mot de passe, la personne choisit le sien.

Le jeton reprend le mécanisme de réinitialisation de Django (signé, lié à l'état du mot de passe et à la
dernière connexion : il ne sert qu'une fois) avec un sel distinct, si bien qu'un lien de réinitialisation ne
vaut pas invitation et inversement. Il expire après ``PASSWORD_RESET_TIMEOUT`` (3 jours).
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class GenerateurJetonInvitation(PasswordResetTokenGenerator):
    key_salt = "binome.comptes.invitations.GenerateurJetonInvitation"


jeton_invitation = GenerateurJetonInvitation()


def duree_validite_jours() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


def chemin_invitation(utilisateur) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(utilisateur.pk))
    return reverse("comptes:invitation", kwargs={"uidb64": uidb64, "token": jeton_invitation.make_token(utilisateur)})


def lien_invitation(utilisateur, url_site: str | None = None) -> str:
    base = (url_site or settings.BINOME_URL_SITE).rstrip("/")
    return base + chemin_invitation(utilisateur)
