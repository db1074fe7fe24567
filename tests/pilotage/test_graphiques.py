"""Géométrie des histogrammes SVG : échelle ronde, barres proportionnelles, valeurs masquées sans barre."""

from binome.pilotage import graphiques
from binome.pilotage.tableau import ENTIER, Valeur


def test_axe_a_graduations_entieres_et_rondes():
    assert [graphiques._maximum_rond(v) for v in (0, 3, 5, 12, 21, 129, 201)] == [4, 4, 8, 20, 40, 200, 400]


def test_barres_proportionnelles_et_masquees():
    g = graphiques.barres(
        "g",
        "Titre",
        "Description",
        ["janv. 2025", "févr. 2025"],
        [
            {"libelle": "Entrées", "valeurs": [Valeur(10, ENTIER), Valeur(3, ENTIER, masque=True)]},
            {"libelle": "Sorties", "valeurs": [Valeur(20, ENTIER), Valeur(0, ENTIER)]},
        ],
    )
    assert [t["texte"] for t in g.graduations] == ["0", "5", "10", "15", "20"]
    hauteurs = [b.hauteur for b in g.barres]
    assert hauteurs[0] * 2 == hauteurs[1] == graphiques.HAUTEUR_TRACE  # 10 et 20 sur une échelle de 20
    assert hauteurs[2] == 0 and g.barres[2].etiquette == "<5" and g.contient_masque
    assert [b.motif for b in g.barres] == ["plein", "hachures", "plein", "hachures"]
    assert g.categories[0] == {"x": g.categories[0]["x"], "texte": "janv.", "annee": "2025"}
    assert "Entrées, févr. 2025 : < 5" in [b.infobulle for b in g.barres]


def test_barre_masquee_par_complement_marquee_s():
    g = graphiques.barres(
        "g",
        "Titre",
        "Description",
        ["janv. 2025"],
        [{"libelle": "Sorties positives", "valeurs": [Valeur(57, ENTIER, masque=True)]}],
    )
    assert g.barres[0].etiquette == "s" and g.barres[0].hauteur == 0
    assert g.barres[0].infobulle == "Sorties positives, janv. 2025 : s" and g.marques == ["s"]
