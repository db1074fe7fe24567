"""Lecture en flux du fichier d'import (issue 17 « Échelle ») : ``lire_fichier`` donne exactement les lignes de
``lire_csv``, avec les mêmes refus, sans limite de taille et sans garder le fichier en mémoire."""

import io
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from binome.accompagnement import fichier_import as imp
from binome.accompagnement.fichier_import import FichierRefuse, lire_csv, lire_fichier
from binome.accompagnement.models import Parcours

DONNEES = Path(__file__).parent / "donnees"
ENTETE = ",".join(imp.COLONNES)
LIGNE = (
    "15,{id},Fictif,Amandine,1988-04-12,F,15187,oui,non,3-4,global,2024-01-08,2024-01-22,"
    "claire.conseillere@exemple.gouv.fr,sophie.sociale@exemple.gouv.fr,,"
)


def _ecrire(chemin: Path, contenu: bytes) -> Path:
    chemin.write_bytes(contenu)
    return chemin


@pytest.mark.parametrize("nom", ["parcours_valide.csv", "parcours_invalides.csv"])
def test_memes_lignes_que_la_lecture_en_memoire(nom):
    chemin = DONNEES / nom
    assert list(lire_fichier(chemin)) == lire_csv(chemin.read_bytes())


@pytest.mark.parametrize(
    "contenu",
    [
        ("\ufeff" + ENTETE.replace(",", ";") + "\r\n" + LIGNE.format(id="1A").replace(",", ";") + "\r\n").encode(),
        (ENTETE + "\n" + LIGNE.format(id="1A").replace("Fictif", "Lefèvre") + "\n").encode("cp1252"),
        (ENTETE + "\n" + LIGNE.format(id="1A") + "\n").encode("utf-16"),
        (ENTETE + "\n\n" + '"Nom\nsur deux lignes"' + LIGNE.format(id="2B")[2:] + "\n,,,\n").encode(),
    ],
)
def test_encodages_separateurs_et_numerotation_comme_en_memoire(tmp_path, contenu):
    assert list(lire_fichier(_ecrire(tmp_path / "f.csv", contenu))) == lire_csv(contenu)


@pytest.mark.parametrize(
    ("contenu", "code"),
    [
        (b"", "vide"),
        (b"\n \n", "vide"),
        (ENTETE.encode() + b"\n", "vide"),
        (ENTETE.encode() + b"\n" + LIGNE.format(id="1A").encode() + b"\x81\x9d\n", "encodage"),
        (ENTETE.replace("nom", "nmo").encode() + b"\n" + LIGNE.format(id="1A").encode(), "entete"),
        (ENTETE.encode() + b"\n\x00\x00\n", "binaire"),
    ],
)
def test_memes_refus_que_la_lecture_en_memoire(tmp_path, contenu, code):
    with pytest.raises(FichierRefuse) as en_memoire:
        lire_csv(contenu)
    with pytest.raises(FichierRefuse) as en_flux:
        list(lire_fichier(_ecrire(tmp_path / "f.csv", contenu)))
    assert en_flux.value.code == en_memoire.value.code == code
    assert en_flux.value.messages == en_memoire.value.messages


def test_memoire_de_lecture_independante_de_la_taille_du_fichier(tmp_path):
    """Lire 2 000 ou 20 000 lignes (plus de 3 Mo) demande le même plafond : une ligne à la fois, morceaux de 1 Mo."""
    pics = []
    for nombre in (2_000, 20_000):
        lignes = "".join(LIGNE.format(id=f"{n}A") + "\n" for n in range(nombre))
        chemin = _ecrire(tmp_path / f"{nombre}.csv", (ENTETE + "\n" + lignes).encode())
        tracemalloc.start()
        try:
            lues = sum(1 for _ligne in lire_fichier(chemin))
            pics.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert lues == nombre
    assert all(pic < 3 * 1024 * 1024 for pic in pics), pics


@pytest.mark.django_db
def test_la_commande_n_a_plus_de_limite_de_taille(personas, monkeypatch):
    monkeypatch.setattr(imp, "TAILLE_MAX", 100)  # la limite d'un contenu en mémoire ne concerne pas la commande
    sortie = io.StringIO()
    call_command("import_parcours", str(DONNEES / "parcours_valide.csv"), "--sans-progression", stdout=sortie)
    assert "7 parcours créés" in sortie.getvalue()
    assert Parcours.objects.count() == 7


@pytest.mark.django_db
def test_une_ligne_mal_formee_en_fin_de_fichier_refuse_tout(personas, tmp_path):
    """Refus découvert pendant la lecture en flux, après des lignes valides : rien n'est écrit."""
    valide = (DONNEES / "parcours_valide.csv").read_bytes()
    chemin = _ecrire(tmp_path / "f.csv", valide + b"\x00\n")
    with pytest.raises(CommandError, match="Fichier refusé, rien n'a été enregistré. Le fichier contient des car"):
        call_command("import_parcours", str(chemin), "--sans-progression", stderr=io.StringIO())
    assert Parcours.objects.count() == 0
