"""Le seul fabricant de courriels de Binôme : une partie texte, une partie HTML facultative, des pièces jointes.

La partie texte est rendue **sans échappement HTML** : un gabarit ``.txt`` rendu par ``render_to_string``
écrit ``d&#x27;insertion`` pour « d'insertion » (défaut vu dans les rappels de l'annuaire). La partie HTML, elle,
reste échappée. Les gabarits : ``<nom>.txt`` (obligatoire), ``<nom>.html`` (si ``html=True``) et
``<nom>_sujet.txt`` (une ligne).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context, engines
from django.template.loader import render_to_string


@dataclass(frozen=True)
class PieceJointe:
    nom: str
    contenu: bytes
    type_mime: str  # ex. 'text/calendar; method=REQUEST; charset="utf-8"'


def rendre_texte(gabarit: str, contexte: dict) -> str:
    """Un gabarit de texte brut rendu sans échappement HTML (sujet, partie texte, SMS)."""
    modele = engines["django"].engine.get_template(gabarit)
    return modele.render(Context(contexte, autoescape=False))


def courriel(
    *,
    a: list[str],
    gabarit: str,
    contexte: dict,
    html: bool = False,
    pieces_jointes: tuple[PieceJointe, ...] = (),
    alternatives: tuple[PieceJointe, ...] = (),
) -> EmailMultiAlternatives:
    """Le message prêt à partir (``.send()``). ``alternatives`` : autres rendus du corps (iMIP : text/calendar)."""
    contexte = {"nom_produit": settings.BINOME_NOM_PRODUIT, "url_site": settings.BINOME_URL_SITE, **contexte}
    sujet = " ".join(rendre_texte(f"{gabarit}_sujet.txt", contexte).split())
    message = EmailMultiAlternatives(sujet, rendre_texte(f"{gabarit}.txt", contexte), None, a)
    if html:
        message.attach_alternative(render_to_string(f"{gabarit}.html", contexte), "text/html")
    for alternative in alternatives:
        message.attach_alternative(alternative.contenu.decode(), alternative.type_mime)
    for piece in pieces_jointes:
        message.attach(piece.nom, piece.contenu, piece.type_mime)
    return message
