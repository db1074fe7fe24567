"""Cycle du parcours : chaque transition, chaque garde, les durées, la ré-entrée et les doublons (services)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from freezegun import freeze_time

from binome.accompagnement import machine, selectors, services
from binome.accompagnement.enums import (
    Cote,
    DecisionDiagnostic,
    EtatParcours,
    Modalite,
    MotifNonRetenu,
    MotifSortie,
    MotifSuspension,
    NiveauFrein,
    ObjetCoordination,
    OrigineOrientation,
    ReponseSensible,
    SituationSortieFSE,
    StatutCoordination,
    StatutOrientation,
    TrancheAge,
    TypeEvenement,
)
from binome.accompagnement.models import Diagnostic, Evenement, Parcours, Personne, Sortie
from binome.comptes.models import Role
from binome.organisations.models import ParametresDepartement
from tests import factories as f
from tests.accompagnement import cycle
from tests.accompagnement.factories import ElementReferentielFactory

pytestmark = pytest.mark.django_db

D = datetime.date
J0 = D(2025, 3, 3)


@pytest.fixture
def horloge():
    with freeze_time("2025-03-03 10:00:00+01:00") as h:
        yield h


def aller_au(horloge, jour: datetime.date):
    horloge.move_to(datetime.datetime(jour.year, jour.month, jour.day, 10, tzinfo=datetime.UTC))


def etat(parcours) -> str:
    return Parcours.objects.get(pk=parcours.pk).etat


def types_evenements(personne) -> list[str]:
    return list(Evenement.objects.filter(personne=personne).order_by("date", "pk").values_list("type", flat=True))


@pytest.fixture
def actif(personas, horloge):
    return cycle.parcours_actif(personas, entree=J0)


# --- Repérage (création) et doublons ------------------------------------------------------------------------


def test_creer_repere_la_personne_et_donne_la_main_a_son_auteur(personas, horloge):
    personne = cycle.enregistrer(personas, nom="  Tartempion ", identifiant_ft="7654321z")
    assert personne.departement_id == "15"
    assert personne.identifiant_ft == "7654321Z"
    assert personne.nom == "Tartempion"
    parcours = personne.parcours.get()
    assert (parcours.etat, parcours.cree_par, parcours.date_reperage) == (EtatParcours.REPERE, personas.conseiller, J0)
    assert types_evenements(personne) == [TypeEvenement.PERSONNE_CREEE, TypeEvenement.REPERAGE]
    assert parcours.history.count() == 1
    assert selectors.personne_pour(personas.conseiller, personne.pk) == personne
    assert selectors.peut_modifier(personas.conseiller, parcours)
    autre = f.agent(
        "autre.conseiller@exemple.gouv.fr", "Autre", "Conseiller", personas.cantal.agence, Role.CONSEILLER_FT
    )
    with pytest.raises(Http404):
        selectors.personne_pour(autre, personne.pk)


@pytest.mark.parametrize("persona", ["pilote", "partenaire", "admin", "encadrant", "conseiller_calvados"])
def test_creer_refuse_hors_prescripteurs_du_departement(personas, horloge, persona):
    with pytest.raises(PermissionDenied):
        cycle.enregistrer(personas, acteur=getattr(personas, persona))
    assert not Personne.objects.exists()


def test_creer_valide_la_saisie(personas, horloge):
    with pytest.raises(ValidationError) as erreur:
        cycle.enregistrer(personas, nom="", date_naissance=D(2030, 1, 1))
    assert set(erreur.value.message_dict) == {"nom", "date_naissance"}
    with pytest.raises(ValidationError) as erreur:
        cycle.enregistrer(personas, date_naissance=D(2012, 1, 1))
    assert "au moins 16 ans" in erreur.value.message_dict["date_naissance"][0]
    assert not Personne.objects.exists()


def test_doublon_meme_identifiant_france_travail_toujours_refuse(personas, horloge):
    cycle.enregistrer(personas)
    with pytest.raises(ValidationError) as erreur:
        services.personne_creer(
            acteur=personas.travailleur_social,
            confirmer_doublon=True,
            nom="Autre",
            prenom="Nom",
            date_naissance=D(1990, 1, 1),
            identifiant_ft="7654321z",
            commune=personas.cantal.communes["murat"],
        )
    assert "identifiant_ft" in erreur.value.message_dict
    assert Personne.objects.count() == 1


def test_doublon_meme_nom_et_naissance_a_confirmer(personas, horloge):
    premiere = cycle.enregistrer(personas)
    valeurs = {
        "nom": "TARTEMPION",  # même nom une fois normalisé
        "prenom": "Zoé",
        "date_naissance": cycle.NAISSANCE,
        "commune": personas.cantal.communes["aurillac"],
    }
    with pytest.raises(ValidationError) as erreur:
        services.personne_creer(acteur=personas.travailleur_social, **valeurs)
    assert erreur.value.code == "doublon_probable"
    assert Personne.objects.count() == 1
    seconde = services.personne_creer(acteur=personas.travailleur_social, confirmer_doublon=True, **valeurs)
    assert seconde.pk != premiere.pk
    assert Personne.objects.count() == 2


def test_selecteur_doublons_ne_montre_que_les_dossiers_accessibles(personas, horloge):
    personne = cycle.enregistrer(personas)
    # Claire (auteur du repérage) ouvre le dossier : le doublon est nommé.
    (doublon,) = selectors.personnes_doublons_probables(
        personas.conseiller, departement="15", identifiant_ft="7654321z", nom="x"
    )
    assert doublon.meme_identifiant_ft and not doublon.meme_nom_et_naissance
    assert doublon.personne == personne
    # Sophie ne l'ouvre pas (aucune orientation encore) : l'existence seule est signalée.
    (doublon,) = selectors.personnes_doublons_probables(
        personas.travailleur_social, departement="15", nom="tartempion", date_naissance=cycle.NAISSANCE
    )
    assert doublon.meme_nom_et_naissance and not doublon.accessible and doublon.personne is None
    # Le Calvados ne cherche pas dans le Cantal ; sans critère, rien.
    calvados = personas.conseiller_calvados
    assert (
        selectors.personnes_doublons_probables(
            calvados, departement="15", nom=cycle.NOM, date_naissance=cycle.NAISSANCE
        )
        == []
    )
    assert selectors.personnes_doublons_probables(personas.conseiller, departement="15", nom="Tartempion") == []


# --- Modification de la personne ----------------------------------------------------------------------------


def test_rqth_reservee_au_cote_social(personas, actif):
    personne = actif.personne
    with pytest.raises(PermissionDenied):
        services.personne_modifier(acteur=personas.conseiller, personne=personne, rqth=ReponseSensible.OUI)
    services.personne_modifier(acteur=personas.travailleur_social, personne=personne, rqth=ReponseSensible.OUI)
    assert Personne.objects.get(pk=personne.pk).rqth == ReponseSensible.OUI
    evenement = Evenement.objects.filter(personne=personne, type=TypeEvenement.PERSONNE_MODIFIEE).get()
    assert evenement.cote_social_seulement
    assert evenement not in selectors.evenements_visibles(personas.conseiller, personne)


def test_modifier_sans_changement_n_ecrit_rien_et_admin_en_lecture_seule(personas, actif):
    personne = actif.personne
    services.personne_modifier(acteur=personas.conseiller, personne=personne, nom=cycle.NOM)
    assert not Evenement.objects.filter(type=TypeEvenement.PERSONNE_MODIFIEE).exists()
    services.personne_modifier(acteur=personas.conseiller, personne=personne, telephone="0471000000")
    evenement = Evenement.objects.get(type=TypeEvenement.PERSONNE_MODIFIEE)
    assert not evenement.cote_social_seulement
    with pytest.raises(PermissionDenied):
        services.personne_modifier(acteur=personas.admin, personne=personne, telephone="0471000001")
    with pytest.raises(ValidationError) as erreur:
        services.personne_modifier(
            acteur=personas.conseiller, personne=personne, commune=personas.calvados.communes["caen"]
        )
    assert "commune" in erreur.value.message_dict


# --- Orientation --------------------------------------------------------------------------------------------


def test_proposer_vers_l_autre_cote(personas, horloge):
    personne = cycle.enregistrer(personas)
    orientation = cycle.orienter(personas, personne)
    assert (orientation.cote_destinataire, orientation.origine) == (Cote.DEPARTEMENT, OrigineOrientation.CONSEILLER_FT)
    assert orientation.organisation_prescripteur == personas.cantal.agence
    parcours = orientation.parcours
    assert (parcours.etat, parcours.date_orientation) == (EtatParcours.ORIENTATION_PROPOSEE, J0)
    assert orientation in selectors.orientations_a_traiter(personas.travailleur_social)
    assert orientation not in selectors.orientations_a_traiter(personas.conseiller)
    # Le côté social propose à France Travail ; une proposition relayée d'un partenaire est tracée comme telle.
    autre = cycle.enregistrer(personas, acteur=personas.travailleur_social, identifiant_ft="", nom="Martin")
    relayee = services.orientation_proposer(
        acteur=personas.travailleur_social,
        personne=autre,
        modalite_proposee=Modalite.SOCIAL_EXCLUSIF,
        motif="Proposition de l'association.",
        relayee_partenaire=True,
    )
    assert (relayee.cote_destinataire, relayee.origine) == (Cote.FRANCE_TRAVAIL, OrigineOrientation.PARTENAIRE)
    assert relayee.parcours.modalite == Modalite.SOCIAL_EXCLUSIF
    assert relayee in selectors.orientations_a_traiter(personas.conseiller)


def test_proposer_gardes(personas, horloge):
    personne = cycle.enregistrer(personas)
    with pytest.raises(ValidationError) as erreur:
        services.orientation_proposer(
            acteur=personas.conseiller, personne=personne, modalite_proposee=Modalite.GLOBAL, motif="  "
        )
    assert "motif" in erreur.value.message_dict
    assert etat(personne.parcours.get()) == EtatParcours.REPERE
    with pytest.raises(PermissionDenied):
        cycle.orienter(personas, personne, acteur=personas.travailleur_social)  # ne voit pas encore le dossier
    cycle.orienter(personas, personne)
    with pytest.raises(ValidationError) as erreur:
        cycle.orienter(personas, personne)
    assert erreur.value.code == "parcours_en_cours"
    assert personne.parcours.get().orientations.count() == 1


def test_planifier_puis_refuser(personas, horloge):
    personne = cycle.enregistrer(personas)
    orientation = cycle.orienter(personas, personne)
    for intrus in (personas.conseiller, personas.conseiller_calvados, personas.pilote, personas.admin):
        with pytest.raises(PermissionDenied):
            services.orientation_planifier_diagnostic(acteur=intrus, orientation=orientation, date_diagnostic=J0)
    with pytest.raises(ValidationError) as erreur:
        services.orientation_planifier_diagnostic(
            acteur=personas.travailleur_social, orientation=orientation, date_diagnostic=J0 - datetime.timedelta(1)
        )
    assert "date_diagnostic" in erreur.value.message_dict
    planifiee = services.orientation_planifier_diagnostic(
        acteur=personas.travailleur_social, orientation=orientation, date_diagnostic=D(2025, 3, 10)
    )
    assert (planifiee.statut, planifiee.traitee_par) == (
        StatutOrientation.DIAGNOSTIC_PLANIFIE,
        personas.travailleur_social,
    )
    with pytest.raises(ValidationError):
        services.orientation_refuser(acteur=personas.travailleur_social, orientation=orientation, motif="")
    refusee = services.orientation_refuser(
        acteur=personas.travailleur_social, orientation=orientation, motif=MotifNonRetenu.FREINS_NON_BLOQUANTS
    )
    assert refusee.statut == StatutOrientation.REFUSEE
    parcours = Parcours.objects.get(pk=orientation.parcours_id)
    assert (parcours.etat, parcours.motif_non_retenu, parcours.non_retenu_le) == (
        EtatParcours.NON_RETENU,
        MotifNonRetenu.FREINS_NON_BLOQUANTS,
        J0,
    )
    with pytest.raises(PermissionDenied):  # sortie de la boîte de réception
        services.orientation_planifier_diagnostic(
            acteur=personas.travailleur_social, orientation=orientation, date_diagnostic=D(2025, 3, 10)
        )


def test_non_retenu_avant_l_entree_seulement(personas, actif, horloge):
    personne = cycle.enregistrer(personas, nom="Durand", identifiant_ft="")
    parcours = personne.parcours.get()
    with pytest.raises(ValidationError):
        services.parcours_non_retenu(acteur=personas.conseiller, parcours=parcours, motif="")
    services.parcours_non_retenu(acteur=personas.conseiller, parcours=parcours, motif=MotifNonRetenu.REFUS_PERSONNE)
    assert etat(parcours) == EtatParcours.NON_RETENU
    with pytest.raises(ValidationError) as erreur:
        services.parcours_non_retenu(acteur=personas.conseiller, parcours=actif, motif=MotifNonRetenu.AUTRE)
    assert erreur.value.code == "transition_interdite"


# --- Diagnostic partagé -------------------------------------------------------------------------------------


@pytest.fixture
def oriente(personas, horloge):
    personne = cycle.enregistrer(personas)
    orientation = cycle.orienter(personas, personne)
    return orientation.parcours


def test_diagnostic_exige_une_orientation(personas, horloge):
    personne = cycle.enregistrer(personas)
    with pytest.raises(ValidationError) as erreur:
        cycle.diagnostiquer(personas, personne.parcours.get(), date=J0, acteur=personas.conseiller)
    assert erreur.value.code == "transition_interdite"


def test_entree_jamais_sans_adhesion_et_rien_d_ecrit(personas, oriente):
    for adhesion in (None, False):
        with pytest.raises(ValidationError) as erreur:
            cycle.diagnostiquer(personas, oriente, date=J0, adhesion=adhesion)
        assert "jamais contre sa volonté" in erreur.value.message_dict["adhesion"][0]
    assert not Diagnostic.objects.exists()
    assert etat(oriente) == EtatParcours.ORIENTATION_PROPOSEE


def test_diagnostic_chaque_domaine_evalue(personas, oriente):
    incomplet = cycle.freins()
    del incomplet["SANTE"]
    with pytest.raises(ValidationError) as erreur:
        cycle.diagnostiquer(personas, oriente, date=J0, freins=incomplet)
    assert list(erreur.value.message_dict) == ["frein_SANTE"]


def test_detail_des_freins_reserve_au_cote_social(personas, oriente):
    situation = ElementReferentielFactory(theme_code="mobilite", libelle="Permis en cours")
    detail = cycle.freins(MOBILITE=NiveauFrein.FORT)
    detail["MOBILITE"].update(situations=[situation.pk], precision="Permis suspendu")
    # Le prescripteur (Claire, côté France Travail) peut mener le diagnostic mais pas saisir le détail social.
    assert not selectors.voit_detail_social(personas.conseiller, oriente)
    with pytest.raises(PermissionDenied):
        cycle.diagnostiquer(personas, oriente, date=J0, acteur=personas.conseiller, freins=detail)
    assert selectors.voit_detail_social(personas.travailleur_social, oriente)
    diagnostic = cycle.diagnostiquer(personas, oriente, date=J0, freins=detail)
    frein = diagnostic.freins.get(domaine="MOBILITE")
    assert (frein.niveau, frein.precision, list(frein.situations.all())) == ("FORT", "Permis suspendu", [situation])
    assert diagnostic.freins.count() == 10
    # Une situation d'un autre domaine est refusée.
    autre = ElementReferentielFactory(theme_code="logement", libelle="Sans logement", domaine_frein="LOGEMENT")
    faux = cycle.freins()
    faux["SANTE"]["situations"] = [autre.pk]
    with pytest.raises(ValidationError):
        cycle.diagnostiquer(personas, oriente, date=J0, freins=faux)


def test_suggestion_enregistree_jamais_appliquee(personas, oriente):
    diagnostic = cycle.diagnostiquer(
        personas,
        oriente,
        date=J0,
        freins=cycle.freins(SANTE="FORT", LOGEMENT="FORT", MOBILITE="FORT"),
        activite_2_dernieres_annees=False,
        decision=DecisionDiagnostic.GLOBAL,
    )
    assert diagnostic.decision_suggeree == DecisionDiagnostic.SOCIAL_EXCLUSIF
    assert diagnostic.decision == DecisionDiagnostic.GLOBAL
    assert etat(oriente) == EtatParcours.DIAGNOSTIC_PARTAGE  # l'entrée attend l'activation du binôme


def test_diagnostic_non_retenu_exige_un_motif(personas, oriente):
    with pytest.raises(ValidationError) as erreur:
        cycle.diagnostiquer(personas, oriente, date=J0, decision=DecisionDiagnostic.NON_RETENU, adhesion=None)
    assert "motif_non_retenu" in erreur.value.message_dict
    cycle.diagnostiquer(
        personas,
        oriente,
        date=J0,
        decision=DecisionDiagnostic.NON_RETENU,
        adhesion=False,
        motif_non_retenu=MotifNonRetenu.REFUS_PERSONNE,
    )
    parcours = Parcours.objects.get(pk=oriente.pk)
    assert (parcours.etat, parcours.motif_non_retenu) == (EtatParcours.NON_RETENU, MotifNonRetenu.REFUS_PERSONNE)
    assert parcours.orientations.get().statut == StatutOrientation.REFUSEE


def test_autre_modalite_france_travail_clot_le_parcours(personas, oriente):
    cycle.diagnostiquer(personas, oriente, date=J0, decision=DecisionDiagnostic.FT_GUIDE, adhesion=None)
    parcours = Parcours.objects.get(pk=oriente.pk)
    assert (parcours.etat, parcours.motif_non_retenu) == (EtatParcours.NON_RETENU, MotifNonRetenu.NON_ELIGIBLE)


# --- Entrée et binôme ---------------------------------------------------------------------------------------


def test_activer_exige_un_diagnostic_qui_decide_l_entree(personas, oriente):
    with pytest.raises(ValidationError) as erreur:
        cycle.activer(personas, oriente, date_entree=J0)
    assert erreur.value.code == "transition_interdite"


def test_activer_designe_le_binome_et_fige_les_caracteristiques(personas, horloge):
    ParametresDepartement.objects.filter(departement_id="15").update(duree_parcours_mois=9)
    parcours = cycle.parcours_actif(personas, entree=J0)
    assert parcours.etat == EtatParcours.ACTIF
    assert (parcours.conseiller, parcours.organisation_conseiller) == (personas.conseiller, personas.cantal.agence)
    assert (parcours.referent_social, parcours.organisation_referent) == (
        personas.travailleur_social,
        personas.cantal.unite,
    )
    assert (parcours.date_entree, parcours.date_fin_prevue) == (J0, D(2025, 12, 3))
    assert (parcours.age_entree, parcours.tranche_age_entree) == (39, TrancheAge.DE_30_A_44)
    assert (parcours.rsa_entree, parcours.qpv_entree, parcours.sexe) == (True, True, "F")
    assert parcours.commune_entree == personas.cantal.communes["saint_flour"]
    assert parcours.orientations.get().statut == StatutOrientation.ACCEPTEE
    # La personne évolue : la copie figée ne bouge pas.
    services.personne_modifier(acteur=personas.conseiller, personne=parcours.personne, beneficiaire_rsa=False)
    assert Parcours.objects.get(pk=parcours.pk).rsa_entree is True


def test_activer_gardes_du_binome_et_de_la_date(personas, oriente, horloge):
    cycle.diagnostiquer(personas, oriente, date=J0)
    with pytest.raises(ValidationError) as erreur:
        services.parcours_activer(
            acteur=personas.travailleur_social,
            parcours=oriente,
            conseiller=personas.conseiller_calvados,
            organisation_conseiller=personas.calvados.agence,
            referent_social=personas.travailleur_social,
            organisation_referent=personas.cantal.unite,
            date_entree=J0,
        )
    assert "conseiller" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        cycle.activer(personas, oriente, date_entree=J0 - datetime.timedelta(days=1))
    assert "date_entree" in erreur.value.message_dict
    with pytest.raises(PermissionDenied):
        cycle.activer(personas, oriente, date_entree=J0, acteur=personas.admin)
    assert etat(oriente) == EtatParcours.DIAGNOSTIC_PARTAGE


def test_activer_en_social_exclusif(personas, horloge):
    parcours = cycle.parcours_actif(personas, entree=J0, decision=DecisionDiagnostic.SOCIAL_EXCLUSIF)
    assert (parcours.etat, parcours.modalite) == (EtatParcours.SOCIAL_EXCLUSIF, Modalite.SOCIAL_EXCLUSIF)


# --- Suspension et reprise : jours suspendus ----------------------------------------------------------------


def test_suspension_reprise_decale_la_fin_prevue(personas, actif, horloge):
    aller_au(horloge, D(2025, 4, 1))
    periode = services.parcours_suspendre(
        acteur=personas.conseiller, parcours=actif, debut=D(2025, 4, 1), motif=MotifSuspension.MALADIE
    )
    assert etat(actif) == EtatParcours.SUSPENDU
    with pytest.raises(ValidationError) as erreur:
        services.parcours_suspendre(
            acteur=personas.conseiller, parcours=actif, debut=D(2025, 4, 1), motif=MotifSuspension.MALADIE
        )
    assert erreur.value.code == "transition_interdite"
    aller_au(horloge, D(2025, 4, 20))
    parcours = services.parcours_reprendre(acteur=personas.travailleur_social, parcours=actif, date=D(2025, 4, 11))
    periode.refresh_from_db()
    assert periode.fin == D(2025, 4, 11)
    assert (parcours.etat, parcours.jours_suspendus) == (EtatParcours.ACTIF, 10)
    assert parcours.date_fin_prevue == D(2026, 3, 13)
    # Deuxième suspension : pas de chevauchement avec la première, cumul des jours.
    with pytest.raises(ValidationError) as erreur:
        services.parcours_suspendre(
            acteur=personas.conseiller, parcours=actif, debut=D(2025, 4, 5), motif=MotifSuspension.AUTRE
        )
    assert "chevauche la précédente (du 01/04/2025 au 11/04/2025)" in erreur.value.message_dict["debut"][0]
    services.parcours_suspendre(
        acteur=personas.conseiller, parcours=actif, debut=D(2025, 4, 15), motif=MotifSuspension.FORMATION_COURTE
    )
    parcours = services.parcours_reprendre(acteur=personas.conseiller, parcours=actif, date=D(2025, 4, 20))
    assert (parcours.jours_suspendus, parcours.date_fin_prevue) == (15, D(2026, 3, 18))
    assert types_evenements(actif.personne).count(TypeEvenement.SUSPENSION) == 2
    # Le motif (donnée potentiellement de santé) n'est pas dans la chronologie.
    assert not Evenement.objects.filter(libelle__icontains="maladie").exists()


def test_suspension_gardes(personas, actif, horloge):
    with pytest.raises(ValidationError) as erreur:
        services.parcours_reprendre(acteur=personas.conseiller, parcours=actif, date=J0)
    assert erreur.value.code == "transition_interdite"
    with pytest.raises(ValidationError) as erreur:
        services.parcours_suspendre(
            acteur=personas.conseiller, parcours=actif, debut=J0 - datetime.timedelta(days=1), motif="MALADIE"
        )
    assert "debut" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.parcours_suspendre(acteur=personas.conseiller, parcours=actif, debut=D(2025, 3, 10), motif="MALADIE")
    assert "dans le futur" in erreur.value.message_dict["debut"][0]
    with pytest.raises(ValidationError):
        services.parcours_suspendre(acteur=personas.conseiller, parcours=actif, debut=J0, motif="")
    with pytest.raises(PermissionDenied):
        services.parcours_suspendre(acteur=personas.admin, parcours=actif, debut=J0, motif="MALADIE")
    assert etat(actif) == EtatParcours.ACTIF


def test_sortie_pendant_une_suspension_clot_la_periode(personas, actif, horloge):
    aller_au(horloge, D(2025, 5, 1))
    services.parcours_suspendre(acteur=personas.conseiller, parcours=actif, debut=D(2025, 4, 1), motif="MALADIE")
    services.parcours_sortir(
        acteur=personas.conseiller,
        parcours=actif,
        date=D(2025, 4, 21),
        motif=MotifSortie.SANTE,
        situation_fse=SituationSortieFSE.EECR01,
    )
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.jours_suspendus) == (EtatParcours.SORTI, 20)
    assert parcours.suspensions.get().fin == D(2025, 4, 21)


# --- Renouvellement : décision conjointe, une seule fois ----------------------------------------------------


def test_renouvellement_accord_des_deux(personas, actif, horloge):
    aller_au(horloge, D(2026, 2, 1))
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="")
    assert "motif" in erreur.value.message_dict
    parcours = services.parcours_renouveler(
        acteur=personas.conseiller, parcours=actif, motif="Formation en cours", accord_personne=True
    )
    assert (parcours.etat, parcours.accord_renouvellement_conseiller_le, parcours.renouvele_le) == (
        EtatParcours.ACTIF,
        D(2026, 2, 1),
        None,
    )
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif)
    assert erreur.value.code == "accord_deja_donne"
    with pytest.raises(PermissionDenied):  # l'encadrant ne donne pas l'accord à la place du binôme
        services.parcours_renouveler(acteur=personas.encadrant_social, parcours=actif)
    parcours = services.parcours_renouveler(acteur=personas.travailleur_social, parcours=actif)
    assert (parcours.etat, parcours.renouvele_le, parcours.motif_renouvellement) == (
        EtatParcours.RENOUVELE,
        D(2026, 2, 1),
        "Formation en cours",
    )
    assert parcours.date_fin_prevue == D(2026, 9, 3)
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif)
    assert erreur.value.code == "deja_renouvele"


def test_renouvellement_une_seule_fois_meme_apres_un_retour(personas, actif, horloge):
    aller_au(horloge, D(2026, 2, 1))
    services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="Projet", accord_personne=True)
    services.parcours_renouveler(acteur=personas.travailleur_social, parcours=actif)
    cycle.basculer_social_exclusif(personas, actif)
    demande = services.coordination_demander(
        acteur=personas.travailleur_social, parcours=actif, objet=ObjetCoordination.RETOUR_DIAGNOSTIC, demande="Prêt."
    )
    services.coordination_repondre(acteur=personas.conseiller, demande=demande, reponse="D'accord.", accord=True)
    services.parcours_retour_diagnostic(acteur=personas.travailleur_social, parcours=actif)
    cycle.diagnostiquer(personas, actif, date=D(2026, 2, 1))
    parcours = cycle.activer(personas, actif, date_entree=None)
    assert parcours.etat == EtatParcours.ACTIF
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="Encore")
    assert erreur.value.code == "deja_renouvele"


def test_renouvellement_depuis_une_suspension_interdit(personas, actif, horloge):
    services.parcours_suspendre(acteur=personas.conseiller, parcours=actif, debut=J0, motif="MALADIE")
    aller_au(horloge, D(2026, 2, 1))
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="x", accord_personne=True)
    assert erreur.value.code == "transition_interdite"


def test_renouvellement_refuse_avant_la_fenetre_avec_sa_date_d_ouverture(personas, actif, horloge):
    """Issue 12, point 14 : le renouvellement était accepté le jour de l'entrée d'un parcours de 12 mois."""
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(
            acteur=personas.conseiller, parcours=actif, motif="Trop tôt", accord_personne=True
        )
    assert erreur.value.code == "hors_fenetre_renouvellement"
    assert "il sera possible à partir du 02/01/2026" in erreur.value.messages[0]
    aller_au(horloge, D(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.parcours_renouveler(
            acteur=personas.conseiller, parcours=actif, motif="Trop tôt", accord_personne=True
        )
    aller_au(horloge, D(2026, 1, 2))
    parcours = services.parcours_renouveler(
        acteur=personas.conseiller, parcours=actif, motif="Dans la fenêtre", accord_personne=True
    )
    assert parcours.accord_renouvellement_conseiller_le == D(2026, 1, 2)


def test_la_fenetre_du_renouvellement_est_un_reglage_du_departement(personas, actif, horloge):
    assert ParametresDepartement.objects.filter(departement_id="15").update(fenetre_renouvellement_jours=30) == 1
    aller_au(horloge, D(2026, 1, 31))
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="x", accord_personne=True)
    assert "les 30 jours" in erreur.value.messages[0] and "à partir du 01/02/2026" in erreur.value.messages[0]


def test_renouvellement_enregistre_l_accord_de_la_personne(personas, actif, horloge):
    aller_au(horloge, D(2026, 2, 1))
    with pytest.raises(ValidationError) as erreur:
        services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="Projet")
    assert "accord_personne" in erreur.value.message_dict
    services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="Projet", accord_personne=True)
    parcours = services.parcours_renouveler(acteur=personas.travailleur_social, parcours=actif)
    assert (parcours.etat, parcours.accord_renouvellement_personne_le) == (EtatParcours.RENOUVELE, D(2026, 2, 1))


def test_un_parcours_renouvele_peut_etre_suspendu_puis_reprend_renouvele(personas, actif, horloge):
    aller_au(horloge, D(2026, 2, 1))
    services.parcours_renouveler(acteur=personas.conseiller, parcours=actif, motif="Projet", accord_personne=True)
    services.parcours_renouveler(acteur=personas.travailleur_social, parcours=actif)
    aller_au(horloge, D(2026, 3, 1))
    services.parcours_suspendre(acteur=personas.conseiller, parcours=actif, debut=D(2026, 3, 1), motif="MALADIE")
    assert etat(actif) == EtatParcours.SUSPENDU
    aller_au(horloge, D(2026, 3, 11))
    parcours = services.parcours_reprendre(acteur=personas.conseiller, parcours=actif, date=D(2026, 3, 11))
    assert (etat(parcours), parcours.date_fin_prevue) == (EtatParcours.RENOUVELE, D(2026, 9, 13))


# --- Social exclusif, coordination, retour vers le diagnostic -----------------------------------------------


def test_un_refus_de_coordination_n_ouvre_pas_le_retour_du_social_exclusif(personas, actif, horloge):
    """Issue 12, point 19 : « Non, pas d'accord… attendons trois mois » débloquait le retour."""
    cycle.basculer_social_exclusif(personas, actif)
    retour = services.coordination_demander(
        acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.RETOUR_DIAGNOSTIC, demande="Reprise ?"
    )
    with pytest.raises(ValidationError) as erreur:  # ni oui ni non : refusé
        services.coordination_repondre(acteur=personas.travailleur_social, demande=retour, reponse="Bof", accord=None)
    assert "accord" in erreur.value.message_dict
    services.coordination_repondre(
        acteur=personas.travailleur_social,
        demande=retour,
        reponse="Non, pas d'accord… attendons trois mois",
        accord=False,
    )
    parcours = Parcours.objects.get(pk=actif.pk)
    assert parcours.coordinations.get(pk=retour.pk).accord is False
    assert "retour_diagnostic" not in machine.actions_possibles(parcours)
    with pytest.raises(ValidationError) as erreur:
        services.parcours_retour_diagnostic(acteur=personas.conseiller, parcours=actif)
    assert erreur.value.code == "coordination_manquante"
    # Une nouvelle demande, acceptée cette fois : le retour s'ouvre, puis se referme une fois fait.
    accord = services.coordination_demander(
        acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.RETOUR_DIAGNOSTIC, demande="Et là ?"
    )
    services.coordination_repondre(acteur=personas.travailleur_social, demande=accord, reponse="Oui.", accord=True)
    services.parcours_retour_diagnostic(acteur=personas.conseiller, parcours=actif)
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.retour_diagnostic_accorde_le) == (EtatParcours.DIAGNOSTIC_PARTAGE, None)
    types = types_evenements(parcours.personne)
    assert types.count(TypeEvenement.REPONSE_COORDINATION) == 2
    assert types[-1] == TypeEvenement.RETOUR_DIAGNOSTIC


