"""Import du tableur départemental : modèle documenté, erreurs par ligne, vérification seule, idempotence."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from binome.ressources.importation import NOMS_COLONNES, importer_csv, modele_csv
from binome.ressources.models import Service, Structure

pytestmark = pytest.mark.django_db

EN_TETE = ";".join(NOMS_COLONNES)


def _ligne(**valeurs):
    base = {
        "structure_nom": "Garage solidaire de Saint-Flour",
        "nom": "Réparation à prix solidaire",
        "description": "Réparation et entretien de véhicules à prix réduit pour les personnes en insertion.",
        "thematiques": "mobilite--entretenir-reparer-son-vehicule",
        "modes_accueil": "en-presentiel",
        "code_insee": "15187",
        "commune": "Saint-Flour",
        "code_postal": "15100",
        "zone_eligibilite": "15",
        "telephone": "0471000001",
    }
    base.update(valeurs)
    return ";".join(base.get(nom, "") for nom in NOMS_COLONNES)


def _csv(*lignes):
    return "\n".join([EN_TETE, *lignes]) + "\n"


def test_modele_est_importable_tel_quel(personas):
    rapport = importer_csv(modele_csv(), departement_code="15")
    assert rapport.rejets == []
    assert rapport.crees == {"structure": 1, "service": 1}
    service = Service.objects.get()
    assert service.source == "cd15" and service.id.startswith("cd15--")
    assert service.contact_reserve_professionnels is True


def test_erreurs_par_ligne_et_lignes_valides_importees(personas):
    contenu = _csv(
        _ligne(),
        _ligne(nom="X"),  # ligne 3 : nom trop court
        _ligne(nom="Atelier budget", thematiques="budget--inconnu"),  # ligne 4
        _ligne(nom="Service orphelin", structure_nom="", structure_id="absente"),  # ligne 5
        _ligne(nom="Atelier code", zone_eligibilite="15, zz"),  # ligne 6
    )
    rapport = importer_csv(contenu, departement_code="15")
    lignes = {r.ligne: r.raison for r in rapport.rejets}
    assert set(lignes) == {3, 4, 5, 6}
    assert lignes[3].startswith("nom : trop court")
    assert "budget--inconnu" in lignes[4]
    assert lignes[5] == "structure inconnue : « cd15--absente »"
    assert "zone_eligibilite" in lignes[6]
    assert str(rapport.rejets[0]).startswith("ligne 3 · ")
    assert Service.objects.count() == 1 and Structure.objects.count() == 1


def test_colonnes_obligatoires(personas):
    rapport = importer_csv("structure_nom;nom\nA;B\n", departement_code="15")
    assert rapport.rejets[0].raison == "colonnes obligatoires absentes : description"


def test_verifier_seulement_n_ecrit_rien_et_second_import_ne_change_rien(personas):
    contenu = _csv(_ligne(date_maj="2026-03-01"), _ligne(nom="Location de scooters", date_maj="2026-03-01"))
    rapport = importer_csv(contenu, departement_code="15", verifier_seulement=True)
    assert rapport.rejets == [] and not Service.objects.exists()
    importer_csv(contenu, departement_code="15")
    rapport = importer_csv(contenu, departement_code="15")
    assert rapport.inchanges == {"structure": 1, "service": 2}


def test_vue_import_csv_pour_l_admin(personas, client_de):
    client = client_de(personas.admin)
    assert client.get(reverse("ressources:import_csv")).status_code == 200
    modele = client.get(reverse("ressources:modele_csv"))
    assert modele.status_code == 200 and modele["Content-Type"].startswith("text/csv")
    fichier = SimpleUploadedFile("ressources.csv", _csv(_ligne(), _ligne(nom="X")).encode("utf-8"))
    reponse = client.post(reverse("ressources:import_csv"), {"fichier": fichier})
    contenu = reponse.content.decode()
    assert "ligne 3" in contenu and "1 erreur" in contenu
    assert Service.objects.filter(source="cd15").count() == 1
    # Le partenaire n'importe pas.
    assert client_de(personas.partenaire).get(reverse("ressources:import_csv")).status_code == 403


def test_commande_import_csv(personas, tmp_path):
    fichier = tmp_path / "ressources.csv"
    fichier.write_text(_csv(_ligne(), _ligne(nom="X")), encoding="utf-8")
    sortie = StringIO()
    call_command(
        "import_ressources_csv",
        str(fichier),
        "--departement",
        "15",
        "--sans-progression",
        stdout=sortie,
        stderr=StringIO(),
    )
    assert "ligne 3" in sortie.getvalue() and "Services : 1 créés" in sortie.getvalue()
