"""Recherche : classement, distance, éligibilité, texte sans accents, catégories, filtres."""

import pytest

from binome.ressources import freins
from binome.ressources.models import CorrespondanceFrein, Service
from binome.ressources.recherche import (
    GROUPE_DISTANCE,
    GROUPE_PRESENTIEL,
    Criteres,
    boite_englobante,
    haversine_km,
    mots_recherches,
    rechercher,
)
from binome.ressources.selectors import thematiques_du_frein
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db


def _ids(criteres):
    return [c.id for c in rechercher(Service.objects.filter(statut="PUBLIE"), criteres)]


def _candidats(criteres):
    return rechercher(Service.objects.filter(statut="PUBLIE"), criteres)


# --- Distance ------------------------------------------------------------------------------------------


def test_haversine_distances_connues():
    # Saint-Flour → Aurillac : environ 53 km à vol d'oiseau ; Saint-Flour → Murat : environ 20 km.
    assert haversine_km(45.0339, 3.0933, 44.9264, 2.4396) == pytest.approx(53.0, abs=1.0)
    assert haversine_km(45.0339, 3.0933, 45.1102, 2.8689) == pytest.approx(19.5, abs=1.0)
    assert haversine_km(45.0, 3.0, 45.0, 3.0) == 0


def test_boite_englobante_contient_le_cercle():
    lat_min, lat_max, lon_min, lon_max = boite_englobante(45.0, 3.0, 30)
    # Un point à 29,9 km au nord, au sud, à l'est et à l'ouest est dans la boîte.
    assert lat_max > 45.0 + 29.9 / 111.2 and lat_min < 45.0 - 29.9 / 111.2
    assert lon_max - 3.0 > 29.9 / (111.2 * 0.7072)


def test_presentiel_trie_par_distance_puis_a_distance(cantal):
    sf, murat, aurillac = cantal["saint_flour"], cantal["murat"], cantal["aurillac"]
    loin = rf.service(commune_obj=murat, nom="Permis Murat")
    pres = rf.service(commune_obj=sf, nom="Permis Saint-Flour")
    distance = rf.service(commune_obj=aurillac, nom="Permis en ligne", modes_accueil=["a-distance"])
    hors_rayon = rf.service(commune_obj=aurillac, nom="Permis Aurillac")
    candidats = _candidats(Criteres(commune=sf, rayon_km=30, thematiques=["mobilite--preparer-un-permis"]))
    assert [c.id for c in candidats] == [pres.id, loin.id, distance.id]
    assert [c.groupe for c in candidats] == [GROUPE_PRESENTIEL, GROUPE_PRESENTIEL, GROUPE_DISTANCE]
    assert candidats[0].distance_km == pytest.approx(0, abs=0.1)
    assert candidats[1].distance_km == pytest.approx(19.5, abs=1.0)
    assert hors_rayon.id not in [c.id for c in candidats]
    # Avec un rayon de 100 km, Aurillac (53 km) entre, après Murat.
    ids = _ids(Criteres(commune=sf, rayon_km=100, thematiques=["mobilite--preparer-un-permis"]))
    assert ids == [pres.id, loin.id, hors_rayon.id, distance.id]


def test_service_mixte_hors_rayon_reste_propose_a_distance(cantal):
    sf, aurillac = cantal["saint_flour"], cantal["aurillac"]
    mixte = rf.service(commune_obj=aurillac, modes_accueil=["en-presentiel", "a-distance"])
    candidats = _candidats(Criteres(commune=sf, rayon_km=30))
    assert [(c.id, c.groupe) for c in candidats] == [(mixte.id, GROUPE_DISTANCE)]
    # Dans le rayon, il est classé avec le présentiel, par distance.
    assert _candidats(Criteres(commune=sf, rayon_km=100))[0].groupe == GROUPE_PRESENTIEL


def test_a_distance_classes_par_score(cantal):
    sf = cantal["saint_flour"]
    b = rf.service(nom="B en ligne", modes_accueil=["a-distance"])
    a = rf.service(nom="A en ligne", modes_accueil=["a-distance"])
    Service.objects.filter(pk=b.pk).update(score_qualite=0.9)
    Service.objects.filter(pk=a.pk).update(score_qualite=0.5)
    assert _ids(Criteres(commune=sf)) == [b.id, a.id]


