"""Filtres de texte des gabarits."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from binome.core import texte

register = template.Library()


@register.filter
def de(nom) -> str:
    """``{{ personne|de }}`` : « d'Isabelle Martin », « de Marc Durand » (élision devant une voyelle ou un h muet)."""
    return texte.de(nom)


@register.filter
def date_iso_lisible(valeur: str, format_: str = "SHORT_DATE_FORMAT") -> str:
    """Date ou horodatage ISO 8601 (celui d'un relevé JSON) affiché au format français : jamais d'ISO à l'écran."""
    if not valeur:
        return ""
    moment = datetime.datetime.fromisoformat(str(valeur))
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, format_)
