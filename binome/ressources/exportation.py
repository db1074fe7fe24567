"""Export data·inclusion v1 des services d'un département et de leurs structures.

Un service est exporté s'il est publié et **situé** dans le département, ou **éligible** par une
zone qui désigne ce département, l'une de ses communes ou l'un de ses EPCI (les services nationaux
situés ailleurs ne le sont pas). Le contact réservé aux professionnels n'est jamais exporté.
Chaque enregistrement est validé par le paquet avant d'être écrit.
"""

from dataclasses import dataclass, field

import pydantic
from django.db.models import Q

from binome.ressources import datainclusion as di
from binome.ressources import referentiels as ref
from binome.ressources.models import AppartenanceEpci, Service, StatutService, Structure, ZoneEligibilite
from binome.territoires.models import Commune


@dataclass
class Export:
    structures: list[dict] = field(default_factory=list)
    services: list[dict] = field(default_factory=list)
    ecartes: list[tuple[str, str]] = field(default_factory=list)

    def en_json(self) -> dict:
        return {"structures": self.structures, "services": self.services}


def services_du_departement(code: str):
    communes = Commune.objects.filter(departement_id=code).values("code_insee")
    epcis = AppartenanceEpci.objects.filter(code_insee__in=communes).values("siren")
    zones = ZoneEligibilite.objects.filter(
        Q(type=ref.ZONE_DEPARTEMENT, code=code)
        | Q(type=ref.ZONE_COMMUNE, code__in=communes)
        | Q(type=ref.ZONE_EPCI, code__in=epcis)
    ).values("service_id")
    return Service.objects.filter(Q(departement_id=code) | Q(pk__in=zones), statut=StatutService.PUBLIE)


def exporter_departement(code: str, *, progression=None) -> Export:
    export = Export()
    services = services_du_departement(code).order_by("pk")
    structures_ids = set()
    iterateur = services.iterator(chunk_size=2000)
    if progression:
        iterateur = progression(iterateur, services.count())
    for service in iterateur:
        donnees = di.service_vers_di(service)
        try:
            di.valider_service(donnees)
        except pydantic.ValidationError as exc:
            export.ecartes.append((service.pk, di.expliquer(exc)))
            continue
        export.services.append(donnees)
        structures_ids.add(service.structure_id)
    for structure in Structure.objects.filter(pk__in=sorted(structures_ids)).order_by("pk").iterator(chunk_size=2000):
        donnees = di.structure_vers_di(structure)
        try:
            di.valider_structure(donnees)
        except pydantic.ValidationError as exc:
            export.ecartes.append((structure.pk, di.expliquer(exc)))
            structures_ids.discard(structure.pk)
            continue
        export.structures.append(donnees)
    # Un service dont la structure n'a pas pu être exportée ne l'est pas non plus.
    export.services = [s for s in export.services if s["structure_id"] in structures_ids]
    return export
