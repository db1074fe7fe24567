"""Définition de la sortie positive : datée, versionnée, par département ; service d'écriture."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from binome.pilotage import definitions, services
from binome.pilotage.models import CODES_PAR_DEFAUT, DefinitionSortiePositive

pytestmark = pytest.mark.django_db
D = datetime.date


def _version(personas, codes, date, departement=None):
    return DefinitionSortiePositive.objects.create(
        departement=departement or personas.cantal.departement,
        codes=codes,
        valable_a_partir_du=date,
        auteur=personas.admin,
    )


def test_defaut_sans_version(personas):
    d = definitions.definition_applicable("15", D(2025, 6, 30))
    assert d.par_defaut is True
    assert list(d.codes) == ["EMPLOI_DURABLE", "EMPLOI_TRANSITION", "CREATION_ENTREPRISE", "FORMATION"]
    assert set(d.codes) == set(CODES_PAR_DEFAUT)
    assert "définition par défaut" in d.resume


def test_derniere_version_en_vigueur_a_la_date_de_fin(personas):
    _version(personas, ["EMPLOI_DURABLE"], D(2024, 1, 1))
    _version(personas, ["FORMATION", "EMPLOI_DURABLE"], D(2025, 4, 1))
    assert definitions.definition_applicable("15", D(2023, 12, 31)).par_defaut is True
    assert definitions.definition_applicable("15", D(2025, 3, 31)).codes == ("EMPLOI_DURABLE",)
    # Le jour d'effet compte ; codes remis dans l'ordre de l'énumération.
    assert definitions.definition_applicable("15", D(2025, 4, 1)).codes == ("EMPLOI_DURABLE", "FORMATION")
    # Un autre département garde le défaut.
    assert definitions.definition_applicable("14", D(2025, 4, 1)).par_defaut is True


def test_a_date_egale_la_plus_recente_l_emporte(personas):
    _version(personas, ["EMPLOI_DURABLE"], D(2025, 4, 1))
    _version(personas, ["FORMATION"], D(2025, 4, 1))
    d = definitions.definition_applicable("15", D(2025, 12, 31))
    assert d.codes == ("FORMATION",)
    assert "01/04/2025" in d.resume and d.auteur == "Alice Admin"


def test_service_cree_une_version(personas):
    version = services.definition_sortie_positive_creer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        codes=["FORMATION", "EMPLOI_DURABLE"],
        valable_a_partir_du=D(2025, 1, 1),
        commentaire="  Comité du 12 mars  ",
    )
    assert version.codes == ["EMPLOI_DURABLE", "FORMATION"]
    assert version.auteur == personas.admin and version.commentaire == "Comité du 12 mars"
    assert list(definitions.versions("15")) == [version]


@pytest.mark.parametrize(
    "codes, message",
    [([], "au moins un motif"), (["INCONNU"], "Motif de sortie inconnu")],
)
def test_service_refuse_une_saisie_invalide(personas, codes, message):
    with pytest.raises(ValidationError, match=message):
        services.definition_sortie_positive_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            codes=codes,
            valable_a_partir_du=D(2025, 1, 1),
        )
    assert not DefinitionSortiePositive.objects.exists()


def test_service_refuse_une_version_identique(personas):
    _version(personas, ["EMPLOI_DURABLE"], D(2024, 1, 1))
    with pytest.raises(ValidationError, match="identique"):
        services.definition_sortie_positive_creer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            codes=["EMPLOI_DURABLE"],
            valable_a_partir_du=D(2025, 1, 1),
        )
    assert DefinitionSortiePositive.objects.count() == 1


@pytest.mark.parametrize("persona", ["pilote", "encadrant", "conseiller", "admin_calvados"])
def test_seul_l_administrateur_du_departement_ecrit(personas, persona):
    with pytest.raises(PermissionDenied):
        services.definition_sortie_positive_creer(
            acteur=getattr(personas, persona),
            departement=personas.cantal.departement,
            codes=["FORMATION"],
            valable_a_partir_du=D(2025, 1, 1),
        )
    assert not DefinitionSortiePositive.objects.exists()
