"""Issue 12, point 19 : une demande de coordination close affichait le badge « FERMER » (le verbe) : la chaîne
française « Close » est une clé du catalogue anglais→français de Django. Binôme n'a pas de catalogue propre :
toute chaîne marquée pour la traduction doit s'afficher telle qu'écrite, sinon un catalogue tiers l'a captée."""

import re
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.translation import gettext

from binome.accompagnement.enums import StatutCoordination

RACINE = Path(__file__).resolve().parents[2]

CHAINES_PY = re.compile(r"""\b(?:_|gettext|gettext_lazy|gettext_noop)\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")
CHAINES_GABARITS = re.compile(r"""\{%\s*translate\s+"([^"]*)\"""")


def _chaines():
    for dossier, motif, expression in (("binome", "*.py", CHAINES_PY), ("templates", "*.html", CHAINES_GABARITS)):
        for chemin in sorted((RACINE / dossier).rglob(motif)):
            for trouvee in expression.finditer(chemin.read_text(encoding="utf-8")):
                yield chemin.relative_to(RACINE), trouvee.group(1)


def test_aucune_chaine_captee_par_un_catalogue_tiers():
    with translation.override("fr"):
        captees = sorted({f"{chemin} : « {s} » → « {gettext(s)} »" for chemin, s in _chaines() if gettext(s) != s})
    assert not captees, "\n".join(captees)


def test_aucun_libelle_de_choix_capte():
    with translation.override("fr"):
        captes = []
        for classe in _sous_classes(models.Choices):
            for membre in classe:
                libelle = membre.label
                origine = getattr(libelle, "_args", (None,))[-1]
                if isinstance(origine, str) and str(libelle) != origine:
                    captes.append(f"{classe.__name__}.{membre.name} : « {origine} » → « {libelle} »")
        assert not captes, "\n".join(captes)
        assert str(StatutCoordination.CLOSE.label) == "Close"


def _sous_classes(classe):
    for sous in classe.__subclasses__():
        if sous.__module__.startswith("binome."):
            yield sous
        yield from _sous_classes(sous)
