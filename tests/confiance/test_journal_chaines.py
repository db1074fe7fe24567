"""Chaînes scellées du journal des accès : quelques chaînes par département (et « plateforme »), lignes et têtes
scellées par HMAC avec une clé hors de la base. Quelqu'un qui a la base mais pas la clé ne peut ni tronquer une
chaîne (supprimer les dernières lignes et réécrire la tête), ni modifier une ligne, sans que la vérification le
signale."""

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from binome.confiance.journal import journaliser, resceller_tetes_anciennes
from binome.confiance.models import Action, ChaineJournal, EntreeJournal
from binome.confiance.routeur import RouteurJournal
from binome.confiance.scellement import nom_chaine, partitions
from binome.confiance.verification import verifier_chaine

pytestmark = pytest.mark.django_db


def _ecrire(n, departement="15"):
    return [
        journaliser(action=Action.LECTURE, finalite="Test", objet=("test.objet", i), departement=departement)
        for i in range(n)
    ]


def _sql(requete, parametres=()):
    with connection.cursor() as curseur:
        curseur.execute(requete, list(parametres))


def _tronquer(entrees, garder):
    """L'attaquant (accès à la base, pas à la clé) supprime les dernières lignes et réécrit la tête."""
    derniere = entrees[garder - 1]
    for entree in entrees[garder:]:
        _sql("DELETE FROM confiance_entreejournal WHERE id = %s", [entree.pk])
    _sql(
        "UPDATE confiance_chainejournal SET sequence = %s, derniere_empreinte = %s WHERE nom = %s",
        [derniere.sequence, derniere.empreinte, derniere.chaine],
    )


def test_une_seule_partition_garde_les_noms_d_avant(db, settings):
    """Une chaîne par département et une pour la plateforme (le réglage d'avant la partition)."""
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 1
    cantal, calvados, plateforme = _ecrire(3, "15"), _ecrire(2, "14"), _ecrire(1, "")
    assert [(e.chaine, e.sequence) for e in cantal] == [("15", 1), ("15", 2), ("15", 3)]
    assert [(e.chaine, e.sequence) for e in calvados] == [("14", 1), ("14", 2)]
    assert (plateforme[0].chaine, plateforme[0].sequence) == ("plateforme", 1)
    assert calvados[1].empreinte_precedente == calvados[0].empreinte
    assert dict(ChaineJournal.objects.values_list("nom", "sequence")) == {"15": 3, "14": 2, "plateforme": 1}
    assert verifier_chaine().intacte


def test_supprimer_les_dernieres_lignes_et_reecrire_la_tete_est_detecte(db):
    entrees = _ecrire(5)
    _ecrire(2, "14")
    _tronquer(entrees, garder=3)
    rapport = verifier_chaine()
    assert not rapport.intacte
    assert any(f"Chaîne {nom_chaine('15')} : tête réécrite sans la clé" in a for a in rapport.anomalies), (
        rapport.anomalies
    )
    assert not any("14" in a for a in rapport.anomalies)  # l'autre chaîne reste intacte


def test_resceller_la_tete_sans_la_bonne_cle_est_detecte(db):
    entrees = _ecrire(4)
    _tronquer(entrees, garder=2)
    tete = ChaineJournal.objects.get(
        nom=nom_chaine("15")
    )  # relue tronquée ; l'identifiant de la vraie clé est recopié
    _sql(
        "UPDATE confiance_chainejournal SET sceau = %s WHERE nom = %s", [tete.calculer_sceau(b"cle-devinee"), tete.nom]
    )
    assert any("tête réécrite sans la clé" in a for a in verifier_chaine().anomalies)


def test_supprimer_les_dernieres_lignes_sans_toucher_la_tete_est_detecte(db):
    entrees = _ecrire(3)
    _sql("DELETE FROM confiance_entreejournal WHERE id = %s", [entrees[-1].pk])
    assert any(f"Fin de chaîne {nom_chaine('15')}" in a for a in verifier_chaine().anomalies)


