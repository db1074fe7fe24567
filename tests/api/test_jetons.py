"""Jetons d'API : stockés hachés, acceptés tant qu'ils sont valides (401 sinon), lecture seule (403 en écriture),
dernière utilisation notée sans écrire à chaque requête, révocation."""

import datetime
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from binome.comptes import selectors, services
from binome.comptes.models import JetonApi
from tests.api.outils import bearer
from tests.factories import UtilisateurFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_essai")]

LIRE = "/api/essai/lire"
CREER = "/api/essai/jetons"


def test_le_jeton_en_clair_n_est_nulle_part_en_base(personas, jeton_de):
    jeton, clair = jeton_de(personas.conseiller, nom="IODAS")
    assert clair.startswith("bnm_") and len(clair) > 40
    assert jeton.empreinte == hashlib.sha256(clair.encode()).hexdigest()
    assert jeton.prefixe == clair[:10]
    lignes = [*JetonApi.objects.values(), *JetonApi.history.values()]
    assert lignes
    for ligne in lignes:
        for valeur in ligne.values():
            assert clair not in str(valeur)
            # Aucun fragment au-delà du préfixe affiché.
            assert clair[10:30] not in str(valeur)
    # L'historique ne garde même pas l'empreinte.
    assert all("empreinte" not in ligne for ligne in JetonApi.history.values())


def test_un_jeton_valide_authentifie_comme_son_compte(client, personas, jeton_de):
    _jeton, clair = jeton_de(personas.conseiller)
    reponse = client.get(LIRE, **bearer(clair))
    assert reponse.status_code == 200
    assert reponse.json() == {"compte": personas.conseiller.email}


@pytest.mark.parametrize("cas", ["inconnu", "revoque", "expire", "compte_desactive", "sans_prefixe"])
def test_401_pour_un_jeton_qui_ne_vaut_plus(client, personas, jeton_de, cas):
    jeton, clair = jeton_de(personas.conseiller)
    if cas == "inconnu":
        clair = clair[:-4] + "AAAA"
    elif cas == "revoque":
        services.jeton_api_revoquer(acteur=personas.admin, jeton=jeton)
    elif cas == "expire":
        JetonApi.objects.filter(pk=jeton.pk).update(expire_le=timezone.localdate() - datetime.timedelta(days=1))
    elif cas == "compte_desactive":
        type(personas.conseiller).objects.filter(pk=personas.conseiller.pk).update(is_active=False)
    else:
        clair = clair.removeprefix("bnm_")
    reponse = client.get(LIRE, **bearer(clair))
    assert reponse.status_code == 401
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse["WWW-Authenticate"].startswith("Bearer")
    assert "jeton" in reponse.json()["detail"]


def test_le_jour_d_expiration_est_encore_valable(client, personas, jeton_de, horloge):
    _jeton, clair = jeton_de(personas.conseiller, expire_le=timezone.localdate() + datetime.timedelta(days=1))
    horloge.tick(datetime.timedelta(days=1))
    assert client.get(LIRE, **bearer(clair)).status_code == 200
    horloge.tick(datetime.timedelta(days=1))
    assert client.get(LIRE, **bearer(clair)).status_code == 401


def test_lecture_seule_403_en_ecriture(client, personas, jeton_de):
    _jeton, clair = jeton_de(personas.conseiller, lecture_seule=True)
    assert client.get(LIRE, **bearer(clair)).status_code == 200
    avant = JetonApi.objects.count()
    reponse = client.post(CREER, {"nom": "Refusé"}, content_type="application/json", **bearer(clair))
    assert reponse.status_code == 403
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["title"] == "Jeton en lecture seule"
    assert JetonApi.objects.count() == avant


def test_lecture_et_ecriture_peut_creer(client, personas, jeton_de):
    _jeton, clair = jeton_de(personas.conseiller, lecture_seule=False)
    reponse = client.post(CREER, {"nom": "Créé par l'API"}, content_type="application/json", **bearer(clair))
    assert reponse.status_code == 201
    assert JetonApi.objects.filter(nom="Créé par l'API", utilisateur=personas.conseiller).exists()


