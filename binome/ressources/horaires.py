"""Horaires d'accueil : la valeur OpenStreetMap (``opening_hours``, celle du schéma data·inclusion) lue et écrite
pour des humains.

Le modèle garde la valeur OSM (API et export data·inclusion inchangés). Ce module en connaît un sous-ensemble,
celui d'une **semaine type** : des règles « jours plages », par exemple ``Mo-Fr 09:00-12:00,14:00-17:00; Sa
09:00-12:00`` (une règle plus loin remplace les jours qu'elle nomme ; ``off``/``closed`` ferme ces jours). Tout
le reste (jours fériés ``PH``, mois, semaines, ``24/7``, lever du soleil…) est valide pour la bibliothèque
``opening_hours`` mais « non traduisible » : affiché tel quel avec une mention, saisi dans le champ avancé.

- ``lire(osm)`` → ``Semaine`` (sept tuples de plages ``(début, fin)`` en « HH:MM ») ou ``None`` ;
- ``ecrire(semaine)`` → la valeur OSM (``lire(ecrire(s)) == s`` pour toute semaine qu'accepte ``semaine_valide``) ;
- ``en_francais(osm)`` → lignes en français (« Du lundi au vendredi : 9 h – 12 h et 14 h – 17 h ») ou ``None``.
"""

import re

import opening_hours
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

JOURS_OSM = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
NOMS_JOURS = (
    gettext_lazy("lundi"),
    gettext_lazy("mardi"),
    gettext_lazy("mercredi"),
    gettext_lazy("jeudi"),
    gettext_lazy("vendredi"),
    gettext_lazy("samedi"),
    gettext_lazy("dimanche"),
)

Plage = tuple[str, str]
Semaine = tuple[tuple[Plage, ...], ...]
SEMAINE_VIDE: Semaine = ((),) * 7

_HEURE = r"(?:[01]\d|2[0-3]):[0-5]\d|24:00"
_JOUR = "|".join(JOURS_OSM)
_SELECTEUR_JOURS = rf"(?:{_JOUR})(?:-(?:{_JOUR}))?(?:,(?:{_JOUR})(?:-(?:{_JOUR}))?)*"
_PLAGES = rf"(?:{_HEURE})-(?:{_HEURE})(?:,(?:{_HEURE})-(?:{_HEURE}))*"
_REGLE = re.compile(rf"^(?P<jours>{_SELECTEUR_JOURS})?\s*(?P<plages>{_PLAGES}|off|closed)$")


def est_valide(osm: str) -> bool:
    """Valeur acceptée par la bibliothèque ``opening_hours`` (la spécification OSM complète)."""
    return bool(opening_hours.validate(osm))


def _jours(selecteur: str | None) -> list[int]:
    if not selecteur:
        return list(range(7))
    jours = []
    for morceau in selecteur.split(","):
        debut, _tiret, fin = morceau.partition("-")
        i, j = JOURS_OSM.index(debut), JOURS_OSM.index(fin or debut)
        jours += [(i + k) % 7 for k in range((j - i) % 7 + 1)]
    return jours


def semaine_valide(semaine: Semaine) -> bool:
    """Chaque plage commence avant de finir ; les plages d'un jour sont triées et ne se chevauchent pas."""
    for plages in semaine:
        fin_precedente = ""
        for debut, fin in plages:
            if not debut < fin or debut < fin_precedente:
                return False
            fin_precedente = fin
    return len(semaine) == 7


def lire(osm: str | None) -> Semaine | None:
    """La semaine type d'une valeur OSM, ou ``None`` si elle sort de ce que ce module sait traduire."""
    osm = (osm or "").strip()
    if not osm:
        return SEMAINE_VIDE
    if not est_valide(osm):
        return None
    semaine = [()] * 7
    for regle in osm.split(";"):
        trouve = _REGLE.match(regle.strip())
        if not trouve:
            return None
        brut = trouve["plages"]
        plages = () if brut in ("off", "closed") else tuple(tuple(p.split("-")) for p in brut.split(","))
        for jour in _jours(trouve["jours"]):
            semaine[jour] = tuple(sorted(plages))
    semaine = tuple(semaine)
    return semaine if semaine_valide(semaine) else None


def _suites(jours: list[int]) -> list[list[int]]:
    """[0, 1, 2, 4] → [[0, 1, 2], [4]]."""
    suites: list[list[int]] = []
    for jour in jours:
        if suites and suites[-1][-1] == jour - 1:
            suites[-1].append(jour)
        else:
            suites.append([jour])
    return suites


def _groupes(semaine: Semaine) -> list[tuple[list[int], tuple[Plage, ...]]]:
    """Les jours ouverts groupés par plages identiques, dans l'ordre du premier jour de chaque groupe."""
    groupes: dict[tuple[Plage, ...], list[int]] = {}
    for jour, plages in enumerate(semaine):
        if plages:
            groupes.setdefault(tuple(plages), []).append(jour)
    return [(jours, plages) for plages, jours in groupes.items()]


def ecrire(semaine: Semaine) -> str:
    """La valeur OSM d'une semaine type (vide si tout est fermé)."""
    regles = []
    for jours, plages in _groupes(semaine):
        selecteurs = []
        for suite in _suites(jours):
            if len(suite) >= 3:
                selecteurs.append(f"{JOURS_OSM[suite[0]]}-{JOURS_OSM[suite[-1]]}")
            else:
                selecteurs += [JOURS_OSM[j] for j in suite]
        regles.append(",".join(selecteurs) + " " + ",".join(f"{d}-{f}" for d, f in plages))
    return "; ".join(regles)


def heure_lisible(heure: str) -> str:
    """« 09:00 » → « 9 h », « 12:30 » → « 12 h 30 »."""
    h, m = heure.split(":")
    return f"{int(h)} h" if m == "00" else f"{int(h)} h {m}"


def _et(morceaux: list[str]) -> str:
    if len(morceaux) == 1:
        return morceaux[0]
    return _("%(debut)s et %(fin)s") % {"debut": ", ".join(morceaux[:-1]), "fin": morceaux[-1]}


def _jours_lisibles(jours: list[int]) -> str:
    if len(jours) == 7:
        return _("tous les jours")
    morceaux = []
    for suite in _suites(jours):
        if len(suite) >= 3:
            morceaux.append(
                _("du %(debut)s au %(fin)s") % {"debut": NOMS_JOURS[suite[0]], "fin": NOMS_JOURS[suite[-1]]}
            )
        else:
            morceaux += [_("le %(jour)s") % {"jour": NOMS_JOURS[j]} for j in suite]
    return _et(morceaux)


def en_francais(osm: str | None) -> list[str] | None:
    """Une ligne par groupe de jours aux mêmes plages ; ``None`` si la valeur n'est pas traduisible."""
    semaine = lire(osm)
    if semaine is None:
        return None
    lignes = []
    for jours, plages in _groupes(semaine):
        texte_jours = _jours_lisibles(jours)
        texte_plages = _et([f"{heure_lisible(d)} – {heure_lisible(f)}" for d, f in plages])
        lignes.append(f"{texte_jours[:1].upper()}{texte_jours[1:]} : {texte_plages}")
    return lignes


def en_texte(osm: str | None) -> str:
    """Une seule ligne, pour un export ou un courriel : la traduction, sinon la valeur OSM avec une mention."""
    lignes = en_francais(osm)
    if lignes is None:
        return _("%(valeur)s (format OpenStreetMap, non traduit)") % {"valeur": osm}
    return " ; ".join(lignes)
