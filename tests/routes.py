"""Inventaire des routes de l'application, pour les tests générés (accès anonyme, fuites entre personas)."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Valeur factice par type de convertisseur : suffisante pour résoudre la route.
_VALEURS = {"int": "1", "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x"}
_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<nom>[^>]+)>")


@dataclass(frozen=True)
class Route:
    nom: str
    gabarit: str

    def chemin(self, **valeurs) -> str:
        def remplacer(m):
            return str(valeurs.get(m.group("nom"), _VALEURS.get(m.group("conv") or "str", "x")))

        return "/" + _PARAM.sub(remplacer, self.gabarit)


def _parcourir(motifs, prefixe="", espace=""):
    for motif in motifs:
        if isinstance(motif, URLResolver):
            ns = espace
            if motif.namespace:
                ns = f"{espace}{motif.namespace}:"
            yield from _parcourir(motif.url_patterns, prefixe + str(motif.pattern), ns)
        elif isinstance(motif, URLPattern):
            gabarit = prefixe + str(motif.pattern)
            gabarit = gabarit.lstrip("^").rstrip("$").replace("\\Z", "")
            yield Route(nom=f"{espace}{motif.name or ''}", gabarit=gabarit)


def toutes_les_routes() -> list[Route]:
    return list(_parcourir(get_resolver().url_patterns))
