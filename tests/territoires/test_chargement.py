"""``charger_referentiels`` : chargement, idempotence, mises à jour, erreurs."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from binome.territoires import referentiels
from binome.territoires.management.commands import charger_referentiels
from binome.territoires.models import CodePostal, Commune, CommuneDeleguee, Departement, Region
from tests.territoires.conftest import lire, reecrire

pytestmark = pytest.mark.django_db
ETAPE_TERRITOIRES = "binome.territoires.referentiels.charger"


@pytest.fixture
def etape_territoires_seule(monkeypatch):
    """Les tests sur l'extrait n'exécutent que l'étape des territoires (les autres ont leurs propres tests)."""
    monkeypatch.setattr(charger_referentiels, "ETAPES", [ETAPE_TERRITOIRES])


def _commande(*args):
    sortie = io.StringIO()
    call_command("charger_referentiels", "--sans-progression", *args, stdout=sortie)
    return sortie.getvalue()


def _compteurs(bilan):
    return {
        libelle: (c["creees"], c["mises_a_jour"], c["inchangees"], c["supprimees"]) for libelle, c in bilan.items()
    }


def test_premier_chargement(territoires_charges):
    assert _compteurs(territoires_charges) == {
        "Régions": (18, 0, 0, 0),
        "Départements": (101, 0, 0, 0),
        # 16 codes INSEE de COM et ARM dans l'extrait, plus Paris reconstituée.
        "Communes": (17, 0, 0, 0),
        "Communes déléguées": (1, 0, 0, 0),
        "Codes postaux": (CodePostal.objects.count(), 0, 0, 0),
    }
    assert Region.objects.get(code="84").nom == "Auvergne-Rhône-Alpes"
    assert Departement.objects.get(code="2A").region_id == "94"

    saint_flour = Commune.objects.get(code_insee="15187")
    assert (saint_flour.nom, saint_flour.departement_id, saint_flour.code_postal) == ("Saint-Flour", "15", "15100")
    assert saint_flour.nom_normalise == "saint flour"
    assert saint_flour.population == 6423
    assert saint_flour.latitude == pytest.approx(45.02505)


def test_commune_a_plusieurs_codes_postaux(territoires_charges):
    boissey = Commune.objects.get(code_insee="01050")
    assert boissey.code_postal == "01190"  # la première ligne du fichier fait foi
    assert set(boissey.codes_postaux.values_list("code_postal", flat=True)) == {"01190", "01380"}
    # Ajaccio : trois codes dans le fichier des communes (La Poste), cinq dans celui des codes postaux (BAN).
    ajaccio = Commune.objects.get(code_insee="2A004")
    codes = set(ajaccio.codes_postaux.values_list("code_postal", flat=True))
    assert codes == {"20000", "20090", "20129", "20166", "20167"}


def test_ligne_sans_coordonnees_et_commune_deleguee(territoires_charges):
    hauts_talican = Commune.objects.get(code_insee="60694")
    assert hauts_talican.latitude is None and hauts_talican.longitude is None
    villotran = CommuneDeleguee.objects.get(nom="Villotran")
    assert villotran.commune == hauts_talican
    assert villotran.code_insee == "60694"
    assert villotran.nom_normalise == "villotran"


def test_arrondissements_charges_avec_leur_commune_parente(territoires_charges):
    paris = Commune.objects.get(code_insee="75056")
    assert (paris.nom, paris.type, paris.departement_id) == ("Paris", Commune.Type.COMMUNE, "75")
    arrondissements = Commune.objects.filter(commune_parente=paris)
    assert set(arrondissements.values_list("code_insee", flat=True)) == {"75101", "75116"}
    assert set(arrondissements.values_list("type", flat=True)) == {Commune.Type.ARRONDISSEMENT}
    assert paris.population == sum(arrondissements.values_list("population", flat=True))
    assert paris.latitude is not None
    assert set(paris.codes_postaux.values_list("code_postal", flat=True)) == {"75001", "75016", "75116"}
    seizieme = Commune.objects.get(code_insee="75116")
    assert set(seizieme.codes_postaux.values_list("code_postal", flat=True)) == {"75016", "75116"}


def test_second_passage_idempotent(extrait, territoires_charges):
    avant = {m: m.objects.count() for m in (Region, Departement, Commune, CommuneDeleguee, CodePostal)}
    bilan = referentiels.charger(stdout=None, progression=False, dossier=extrait)
    for libelle, compteurs in bilan.items():
        assert compteurs["creees"] == 0, libelle
        assert compteurs["mises_a_jour"] == 0, libelle
        assert compteurs["supprimees"] == 0, libelle
        assert compteurs["inchangees"] > 0, libelle
    assert {m: m.objects.count() for m in avant} == avant


