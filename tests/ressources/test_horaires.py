"""Issue 13, point 7 : horaires d'accueil en français, saisis jour par jour ; la valeur reste OpenStreetMap."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from binome.ressources import horaires
from binome.ressources.saisie_horaires import PLAGES, ChampHoraires, semaine_du_tableau
from tests.ressources import factories as rf
from tests.ressources.test_maintenance import _formulaire


@pytest.mark.parametrize(
    ("osm", "francais"),
    [
        ("Mo-Fr 09:00-12:00", ["Du lundi au vendredi : 9 h – 12 h"]),
        ("Mo-Fr 09:00-12:00,14:00-17:00", ["Du lundi au vendredi : 9 h – 12 h et 14 h – 17 h"]),
        ("Tu,Th 09:00-12:30", ["Le mardi et le jeudi : 9 h – 12 h 30"]),
        ("We 14:00-18:00", ["Le mercredi : 14 h – 18 h"]),
        ("Mo-Su 08:00-20:00", ["Tous les jours : 8 h – 20 h"]),
        ("Mo-Fr 09:00-17:00; We off", ["Le lundi, le mardi, le jeudi et le vendredi : 9 h – 17 h"]),
        (
            "Mo,We,Fr 09:00-12:00; Tu 14:00-16:00; Sa 09:00-12:00",
            ["Le lundi, le mercredi, le vendredi et le samedi : 9 h – 12 h", "Le mardi : 14 h – 16 h"],
        ),
        ("Mo-We,Fr 08:30-12:00", ["Du lundi au mercredi et le vendredi : 8 h 30 – 12 h"]),
    ],
)
def test_traduction_en_francais(osm, francais):
    assert horaires.en_francais(osm) == francais


@pytest.mark.parametrize("osm", ["Mo-Fr 09:00-12:00; PH off", "24/7", "Jul-Aug Mo-Fr 10:00-18:00", "Mo 22:00-02:00"])
def test_valeur_osm_valide_mais_non_traduisible(osm):
    assert horaires.est_valide(osm)
    assert horaires.en_francais(osm) is None
    assert horaires.en_texte(osm) == f"{osm} (format OpenStreetMap, non traduit)"


def test_valeur_invalide():
    assert not horaires.est_valide("Mo-Fr 9h-12h")
    assert horaires.en_francais("Mo-Fr 9h-12h") is None


_heures = st.integers(min_value=0, max_value=24 * 4).map(lambda q: f"{q // 4:02d}:{q % 4 * 15:02d}")


@st.composite
def _jour(draw):
    """Zéro à deux plages triées, sans chevauchement : ce que le formulaire accepte."""
    bornes = sorted(set(draw(st.lists(_heures, max_size=4))))
    bornes = bornes[: len(bornes) // 2 * 2]
    return tuple((bornes[i], bornes[i + 1]) for i in range(0, len(bornes), 2))


_semaines = st.tuples(*[_jour()] * 7)


def _donnees(semaine, avance=""):
    donnees = {"h_avance": avance}
    for j, plages in enumerate(semaine):
        for p in range(len(PLAGES)):
            debut, fin = plages[p] if p < len(plages) else ("", "")
            donnees[f"h_{j}_{p}_debut"], donnees[f"h_{j}_{p}_fin"] = debut, fin
    return donnees


def _nettoyer(donnees):
    champ = ChampHoraires()
    return champ.clean(champ.widget.value_from_datadict(donnees, {}, "h"))


@settings(max_examples=200, deadline=None)
@given(_semaines)
def test_tout_ce_que_produit_le_formulaire_est_relu_a_l_identique(semaine):
    osm = _nettoyer(_donnees(semaine))
    assert horaires.lire(osm) == semaine
    assert semaine_du_tableau(osm) == semaine
    assert (osm == "") == (not any(semaine))
    if osm:
        assert horaires.est_valide(osm), osm
        assert horaires.en_francais(osm)
    # Réaffiché dans le tableau puis renvoyé sans modification : même valeur.
    champ = ChampHoraires()
    contexte = champ.widget.get_context("h", osm, {"id": "id_h"})["widget"]
    renvoyees = {"h_avance": contexte["avance"][2]}
    for ligne in contexte["lignes"]:
        for plage in ligne["plages"]:
            for nom, _id, valeur in (plage["debut"], plage["fin"]):
                renvoyees[nom] = valeur
    assert _nettoyer(renvoyees) == osm


def test_saisie_jour_par_jour_et_erreurs():
    semaine = [((), ())] * 7
    donnees = _donnees(horaires.SEMAINE_VIDE)
    donnees.update({"h_0_0_debut": "09:00", "h_0_0_fin": "12:00", "h_0_1_debut": "14:00", "h_0_1_fin": "17:00"})
    donnees.update({"h_1_0_debut": "09:00", "h_1_0_fin": "12:00", "h_1_1_debut": "14:00", "h_1_1_fin": "17:00"})
    assert _nettoyer(donnees) == "Mo,Tu 09:00-12:00,14:00-17:00"
    assert semaine
    champ = ChampHoraires()
    erreurs = [
        ({"h_2_0_debut": "09:00"}, "Mercredi, matin : indiquez l'heure d'ouverture et de fermeture."),
        ({"h_2_0_debut": "12:00", "h_2_0_fin": "09:00"}, "Mercredi, matin : la fermeture doit suivre l'ouverture."),
        (
            {"h_2_0_debut": "09:00", "h_2_0_fin": "13:00", "h_2_1_debut": "12:00", "h_2_1_fin": "17:00"},
            "Mercredi : les plages se chevauchent.",
        ),
        ({"h_avance": "Mo-Fr 9h"}, "« Mo-Fr 9h » n'est pas une valeur OpenStreetMap valide"),
        ({"h_avance": "PH off", "h_0_0_debut": "09:00"}, "Remplissez le tableau ou le champ avancé, pas les deux."),
    ]
    for modifs, message in erreurs:
        donnees = {**_donnees(horaires.SEMAINE_VIDE), **modifs}
        with pytest.raises(Exception) as erreur:
            champ.clean(champ.widget.value_from_datadict(donnees, {}, "h"))
        assert message in str(erreur.value), (modifs, erreur.value)


def test_valeur_avancee_gardee_telle_quelle():
    assert _nettoyer({**_donnees(horaires.SEMAINE_VIDE), "h_avance": "Mo-Fr 09:00-12:00; PH off"}) == (
        "Mo-Fr 09:00-12:00; PH off"
    )
    contexte = ChampHoraires().widget.get_context("h", "Mo-Fr 09:00-12:00; PH off", {"id": "id_h"})["widget"]
    assert contexte["avance"][2] == "Mo-Fr 09:00-12:00; PH off"
    assert all(p["debut"][2] == "" for ligne in contexte["lignes"] for p in ligne["plages"])


@pytest.mark.django_db
def test_fiche_service_en_francais(personas, client_de, cantal):
    traduit = rf.service(commune_obj=cantal["aurillac"], horaires_accueil="Mo-Fr 09:00-12:00,14:00-17:00")
    brut = rf.service(commune_obj=cantal["aurillac"], horaires_accueil="Mo-Fr 09:00-12:00; PH off")
    client = client_de(personas.conseiller)
    contenu = client.get(reverse("ressources:service", args=[traduit.pk])).content.decode()
    assert "Du lundi au vendredi : 9 h – 12 h et 14 h – 17 h" in contenu and "Mo-Fr" not in contenu
    contenu = client.get(reverse("ressources:service", args=[brut.pk])).content.decode()
    assert "Mo-Fr 09:00-12:00; PH off" in contenu and "n'ont pas pu être traduits" in contenu


@pytest.mark.django_db
def test_partenaire_saisit_les_horaires_jour_par_jour(personas, client_de, cantal):
    structure = rf.structure(nom="Mobilité solidaire", organisation=personas.cantal.partenaire, code_insee="15187")
    service = rf.service(structure, commune_obj=cantal["saint_flour"], organisation=personas.cantal.partenaire)
    client = client_de(personas.partenaire)
    url = reverse("ressources:service_modifier", args=[service.pk])
    formulaire = client.get(url).content.decode()
    assert 'type="time"' in formulaire and 'name="horaires_accueil_avance"' in formulaire
    jours = {
        f"horaires_accueil_{j}_{p}_{b}": h
        for j in range(5)
        for p, b, h in [(0, "debut", "09:00"), (0, "fin", "12:00"), (1, "debut", "14:00"), (1, "fin", "17:00")]
    }
    reponse = client.post(url, {**_formulaire(service), **jours, "horaires_accueil_avance": ""})
    assert reponse.status_code == 302, reponse.context["form"].errors
    service.refresh_from_db()
    assert service.horaires_accueil == "Mo-Fr 09:00-12:00,14:00-17:00"
    # Une valeur avancée enregistrée est réaffichée dans le champ avancé et gardée si l'on n'y touche pas.
    service.horaires_accueil = "Mo-Fr 09:00-12:00; PH off"
    service.save()
    assert 'value="Mo-Fr 09:00-12:00; PH off"' in client.get(url).content.decode()
    reponse = client.post(url, {**_formulaire(service), "horaires_accueil_avance": "Mo-Fr 09:00-12:00; PH off"})
    assert reponse.status_code == 302
    service.refresh_from_db()
    assert service.horaires_accueil == "Mo-Fr 09:00-12:00; PH off"


@pytest.mark.django_db
def test_liste_de_resultats_en_francais(personas, client_de, cantal):
    rf.service(commune_obj=cantal["aurillac"], nom="Permis", horaires_accueil="Tu,Th 09:00-12:30")
    contenu = (
        client_de(personas.conseiller)
        .get(reverse("ressources:recherche"), {"commune": "15014", "frein": "MOBILITE"})
        .content.decode()
    )
    assert "Le mardi et le jeudi : 9 h – 12 h 30" in contenu and "Tu,Th" not in contenu
