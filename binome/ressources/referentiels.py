"""Référentiels data·inclusion v1 : la seule source des choix de l'annuaire.

Toutes les listes (thématiques, types, frais, publics, modes d'accueil et de mobilisation,
réseaux porteurs) viennent des énumérations du paquet ``data-inclusion-schema`` ; ce module
les met en forme pour Django (``choices``) et fournit l'expansion catégorie → sous-thématiques.
"""

import re
from functools import cache

from data_inclusion.schema import v1
from django.utils.translation import gettext_lazy as _

SEPARATEUR_THEMATIQUE = "--"


def _choix(enumeration) -> list[tuple[str, str]]:
    return [(element.value, element.label) for element in enumeration]


CHOIX_TYPES = _choix(v1.TypeService)
CHOIX_FRAIS = _choix(v1.Frais)
CHOIX_PUBLICS = _choix(v1.Public)
CHOIX_MODES_ACCUEIL = _choix(v1.ModeAccueil)
CHOIX_MODES_MOBILISATION = _choix(v1.ModeMobilisation)
CHOIX_MOBILISABLE_PAR = _choix(v1.PersonneMobilisatrice)
CHOIX_RESEAUX_PORTEURS = sorted(_choix(v1.ReseauPorteur), key=lambda c: c[1].lower())
CHOIX_CATEGORIES = _choix(v1.Categorie)
CHOIX_THEMATIQUES = _choix(v1.Thematique)

TOUS_PUBLICS = v1.Public.TOUS_PUBLICS.value
EN_PRESENTIEL = v1.ModeAccueil.EN_PRESENTIEL.value
A_DISTANCE = v1.ModeAccueil.A_DISTANCE.value

CATEGORIES = {c.value for c in v1.Categorie}
THEMATIQUES = {t.value for t in v1.Thematique}

LIBELLES = {
    "type": dict(CHOIX_TYPES),
    "frais": dict(CHOIX_FRAIS),
    "publics": dict(CHOIX_PUBLICS),
    "modes_accueil": dict(CHOIX_MODES_ACCUEIL),
    "modes_mobilisation": dict(CHOIX_MODES_MOBILISATION),
    "mobilisable_par": dict(CHOIX_MOBILISABLE_PAR),
    "reseaux_porteurs": dict(CHOIX_RESEAUX_PORTEURS),
    "categories": dict(CHOIX_CATEGORIES),
    "thematiques": dict(CHOIX_THEMATIQUES),
}


def categorie_de(thematique: str) -> str:
    """« mobilite--preparer-un-permis » → « mobilite »."""
    return thematique.split(SEPARATEUR_THEMATIQUE, 1)[0]


@cache
def thematiques_par_categorie() -> dict[str, list[str]]:
    resultat: dict[str, list[str]] = {c: [] for c, _libelle in CHOIX_CATEGORIES}
    for valeur, _libelle in CHOIX_THEMATIQUES:
        resultat.setdefault(categorie_de(valeur), []).append(valeur)
    return resultat


def etendre_thematiques(codes) -> set[str]:
    """Une catégorie vaut toutes ses sous-thématiques ; les codes inconnus sont ignorés."""
    resultat: set[str] = set()
    par_categorie = thematiques_par_categorie()
    for code in codes or ():
        if code in CATEGORIES:
            resultat.update(par_categorie.get(code, ()))
        elif code in THEMATIQUES:
            resultat.add(code)
    return resultat


def choix_thematiques_groupes() -> list[tuple[str, list[tuple[str, str]]]]:
    """Thématiques groupées par catégorie (pour des ``<optgroup>``)."""
    libelles = LIBELLES["thematiques"]
    return [
        (libelle_categorie, [(t, libelles[t]) for t in thematiques_par_categorie()[code]])
        for code, libelle_categorie in CHOIX_CATEGORIES
    ]


def choix_thematiques_et_categories() -> list[tuple[str, list[tuple[str, str]]]]:
    """Pour la recherche : chaque groupe commence par la catégorie entière, puis ses sous-thèmes."""
    libelles = LIBELLES["thematiques"]
    groupes = []
    for code, libelle_categorie in CHOIX_CATEGORIES:
        options = [(code, f"{libelle_categorie} (toutes)")]
        options += [(t, libelles[t]) for t in thematiques_par_categorie()[code]]
        groupes.append((libelle_categorie, options))
    return groupes


def choix_thematique() -> list:
    """Le filtre « Thématique » : « toutes », puis les groupes (lu à chaque validation ou rendu, pas mémorisé)."""
    return [("", _("Toutes les thématiques")), *choix_thematiques_et_categories()]


def libelles(champ: str, valeurs) -> list[str]:
    table = LIBELLES[champ]
    return [table.get(v, v) for v in valeurs or ()]


# --- Zone d'éligibilité --------------------------------------------------------------------------

ZONE_COMMUNE = "COMMUNE"
ZONE_DEPARTEMENT = "DEPARTEMENT"
ZONE_EPCI = "EPCI"
ZONE_FRANCE = "FRANCE"
ZONE_PAYS = "PAYS"
CODE_FRANCE = "france"
CODE_PAYS_FRANCE = "99100"


_MOTIF_COMMUNE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_MOTIF_DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")


def type_de_zone(code: str) -> str:
    """Nature d'un code de ``zone_eligibilite`` (COG) ; chaîne vide si le code n'est d'aucun type."""
    code = (code or "").strip()
    if code.lower() == CODE_FRANCE or code == CODE_PAYS_FRANCE:
        return ZONE_FRANCE
    if len(code) == 5 and code.startswith("99") and code.isdigit():
        return ZONE_PAYS
    if len(code) == 9 and code.isdigit():
        return ZONE_EPCI
    if _MOTIF_COMMUNE.match(code):
        return ZONE_COMMUNE
    if _MOTIF_DEPARTEMENT.match(code):
        return ZONE_DEPARTEMENT
    return ""


def codes_de_zone(zone_eligibilite) -> list[str]:
    """Codes normalisés d'une zone (« 99100 » → « france ») ; une zone vide vaut « france » (partout)."""
    codes = []
    for code in zone_eligibilite or []:
        type_zone = type_de_zone(code)
        if not type_zone:
            continue
        code = CODE_FRANCE if type_zone == ZONE_FRANCE else code.strip()
        if code not in codes:
            codes.append(code)
    return codes or [CODE_FRANCE]