def test_second_passage_sans_ecriture(extrait, territoires_charges, django_assert_max_num_queries):
    # Une lecture par table, aucune écriture : les lots ne partent que pour les lignes changées.
    with django_assert_max_num_queries(5):
        referentiels.charger(stdout=None, progression=False, dossier=extrait)


def test_mise_a_jour_d_un_nom_modifie(extrait, territoires_charges):
    champs, lignes = lire(extrait / "communes.csv")
    for ligne in lignes:
        if ligne["code_insee"] == "15187":
            ligne["nom"] = "Saint-Flour-sur-Ander"
            ligne["population"] = "6500"
    reecrire(extrait / "communes.csv", champs, lignes)

    bilan = referentiels.charger(stdout=None, progression=False, dossier=extrait)

    assert bilan["Communes"]["mises_a_jour"] == 1
    assert bilan["Communes"]["creees"] == 0
    commune = Commune.objects.get(code_insee="15187")
    assert (commune.nom, commune.population) == ("Saint-Flour-sur-Ander", 6500)
    assert commune.nom_normalise == "saint flour sur ander"


def test_code_postal_disparu_supprime_nouveau_cree(extrait, territoires_charges):
    champs, lignes = lire(extrait / "codes-postaux.csv")
    lignes = [ligne for ligne in lignes if not (ligne["code_insee"] == "2A004" and ligne["code_postal"] == "20167")]
    lignes.append(
        {"code_postal": "20100", "code_insee": "2A004", "nom_commune": "Ajaccio", "libelle_acheminement": "AJACCIO"}
    )
    reecrire(extrait / "codes-postaux.csv", champs, lignes)
    # 20167 reste pourtant dans le fichier des communes (une ligne d'Ajaccio) : on le retire aussi de là.
    champs_c, communes = lire(extrait / "communes.csv")
    reecrire(
        extrait / "communes.csv",
        champs_c,
        [c for c in communes if not (c["code_insee"] == "2A004" and c["code_postal"] == "20167")],
    )

    bilan = referentiels.charger(stdout=None, progression=False, dossier=extrait)

    assert bilan["Codes postaux"]["creees"] == 1
    assert bilan["Codes postaux"]["supprimees"] == 1
    codes = set(CodePostal.objects.filter(commune_id="2A004").values_list("code_postal", flat=True))
    assert codes == {"20000", "20090", "20100", "20129", "20166"}


def test_commune_absente_du_fichier_conservee(extrait, territoires_charges):
    # Une commune qui disparaît du COG (fusion) peut être référencée ailleurs : elle reste.
    champs, lignes = lire(extrait / "communes.csv")
    reecrire(extrait / "communes.csv", champs, [ligne for ligne in lignes if ligne["code_insee"] != "14047"])
    referentiels.charger(stdout=None, progression=False, dossier=extrait)
    assert Commune.objects.filter(code_insee="14047").exists()


def test_fichier_invalide_rien_n_est_ecrit(extrait, monkeypatch, etape_territoires_seule):
    champs, lignes = lire(extrait / "communes.csv")
    lignes[-1]["departement"] = "99"
    reecrire(extrait / "communes.csv", champs, lignes)
    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", extrait)

    with pytest.raises(CommandError, match=r"communes\.csv, ligne \d+ : département inconnu « 99 »"):
        _commande()
    assert not Region.objects.exists()


def test_erreur_en_base_annule_toute_l_etape(extrait, monkeypatch, etape_territoires_seule):
    # Les régions et départements sont écrits, puis les communes échouent : l'étape entière est annulée.
    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", extrait)
    origine = referentiels.synchroniser

    def synchroniser_en_echec(modele, *args, **kwargs):
        if modele is Commune:
            raise ValueError("panne simulée")
        return origine(modele, *args, **kwargs)

    monkeypatch.setattr(referentiels, "synchroniser", synchroniser_en_echec)
    with pytest.raises(CommandError, match="panne simulée"):
        _commande()
    assert not Region.objects.exists()
    assert not Departement.objects.exists()


def test_fichier_absent(tmp_path, monkeypatch, etape_territoires_seule):
    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", tmp_path)
    with pytest.raises(CommandError, match="Fichier de référence introuvable"):
        _commande()


