"""API du diagnostic et du plan : périmètre, secret partagé, verrou optimiste (428/412), journal."""

import pytest

from binome.accompagnement.enums import StatutAction
from tests.api.outils import client_jeton_de, lignes_journal
from tests.confiance.monde import creer_monde

pytestmark = pytest.mark.django_db


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def test_diagnostic_secret_partage_champ_par_champ(monde, personas):
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/diagnostic"
    cote_ft = client_jeton_de(personas, personas.conseiller).get(url)
    assert cote_ft.status_code == 200
    frein = cote_ft.json()["freins"][0]
    assert frein["domaine"] == "SANTE" and frein["situations"] is None and frein["precision"] is None
    for secret in monde.cantal.secrets:
        assert secret not in cote_ft.content.decode()
    cote_social = client_jeton_de(personas, personas.travailleur_social).get(url).json()["freins"][0]
    assert cote_social["precision"] == "PRECISIONSECRETECANTAL" or "PRECISIONSECRETE" in cote_social["precision"]
    assert cote_social["situations"]


def test_hors_perimetre_404(monde, personas):
    client = client_jeton_de(personas, personas.conseiller_calvados)
    parcours = monde.cantal.parcours.pk
    for url in (f"/api/v1/parcours/{parcours}/plan", f"/api/v1/parcours/{parcours}/diagnostic"):
        reponse = client.get(url)
        assert reponse.status_code == 404 and reponse["Content-Type"] == "application/problem+json"
    assert client.post(
        f"/api/v1/parcours/{parcours}/plan/objectifs", {}, content_type="application/json"
    ).status_code in (
        404,
        422,
    )


def test_plan_etag_et_journal(monde, personas):
    client = client_jeton_de(personas, personas.conseiller)
    avant = len(lignes_journal(monde.cantal.personne))
    reponse = client.get(f"/api/v1/parcours/{monde.cantal.parcours.pk}/plan")
    assert reponse.status_code == 200
    plan = reponse.json()
    assert reponse["ETag"] == f'"{plan["revision"]}"'
    assert [a["id"] for a in plan["actions"]][0] == monde.cantal.action.pk
    lignes = lignes_journal(monde.cantal.personne)
    assert len(lignes) == avant + 1 and lignes[-1].action == "LECTURE"


def test_statut_action_428_412_puis_succes(monde, personas):
    client = client_jeton_de(personas, personas.conseiller)
    action = monde.cantal.action
    url = f"/api/v1/parcours/{monde.cantal.parcours.pk}/plan/actions/{action.pk}/statut"
    corps = {"statut": StatutAction.REALISEE}
    assert client.post(url, corps, content_type="application/json").status_code == 428
    perime = client.post(url, corps, content_type="application/json", HTTP_IF_MATCH=f'"{action.revision + 5}"')
    assert perime.status_code == 412 and perime["Content-Type"] == "application/problem+json"
    action.refresh_from_db()
    assert action.statut != StatutAction.REALISEE
    avant = len(lignes_journal(monde.cantal.personne))
    ok = client.post(url, corps, content_type="application/json", HTTP_IF_MATCH=f'"{action.revision}"')
    assert ok.status_code == 200, ok.content
    assert ok.json()["statut"] == "REALISEE" and ok["ETag"] == f'"{action.revision + 1}"'
    assert lignes_journal(monde.cantal.personne)[avant].action == "SAISIE"


def test_ajout_modification_retrait_objectif(monde, personas):
    client = client_jeton_de(personas, personas.conseiller)
    base = f"/api/v1/parcours/{monde.cantal.parcours.pk}/plan/objectifs"
    cree = client.post(
        base, {"cote": "EMPLOI", "porteur": "PERSONNE", "libelle_libre": "Trouver un stage"}, "application/json"
    )
    assert cree.status_code == 201, cree.content
    objectif = cree.json()
    modifie = client.put(
        f"{base}/{objectif['id']}",
        {"cote": "EMPLOI", "porteur": "CONSEILLER", "libelle_libre": "Trouver un stage"},
        "application/json",
        HTTP_IF_MATCH=cree["ETag"],
    )
    assert modifie.status_code == 200 and modifie.json()["porteur"] == "CONSEILLER"
    assert client.delete(f"{base}/{objectif['id']}", HTTP_IF_MATCH=cree["ETag"]).status_code == 412
    assert client.delete(f"{base}/{objectif['id']}", HTTP_IF_MATCH=modifie["ETag"]).status_code == 204
    assert (
        client.get(f"/api/v1/parcours/{monde.cantal.parcours.pk}/plan").json()["objectifs"][-1]["id"] != objectif["id"]
    )


def test_jeton_lecture_seule_refuse_l_ecriture(monde, personas):
    client = client_jeton_de(personas, personas.conseiller, lecture_seule=True)
    reponse = client.post(
        f"/api/v1/parcours/{monde.cantal.parcours.pk}/plan/objectifs",
        {"cote": "EMPLOI", "porteur": "PERSONNE", "libelle_libre": "X"},
        "application/json",
    )
    assert reponse.status_code == 403
