"""Recherche dans l'annuaire : thématiques, éligibilité géographique, distance, filtres, texte libre.

Sans PostGIS : une boîte englobante sur les colonnes ``latitude``/``longitude`` indexées préfiltre
les services en présentiel, puis la distance exacte (haversine) est calculée en Python sur ce
résultat réduit. Les services à distance viennent après ceux en présentiel.

Le texte libre passe par une seule fonction « seam », ``filtrer_texte`` : FTS5 sur SQLite,
``tsvector`` indexé (GIN) sur PostgreSQL, tous deux sur la colonne ``texte_recherche`` déjà
normalisée par ``binome.core.texte.normaliser`` (sans accents ni casse) ; chaque mot saisi est
cherché comme préfixe (« permi » trouve « permis »).
"""

import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, F, Max, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Collate

from binome.core.texte import normaliser
from binome.ressources import referentiels as ref
from binome.ressources.models import AppartenanceEpci, Service, ServiceThematique

RAYON_KM_DEFAUT = 30
RAYON_KM_MAX = 200
RAYON_TERRE_KM = 6371.0088
GROUPE_PRESENTIEL = "PRESENTIEL"
GROUPE_DISTANCE = "DISTANCE"

_MOTS_VIDES = {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "pour", "un", "une"}


# --- Texte libre : la « seam » -----------------------------------------------------------------------------


def mots_recherches(texte: str) -> list[str]:
    mots = [m for m in normaliser(texte).split() if m not in _MOTS_VIDES]
    return mots[:10]


def filtrer_texte(qs: QuerySet[Service], texte: str) -> QuerySet[Service]:
    """Filtre ``qs`` sur le texte libre, insensible aux accents et à la casse, avec le moteur de la base."""
    mots = mots_recherches(texte)
    if not mots:
        return qs
    if connection.vendor == "postgresql":
        requete = " & ".join(f"{m}:*" for m in mots)
        return qs.filter(
            RawSQL(
                'to_tsvector(\'simple\'::regconfig, "ressources_service"."texte_recherche") '
                "@@ to_tsquery('simple'::regconfig, %s)",
                [requete],
                output_field=BooleanField(),
            )
        )
    if connection.vendor == "sqlite":
        requete = " AND ".join(f'"{m}"*' for m in mots)
        return qs.filter(
            RawSQL(
                '"ressources_service"."rowid" IN '
                "(SELECT rowid FROM ressources_service_fts WHERE ressources_service_fts MATCH %s)",
                [requete],
                output_field=BooleanField(),
            )
        )
    # Autre moteur : recherche portable sur la colonne normalisée.
    for mot in mots:
        qs = qs.filter(texte_recherche__contains=mot)
    return qs


# --- Géographie ---------------------------------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(a)))


def boite_englobante(lat: float, lon: float, rayon_km: float) -> tuple[float, float, float, float]:
    dlat = math.degrees(rayon_km / RAYON_TERRE_KM)
    cos_lat = max(math.cos(math.radians(lat)), 0.01)
    dlon = math.degrees(rayon_km / (RAYON_TERRE_KM * cos_lat))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def codes_eligibles(commune) -> list[str]:
    """Codes de zone qui rendent un service éligible pour une personne de cette commune."""
    codes = [commune.code_insee, commune.departement_id, ref.CODE_FRANCE]
    if commune.commune_parente_id:
        codes.append(commune.commune_parente_id)
    siren = AppartenanceEpci.objects.filter(code_insee__in=codes[:1] + codes[3:]).values_list("siren", flat=True)
    codes.extend(siren)
    return codes


# --- Critères et résultats -------------------------------------------------------------------------------------


@dataclass
class Criteres:
    commune: object | None = None  # binome.territoires.models.Commune
    rayon_km: int = RAYON_KM_DEFAUT
    thematiques: list[str] = field(default_factory=list)  # catégories ou sous-thématiques
    publics: list[str] = field(default_factory=list)
    modes_accueil: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    frais: list[str] = field(default_factory=list)
    texte: str = ""


@dataclass
class Candidat:
    id: str
    groupe: str
    distance_km: float | None
    score: float

    def cle_tri(self):
        if self.groupe == GROUPE_PRESENTIEL:
            distance = self.distance_km if self.distance_km is not None else math.inf
            return (0, distance, -self.score, self.id)
        return (1, -self.score, self.id)


