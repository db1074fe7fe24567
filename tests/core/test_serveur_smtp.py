"""La fixture ``serveur_smtp`` : un vrai serveur SMTP (aiosmtpd) reçoit ce que Django envoie."""

from django.core import mail
from django.core.mail import EmailMultiAlternatives


def test_le_courriel_traverse_un_vrai_serveur_smtp(serveur_smtp):
    message = EmailMultiAlternatives(
        "Objet accentué : été", "Texte d'insertion", "expediteur@example.org", ["personne@example.org"]
    )
    message.attach_alternative("<p>Texte d&#x27;insertion</p>", "text/html")
    assert message.send() == 1

    (recu,) = serveur_smtp.recus
    assert recu.destinataires == ("personne@example.org",)
    assert recu.sujet == "Objet accentué : été"
    assert recu.texte().strip() == "Texte d'insertion"
    assert "<p>" in recu.texte("text/html")
    assert mail.outbox == []  # rien n'est passé par locmem


def test_sans_la_fixture_les_tests_gardent_locmem(settings):
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
