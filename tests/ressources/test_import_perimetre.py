"""Imports de l'annuaire : périmètre de l'importateur (point 6), champs absents conservés et aller-retour
export → import sans effet (point 7)."""

import json
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.forms.models import model_to_dict
from django.urls import reverse

from binome.ressources.importation import NOMS_COLONNES, importer_csv, importer_data_inclusion
from binome.ressources.models import Service, Structure
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


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
    return base


def _csv(*lignes, colonnes=NOMS_COLONNES):
    return "\n".join([";".join(colonnes), *(";".join(ligne.get(c, "") for c in colonnes) for ligne in lignes)]) + "\n"


CAEN = {"structure_nom": "Mobilité Caen", "code_insee": "14118", "commune": "Caen", "code_postal": "14000"}


def _structure(ident="dora--s1", **champs):
    return {"source": "dora", "id": ident, "nom": "Association Mobilité", "date_maj": "2026-02-01", **champs}


def _service(ident="dora--v1", structure_id="dora--s1", **champs):
    return {
        "source": "dora",
        "id": ident,
        "structure_id": structure_id,
        "nom": "Auto-école solidaire",
        "description": "Préparation au code et à la conduite pour les personnes en insertion.",
        "date_maj": "2026-02-01",
        "code_insee": "15187",
        "zone_eligibilite": ["15"],
        "telephone": "0471000000",
        **champs,
    }


def _commande(nom, *arguments):
    sortie = StringIO()
    call_command(nom, *arguments, "--sans-progression", stdout=sortie, stderr=StringIO())
    return sortie.getvalue()


# --- Point 6 : un import n'agit que dans le périmètre de qui le lance -----------------------------------------


def test_csv_refuse_ligne_par_ligne_une_fiche_hors_du_departement(personas):
    rapport = importer_csv(_csv(_ligne(), _ligne(nom="Location de vélos", **CAEN)), departement_code="15")
    raisons = {r.ligne: r.raison for r in rapport.rejets}
    assert set(raisons) == {3}
    assert "hors du département 15" in raisons[3] and "Calvados" in raisons[3]
    assert not Service.objects.filter(departement_id="14").exists()
    assert not Structure.objects.filter(departement_id="14").exists()
    assert Service.objects.filter(departement_id="15").count() == 1


def test_vue_import_csv_refuse_une_ligne_hors_du_perimetre(personas, client_de):
    fichier = SimpleUploadedFile("r.csv", _csv(_ligne(nom="Location de vélos", **CAEN)).encode("utf-8"))
    reponse = client_de(personas.admin).post(reverse("ressources:import_csv"), {"fichier": fichier})
    assert reponse.status_code == 200
    assert "ligne 2" in reponse.content.decode() and "hors du département 15" in reponse.content.decode()
    assert not Service.objects.exists()


def test_commande_data_inclusion_exige_un_departement_et_n_agit_que_dedans(personas, tmp_path):
    caen = rf.service(commune_obj=personas.calvados.communes["caen"], telephone="0231000000")
    donnees = {
        "structures": [_structure(), _structure("dora--s2", code_insee="14118")],
        "services": [
            _service(),
            _service("dora--v2", structure_id="dora--s2", code_insee="14118", zone_eligibilite=["14"]),
            # Même identifiant qu'une fiche du Calvados : jamais écrasée depuis le Cantal.
            {**_service(caen.pk, source="test", structure_id=caen.structure_id), "nom": "Écrasé"},
        ],
    }
    fichier = tmp_path / "di.json"
    fichier.write_text(json.dumps(donnees), encoding="utf-8")
    with pytest.raises(CommandError):
        _commande("import_data_inclusion", str(fichier))
    with pytest.raises(CommandError, match="Département inconnu"):
        _commande("import_data_inclusion", str(fichier), "--departement", "00")
    texte = _commande("import_data_inclusion", str(fichier), "--departement", "15")
    assert "dora--s2" in texte and "dora--v2" in texte and caen.pk in texte
    assert set(Service.objects.values_list("pk", flat=True)) == {"dora--v1", caen.pk}
    caen.refresh_from_db()
    assert caen.nom != "Écrasé" and caen.telephone == "0231000000"


