"""Import data·inclusion (validation, rapport d'erreurs par identifiant, idempotence) et export validé."""

import json
from io import StringIO

import pytest
from data_inclusion.schema import v1
from django.core.management import call_command
from django.core.management.base import CommandError

from binome.ressources.importation import importer_data_inclusion
from binome.ressources.models import Service, Structure, ZoneEligibilite
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


def _structure(ident="dora--s1", **champs):
    return {"source": "dora", "id": ident, "nom": "Association Mobilité 15", "date_maj": "2026-02-01", **champs}


def _service(ident="dora--v1", structure_id="dora--s1", **champs):
    return {
        "source": "dora",
        "id": ident,
        "structure_id": structure_id,
        "nom": "Auto-école solidaire",
        "description": "Préparation au code et à la conduite pour les personnes en insertion.",
        "date_maj": "2026-02-01",
        "thematiques": ["mobilite--preparer-un-permis"],
        "modes_accueil": ["en-presentiel"],
        "code_insee": "15187",
        "zone_eligibilite": ["15"],
        "telephone": "0471000000",
        "lien_source": "https://dora.inclusion.beta.gouv.fr/services/auto-ecole",
        "score_qualite": 0.7,  # champ servi par l'API nationale, ignoré (recalculé)
        **champs,
    }


def test_import_cree_valide_et_rapporte_les_rejets_par_identifiant(personas):
    donnees = {
        "structures": [_structure(), _structure("dora--s2", nom="X")],  # nom trop court
        "services": [
            _service(),
            _service("dora--v2", thematiques=["mobilite--voler"]),  # thématique inconnue
            _service("dora--v3", structure_id="dora--inconnue"),
            _service("dora--v4", description="Oui"),
            _service("dora--v5", structure_id="dora--s2"),  # structure écartée : inconnue
            _service("dora--v6", zone_eligibilite=["1"]),
        ],
    }
    rapport = importer_data_inclusion(donnees)
    assert rapport.crees == {"structure": 1, "service": 1}
    raisons = {r.id: r.raison for r in rapport.rejets}
    assert set(raisons) == {"dora--s2", "dora--v2", "dora--v3", "dora--v4", "dora--v5", "dora--v6"}
    assert raisons["dora--s2"].startswith("nom : trop court (au moins 3 caractères)")
    assert "thematiques" in raisons["dora--v2"] and "mobilite--voler" in raisons["dora--v2"]
    assert raisons["dora--v3"] == "structure inconnue : « dora--inconnue »"
    assert raisons["dora--v4"].startswith("description : trop court")
    assert raisons["dora--v5"] == "structure inconnue : « dora--s2 »"
    assert "zone_eligibilite" in raisons["dora--v6"]
    service = Service.objects.get(pk="dora--v1")
    # Dérivés : département et coordonnées depuis la commune, index de recherche, score recalculé.
    assert service.departement_id == "15"
    assert (service.latitude, service.longitude) == (45.0339, 3.0933)
    assert list(ZoneEligibilite.objects.filter(service=service).values_list("code", flat=True)) == ["15"]
    assert service.liens_thematiques.get().thematique == "mobilite--preparer-un-permis"
    assert service.score_qualite is not None and service.score_qualite != 0.7
    assert service.date_verification.isoformat() == "2026-02-01"


def test_second_import_identique_ne_change_rien_et_une_modification_met_a_jour(personas):
    donnees = {"structures": [_structure()], "services": [_service(), _service("dora--v2", nom="Garage solidaire")]}
    importer_data_inclusion(donnees)
    historique = (Service.history.count(), Structure.history.count())
    rapport = importer_data_inclusion(json.loads(json.dumps(donnees)))
    assert rapport.crees == {"structure": 0, "service": 0}
    assert rapport.modifies == {"structure": 0, "service": 0}
    assert rapport.inchanges == {"structure": 1, "service": 2}
    assert (Service.history.count(), Structure.history.count()) == historique
    donnees["services"][1]["nom"] = "Garage solidaire du Cantal"
    rapport = importer_data_inclusion(donnees)
    assert rapport.modifies["service"] == 1 and rapport.inchanges["service"] == 1
    assert Service.objects.get(pk="dora--v2").nom == "Garage solidaire du Cantal"
    assert Service.history.filter(id="dora--v2").count() == 2


