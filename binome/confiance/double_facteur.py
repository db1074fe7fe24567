"""Double authentification (TOTP, django-otp) : obligatoire pour les administrateurs, possible pour tous.

À la connexion (signal ``user_logged_in``), l'état est calculé une fois et gardé en session :
- ``A_VERIFIER`` : l'utilisateur a une application enrôlée, il doit saisir un code ;
- ``A_ENROLER`` : il administre (administrateur départemental, super-administrateur) sans application
  enrôlée : il doit en enrôler une ;
- vide : rien à faire.
``binome.confiance.middleware.DoubleFacteurMiddleware`` applique cet état à chaque page.

Les écritures (enrôlement, vérification, désactivation) sont dans ``binome.confiance.services.double_facteur``.
"""

import base64
import binascii
import io
import secrets
from urllib.parse import quote

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from binome.comptes.models import Role
from binome.comptes.selectors import a_role, est_super_admin

CLE_SESSION = "binome_double_facteur"
CLE_SECRET_ENROLEMENT = "binome_double_facteur_secret"
A_VERIFIER = "verifier"
A_ENROLER = "enroler"
NOM_APPAREIL = "Application d'authentification"


def double_facteur_obligatoire(utilisateur) -> bool:
    """Les administrateurs (départementaux et de la plateforme) doivent utiliser la double authentification."""
    if not getattr(settings, "BINOME_DOUBLE_FACTEUR_OBLIGATOIRE", True):
        return False
    return est_super_admin(utilisateur) or a_role(utilisateur, Role.ADMIN_DEPARTEMENTAL)


def appareils(utilisateur):
    return TOTPDevice.objects.filter(user=utilisateur, confirmed=True)


def etat_a_la_connexion(utilisateur) -> str:
    if appareils(utilisateur).exists():
        return A_VERIFIER
    if double_facteur_obligatoire(utilisateur):
        return A_ENROLER
    return ""


@receiver(user_logged_in, dispatch_uid="binome_double_facteur_connexion")
def _a_la_connexion(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[CLE_SESSION] = etat_a_la_connexion(user)


# --- Enrôlement ----------------------------------------------------------------------------------------


def nouveau_secret() -> str:
    """Clé TOTP (20 octets, en hexadécimal comme la stocke django-otp)."""
    return secrets.token_hex(20)


def secret_base32(cle_hex: str) -> str:
    return base64.b32encode(binascii.unhexlify(cle_hex)).decode().rstrip("=")


def uri_enrolement(utilisateur, cle_hex: str) -> str:
    emetteur = settings.BINOME_NOM_PRODUIT
    libelle = quote(f"{emetteur}:{utilisateur.email}")
    return f"otpauth://totp/{libelle}?secret={secret_base32(cle_hex)}&issuer={quote(emetteur)}&digits=6&period=30"


def qr_svg(uri: str) -> bytes:
    tampon = io.BytesIO()
    segno.make(uri, error="m").save(tampon, kind="svg", scale=5, border=2, title=_("QR code d'enrôlement"))
    return tampon.getvalue()


def marquer_verifie(request, appareil) -> None:
    otp_login(request, appareil)
    request.session[CLE_SESSION] = ""
    request.session.pop(CLE_SECRET_ENROLEMENT, None)
