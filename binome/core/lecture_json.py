"""Lecture des fichiers JSON importés : une seule politique, le pendant de ``lecture_csv`` pour le JSON.

Politique :

- **taille** : au plus ``taille_max`` octets, fixée par l'appelant ;
- **encodage** : UTF-8, avec ou sans BOM ; tout autre octet est refusé (le JSON est en UTF-8) ;
- **forme** : un document JSON valide, imbriqué sur au plus ``profondeur_max`` niveaux. La profondeur est
  contrôlée après l'analyse par un parcours sans récursion, et une analyse qui dépasse la pile de Python
  (100 000 crochets imbriqués) est refusée de même : un message, jamais un ``RecursionError`` ;
- **refus** : un fichier inutilisable lève ``FichierJSONRefuse``, une ``ValidationError`` au message en
  français, avec un ``code`` : ``taille``, ``encodage``, ``vide``, ``binaire``, ``profondeur`` ou ``json``.
"""

import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from binome.core.lecture_csv import _taille_lisible

PROFONDEUR_MAX = 32


class FichierJSONRefuse(ValidationError):
    """Le fichier entier est inutilisable : rien n'est importé."""


def _trop_profond(donnees, limite: int) -> bool:
    """Vrai si ``donnees`` imbrique listes et objets sur plus de ``limite`` niveaux (parcours sans récursion)."""
    pile = [(donnees, 1)]
    while pile:
        valeur, niveau = pile.pop()
        if isinstance(valeur, dict):
            valeur = list(valeur.values())
        elif not isinstance(valeur, list):
            continue
        if niveau > limite:
            return True
        pile.extend((enfant, niveau + 1) for enfant in valeur)
    return False


def refus_taille(taille_max: int) -> FichierJSONRefuse:
    """Le refus d'un fichier trop gros (aussi pour qui le refuse sur sa taille, avant de le lire)."""
    return FichierJSONRefuse(
        _("Le fichier dépasse la taille maximale de %(max)s : découpez-le en plusieurs fichiers.")
        % {"max": _taille_lisible(taille_max)},
        code="taille",
    )


def lire_json(contenu: bytes | str, *, taille_max: int, profondeur_max: int = PROFONDEUR_MAX):
    """Le document JSON de ``contenu`` (octets d'un fichier ou texte) ; ``FichierJSONRefuse`` sinon."""
    taille = len(contenu.encode("utf-8", errors="replace") if isinstance(contenu, str) else contenu)
    if taille > taille_max:
        raise refus_taille(taille_max)
    if isinstance(contenu, bytes):
        try:
            texte = contenu.decode("utf-8-sig")
        except UnicodeDecodeError as erreur:
            raise FichierJSONRefuse(
                _("Le fichier n'est pas un texte UTF-8 (octet illisible à la position %(p)s) : ce n'est pas un JSON.")
                % {"p": erreur.start},
                code="encodage",
            ) from erreur
    else:
        texte = contenu.removeprefix("\ufeff")
    if not texte.strip():
        raise FichierJSONRefuse(_("Le fichier est vide."), code="vide")
    if "\x00" in texte:
        raise FichierJSONRefuse(_("Le fichier contient des caractères nuls : ce n'est pas un JSON."), code="binaire")
    refus_profondeur = FichierJSONRefuse(
        _("Le JSON est imbriqué sur plus de %(n)s niveaux : ce n'est pas un fichier à importer.")
        % {"n": profondeur_max},
        code="profondeur",
    )
    try:
        donnees = json.loads(texte)
    except RecursionError as erreur:
        raise refus_profondeur from erreur
    except json.JSONDecodeError as erreur:
        raise FichierJSONRefuse(
            _("JSON illisible ligne %(l)s, colonne %(c)s.") % {"l": erreur.lineno, "c": erreur.colno}, code="json"
        ) from erreur
    if _trop_profond(donnees, profondeur_max):
        raise refus_profondeur
    return donnees
