"""Issue 15, point 4, dans le navigateur : l'administratrice du Cantal fait correspondre les colonnes renommées d'un
extrait XLSX (en-tête précédé de lignes de titre), voit l'aperçu, lance l'essai à blanc puis l'import ; un mauvais
fichier est refusé en entier avec les raisons ligne par ligne."""

import pytest
from playwright.sync_api import expect

from binome.accompagnement.models import Personne
from tests.echanges.outils import FICHIERS

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

CORRESPONDANCE = {
    "identifiant_ft": "Réf. demandeur",
    "nom": "Patronyme",
    "prenom": "Prénom usuel",
    "date_naissance": "Date naiss.",
    "code_commune": "Cne INSEE",
    "telephone": "Tél.",
    "courriel": "Mél",
}


def _deposer(page, source: str, nom_fichier: str):
    page.get_by_role("link", name="Fichiers reçus").first.click()
    page.get_by_role("link", name="Déposer une liste").click()
    page.locator("select[name=source]").select_option(label=source)
    page.locator("input[name=fichier]").set_input_files(str(FICHIERS / nom_fichier))
    page.get_by_role("button", name="Lire le fichier").click()
    page.wait_for_load_state("networkidle")


def test_correspondance_apercu_essai_et_import_d_un_xlsx_aux_colonnes_renommees(personas, connecter, live_server):
    page = connecter(personas.admin)
    page.goto(live_server.url + "/")
    _deposer(page, "France Travail : extrait de demandeurs d'emploi", "extrait-france-travail.xlsx")

    assert "en-tête lu ligne 4" in page.content()
    for champ, colonne in CORRESPONDANCE.items():
        page.locator(f"select[name={champ}]").select_option(label=colonne)
    page.get_by_role("button", name="Enregistrer et voir l'aperçu").click()

    apercu = page.locator("#apercu")
    assert "Mathilde" in apercu.inner_text() and "17/05/1990" in apercu.inner_text()
    expect(apercu).to_contain_text("08/12/1982", use_inner_text=True)
    page.get_by_role("button", name="Lancer l'essai à blanc").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("#essai-reussi")).to_contain_text("Essai à blanc réussi", use_inner_text=True)
    assert not Personne.objects.exists()
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("#importe")).to_contain_text("Import terminé", use_inner_text=True)
    expect(page.locator("#importe")).to_contain_text("2 personnes créées", use_inner_text=True)
    assert sorted(Personne.objects.values_list("identifiant_ft", flat=True)) == ["1234567A", "2345678B"]
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le rapport (CSV)").click()
    assert telechargement.value.suggested_filename.startswith("rapport-import-")

    # La correspondance est enregistrée : le fichier suivant de la même source la reprend.
    _deposer(page, "France Travail : extrait de demandeurs d'emploi", "extrait-france-travail.xlsx")
    assert page.locator("select[name=identifiant_ft]").input_value() == "Réf. demandeur"


def test_un_mauvais_fichier_est_refuse_en_entier_avec_les_raisons_par_ligne(personas, connecter, live_server):
    page = connecter(personas.admin)
    page.goto(live_server.url + "/")
    _deposer(page, "CAF : nouveaux bénéficiaires du RSA", "liste-mauvaise.csv")
    page.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    page.get_by_role("button", name="Lancer l'essai à blanc").click()
    page.wait_for_load_state("networkidle")

    expect(page.locator("#refus")).to_contain_text("Fichier refusé en entier", use_inner_text=True)
    lignes = page.locator("#resultats tbody tr")
    expect(lignes).to_have_count(3)
    texte = page.locator("#resultats").inner_text()
    assert "31/02/1980" in texte
    assert "hors du vôtre" in texte
    assert "colonne « Nom » : valeur obligatoire manquante" in texte
    expect(page.get_by_role("button", name="Importer")).to_have_count(0)
    assert not Personne.objects.exists()
