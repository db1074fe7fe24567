"""Expéditeur de SMS enfichable : numéro normalisé en E.164, refus clair d'un numéro invalide, console, mémoire."""

import logging

import pytest

from binome.core import sms


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("04-71-12-34-56", "+33471123456"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0692 12 34 56", "+262692123456"),  # La Réunion
        ("0696 12 34 56", "+596696123456"),  # Martinique
        ("+32 470 12 34 56", "+32470123456"),  # international déjà au format
    ],
)
def test_normalisation_e164(saisi, attendu):
    assert sms.normaliser(saisi) == attendu


@pytest.mark.parametrize(
    "saisi", ["", "12", "06 12 34 56", "06 12 34 56 78 9", "+33 6 12 34 56", "téléphone", "+0612"]
)
def test_numero_invalide_refuse_clairement(saisi):
    with pytest.raises(sms.NumeroInvalide, match="invalide"):
        sms.normaliser(saisi)


def test_memoire_garde_les_sms_dans_la_boite(boite_sms):
    envoye = sms.envoyer("06 12 34 56 78", "Rendez-vous  le 5/03\n à 10h30")
    assert boite_sms == [sms.Sms(numero="+33612345678", texte="Rendez-vous le 5/03 à 10h30")] == [envoye]


def test_un_numero_invalide_n_envoie_rien(boite_sms):
    with pytest.raises(sms.NumeroInvalide):
        sms.envoyer("0612", "Rendez-vous")
    assert boite_sms == []


def test_console_ecrit_sur_le_journal_sans_le_numero_complet(settings, caplog, boite_sms, monkeypatch):
    settings.SMS_BACKEND = "binome.core.sms.Console"
    # Un test qui recharge la configuration des journaux (dictConfig) désactive les journaux déjà créés : celui-ci
    # doit écrire quel que soit l'ordre des tests.
    monkeypatch.setattr(logging.getLogger("binome.sms"), "disabled", False)
    with caplog.at_level(logging.INFO, logger="binome.sms"):
        sms.envoyer("06 12 34 56 78", "Rendez-vous le 5/03 à 10h30")
    (enregistrement,) = caplog.records
    assert enregistrement.getMessage() == "SMS (console, non envoyé) vers +336…78 : Rendez-vous le 5/03 à 10h30"
    assert boite_sms == []


class Fournisseur:
    recus = []

    def envoyer(self, numero, texte):
        self.recus.append((numero, texte))


def test_un_fournisseur_se_branche_par_le_reglage(settings):
    settings.SMS_BACKEND = "tests.core.test_sms.Fournisseur"
    sms.envoyer("0471123456", "Bonjour")
    assert Fournisseur.recus == [("+33471123456", "Bonjour")]
