"""API v1 des parcours : fiche et actions possibles pour le compte, transitions par les services (gardes → 409
avec le message et le code, saisie → 422), périmètre, secret partagé, journal, orientations et sorties, OpenAPI."""

import datetime

import pytest
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours, PeriodeSuspension
from binome.confiance.models import EntreeJournal
from tests.accompagnement import factories as fa
from tests.api.outils import client_jeton, creer_jeton, tout_lire

pytestmark = pytest.mark.django_db

AUJOURDHUI = timezone.localdate()


@pytest.fixture
def parcours(personas):
    """Un parcours actif entré aujourd'hui (la fenêtre de renouvellement est loin)."""
    return fa.parcours_du_binome(
        personas, date_entree=AUJOURDHUI, date_fin_prevue=AUJOURDHUI + datetime.timedelta(days=540)
    )


@pytest.fixture
def jetons(personas):
    return {
        nom: client_jeton(creer_jeton(getattr(personas, nom)))
        for nom in ("conseiller", "travailleur_social", "admin", "conseiller_calvados")
    }


def _poster(client, parcours_id, action, corps=None):
    return client.post(f"/api/v1/parcours/{parcours_id}/{action}", corps or {}, content_type="application/json")


def test_fiche_etag_et_actions_pour_le_compte(parcours, jetons):
    reponse = jetons["conseiller"].get(f"/api/v1/parcours/{parcours.pk}")
    assert reponse.status_code == 200 and reponse["ETag"]
    fiche = reponse.json()
    assert fiche["etat"] == "ACTIF" and fiche["conseiller"]["compte"]["nom"]
    assert {"suspendre", "sortir", "demander-coordination", "basculer-social-exclusif"} <= set(
        fiche["actions_possibles"]
    )
    # Hors de la fenêtre de renouvellement (garde) : pas d'action « renouveler ».
    assert "renouveler" not in fiche["actions_possibles"] and "reprendre" not in fiche["actions_possibles"]
    # L'administrateur départemental consulte sans écrire : aucune action.
    assert jetons["admin"].get(f"/api/v1/parcours/{parcours.pk}").json()["actions_possibles"] == []


def test_garde_de_la_machine_409_avec_message_et_code(parcours, jetons):
    reponse = _poster(jetons["conseiller"], parcours.pk, "reprendre", {"date": AUJOURDHUI.isoformat()})
    assert reponse.status_code == 409 and reponse["Content-Type"] == "application/problem+json"
    corps = reponse.json()
    assert corps["code"] == "transition_interdite"
    assert (
        corps["detail"] == "Action impossible : un parcours à l'état « Actif » ne peut pas passer à l'état « Actif »."
    )
    renouveler = _poster(jetons["conseiller"], parcours.pk, "renouveler", {"motif": "Suite", "accord_personne": True})
    assert renouveler.status_code == 409 and renouveler.json()["code"] == "hors_fenetre_renouvellement"
    assert Parcours.objects.get(pk=parcours.pk).etat == e.EtatParcours.ACTIF


def test_saisie_invalide_422_en_francais(parcours, jetons):
    demain = (AUJOURDHUI + datetime.timedelta(days=1)).isoformat()
    reponse = _poster(jetons["conseiller"], parcours.pk, "suspendre", {"debut": demain, "motif": "MALADIE"})
    assert reponse.status_code == 422
    assert reponse.json()["erreurs"] == {"debut": ["La date ne peut pas être dans le futur."]}
    schema = _poster(jetons["conseiller"], parcours.pk, "suspendre", {"motif": "INCONNU"})
    assert schema.status_code == 422 and {"debut", "motif"} <= set(schema.json()["erreurs"])