def test_social_exclusif_coordination_et_retour(personas, actif, horloge):
    cycle.basculer_social_exclusif(personas, actif)
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.modalite) == (EtatParcours.SOCIAL_EXCLUSIF, Modalite.SOCIAL_EXCLUSIF)
    # France Travail demande un point ; seul le Département répond.
    demande = services.coordination_demander(
        acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.POINT_SITUATION, demande="Où en est-on ?"
    )
    assert (demande.cote_auteur, demande.cote_destinataire) == (Cote.FRANCE_TRAVAIL, Cote.DEPARTEMENT)
    with pytest.raises(PermissionDenied):
        services.coordination_repondre(acteur=personas.conseiller, demande=demande, reponse="Moi-même", accord=True)
    with pytest.raises(PermissionDenied):
        services.coordination_repondre(acteur=personas.admin, demande=demande, reponse="Admin", accord=True)
    repondue = services.coordination_repondre(
        acteur=personas.encadrant_social, demande=demande, reponse="En soins.", accord=False
    )
    assert (repondue.statut, repondue.repondu_par) == (StatutCoordination.REPONDUE, personas.encadrant_social)
    with pytest.raises(ValidationError) as erreur:
        services.coordination_repondre(
            acteur=personas.travailleur_social, demande=demande, reponse="Encore", accord=True
        )
    assert erreur.value.code == "deja_repondue"
    # Le retour exige une demande « retour vers un diagnostic » répondue.
    with pytest.raises(ValidationError) as erreur:
        services.parcours_retour_diagnostic(acteur=personas.conseiller, parcours=actif)
    assert erreur.value.code == "coordination_manquante"
    retour = services.coordination_demander(
        acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.RETOUR_DIAGNOSTIC, demande="Reprise ?"
    )
    services.coordination_repondre(
        acteur=personas.travailleur_social, demande=retour, reponse="Oui, freins levés.", accord=True
    )
    services.parcours_retour_diagnostic(acteur=personas.conseiller, parcours=actif)
    parcours = Parcours.objects.get(pk=actif.pk)
    assert parcours.etat == EtatParcours.DIAGNOSTIC_PARTAGE
    assert parcours.coordinations.get(pk=retour.pk).statut == StatutCoordination.CLOSE
    # Nouveau diagnostic, retour en accompagnement global : l'entrée et sa copie figée sont conservées.
    cycle.diagnostiquer(personas, actif, date=J0)
    parcours = cycle.activer(personas, actif, date_entree=None)
    assert (parcours.etat, parcours.modalite, parcours.date_entree) == (EtatParcours.ACTIF, Modalite.GLOBAL, J0)
    assert parcours.date_fin_prevue == D(2026, 3, 3)


