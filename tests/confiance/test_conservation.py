"""Conservation : anonymisation irréversible des dossiers échus, commande, tâche de nuit, indicateurs stables."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Evenement, NotePrivee, Parcours, Personne
from binome.confiance import echeances
from binome.confiance import services as ecritures
from binome.confiance.models import Action, EntreeJournal
from binome.organisations.models import ParametresDepartement

pytestmark = pytest.mark.django_db

DANS_25_MOIS = timezone.localdate() + datetime.timedelta(days=25 * 31)


def _clore(dossier):
    Parcours.objects.filter(pk=dossier.parcours.pk).update(
        etat=e.EtatParcours.SORTI, date_sortie=datetime.date(2025, 6, 1), motif_sortie=e.MotifSortie.EMPLOI_DURABLE
    )
    Personne.objects.filter(pk=dossier.personne.pk).update(dernier_contact_le=datetime.date(2025, 3, 3))


@pytest.fixture
def echu(monde):
    """Le dossier du Cantal est clos depuis longtemps ; celui du Calvados a un contact récent."""
    _clore(monde.cantal)
    _clore(monde.calvados)
    Personne.objects.filter(pk=monde.calvados.personne.pk).update(
        dernier_contact_le=DANS_25_MOIS - datetime.timedelta(days=30)
    )
    return monde


def _textes_en_base(*marqueurs) -> list[str]:
    """Toute occurrence des marqueurs dans une colonne texte de n'importe quelle table (historiques compris)."""
    trouves = []
    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, models.CharField | models.TextField):
                for marqueur in marqueurs:
                    if modele._default_manager.filter(**{f"{champ.name}__icontains": marqueur}).exists():
                        trouves.append(f"{modele._meta.label}.{champ.name} ∋ {marqueur}")
    return trouves


def test_retrancher_mois():
    assert echeances.retrancher_mois(datetime.date(2027, 3, 31), 24) == datetime.date(2025, 3, 31)
    assert echeances.retrancher_mois(datetime.date(2027, 3, 31), 1) == datetime.date(2027, 2, 28)
    assert echeances.retrancher_mois(datetime.date(2028, 3, 29), 1) == datetime.date(2028, 2, 29)
    assert echeances.retrancher_mois(datetime.date(2027, 1, 15), 13) == datetime.date(2025, 12, 15)


def test_selection_par_departement(echu):
    assert list(echeances.personnes_echues("15", DANS_25_MOIS)) == [echu.cantal.personne]
    assert not echeances.personnes_echues("14", DANS_25_MOIS).exists()
    assert not echeances.personnes_echues("15", timezone.localdate()).exists()  # pas encore


def test_duree_reglable_par_departement(echu):
    ParametresDepartement.objects.filter(departement_id="15").update(conservation_mois=36)
    assert not echeances.personnes_echues("15", DANS_25_MOIS).exists()


def test_un_parcours_en_cours_n_est_pas_anonymise_mais_signale(monde):
    Personne.objects.filter(pk=monde.cantal.personne.pk).update(dernier_contact_le=datetime.date(2025, 3, 3))
    assert not echeances.personnes_echues("15", DANS_25_MOIS).exists()
    assert echeances.personnes_echues_en_cours("15", DANS_25_MOIS).count() == 1


def test_une_activite_recente_retient_le_dossier(echu):
    Evenement.objects.create(
        personne=echu.cantal.personne,
        type=e.TypeEvenement.CONTACT,
        date=timezone.make_aware(datetime.datetime.combine(DANS_25_MOIS, datetime.time(9))),
        libelle="Contact",
    )
    assert not echeances.personnes_echues("15", DANS_25_MOIS).exists()


def test_dry_run_montre_sans_rien_changer(echu, capsys):
    from freezegun import freeze_time

    with freeze_time(DANS_25_MOIS):
        call_command("purge_rgpd", "--dry-run")
    sortie = capsys.readouterr().out
    assert "Département 15 : conservation 24 mois" in sortie
    assert "1 dossier(s) à anonymiser" in sortie
    assert f"dossiers n° {echu.cantal.personne.pk}" in sortie
    assert "Simulation : 1 dossier(s) seraient anonymisés. Rien n'a été modifié." in sortie
    assert "Quatrefages" not in sortie
    assert Personne.objects.get(pk=echu.cantal.personne.pk).nom == "Quatrefages"


def _indicateurs():
    from binome.pilotage.indicateurs import Periode, calculer, ventilation

    periode = Periode(datetime.date(2022, 1, 1), datetime.date(2026, 12, 31))
    resultat = {}
    for code in ("15", "14"):
        parcours = Parcours.objects.filter(departement=code)
        codes = [e.MotifSortie.EMPLOI_DURABLE, e.MotifSortie.FORMATION]
        resultat[code] = calculer(parcours, periode, codes)
        resultat[f"{code}-sexe"] = ventilation(parcours, periode, codes, "sexe")
        resultat[f"{code}-age"] = ventilation(parcours, periode, codes, "tranche_age_entree")
    resultat["agregats"] = sorted(
        Parcours.objects.values_list(
            "departement_id",
            "commune_entree__departement_id",
            "sexe",
            "tranche_age_entree",
            "date_entree",
            "date_sortie",
            "motif_sortie",
            "rsa_entree",
            "qpv_entree",
            "niveau_formation_entree",
            "etat",
            "modalite",
            "jours_suspendus",
        ),
        key=str,
    )
    resultat["personnes"] = sorted(
        Personne.objects.values_list("departement_id", "sexe", "commune__departement_id"), key=str
    )
    return resultat


