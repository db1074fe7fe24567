"""Services de l'agenda : planifier, modifier, annuler, saisir la présence (chaque règle)."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from binome.accompagnement.enums import EtatParcours, MotifSortie, PresenceContact, TypeContact, TypeEvenement
from binome.accompagnement.models import Contact, Evenement, Personne
from binome.agenda import services
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from binome.core.concurrence import jeton_version
from tests.accompagnement.factories import parcours_du_binome
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


@pytest.fixture
def parcours(personas):
    aujourdhui = timezone.localdate()
    return parcours_du_binome(
        personas,
        date_reperage=aujourdhui - 90 * J,
        date_entree=aujourdhui - 60 * J,
        date_fin_prevue=aujourdhui + 300 * J,
    )


def _planifier(acteur, parcours, **champs):
    valeurs = {
        "debut": timezone.now() + 3 * J,
        "duree_minutes": 45,
        "canal": CanalRendezVous.PRESENTIEL,
        "lieu": "Agence d'Aurillac, bureau 3",
        "objet": "Point d'étape",
    }
    valeurs.update(champs)
    return services.rendez_vous_planifier(acteur=acteur, parcours=parcours, **valeurs)


def _passe(rendez_vous, jours=1):
    RendezVous.objects.filter(pk=rendez_vous.pk).update(debut=timezone.now() - jours * J)
    rendez_vous.refresh_from_db()
    return rendez_vous


def _erreurs(exc) -> dict:
    return exc.value.message_dict


# --- Planifier -------------------------------------------------------------------------------------------------


def test_planifier_individuel_par_defaut_l_acteur(personas, parcours, django_capture_on_commit_callbacks):
    with mock.patch("binome.agenda.envois.rendez_vous_annonce") as annonce:
        with django_capture_on_commit_callbacks(execute=True):
            rdv = _planifier(personas.conseiller, parcours)
    assert rdv.statut == StatutRendezVous.PLANIFIE
    assert rdv.sequence == 0
    assert list(rdv.professionnels.all()) == [personas.conseiller]
    assert rdv.organisateur == rdv.cree_par == personas.conseiller
    annonce.assert_called_once_with(rendez_vous_id=rdv.pk, motif="planifie")
    ligne = rdv.history.first()
    assert ligne.history_user == personas.conseiller and ligne.history_change_reason == "Planification"
    evenement = Evenement.objects.get(parcours=parcours, type=TypeEvenement.RENDEZ_VOUS)
    assert evenement.libelle.startswith("Rendez-vous planifié")
    assert "étape" not in evenement.libelle  # l'objet ne va jamais dans la chronologie


def test_planifier_tripartite_attend_le_conseiller_et_le_referent(personas, parcours):
    rdv = _planifier(personas.travailleur_social, parcours, type=TypeRendezVous.TRIPARTITE)
    assert set(rdv.professionnels.all()) == {personas.conseiller, personas.travailleur_social}


def test_tripartite_refuse_si_le_binome_est_incomplet(personas):
    parcours = parcours_du_binome(personas)
    type(parcours).objects.filter(pk=parcours.pk).update(referent_social=None, organisation_referent=None)
    parcours.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        _planifier(personas.conseiller, parcours, type=TypeRendezVous.TRIPARTITE)
    assert "référent social" in _erreurs(exc)["type"][0]
    assert not RendezVous.objects.exists()


def test_tripartite_sans_l_un_des_deux_refuse(personas, parcours):
    with pytest.raises(ValidationError) as exc:
        _planifier(personas.conseiller, parcours, type=TypeRendezVous.TRIPARTITE, professionnels=[personas.conseiller])
    assert "professionnels" in _erreurs(exc)


def test_professionnels_hors_du_binome_refuses(personas, parcours):
    with pytest.raises(ValidationError) as exc:
        _planifier(personas.conseiller, parcours, professionnels=[personas.conseiller_calvados])
    assert "professionnels" in _erreurs(exc)


@pytest.mark.parametrize(
    ("champs", "champ_en_erreur"),
    [
        ({"debut": timezone.now() - J}, "debut"),
        ({"debut": datetime.datetime(2030, 1, 1, 10)}, "debut"),  # noqa: DTZ001 (sans fuseau)
        ({"debut": None}, "debut"),
        ({"duree_minutes": 4}, "duree_minutes"),
        ({"duree_minutes": 481}, "duree_minutes"),
        ({"canal": "PIGEON"}, "canal"),
        ({"objet": "   "}, "objet"),
        ({"objet": "x" * 201}, "objet"),
        ({"lieu": ""}, "lieu"),
        ({"canal": CanalRendezVous.VISIO, "lieu": ""}, "lien_visio"),
        ({"canal": CanalRendezVous.VISIO, "lien_visio": "http://visio.exemple.fr/abc"}, "lien_visio"),
        ({"canal": CanalRendezVous.TELEPHONE, "lieu": "", "telephone": "appelez-moi"}, "telephone"),
        ({"type": "COLLECTIF"}, "type"),
    ],
)
def test_planifier_refuse_chaque_champ_invalide(personas, parcours, champs, champ_en_erreur):
    with pytest.raises(ValidationError) as exc:
        _planifier(personas.conseiller, parcours, **champs)
    assert champ_en_erreur in _erreurs(exc)
    assert not RendezVous.objects.exists()


def test_visio_telephone_et_domicile_sans_lieu(personas, parcours):
    visio = _planifier(
        personas.conseiller, parcours, canal=CanalRendezVous.VISIO, lieu="", lien_visio="https://visio.exemple.fr/a"
    )
    telephone = _planifier(personas.conseiller, parcours, canal=CanalRendezVous.TELEPHONE, lieu="")
    assert visio.lien_visio and telephone.lieu == ""


def test_planifier_exige_de_pouvoir_modifier_le_parcours(personas, parcours):
    for acteur in (personas.conseiller_calvados, personas.admin, personas.pilote, personas.partenaire):
        with pytest.raises(PermissionDenied):
            _planifier(acteur, parcours)


def test_planifier_refuse_un_parcours_clos_ou_anonymise(personas):
    clos = parcours_du_binome(
        personas,
        etat=EtatParcours.SORTI,
        date_sortie=timezone.localdate() - J,
        motif_sortie=MotifSortie.EMPLOI_DURABLE,
    )
    with pytest.raises(ValidationError, match="clos"):
        _planifier(personas.conseiller, clos)
    anonymise = parcours_du_binome(personas)
    Personne.objects.filter(pk=anonymise.personne_id).update(anonymise_le=timezone.now())
    anonymise.personne.refresh_from_db()
    with pytest.raises(ValidationError, match="anonymisé"):
        _planifier(personas.conseiller, anonymise)


def test_remplacer_un_rendez_vous_manque(personas, parcours):
    manque = RendezVousFactory(parcours=parcours, statut=StatutRendezVous.MANQUE, organisateur=personas.conseiller)
    nouveau = _planifier(personas.conseiller, parcours, remplace=manque)
    assert nouveau.remplace == manque
    encore_planifie = RendezVousFactory(parcours=parcours, organisateur=personas.conseiller)
    with pytest.raises(ValidationError) as exc:
        _planifier(personas.conseiller, parcours, remplace=encore_planifie)
    assert "remplace" in _erreurs(exc)


# --- Modifier ----------------------------------------------------------------------------------------------------


def test_modifier_la_date_incremente_la_sequence_et_previent(personas, parcours, django_capture_on_commit_callbacks):
    rdv = _planifier(personas.conseiller, parcours)
    with mock.patch("binome.agenda.envois.rendez_vous_annonce") as annonce:
        with django_capture_on_commit_callbacks(execute=True):
            rdv = services.rendez_vous_modifier(
                acteur=personas.travailleur_social, rendez_vous=rdv, debut=rdv.debut + J, version=jeton_version(rdv)
            )
    assert rdv.sequence == 1
    annonce.assert_called_once_with(rendez_vous_id=rdv.pk, motif="modifie")
    assert rdv.history.first().history_user == personas.travailleur_social


@pytest.mark.parametrize(
    "changement",
    [
        {"duree_minutes": 60},
        {"canal": CanalRendezVous.TELEPHONE},
        {"lieu": "Mairie de Mauriac"},
        {"telephone": "04 71 00 00 00"},
    ],
)
def test_chaque_changement_de_l_invitation_incremente_la_sequence(personas, parcours, changement):
    rdv = _planifier(personas.conseiller, parcours)
    rdv = services.rendez_vous_modifier(acteur=personas.conseiller, rendez_vous=rdv, **changement)
    assert rdv.sequence == 1


def test_changer_l_objet_seul_ne_renvoie_pas_l_invitation(personas, parcours, django_capture_on_commit_callbacks):
    rdv = _planifier(personas.conseiller, parcours)
    with mock.patch("binome.agenda.envois.rendez_vous_annonce") as annonce:
        with django_capture_on_commit_callbacks(execute=True):
            rdv = services.rendez_vous_modifier(acteur=personas.conseiller, rendez_vous=rdv, objet="Bilan")
    assert rdv.sequence == 0 and rdv.objet == "Bilan"
    annonce.assert_not_called()


def test_modifier_verrou_optimiste(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    jeton = jeton_version(rdv)
    services.rendez_vous_modifier(acteur=personas.travailleur_social, rendez_vous=rdv, objet="Autre objet")
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_modifier(acteur=personas.conseiller, rendez_vous=rdv, duree_minutes=90, version=jeton)
    assert exc.value.code == "modifie_entre_temps"
    rdv.refresh_from_db()
    assert rdv.duree_minutes == 45 and rdv.sequence == 0


def test_modifier_seulement_un_rendez_vous_planifie(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    services.rendez_vous_annuler(acteur=personas.conseiller, rendez_vous=rdv, motif="Empêchement")
    with pytest.raises(ValidationError, match="annulé"):
        services.rendez_vous_modifier(acteur=personas.conseiller, rendez_vous=rdv, duree_minutes=60)


def test_modifier_refuse_une_date_passee(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_modifier(acteur=personas.conseiller, rendez_vous=rdv, debut=timezone.now() - J)
    assert "debut" in _erreurs(exc)


def test_modifier_exige_le_droit_d_ecrire(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    with pytest.raises(PermissionDenied):
        services.rendez_vous_modifier(acteur=personas.admin, rendez_vous=rdv, duree_minutes=60)


# --- Annuler -----------------------------------------------------------------------------------------------------


def test_annuler(personas, parcours, django_capture_on_commit_callbacks):
    rdv = _planifier(personas.conseiller, parcours)
    with mock.patch("binome.agenda.envois.rendez_vous_annonce") as annonce:
        with django_capture_on_commit_callbacks(execute=True):
            rdv = services.rendez_vous_annuler(acteur=personas.conseiller, rendez_vous=rdv, motif="Grève des bus")
    assert rdv.statut == StatutRendezVous.ANNULE and rdv.annule_le is not None and rdv.sequence == 1
    assert rdv.motif_annulation == "Grève des bus"
    annonce.assert_called_once_with(rendez_vous_id=rdv.pk, motif="annule")
    assert rdv.history.first().history_change_reason == "Annulation"


def test_annuler_exige_un_motif_et_un_rendez_vous_a_venir(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_annuler(acteur=personas.conseiller, rendez_vous=rdv, motif="  ")
    assert "motif" in _erreurs(exc)
    _passe(rdv)
    with pytest.raises(ValidationError, match="commencé"):
        services.rendez_vous_annuler(acteur=personas.conseiller, rendez_vous=rdv, motif="Trop tard")


# --- Présence ----------------------------------------------------------------------------------------------------


def test_presence_ecrit_le_contact_dans_la_meme_transaction(personas, parcours):
    rdv = _passe(_planifier(personas.conseiller, parcours, type=TypeRendezVous.TRIPARTITE))
    contact = services.rendez_vous_enregistrer_presence(
        acteur=personas.travailleur_social,
        rendez_vous=rdv,
        presence=PresenceContact.HONORE,
        note="Démarches avancées.",
        prochaine_date=timezone.localdate() + 14 * J,
    )
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.HONORE and rdv.contact == contact
    assert contact.type == TypeContact.TRIPARTITE and contact.canal == rdv.canal
    assert contact.date == timezone.localdate(rdv.debut) and contact.auteur == personas.travailleur_social
    assert set(contact.participants.all()) == {personas.conseiller, personas.travailleur_social}
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le == contact.date
    assert Evenement.objects.filter(parcours=parcours, type=TypeEvenement.CONTACT).count() == 1


@pytest.mark.parametrize("presence", [StatutRendezVous.MANQUE, StatutRendezVous.EXCUSE])
def test_presence_manquee_ou_excusee(personas, parcours, presence):
    rdv = _passe(_planifier(personas.conseiller, parcours))
    contact = services.rendez_vous_enregistrer_presence(acteur=personas.conseiller, rendez_vous=rdv, presence=presence)
    rdv.refresh_from_db()
    assert rdv.statut == presence and contact.presence == presence and contact.type == TypeContact.INDIVIDUEL


def test_presence_rien_n_est_ecrit_si_le_contact_echoue(personas, parcours):
    rdv = _passe(_planifier(personas.conseiller, parcours))
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_enregistrer_presence(
            acteur=personas.conseiller, rendez_vous=rdv, presence=PresenceContact.HONORE, note="x" * 2001
        )
    assert "note" in _erreurs(exc)
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.PLANIFIE and rdv.contact is None
    assert not Contact.objects.exists()


def test_presence_rien_n_est_ecrit_si_le_rendez_vous_echoue_apres_le_contact(personas, parcours):
    rdv = _passe(_planifier(personas.conseiller, parcours))
    with mock.patch("binome.agenda.services.presence.sauver", side_effect=RuntimeError("panne")):
        with pytest.raises(RuntimeError):
            services.rendez_vous_enregistrer_presence(
                acteur=personas.conseiller, rendez_vous=rdv, presence=PresenceContact.HONORE
            )
    assert not Contact.objects.exists()
    assert Personne.objects.get(pk=parcours.personne_id).dernier_contact_le is None


def test_presence_seulement_apres_le_debut(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours)
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_enregistrer_presence(acteur=personas.conseiller, rendez_vous=rdv, presence="HONORE")
    assert "presence" in _erreurs(exc)


def test_presence_une_seule_fois_et_valeur_connue(personas, parcours):
    rdv = _passe(_planifier(personas.conseiller, parcours))
    with pytest.raises(ValidationError) as exc:
        services.rendez_vous_enregistrer_presence(acteur=personas.conseiller, rendez_vous=rdv, presence="ANNULE")
    assert "presence" in _erreurs(exc)
    services.rendez_vous_enregistrer_presence(acteur=personas.conseiller, rendez_vous=rdv, presence="HONORE")
    with pytest.raises(ValidationError, match="honoré"):
        services.rendez_vous_enregistrer_presence(acteur=personas.conseiller, rendez_vous=rdv, presence="MANQUE")


def test_presence_exige_le_droit_d_ecrire(personas, parcours):
    rdv = _passe(_planifier(personas.conseiller, parcours))
    with pytest.raises(PermissionDenied):
        services.rendez_vous_enregistrer_presence(acteur=personas.admin, rendez_vous=rdv, presence="HONORE")


def test_la_meme_heure_a_la_minute_ne_renvoie_pas_d_invitation(personas, parcours):
    rdv = _planifier(personas.conseiller, parcours, debut=timezone.now() + 3 * J)  # avec secondes
    rdv = services.rendez_vous_modifier(
        acteur=personas.conseiller, rendez_vous=rdv, debut=rdv.debut.replace(second=0, microsecond=0), objet="Bilan"
    )
    assert rdv.sequence == 0 and rdv.objet == "Bilan"