def test_import_conserve_la_moderation_et_l_organisation(personas):
    importer_data_inclusion({"structures": [_structure()], "services": [_service()]})
    Service.objects.filter(pk="dora--v1").update(statut="MASQUE", organisation=personas.cantal.partenaire)
    donnees = {"structures": [_structure()], "services": [_service(nom="Auto-école solidaire du Cantal")]}
    importer_data_inclusion(donnees)
    service = Service.objects.get(pk="dora--v1")
    assert (service.statut, service.organisation) == ("MASQUE", personas.cantal.partenaire)


def test_import_refuse_un_fichier_mal_forme():
    with pytest.raises(ValueError):
        importer_data_inclusion([])
    with pytest.raises(ValueError):
        importer_data_inclusion({"services": {}})


def test_commande_import_avec_resume(personas, tmp_path):
    fichier = tmp_path / "di.json"
    fichier.write_text(
        json.dumps({"structures": [_structure()], "services": [_service(), _service("dora--v9", nom="")]}),
        encoding="utf-8",
    )
    sortie = StringIO()
    call_command(
        "import_data_inclusion",
        str(fichier),
        "--departement",
        "15",
        "--sans-progression",
        stdout=sortie,
        stderr=StringIO(),
    )
    texte = sortie.getvalue()
    assert "dora--v9 : nom : trop court" in texte
    assert "Services : 1 créés" in texte and "1 enregistrements écartés" in texte
    with pytest.raises(CommandError, match="JSON illisible"):
        (tmp_path / "casse.json").write_text("{", encoding="utf-8")
        call_command("import_data_inclusion", str(tmp_path / "casse.json"), "--departement", "15", stdout=StringIO())


def test_export_departement_valide_et_perimetre(personas, cantal, tmp_path):
    sf = cantal["saint_flour"]
    situe = rf.service(commune_obj=sf, telephone="0471000000", zone_eligibilite=["15"])
    reserve = rf.service(
        commune_obj=sf, telephone="0600000000", contact_nom_prenom="Jeanne Martin", contact_reserve_professionnels=True
    )
    eligible_par_commune = rf.service(zone_eligibilite=["15014"])
    eligible_par_epci = rf.service(zone_eligibilite=["200066660"])
    rf.service(zone_eligibilite=["france"])  # national situé ailleurs : non exporté
    rf.service(commune_obj=personas.calvados.communes["caen"])  # Calvados
    rf.service(commune_obj=sf, statut="MASQUE")  # non publié
    fichier = tmp_path / "export.json"
    call_command(
        "export_data_inclusion",
        "--departement",
        "15",
        "--output",
        str(fichier),
        "--sans-progression",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    donnees = json.loads(fichier.read_text(encoding="utf-8"))
    ids = {s["id"] for s in donnees["services"]}
    assert ids == {situe.id, reserve.id, eligible_par_commune.id, eligible_par_epci.id}
    for structure in donnees["structures"]:
        v1.Structure.model_validate(structure)
    for service in donnees["services"]:
        v1.Service.model_validate(service)
        assert service["structure_id"] in {s["id"] for s in donnees["structures"]}
    par_id = {s["id"]: s for s in donnees["services"]}
    assert par_id[situe.id]["telephone"] == "0471000000"
    assert par_id[reserve.id]["telephone"] is None and par_id[reserve.id]["contact_nom_prenom"] is None
    # Les champs propres à Binôme ne sortent pas ; ceux du schéma sont tous présents.
    assert set(par_id[situe.id]) == set(v1.Service.model_fields)


def test_export_puis_import_est_stable(personas, cantal, tmp_path):
    rf.service(commune_obj=cantal["saint_flour"], publics=["jeunes", "femmes"], frais="payant", frais_precisions="5 €")
    fichier = tmp_path / "export.json"
    call_command(
        "export_data_inclusion",
        "--departement",
        "15",
        "--output",
        str(fichier),
        "--sans-progression",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    rapport = importer_data_inclusion(json.loads(fichier.read_text(encoding="utf-8")))
    assert rapport.rejets == []
    assert rapport.inchanges == {"structure": 1, "service": 1}


def test_export_departement_inconnu(tmp_path):
    with pytest.raises(CommandError, match="Département inconnu"):
        call_command("export_data_inclusion", "--departement", "00", "--output", str(tmp_path / "x.json"))