def test_calvados_ne_touche_pas_au_cantal(parcours, jetons):
    client = jetons["conseiller_calvados"]
    assert client.get(f"/api/v1/parcours/{parcours.pk}").status_code == 404
    for action, corps in (
        ("suspendre", {"debut": AUJOURDHUI.isoformat(), "motif": "MALADIE"}),
        ("sortir", {}),
        ("retour-diagnostic", {}),
    ):
        assert _poster(client, parcours.pk, action, corps).status_code == 404, action
    assert Parcours.objects.get(pk=parcours.pk).etat == e.EtatParcours.ACTIF
    assert parcours.pk not in {p["id"] for p in tout_lire(client, "/api/v1/parcours")}


def test_transition_journalisee_et_motif_de_suspension_reserve(parcours, jetons):
    reponse = _poster(
        jetons["conseiller"], parcours.pk, "suspendre", {"debut": AUJOURDHUI.isoformat(), "motif": "MALADIE"}
    )
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["suspensions"] == [{"debut": AUJOURDHUI.isoformat(), "fin": None, "motif": None}]
    assert PeriodeSuspension.objects.get(parcours=parcours).motif == "MALADIE"
    social = jetons["travailleur_social"].get(f"/api/v1/parcours/{parcours.pk}").json()
    assert social["suspensions"][0]["motif"] == "MALADIE" and social["etat"] == "SUSPENDU"
    ligne = EntreeJournal.objects.get(route="v1:parcours_suspendre")
    assert ligne.action == "SAISIE" and ligne.personne_id == parcours.personne_id


def test_orientations_et_sorties(personas, jetons):
    orientation = fa.OrientationFactory(
        parcours=fa.parcours_du_binome(personas, etat=e.EtatParcours.ORIENTATION_PROPOSEE)
    )
    sorti = fa.parcours_du_binome(
        personas, etat=e.EtatParcours.SORTI, date_sortie=AUJOURDHUI, motif_sortie=e.MotifSortie.EMPLOI_DURABLE
    )
    sortie = fa.SortieFactory(parcours=sorti, date=AUJOURDHUI)
    client = jetons["conseiller"]
    assert orientation.pk in {o["id"] for o in tout_lire(client, "/api/v1/orientations")}
    assert client.get(f"/api/v1/orientations/{orientation.pk}").json()["parcours_id"] == orientation.parcours_id
    assert [s["id"] for s in tout_lire(client, "/api/v1/sorties")] == [sortie.pk]
    assert client.get(f"/api/v1/sorties/{sortie.pk}").json()["suivi_6_mois_fait_le"] is None
    calvados = jetons["conseiller_calvados"]
    assert calvados.get(f"/api/v1/orientations/{orientation.pk}").status_code == 404
    assert calvados.get(f"/api/v1/sorties/{sortie.pk}").status_code == 404


def test_liste_des_parcours_requetes_bornees(personas, jetons, django_assert_max_num_queries):
    client = jetons["conseiller"]
    fa.parcours_du_binome(personas)
    client.get("/api/v1/parcours")
    with django_assert_max_num_queries(20) as requetes:
        client.get("/api/v1/parcours")
    for _i in range(8):
        fa.parcours_du_binome(personas)
    with django_assert_max_num_queries(len(requetes)):
        assert len(client.get("/api/v1/parcours").json()["resultats"]) == 9


def test_openapi_documente_chaque_reponse(personas, client_de):
    schema = client_de(personas.conseiller).get("/api/v1/openapi.json").json()
    chemins = {c: o for c, o in schema["paths"].items() if c.startswith(("/api/v1/personnes", "/api/v1/parcours"))}
    assert len(chemins) >= 20
    for chemin, operations in chemins.items():
        for methode, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "429"} <= codes, (chemin, methode)
            # Chaque réponse d'erreur (un succès 204 n'a pas de corps).
            for code in (c for c in codes if int(c) >= 400):
                contenu = operation["responses"][code]["content"]
                assert list(contenu) == ["application/problem+json"], (chemin, methode, code)
                assert contenu["application/problem+json"]["example"]["status"] == int(code)
            if methode == "post" and "{parcours_id}" in chemin:
                assert {"404", "409", "422"} <= codes, chemin
    modifier = schema["paths"]["/api/v1/personnes/{personne_id}"]["patch"]["responses"]
    assert {"412", "428"} <= set(modifier)


