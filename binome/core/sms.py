"""Envoi de SMS à la personne, par un expéditeur enfichable (réglage ``SMS_BACKEND``).

``SMS_BACKEND`` est le chemin pointé d'une classe qui a une méthode ``envoyer(numero, texte)`` ; ``numero`` lui
arrive déjà normalisé au format E.164 (``+33612345678``). Livrés ici, sans aucun fournisseur réel :

- ``binome.core.sms.Console`` (défaut) : écrit le SMS sur le journal (``binome.sms``), numéro tronqué ;
- ``binome.core.sms.Memoire`` (réglages de test) : garde les SMS dans ``binome.core.sms.boite``, consultable comme
  ``django.core.mail.outbox`` (vidée avant chaque test par ``tests/conftest.py``).

Brancher un fournisseur : docs/exploitation.md, « SMS ». Un SMS ne porte jamais de détail social ni de santé.
"""

import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

journal = logging.getLogger("binome.sms")

LONGUEUR_SMS = 160  # un SMS simple (alphabet GSM 7 bits) ; au-delà, le message part en plusieurs segments

# Numéros à dix chiffres des départements d'outre-mer : préfixe national → indicatif du pays (ARCEP).
_OUTRE_MER = {
    "0262": "262",  # La Réunion (fixe)
    "0263": "262",
    "0269": "262",  # Mayotte (fixe)
    "0590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy (fixe)
    "0594": "594",  # Guyane (fixe)
    "0596": "596",  # Martinique (fixe)
    "0639": "262",  # Mayotte (mobile)
    "0690": "590",  # Guadeloupe (mobile)
    "0691": "590",
    "0692": "262",  # La Réunion (mobile)
    "0693": "262",
    "0694": "594",  # Guyane (mobile)
    "0696": "596",  # Martinique (mobile)
    "0697": "596",
}
_SEPARATEURS = re.compile(r"[\s.\-()/]")
_E164 = re.compile(r"\+[1-9]\d{7,14}")


class NumeroInvalide(ValueError):
    """Le numéro ne peut pas recevoir de SMS : le message dit pourquoi, en français."""


def normaliser(numero: str) -> str:
    """Le numéro au format E.164 : ``06 12 34 56 78`` → ``+33612345678`` ; ``NumeroInvalide`` sinon.

    Acceptés : dix chiffres commençant par 0 (métropole et outre-mer), ``+33…``/``0033…`` et tout numéro
    international ``+`` suivi de 8 à 15 chiffres.
    """
    brut = _SEPARATEURS.sub("", numero or "")
    if brut.startswith("00"):
        brut = "+" + brut[2:]
    if brut.startswith("+330"):  # « +33 (0)6… » : le zéro national recopié après l'indicatif
        brut = "+33" + brut[4:]
    if re.fullmatch(r"0[1-9]\d{8}", brut):
        indicatif = _OUTRE_MER.get(brut[:4])
        return f"+{indicatif}{brut[1:]}" if indicatif else f"+33{brut[1:]}"
    if brut.startswith("+33") and not re.fullmatch(r"\+33[1-9]\d{8}", brut):
        raise NumeroInvalide(_("Numéro français invalide : 9 chiffres sont attendus après +33."))
    if _E164.fullmatch(brut):
        return brut
    raise NumeroInvalide(
        _("Numéro de téléphone invalide : saisissez dix chiffres commençant par 0 (ex. 06 12 34 56 78) ou +33…")
    )


@dataclass(frozen=True)
class Sms:
    numero: str  # E.164
    texte: str


def expediteur():
    """Une instance de la classe désignée par ``SMS_BACKEND``."""
    return import_string(settings.SMS_BACKEND)()


def envoyer(numero: str, texte: str) -> Sms:
    """Normalise ``numero`` (``NumeroInvalide`` s'il ne peut pas recevoir de SMS) et envoie ``texte``."""
    sms = Sms(numero=normaliser(numero), texte=" ".join(texte.split()))
    if not sms.texte:
        raise ValueError("SMS vide")
    expediteur().envoyer(sms.numero, sms.texte)
    return sms


def numero_tronque(numero: str) -> str:
    """``+33612345678`` → ``+336…78`` : assez pour reconnaître un envoi, pas pour rappeler la personne."""
    return f"{numero[:4]}…{numero[-2:]}"


class Console:
    """Développement : le SMS est écrit sur le journal, rien ne part."""

    def envoyer(self, numero: str, texte: str) -> None:
        journal.info("SMS (console, non envoyé) vers %s : %s", numero_tronque(numero), texte)


boite: list[Sms] = []


class Memoire:
    """Tests : le SMS est ajouté à ``binome.core.sms.boite``."""

    def envoyer(self, numero: str, texte: str) -> None:
        boite.append(Sms(numero=numero, texte=texte))