def test_colonne_manquante(extrait, monkeypatch, etape_territoires_seule):
    champs, lignes = lire(extrait / "communes.csv")
    champs = [c for c in champs if c != "population"]
    reecrire(extrait / "communes.csv", champs, [{k: v for k, v in ligne.items() if k in champs} for ligne in lignes])
    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", extrait)
    with pytest.raises(CommandError, match="Colonnes manquantes dans communes.csv : population"):
        _commande()


def test_commande_resume_en_francais(extrait, monkeypatch, etape_territoires_seule):
    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", extrait)
    premier = _commande()
    assert "Régions : 18 lignes créées, 0 mises à jour, 0 inchangées" in premier
    assert "Communes : 17 lignes créées" in premier
    assert "Données de référence à jour en" in premier
    second = _commande()
    assert "Régions : 0 lignes créées, 0 mises à jour, 18 inchangées" in second
    assert "Communes : 0 lignes créées, 0 mises à jour, 17 inchangées" in second


def test_etapes_extensibles(extrait, monkeypatch, etape_territoires_seule):
    appels = []

    def etape_supplementaire(stdout, progression):
        appels.append(progression)
        return {"Freins": {"creees": 2, "mises_a_jour": 1, "inchangees": 0}}

    monkeypatch.setattr(referentiels, "DOSSIER_DONNEES", extrait)
    monkeypatch.setattr(charger_referentiels, "ETAPES", [*charger_referentiels.ETAPES, "tests.territoires.x"])
    monkeypatch.setattr("tests.territoires.x", etape_supplementaire, raising=False)
    sortie = _commande()
    assert appels == [False]
    assert "Freins : 2 lignes créées, 1 mise à jour, 0 inchangée" in sortie


def test_les_territoires_sont_la_premiere_etape():
    assert charger_referentiels.ETAPES[0] == ETAPE_TERRITOIRES


def test_les_epci_sont_charges_apres_les_territoires(monkeypatch, tmp_path):
    from binome.ressources import epci
    from binome.ressources.models import AppartenanceEpci

    etape = "binome.ressources.epci.charger"
    assert etape in charger_referentiels.ETAPES
    assert charger_referentiels.ETAPES.index(etape) > charger_referentiels.ETAPES.index(ETAPE_TERRITOIRES)
    # Par la commande, sur un petit fichier : chargé puis inchangé au second passage (idempotent).
    fichier = tmp_path / "epci.csv"
    fichier.write_text("code_insee;siren_epci;nom_epci\n15187;241500255;CC Saint-Flour Communauté\n", encoding="utf-8")
    monkeypatch.setattr(epci, "FICHIER", fichier)
    monkeypatch.setattr(epci.charger, "__defaults__", (None, False, fichier))
    monkeypatch.setattr(charger_referentiels, "ETAPES", [etape])
    assert "Appartenances aux EPCI : 1 ligne créée" in _commande()
    assert AppartenanceEpci.objects.get(code_insee="15187").siren == "241500255"
    assert "Appartenances aux EPCI : 0 lignes créées, 0 mises à jour, 1 inchangée" in _commande()


def test_barre_de_progression(extrait, capsys):
    referentiels.charger(stdout=None, progression=True, dossier=extrait)
    assert "Communes" in capsys.readouterr().err


@pytest.mark.lent
def test_chargement_complet_et_idempotent():
    # Toutes les étapes de la commande, sur les fichiers livrés.
    with CaptureQueriesContext(connection) as requetes:
        premier = _commande()
    assert "Communes : 34" in premier
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    # 34 931 communes, 45 arrondissements et leurs 3 parentes (Paris, Marseille, Lyon).
    assert Commune.objects.count() == 34_979
    assert Commune.objects.filter(type=Commune.Type.ARRONDISSEMENT).count() == 45
    assert set(Commune.objects.filter(code_insee__in=["75056", "13055", "69123"]).values_list("nom", flat=True)) == {
        "Paris",
        "Marseille",
        "Lyon",
    }
    assert CommuneDeleguee.objects.count() == 573
    assert Commune.objects.filter(latitude__isnull=True).count() == 3
    assert not Commune.objects.filter(codes_postaux__isnull=True).exists()
    # Chargement par lots (la durée ne se mesure pas ici) : moins d'une requête pour 25 communes (~700 requêtes).
    assert len(requetes) < Commune.objects.count() / 25

    second = _commande()
    assert "Communes : 0 lignes créées, 0 mises à jour, 34 979 inchangées" in second.replace("\xa0", " ").replace(
        "\u202f", " "
    )