def test_un_import_n_ecrase_jamais_une_fiche_d_une_autre_source(personas):
    saisie = rf.service(id="dora--v1", source="binome", commune_obj=personas.cantal.communes["saint_flour"])
    rapport = importer_data_inclusion(
        {"structures": [], "services": [_service(structure_id=saisie.structure_id, nom="Écrasé")]}, departement="15"
    )
    assert [r.id for r in rapport.rejets] == ["dora--v1"]
    assert "autre source" in rapport.rejets[0].raison
    saisie.refresh_from_db()
    assert saisie.nom != "Écrasé"


# --- Point 7 : les champs absents gardent leur valeur ; l'aller-retour ne change rien ------------------------


def _etat():
    def lignes(modele):
        return [model_to_dict(o) | {"modifie_le": o.modifie_le} for o in modele.objects.order_by("pk")]

    return lignes(Service), lignes(Structure), Service.history.count(), Structure.history.count()


def test_aller_retour_export_import_ne_change_rien(personas, cantal, tmp_path):
    sf = cantal["saint_flour"]
    rf.service(commune_obj=sf, telephone="0471000000", courriel="a@exemple.org", documents_a_fournir="CNI")
    for n in range(3):
        rf.service(
            commune_obj=sf,
            telephone=f"060000000{n}",
            courriel=f"pro{n}@exemple.org",
            contact_nom_prenom="Jeanne Martin",
            contact_reserve_professionnels=True,
        )
    avant = _etat()
    fichier = tmp_path / "export.json"
    _commande("export_data_inclusion", "--departement", "15", "--output", str(fichier))
    texte = _commande("import_data_inclusion", str(fichier), "--departement", "15")
    assert "Services : 0 créés, 0 mis à jour, 4 inchangés" in texte
    assert _etat() == avant


def test_data_inclusion_un_champ_absent_garde_sa_valeur(personas):
    importer_data_inclusion({"structures": [_structure()], "services": [_service(courriel="a@exemple.org")]})
    partiel = {k: v for k, v in _service().items() if k not in ("telephone", "zone_eligibilite")}
    rapport = importer_data_inclusion({"structures": [], "services": [partiel]}, departement="15")
    assert rapport.inchanges["service"] == 1
    service = Service.objects.get()
    assert (service.telephone, service.courriel, service.zone_eligibilite) == ("0471000000", "a@exemple.org", ["15"])


def test_csv_les_colonnes_absentes_gardent_leur_valeur(personas):
    complet = _ligne(contact_reserve_professionnels="oui", documents_a_fournir="CNI", date_maj="2026-03-01")
    importer_csv(_csv(complet), departement_code="15")
    Structure.objects.update(description="Garage associatif né en 1998.")
    avant = _etat()
    reduit = ["structure_nom", "nom", "description", "code_insee"]
    rapport = importer_csv(_csv(complet, colonnes=reduit), departement_code="15")
    assert rapport.rejets == [] and rapport.inchanges == {"structure": 1, "service": 1}
    assert _etat() == avant


def test_aller_retour_de_la_demonstration_ne_change_rien(personas, tmp_path):
    """Le cas constaté : réimporter l'export du Cantal de la démonstration vidait les contacts réservés."""
    from binome.demo import ressources as demo

    demo.creer(StringIO())
    assert Service.objects.filter(departement_id="15", contact_reserve_professionnels=True).exists()
    avant = _etat()
    fichier = tmp_path / "export.json"
    _commande("export_data_inclusion", "--departement", "15", "--output", str(fichier))
    texte = _commande("import_data_inclusion", str(fichier), "--departement", "15")
    assert "0 créés, 0 mis à jour" in texte, texte
    assert _etat() == avant