def test_un_compte_sans_role_est_refuse(client, jeton_de, personas):
    _jeton, clair = jeton_de(UtilisateurFactory(email="technique.sans.role@exemple.gouv.fr"))
    reponse = client.get(LIRE, **bearer(clair))
    assert reponse.status_code == 403
    assert "habilitation" in reponse.json()["detail"]


@pytest.mark.parametrize("limite", [0, 120])
def test_derniere_utilisation_au_plus_une_ecriture_par_minute(client, personas, jeton_de, horloge, settings, limite):
    settings.API_LIMITE_REQUETES_PAR_MINUTE = limite
    jeton, clair = jeton_de(personas.conseiller)
    assert jeton.derniere_utilisation_le is None
    debut = timezone.now()
    client.get(LIRE, **bearer(clair))
    jeton.refresh_from_db()
    assert jeton.derniere_utilisation_le == debut
    horloge.tick(datetime.timedelta(seconds=30))
    client.get(LIRE, **bearer(clair))
    jeton.refresh_from_db()
    assert jeton.derniere_utilisation_le == debut  # pas d'écriture dans la minute
    horloge.tick(datetime.timedelta(seconds=31))
    client.get(LIRE, **bearer(clair))
    jeton.refresh_from_db()
    assert jeton.derniere_utilisation_le == timezone.now()


def test_derniere_utilisation_sans_ecriture_dans_la_minute(client, personas, jeton_de, settings):
    """Limitation désactivée : dans la minute, l'UPDATE conditionnel de la dernière utilisation ne touche aucune
    ligne (aucune écriture réelle à chaque requête)."""
    from django.db import connection

    settings.API_LIMITE_REQUETES_PAR_MINUTE = 0
    _jeton, clair = jeton_de(personas.conseiller)
    client.get(LIRE, **bearer(clair))
    mises_a_jour = []

    def noter(execute, sql, params, many, contexte):
        resultat = execute(sql, params, many, contexte)
        if sql.lstrip().upper().startswith("UPDATE") and "jetonapi" in sql.lower():
            mises_a_jour.append(contexte["cursor"].rowcount)
        return resultat

    with connection.execute_wrapper(noter):
        assert client.get(LIRE, **bearer(clair)).status_code == 200
    assert mises_a_jour == [0]


def test_revoquer_perimetre_et_historique(personas, jeton_de):
    jeton, _clair = jeton_de(personas.conseiller)
    with pytest.raises(PermissionDenied):
        services.jeton_api_revoquer(acteur=personas.admin_calvados, jeton=jeton)
    services.jeton_api_revoquer(acteur=personas.admin, jeton=jeton)
    jeton.refresh_from_db()
    assert jeton.revoque_le is not None and jeton.revoque_par == personas.admin
    derniere = jeton.history.order_by("-history_id").first()
    assert derniere.history_user == personas.admin
    assert derniere.history_change_reason == "Révocation du jeton d’API"
    with pytest.raises(ValidationError, match="déjà révoqué"):
        services.jeton_api_revoquer(acteur=personas.admin, jeton=jeton)
    assert selectors.jeton_api_valide(_clair) is None


def test_le_compte_revoque_son_propre_jeton(personas, jeton_de):
    jeton, _clair = jeton_de(personas.conseiller)
    services.jeton_api_revoquer(acteur=personas.conseiller, jeton=jeton)
    jeton.refresh_from_db()
    assert jeton.est_revoque


def test_creer_refuse_hors_perimetre_compte_desactive_et_nom_vide(personas):
    with pytest.raises(PermissionDenied):
        services.jeton_api_creer(acteur=personas.admin_calvados, utilisateur=personas.conseiller, nom="X")
    with pytest.raises(ValidationError, match="nom"):
        services.jeton_api_creer(acteur=personas.admin, utilisateur=personas.conseiller, nom="  ")
    with pytest.raises(ValidationError, match="futur"):
        services.jeton_api_creer(
            acteur=personas.admin, utilisateur=personas.conseiller, nom="X", expire_le=timezone.localdate()
        )
    personas.conseiller.is_active = False
    with pytest.raises(ValidationError, match="désactivé"):
        services.jeton_api_creer(acteur=None, utilisateur=personas.conseiller, nom="X")
    assert not JetonApi.objects.exists()