def test_sans_coordonnees_le_presentiel_est_exclu_d_une_recherche_autour_d_une_commune(cantal):
    sf = cantal["saint_flour"]
    rf.service(nom="Sans lieu")  # ni code INSEE ni coordonnées
    assert _ids(Criteres(commune=sf)) == []
    assert len(_ids(Criteres())) == 1


# --- Zones d'éligibilité ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "eligible"),
    [
        ([], True),  # vide : partout
        (["15187"], True),  # la commune
        (["15014"], False),  # une autre commune
        (["15"], True),  # le département
        (["14"], False),  # un autre département
        (["200066660"], True),  # l'EPCI de Saint-Flour
        (["241500230"], False),  # un autre EPCI
        (["france"], True),
        (["99100"], True),  # code pays de la France
        (["14", "15187"], True),  # l'un des codes suffit
    ],
)
def test_zone_eligibilite(cantal, zone, eligible):
    sf = cantal["saint_flour"]
    service = rf.service(commune_obj=sf, zone_eligibilite=zone)
    assert (service.id in _ids(Criteres(commune=sf))) is eligible


def test_zone_eligibilite_s_applique_aussi_aux_services_a_distance(personas, cantal):
    caen = personas.calvados.communes["caen"]
    calvados = rf.service(modes_accueil=["a-distance"], zone_eligibilite=["14"])
    national = rf.service(modes_accueil=["a-distance"], zone_eligibilite=["france"])
    assert _ids(Criteres(commune=cantal["saint_flour"])) == [national.id]
    assert set(_ids(Criteres(commune=caen))) == {calvados.id, national.id}


# --- Texte libre : accents, casse, préfixes -------------------------------------------------------------------


def test_texte_ignore_accents_et_casse(cantal):
    cafe = rf.service(nom="Café santé du Haut-Cantal")
    rf.service(
        nom="Atelier CV", thematiques=["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"]
    )
    for saisie in ("cafe sante", "CAFÉ SANTÉ", "Café", "santé café", "caf"):
        assert _ids(Criteres(texte=saisie)) == [cafe.id], saisie
    assert _ids(Criteres(texte="cafe boulangerie")) == []


def test_texte_cherche_aussi_la_description_la_structure_et_les_thematiques(cantal):
    structure = rf.structure(nom="Régie de quartier Œuvre commune")
    service = rf.service(structure, nom="Permanence", description="Aide à l'obtention du permis de conduire.")
    assert _ids(Criteres(texte="oeuvre")) == [service.id]
    assert _ids(Criteres(texte="obtention permis")) == [service.id]
    assert _ids(Criteres(texte="preparer un permis")) == [service.id]  # libellé de la thématique


def test_texte_combine_avec_la_distance(cantal):
    sf, murat = cantal["saint_flour"], cantal["murat"]
    proche = rf.service(commune_obj=sf, nom="Café santé")
    rf.service(commune_obj=murat, nom="Atelier cuisine")
    loin = rf.service(commune_obj=murat, nom="Café santé de Murat")
    assert _ids(Criteres(commune=sf, texte="cafe")) == [proche.id, loin.id]


def test_mots_recherches_ignore_mots_vides_et_ponctuation():
    assert mots_recherches("Aide à la mobilité : permis !") == ["aide", "mobilite", "permis"]
    assert mots_recherches("  ") == []


# --- Thématiques : une catégorie vaut ses sous-thèmes ---------------------------------------------------------------


def test_categorie_inclut_ses_sous_themes(cantal):
    permis = rf.service(thematiques=["mobilite--preparer-un-permis"])
    vehicule = rf.service(thematiques=["mobilite--acceder-a-un-vehicule"])
    rf.service(thematiques=["sante--acces-aux-soins"])
    assert set(_ids(Criteres(thematiques=["mobilite"]))) == {permis.id, vehicule.id}
    assert _ids(Criteres(thematiques=["mobilite--preparer-un-permis"])) == [permis.id]
    assert _ids(Criteres(thematiques=["inconnue"])) == []


