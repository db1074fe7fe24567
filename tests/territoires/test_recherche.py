"""``communes_rechercher`` : par nom, code postal ou code INSEE, et classement."""

import pytest

from binome.territoires.selectors import DEBUT, EXACTE, MOT, communes_rechercher

pytestmark = pytest.mark.usefixtures("territoires_charges")


def _noms(terme, **kwargs):
    return [c.nom for c in communes_rechercher(terme, **kwargs)]


@pytest.mark.parametrize(
    "terme", ["st flour", "Saint-Flour", "SAINT FLOUR", "saint-flour", "ST-FLOUR", " Saint  Flour "]
)
def test_saint_flour_par_son_nom_quelle_que_soit_la_saisie(terme):
    resultats = communes_rechercher(terme)
    assert resultats[0].code_insee == "15187"
    assert resultats[0].correspondance == EXACTE


def test_classement_exacte_puis_debut_puis_mot_par_population():
    assert _noms("st flour") == [
        "Saint-Flour",  # correspondance exacte
        "Saint-Flour-l'Étang",  # début du nom, 275 habitants
        "Saint-Flour-de-Mercoire",  # début du nom, 186 habitants
        "Anglards-de-Saint-Flour",  # « saint flour » commence un mot du nom
    ]
    assert [c.correspondance for c in communes_rechercher("st flour")] == [EXACTE, DEBUT, DEBUT, MOT]


def test_caen():
    assert _noms("caen") == ["Caen"]
    assert _noms("CAEN") == ["Caen"]


def test_code_postal_complet():
    resultats = communes_rechercher("15100")
    # Saint-Flour et Anglards-de-Saint-Flour partagent 15100 (la plus peuplée d'abord) ; Laveissenet,
    # dont le code INSEE est 15100, vient après les correspondances de code postal.
    assert [c.nom for c in resultats] == ["Saint-Flour", "Anglards-de-Saint-Flour", "Laveissenet"]
    assert [c.correspondance for c in resultats] == [EXACTE, EXACTE, DEBUT]


def test_debut_de_code_postal():
    noms = _noms("151")
    assert noms == ["Saint-Flour", "Coltines", "Anglards-de-Saint-Flour"]  # population décroissante
    assert "Mauriac" not in noms  # 15200
    assert "Aurillac" not in noms  # 15000


def test_code_insee():
    assert _noms("14118") == ["Caen"]
    assert _noms("2A004") == ["Ajaccio"]
    assert _noms("2a004") == ["Ajaccio"]


def test_nom_et_code_postal():
    # Le libellé affiché après un choix : « Saint-Flour (15100) ».
    assert _noms("Saint-Flour (15100)") == ["Saint-Flour", "Anglards-de-Saint-Flour"]
    assert _noms("saint flour 63520") == ["Saint-Flour-l'Étang"]
    # Un nombre qui fait partie du nom : « paris 16 » trouve le 16e arrondissement.
    assert _noms("paris 16") == ["Paris 16e Arrondissement"]


def test_commune_deleguee_mene_a_sa_parente():
    (resultat,) = communes_rechercher("villotran")
    assert resultat.nom == "Hauts-Talican"
    assert resultat.deleguee.nom == "Villotran"
    assert resultat.correspondance == EXACTE


def test_communes_avant_communes_deleguees():
    # « hauts talican » trouve la commune elle-même, sans doublon par sa commune déléguée.
    (resultat,) = communes_rechercher("hauts talican")
    assert resultat.deleguee is None


def test_arrondissements_et_leur_commune():
    assert _noms("paris") == ["Paris", "Paris 16e Arrondissement", "Paris 1er Arrondissement"]
    assert _noms("75016") == ["Paris", "Paris 16e Arrondissement"]


def test_restriction_aux_departements():
    assert _noms("st flour", departements=["15"]) == ["Saint-Flour", "Anglards-de-Saint-Flour"]
    assert _noms("caen", departements=["15"]) == []
    assert _noms("villotran", departements=["15"]) == []
    assert _noms("villotran", departements=["60"]) == ["Hauts-Talican"]


def test_limite():
    assert len(communes_rechercher("s", limite=2)) == 2
    assert len(communes_rechercher("s", limite=1000)) <= 50


@pytest.mark.parametrize("terme", ["", "   ", None, "-", "«»"])
def test_saisie_vide(terme):
    assert communes_rechercher(terme) == []


def test_aucun_resultat():
    assert communes_rechercher("xyzzy") == []
    assert communes_rechercher("99999") == []


def test_nombre_de_requetes_borne(django_assert_max_num_queries):
    # Début de nom, communes déléguées, puis mot du nom : trois requêtes au plus, quel que soit le nombre de communes.
    with django_assert_max_num_queries(3):
        resultats = communes_rechercher("flour")
        [str(c.departement) for c in resultats]
