"""Règles des instances : candidats de l'ordre du jour par motif et par territoire, barème des manquements (décret
du 30 mai 2025), droits de chacun, nombre de requêtes des listes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import enums as ea
from binome.instances import ordre_du_jour, services
from binome.instances.enums import (
    MotifInscription,
    NatureInstance,
    NatureManquement,
    StatutManquement,
    SuiteManquement,
)
from binome.instances.models import SeanceInstance
from tests.accompagnement import factories as fa
from tests.instances.outils import instance_du_membre

pytestmark = pytest.mark.django_db


def _seance(personas, *, jours=7, instance=None) -> SeanceInstance:
    return services.seance_creer(
        acteur=personas.admin,
        instance=instance or instance_du_membre(personas),
        date=timezone.now() + datetime.timedelta(days=jours),
        lieu="Aurillac",
    )


def _parcours(personas, **champs):
    aujourdhui = timezone.localdate()
    parcours = fa.parcours_du_binome(personas, date_entree=aujourdhui - datetime.timedelta(days=30), **champs)
    parcours.date_fin_prevue = aujourdhui + datetime.timedelta(days=330)
    parcours.save()
    return parcours


def test_candidats_par_motif_et_par_territoire(personas):
    aujourdhui = timezone.localdate()
    oriente = fa.OrientationFactory(
        parcours=fa.parcours_du_binome(personas, etat=ea.EtatParcours.ORIENTATION_PROPOSEE),
        date_proposition=aujourdhui - datetime.timedelta(days=90),
    ).parcours
    a_renouveler = _parcours(personas)
    a_renouveler.date_fin_prevue = aujourdhui + datetime.timedelta(days=10)
    a_renouveler.save()
    retour = _parcours(personas, etat=ea.EtatParcours.SOCIAL_EXCLUSIF, modalite=ea.Modalite.SOCIAL_EXCLUSIF)
    fa.DemandeCoordinationFactory(parcours=retour, objet=ea.ObjetCoordination.RETOUR_DIAGNOSTIC)
    desaccord = _parcours(personas)
    fa.DemandeCoordinationFactory(parcours=desaccord, statut=ea.StatutCoordination.REPONDUE, accord=False)
    sans_objet = _parcours(personas)
    calvados = fa.parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
    )
    seance = _seance(personas)
    motifs = {c.parcours.pk: c.motif for c in ordre_du_jour.candidats(seance)}
    assert motifs == {
        oriente.pk: MotifInscription.ORIENTATION,
        a_renouveler.pk: MotifInscription.RENOUVELLEMENT,
        retour.pk: MotifInscription.RETOUR_SOCIAL_EXCLUSIF,
        desaccord.pk: MotifInscription.COORDINATION,
    }
    assert sans_objet.pk not in motifs and calvados.pk not in motifs
    # Une instance limitée à une commune ne propose que les dossiers de ses habitants.
    locale = services.instance_creer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        nom="Comité technique de Murat",
        nature=NatureInstance.COMITE_TECHNIQUE,
        communes=[personas.cantal.communes["murat"]],
    )
    assert ordre_du_jour.candidats(_seance(personas, instance=locale)) == []


def _manquement(personas, parcours=None):
    return services.manquement_constater(
        acteur=personas.conseiller,
        parcours=parcours or _parcours(personas),
        date=timezone.localdate() - datetime.timedelta(days=3),
        nature=NatureManquement.ACTIVITE,
        constat="Heures d'activité non réalisées.",
    )


def _avis(personas, manquement, avis=SuiteManquement.SUSPENSION_REMOBILISATION, *, le=None):
    # Par défaut, séance tenue aujourd'hui au début du jour local : déjà passée, et le même jour que `localdate()` à
    # toute heure (une heure avant maintenant tombait la veille entre minuit et une heure).
    seance = SeanceInstance.objects.create(
        instance=instance_du_membre(personas),
        date=le or timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
        lieu="Aurillac",
        cree_par=personas.admin,
    )
    point = services.point_inscrire(
        acteur=personas.admin,
        seance=seance,
        parcours=manquement.parcours,
        motif=MotifInscription.MANQUEMENT,
        manquement=manquement,
    )
    return services.decision_enregistrer(
        acteur=personas.admin, point=point, decision="Avis rendu", avis_manquement=avis
    )


def test_l_avis_suppose_l_invitation_de_la_personne(personas):
    manquement = _manquement(personas)
    with pytest.raises(ValidationError, match="invitée"):
        _avis(personas, manquement)
    services.invitation_enregistrer(
        acteur=personas.conseiller, manquement=manquement, invitee_le=timezone.localdate() - datetime.timedelta(days=1)
    )
    _avis(personas, manquement)
    manquement.refresh_from_db()
    assert manquement.statut == StatutManquement.AVIS_RENDU and manquement.avis_le == timezone.localdate()


def _decide(personas, manquement, **options):
    valeurs = {
        "decision": SuiteManquement.SUSPENSION_REMOBILISATION,
        "decision_le": timezone.localdate(),
        "taux": 50,
        "duree_mois": 2,
        "suspension_debut": timezone.localdate(),
    }
    return services.sanction_decider(acteur=personas.admin, manquement=manquement, **(valeurs | options))


def _pret_a_decider(personas, parcours=None):
    manquement = _manquement(personas, parcours)
    services.invitation_enregistrer(
        acteur=personas.conseiller, manquement=manquement, invitee_le=timezone.localdate(), entendue=True
    )
    _avis(personas, manquement)
    manquement.refresh_from_db()
    return manquement


def test_bareme_de_la_suspension_remobilisation(personas):
    parcours = _parcours(personas)
    premier = _pret_a_decider(personas, parcours)
    with pytest.raises(PermissionDenied):
        services.sanction_decider(
            acteur=personas.conseiller,
            manquement=premier,
            decision=SuiteManquement.CLASSEMENT,
            decision_le=timezone.localdate(),
        )
    with pytest.raises(ValidationError, match="récidive"):
        _decide(personas, premier, decision=SuiteManquement.SUPPRESSION)
    with pytest.raises(ValidationError):
        _decide(personas, premier, taux=20)
    with pytest.raises(ValidationError):
        _decide(personas, premier, duree_mois=3)  # premier manquement : 2 mois au plus
    _decide(personas, premier)
    services.remobilisation_enregistrer(
        acteur=personas.conseiller, manquement=premier, remobilise_le=timezone.localdate()
    )
    # Récidive : jusqu'à 4 mois, ou la suppression.
    second = _pret_a_decider(personas, parcours)
    assert _decide(personas, second, duree_mois=4).statut == StatutManquement.SUSPENDU
    with pytest.raises(ValidationError):
        services.sanction_decider(
            acteur=personas.admin,
            manquement=second,
            decision=SuiteManquement.CLASSEMENT,
            decision_le=timezone.localdate(),
        )


def test_remobilisation_seulement_d_une_suspension(personas):
    manquement = _pret_a_decider(personas)
    _decide(personas, manquement, decision=SuiteManquement.CLASSEMENT)
    with pytest.raises(ValidationError, match="suspension"):
        services.remobilisation_enregistrer(
            acteur=personas.conseiller, manquement=manquement, remobilise_le=timezone.localdate()
        )


def test_le_manquement_concerne_un_beneficiaire_du_rsa_suivi_par_le_referent(personas):
    parcours = _parcours(personas)
    parcours.personne.beneficiaire_rsa = False
    parcours.personne.save()
    with pytest.raises(PermissionDenied):
        _manquement(personas, parcours)
    with pytest.raises(PermissionDenied):
        services.manquement_constater(
            acteur=personas.admin,
            parcours=_parcours(personas),
            date=timezone.localdate(),
            nature=NatureManquement.AUTRE,
            constat="x",
        )


def test_seuls_le_gestionnaire_et_l_animation_preparent_la_seance(personas):
    instance = instance_du_membre(personas)
    for acteur in (personas.membre_instance, personas.conseiller, personas.admin_calvados):
        with pytest.raises(PermissionDenied):
            services.seance_creer(acteur=acteur, instance=instance, date=timezone.now(), lieu="Aurillac")
    services.membre_ajouter(
        acteur=personas.admin,
        instance=instance,
        utilisateur=personas.travailleur_social,
        organisation=personas.cantal.unite,
        role="SECRETARIAT",
    )
    assert services.seance_creer(acteur=personas.travailleur_social, instance=instance, date=timezone.now(), lieu="X")
    with pytest.raises(ValidationError):  # une organisation où il n'a pas d'habilitation
        services.membre_ajouter(
            acteur=personas.admin,
            instance=instance,
            utilisateur=personas.conseiller,
            organisation=personas.cantal.unite,
        )


def test_listes_a_nombre_de_requetes_borne(personas, client_de, django_assert_max_num_queries):
    seance = _seance(personas)
    for _ in range(4):
        services.point_inscrire(
            acteur=personas.admin,
            seance=seance,
            parcours=_parcours(personas),
            motif=MotifInscription.AJOUT_REFERENT,
            precision="Regard croisé",
        )
    client = client_de(personas.membre_instance)
    client.get(reverse("instances:liste"))
    with django_assert_max_num_queries(25):
        assert client.get(reverse("instances:liste")).status_code == 200
    with django_assert_max_num_queries(40):
        assert client.get(reverse("instances:seance", kwargs={"pk": seance.pk})).status_code == 200


def test_l_anonymisation_efface_synthese_decision_et_constat(personas):
    from binome.confiance.services.conservation import anonymiser_personne

    manquement = _pret_a_decider(personas)
    point = manquement.points.get()
    parcours = manquement.parcours
    anonymiser_personne(personne=parcours.personne)
    point.refresh_from_db()
    manquement.refresh_from_db()
    assert (point.synthese, point.avis, point.decision) == ("", "", "—")
    assert manquement.constat == "—" and manquement.observations == ""
    assert not point.history.exclude(decision="—").exists() and not manquement.history.exists()
    assert point.reference  # le procès-verbal garde la référence pseudonyme


def test_le_proces_verbal_est_journalise(personas, client_de):
    from binome.confiance.models import Action, EntreeJournal
    from tests.instances.outils import seance_de_l_equipe

    seance = seance_de_l_equipe(personas, _parcours(personas), close=True)
    client = client_de(personas.membre_instance)
    assert client.get(reverse("instances:proces_verbal", kwargs={"pk": seance.pk})).status_code == 200
    entree = EntreeJournal.objects.get(route="instances:proces_verbal")
    assert entree.action == Action.IMPRESSION and entree.acteur_id == personas.membre_instance.pk
    assert entree.departement == "15" and entree.personne_id is None


def test_la_fiche_de_la_personne_montre_instances_et_manquements(personas, client_de):
    manquement = _pret_a_decider(personas)
    page = client_de(personas.conseiller).get(
        reverse("accompagnement:personne", kwargs={"pk": manquement.parcours.personne_id})
    )
    contenu = page.content.decode()
    assert "Instances et manquements" in contenu
    assert reverse("instances:manquement", kwargs={"pk": manquement.pk}) in contenu
    assert reverse("instances:point", kwargs={"pk": manquement.points.get().pk}) in contenu


def test_l_invitation_se_compare_au_jour_local_de_la_seance(personas):
    """Une séance tenue hier à 0 h 30 (heure de Paris) tombe l'avant-veille en UTC : l'invitation datée d'hier la
    précède bien, et l'avis porte la date locale de la séance."""
    hier = timezone.localdate() - datetime.timedelta(days=1)
    manquement = services.manquement_constater(
        acteur=personas.conseiller,
        parcours=_parcours(personas),
        date=hier - datetime.timedelta(days=2),
        nature=NatureManquement.ACTIVITE,
        constat="Heures d'activité non réalisées.",
    )
    services.invitation_enregistrer(acteur=personas.conseiller, manquement=manquement, invitee_le=hier)
    debut = timezone.make_aware(datetime.datetime.combine(hier, datetime.time(0, 30)))
    assert debut.astimezone(datetime.UTC).date() < hier
    _avis(personas, manquement, le=debut)
    manquement.refresh_from_db()
    assert manquement.statut == StatutManquement.AVIS_RENDU and manquement.avis_le == hier
