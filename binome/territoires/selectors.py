"""Lectures des territoires : le sélecteur de commune.

Les territoires sont des données publiques de référence : tout utilisateur connecté peut les
consulter, il n'y a pas de règle « qui voit quoi » à appliquer ici.
"""

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from binome.core.texte import normaliser
from binome.territoires.models import CodePostal, Commune, CommuneDeleguee

LIMITE_MAX = 50

# Degré de correspondance d'un résultat, du plus fort au plus faible (attribut ``correspondance``).
# Saisie d'un nom : nom identique (après normalisation) / le nom commence par la saisie / un mot du
# nom commence par la saisie. Saisie d'un code : code postal identique / code INSEE identique (un
# code à 5 chiffres est plus souvent un code postal) / code postal commençant par la saisie.
EXACTE = 0
DEBUT = 1
MOT = 2

# À correspondance égale, les communes et arrondissements (par population) avant les communes déléguées.
_RANG_TYPE = {Commune.Type.COMMUNE: 0, Commune.Type.ARRONDISSEMENT: 0, Commune.Type.DELEGUEE: 1}

_CODE_INSEE = re.compile(r"^(\d{5}|2[ab]\d{3})$")
_DEBUT_CODE = re.compile(r"^\d{1,5}$")


def communes_rechercher(terme: str | None, *, limite: int = 10, departements=None, preferes=None) -> list[Commune]:
    """Communes correspondant à une saisie : nom, code postal (complet ou début) ou code INSEE.

    Insensible aux accents, à la casse et à la ponctuation (« st flour », « SAINT FLOUR » et
    « Saint-Flour » sont équivalents) ; un nom suivi d'un code postal (« Saint-Flour (15100) »)
    restreint la recherche à ce code. Classement : correspondance exacte, puis début de nom, puis
    début d'un mot du nom ; à égalité, les communes et arrondissements avant les communes
    déléguées, puis la population décroissante. Pour un code : code postal identique, puis code
    INSEE identique, puis début de code postal.

    Chaque commune renvoyée porte deux attributs : ``correspondance`` (``EXACTE``, ``DEBUT`` ou
    ``MOT``) et ``deleguee`` : la ``CommuneDeleguee`` par le nom de laquelle elle a été trouvée,
    sinon ``None`` (une commune déléguée mène toujours à sa commune parente).

    ``departements`` (liste de codes) restreint la recherche à ces départements. ``preferes`` (liste de codes, par
    exemple les départements de l'utilisateur) la fait d'abord dans ces départements, puis partout si rien n'y
    correspond.
    """
    if preferes and not departements:
        resultats = communes_rechercher(terme, limite=limite, departements=preferes)
        if resultats:
            return resultats
    texte = normaliser(terme)
    if not texte:
        return []
    limite = max(1, min(int(limite), LIMITE_MAX))
    mots = texte.split()
    codes = [mot for mot in mots if _DEBUT_CODE.match(mot) or _CODE_INSEE.match(mot)]
    nom = " ".join(mot for mot in mots if mot not in codes)

    communes = Commune.objects.select_related("departement")
    deleguees = CommuneDeleguee.objects.select_related("commune__departement")
    if departements:
        communes = communes.filter(departement_id__in=list(departements))
        deleguees = deleguees.filter(commune__departement_id__in=list(departements))

    if not nom:
        return _par_code(communes, codes[0], limite)
    if codes:
        # « Saint-Flour (15100) » : le nom, parmi les communes de ce code postal (ou de ce début de code).
        du_code = _communes_du_code_postal(codes[0])
        resultats = _par_nom(
            communes.filter(code_insee__in=du_code), deleguees.filter(commune_id__in=du_code), nom, limite
        )
        if resultats:
            return resultats
        # Le nombre faisait peut-être partie du nom (« Paris 16 ») : on cherche la saisie entière.
        nom = texte
    return _par_nom(communes, deleguees, nom, limite)


def _commence_par(champ: str, prefixe: str) -> Q:
    """« ``champ`` commence par ``prefixe`` », sous une forme qui utilise l'index du champ.

    PostgreSQL sert ``LIKE 'x%'`` par l'index ``varchar_pattern_ops`` que Django crée pour un
    ``CharField`` indexé. SQLite ne sert ``LIKE`` par un index que si la colonne est en ``NOCASE`` :
    on y ajoute un intervalle ``[prefixe, prefixe suivant[``, exact en ordre binaire (le texte
    normalisé ne contient que ``[a-z0-9 ]``), qui lui utilise l'index.
    """
    condition = Q(**{f"{champ}__startswith": prefixe})
    if connection.vendor == "sqlite":
        suivant = prefixe[:-1] + chr(ord(prefixe[-1]) + 1)
        condition &= Q(**{f"{champ}__gte": prefixe, f"{champ}__lt": suivant})
    return condition


