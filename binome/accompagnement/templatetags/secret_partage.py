"""Secret partagé dans les gabarits : ``{% champ_visible objet "champ" cote_social as visible %}`` lit la seule
déclaration des champs réservés au côté social (``binome.accompagnement.secret_partage``)."""

from django import template

from binome.accompagnement.secret_partage import champ_masque

register = template.Library()


@register.simple_tag
def champ_visible(objet, champ: str, cote_social: bool) -> bool:
    return not champ_masque(objet, champ, cote_social=bool(cote_social))