def test_renouvellement_conjoint_chacun_son_jeton(personas, jetons):
    proche = fa.parcours_du_binome(
        personas,
        date_entree=AUJOURDHUI - datetime.timedelta(days=340),
        date_fin_prevue=AUJOURDHUI + datetime.timedelta(days=20),
    )
    assert "renouveler" in jetons["conseiller"].get(f"/api/v1/parcours/{proche.pk}").json()["actions_possibles"]
    premier = _poster(
        jetons["conseiller"], proche.pk, "renouveler", {"motif": "Projet en cours", "accord_personne": True}
    )
    assert premier.status_code == 200 and premier.json()["etat"] == "ACTIF"
    assert premier.json()["accord_renouvellement_conseiller_le"] == AUJOURDHUI.isoformat()
    deja = _poster(jetons["conseiller"], proche.pk, "renouveler", {})
    assert deja.status_code == 409, deja.content
    # L'encadrant n'est pas membre du binôme : 403.
    encadrant = client_jeton(creer_jeton(personas.encadrant))
    assert _poster(encadrant, proche.pk, "renouveler", {}).status_code == 403
    second = _poster(jetons["travailleur_social"], proche.pk, "renouveler", {})
    assert second.status_code == 200 and second.json()["etat"] == "RENOUVELE"


def test_retour_diagnostic_exige_la_coordination(personas, jetons):
    exclusif = fa.parcours_du_binome(
        personas, etat=e.EtatParcours.SOCIAL_EXCLUSIF, modalite=e.Modalite.SOCIAL_EXCLUSIF
    )
    refus = _poster(jetons["travailleur_social"], exclusif.pk, "retour-diagnostic")
    assert refus.status_code == 409 and refus.json()["code"] == "coordination_manquante"
    demande = {"objet": "RETOUR_DIAGNOSTIC", "demande": "La situation permet de reprendre."}
    fiche = _poster(jetons["travailleur_social"], exclusif.pk, "demander-coordination", demande).json()
    coordination = fiche["coordinations"][0]["id"]
    # Seul le côté destinataire (France Travail) répond.
    chemin = f"coordinations/{coordination}/repondre"
    assert _poster(jetons["travailleur_social"], exclusif.pk, chemin, {"accord": True}).status_code == 403
    assert _poster(jetons["conseiller"], exclusif.pk, chemin, {"accord": True, "reponse": "Oui"}).status_code == 200
    retour = _poster(jetons["travailleur_social"], exclusif.pk, "retour-diagnostic")
    assert retour.status_code == 200 and retour.json()["etat"] == "DIAGNOSTIC_PARTAGE"


def test_refus_de_l_orientation_par_la_boite_de_reception(personas, jetons):
    orientation = fa.OrientationFactory(
        parcours=fa.ParcoursFactory(
            personne=fa.personne_du(personas.cantal, nom="Boitereception"), etat=e.EtatParcours.ORIENTATION_PROPOSEE
        ),
        prescripteur=personas.conseiller,
        organisation_prescripteur=personas.cantal.agence,
    )
    social = jetons["travailleur_social"]
    fiche = social.get(f"/api/v1/parcours/{orientation.parcours_id}").json()
    assert fiche["orientation_a_traiter"] == orientation.pk
    # La prescriptrice voit le parcours mais l'orientation n'est pas dans sa boîte de réception.
    refus = {"motif": "NON_ELIGIBLE", "precision": "Relève d'un autre dispositif."}
    assert _poster(jetons["conseiller"], orientation.parcours_id, "refuser-orientation", refus).status_code == 403
    reponse = _poster(social, orientation.parcours_id, "refuser-orientation", refus)
    assert reponse.status_code == 200, reponse.content
    assert reponse.json()["etat"] == "NON_RETENU" and reponse.json()["motif_non_retenu"] == "NON_ELIGIBLE"
    encore = _poster(social, orientation.parcours_id, "refuser-orientation", refus)
    assert encore.status_code in (404, 409)
