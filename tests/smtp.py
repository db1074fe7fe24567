"""Un vrai serveur SMTP pour les tests (aiosmtpd), lancé dans le processus de test sur 127.0.0.1.

La fixture ``serveur_smtp`` (``tests/conftest.py``) le démarre sur un port libre et dirige le backend SMTP de
Django vers lui pour la durée du test : le courriel traverse la vraie pile (``smtplib``, encodage MIME, dialogue
SMTP), puis le test lit ce que le serveur a reçu, parsé par ``email`` (``policy.default``).
"""

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage


@dataclass(frozen=True)
class MessageRecu:
    expediteur: str
    destinataires: tuple[str, ...]
    message: EmailMessage

    @property
    def sujet(self) -> str:
        """L'objet décodé ; Django plie l'en-tête encodé dès sa première ligne (``Subject: \\n =?utf-8?…``), que
        ``policy.default`` relit avec une espace en tête."""
        return str(self.message["Subject"]).strip()

    def partie(self, type_mime: str) -> EmailMessage | None:
        """La première partie ``type_mime`` (ex. ``text/calendar``) du message, ou ``None``."""
        return next((p for p in self.message.walk() if p.get_content_type() == type_mime), None)

    def texte(self, type_mime: str = "text/plain") -> str:
        partie = self.partie(type_mime)
        return partie.get_content() if partie is not None else ""


@dataclass
class ServeurSmtp:
    """Ce que le serveur a reçu, dans l'ordre d'arrivée."""

    hote: str
    port: int = 0
    recus: list[MessageRecu] = field(default_factory=list)
    _verrou: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def messages(self) -> list[EmailMessage]:
        with self._verrou:
            return [recu.message for recu in self.recus]

    def vider(self) -> None:
        with self._verrou:
            self.recus.clear()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (nom imposé par aiosmtpd)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self._verrou:
            self.recus.append(MessageRecu(envelope.mail_from, tuple(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def port_libre(hote: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as prise:
        prise.bind((hote, 0))
        return prise.getsockname()[1]
