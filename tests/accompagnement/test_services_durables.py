"""Chaque service public de l'accompagnement est une transaction durable (``transaction.atomic(durable=True)``).

Appelé dans un autre bloc ``atomic`` (hors de la transaction des tests), il refuse de s'y imbriquer avant même
de lire ses arguments : un service n'en appelle jamais un autre, l'import et la démonstration non plus (ils
appellent les fonctions privées).
"""

import inspect

import pytest
from django.db import transaction

from binome.accompagnement import services

# Fonctions exportées qui ne sont pas des actions : lectures, ou brique à appeler DANS la transaction d'un service.
EXEMPTEES = {
    "durees_departement": "lecture des paramètres du département",
    "evenement_enregistrer": "ligne de chronologie écrite dans la transaction du service qui agit",
}


def _services_publics():
    for nom, objet in sorted(vars(services).items()):
        if (
            inspect.isfunction(objet)
            and objet.__module__.startswith("binome.accompagnement.services.")
            and not nom.startswith("_")
            and nom not in EXEMPTEES
        ):
            yield nom, objet


def test_les_services_publics_sont_nombreux():
    noms = dict(_services_publics())
    assert {"parcours_activer", "parcours_sortir", "parcours_importer", "plan_signer", "contact_enregistrer"} <= set(
        noms
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("nom", "service"), list(_services_publics()))
def test_service_public_durable(nom, service):
    assert all(
        parametre.kind in (parametre.KEYWORD_ONLY, parametre.VAR_KEYWORD)
        for parametre in inspect.signature(service).parameters.values()
    ), f"{nom} : arguments nommés seulement"
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        service()
