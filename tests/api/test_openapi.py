"""Le document OpenAPI de l'API : valide (openapi-spec-validator), et complet — chaque opération a un résumé, une
description, ses réponses d'erreur au format problem details et au moins un exemple."""

import pytest
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

METHODES = {"get", "post", "put", "patch", "delete"}
# Toute opération authentifiée peut répondre 401 (jeton), 403 (rôle, lecture seule) et 429 (limitation).
ERREURS_COMMUNES = {"401", "403", "429"}


@pytest.fixture
def document(client):
    reponse = client.get("/api/v1/openapi.json")
    assert reponse.status_code == 200
    return reponse.json()


def _operations(document):
    for chemin, operations in document["paths"].items():
        for methode, operation in operations.items():
            if methode in METHODES:
                yield f"{methode.upper()} {chemin}", operation


def _a_un_exemple(operation) -> bool:
    for reponse in operation.get("responses", {}).values():
        for contenu in reponse.get("content", {}).values():
            if "example" in contenu or "examples" in contenu:
                return True
    return False


def test_le_document_est_valide(document):
    validate(document)


def test_chaque_operation_est_documentee(document):
    defauts = []
    for nom, operation in _operations(document):
        reponses = operation.get("responses", {})
        if not operation.get("summary") or not operation.get("description"):
            defauts.append(f"{nom} : résumé ou description manquant")
        manquantes = ERREURS_COMMUNES - set(reponses)
        if manquantes:
            defauts.append(f"{nom} : réponses d'erreur non déclarées {sorted(manquantes)}")
        if "{" in nom and "404" not in reponses:
            defauts.append(f"{nom} : 404 non déclaré pour une ressource désignée")
        if operation.get("parameters") or operation.get("requestBody"):
            if "422" not in reponses:
                defauts.append(f"{nom} : 422 non déclaré alors qu'elle reçoit des paramètres")
        for code, reponse in reponses.items():
            if code.startswith(("4", "5")) and "application/problem+json" not in reponse.get("content", {}):
                defauts.append(f"{nom} : {code} n'est pas décrit en application/problem+json")
        if not _a_un_exemple(operation):
            defauts.append(f"{nom} : aucun exemple")
    assert not defauts, "\n".join(defauts)


def test_le_test_detecte_une_operation_incomplete(document):
    """Le test du test : une opération sans 401 ni exemple est signalée."""
    operation = next(op for _nom, op in _operations(document))
    operation["responses"] = {"200": {"description": "OK"}}
    with pytest.raises(AssertionError, match="réponses d'erreur non déclarées"):
        test_chaque_operation_est_documentee(document)
