"""Démonstration, étape « instances » : dans chaque département de démonstration, une instance avec une séance
passée (décisions écrites aux parcours, procès-verbal établi) et une séance à venir avec son ordre du jour.

- Cantal : l'équipe pluridisciplinaire (administratrice à la présidence, conseillère France Travail « référent
  offre de service », travailleuse sociale, CCAS d'Aurillac, structure partenaire). La séance passée examine un
  manquement au contrat d'engagement d'un bénéficiaire du RSA (constat, invitation, avis, puis décision du
  président : suspension-remobilisation à 50 % pendant un mois) et un dossier ajouté par son référent.
- Calvados : le comité technique des orientations (conventions de l'Orne et du Calvados).

La séance à venir reprend les dossiers qui attendent une décision collective (``instances.ordre_du_jour``), avec la
synthèse de leur référent. Tout passe par les services des instances (durables) : l'étape tourne hors de la
transaction de la commande. Idempotente : une instance de démonstration déjà présente n'est pas recréée.
"""

import datetime

from django.utils import timezone

from binome.accompagnement import enums as ea
from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.models import Parcours
from binome.comptes.models import Habilitation, Utilisateur
from binome.instances import ordre_du_jour, services
from binome.instances.enums import MotifInscription, NatureInstance, NatureManquement, RoleMembre, SuiteManquement
from binome.instances.models import Instance
from binome.territoires.models import Departement

TRANSACTION_PAR_SERVICE = True

# Département → (nom, nature, administrateur, [(courriel, rôle, qualité)]).
INSTANCES = {
    "15": (
        "Équipe pluridisciplinaire du Cantal",
        NatureInstance.EQUIPE_PLURIDISCIPLINAIRE,
        "alice.moreau@cantal.test",
        [
            ("alice.moreau@cantal.test", RoleMembre.PRESIDENCE, "Représentante du président du conseil départemental"),
            ("claire.martin@francetravail.test", RoleMembre.MEMBRE, "Référent offre de service"),
            ("sophie.bernard@cantal.test", RoleMembre.SECRETARIAT, ""),
            ("olivier.brun@ccas-aurillac.test", RoleMembre.MEMBRE, "CCAS d'Aurillac"),
        ],
    ),
    "14": (
        "Comité technique des orientations du Calvados",
        NatureInstance.COMITE_TECHNIQUE,
        "bruno.leroy@calvados.test",
        [
            ("bruno.leroy@calvados.test", RoleMembre.PRESIDENCE, ""),
            ("camille.dupont@francetravail.test", RoleMembre.MEMBRE, "Référent offre de service"),
            ("theo.lambert@calvados.test", RoleMembre.MEMBRE, ""),
        ],
    ),
}
LIEUX = {"15": "Hôtel du département, Aurillac", "14": "Hôtel du département, Caen"}


def _utilisateur(email: str) -> Utilisateur | None:
    return Utilisateur.objects.filter(email=email).first()


def _membres(instance, admin, membres) -> None:
    for email, role, qualite in membres:
        utilisateur = _utilisateur(email)
        habilitation = (
            Habilitation.objects.filter(
                utilisateur=utilisateur, active=True, organisation__departement_id=instance.departement_id
            )
            .select_related("organisation")
            .order_by("pk")
            .first()
        )
        if habilitation is not None:
            services.membre_ajouter(
                acteur=admin,
                instance=instance,
                utilisateur=utilisateur,
                organisation=habilitation.organisation,
                role=role,
                qualite=qualite,
            )


def _parcours_suivis(departement_code: str, nombre: int, *, rsa: bool | None = None) -> list[Parcours]:
    qs = Parcours.objects.filter(
        departement_id=departement_code, etat=ea.EtatParcours.ACTIF, personne__anonymise_le__isnull=True
    ).exclude(conseiller=None)
    if rsa is not None:
        qs = qs.filter(personne__beneficiaire_rsa=rsa)
    return list(qs.select_related("personne", "conseiller").order_by("pk")[:nombre])


def _synthese(point, texte: str) -> None:
    referent = point.parcours.conseiller
    if referent is not None and accompagnement.peut_modifier(referent, point.parcours):
        services.synthese_rediger(acteur=referent, point=point, synthese=texte)


