"""Lecteur CSV commun (binome.core.lecture_csv) : une politique, un type de refus, utilisé par tous les imports."""

import pytest
from django.core.exceptions import ValidationError

from binome.core import lecture_csv
from binome.core.lecture_csv import FichierCSVRefuse, lire_csv

MAX = 1024 * 1024


def refus(contenu, *, taille_max=MAX) -> FichierCSVRefuse:
    with pytest.raises(FichierCSVRefuse) as exc:
        lire_csv(contenu, taille_max=taille_max)
    return exc.value


def test_le_refus_est_une_erreur_de_validation():
    assert issubclass(FichierCSVRefuse, ValidationError)


@pytest.mark.parametrize(
    ("contenu", "encodage"),
    [
        ("nom;ville\nÉlodie;Saint-Flour\n".encode(), "utf-8-sig"),
        (b"\xef\xbb\xbf" + "nom;ville\nÉlodie;Saint-Flour\n".encode(), "utf-8-sig"),
        ("nom;ville\nÉlodie;Saint-Flour\n".encode("utf-16"), "utf-16"),
        ("nom;ville\nÉlodie;Saint-Flour\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
        ("nom;ville\nÉlodie;Saint-Flour\n".encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "windows-1252"],
)
def test_encodages_acceptes(contenu, encodage):
    fichier = lire_csv(contenu, taille_max=MAX)
    assert fichier.encodage == encodage
    assert fichier.entete == ["nom", "ville"]
    assert fichier.lignes[0].valeurs == ["Élodie", "Saint-Flour"]


def test_le_bom_ne_colle_pas_au_premier_nom_de_colonne():
    fichier = lire_csv(b"\xef\xbb\xbfnom,ville\na,b\n", taille_max=MAX)
    assert fichier.entete[0] == "nom"


def test_octets_illisibles_refus_en_francais_avec_la_ligne():
    erreur = refus(b"nom;ville\na;b\n\x81\x9d;c\n")
    assert erreur.code == "encodage"
    assert "n'est pas un texte lisible (caractère illisible ligne 3)" in erreur.messages[0]


@pytest.mark.parametrize(
    ("entete", "attendu"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a;b,c;d", ";"), ("a,b;c,d", ","), ("a;b,c", ";"), ("seule", ";")],
    ids=["points-virgules", "virgules", "plus-de-points-virgules", "plus-de-virgules", "egalite", "une-colonne"],
)
def test_separateur_le_plus_frequent_point_virgule_a_egalite(entete, attendu):
    assert lire_csv(f"{entete}\n", taille_max=MAX).separateur == attendu


def test_valeurs_nettoyees_lignes_vides_ignorees_numeros_du_fichier():
    contenu = b' nom ; note \n\na ;"sur\ndeux lignes"\n;\n  b ; c \n'
    fichier = lire_csv(contenu, taille_max=MAX)
    assert fichier.entete == ["nom", "note"]
    assert [(ligne.numero, ligne.valeurs) for ligne in fichier.lignes] == [
        (3, ["a", "sur\ndeux lignes"]),
        (6, ["b", "c"]),
    ]


def test_fins_de_ligne_windows():
    fichier = lire_csv(b"a,b\r\n1,2\r\n3,4\r\n", taille_max=MAX)
    assert [ligne.numero for ligne in fichier.lignes] == [2, 3]


@pytest.mark.parametrize("contenu", [b"", b"  \n\n", b"\xef\xbb\xbf", "".encode("utf-16"), ""])
def test_fichier_vide(contenu):
    erreur = refus(contenu)
    assert erreur.code == "vide"
    assert erreur.messages == ["Le fichier est vide."]


def test_taille_maximale_fixee_par_l_appelant():
    assert lire_csv(b"a;b\n1;2\n", taille_max=8).lignes
    erreur = refus(b"a;b\n1;2\n3;4\n", taille_max=8)
    assert erreur.code == "taille"
    assert erreur.messages == [
        "Le fichier dépasse la taille maximale de 8 octets : découpez-le en plusieurs fichiers."
    ]
    assert "10 Mo" in refus(b"x" * (10 * MAX + 1), taille_max=10 * MAX).messages[0]


def test_fichier_binaire():
    erreur = refus(b"a;b\n\x00\x00\n")
    assert erreur.code == "binaire"
    assert "caractères nuls" in erreur.messages[0]


def test_csv_mal_forme(monkeypatch):
    monkeypatch.setattr(lecture_csv.csv, "field_size_limit", lambda *a: 10, raising=False)
    erreur = refus(b"a;b\n" + b'"' + b"x" * 200_000 + b'";b\n')
    assert erreur.code == "csv"
    assert erreur.messages[0].startswith("Fichier CSV mal formé ligne")


# --- Les deux imports passent par ce lecteur ----------------------------------------------------------------


@pytest.fixture
def espion(monkeypatch):
    appels = []
    original = lecture_csv.lire_csv

    def lire(contenu, *, taille_max):
        appels.append(taille_max)
        return original(contenu, taille_max=taille_max)

    monkeypatch.setattr(lecture_csv, "lire_csv", lire)
    return appels


def _lecture_des_parcours():
    """Module de lecture du fichier des parcours (renommé ``fichier_import`` par la refonte des couches)."""
    import importlib

    for nom in ("binome.accompagnement.fichier_import", "binome.accompagnement.importation"):
        try:
            module = importlib.import_module(nom)
        except ModuleNotFoundError:
            continue
        if hasattr(module, "lire_csv"):
            return module
    raise AssertionError("module de lecture des parcours introuvable")


def test_l_import_des_parcours_utilise_le_lecteur_commun(espion):
    importation = _lecture_des_parcours()
    assert importation.FichierRefuse is FichierCSVRefuse
    with pytest.raises(FichierCSVRefuse):
        importation.lire_csv(b"\x81")
    assert espion == [importation.TAILLE_MAX]


def test_l_import_de_l_annuaire_utilise_le_lecteur_commun(espion):
    from binome.ressources import importation

    with pytest.raises(FichierCSVRefuse):
        importation.lire_csv(b"\x81")
    assert espion == [importation.TAILLE_MAX_CSV]


@pytest.mark.django_db
def test_l_annuaire_rapporte_le_refus_du_lecteur_commun():
    from binome.ressources.importation import importer_csv

    rapport = importer_csv(b"", departement_code="15")
    assert [str(rejet) for rejet in rapport.rejets] == ["ligne 1 · ? : Le fichier est vide."]


# Lecteurs CSV admis hors de binome.core.lecture_csv : des fichiers de référence livrés dans le dépôt (format et
# encodage fixés par nous), jamais un fichier déposé par un utilisateur.
REFERENTIELS_DU_DEPOT = {
    "territoires/referentiels.py": "référentiels de l'INSEE (COG, codes postaux) livrés dans data/",
    "accompagnement/referentiel.py": "référentiel national des actions livré dans data/",
    "ressources/epci.py": "appartenance des communes aux EPCI, livrée dans data/",
}
# Deux lecteurs de plus, chacun avec sa raison (à ramener dans le lecteur commun : un lecteur en flux y manque).
AUTRES_LECTEURS_ADMIS = {
    "accompagnement/fichier_import.py": (
        "import_parcours lu en flux, sans limite de taille (issue 17) : même séparateur (lecture_csv.separateur), "
        "mêmes refus que lire_csv, vérifiés par tests/accompagnement/test_import_flux.py"
    ),
    "pilotage/management/commands/benchmark_charge.py": "statistiques CSV écrites par locust (outil de mesure)",
}


def test_aucun_autre_lecteur_csv_que_le_lecteur_commun():
    """Aucun module ne découpe lui-même un CSV, sauf le lecteur commun et les référentiels livrés dans le dépôt."""
    from pathlib import Path

    import binome

    racine = Path(binome.__file__).parent
    lecteurs = set()
    for chemin in racine.rglob("*.py"):
        if "migrations" not in chemin.parts and (
            "csv.reader(" in (texte := chemin.read_text()) or "DictReader(" in texte
        ):
            lecteurs.add(chemin.relative_to(racine).as_posix())
    assert lecteurs - set(REFERENTIELS_DU_DEPOT) - set(AUTRES_LECTEURS_ADMIS) == {"core/lecture_csv.py"}