def _q_zone(codes: list[str]) -> Q:
    """Éligibilité : la zone du service (``zone_cle`` « |15|15187| ») contient l'un des codes."""
    condition = Q()
    for code in codes:
        condition |= Q(zone_cle__contains=f"|{code}|")
    return condition


def _q_boite(commune, rayon_km) -> Q:
    lat_min, lat_max, lon_min, lon_max = boite_englobante(commune.latitude, commune.longitude, rayon_km)
    return Q(
        en_presentiel=True,
        latitude__gte=lat_min,
        latitude__lte=lat_max,
        longitude__gte=lon_min,
        longitude__lte=lon_max,
    )


def filtrer(qs: QuerySet[Service], criteres: Criteres) -> QuerySet[Service]:
    """Filtres SQL (thématiques, éligibilité, boîte englobante, publics, modes, types, frais, texte).

    Les thématiques passent par l'index étroit ``ServiceThematique`` (sous-requête, plutôt qu'une liste
    d'identifiants lue d'abord) ; autour d'une commune : présentiel dans la boîte englobante, ou à distance.
    """
    commune = criteres.commune
    localisee = commune is not None and commune.latitude is not None and commune.longitude is not None
    codes = codes_eligibles(commune) if commune is not None else []
    if criteres.thematiques:
        thematiques = ref.etendre_thematiques(criteres.thematiques)
        if not thematiques:
            return qs.none()
        liens = ServiceThematique.objects.filter(thematique__in=sorted(thematiques), publie=True)
        if commune is not None:
            liens = liens.filter(_q_zone(codes))
        qs = qs.filter(pk__in=liens.values("service_id"))
    elif commune is not None:
        qs = qs.filter(_q_zone(codes))
    if localisee:
        qs = qs.filter(_q_boite(commune, criteres.rayon_km) | Q(a_distance=True))
    if criteres.publics:
        condition = Q(publics_cle__contains=f"|{ref.TOUS_PUBLICS}|")
        for public in criteres.publics:
            condition |= Q(publics_cle__contains=f"|{public}|")
        qs = qs.filter(condition)
    modes = set(criteres.modes_accueil)
    if modes == {ref.EN_PRESENTIEL}:
        qs = qs.filter(en_presentiel=True)
    elif modes == {ref.A_DISTANCE}:
        qs = qs.filter(a_distance=True)
    if criteres.types:
        qs = qs.filter(type__in=criteres.types)
    if criteres.frais:
        qs = qs.filter(frais__in=criteres.frais)
    if criteres.texte:
        qs = filtrer_texte(qs, criteres.texte)
    return qs


COLONNES_CANDIDAT = ("id", "latitude", "longitude", "en_presentiel", "a_distance", "score_qualite")


class CandidatsSansDistance:
    """Résultats d'une recherche sans commune : triés et paginés en SQL (meilleur score, puis identifiant).

    Se comporte comme une liste de ``Candidat`` pour ``Paginator`` (``count`` puis tranche).
    """

    def __init__(self, qs: QuerySet[Service]):
        self.qs = qs.order_by(F("score_qualite").desc(nulls_last=True), "pk").values_list(*COLONNES_CANDIDAT)
        self._nombre = None

    def count(self) -> int:
        if self._nombre is None:
            self._nombre = self.qs.count()
        return self._nombre

    def __len__(self) -> int:
        return self.count()

    @staticmethod
    def _candidat(ligne) -> "Candidat":
        id_, _lat, _lon, presentiel, _distance, score = ligne
        return Candidat(id_, GROUPE_PRESENTIEL if presentiel else GROUPE_DISTANCE, None, score or 0.0)

    def __getitem__(self, cle):
        if isinstance(cle, slice):
            return [self._candidat(ligne) for ligne in self.qs[cle]]
        return self._candidat(self.qs[cle])

    def __iter__(self):
        return (self._candidat(ligne) for ligne in self.qs)


