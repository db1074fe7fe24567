"""Journal des accès : ajout seul, chaînage par empreinte, purge à un an, middleware du registre."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from binome.confiance.journal import journaliser, purger_journal
from binome.confiance.models import Action, ChaineJournal, EntreeJournal, JournalImmuable
from binome.confiance.scellement import partitions
from binome.confiance.verification import verifier_chaine
from tests.collectif.factories import inscription_du_dossier
from tests.instances import outils as instances_outils

pytestmark = pytest.mark.django_db


def _ecrire(n, **extra):
    return [journaliser(action=Action.LECTURE, finalite="Test", objet=("test.objet", i), **extra) for i in range(n)]


def test_journaliser_enregistre_qui_role_organisation_quoi_pourquoi(monde):
    p = monde.personas
    entree = journaliser(
        acteur=p.conseiller,
        action=Action.EXPORT,
        finalite="Export test",
        objet=monde.cantal.personne,
        personne=monde.cantal.personne,
    )
    entree.refresh_from_db()
    assert entree.acteur_id == p.conseiller.pk
    assert "Claire" in entree.acteur_libelle
    assert entree.roles == "CONSEILLER_FT"
    assert entree.roles_libelles == "Conseiller France Travail"
    assert "France Travail Saint-Flour (15)" in entree.organisations
    assert entree.personne_id == monde.cantal.personne.pk
    assert entree.departement == "15"
    assert entree.objet_type == "accompagnement.personne"
    assert entree.finalite == "Export test"
    # Aucun nom de la personne accompagnée dans le journal.
    assert "Quatrefages" not in entree.contenu_canonique()


def test_une_entree_ne_se_modifie_ni_ne_se_supprime(monde):
    entree = _ecrire(1)[0]
    entree.finalite = "autre"
    with pytest.raises(JournalImmuable):
        entree.save()
    with pytest.raises(JournalImmuable):
        entree.delete()
    with pytest.raises(JournalImmuable):
        EntreeJournal.objects.filter(pk=entree.pk).update(finalite="x")
    with pytest.raises(JournalImmuable):
        EntreeJournal.objects.all().delete()
    assert EntreeJournal.objects.get(pk=entree.pk).finalite == "Test"


def test_la_chaine_est_intacte_puis_detecte_une_alteration(db):
    entrees = _ecrire(5)
    assert verifier_chaine().intacte
    assert entrees[1].empreinte_precedente == entrees[0].empreinte
    with connection.cursor() as curseur:  # altération hors de l'application
        curseur.execute("UPDATE confiance_entreejournal SET finalite = 'falsifié' WHERE id = %s", [entrees[2].pk])
    rapport = verifier_chaine()
    assert not rapport.intacte
    assert any(f"Ligne {entrees[2].pk}" in a for a in rapport.anomalies)


def test_la_chaine_detecte_une_suppression_au_milieu_et_a_la_fin(db):
    entrees = _ecrire(4)
    with connection.cursor() as curseur:
        curseur.execute("DELETE FROM confiance_entreejournal WHERE id = %s", [entrees[1].pk])
    assert any(f"Ligne {entrees[2].pk}" in a for a in verifier_chaine().anomalies)


def test_la_chaine_detecte_la_suppression_des_dernieres_lignes(db):
    entrees = _ecrire(3)
    with connection.cursor() as curseur:
        curseur.execute("DELETE FROM confiance_entreejournal WHERE id = %s", [entrees[-1].pk])
    assert any("Fin de chaîne" in a for a in verifier_chaine().anomalies)


def test_commande_verifier_journal(db, capsys):
    entrees = _ecrire(2)
    call_command("verifier_journal")
    # La première écriture du département crée les têtes de toutes ses chaînes.
    assert f"Journal intact : 2 lignes vérifiées, {partitions()} chaîne(s)" in capsys.readouterr().out
    with connection.cursor() as curseur:
        curseur.execute("UPDATE confiance_entreejournal SET acteur_libelle = 'x' WHERE id = %s", [entrees[0].pk])
    with pytest.raises(CommandError, match="Journal altéré"):
        call_command("verifier_journal")


def test_purge_a_un_an_garde_une_chaine_valide(db):
    maintenant = timezone.now()
    from freezegun import freeze_time

    with freeze_time(maintenant - datetime.timedelta(days=400)):
        anciennes = _ecrire(3)
    recentes = _ecrire(2)
    assert purger_journal(maintenant=maintenant, simulation=True) == 3
    assert purger_journal(maintenant=maintenant) == 3
    restantes = list(EntreeJournal.objects.order_by("pk"))
    assert [e.pk for e in restantes[:2]] == [e.pk for e in recentes]
    assert restantes[-1].action == Action.PURGE  # la purge est elle-même tracée
    tete = ChaineJournal.objects.get(nom=anciennes[-1].chaine)
    assert (tete.ancre_sequence, tete.ancre_empreinte) == (anciennes[-1].sequence, anciennes[-1].empreinte)
    assert verifier_chaine().intacte
    assert purger_journal(maintenant=maintenant) == 0


# --- Middleware : le registre déclenche l'écriture ---------------------------------------------------------


def test_consulter_une_route_du_registre_ecrit_le_journal(monde, client_de):
    p, dossier = monde.personas, monde.cantal
    client = client_de(p.conseiller)
    url = reverse("confiance:consultations_personne", kwargs={"personne_pk": dossier.personne.pk})
    assert client.get(url).status_code == 200
    entree = EntreeJournal.objects.get()
    assert entree.route == "confiance:consultations_personne"
    assert entree.action == Action.LECTURE
    assert entree.personne_id == dossier.personne.pk
    assert entree.departement == "15"
    assert entree.methode == "GET"
    assert entree.finalite == "Traçabilité : qui a consulté ce dossier"
    assert entree.roles == "CONSEILLER_FT"


def test_un_acces_refuse_n_ecrit_rien(monde, client_de):
    client = client_de(monde.personas.conseiller_calvados)
    url = reverse("confiance:consultations_personne", kwargs={"personne_pk": monde.cantal.personne.pk})
    assert client.get(url).status_code == 404
    assert not EntreeJournal.objects.exists()


def test_un_export_est_journalise_export_et_une_impression_impression(monde, client_de):
    client = client_de(monde.personas.conseiller)
    pk = monde.cantal.personne.pk
    client.get(reverse("confiance:export_personne_json", kwargs={"personne_pk": pk}))
    client.get(reverse("confiance:impression_personne", kwargs={"personne_pk": pk}))
    actions = list(EntreeJournal.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [Action.EXPORT, Action.IMPRESSION]


def test_une_route_non_declaree_d_un_domaine_journalise_est_quand_meme_tracee(monde, rf):
    from binome.confiance import registre

    decl = registre.declaration("accompagnement:route_inventee")
    assert decl is not None and decl.finalite == registre.FINALITE_PAR_DEFAUT
    assert registre.declaration("core:accueil") is None
    assert registre.declaration("accompagnement:personne_creer") is None  # exclusion justifiée


def test_cible_retrouve_la_personne_depuis_chaque_parametre(monde):
    from binome.confiance import registre

    d = monde.cantal
    objets = {
        "personne_pk": d.personne,
        "parcours_pk": d.parcours,
        "orientation_pk": d.orientation,
        "diagnostic_pk": d.diagnostic,
        "frein_pk": d.frein,
        "plan_pk": d.plan,
        "objectif_pk": d.objectif,
        "action_pk": d.action,
        "contact_pk": d.contact,
        "sortie_pk": d.sortie,
        "suspension_pk": d.suspension,
        "coordination_pk": d.coordination,
        "demande_pk": d.coordination,
        "note_pk": d.note_privee,
        "evenement_pk": d.evenement,
        "orientation_service_pk": d.orientation_service,
        "rendez_vous_pk": d.rendez_vous,
        "invitation_pk": d.invitation,
    }
    # Issue 14 : objets des actions collectives et des instances, créés par leurs aides de test (identifiants).
    identifiants = {nom: objet.pk for nom, objet in objets.items()} | {
        "inscription_pk": inscription_du_dossier(d).pk,
        "point_instance_pk": instances_outils.point_du_dossier(d),
        "manquement_pk": instances_outils.manquement_du_dossier(d),
    }
    assert set(identifiants) == set(registre.PERSONNE_DEPUIS_KWARG)
    for nom, ident_objet in identifiants.items():
        _type, ident, personne_id, departement = registre.cible({nom: ident_objet})
        assert (ident, personne_id, departement) == (str(ident_objet), d.personne.pk, "15"), nom
    assert registre.cible({"pk": d.parcours.pk}, registre.REGISTRE["accompagnement:parcours"])[2] == d.personne.pk
    assert registre.cible({"inconnu": 1}) == ("", "", None, "")
