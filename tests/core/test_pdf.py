"""Rendu PDF (WeasyPrint) : seuls les fichiers statiques du projet sont lus, jamais le réseau ni le disque."""

import pytest

from binome.core import pdf


def test_le_chargeur_lit_une_feuille_statique():
    reponse = pdf._chargeur().fetch("file:///static/binome/css/convocation.css")
    assert reponse.content_type == "text/css"
    assert b"@page" in reponse.read()


@pytest.mark.parametrize("url", ["https://exemple.fr/x.css", "file:///etc/passwd", "file:///static/../../etc/passwd"])
def test_le_chargeur_refuse_le_reste(url):
    with pytest.raises(ValueError, match="Ressource refusée"):
        pdf._chargeur().fetch(url)


def test_un_pdf_avec_sa_feuille_de_style(caplog):
    contenu = pdf.rendre_pdf("agenda/convocation.html", _contexte_minimal())
    assert contenu.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.name == "weasyprint" and r.levelname == "ERROR"]


def _contexte_minimal() -> dict:
    vide = dict.fromkeys(
        (
            "structure",
            "structure_telephone",
            "organisateur",
            "organisateur_courriel",
            "fait_a",
            "fait_le",
            "date",
            "heure",
            "duree",
            "ou",
            "lien_visio",
            "dpo",
            "url_donnees_personnelles",
        ),
        "",
    )
    return {**vide, "nom_produit": "Binôme", "entete": [], "destinataire": []}
