"""Réaffectations groupées : chaque nouvel agent est prévenu UNE fois, dans son prochain résumé (« 12 parcours vous
ont été confiés par … »), jamais par un courriel par parcours."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from binome.accompagnement import services
from binome.accompagnement.models import AvisAffectation, Parcours
from binome.accompagnement.selectors.reaffectation import groupes_reaffectation
from binome.comptes.models import Role
from binome.quotidien import resumes
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.quotidien.faux_a_faire import installer

pytestmark = pytest.mark.django_db

LUNDI = datetime.date(2026, 12, 7)
MARDI = datetime.date(2026, 12, 8)


@pytest.fixture
def jean(personas):
    return f.agent("jean.conseiller@exemple.gouv.fr", "Jean", "Second", personas.cantal.agence, Role.CONSEILLER_FT)


@pytest.fixture
def a_faire(monkeypatch):
    return installer(monkeypatch)


def _reaffecter(personas, parcours, agent):
    qs = Parcours.objects.filter(pk__in=[p.pk for p in parcours])
    [groupe] = [g for g in groupes_reaffectation(personas.encadrant, qs) if g.champ == "conseiller"]
    return services.parcours_reaffecter_en_masse(
        acteur=personas.encadrant, parcours=qs, remplacants={groupe.cle: agent}, confirmer_surcharge=True
    )


def test_douze_parcours_reaffectes_un_seul_resume_aucun_courriel_par_parcours(personas, jean, a_faire):
    # Des noms fixes : un nom tiré au hasard peut être « Jean », le prénom du destinataire.
    parcours = [
        parcours_du_binome(personas, personne=personne_du(personas.cantal, nom=f"Dossier-{lettre}"))
        for lettre in "ABCDEFGHIJKL"
    ]

    assert _reaffecter(personas, parcours, jean) == 12

    assert mail.outbox == []  # aucun courriel par parcours (ni même un seul) au moment de la réaffectation
    assert AvisAffectation.objects.filter(destinataire=jean, signale_le__isnull=True).count() == 12
    assert resumes.envoyer_resumes(LUNDI) == 1  # Jean seul : rien n'attend Claire (fausse page « À faire » vide)
    [message] = mail.outbox
    assert message.to == [jean.email]
    assert "12 parcours vous ont été confiés par Marc" in message.body
    assert message.body.count("parcours vous ont été confiés") == 1
    assert reverse("accompagnement:portefeuille") in message.body
    for p in parcours:
        assert p.personne.nom not in message.body
    # Prévenu une fois : le résumé du lendemain ne le redit pas (et, vide, ne part pas).
    assert resumes.envoyer_resumes(MARDI) == 0
    assert not AvisAffectation.objects.filter(signale_le__isnull=True).exists()


def test_la_reaffectation_d_un_parcours_ecrit_un_avis(personas, jean):
    parcours = parcours_du_binome(personas)

    services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=jean)

    avis = AvisAffectation.objects.get()
    assert (avis.destinataire, avis.parcours, avis.role) == (jean, parcours, "conseiller")
    assert avis.par == personas.encadrant
    assert mail.outbox == []


def test_l_avis_suit_la_transaction_de_la_reaffectation(personas, jean, monkeypatch):
    """Une erreur après l'écriture de l'avis (ici, la chronologie) annule la réaffectation et l'avis ensemble."""
    from binome.accompagnement.services import equipe

    def panne(**kwargs):
        assert AvisAffectation.objects.exists()
        raise RuntimeError("panne")

    monkeypatch.setattr(equipe, "evenement_enregistrer", panne)
    parcours = [parcours_du_binome(personas) for _ in range(2)]
    with pytest.raises(RuntimeError):
        _reaffecter(personas, parcours, jean)
    assert not AvisAffectation.objects.exists()
    assert Parcours.objects.filter(conseiller=jean).count() == 0


def test_un_parcours_repris_avant_le_resume_n_est_pas_annonce(personas, jean, a_faire):
    parcours = parcours_du_binome(personas)
    services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=jean)
    services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=personas.conseiller)

    resumes.envoyer_resumes(LUNDI)

    assert not [m for m in mail.outbox if m.to == [jean.email]]
    assert [m.body for m in mail.outbox if m.to == [personas.conseiller.email]][0].count("1 parcours vous a été") == 1


def test_le_depart_d_un_agent_previent_son_remplacant_une_fois(personas, jean, a_faire):
    parcours = [parcours_du_binome(personas) for _ in range(3)]
    qs = Parcours.objects.filter(pk__in=[p.pk for p in parcours])
    groupes = groupes_reaffectation(personas.admin, qs, agent_sortant=personas.conseiller)
    services.parcours_reaffecter_en_masse(
        acteur=personas.admin,
        parcours=qs,
        remplacants={g.cle: jean for g in groupes},
        agent_sortant=personas.conseiller,
        desactiver=True,
        confirmer_surcharge=True,
    )

    assert resumes.envoyer_resumes(LUNDI) == 1
    assert "3 parcours vous ont été confiés par" in mail.outbox[0].body
