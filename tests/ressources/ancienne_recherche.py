"""L'ancienne recherche autour d'une commune (avant la pagination en SQL du groupe « à distance »), gardée comme
référence : ``test_equivalence_recherche`` vérifie que la nouvelle rend les mêmes candidats, dans le même ordre."""

from django.db.models import Q, QuerySet

from binome.ressources import referentiels as ref
from binome.ressources.models import Service, ServiceThematique
from binome.ressources.recherche import (
    GROUPE_DISTANCE,
    GROUPE_PRESENTIEL,
    Candidat,
    CandidatsIndexSansDistance,
    CandidatsSansDistance,
    Criteres,
    boite_englobante,
    codes_eligibles,
    filtrer_texte,
    haversine_km,
)


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

    Avec des thématiques et une commune, les candidats viennent de l'index étroit
    ``ServiceThematique`` par deux parcours d'index (présentiel dans la boîte englobante ; à
    distance), puis les autres filtres s'appliquent aux services retenus.
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
        if localisee:
            sur_place = liens.filter(_q_boite(commune, criteres.rayon_km)).values_list("service_id", flat=True)
            distance = liens.filter(a_distance=True).values_list("service_id", flat=True)
            qs = qs.filter(pk__in=sorted(set(sur_place) | set(distance)))
        else:
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


def rechercher(qs: QuerySet[Service], criteres: Criteres):
    """Candidats triés : présentiel par distance croissante, puis à distance (meilleur score d'abord).

    Autour d'une commune : une seule requête, qui ne lit que les colonnes utiles au tri (la boîte
    englobante et les filtres réduisent le volume), puis distance exacte et tri en Python. Sans
    commune : tri et pagination en SQL (``CandidatsSansDistance``). Les fiches de la page affichée
    sont chargées ensuite par ``charger``.
    """
    commune = criteres.commune
    autres_filtres = criteres.publics or criteres.modes_accueil or criteres.types or criteres.frais or criteres.texte
    if commune is None and criteres.thematiques and not autres_filtres and not qs.query.is_empty():
        return CandidatsIndexSansDistance(ref.etendre_thematiques(criteres.thematiques))
    if commune is None or commune.latitude is None or commune.longitude is None:
        return CandidatsSansDistance(filtrer(qs, criteres).order_by())
    if qs.query.is_empty():
        return []
    origine = (commune.latitude, commune.longitude)
    if criteres.thematiques and not autres_filtres:
        # Cas le plus courant (frein ou thématique autour d'une commune) : tout vient de l'index étroit.
        lignes = _lignes_index(criteres, commune)
    else:
        lignes = filtrer(qs, criteres).order_by().values_list(*COLONNES_CANDIDAT)
    candidats = {}
    for id_, lat, lon, presentiel, distance_ok, score in lignes:
        if id_ in candidats:
            continue
        distance = None
        if lat is not None and lon is not None:
            distance = haversine_km(origine[0], origine[1], lat, lon)
        if presentiel and distance is not None and distance <= criteres.rayon_km:
            groupe = GROUPE_PRESENTIEL
        elif distance_ok:
            groupe = GROUPE_DISTANCE
        else:
            continue
        candidats[id_] = Candidat(id_, groupe, distance, score or 0.0)
    return sorted(candidats.values(), key=Candidat.cle_tri)


def _lignes_index(criteres: Criteres, commune) -> list[tuple]:
    """Candidats lus dans ``ServiceThematique`` seule (index partiels couvrants), sans la table des services."""
    thematiques = ref.etendre_thematiques(criteres.thematiques)
    if not thematiques:
        return []
    liens = ServiceThematique.objects.filter(thematique__in=sorted(thematiques), publie=True).filter(
        _q_zone(codes_eligibles(commune))
    )
    colonnes = ("service_id", "latitude", "longitude", "en_presentiel", "a_distance", "score_qualite")
    sur_place = liens.filter(_q_boite(commune, criteres.rayon_km)).values_list(*colonnes)
    distance = liens.filter(a_distance=True).values_list(*colonnes)
    return [*sur_place, *distance]