class CandidatsIndexSansDistance:
    """Sans commune, avec seulement des thématiques : compte et page lus dans l'index étroit ``ServiceThematique``."""

    def __init__(self, thematiques: set[str]):
        self.qs = (
            ServiceThematique.objects.filter(thematique__in=sorted(thematiques), publie=True)
            .values("service_id")
            .annotate(score=Max("score_qualite"))
            .order_by(F("score").desc(nulls_last=True), "service_id")
        )
        self._nombre = None

    def count(self) -> int:
        if self._nombre is None:
            self._nombre = self.qs.count()
        return self._nombre

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, cle):
        lignes = self.qs[cle] if isinstance(cle, slice) else [self.qs[cle]]
        candidats = [Candidat(ligne["service_id"], "", None, ligne["score"] or 0.0) for ligne in lignes]
        return candidats if isinstance(cle, slice) else candidats[0]

    def __iter__(self):
        return iter(self[:])


def rechercher(qs: QuerySet[Service], criteres: Criteres):
    """Candidats triés : présentiel par distance croissante, puis à distance (meilleur score d'abord).

    Autour d'une commune : ``CandidatsAutourDe`` (présentiel lu dans la boîte englobante, distance exacte en
    Python ; groupe « à distance » trié, compté et paginé en SQL). Sans commune : tri et pagination en SQL
    (``CandidatsSansDistance``). Les fiches de la page affichée sont chargées ensuite par ``charger``.
    """
    commune = criteres.commune
    autres_filtres = criteres.publics or criteres.modes_accueil or criteres.types or criteres.frais or criteres.texte
    if commune is None and criteres.thematiques and not autres_filtres and not qs.query.is_empty():
        return CandidatsIndexSansDistance(ref.etendre_thematiques(criteres.thematiques))
    if commune is None or commune.latitude is None or commune.longitude is None:
        return CandidatsSansDistance(filtrer(qs, criteres).order_by())
    if qs.query.is_empty():
        return []
    if criteres.thematiques and not autres_filtres:
        # Cas le plus courant (frein ou thématique autour d'une commune) : tout vient de l'index étroit.
        thematiques = ref.etendre_thematiques(criteres.thematiques)
        if not thematiques:
            return []
        liens = ServiceThematique.objects.filter(thematique__in=sorted(thematiques), publie=True).filter(
            _q_zone(codes_eligibles(commune))
        )
        return CandidatsAutourDe(
            criteres,
            sur_place=liens.filter(_q_boite(commune, criteres.rayon_km)).values_list(*COLONNES_INDEX),
            a_distance=liens.filter(a_distance=True),
            identifiant="service_id",
        )
    # Avec d'autres filtres (texte, publics…) : une seule requête, classée en Python. Le texte libre coûte surtout
    # en base (index plein texte) : le rejouer pour compter puis paginer le groupe « à distance » coûterait plus.
    origine = (commune.latitude, commune.longitude)
    candidats = {}
    for id_, lat, lon, presentiel, distance_ok, score in (
        filtrer(qs, criteres).order_by().values_list(*COLONNES_CANDIDAT)
    ):
        distance = None if lat is None or lon is None else haversine_km(*origine, lat, lon)
        if presentiel and distance is not None and distance <= criteres.rayon_km:
            candidats[id_] = Candidat(id_, GROUPE_PRESENTIEL, distance, score or 0.0)
        elif distance_ok:
            candidats[id_] = Candidat(id_, GROUPE_DISTANCE, distance, score or 0.0)
    return sorted(candidats.values(), key=Candidat.cle_tri)


COLONNES_INDEX = ("service_id", "latitude", "longitude", "en_presentiel", "a_distance", "score_qualite")


def ordre_binaire(colonne: str):
    """Tri des identifiants dans l'ordre des octets, celui de Python (``Candidat.cle_tri``) : la collation de la
    base (``fr_FR`` sur PostgreSQL) classerait autrement « -- » et les chiffres. SQLite compare déjà en binaire."""
    if connection.vendor == "postgresql":
        return Collate(F(colonne), "C")
    return F(colonne)


