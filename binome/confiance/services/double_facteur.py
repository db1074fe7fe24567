"""Écritures de la double authentification (applications TOTP de django-otp).

``TOTPDevice`` (django-otp) n'a pas d'historique simple-history : l'enrôlement et la désactivation laissent
une ligne du journal des accès (action « saisie »), qui dit qui, quand et quoi.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from binome.confiance.double_facteur import NOM_APPAREIL, appareils, double_facteur_obligatoire
from binome.confiance.journal import journaliser
from binome.confiance.models import Action

ROUTE_ENROLEMENT = "confiance:double_facteur_enroler"
ROUTE_DESACTIVATION = "confiance:double_facteur_desactiver"


def _code(code: str) -> str:
    return (code or "").strip().replace(" ", "")


def double_facteur_enroler(*, acteur, cle_hex: str, code: str) -> TOTPDevice:
    """Enregistre l'application si ``code`` correspond à la clé : rien n'est écrit sinon."""
    with transaction.atomic(durable=True):
        code = _code(code)
        if not cle_hex:
            raise ValidationError(_("La session d'enrôlement a expiré : recommencez depuis le début."))
        appareil = TOTPDevice.objects.create(user=acteur, name=NOM_APPAREIL, key=cle_hex, confirmed=False)
        if not code.isdigit() or not appareil.verify_token(code):
            raise ValidationError(
                _("Le code saisi ne correspond pas. Vérifiez l'heure de votre téléphone et saisissez le code affiché.")
            )
        appareil.confirmed = True
        appareil.save(update_fields=["confirmed"])
        journaliser(
            action=Action.SAISIE,
            finalite=_("Double authentification : application d'authentification enrôlée"),
            acteur=acteur,
            objet=appareil,
            route=ROUTE_ENROLEMENT,
        )
    return appareil


def double_facteur_verifier(*, acteur, code: str) -> TOTPDevice:
    """Le premier appareil confirmé qui accepte ``code`` ; ``ValidationError`` sinon (essais limités).

    django-otp écrit sur l'appareil le dernier code accepté et le compteur d'essais infructueux : la
    transaction est validée AVANT le refus, pour qu'un essai manqué reste compté.
    """
    with transaction.atomic(durable=True):
        code = _code(code)
        refus = _("Code incorrect ou expiré.")
        for appareil in appareils(acteur):
            autorise, _details = appareil.verify_is_allowed()
            if not autorise:
                refus = _("Trop d'essais infructueux : patientez quelques secondes avant de réessayer.")
                break
            if code.isdigit() and appareil.verify_token(code):
                return appareil
    raise ValidationError(refus)


def double_facteur_desactiver(*, acteur) -> int:
    """Retire toutes les applications de l'acteur (refusé à qui doit utiliser la double authentification)."""
    with transaction.atomic(durable=True):
        if double_facteur_obligatoire(acteur):
            raise ValidationError(_("La double authentification est obligatoire pour les administrateurs."))
        nombre, _detail = TOTPDevice.objects.filter(user=acteur).delete()
        if nombre:
            journaliser(
                action=Action.SAISIE,
                finalite=_("Double authentification : applications d'authentification retirées"),
                acteur=acteur,
                objet=("otp_totp.TOTPDevice", str(nombre)),
                route=ROUTE_DESACTIVATION,
            )
    return nombre
