"""``ChampCommune`` : le sélecteur de commune réutilisable dans les formulaires."""

import re

import pytest

from binome.core.forms import Formulaire, FormulaireModele
from binome.organisations.models import Organisation
from binome.territoires.forms import ChampCommune
from binome.territoires.models import Commune

pytestmark = pytest.mark.usefixtures("territoires_charges")


class FormulaireAdresse(Formulaire):
    commune = ChampCommune(label="Commune de résidence")


class FormulaireCantal(Formulaire):
    commune = ChampCommune(label="Commune", departements=["15"], required=False)


def _valider(donnees, classe=FormulaireAdresse):
    formulaire = classe(data=donnees)
    valide = formulaire.is_valid()
    return valide, formulaire


def test_suggestion_choisie_code_insee():
    valide, f = _valider({"commune": "15187", "commune_saisie": "Saint-Flour (15100)"})
    assert valide, f.errors
    assert f.cleaned_data["commune"] == Commune.objects.get(code_insee="15187")
    assert isinstance(f.cleaned_data["commune"], Commune)


@pytest.mark.parametrize(
    ("saisie", "code"),
    [
        ("saint flour", "15187"),  # un seul nom identique, même si d'autres commencent ainsi
        ("SAINT-FLOUR", "15187"),
        ("Saint-Flour (15100)", "15187"),
        ("caen", "14118"),
        ("15187", "15187"),  # code INSEE
        ("2A004", "2A004"),
        ("villotran", "60694"),  # commune déléguée : sa commune parente
        ("Paris 16e Arrondissement", "75116"),
    ],
)
def test_saisie_sans_suggestion_qui_designe_une_seule_commune(saisie, code):
    valide, f = _valider({"commune": "", "commune_saisie": saisie})
    assert valide, f.errors
    assert f.cleaned_data["commune"].code_insee == code


def test_saisie_introuvable_message_francais():
    valide, f = _valider({"commune": "", "commune_saisie": "Xyzzy"})
    assert not valide
    assert f.errors["commune"] == [
        "Aucune commune ne correspond à « Xyzzy ». Vérifiez l'orthographe ou saisissez le code postal."
    ]


def test_saisie_ambigue_message_francais():
    # 15100 : Saint-Flour et Anglards-de-Saint-Flour.
    valide, f = _valider({"commune": "", "commune_saisie": "15100"})
    assert not valide
    (message,) = f.errors["commune"]
    assert message.startswith("Plusieurs communes correspondent à « 15100 » : choisissez-en une")


def test_obligatoire():
    valide, f = _valider({"commune": "", "commune_saisie": ""})
    assert not valide
    assert f.errors["commune"] == ["Ce champ est obligatoire."]
    valide, f = _valider({})
    assert not valide


def test_facultatif_vide():
    valide, f = _valider({"commune": "", "commune_saisie": ""}, FormulaireCantal)
    assert valide
    assert f.cleaned_data["commune"] is None


def test_code_inconnu_ou_forge_la_saisie_fait_foi():
    valide, f = _valider({"commune": "99999", "commune_saisie": "caen"})
    assert valide and f.cleaned_data["commune"].code_insee == "14118"
    valide, f = _valider({"commune": "<x>", "commune_saisie": "caen"})
    assert valide and f.cleaned_data["commune"].code_insee == "14118"
    valide, f = _valider({"commune": "99999", "commune_saisie": ""})
    assert not valide
    assert f.errors["commune"] == ["Ce champ est obligatoire."]


def test_restriction_aux_departements():
    valide, f = _valider({"commune": "15187", "commune_saisie": ""}, FormulaireCantal)
    assert valide
    valide, f = _valider({"commune": "14118", "commune_saisie": "Caen (14000)"}, FormulaireCantal)
    assert not valide
    assert f.errors["commune"] == ["La commune « Caen (14000) » n'est pas dans les départements proposés (15)."]
    # Sans suggestion : la recherche elle-même est limitée au Cantal.
    valide, f = _valider({"commune": "", "commune_saisie": "caen"}, FormulaireCantal)
    assert not valide
    assert "Aucune commune ne correspond à « caen »" in f.errors["commune"][0]


def _attributs(html, selecteur):
    balise = re.search(rf"<input[^>]*{selecteur}[^>]*>", html)
    assert balise, selecteur
    return dict(re.findall(r'([\w-]+)="([^"]*)"', balise.group(0)))


def test_rendu_du_champ():
    html = str(FormulaireAdresse(initial={"commune": Commune.objects.get(code_insee="15187")}))
    saisie = _attributs(html, "data-commune-saisie")
    cache = _attributs(html, "data-commune-code")
    assert saisie["name"] == "commune_saisie"
    assert saisie["id"] == "id_commune"
    assert saisie["value"] == "Saint-Flour (15100)"
    assert saisie["class"] == "fr-input"
    assert saisie["role"] == "combobox"
    assert saisie["aria-controls"] == "id_commune-suggestions"
    assert saisie["hx-get"] == "/territoires/communes/"
    assert saisie["hx-target"] == "#id_commune-suggestions"
    assert (cache["type"], cache["name"], cache["value"]) == ("hidden", "commune", "15187")
    assert 'for="id_commune"' in html  # l'étiquette désigne la saisie
    assert 'id="id_commune-suggestions"' in html
    assert 'aria-live="polite" data-commune-statut' in html
    assert "Nom de la commune ou code postal" in html  # aide par défaut
    assert "<script" not in html and "style=" not in html


def test_rendu_avec_departements():
    saisie = _attributs(str(FormulaireCantal()), "data-commune-saisie")
    assert saisie["hx-vals"] == "{&quot;departements&quot;: &quot;15&quot;}"


def test_rendu_apres_erreur_garde_la_saisie():
    valide, f = _valider({"commune": "", "commune_saisie": "Xyzzy"})
    html = str(f)
    saisie = _attributs(html, "data-commune-saisie")
    assert saisie["value"] == "Xyzzy"
    assert saisie["aria-invalid"] == "true"
    assert _attributs(html, "data-commune-code")["value"] == ""
    assert "Aucune commune ne correspond" in html


def test_rendu_apres_erreur_d_un_autre_champ_garde_la_commune_choisie():
    class Formulaire2(FormulaireAdresse):
        nom = ChampCommune(label="Autre")

    f = Formulaire2(data={"commune": "15187", "commune_saisie": "n'importe", "nom_saisie": "xyzzy"})
    assert not f.is_valid()
    saisie = _attributs(str(f), 'name="commune_saisie"')
    assert saisie["value"] == "Saint-Flour (15100)"


class FormulaireOrganisation(FormulaireModele):
    commune = ChampCommune(label="Commune du siège", required=False)

    class Meta:
        model = Organisation
        fields = ["commune"]


def test_formulaire_modele(personas):
    organisation = personas.cantal.agence
    organisation.commune = Commune.objects.get(code_insee="15187")
    organisation.save()

    formulaire = FormulaireOrganisation(instance=organisation)
    assert _attributs(str(formulaire), "data-commune-code")["value"] == "15187"

    inchange = FormulaireOrganisation(
        instance=organisation, data={"commune": "15187", "commune_saisie": "Saint-Flour (15100)"}
    )
    assert inchange.is_valid() and not inchange.has_changed()

    formulaire = FormulaireOrganisation(instance=organisation, data={"commune": "", "commune_saisie": "Aurillac"})
    assert formulaire.is_valid(), formulaire.errors
    assert formulaire.has_changed()
    formulaire.save()
    organisation.refresh_from_db()
    assert organisation.commune.nom == "Aurillac"
