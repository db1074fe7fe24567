"""La recherche autour d'une commune paginée en SQL (issue 17) rend exactement ce que rendait l'ancienne : mêmes
candidats, même ordre, mêmes groupes et distances, sur un jeu varié (modes, zones, scores égaux ou absents,
coordonnées absentes, identifiants que les collations classent autrement) ; SQLite et PostgreSQL."""

import random

import pytest

from binome.ressources.models import Service
from binome.ressources.recherche import CandidatsAutourDe, Criteres, rechercher
from tests.ressources import ancienne_recherche
from tests.ressources import factories as rf

pytestmark = pytest.mark.django_db

_THEMATIQUES = [
    ["mobilite--preparer-un-permis"],
    ["mobilite--acceder-a-un-vehicule"],
    ["mobilite--preparer-un-permis", "mobilite--acceder-a-un-vehicule"],
    ["sante--acces-aux-soins"],
]
_MODES = [["en-presentiel"], ["a-distance"], ["a-distance", "en-presentiel"]]
# Majuscules, chiffres, tirets, accents : « C » et Python les classent pareil, une collation française non.
_SUFFIXES = ["A", "a", "9", "-x", "_b", "é", "Z2", "z10", "z9", "b"]


def _jeu(cantal, personas):
    alea = random.Random(20261206)
    communes = [cantal["saint_flour"], cantal["murat"], cantal["aurillac"], *personas.calvados.communes.values()]
    zones = [[], ["15"], ["15187"], ["200066660"], ["14"], ["france"]]
    for n in range(70):
        commune = alea.choice(communes)
        champs = {
            "id": f"test--{alea.choice(_SUFFIXES)}{n}",
            "commune_obj": commune,
            "nom": f"Permis {n}" if n % 3 else f"Atelier {n}",
            "thematiques": alea.choice(_THEMATIQUES),
            "modes_accueil": alea.choice(_MODES),
            "zone_eligibilite": alea.choice(zones),
            "publics": alea.choice([[], ["etudiants"], ["actifs"]]),
            "frais": alea.choice(["gratuit", "payant"]),
            "statut": "PUBLIE" if n % 11 else "MASQUE",
        }
        if n % 13 == 0:
            champs.update(latitude=None, longitude=None)
        elif n % 4:
            champs.update(
                latitude=commune.latitude + alea.uniform(-0.3, 0.3),
                longitude=commune.longitude + alea.uniform(-0.3, 0.3),
            )
        service = rf.service(**champs)
        # Scores à égalité (tri par identifiant ensuite) et absents (comptés 0).
        service.score_qualite = alea.choice([None, 0.5, 0.5, 0.7, round(alea.uniform(0.4, 1.0), 2)])
        Service.objects.filter(pk=service.pk).update(score_qualite=service.score_qualite)
        rf.synchroniser_index([service])


def _criteres(cantal):
    sf, murat = cantal["saint_flour"], cantal["murat"]
    for commune in (sf, murat):
        for rayon in (5, 30, 100):
            yield Criteres(commune=commune, rayon_km=rayon, thematiques=["mobilite"])
            yield Criteres(commune=commune, rayon_km=rayon, thematiques=["mobilite--preparer-un-permis"])
            yield Criteres(commune=commune, rayon_km=rayon)
            yield Criteres(commune=commune, rayon_km=rayon, thematiques=["mobilite"], publics=["etudiants"])
            yield Criteres(commune=commune, rayon_km=rayon, frais=["gratuit"], texte="permis")
            yield Criteres(commune=commune, rayon_km=rayon, thematiques=["sante"], modes_accueil=["a-distance"])


def _vue(candidats):
    return [(c.id, c.groupe, None if c.distance_km is None else round(c.distance_km, 9)) for c in candidats]


def test_memes_resultats_dans_le_meme_ordre_que_l_ancienne_recherche(cantal, personas):
    _jeu(cantal, personas)
    base = Service.objects.filter(statut="PUBLIE")
    compares = paginees = 0
    for criteres in _criteres(cantal):
        ancien = _vue(ancienne_recherche.rechercher(base, criteres))
        nouveau = rechercher(base, criteres)
        # Thématiques seules : pagination en SQL ; avec d'autres filtres : une requête classée en Python.
        seules = bool(criteres.thematiques) and not (criteres.publics or criteres.texte or criteres.modes_accueil)
        assert isinstance(nouveau, CandidatsAutourDe) == seules
        paginees += seules and bool(ancien)
        assert len(nouveau) == len(ancien), criteres
        assert _vue(nouveau) == ancien, criteres
        # Les pages (tranches) aussi, à cheval sur les deux groupes compris.
        for debut, fin in ((0, 7), (5, 12), (7, 14), (len(ancien) - 3, len(ancien) + 5)):
            assert _vue(nouveau[max(debut, 0) : fin]) == ancien[max(debut, 0) : fin], (criteres, debut)
        if ancien:
            assert _vue([nouveau[0], nouveau[-1]]) == [ancien[0], ancien[-1]]
        compares += bool(ancien)
    # Le jeu est varié : des deux groupes, et bien plus d'une recherche non vide.
    assert compares >= 20 and paginees >= 8
    tous = _vue(rechercher(base, Criteres(commune=cantal["saint_flour"], rayon_km=30, thematiques=["mobilite"])))
    assert {"PRESENTIEL", "DISTANCE"} <= {groupe for _id, groupe, _d in tous}
