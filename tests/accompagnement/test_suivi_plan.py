"""Plan d'action : versions, heures, référentiel, signature et copie figée, verrou optimiste."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.enums import (
    CotePlan,
    EtatParcours,
    Porteur,
    StatutAction,
    TypeElementReferentiel,
    TypeEvenement,
)
from binome.accompagnement.models import Action, Evenement, Objectif, PlanAction
from binome.organisations.models import ParametresDepartement
from tests.accompagnement.factories import AUJOURDHUI, ElementReferentielFactory, parcours_du_binome

pytestmark = pytest.mark.django_db


@pytest.fixture
def parcours(personas):
    return parcours_du_binome(personas)


@pytest.fixture
def objectif_ref(db):
    return ElementReferentielFactory(
        type=TypeElementReferentiel.OBJECTIF,
        theme_code="mobilite",
        theme_libelle="Mobilité",
        libelle="Accéder à un moyen de transport",
        domaine_frein="MOBILITE",
    )


@pytest.fixture
def action_ref(db):
    return ElementReferentielFactory(
        type=TypeElementReferentiel.ACTION,
        theme_code="emploi",
        theme_libelle="Emploi",
        libelle="Candidater à des offres d'emploi",
        domaine_frein="",
    )


def _plan_garni(personas, parcours, objectif_ref, action_ref):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    objectif = services.objectif_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        element_referentiel=objectif_ref,
        cote=CotePlan.SOCIAL,
        porteur=Porteur.REFERENT_SOCIAL,
    )
    services.action_ajouter(
        acteur=personas.travailleur_social,
        plan=plan,
        objectif=objectif,
        libelle_libre="S'inscrire au garage solidaire",
        cote=CotePlan.PARTENAIRE,
        porteur=Porteur.PARTENAIRE,
        porteur_precision="Mobilité solidaire",
        echeance=AUJOURDHUI + datetime.timedelta(days=30),
    )
    services.action_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        element_referentiel=action_ref,
        cote=CotePlan.EMPLOI,
        porteur=Porteur.PERSONNE,
    )
    plan.refresh_from_db()
    return plan


# --- Versions et heures ------------------------------------------------------------------------------------


def test_premiere_version_prend_les_heures_du_departement(personas, parcours):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(heures_hebdo_rsa=20)
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    assert (plan.version, plan.heures_hebdomadaires, plan.signe_le) == (1, 20, None)
    assert Evenement.objects.filter(parcours=parcours, type=TypeEvenement.PLAN_MODIFIE).count() == 1
    with pytest.raises(ValidationError, match="encore un brouillon"):
        services.plan_creer_version(acteur=personas.travailleur_social, parcours=parcours)


def test_heures_reduites_exigent_un_motif_pour_le_rsa(personas, parcours):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    with pytest.raises(ValidationError) as erreur:
        services.plan_modifier_heures(
            acteur=personas.conseiller, plan=plan, revision=plan.revision, heures_hebdomadaires=8
        )
    assert "motif_reduction_heures" in erreur.value.error_dict
    assert "15 h" in erreur.value.error_dict["motif_reduction_heures"][0].messages[0]
    plan.refresh_from_db()
    assert plan.heures_hebdomadaires == 15
    services.plan_modifier_heures(
        acteur=personas.conseiller,
        plan=plan,
        revision=plan.revision,
        heures_hebdomadaires=8,
        motif_reduction_heures="Garde d'enfant en bas âge",
    )
    plan.refresh_from_db()
    assert (plan.heures_hebdomadaires, plan.motif_reduction_heures) == (8, "Garde d'enfant en bas âge")
    # Revenir au niveau de référence efface le motif devenu sans objet.
    services.plan_modifier_heures(
        acteur=personas.conseiller, plan=plan, revision=plan.revision, heures_hebdomadaires=15
    )
    plan.refresh_from_db()
    assert plan.motif_reduction_heures == ""
    with pytest.raises(ValidationError):
        services.plan_modifier_heures(
            acteur=personas.conseiller, plan=plan, revision=plan.revision, heures_hebdomadaires=36
        )


def test_hors_rsa_pas_de_motif_exige(personas):
    parcours = parcours_du_binome(personas, personne=None)
    parcours.personne.beneficiaire_rsa = False
    parcours.personne.save()
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    services.plan_modifier_heures(
        acteur=personas.conseiller, plan=plan, revision=plan.revision, heures_hebdomadaires=5
    )
    plan.refresh_from_db()
    assert plan.heures_hebdomadaires == 5


def test_le_plan_se_construit_pendant_l_accompagnement(personas):
    repere = parcours_du_binome(personas, etat=EtatParcours.ORIENTATION_PROPOSEE)
    with pytest.raises(ValidationError, match="diagnostic partagé"):
        services.plan_creer_version(acteur=personas.conseiller, parcours=repere)


def test_ni_admin_ni_autre_departement_n_ecrivent(personas, parcours):
    for acteur in (personas.admin, personas.pilote, personas.partenaire, personas.conseiller_calvados):
        with pytest.raises(PermissionDenied):
            services.plan_creer_version(acteur=acteur, parcours=parcours)
    assert not PlanAction.objects.exists()


# --- Objectifs et actions ----------------------------------------------------------------------------------------


def test_referentiel_ou_texte_libre(personas, parcours, objectif_ref, action_ref):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    champs = {"acteur": personas.conseiller, "plan": plan, "cote": CotePlan.EMPLOI, "porteur": Porteur.PERSONNE}
    with pytest.raises(ValidationError) as erreur:
        services.objectif_ajouter(**champs)
    assert "libelle_libre" in erreur.value.error_dict
    with pytest.raises(ValidationError, match="pas les deux"):
        services.objectif_ajouter(**champs, element_referentiel=objectif_ref, libelle_libre="Autre chose")
    with pytest.raises(ValidationError) as erreur:
        services.objectif_ajouter(**champs, element_referentiel=action_ref)  # une action n'est pas un objectif
    assert "element_referentiel" in erreur.value.error_dict
    with pytest.raises(ValidationError):
        services.objectif_ajouter(**champs, libelle_libre="x" * 151)
    objectif = services.objectif_ajouter(**champs, element_referentiel=objectif_ref)
    assert objectif.libelle == "Accéder à un moyen de transport"
    libre = services.objectif_ajouter(**champs, libelle_libre="  Reprendre confiance  ")
    assert libre.libelle == "Reprendre confiance"


def test_action_liee_a_un_service_de_l_annuaire_et_a_un_objectif_du_meme_plan(personas, parcours):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    autre = parcours_du_binome(personas)
    autre_plan = services.plan_creer_version(acteur=personas.conseiller, parcours=autre)
    objectif_etranger = services.objectif_ajouter(
        acteur=personas.conseiller, plan=autre_plan, libelle_libre="Ailleurs", cote="EMPLOI", porteur="PERSONNE"
    )
    with pytest.raises(ValidationError) as erreur:
        services.action_ajouter(
            acteur=personas.conseiller,
            plan=plan,
            objectif=objectif_etranger,
            libelle_libre="Action",
            cote=CotePlan.EMPLOI,
            porteur=Porteur.PERSONNE,
        )
    assert "objectif" in erreur.value.error_dict
    action = services.action_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        libelle_libre="Atelier CV",
        cote=CotePlan.EMPLOI,
        porteur=Porteur.PARTENAIRE,
        service_ressource_id="dora--svc-42",
    )
    assert action.service_ressource_id == "dora--svc-42"


def test_statut_d_une_action(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    action = plan.actions.get(element_referentiel=action_ref)
    services.action_changer_statut(
        acteur=personas.conseiller, action=action, revision=action.revision, statut=StatutAction.REALISEE
    )
    action.refresh_from_db()
    assert action.statut == StatutAction.REALISEE
    assert action.modifie_par == personas.conseiller
    assert Evenement.objects.filter(libelle="Action du plan d'action réalisée").count() == 1
    with pytest.raises(ValidationError):
        services.action_changer_statut(acteur=personas.conseiller, action=action, revision=action.revision, statut="X")


# --- Signature, copie figée, versions ------------------------------------------------------------------------


def test_signature_fige_une_copie_lisible(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    services.plan_signer(acteur=personas.conseiller, plan=plan, revision=plan.revision, signe_le=AUJOURDHUI)
    plan.refresh_from_db()
    assert plan.signe_le == AUJOURDHUI
    copie = plan.copie_figee
    assert copie["version"] == 1
    assert copie["signe_le"] == "2025-03-03"
    assert copie["heures_hebdomadaires"] == 15
    assert copie["conseiller"] == "Claire Conseillère"
    assert copie["referent_social"] == "Sophie Sociale"
    [objectif] = copie["objectifs"]
    assert objectif["libelle"] == "Accéder à un moyen de transport"
    assert objectif["theme"] == "Mobilité"
    assert objectif["cote_libelle"] == "Social"
    [action] = objectif["actions"]
    assert action["libelle"] == "S'inscrire au garage solidaire"
    assert action["porteur_precision"] == "Mobilité solidaire"
    assert action["statut_libelle"] == "À faire"
    assert [a["libelle"] for a in copie["actions_sans_objectif"]] == ["Candidater à des offres d'emploi"]
    assert Evenement.objects.filter(type=TypeEvenement.PLAN_SIGNE, parcours=parcours).exists()


def test_une_version_signee_n_est_plus_modifiable(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    services.plan_signer(acteur=personas.conseiller, plan=plan, revision=plan.revision)
    plan.refresh_from_db()
    action = plan.actions.first()
    with pytest.raises(ValidationError, match="signée"):
        services.plan_modifier_heures(
            acteur=personas.conseiller, plan=plan, revision=plan.revision, heures_hebdomadaires=20
        )
    with pytest.raises(ValidationError, match="signée"):
        services.action_changer_statut(
            acteur=personas.conseiller, action=action, revision=action.revision, statut=StatutAction.EN_COURS
        )
    with pytest.raises(ValidationError, match="signée"):
        services.objectif_ajouter(
            acteur=personas.conseiller, plan=plan, libelle_libre="Après coup", cote="EMPLOI", porteur="PERSONNE"
        )
    with pytest.raises(ValidationError, match="signée"):
        services.plan_signer(acteur=personas.conseiller, plan=plan, revision=plan.revision)


def test_signer_un_plan_vide_est_refuse(personas, parcours):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    with pytest.raises(ValidationError, match="au moins un objectif"):
        services.plan_signer(acteur=personas.conseiller, plan=plan, revision=plan.revision)
    with pytest.raises(ValidationError) as erreur:
        services.plan_signer(
            acteur=personas.conseiller,
            plan=plan,
            revision=plan.revision,
            signe_le=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "signe_le" in erreur.value.error_dict


def test_nouvelle_version_recopie_et_laisse_la_signee_intacte(personas, parcours, objectif_ref, action_ref):
    v1 = _plan_garni(personas, parcours, objectif_ref, action_ref)
    services.plan_signer(acteur=personas.conseiller, plan=v1, revision=v1.revision)
    v1.refresh_from_db()
    copie_v1 = v1.copie_figee
    v2 = services.plan_creer_version(acteur=personas.travailleur_social, parcours=parcours)
    assert v2.version == 2
    assert v2.heures_hebdomadaires == v1.heures_hebdomadaires
    assert Objectif.objects.filter(plan=v2).count() == 1
    assert Action.objects.filter(plan=v2).count() == 2
    action_v2 = Action.objects.get(plan=v2, libelle_libre="S'inscrire au garage solidaire")
    assert action_v2.objectif.plan_id == v2.pk  # l'objectif de la nouvelle version, pas l'ancien
    services.action_changer_statut(
        acteur=personas.travailleur_social,
        action=action_v2,
        revision=action_v2.revision,
        statut=StatutAction.ABANDONNEE,
    )
    services.plan_modifier_heures(
        acteur=personas.conseiller,
        plan=v2,
        revision=PlanAction.objects.get(pk=v2.pk).revision,
        heures_hebdomadaires=10,
        motif_reduction_heures="Reprise progressive",
    )
    v1.refresh_from_db()
    assert v1.copie_figee == copie_v1
    assert v1.copie_figee["objectifs"][0]["actions"][0]["statut"] == StatutAction.A_FAIRE
    assert Action.objects.get(plan=v1, libelle_libre="S'inscrire au garage solidaire").statut == StatutAction.A_FAIRE


# --- Verrou optimiste ------------------------------------------------------------------------------------------------


def test_deux_sauvegardes_concurrentes_des_heures(personas, parcours):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    lue_par_claire = PlanAction.objects.get(pk=plan.pk)
    lue_par_sophie = PlanAction.objects.get(pk=plan.pk)
    revision = lue_par_claire.revision
    services.plan_modifier_heures(
        acteur=personas.travailleur_social, plan=lue_par_sophie, revision=revision, heures_hebdomadaires=20
    )
    with pytest.raises(ValidationError) as erreur:
        services.plan_modifier_heures(
            acteur=personas.conseiller, plan=lue_par_claire, revision=revision, heures_hebdomadaires=25
        )
    message = erreur.value.messages[0]
    assert message.startswith("Ce plan a été modifié par Sophie Sociale entre-temps : rechargez la page")
    assert erreur.value.code == "modifie_entre_temps"
    plan.refresh_from_db()
    assert plan.heures_hebdomadaires == 20  # la première sauvegarde n'est pas perdue
    assert plan.modifie_par == personas.travailleur_social


def test_deux_sauvegardes_concurrentes_d_une_action(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    action = plan.actions.get(element_referentiel=action_ref)
    revision = action.revision
    services.action_changer_statut(
        acteur=personas.travailleur_social, action=action, revision=revision, statut=StatutAction.REALISEE
    )
    with pytest.raises(ValidationError, match="modifiée par Sophie Sociale entre-temps"):
        services.action_modifier(
            acteur=personas.conseiller,
            action=Action.objects.get(pk=action.pk),
            revision=revision,
            element_referentiel=action_ref,
            cote=CotePlan.EMPLOI,
            porteur=Porteur.CONSEILLER,
            statut=StatutAction.ABANDONNEE,
        )
    action.refresh_from_db()
    assert (action.statut, action.porteur) == (StatutAction.REALISEE, Porteur.PERSONNE)


def test_on_ne_signe_que_ce_qu_on_a_vu(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    revision_lue = plan.revision
    services.action_ajouter(
        acteur=personas.travailleur_social, plan=plan, libelle_libre="Ajout tardif", cote="SOCIAL", porteur="PERSONNE"
    )
    with pytest.raises(ValidationError, match="Ce plan a été modifié par Sophie Sociale"):
        services.plan_signer(acteur=personas.conseiller, plan=plan, revision=revision_lue)
    plan.refresh_from_db()
    assert plan.signe_le is None


def test_une_modification_apres_une_signature_concurrente_est_annulee(personas, parcours, objectif_ref, action_ref):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    action = Action.objects.get(plan=plan, element_referentiel=action_ref)
    lu_avant = PlanAction.objects.get(pk=plan.pk)  # ouvert avant la signature
    services.plan_signer(acteur=personas.travailleur_social, plan=plan, revision=plan.revision)
    with pytest.raises(ValidationError, match="signée par Sophie Sociale entre-temps"):
        services.objectif_ajouter(
            acteur=personas.conseiller, plan=lu_avant, libelle_libre="Trop tard", cote="EMPLOI", porteur="PERSONNE"
        )
    action.plan = lu_avant
    with pytest.raises(ValidationError, match="signée par Sophie Sociale entre-temps"):
        services.action_changer_statut(
            acteur=personas.conseiller, action=action, revision=action.revision, statut=StatutAction.EN_COURS
        )
    assert Objectif.objects.filter(plan=plan).count() == 1
    assert Action.objects.get(pk=action.pk).statut == StatutAction.A_FAIRE


def test_revision_absente(personas, parcours):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    with pytest.raises(ValidationError, match="rechargez la page"):
        services.plan_modifier_heures(acteur=personas.conseiller, plan=plan, revision=None, heures_hebdomadaires=20)


# --- Écrans -------------------------------------------------------------------------------------------------------


def test_ecran_du_plan_et_sauvegarde_concurrente(personas, parcours, objectif_ref, action_ref, client_de):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    url = reverse("accompagnement:plan", kwargs={"parcours_pk": parcours.pk})
    client = client_de(personas.conseiller)
    page = client.get(url).content.decode()
    assert "Accéder à un moyen de transport" in page
    assert "Brouillon à signer" in page
    assert f'name="revision" value="{plan.revision}"' in page
    revision_lue_par_claire = plan.revision
    # Sophie enregistre pendant que Claire a la page ouverte.
    services.plan_modifier_heures(
        acteur=personas.travailleur_social, plan=plan, revision=plan.revision, heures_hebdomadaires=20
    )
    reponse = client.post(
        reverse("accompagnement:plan_heures", kwargs={"parcours_pk": parcours.pk}),
        {"heures_hebdomadaires": 30, "revision": revision_lue_par_claire},
    )
    assert reponse.status_code == 400
    assert "Ce plan a été modifié par Sophie Sociale entre-temps : rechargez la page" in reponse.content.decode()
    plan.refresh_from_db()
    assert plan.heures_hebdomadaires == 20


def test_ecrans_ajouter_statut_signer_imprimer(personas, parcours, objectif_ref, action_ref, client_de):
    client = client_de(personas.travailleur_social)
    cle = {"parcours_pk": parcours.pk}
    assert "Aucun plan d'action" in client.get(reverse("accompagnement:plan", kwargs=cle)).content.decode()
    client.post(reverse("accompagnement:plan_nouvelle_version", kwargs=cle))
    plan = PlanAction.objects.get(parcours=parcours)
    # Le référentiel se filtre par thème et par mot.
    page = client.get(reverse("accompagnement:plan_objectif_ajouter", kwargs=cle), {"theme": "mobilite"})
    assert "Accéder à un moyen de transport" in page.content.decode()
    page = client.get(reverse("accompagnement:plan_objectif_ajouter", kwargs=cle), {"q": "candidater"})
    assert "Accéder à un moyen de transport" not in page.content.decode()
    reponse = client.post(
        reverse("accompagnement:plan_objectif_ajouter", kwargs=cle),
        {"element_referentiel": objectif_ref.pk, "cote": "SOCIAL", "porteur": "PERSONNE", "statut": "A_FAIRE"},
    )
    assert reponse.status_code == 302
    reponse = client.post(
        reverse("accompagnement:plan_action_ajouter", kwargs=cle) + "?service=svc-1",
        {"libelle_libre": "", "cote": "EMPLOI", "porteur": "PERSONNE", "statut": "A_FAIRE"},
    )
    assert reponse.status_code == 400
    assert "Choisissez un élément du référentiel ou écrivez un libellé court." in reponse.content.decode()
    page = client.get(reverse("accompagnement:plan_action_ajouter", kwargs=cle) + "?service=svc-1").content.decode()
    assert 'name="service_ressource_id" value="svc-1"' in page
    client.post(
        reverse("accompagnement:plan_action_ajouter", kwargs=cle),
        {
            "element_referentiel": action_ref.pk,
            "cote": "EMPLOI",
            "porteur": "PERSONNE",
            "statut": "A_FAIRE",
            "service_ressource_id": "svc-1",
        },
    )
    action = Action.objects.get(plan=plan)
    assert action.service_ressource_id == "svc-1"
    reponse = client.post(
        reverse("accompagnement:plan_action_statut", kwargs={**cle, "pk": action.pk}),
        {f"action-{action.pk}-statut": "EN_COURS", f"action-{action.pk}-revision": action.revision},
    )
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert action.statut == StatutAction.EN_COURS
    # Impression : une page sans en-tête ni navigation.
    impression = client.get(reverse("accompagnement:plan_imprimer", kwargs={**cle, "version": 1})).content.decode()
    assert "Contrat d'engagement" in impression
    assert "fr-header" not in impression
    assert "navigation-principale" not in impression
    assert "binome/css/impression.css" in impression
    plan.refresh_from_db()
    reponse = client.post(
        reverse("accompagnement:plan_signer", kwargs=cle), {"signe_le": "2025-03-10", "revision": plan.revision}
    )
    assert reponse.status_code == 400
    assert "Confirmez que le plan a été signé avec la personne." in reponse.content.decode()
    reponse = client.post(
        reverse("accompagnement:plan_signer", kwargs=cle),
        {"signe_le": "2025-03-10", "confirmation": "on", "revision": plan.revision},
    )
    assert reponse.status_code == 302
    plan.refresh_from_db()
    assert plan.signe_le == datetime.date(2025, 3, 10)
    page = client.get(reverse("accompagnement:plan", kwargs=cle)).content.decode()
    assert "Signée" in page
    assert "Créer une nouvelle version" in page
    version = client.get(reverse("accompagnement:plan_version", kwargs={**cle, "version": 1})).content.decode()
    assert "copie figée" in version
    assert "Candidater à des offres d&#x27;emploi" in version


def test_l_administrateur_lit_le_plan_sans_pouvoir_l_ecrire(personas, parcours, objectif_ref, action_ref, client_de):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    client = client_de(personas.admin)
    page = client.get(reverse("accompagnement:plan", kwargs={"parcours_pk": parcours.pk})).content.decode()
    assert "Accéder à un moyen de transport" in page
    assert "Enregistrer les heures" not in page
    assert "Ajouter une action" not in page
    reponse = client.post(
        reverse("accompagnement:plan_heures", kwargs={"parcours_pk": parcours.pk}),
        {"heures_hebdomadaires": 30, "revision": plan.revision},
    )
    assert reponse.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_deux_sauvegardes_simultanees_sur_postgresql(personas):
    """Deux connexions enregistrent en même temps la même révision : une seule gagne, l'autre reçoit le
    message ; aucune mise à jour perdue (PostgreSQL : verrou de ligne de l'UPDATE conditionnel)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrence réelle entre connexions : PostgreSQL seulement (SQLite sérialise les écritures)")
    parcours = parcours_du_binome(personas)
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    revision = plan.revision
    depart = threading.Barrier(2)
    resultats = {}

    def enregistrer(acteur, heures):
        try:
            depart.wait(timeout=10)
            services.plan_modifier_heures(
                acteur=acteur, plan=PlanAction.objects.get(pk=plan.pk), revision=revision, heures_hebdomadaires=heures
            )
            resultats[heures] = "enregistré"
        except ValidationError as erreur:
            resultats[heures] = erreur.messages[0]
        finally:
            connections.close_all()

    fils = [
        threading.Thread(target=enregistrer, args=(personas.conseiller, 20)),
        threading.Thread(target=enregistrer, args=(personas.travailleur_social, 25)),
    ]
    for fil in fils:
        fil.start()
    for fil in fils:
        fil.join(timeout=30)
    assert sorted(resultats) == [20, 25]
    gagnant = [h for h, r in resultats.items() if r == "enregistré"]
    assert len(gagnant) == 1, resultats
    perdant = 25 if gagnant == [20] else 20
    assert resultats[perdant].startswith("Ce plan a été modifié par ")
    plan.refresh_from_db()
    assert plan.heures_hebdomadaires == gagnant[0]
    assert plan.revision == revision + 1


def test_ecrans_modifier_et_retirer(personas, parcours, objectif_ref, action_ref, client_de):
    plan = _plan_garni(personas, parcours, objectif_ref, action_ref)
    objectif = plan.objectifs.get()
    action = plan.actions.get(element_referentiel=action_ref)
    client = client_de(personas.conseiller)
    cle = {"parcours_pk": parcours.pk}
    url_objectif = reverse("accompagnement:plan_objectif_modifier", kwargs={**cle, "pk": objectif.pk})
    # L'élément déjà choisi reste proposé même si le filtre du référentiel l'exclut.
    page = client.get(url_objectif, {"theme": "emploi"}).content.decode()
    assert "Accéder à un moyen de transport" in page
    reponse = client.post(
        url_objectif,
        {
            "element_referentiel": objectif_ref.pk,
            "cote": "EMPLOI",
            "porteur": "CONSEILLER",
            "statut": "EN_COURS",
            "revision": objectif.revision,
        },
    )
    assert reponse.status_code == 302
    objectif.refresh_from_db()
    assert (objectif.cote, objectif.statut) == (CotePlan.EMPLOI, StatutAction.EN_COURS)
    # Un second envoi du même formulaire (révision périmée) est refusé avec le message.
    reponse = client.post(
        url_objectif,
        {
            "element_referentiel": objectif_ref.pk,
            "cote": "SOCIAL",
            "porteur": "PERSONNE",
            "statut": "A_FAIRE",
            "revision": objectif.revision - 1,
        },
    )
    assert reponse.status_code == 400
    assert "Cet objectif a été modifié par Claire Conseillère entre-temps" in reponse.content.decode()
    url_action = reverse("accompagnement:plan_action_modifier", kwargs={**cle, "pk": action.pk})
    assert "Candidater à des offres" in client.get(url_action).content.decode()
    reponse = client.post(
        url_action,
        {
            "objectif": objectif.pk,
            "element_referentiel": action_ref.pk,
            "cote": "EMPLOI",
            "porteur": "PERSONNE",
            "echeance": "2025-04-01",
            "statut": "A_FAIRE",
            "revision": action.revision,
        },
    )
    assert reponse.status_code == 302
    action.refresh_from_db()
    assert action.objectif == objectif and action.echeance == datetime.date(2025, 4, 1)
    reponse = client.post(
        reverse("accompagnement:plan_action_retirer", kwargs={**cle, "pk": action.pk}), {"revision": action.revision}
    )
    assert reponse.status_code == 302
    assert not Action.objects.filter(pk=action.pk).exists()
    objectif.refresh_from_db()
    reponse = client.post(
        reverse("accompagnement:plan_objectif_retirer", kwargs={**cle, "pk": objectif.pk}),
        {"revision": objectif.revision},
    )
    assert reponse.status_code == 302
    assert not Objectif.objects.filter(pk=objectif.pk).exists()
    # L'action rattachée reste, sans objectif.
    assert Action.objects.get(plan=plan, libelle_libre="S'inscrire au garage solidaire").objectif is None
    brouillon = client.get(reverse("accompagnement:plan_version", kwargs={**cle, "version": 1})).content.decode()
    assert "Actions hors objectif" in brouillon