def test_purge_anonymise_irreversiblement_et_garde_les_indicateurs(echu, capsys):
    from freezegun import freeze_time

    avant = _indicateurs()
    dossier = echu.cantal
    assert _textes_en_base("Quatrefages", "NOTESECRETECANTAL", "PRECISIONSECRETECANTAL")
    with freeze_time(DANS_25_MOIS):
        call_command("purge_rgpd")
    assert "1 dossier(s) anonymisé(s)." in capsys.readouterr().out

    personne = Personne.objects.get(pk=dossier.personne.pk)
    assert personne.anonymise_le is not None
    assert (personne.nom, personne.prenom, personne.date_naissance, personne.identifiant_ft) == ("", "", None, "")
    assert (personne.telephone, personne.courriel, personne.adresse) == ("", "", "")
    assert personne.rqth == e.ReponseSensible.NON_RENSEIGNE
    assert personne.tranche_age == e.TrancheAge.DE_30_A_44  # née en 1985
    assert personne.sexe == e.Sexe.FEMME and personne.commune_id == dossier.personne.commune_id
    assert str(personne) == "Personne anonymisée"
    assert not NotePrivee.objects.filter(personne=personne).exists()
    assert not dossier.frein.situations.exists()
    # Plus aucune trace des textes, ni dans les tables métier ni dans les historiques.
    marqueurs = ("Quatrefages", "Ysaline", "NOTESECRETECANTAL", "PRECISIONSECRETECANTAL", "Contact neutre CANTAL")
    assert _textes_en_base(*marqueurs, "Objectif CANTAL", "Motif d'orientation CANTAL", "Demande CANTAL") == []
    assert not Personne.history.filter(id=personne.pk).exists()
    assert not Parcours.history.filter(personne_id=personne.pk).exists()
    # Le dossier du Calvados (contact récent) n'a pas bougé.
    assert Personne.objects.get(pk=echu.calvados.personne.pk).nom == "Brossolette"
    # Chronologie neutre et trace de l'anonymisation.
    assert set(Evenement.objects.filter(personne=personne).values_list("libelle", flat=True)) <= {
        str(label) for label in e.TypeEvenement.labels
    }
    assert EntreeJournal.objects.filter(action=Action.ANONYMISATION, personne_id=personne.pk).count() == 1
    # Les chiffres du pilotage sont identiques.
    assert _indicateurs() == avant


def test_anonymiser_deux_fois_ne_fait_rien(echu):
    personne = echu.cantal.personne
    assert ecritures.anonymiser_personne(personne=personne) is True
    assert ecritures.anonymiser_personne(personne=personne) is False


def test_tache_de_nuit_et_planification(echu, capsys):
    from freezegun import freeze_time

    from binome.confiance import taches

    with freeze_time(DANS_25_MOIS):
        resultat = taches.purge_rgpd.enqueue()
    assert resultat.return_value == 1
    with freeze_time(DANS_25_MOIS):
        call_command("planifier_taches_nocturnes")
    sortie = capsys.readouterr().out
    assert "binome.confiance.taches.purge_rgpd" in sortie or "purge_rgpd : mise en file" in sortie
    assert "purge_journal : mise en file" in sortie
    assert Personne.objects.filter(anonymise_le__isnull=False).count() == 1


def test_planification_inclut_les_taches_de_l_annuaire():
    from binome.confiance.management.commands.planifier_taches_nocturnes import taches_nocturnes

    noms = {t.name for t in taches_nocturnes()}
    assert {"purge_rgpd", "purge_journal"} <= noms
    import binome.ressources.taches as ressources

    if hasattr(ressources, "rappels_verification"):
        assert "rappels_verification" in noms


def test_ce_qui_a_ete_transmis_a_un_partenaire_est_efface(echu):
    from binome.ressources.models import OrientationService
    from tests.ressources import factories as fr

    dossier = echu.cantal
    orientation = OrientationService.objects.create(
        personne=dossier.personne,
        service=fr.service(),
        emetteur=echu.personas.conseiller,
        adhesion_le=datetime.date(2025, 3, 3),
        transmis_prenom="Ysaline",
        transmis_nom="Quatrefages",
        transmis_contact="06 11 22 33 44",
        message="Message de test à effacer",
        expire_le=datetime.date(2025, 4, 3),
    )
    assert ecritures.anonymiser_personne(personne=dossier.personne)
    orientation.refresh_from_db()
    assert (orientation.transmis_nom, orientation.transmis_prenom, orientation.transmis_contact) == ("", "", "")
    assert orientation.message == ""
    assert _textes_en_base("Quatrefages", "Message de test à effacer", "Message au partenaire CANTAL") == []