def test_modifier_une_ligne_et_recalculer_son_empreinte_sans_la_cle_est_detecte(db):
    entrees = _ecrire(3)
    cible = EntreeJournal.objects.get(pk=entrees[1].pk)
    cible.finalite = "falsifié"
    fausse = hashlib.sha256((cible.empreinte_precedente + cible.contenu_canonique()).encode()).hexdigest()
    _sql("UPDATE confiance_entreejournal SET finalite = 'falsifié', empreinte = %s WHERE id = %s", [fausse, cible.pk])
    _sql("UPDATE confiance_entreejournal SET empreinte_precedente = %s WHERE id = %s", [fausse, entrees[2].pk])
    anomalies = verifier_chaine().anomalies
    assert any(f"Ligne {cible.pk} ({nom_chaine('15')} n° 2) : contenu modifié" in a for a in anomalies), anomalies


def test_deplacer_une_ligne_dans_une_autre_chaine_est_detecte(db):
    entrees = _ecrire(2)
    _sql("UPDATE confiance_entreejournal SET departement = '14' WHERE id = %s", [entrees[1].pk])
    assert any(f"Ligne {entrees[1].pk}" in a for a in verifier_chaine().anomalies)


def test_rotation_de_cle(db, settings):
    ancienne = settings.JOURNAL_CLE
    _ecrire(2)
    settings.JOURNAL_CLE, settings.JOURNAL_CLES_ANCIENNES = "nouvelle-cle-" + "x" * 50, [ancienne]
    entrees = _ecrire(2)
    assert entrees[0].cle != EntreeJournal.objects.order_by("sequence").first().cle
    assert verifier_chaine().intacte  # la chaîne continue : les anciennes lignes se vérifient avec l'ancienne clé
    # Les têtes des autres chaînes du département, vides, portent encore l'ancienne clé : la purge les rescelle.
    assert ChaineJournal.objects.filter(cle=entrees[0].cle).count() == 1
    assert resceller_tetes_anciennes() == partitions() - 1
    assert not ChaineJournal.objects.exclude(cle=entrees[0].cle).exists()
    settings.JOURNAL_CLES_ANCIENNES = []
    anomalies = verifier_chaine().anomalies
    assert len(anomalies) == 2 and all("clé inconnue" in a for a in anomalies)


def test_les_ancres_hors_base_detectent_la_remise_en_place_d_une_ancienne_tete(db, tmp_path, capsys):
    ancres = tmp_path / "ancres.json"
    _ecrire(2)
    call_command("verifier_journal", ancres=ancres)
    assert '"sequence": 2' in ancres.read_text()
    copie = ChaineJournal.objects.values().get(nom=nom_chaine("15"))  # copie de la base prise par l'attaquant
    entrees = _ecrire(3)
    call_command("verifier_journal", ancres=ancres)  # relevé hebdomadaire : la tête n° 5 est ancrée
    for entree in entrees:
        _sql("DELETE FROM confiance_entreejournal WHERE id = %s", [entree.pk])
    ChaineJournal.objects.filter(nom=nom_chaine("15")).update(**{k: v for k, v in copie.items() if k != "id"})
    assert verifier_chaine().intacte  # la tête remise en place est authentique : seule l'ancre le voit
    with pytest.raises(CommandError, match="Journal altéré"):
        call_command("verifier_journal", ancres=ancres)
    assert f"Chaîne {nom_chaine('15')} : recul depuis l'ancre (n° 5)" in capsys.readouterr().err


def test_le_routeur_place_les_chaines_dans_la_base_du_journal():
    routeur = RouteurJournal()
    assert routeur.db_for_write(ChaineJournal) == "journal" and routeur.db_for_read(EntreeJournal) == "journal"
    assert routeur.allow_migrate("journal", "confiance", model_name="chainejournal") is True
    assert routeur.allow_migrate("default", "confiance", model_name="chainejournal") is False
    assert routeur.allow_migrate("journal", "accompagnement", model_name="personne") is False


def test_une_tete_falsifiee_n_est_pas_rescellee(db, settings):
    ancienne = settings.JOURNAL_CLE
    _ecrire(1)
    settings.JOURNAL_CLE, settings.JOURNAL_CLES_ANCIENNES = "nouvelle-cle-" + "x" * 50, [ancienne]
    _sql("UPDATE confiance_chainejournal SET sequence = 7 WHERE nom = %s", [nom_chaine("15")])
    assert resceller_tetes_anciennes() == partitions() - 1  # les têtes vides, pas la tête falsifiée
    assert any("tête réécrite sans la clé" in a for a in verifier_chaine().anomalies)
