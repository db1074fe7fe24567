"""Dérivés des fiches : département et coordonnées déduits de la commune, tables de recherche (thématiques,
zones d'éligibilité).

Outils des services d'écriture (``binome.ressources.services``) : ``synchroniser_index`` écrit les tables
d'index (dérivées, sans historique) dans la transaction du service qui l'appelle, jamais seule."""

from collections.abc import Iterable

from binome.ressources import datainclusion as di
from binome.ressources import referentiels as ref
from binome.ressources.models import (
    Service,
    ServiceThematique,
    StatutService,
    Structure,
    ZoneEligibilite,
)
from binome.territoires.models import Commune, Departement

# --- Dérivés : département, coordonnées, tables de recherche ------------------------------------------


def _communes(codes: Iterable[str]) -> dict[str, tuple[str, float | None, float | None]]:
    codes = {c for c in codes if c}
    if not codes:
        return {}
    return {
        code: (dept, lat, lon)
        for code, dept, lat, lon in Commune.objects.filter(code_insee__in=codes).values_list(
            "code_insee", "departement_id", "latitude", "longitude"
        )
    }


def _departement_du_code(code_insee: str, departements: set[str]) -> str | None:
    if not code_insee:
        return None
    for longueur in (3, 2):
        if code_insee[:longueur] in departements:
            return code_insee[:longueur]
    return None


def departements_des_codes(codes: Iterable[str]) -> dict[str, str | None]:
    """``{code INSEE: département}`` selon la règle de ``preparer`` (commune connue, sinon préfixe du code)."""
    codes = {c for c in codes if c}
    communes = _communes(codes)
    departements = set(Departement.objects.values_list("code", flat=True)) if codes - set(communes) else set()
    return {c: communes[c][0] if c in communes else _departement_du_code(c, departements) for c in codes}


def preparer(objets: list, *, structures: dict[str, Structure] | None = None) -> None:
    """Complète département et coordonnées (centre de la commune à défaut), et les dérivés des services."""
    communes = _communes(o.code_insee for o in objets)
    departements = None
    for objet in objets:
        commune = communes.get(objet.code_insee)
        if commune:
            dept, lat, lon = commune
            objet.departement_id = dept
            if objet.latitude is None or objet.longitude is None:
                objet.latitude, objet.longitude = lat, lon
        elif objet.code_insee:
            if departements is None:
                departements = set(Departement.objects.values_list("code", flat=True))
            objet.departement_id = _departement_du_code(objet.code_insee, departements)
        if isinstance(objet, Service):
            structure = (structures or {}).get(objet.structure_id) or objet.structure
            if not objet.departement_id:
                objet.departement_id = structure.departement_id
            objet.calculer_derives(structure=structure)
            objet.score_qualite = di.calculer_score(objet)


def synchroniser_index(services: list[Service]) -> None:
    """Recrée les lignes de ``ServiceThematique`` et ``ZoneEligibilite`` des services donnés."""
    ids = [s.pk for s in services]
    ServiceThematique.objects.filter(service_id__in=ids).delete()
    ZoneEligibilite.objects.filter(service_id__in=ids).delete()
    ServiceThematique.objects.bulk_create(lignes_thematiques(services), batch_size=2000)
    ZoneEligibilite.objects.bulk_create(lignes_zones(services), batch_size=2000)


def lignes_thematiques(services: list[Service]) -> list[ServiceThematique]:
    return [
        ServiceThematique(
            service_id=s.pk,
            thematique=t,
            categorie=ref.categorie_de(t),
            publie=s.statut == StatutService.PUBLIE,
            en_presentiel=s.en_presentiel,
            a_distance=s.a_distance,
            latitude=s.latitude,
            longitude=s.longitude,
            zone_cle=s.zone_cle,
            score_qualite=s.score_qualite,
        )
        for s in services
        for t in sorted(set(s.thematiques or []))
    ]


def lignes_zones(services: list[Service]) -> list[ZoneEligibilite]:
    return [
        ZoneEligibilite(service_id=s.pk, type=ref.type_de_zone(code), code=code)
        for s in services
        for code in ref.codes_de_zone(s.zone_eligibilite)
    ]
