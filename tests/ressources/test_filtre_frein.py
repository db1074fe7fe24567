"""Issue 13, point 7 : le filtre « Frein » de l'annuaire est rangé par domaine, sans doublon ni option hors groupe
(de même pour la thématique, et pour l'écran de correspondance qui lit les mêmes groupes)."""

import pytest
from django.urls import reverse

from binome.accompagnement.enums import DomaineFrein
from binome.ressources.forms import RechercheForm, choix_freins, libelle_frein
from tests.ressources.listes import defauts_de_rangement, options_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_recherche(personas, client_de):
    return client_de(personas.conseiller).get(reverse("ressources:recherche")).content.decode()


@pytest.mark.parametrize("champ", ["frein", "thematique"])
def test_listes_groupees_sans_doublon(page_recherche, champ):
    assert defauts_de_rangement(page_recherche, champ) == []


def test_un_groupe_par_domaine_qui_commence_par_le_domaine_entier(page_recherche):
    options = options_de(page_recherche, "frein")
    groupes = list(dict.fromkeys(groupe for groupe, _v, _l in options if groupe))
    assert groupes == [*(str(d.label) for d in DomaineFrein), "Emploi et formation"]
    for domaine in DomaineFrein:
        premiere = next(o for o in options if o[0] == domaine.label)
        assert premiere[1:] == (domaine.value, f"{domaine.label} (tout le domaine)")
    mobilite = [libelle for groupe, _v, libelle in options if groupe == "Mobilité"]
    assert "Permis et/ou code en cours" in mobilite


def test_la_cle_de_la_situation_en_double_reste_acceptee():
    """« Prêt à suivre une formation » (thèmes emploi et formation) n'est proposé qu'une fois ; un lien qui porte
    l'autre clé est ramené à celle qui est proposée."""
    proposees = [valeur for _g, options in choix_freins() for valeur, _l in options]
    assert ("emploi:pret-a-suivre-une-formation" in proposees) != (
        "formation:pret-a-suivre-une-formation" in proposees
    )
    for cle in ("emploi:pret-a-suivre-une-formation", "formation:pret-a-suivre-une-formation"):
        form = RechercheForm({"frein": cle, "rayon": "30"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["frein"] in proposees
        assert libelle_frein(cle) == "Prêt à suivre une formation"


def test_ecran_de_correspondance_range_par_domaine(personas, client_de):
    contenu = client_de(personas.admin).get(reverse("ressources:correspondances")).content.decode()
    assert contenu.count("Prêt à suivre une formation") == 1
    assert "<caption>Mobilité</caption>" in contenu
