"""Point 9 : chaque import (data·inclusion, tableur de l'annuaire, parcours) répond à une entrée invalide par un
message en français, jamais par une trace — en commande et dans le navigateur."""

import re
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from binome.core.lecture_json import FichierJSONRefuse, lire_json
from binome.ressources.models import Service

pytestmark = pytest.mark.django_db

PROFOND = b"[" * 100_000 + b"]" * 100_000
MAUVAISES_ENTREES = {
    "json-profond": (PROFOND, "imbriqué"),
    "json-profond-objet": (b'{"a":' * 50 + b"1" + b"}" * 50, "imbriqué"),
    "json-invalide": (b'{"structures": [', "illisible"),
    "binaire": (b"\x00\x01\x02\xff\xfe\x00", ""),
    "encodage": ('{"structures": [], "nom": "Évaux"}'.encode("latin-1"), "UTF-8"),
    "vide": (b"", "vide"),
}
ANGLAIS = re.compile(r"Traceback|Error\b|Expecting|line \d|char \d|codec")


def _francais(texte: str, attendu: str):
    assert texte.strip()
    assert not ANGLAIS.search(texte), texte
    assert attendu.lower() in texte.lower(), texte


@pytest.mark.parametrize("nom", MAUVAISES_ENTREES)
def test_commande_import_data_inclusion(personas, tmp_path, nom):
    contenu, attendu = MAUVAISES_ENTREES[nom]
    fichier = tmp_path / "di.json"
    fichier.write_bytes(contenu)
    with pytest.raises(CommandError) as refus:
        call_command("import_data_inclusion", str(fichier), "--departement", "15", stdout=StringIO())
    _francais(str(refus.value), attendu)
    assert "rien n'a été enregistré" in str(refus.value)


def test_commande_import_data_inclusion_trop_gros(personas, tmp_path, monkeypatch):
    monkeypatch.setattr("binome.ressources.management.commands.import_data_inclusion.TAILLE_MAX_JSON", 10)
    fichier = tmp_path / "di.json"
    fichier.write_text('{"structures": [], "services": []}', encoding="utf-8")
    with pytest.raises(CommandError, match="taille maximale de 10 octets"):
        call_command("import_data_inclusion", str(fichier), "--departement", "15", stdout=StringIO())


@pytest.mark.parametrize("nom", MAUVAISES_ENTREES)
def test_commande_import_ressources_csv(personas, tmp_path, nom):
    contenu, _attendu = MAUVAISES_ENTREES[nom]
    fichier = tmp_path / "r.csv"
    fichier.write_bytes(contenu)
    sortie = StringIO()
    call_command("import_ressources_csv", str(fichier), "--departement", "15", "--sans-progression", stdout=sortie)
    texte = sortie.getvalue()
    assert "ligne 1 · ?" in texte or "ligne 2" in texte
    _francais(texte, "")
    assert not Service.objects.exists()


@pytest.mark.parametrize("nom", [*MAUVAISES_ENTREES, "trop-gros"])
def test_vue_import_csv(personas, client_de, nom, monkeypatch):
    if nom == "trop-gros":
        monkeypatch.setattr("binome.ressources.importation.TAILLE_MAX_CSV", 10)
        contenu = b"nom;description\nAtelier code;Un atelier de code\n"
    else:
        contenu = MAUVAISES_ENTREES[nom][0]
    fichier = SimpleUploadedFile("r.csv", contenu, content_type="text/csv")
    reponse = client_de(personas.admin).post(reverse("ressources:import_csv"), {"fichier": fichier})
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert ("erreur" in texte) or ("vide" in texte) or ("taille maximale" in texte)
    assert "Traceback" not in texte
    assert not Service.objects.exists()


@pytest.mark.parametrize("nom", MAUVAISES_ENTREES)
def test_commande_import_parcours(personas, tmp_path, nom):
    contenu, _attendu = MAUVAISES_ENTREES[nom]
    fichier = tmp_path / "p.csv"
    fichier.write_bytes(contenu)
    with pytest.raises(CommandError) as refus:
        call_command("import_parcours", str(fichier), "--sans-progression", stdout=StringIO(), stderr=StringIO())
    _francais(str(refus.value), "")


# La commande import_parcours lit en flux et n'a plus de limite de taille (issue 17) :
# tests/accompagnement/test_import_flux.py::test_la_commande_n_a_plus_de_limite_de_taille.


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(contenu=PROFOND)
@example(contenu=b"[" * 40 + b"]" * 40)
@example(contenu="\ufeff{}")
@given(
    contenu=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300),
        st.recursive(
            st.just("1"),
            lambda e: st.builds(lambda x: f"[{x}]", e) | st.builds(lambda x: f'{{"a":{x}}}', e),
            max_leaves=60,
        ),
    )
)
def test_lire_json_quelconque(contenu):
    """Propriété : toute entrée donne un document, ou un refus en français — jamais une autre exception."""
    try:
        lire_json(contenu, taille_max=1000)
    except FichierJSONRefuse as refus:
        _francais(" ".join(refus.messages), "")