def test_bascule_social_exclusif_decision_conjointe_motivee_et_datee(personas, actif, horloge):
    """Issue 12, point 2 : accord des deux membres du binôme, motif, changement daté, événement propre."""
    with pytest.raises(PermissionDenied):  # un encadrant n'est pas membre du binôme
        services.parcours_basculer_social_exclusif(acteur=personas.encadrant_social, parcours=actif, motif="x")
    with pytest.raises(ValidationError) as erreur:
        services.parcours_basculer_social_exclusif(acteur=personas.conseiller, parcours=actif, motif=" ")
    assert "motif" in erreur.value.message_dict
    services.parcours_basculer_social_exclusif(acteur=personas.conseiller, parcours=actif, motif="Soins longs")
    assert etat(actif) == EtatParcours.ACTIF  # un seul accord : rien ne change encore
    with pytest.raises(ValidationError) as erreur:
        services.parcours_basculer_social_exclusif(acteur=personas.conseiller, parcours=actif)
    assert erreur.value.code == "accord_deja_donne"
    aller_au(horloge, D(2025, 3, 10))
    services.parcours_basculer_social_exclusif(acteur=personas.travailleur_social, parcours=actif)
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.modalite, parcours.modalite_entree) == (
        EtatParcours.SOCIAL_EXCLUSIF,
        Modalite.SOCIAL_EXCLUSIF,
        Modalite.GLOBAL,
    )
    changement = parcours.changements_modalite.get()
    assert (changement.date, changement.motif, changement.decide_par, changement.propose_par) == (
        D(2025, 3, 10),
        "Soins longs",
        personas.travailleur_social,
        personas.conseiller,
    )
    assert changement.history.count() == 2
    dernier = Evenement.objects.filter(parcours=actif).order_by("-date", "-pk").first()
    assert (dernier.type, dernier.libelle) == (
        TypeEvenement.SOCIAL_EXCLUSIF,
        "Passage en accompagnement social exclusif : Soins longs",
    )
    assert TypeEvenement(dernier.type).label == "Passage en accompagnement social exclusif"