def _communes_du_code_postal(code: str) -> QuerySet:
    """Sous-requête des codes INSEE desservis par ce code postal (complet) ou par un code qui commence ainsi."""
    condition = Q(code_postal=code) if len(code) == 5 else _commence_par("code_postal", code)
    return CodePostal.objects.filter(condition).values("commune_id")


def _ordre_type():
    return Case(
        *[When(type=type_, then=Value(rang)) for type_, rang in _RANG_TYPE.items()],
        default=Value(len(_RANG_TYPE)),
        output_field=IntegerField(),
    )


def _cle_de_tri(commune: Commune):
    rang_type = _RANG_TYPE[Commune.Type.DELEGUEE] if commune.deleguee else _RANG_TYPE.get(commune.type, 9)
    population = (commune.deleguee.population if commune.deleguee else commune.population) or 0
    nom = commune.deleguee.nom_normalise if commune.deleguee else commune.nom_normalise
    return (commune.correspondance, rang_type, -population, nom, commune.code_insee)


def _garder(candidates: list[Commune], limite: int) -> list[Commune]:
    """Trie, retire les doublons (une commune trouvée par son nom et par une commune déléguée) et coupe."""
    resultats, vues = [], set()
    for commune in sorted(candidates, key=_cle_de_tri):
        if commune.code_insee not in vues:
            vues.add(commune.code_insee)
            resultats.append(commune)
    return resultats[:limite]


def _marquer(commune: Commune, correspondance: int, deleguee: CommuneDeleguee | None = None) -> Commune:
    commune.correspondance = correspondance
    commune.deleguee = deleguee
    return commune


def _par_nom(communes: QuerySet, deleguees: QuerySet, nom: str, limite: int) -> list[Commune]:
    ordre = [F("population").desc(nulls_last=True), "nom_normalise", "code_insee"]
    exacte = Case(When(nom_normalise=nom, then=Value(EXACTE)), default=Value(DEBUT), output_field=IntegerField())

    # 1. Le nom commence par la saisie (index) ; les correspondances exactes en tête.
    candidates = [
        _marquer(c, c.rang)
        for c in communes.filter(_commence_par("nom_normalise", nom))
        .annotate(rang=exacte, rang_type=_ordre_type())
        .order_by("rang", "rang_type", *ordre)[:limite]
    ]
    # 2. Les communes déléguées, même règle (table courte : début de nom ou début d'un mot).
    for deleguee in (
        deleguees.filter(Q(nom_normalise__startswith=nom) | Q(nom_normalise__contains=" " + nom))
        .annotate(
            rang=Case(
                When(nom_normalise=nom, then=Value(EXACTE)),
                When(nom_normalise__startswith=nom, then=Value(DEBUT)),
                default=Value(MOT),
                output_field=IntegerField(),
            )
        )
        .order_by("rang", *ordre)[:limite]
    ):
        candidates.append(_marquer(deleguee.commune, deleguee.rang, deleguee))
    # 3. Un mot du nom commence par la saisie (« flour » → Anglards-de-Saint-Flour), s'il reste de la place.
    if len({c.code_insee for c in candidates}) < limite:
        deja = [c.code_insee for c in candidates]
        candidates.extend(
            _marquer(c, MOT)
            for c in communes.filter(nom_normalise__contains=" " + nom)
            .exclude(code_insee__in=deja)
            .annotate(rang_type=_ordre_type())
            .order_by("rang_type", *ordre)[:limite]
        )
    return _garder(candidates, limite)


def _par_code(communes: QuerySet, code: str, limite: int) -> list[Commune]:
    """Code postal exact, code INSEE exact ou début de code postal."""
    ordre = ["rang_type", F("population").desc(nulls_last=True), "nom_normalise", "code_insee"]
    candidates = []
    if _CODE_INSEE.match(code):
        candidates.extend(_marquer(c, DEBUT) for c in communes.filter(code_insee=code.upper()))
    correspondance = EXACTE if len(code) == 5 else MOT
    candidates.extend(
        _marquer(c, correspondance)
        for c in communes.filter(code_insee__in=_communes_du_code_postal(code))
        .annotate(rang_type=_ordre_type())
        .order_by(*ordre)[:limite]
    )
    return _garder(candidates, limite)
