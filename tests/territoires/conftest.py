"""Un extrait réduit des fichiers de référence, tiré des vrais fichiers livrés (lignes choisies)."""

import csv
import shutil

import pytest

from binome.territoires import referentiels

# Lignes retenues, pour les cas qu'elles illustrent.
CODES_EXTRAIT = {
    "15187",  # Saint-Flour (15100)
    "15005",  # Anglards-de-Saint-Flour : « saint flour » au milieu du nom, même code postal
    "48150",  # Saint-Flour-de-Mercoire
    "63343",  # Saint-Flour-l'Étang
    "15014",  # Aurillac
    "15100",  # Laveissenet : son code INSEE est le code postal de Saint-Flour
    "15053",  # Coltines : 15170, un autre code postal commençant par 151
    "15120",  # Mauriac : 15200, ne commence pas par 151
    "14118",  # Caen
    "14366",  # Lisieux
    "14047",  # Bayeux
    "01050",  # Boissey : deux lignes (deux codes postaux)
    "60694",  # Hauts-Talican, sans coordonnées, et sa commune déléguée Villotran
    "75101",  # Paris 1er Arrondissement
    "75116",  # Paris 16e Arrondissement : deux lignes (75016 et 75116) ; Paris est reconstituée
    "2A004",  # Ajaccio : code INSEE corse
}


def ecrire_extrait(dossier, codes=CODES_EXTRAIT):
    """Copie dans ``dossier`` le fichier des régions et départements et les lignes de ``codes``."""
    dossier.mkdir(parents=True, exist_ok=True)
    source = referentiels.DOSSIER_DONNEES
    shutil.copy(source / referentiels.FICHIER_REGIONS_DEPARTEMENTS, dossier)
    for nom in (referentiels.FICHIER_COMMUNES, referentiels.FICHIER_CODES_POSTAUX):
        with (source / nom).open(encoding="utf-8", newline="") as entree:
            lecteur = csv.DictReader(entree)
            lignes = [ligne for ligne in lecteur if ligne["code_insee"] in codes]
        with (dossier / nom).open("w", encoding="utf-8", newline="") as sortie:
            ecrivain = csv.DictWriter(sortie, fieldnames=lecteur.fieldnames)
            ecrivain.writeheader()
            ecrivain.writerows(lignes)
    return dossier


def lire(chemin):
    with chemin.open(encoding="utf-8", newline="") as fichier:
        lecteur = csv.DictReader(fichier)
        return lecteur.fieldnames, list(lecteur)


def reecrire(chemin, champs, lignes):
    with chemin.open("w", encoding="utf-8", newline="") as fichier:
        ecrivain = csv.DictWriter(fichier, fieldnames=champs)
        ecrivain.writeheader()
        ecrivain.writerows(lignes)


@pytest.fixture(scope="session")
def _extrait_modele(tmp_path_factory):
    return ecrire_extrait(tmp_path_factory.mktemp("extrait"))


@pytest.fixture
def extrait(tmp_path, _extrait_modele):
    """Une copie de l'extrait, que le test peut modifier."""
    return shutil.copytree(_extrait_modele, tmp_path / "donnees")


@pytest.fixture
def territoires_charges(db, extrait):
    """L'extrait chargé en base ; renvoie le bilan du chargement."""
    return referentiels.charger(stdout=None, progression=False, dossier=extrait)