def test_coordination_gardes(personas, actif, horloge):
    with pytest.raises(ValidationError) as erreur:
        services.coordination_demander(
            acteur=personas.conseiller, parcours=actif, objet=ObjetCoordination.RETOUR_DIAGNOSTIC, demande="x"
        )
    assert "objet" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.coordination_demander(acteur=personas.conseiller, parcours=actif, objet="AUTRE", demande=" ")
    assert "demande" in erreur.value.message_dict
    with pytest.raises(PermissionDenied):
        services.coordination_demander(acteur=personas.admin, parcours=actif, objet="AUTRE", demande="x")
    cycle.basculer_social_exclusif(personas, actif)
    with pytest.raises(ValidationError) as erreur:  # déjà en social exclusif
        services.parcours_basculer_social_exclusif(acteur=personas.conseiller, parcours=actif, motif="x")
    assert erreur.value.code == "transition_interdite"


# --- Sortie, suivi à 6 mois, ré-entrée ----------------------------------------------------------------------


def test_sortie_gardes(personas, actif, horloge):
    aller_au(horloge, D(2025, 9, 1))
    arguments = {"acteur": personas.conseiller, "parcours": actif, "date": D(2025, 9, 1)}
    with pytest.raises(ValidationError) as erreur:
        services.parcours_sortir(**arguments, motif="", situation_fse=SituationSortieFSE.EECR04)
    assert "motif" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.parcours_sortir(**arguments, motif=MotifSortie.EMPLOI_DURABLE, situation_fse="")
    assert "situation_fse" in erreur.value.message_dict
    with pytest.raises(ValidationError) as erreur:
        services.parcours_sortir(
            acteur=personas.conseiller,
            parcours=actif,
            date=J0 - datetime.timedelta(days=1),
            motif=MotifSortie.EMPLOI_DURABLE,
            situation_fse=SituationSortieFSE.EECR04,
        )
    assert "date" in erreur.value.message_dict
    assert not Sortie.objects.exists()
    assert etat(actif) == EtatParcours.ACTIF
    repere = cycle.enregistrer(personas, nom="Durand", identifiant_ft="").parcours.get()
    with pytest.raises(ValidationError) as erreur:
        services.parcours_sortir(
            acteur=personas.conseiller,
            parcours=repere,
            date=D(2025, 9, 1),
            motif=MotifSortie.ABANDON,
            situation_fse=SituationSortieFSE.EECR01,
        )
    assert erreur.value.code == "transition_interdite"


