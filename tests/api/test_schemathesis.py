"""schemathesis contre l'API, depuis son document OpenAPI et par l'application WSGI (sans serveur).

Chaque opération du document (celles à venir comprises : rien n'est listé ici) reçoit des requêtes générées,
authentifiées par le jeton en lecture-écriture d'une conseillère qui suit des dossiers. Vérifications : aucune erreur
serveur (5xx), réponses conformes à leur schéma, types de contenu conformes. Les identifiants de chemin désignent,
une fois sur deux, un objet réel de son dossier (sinon un identifiant quelconque, 404 attendu) ; une fois sur deux
aussi, les dates du corps sont rendues plausibles et la révision lue est envoyée en If-Match, pour que les écritures
aillent jusqu'aux services (et pas seulement jusqu'au 422). Nombre d'exemples borné et génération dérandomisée :
reproductible, et de l'ordre de la minute.
"""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from binome.accompagnement.models import Action, Objectif
from binome.comptes import services as services_comptes
from tests.confiance.monde import creer_monde

application = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

VERIFICATIONS = (
    not_a_server_error,
    response_schema_conformance,
    content_type_conformance,
)


@pytest.fixture
def contexte(personas):
    """Le monde de test (dossiers du Cantal et du Calvados) et le jeton de la conseillère du Cantal."""
    monde = creer_monde(personas)
    _jeton, clair = services_comptes.jeton_api_creer(
        acteur=personas.admin, utilisateur=personas.conseiller, nom="schemathesis", lecture_seule=False
    )
    dossier = monde.cantal
    objets = {
        "parcours_pk": dossier.parcours.pk,
        "objectif_pk": dossier.objectif.pk,
        "action_pk": dossier.action.pk,
        "rendez_vous_pk": dossier.rendez_vous.pk,
        "personne_pk": dossier.personne.pk,
        "contact_pk": dossier.contact.pk,
    }
    # Comme le client de test de Django : l'application WSGI ne ferme pas la connexion de la transaction du test
    # à la fin de chaque requête (sur PostgreSQL, la requête suivante la trouverait fermée).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {clair}"}, objets
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _pair(valeur) -> bool:
    """Choix déterministe (la graine de hash des chaînes change d'un processus à l'autre)."""
    return sum(map(ord, str(valeur))) % 2 == 0


def _revision(case) -> str | None:
    """La révision courante de l'objectif ou de l'action du chemin (l'ETag qu'un client aurait lu)."""
    parametres = case.path_parameters or {}
    for nom, modele in (("action_pk", Action), ("objectif_pk", Objectif)):
        if nom in parametres and str(parametres[nom]).isdigit() and int(parametres[nom]) < 2**31:
            revision = modele.objects.filter(pk=parametres[nom]).values_list("revision", flat=True).first()
            return f'"{revision}"' if revision is not None else None
    return None


def _corps_plausible(corps: dict) -> None:
    """Des dates et des références que les règles du domaine acceptent : la requête va jusqu'au service."""
    aujourdhui = timezone.localdate()
    valeurs = {
        "date": aujourdhui.isoformat(),
        "accord_le": aujourdhui.isoformat(),
        "echeance": None,
        "prochaine_date": None,
        "debut": (timezone.now() + datetime.timedelta(days=7)).isoformat(),
        "element_referentiel": None,
        "objectif": None,
        "participants": [],
        "professionnels": None,
    }
    for champ, valeur in valeurs.items():
        if champ in corps:
            corps[champ] = valeur
    if "libelle_libre" in corps and not str(corps["libelle_libre"]).strip():
        corps["libelle_libre"] = "Libellé"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api(case, contexte):
    entetes, objets = contexte
    for nom, valeur in list((case.path_parameters or {}).items()):
        # Une fois sur deux un objet réel du dossier, sinon la valeur générée (404 attendu).
        if nom in objets and _pair(valeur):
            case.path_parameters[nom] = objets[nom]
    # Une fois sur deux, un corps plausible et la révision à jour : les écritures vont jusqu'aux services.
    if isinstance(case.body, dict) and _pair(case.body):
        _corps_plausible(case.body)
        revision = _revision(case)
        if revision is not None:
            entetes = {**entetes, "If-Match": revision}
    case.call_and_validate(headers=entetes, checks=VERIFICATIONS)