def _manquement(parcours, admin, aujourdhui):
    referent = parcours.conseiller
    manquement = services.manquement_constater(
        acteur=referent,
        parcours=parcours,
        date=aujourdhui - datetime.timedelta(days=30),
        nature=NatureManquement.RENDEZ_VOUS,
        constat="Trois rendez-vous de suivi manqués sans motif, malgré deux relances.",
    )
    return services.invitation_enregistrer(
        acteur=referent,
        manquement=manquement,
        invitee_le=aujourdhui - datetime.timedelta(days=25),
        entendue=True,
        observations="La personne explique une période difficile et souhaite reprendre ses démarches.",
    )


def _seance_passee(instance, admin, aujourdhui) -> None:
    maintenant = timezone.now()
    seance = services.seance_creer(
        acteur=admin,
        instance=instance,
        date=maintenant - datetime.timedelta(days=14),
        lieu=LIEUX[instance.departement_id],
    )
    manquement = None
    if instance.nature == NatureInstance.EQUIPE_PLURIDISCIPLINAIRE:
        rsa = _parcours_suivis(instance.departement_id, 1, rsa=True)
        if rsa:
            manquement = _manquement(rsa[0], admin, aujourdhui)
            point = services.point_inscrire(
                acteur=admin, seance=seance, parcours=rsa[0], motif=MotifInscription.MANQUEMENT, manquement=manquement
            )
            _synthese(point, "Rendez-vous manqués depuis deux mois ; la personne a été invitée et sera présente.")
    for parcours in _parcours_suivis(instance.departement_id, 3, rsa=False)[1:]:
        point = services.point_inscrire(
            acteur=admin,
            seance=seance,
            parcours=parcours,
            motif=MotifInscription.AJOUT_REFERENT,
            precision="Regard croisé sur le projet professionnel",
        )
        _synthese(point, "Projet professionnel à consolider ; freins de mobilité en partie levés.")
    services.presents_enregistrer(acteur=admin, seance=seance, presents=list(instance.membres.order_by("pk")))
    for point in seance.points.order_by("pk"):
        if point.motif == MotifInscription.MANQUEMENT:
            services.decision_enregistrer(
                acteur=admin,
                point=point,
                avis="La personne a été entendue ; elle s'engage à reprendre ses rendez-vous.",
                decision="Avis favorable à une suspension-remobilisation de 50 % pendant un mois.",
                suites="Nouveau rendez-vous avec la conseillère dans les quinze jours.",
                avis_manquement=SuiteManquement.SUSPENSION_REMOBILISATION,
            )
        else:
            services.decision_enregistrer(
                acteur=admin,
                point=point,
                avis="Projet réaliste.",
                decision="Poursuite du parcours ; formation qualifiante à mobiliser.",
                suites="Point d'étape à la prochaine séance.",
            )
    services.proces_verbal_etablir(acteur=admin, seance=seance)
    if manquement is not None:
        services.sanction_decider(
            acteur=admin,
            manquement=manquement,
            decision=SuiteManquement.SUSPENSION_REMOBILISATION,
            decision_le=aujourdhui - datetime.timedelta(days=10),
            taux=50,
            duree_mois=1,
            suspension_debut=aujourdhui - datetime.timedelta(days=10),
        )


def _seance_a_venir(instance, admin) -> None:
    seance = services.seance_creer(
        acteur=admin,
        instance=instance,
        date=timezone.now() + datetime.timedelta(days=10),
        lieu=LIEUX[instance.departement_id],
    )
    for candidat in ordre_du_jour.candidats(seance)[:3]:
        point = services.point_inscrire(
            acteur=admin,
            seance=seance,
            parcours=candidat.parcours,
            motif=candidat.motif,
            manquement=candidat.manquement,
        )
        _synthese(point, "Synthèse du référent pour l'instance : situation, question posée, proposition.")


def creer(stdout) -> None:
    aujourdhui = timezone.localdate()
    creees = 0
    for code, (nom, nature, email_admin, membres) in INSTANCES.items():
        departement = Departement.objects.filter(code=code).first()
        admin = _utilisateur(email_admin)
        if departement is None or admin is None or Instance.objects.filter(departement=departement, nom=nom).exists():
            continue
        instance = services.instance_creer(
            acteur=admin, departement=departement, nom=nom, nature=nature, rythme="MENSUEL"
        )
        _membres(instance, admin, membres)
        _seance_passee(instance, admin, aujourdhui)
        _seance_a_venir(instance, admin)
        creees += 1
    stdout.write(f"  Instances : {creees} créée(s), chacune avec une séance passée et une séance à venir")
