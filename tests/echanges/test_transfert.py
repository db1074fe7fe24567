"""Transfert d'un dossier vers le Binôme d'un autre département : paquet signé, import sans doublon (aller-retour
compris), tout ou rien, paquet altéré refusé, notes privées jamais transportées, journal des deux côtés."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from binome.accompagnement import enums as e
from binome.accompagnement.models import Evenement, Parcours, Personne
from binome.confiance.models import EntreeJournal
from tests.accompagnement.factories import (
    EvenementFactory,
    NotePriveeFactory,
    SortieFactory,
    parcours_du_binome,
    personne_du,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demenagee(personas):
    """Denise Départ, du Cantal : un parcours sorti pour déménagement, sa chronologie, une note privée."""
    personne = personne_du(
        personas.cantal,
        nom="Départ",
        prenom="Denise",
        identifiant_ft="FT55443322",
        date_naissance=datetime.date(1980, 5, 4),
        droit_rsa="OUVERT",
    )
    parcours = parcours_du_binome(
        personas,
        personne=personne,
        etat=e.EtatParcours.SORTI,
        date_entree=datetime.date(2026, 1, 5),
        date_sortie=datetime.date(2026, 9, 30),
        motif_sortie="DEMENAGEMENT",
    )
    SortieFactory(parcours=parcours)
    for jour, type_, libelle in ((5, e.TypeEvenement.ENTREE, "Entrée"), (9, e.TypeEvenement.SORTIE, "Sortie")):
        EvenementFactory(
            personne=personne,
            parcours=parcours,
            type=type_,
            libelle=libelle,
            date=datetime.datetime(2026, jour, 1, 10, tzinfo=datetime.UTC),
        )
    EvenementFactory(
        personne=personne,
        parcours=parcours,
        type=e.TypeEvenement.NOTE_PRIVEE,
        libelle="Note privée Grumpf",
        cote_social_seulement=True,
    )
    NotePriveeFactory(personne=personne, texte="Secret Grumpf du travailleur social")
    return parcours


def _exporter(personne, vers, fichier, par=""):
    call_command(
        "transferer_dossier",
        "exporter",
        "--personne",
        str(personne.pk),
        "--vers",
        vers,
        "--fichier",
        str(fichier),
        *(["--par", par] if par else []),
    )


def _importer(fichier, departement):
    call_command("transferer_dossier", "importer", "--fichier", str(fichier), "--departement", departement)


def test_aller_retour_sans_doublon(personas, demenagee, tmp_path):
    aller = tmp_path / "aller.json"
    _exporter(demenagee.personne, "14", aller, par=personas.admin.email)
    contenu = aller.read_text()
    assert "Grumpf" not in contenu  # ni note privée ni événement du seul côté social
    assert EntreeJournal.objects.filter(action="EXPORT", departement="15", personne_id=demenagee.personne_id)
    _importer(aller, "14")
    arrivee = Personne.objects.get(departement_id="14")
    assert (arrivee.nom, arrivee.identifiant_ft, arrivee.droit_rsa, arrivee.commune) == (
        "Départ",
        "FT55443322",
        "OUVERT",
        None,
    )
    recu = Parcours.objects.get(personne=arrivee)
    assert (recu.etat, recu.motif_sortie, recu.date_entree) == ("SORTI", "DEMENAGEMENT", datetime.date(2026, 1, 5))
    assert recu.sortie.motif == "DEMENAGEMENT" and recu.conseiller is None
    libelles = set(Evenement.objects.filter(personne=arrivee).values_list("libelle", flat=True))
    assert {"Entrée", "Sortie", "Dossier reçu du département 15"} <= libelles
    assert not any("Grumpf" in libelle for libelle in libelles)
    assert EntreeJournal.objects.filter(action="SAISIE", departement="14", personne_id=arrivee.pk)

    # Le même paquet reçu deux fois : rien de plus.
    compte = (Personne.objects.count(), Parcours.objects.count(), Evenement.objects.count())
    _importer(aller, "14")
    assert (Personne.objects.count(), Parcours.objects.count(), Evenement.objects.count()) == compte

    # Retour dans le Cantal : la personne est rapprochée, son parcours reconnu, la chronologie sans doublon.
    retour = tmp_path / "retour.json"
    _exporter(arrivee, "15", retour)
    _importer(retour, "15")
    assert Personne.objects.filter(departement_id="15", identifiant_ft="FT55443322").count() == 1
    assert Parcours.objects.filter(personne=demenagee.personne).count() == 1
    entrees = Evenement.objects.filter(personne=demenagee.personne, libelle="Entrée").count()
    assert entrees == 1


def test_paquet_altere_refuse_sans_rien_ecrire(personas, demenagee, tmp_path):
    fichier = tmp_path / "paquet.json"
    _exporter(demenagee.personne, "14", fichier)
    enveloppe = json.loads(fichier.read_text())
    enveloppe["paquet"]["personne"]["nom"] = "Intrus"
    fichier.write_text(json.dumps(enveloppe))
    avant = (Personne.objects.count(), Parcours.objects.count())
    with pytest.raises(CommandError, match="signature"):
        _importer(fichier, "14")
    assert (Personne.objects.count(), Parcours.objects.count()) == avant


def test_paquet_pour_un_autre_departement_refuse(personas, demenagee, tmp_path):
    fichier = tmp_path / "paquet.json"
    _exporter(demenagee.personne, "14", fichier)
    with pytest.raises(CommandError, match="destiné au département 14"):
        _importer(fichier, "15")


def test_tout_ou_rien(personas, demenagee, tmp_path, monkeypatch):
    """Une erreur au milieu de l'import (après la personne et le parcours) n'écrit rien."""
    from binome.echanges.transfert import services

    fichier = tmp_path / "paquet.json"
    _exporter(demenagee.personne, "14", fichier)

    def panne(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr(services.Evenement.objects, "bulk_create", panne)
    with pytest.raises(RuntimeError):
        _importer(fichier, "14")
    assert not Personne.objects.filter(departement_id="14").exists()
    assert not Parcours.objects.filter(departement_id="14").exists()


def test_un_parcours_ouvert_se_clot_avant_le_transfert(personas, tmp_path):
    ouvert = parcours_du_binome(personas, etat=e.EtatParcours.ACTIF, date_entree=datetime.date(2026, 3, 1))
    with pytest.raises(CommandError, match="déménagement"):
        _exporter(ouvert.personne, "14", tmp_path / "paquet.json")
    assert not (tmp_path / "paquet.json").exists()