def test_sortie_suivi_six_mois_et_reentree(personas, actif, horloge):
    aller_au(horloge, D(2025, 9, 1))
    sortie = services.parcours_sortir(
        acteur=personas.conseiller,
        parcours=actif,
        date=D(2025, 8, 29),
        motif=MotifSortie.EMPLOI_DURABLE,
        situation_fse=SituationSortieFSE.EECR04,
        precision="CDI",
    )
    assert sortie.suivi_6_mois_echeance == D(2026, 2, 28)
    parcours = Parcours.objects.get(pk=actif.pk)
    assert (parcours.etat, parcours.date_sortie, parcours.motif_sortie) == (
        EtatParcours.SORTI,
        D(2025, 8, 29),
        MotifSortie.EMPLOI_DURABLE,
    )
    with pytest.raises(ValidationError) as erreur:
        services.parcours_sortir(
            acteur=personas.conseiller,
            parcours=actif,
            date=D(2025, 9, 1),
            motif=MotifSortie.AUTRE,
            situation_fse=SituationSortieFSE.EECR01,
        )
    assert erreur.value.code == "transition_interdite"
    # Suivi à 6 mois : pas avant l'échéance, une seule fois, par le binôme après la sortie.
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_enregistrer(
            acteur=personas.conseiller,
            parcours=actif,
            fait_le=D(2025, 9, 1),
            emploi_6_mois=True,
            situation_amelioree_6_mois=True,
        )
    assert "fait_le" in erreur.value.message_dict
    aller_au(horloge, D(2026, 3, 2))
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_enregistrer(
            acteur=personas.conseiller,
            parcours=actif,
            fait_le=D(2026, 3, 2),
            emploi_6_mois=None,
            situation_amelioree_6_mois=True,
        )
    assert "emploi_6_mois" in erreur.value.message_dict
    sortie = services.suivi_six_mois_enregistrer(
        acteur=personas.travailleur_social,
        parcours=actif,
        fait_le=D(2026, 3, 2),
        emploi_6_mois=True,
        situation_amelioree_6_mois=False,
    )
    assert (sortie.suivi_6_mois_fait_le, sortie.emploi_6_mois, sortie.situation_amelioree_6_mois) == (
        D(2026, 3, 2),
        True,
        False,
    )
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_enregistrer(
            acteur=personas.conseiller,
            parcours=actif,
            fait_le=D(2026, 3, 2),
            emploi_6_mois=True,
            situation_amelioree_6_mois=True,
        )
    assert erreur.value.code == "deja_fait"
    # Ré-entrée : le binôme propose une nouvelle orientation, qui ouvre un nouveau parcours.
    orientation = cycle.orienter(personas, actif.personne)
    nouveau = orientation.parcours
    assert nouveau.pk != actif.pk
    assert (nouveau.etat, nouveau.date_reperage, nouveau.cree_par) == (
        EtatParcours.ORIENTATION_PROPOSEE,
        D(2026, 3, 2),
        personas.conseiller,
    )
    assert etat(actif) == EtatParcours.SORTI
    assert actif.personne.parcours.count() == 2
    assert list(selectors.parcours_de(personas.conseiller, actif.personne)) == [nouveau, parcours]


def test_suivi_six_mois_refuse_avant_la_sortie(personas, actif):
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_enregistrer(
            acteur=personas.conseiller, parcours=actif, fait_le=J0, emploi_6_mois=True, situation_amelioree_6_mois=True
        )
    assert erreur.value.code == "transition_interdite"


# --- Chronologie et actions possibles -----------------------------------------------------------------------


def test_chaque_etape_ecrit_la_chronologie(personas, actif):
    assert types_evenements(actif.personne) == [
        TypeEvenement.PERSONNE_CREEE,
        TypeEvenement.REPERAGE,
        TypeEvenement.ORIENTATION_PROPOSEE,
        TypeEvenement.ORIENTATION_TRAITEE,
        TypeEvenement.DIAGNOSTIC,
        TypeEvenement.ENTREE,
    ]
    assert Parcours.objects.get(pk=actif.pk).history.count() >= 4
