"""Services des actions collectives : capacité, liste d'attente et promotion, accord obligatoire, doublon refusé,
présences qui écrivent les contacts « collectif » dans une seule transaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Contact, Evenement
from binome.accompagnement.services import contacts as services_contacts
from binome.collectif import envois, services
from binome.collectif.enums import Organisateur, StatutInscription, StatutSeance, ThemeAction
from binome.collectif.models import Inscription
from binome.comptes.models import Role
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome
from tests.collectif.factories import action_du, inscription, seance_de

pytestmark = pytest.mark.django_db


@pytest.fixture
def annonces(monkeypatch):
    """Les messages aux inscrits demandés après le commit : [(fonction, identifiant)]."""
    appels = []
    for nom in ("annoncer_inscription", "annoncer_modification_seance", "annoncer_annulation"):
        monkeypatch.setattr(envois, nom, lambda identifiant, nom=nom: appels.append((nom, identifiant)))
    return appels


def _inscrire(acteur, seance, parcours, **champs):
    return services.inscription_creer(
        acteur=acteur, seance=seance, parcours=parcours, accord_le=champs.pop("accord_le", timezone.localdate())
    )


def test_creer_une_action_et_ses_erreurs_en_francais(personas):
    sophie = personas.travailleur_social
    action = services.action_creer(
        acteur=sophie,
        departement_code="15",
        titre="  Café santé ",
        theme=ThemeAction.SANTE,
        organisateur=Organisateur.DEPARTEMENT,
        description="Échanges autour de la santé.",
        capacite=10,
    )
    assert action.titre == "Café santé" and action.departement_id == "15" and action.history.count() == 1
    with pytest.raises(ValidationError) as erreur:
        services.action_creer(
            acteur=sophie,
            departement_code="15",
            titre="",
            theme=ThemeAction.BUDGET,
            organisateur=Organisateur.PARTENAIRE,
            description="",
            capacite=0,
        )
    messages = erreur.value.message_dict
    assert set(messages) == {"titre", "structure", "description", "capacite"}
    assert messages["structure"] == ["Choisissez la structure partenaire de l'annuaire qui anime l'action."]
    with pytest.raises(PermissionDenied):
        services.action_creer(
            acteur=personas.conseiller_calvados,
            departement_code="15",
            titre="Atelier",
            theme=ThemeAction.EMPLOI,
            organisateur=Organisateur.FRANCE_TRAVAIL,
            description="x",
            capacite=5,
        )


def test_une_seance_se_planifie_dans_le_futur_et_anime_par_defaut_son_auteur(personas):
    sophie = personas.travailleur_social
    action = action_du(personas.cantal, sophie)
    with pytest.raises(ValidationError) as erreur:
        services.seance_creer(
            acteur=sophie, action=action, debut=timezone.now() - datetime.timedelta(hours=1), duree_minutes=90, lieu=""
        )
    assert set(erreur.value.message_dict) == {"debut", "lieu"}
    seance = services.seance_creer(
        acteur=sophie, action=action, debut=timezone.now() + datetime.timedelta(days=3), duree_minutes=90, lieu="MDS"
    )
    assert list(seance.animateurs.all()) == [sophie] and seance.sequence == 0


def test_capacite_liste_d_attente_et_promotion(personas, annonces, django_capture_on_commit_callbacks):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=2))
    parcours = [parcours_du_binome(personas) for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        inscriptions = [_inscrire(sophie, seance, p) for p in parcours]
    assert [i.statut for i in inscriptions] == ["INSCRITE", "INSCRITE", "ATTENTE", "ATTENTE"]
    # La confirmation ne part que pour une place, après le commit.
    assert annonces == [("annoncer_inscription", inscriptions[0].pk), ("annoncer_inscription", inscriptions[1].pk)]
    annonces.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.inscription_desinscrire(acteur=sophie, inscription=inscriptions[1])
    for i in inscriptions:
        i.refresh_from_db()
    assert [i.statut for i in inscriptions] == ["INSCRITE", "DESINSCRITE", "INSCRITE", "ATTENTE"]
    assert annonces == [
        ("annoncer_annulation", inscriptions[1].pk),
        ("annoncer_inscription", inscriptions[2].pk),
    ]
    # Revenue, la personne désinscrite passe en fin de liste d'attente (même ligne : une par séance et parcours).
    revenue = _inscrire(sophie, seance, parcours[1])
    assert revenue.pk == inscriptions[1].pk and revenue.statut == StatutInscription.ATTENTE
    assert revenue.demande_le > inscriptions[3].demande_le


def test_plus_de_places_sur_la_seance_fait_entrer_l_attente(personas, annonces, django_capture_on_commit_callbacks):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=1))
    premiere, seconde = (_inscrire(sophie, seance, parcours_du_binome(personas)) for _ in range(2))
    annonces.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_modifier(acteur=sophie, seance=seance, capacite=2, lieu="Salle des fêtes")
    seconde.refresh_from_db()
    seance.refresh_from_db()
    assert seconde.statut == StatutInscription.INSCRITE and seance.sequence == 1
    assert ("annoncer_modification_seance", seance.pk) in annonces
    assert ("annoncer_inscription", seconde.pk) in annonces
    with pytest.raises(ValidationError) as erreur:
        services.seance_modifier(acteur=sophie, seance=seance, capacite=1)
    assert "capacite" in erreur.value.message_dict
    assert premiere.pk != seconde.pk


def test_l_accord_date_est_obligatoire_et_le_doublon_refuse(personas):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    parcours = parcours_du_binome(personas)
    with pytest.raises(ValidationError) as erreur:
        services.inscription_creer(acteur=sophie, seance=seance, parcours=parcours, accord_le=None)
    assert erreur.value.message_dict["accord_le"] == [
        "Indiquez la date à laquelle la personne a donné son accord pour cette inscription."
    ]
    with pytest.raises(ValidationError):
        services.inscription_creer(
            acteur=sophie, seance=seance, parcours=parcours, accord_le=timezone.localdate() + datetime.timedelta(1)
        )
    assert not Inscription.objects.exists()
    _inscrire(sophie, seance, parcours)
    with pytest.raises(ValidationError, match="déjà inscrite"):
        _inscrire(sophie, seance, parcours)
    assert Inscription.objects.count() == 1


def test_seul_un_parcours_en_cours_que_l_acteur_peut_modifier(personas):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    repere = parcours_du_binome(personas, etat=e.EtatParcours.REPERE)
    with pytest.raises(ValidationError, match="en cours"):
        _inscrire(sophie, seance, repere)
    with pytest.raises(PermissionDenied):
        _inscrire(personas.conseiller_calvados, seance, parcours_du_binome(personas))
    with pytest.raises(PermissionDenied):  # l'administrateur départemental consulte, n'écrit pas
        _inscrire(personas.admin, seance, parcours_du_binome(personas))
    calvados = parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
    )
    with pytest.raises(PermissionDenied):
        _inscrire(sophie, seance, calvados)


def test_une_inscription_repond_a_une_action_de_son_plan(personas):
    from tests.accompagnement.factories import ActionFactory, PlanActionFactory

    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    parcours, autre = parcours_du_binome(personas), parcours_du_binome(personas)
    action_plan = ActionFactory(plan=PlanActionFactory(parcours=parcours))
    action_autre = ActionFactory(plan=PlanActionFactory(parcours=autre))
    with pytest.raises(ValidationError) as erreur:
        services.inscription_creer(
            acteur=sophie, seance=seance, parcours=parcours, accord_le=timezone.localdate(), action_plan=action_autre
        )
    assert "action_plan" in erreur.value.message_dict
    inscrite = services.inscription_creer(
        acteur=sophie, seance=seance, parcours=parcours, accord_le=timezone.localdate(), action_plan=action_plan
    )
    assert inscrite.action_plan == action_plan


def _seance_passee_avec(personas, nombre):
    sophie = personas.travailleur_social
    action = action_du(personas.cantal, sophie, capacite=5)
    seance = seance_de(action, dans_jours=-1)
    seance.animateurs.set([sophie, personas.conseiller])
    autre_referente = f.agent(
        "zoe.autre@exemple.gouv.fr", "Zoé", "Autre", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL
    )
    parcours = [parcours_du_binome(personas) for _ in range(nombre - 1)]
    autre_conseiller = f.agent("luc.autre@exemple.gouv.fr", "Luc", "Autre", personas.cantal.agence, Role.CONSEILLER_FT)
    parcours.append(parcours_du_binome(personas, referent=autre_referente, conseiller=autre_conseiller))
    return seance, [inscription(seance, p, inscrite_par=sophie) for p in parcours]


def test_les_presences_ecrivent_un_contact_collectif_au_journal_de_chacun(personas):
    seance, inscrites = _seance_passee_avec(personas, 3)
    presences = dict(zip([i.pk for i in inscrites], ("HONORE", "MANQUE", "EXCUSE"), strict=True))
    services.seance_saisir_presences(acteur=personas.travailleur_social, seance=seance, presences=presences)
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.TENUE and seance.presences_saisies_le is not None
    for inscrite in inscrites:
        inscrite.refresh_from_db()
        contact = inscrite.contact
        assert contact.parcours_id == inscrite.parcours_id and contact.presence == presences[inscrite.pk]
        assert contact.type == e.TypeContact.COLLECTIF and contact.canal == e.CanalContact.PRESENTIEL
        assert contact.date == timezone.localdate(seance.debut) and contact.note == "Séance collective : Café santé"
        assert set(contact.participants.all()) == {personas.travailleur_social, personas.conseiller}
        assert contact.history.first().history_user == personas.travailleur_social
    # Le contact honoré tient à jour le dernier contact ; chaque contact a sa ligne de chronologie.
    inscrites[0].parcours.personne.refresh_from_db()
    assert inscrites[0].parcours.personne.dernier_contact_le == timezone.localdate(seance.debut)
    assert Evenement.objects.filter(type=e.TypeEvenement.CONTACT).count() == 3


def test_rien_n_est_ecrit_si_une_presence_manque_ou_si_un_contact_echoue(personas, monkeypatch):
    seance, inscrites = _seance_passee_avec(personas, 3)
    sophie = personas.travailleur_social
    with pytest.raises(ValidationError, match="pour chaque personne inscrite"):
        services.seance_saisir_presences(acteur=sophie, seance=seance, presences={inscrites[0].pk: "HONORE"})
    vrai = services_contacts._apres_contact
    appels = []

    def echoue_au_deuxieme(**kwargs):
        appels.append(1)
        if len(appels) == 2:
            raise ValidationError("panne")
        return vrai(**kwargs)

    from binome.collectif.services import seances as module_seances

    monkeypatch.setattr(module_seances, "_apres_contact", echoue_au_deuxieme)
    with pytest.raises(ValidationError, match="panne"):
        services.seance_saisir_presences(acteur=sophie, seance=seance, presences={i.pk: "HONORE" for i in inscrites})
    assert len(appels) == 2 and not Contact.objects.exists()
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.PLANIFIEE
    assert not Inscription.objects.exclude(presence="").exists()


def test_les_presences_d_une_seance_a_venir_ou_par_un_autre_departement_sont_refusees(personas):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie))
    ins = inscription(seance, parcours_du_binome(personas))
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.seance_saisir_presences(acteur=sophie, seance=seance, presences={ins.pk: "HONORE"})
    with pytest.raises(PermissionDenied):
        services.seance_saisir_presences(
            acteur=personas.conseiller_calvados, seance=seance, presences={ins.pk: "HONORE"}
        )
    with pytest.raises(PermissionDenied):
        services.seance_saisir_presences(acteur=personas.admin, seance=seance, presences={ins.pk: "HONORE"})


def test_annuler_une_seance_previent_chaque_inscrit(personas, annonces, django_capture_on_commit_callbacks):
    sophie = personas.travailleur_social
    seance = seance_de(action_du(personas.cantal, sophie, capacite=1))
    inscrites = [_inscrire(sophie, seance, parcours_du_binome(personas)) for _ in range(2)]
    annonces.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.seance_annuler(acteur=sophie, seance=seance)
    seance.refresh_from_db()
    assert seance.statut == StatutSeance.ANNULEE and seance.annulee_le and seance.sequence == 1
    assert annonces == [("annoncer_annulation", i.pk) for i in inscrites]
    with pytest.raises(ValidationError):
        _inscrire(sophie, seance, parcours_du_binome(personas))
