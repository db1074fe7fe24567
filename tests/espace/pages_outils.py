"""Un dossier complet pour les pages de l'espace : plan signé avec un service, rendez-vous à venir, séance
collective, orientation vers un service de l'annuaire, binôme joignable."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.enums import CotePlan, Porteur
from binome.ressources.models import OrientationService
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.agenda.factories import RendezVousFactory
from tests.collectif.factories import action_du, inscription, seance_de
from tests.espace_outils import espace_ouvert
from tests.ressources import factories as rf

SIGNE_LE = datetime.date(2025, 3, 10)


@dataclass
class Dossier:
    personne: object
    espace: object
    parcours: object
    rendez_vous: object
    inscription: object
    service_plan: object
    service_oriente: object


def _plan_signe(personas, parcours, service):
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    objectif = services.objectif_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        libelle_libre="Accéder à un moyen de transport",
        cote=CotePlan.SOCIAL,
        porteur=Porteur.REFERENT_SOCIAL,
    )
    services.action_ajouter(
        acteur=personas.conseiller,
        plan=plan,
        objectif=objectif,
        libelle_libre="Réparer la voiture",
        cote=CotePlan.PARTENAIRE,
        porteur=Porteur.PARTENAIRE,
        service_ressource_id=service.pk,
    )
    plan.refresh_from_db()
    services.plan_signer(
        acteur=personas.conseiller, plan=plan, revision=plan.revision, signe_le=SIGNE_LE, lieu_signature="Saint-Flour"
    )
    return plan


def rendez_vous_a_venir(parcours, organisateur, *, jours=3, **champs):
    debut = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=jours)
    valeurs = {"parcours": parcours, "organisateur": organisateur, "professionnels": [organisateur], "debut": debut}
    return RendezVousFactory(**(valeurs | champs))


def dossier_complet(personas, *, prenom="Inaya", nom="Belkacem") -> Dossier:
    personas.conseiller.telephone = "04 71 00 00 11"
    personas.conseiller.save(update_fields=["telephone"])
    personne = personne_du(personas.cantal, prenom=prenom, nom=nom, courriel="inaya@exemple.org")
    parcours = parcours_du_binome(personas, personne=personne, date_reperage=datetime.date(2025, 1, 6))
    service_plan = rf.service(
        nom="Garage solidaire du Cantal",
        adresse="4 rue des Forgerons",
        code_postal="15100",
        commune="Saint-Flour",
        telephone="04 71 60 00 01",
    )
    _plan_signe(personas, parcours, service_plan)
    service_oriente = rf.service(
        nom="Épicerie solidaire de la Planèze",
        adresse="2 place d'Armes",
        code_postal="15100",
        commune="Saint-Flour",
        telephone="04 71 60 00 02",
        horaires_accueil="Mo-Fr 09:00-12:00,14:00-17:00",
    )
    OrientationService.objects.create(
        personne=personne,
        service=service_oriente,
        emetteur=personas.conseiller,
        organisation_emetteur=personas.cantal.agence,
        adhesion_le=timezone.localdate(),
        transmis_prenom=prenom,
        transmis_nom=nom,
        expire_le=timezone.localdate() + datetime.timedelta(days=30),
    )
    rdv = rendez_vous_a_venir(parcours, personas.conseiller, lieu="Agence France Travail, 12 rue de la Gare")
    seance = seance_de(action_du(personas.cantal, personas.travailleur_social, titre="Atelier mobilité"), dans_jours=5)
    return Dossier(
        personne=personne,
        espace=espace_ouvert(personne),
        parcours=parcours,
        rendez_vous=rdv,
        inscription=inscription(seance, parcours),
        service_plan=service_plan,
        service_oriente=service_oriente,
    )