# --- Filtres ---------------------------------------------------------------------------------------------------------


def test_filtre_publics_inclut_toujours_tous_publics(cantal):
    jeunes = rf.service(publics=["jeunes"])
    tous = rf.service(publics=["tous-publics"])
    non_precise = rf.service(publics=[])
    rf.service(publics=["seniors"])
    assert set(_ids(Criteres(publics=["jeunes"]))) == {jeunes.id, tous.id, non_precise.id}


def test_filtres_mode_type_frais(cantal):
    presentiel = rf.service(modes_accueil=["en-presentiel"], type="atelier", frais="gratuit")
    distance = rf.service(modes_accueil=["a-distance"], type="accompagnement", frais="payant")
    mixte = rf.service(modes_accueil=["a-distance", "en-presentiel"], type="atelier", frais="payant")
    assert set(_ids(Criteres(modes_accueil=["a-distance"]))) == {distance.id, mixte.id}
    assert set(_ids(Criteres(modes_accueil=["en-presentiel"]))) == {presentiel.id, mixte.id}
    assert set(_ids(Criteres(modes_accueil=["en-presentiel", "a-distance"]))) == {presentiel.id, distance.id, mixte.id}
    assert set(_ids(Criteres(types=["atelier"]))) == {presentiel.id, mixte.id}
    assert set(_ids(Criteres(frais=["gratuit"]))) == {presentiel.id}


def test_seuls_les_services_publies_de_la_base_sont_cherches(cantal):
    masque = rf.service(statut="MASQUE")
    publie = rf.service()
    assert _ids(Criteres()) == [publie.id]
    assert masque.id not in _ids(Criteres())


# --- Frein → thématiques ---------------------------------------------------------------------------------------


def test_situation_permis_en_cours_donne_preparer_un_permis():
    cle = freins.cle_situation("mobilite", "Permis et/ou code en cours")
    assert cle == "mobilite:permis-et-ou-code-en-cours"
    assert thematiques_du_frein(cle, "15") == ["mobilite--preparer-un-permis"]


def test_situation_sans_correspondance_propre_retombe_sur_son_domaine():
    cle = freins.cle_situation("logement", "Propriétaire")
    assert thematiques_du_frein(cle, None) == freins.DOMAINES["LOGEMENT"]
    assert thematiques_du_frein("INCONNU", None) == []


def test_surcharge_departementale_de_la_correspondance(personas):
    CorrespondanceFrein.objects.create(
        departement=personas.cantal.departement,
        nature="DOMAINE",
        code="MOBILITE",
        thematiques=["mobilite--financer-ma-mobilite"],
    )
    assert thematiques_du_frein("MOBILITE", "15") == ["mobilite--financer-ma-mobilite"]
    assert thematiques_du_frein("MOBILITE", "14") == freins.DOMAINES["MOBILITE"]


def test_correspondance_nationale_ne_cite_que_des_thematiques_du_paquet():
    from binome.ressources.referentiels import THEMATIQUES

    for thematiques in [*freins.DOMAINES.values(), *freins.SITUATIONS.values()]:
        assert set(thematiques) <= THEMATIQUES


def test_sans_commune_par_thematique_trie_par_score_et_ignore_les_non_publies(cantal):
    bas = rf.service(thematiques=["sante--acces-aux-soins"], nom="Bas")
    haut = rf.service(thematiques=["sante--addictions", "sante--acces-aux-soins"], nom="Haut")
    rf.service(thematiques=["sante--acces-aux-soins"], statut="MASQUE")
    for service, score in ((bas, 0.4), (haut, 0.9)):
        service.score_qualite = score
        rf.synchroniser_index([service])
    candidats = _candidats(Criteres(thematiques=["sante"]))
    assert len(candidats) == 2  # compté en SQL, sans doublon pour le service à deux thématiques
    assert [c.id for c in candidats[0:2]] == [haut.id, bas.id]
    assert list(rechercher(Service.objects.none(), Criteres(thematiques=["sante"]))) == []