class CandidatsAutourDe:
    """Résultats autour d'une commune, pour ``Paginator`` (``count`` puis tranche), en nombre de requêtes constant.

    - Présentiel : les lignes de la boîte englobante (peu nombreuses, lues une fois), distance exacte en Python,
      triées par ``Candidat.cle_tri`` ; celles hors du rayon mais proposées à distance passent au groupe suivant.
    - À distance : tout le pays s'il le faut (zone « France ») : jamais lu en entier ; compté puis trié
      (meilleur score, puis identifiant) et paginé en SQL, sans les services déjà classés en présentiel.
    """

    def __init__(self, criteres: Criteres, *, sur_place, a_distance: QuerySet, identifiant: str):
        commune = criteres.commune
        self.origine = (commune.latitude, commune.longitude)
        self.identifiant = identifiant
        presentiel = {}
        for id_, lat, lon, en_presentiel, distance_ok, score in sur_place:
            if id_ in presentiel or not en_presentiel or lat is None or lon is None:
                continue
            distance = haversine_km(self.origine[0], self.origine[1], lat, lon)
            if distance <= criteres.rayon_km:
                presentiel[id_] = (Candidat(id_, GROUPE_PRESENTIEL, distance, score or 0.0), distance_ok)
        self.presentiel = sorted((c for c, _d in presentiel.values()), key=Candidat.cle_tri)
        # Exclus du groupe « à distance » : les services à distance déjà classés en présentiel.
        deja = sorted(id_ for id_, (_c, distance_ok) in presentiel.items() if distance_ok)
        self.a_distance = a_distance.exclude(**{f"{identifiant}__in": deja}).order_by()
        self._nombre_a_distance = None

    def count(self) -> int:
        if self._nombre_a_distance is None:
            self._nombre_a_distance = self.a_distance.values(self.identifiant).distinct().count()
        return len(self.presentiel) + self._nombre_a_distance

    def __len__(self) -> int:
        return self.count()

    def _page_a_distance(self, debut: int, nombre: int) -> list[Candidat]:
        # Toujours une requête (même pour une page pleine de présentiel) : nombre de requêtes constant.
        # Regroupé sur l'identifiant déjà « collationné » : une seule clé de regroupement, qui sert aussi au tri.
        lignes = (
            self.a_distance.values(cle=ordre_binaire(self.identifiant))
            .annotate(lat=Max("latitude"), lon=Max("longitude"), score=Max("score_qualite"))
            .order_by(Coalesce("score", 0.0).desc(), "cle")[debut : debut + max(nombre, 1)]
        )
        candidats = []
        for ligne in list(lignes)[:nombre]:
            lat, lon = ligne["lat"], ligne["lon"]
            distance = None if lat is None or lon is None else haversine_km(*self.origine, lat, lon)
            candidats.append(Candidat(ligne["cle"], GROUPE_DISTANCE, distance, ligne["score"] or 0.0))
        return candidats

    def __getitem__(self, cle):
        if not isinstance(cle, slice):
            cle = cle + len(self) if cle < 0 else cle
            return self[cle : cle + 1][0]
        if cle.step is not None or (cle.start or 0) < 0 or (cle.stop is not None and cle.stop < 0):
            return list(self)[cle]
        debut = cle.start or 0
        fin = self.count() if cle.stop is None else cle.stop
        page = self.presentiel[debut:fin]
        reste = max(fin - debut - len(page), 0)
        return page + self._page_a_distance(max(debut - len(self.presentiel), 0), reste)

    def __iter__(self):
        return iter(self[:])


@dataclass
class Resultat:
    service: Service
    groupe: str
    distance_km: float | None

    @property
    def a_distance_seulement(self) -> bool:
        return self.groupe != GROUPE_PRESENTIEL


# Textes longs que ni la liste de résultats ni l'API ne montrent : pas lus pour une page.
COLONNES_NON_AFFICHEES = (
    "description",
    "texte_recherche",
    "frais_precisions",
    "publics_precisions",
    "conditions_acces",
    "mobilisation_precisions",
    "documents_a_fournir",
    "motif_moderation",
    "structure__description",
)


def charger(qs: QuerySet[Service], candidats: list[Candidat], *, seulement=()) -> list[Resultat]:
    """Charge les fiches d'une page de candidats (une requête), dans l'ordre des candidats ; ``seulement`` : les
    seules colonnes lues (celles qu'affiche la page), sinon toutes sauf les textes longs."""
    qs = qs.select_related("structure")
    qs = qs.only(*seulement) if seulement else qs.defer(*COLONNES_NON_AFFICHEES)
    services = qs.in_bulk([c.id for c in candidats])
    resultats = []
    for c in candidats:
        service = services.get(c.id)
        if service is None:
            continue
        groupe = c.groupe or (GROUPE_PRESENTIEL if service.en_presentiel else GROUPE_DISTANCE)
        resultats.append(Resultat(service, groupe, c.distance_km))
    return resultats
