"""Injection de formules (issue 12, point 8) : aucune exportation CSV/XLSX n'écrit une formule vivante.

Une valeur saisie ou importée comme ``=HYPERLINK("http://x";"Saint-Flour")`` est exportée comme texte : préfixée
d'une apostrophe dans le CSV, cellule de type texte dans le XLSX ; la valeur enregistrée reste intacte.
"""

import ast
import csv
import datetime
import io
import pathlib
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from binome.accompagnement.models import Personne
from binome.comptes.models import Utilisateur
from binome.core.tableur import cellules_xlsx, ecrivain_csv, neutraliser
from binome.organisations.models import Organisation
from tests.pilotage.jeu import creer_jeu

FORMULE = '=HYPERLINK("http://x";"Saint-Flour")'
PERIODE = "du=2025-01-01&au=2025-06-30"
RACINE = pathlib.Path(__file__).resolve().parents[2] / "binome"


@pytest.mark.parametrize("debut", ["=", "+", "-", "@", "\t", "\r"])
def test_chaine_dangereuse_prefixee(debut):
    assert neutraliser(f"{debut}1+1") == f"'{debut}1+1"


def test_nombres_et_textes_ordinaires_intacts():
    for valeur in (-3, -0.5, 0, 12, None, True, datetime.date(2025, 1, 1), "Saint-Flour", "< 5", "s", "— "):
        assert neutraliser(valeur) == valeur
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, formater=lambda v: str(v).replace(".", ",") if v is not None else "")
    ecrivain.writerow([-0.5, -3, FORMULE, "+33 4 71"])
    assert next(csv.reader(io.StringIO(tampon.getvalue()))) == ["-0,5", "-3", "'" + FORMULE, "'+33 4 71"]


def _csv(reponse) -> str:
    assert reponse.status_code == 200, reponse.status_code
    return reponse.getvalue().decode("utf-8-sig")


def _aucune_cellule_csv_dangereuse(texte: str, delimiteur=";") -> list[str]:
    cellules = [c for ligne in csv.reader(io.StringIO(texte), delimiter=delimiteur) for c in ligne]
    assert not [c for c in cellules if c.startswith(("=", "+", "@", "\t", "\r"))], "formule vivante dans le CSV"
    return cellules


def _xlsx(reponse) -> list:
    assert reponse.status_code == 200
    contenu = reponse.getvalue()  # réponse en flux : lue une seule fois
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        for nom in archive.namelist():
            if nom.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(nom).decode(), f"formule dans {nom}"
    classeur = load_workbook(io.BytesIO(contenu))
    cellules = [c for feuille in classeur for ligne in feuille.iter_rows() for c in ligne]
    assert not [c for c in cellules if c.data_type == "f"]
    return cellules


@pytest.mark.django_db
def test_chaque_export_neutralise_les_formules(personas, client_de):
    jeu = creer_jeu(personas)
    Organisation.objects.filter(pk=personas.cantal.agence.pk).update(nom=FORMULE)
    Utilisateur.objects.filter(pk=personas.conseiller.pk).update(prenom=FORMULE)
    c = jeu["C"]
    c.cofinance_fse = True
    c.identifiant_operation_fse = FORMULE
    c.save()
    # Tableau de bord du pilotage : comparaison des agences (nom d'organisation) et des agents (nom d'agent).
    adresses = [(personas.encadrant, f"{PERIODE}&organisation={personas.cantal.agence.pk}"), (personas.admin, PERIODE)]
    for acteur, requete in adresses:
        client = client_de(acteur)
        cellules = _aucune_cellule_csv_dangereuse(_csv(client.get(f"{reverse('pilotage:export_csv')}?{requete}")))
        assert "'" + FORMULE in cellules or "'" + FORMULE + " " + personas.conseiller.nom in cellules
        valeurs = [c.value for c in _xlsx(client.get(f"{reverse('pilotage:export_xlsx')}?{requete}"))]
        assert any(isinstance(v, str) and v.startswith(FORMULE) for v in valeurs)  # texte, valeur d'origine

    # Extrait FSE+ (identifiant d'opération saisi librement).
    admin = client_de(personas.admin)
    cellules = _aucune_cellule_csv_dangereuse(_csv(admin.get(f"{reverse('pilotage:export_fse')}?{PERIODE}")))
    assert "'" + FORMULE in cellules
    reponse = admin.get(f"{reverse('pilotage:export_fse')}?{PERIODE}&format=xlsx")
    assert FORMULE in [c.value for c in _xlsx(reponse)]

    # Modèle d'import de l'annuaire.
    _aucune_cellule_csv_dangereuse(_csv(admin.get(reverse("ressources:modele_csv"))))

    # Export du portefeuille (nom de la personne saisi librement).
    Personne.objects.filter(pk=c.personne_id).update(prenom=FORMULE)
    reponse = client_de(personas.conseiller).get(f"{reverse('accompagnement:portefeuille_export')}?etat=tous")
    cellules = _aucune_cellule_csv_dangereuse(_csv(reponse))
    assert any(cellule.startswith("'" + FORMULE) for cellule in cellules)

    # La valeur enregistrée reste intacte.
    c.refresh_from_db()
    assert c.identifiant_operation_fse == FORMULE
    assert Organisation.objects.get(pk=personas.cantal.agence.pk).nom == FORMULE


def test_xlsx_texte_jamais_formule():
    from openpyxl import Workbook

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("a")
    feuille.append(cellules_xlsx(feuille, [FORMULE, -3, 1.5, "ok"]))
    tampon = io.BytesIO()
    classeur.save(tampon)
    lu = load_workbook(io.BytesIO(tampon.getvalue()))["a"]
    assert [c.value for c in lu[1]] == [FORMULE, -3, 1.5, "ok"]
    assert lu["A1"].data_type == "s" and lu["A1"].quotePrefix and lu["B1"].data_type == "n"


ECRIVAINS = {"writer", "DictWriter", "Workbook", "xlsxwriter"}


def test_un_seul_module_ecrit_des_tableurs():
    """Toute écriture CSV/XLSX passe par ``binome.core.tableur`` : aucun autre module n'appelle ``csv.writer``,
    ``csv.DictWriter``, ni n'ajoute une ligne à une feuille sans ``cellules_xlsx``."""
    fautifs = []
    for fichier in RACINE.rglob("*.py"):
        if fichier.name == "tableur.py" and fichier.parent.name == "core" or "migrations" in fichier.parts:
            continue
        source = fichier.read_text(encoding="utf-8")
        arbre = ast.parse(source)
        openpyxl = "openpyxl" in source
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Attribute) and noeud.attr in ("writer", "DictWriter"):
                if isinstance(noeud.value, ast.Name) and noeud.value.id == "csv":
                    fautifs.append(f"{fichier.relative_to(RACINE)}:{noeud.lineno} csv.{noeud.attr}")
            if openpyxl and isinstance(noeud, ast.Call) and getattr(noeud.func, "attr", "") == "append":
                premier = noeud.args[0] if noeud.args else None
                if isinstance(premier, ast.ListComp) or (isinstance(premier, ast.List) and premier.elts):
                    fautifs.append(f"{fichier.relative_to(RACINE)}:{noeud.lineno} append sans cellules_xlsx")
            if isinstance(noeud, ast.ImportFrom | ast.Import):
                noms = [a.name for a in noeud.names]
                if "xlsxwriter" in noms or (isinstance(noeud, ast.ImportFrom) and noeud.module == "xlsxwriter"):
                    fautifs.append(f"{fichier.relative_to(RACINE)}:{noeud.lineno} xlsxwriter")
    assert fautifs == []
