"""Fabriques des actions collectives : une action du département, une séance à venir, une inscription."""

import datetime

from django.utils import timezone

from binome.collectif.enums import Organisateur, StatutInscription, ThemeAction
from binome.collectif.models import ActionCollective, Inscription, SeanceCollective
from binome.comptes.models import Utilisateur


def action_du(territoire, auteur, **champs) -> ActionCollective:
    valeurs = {
        "departement": territoire.departement,
        "titre": "Café santé",
        "theme": ThemeAction.SANTE,
        "organisateur": Organisateur.DEPARTEMENT,
        "organisation": territoire.unite,
        "description": "Échanges autour de la santé, avec une infirmière.",
        "capacite": 3,
        "cree_par": auteur,
    }
    return ActionCollective.objects.create(**(valeurs | champs))


def seance_de(action, *, dans_jours: int = 7, **champs) -> SeanceCollective:
    valeurs = {
        "action": action,
        "debut": timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=dans_jours),
        "lieu": "Maison des solidarités, salle 2",
        "cree_par": action.cree_par,
    }
    seance = SeanceCollective.objects.create(**(valeurs | champs))
    seance.animateurs.set([action.cree_par])
    return seance


def inscription(seance, parcours, **champs) -> Inscription:
    valeurs = {
        "seance": seance,
        "parcours": parcours,
        "statut": StatutInscription.INSCRITE,
        "accord_le": timezone.localdate(),
        "inscrite_par": seance.cree_par,
    }
    return Inscription.objects.create(**(valeurs | champs))


def inscription_du_dossier(dossier) -> Inscription:
    """L'inscription de la personne d'un dossier de ``tests/confiance/monde.py`` à une séance à venir de son
    département, animée par son référent social (créée à la première demande) : pour le test d'accès généré."""
    existante = Inscription.objects.filter(parcours=dossier.parcours).select_related("seance").first()
    if existante is not None:
        return existante
    parcours = dossier.parcours
    # Un dossier né d'une proposition n'a pas encore de binôme : le premier compte venu signe l'action.
    auteur = parcours.referent_social or parcours.conseiller or Utilisateur.objects.order_by("pk").first()
    action = ActionCollective.objects.create(
        departement_id=parcours.departement_id,
        titre="Atelier budget",
        theme=ThemeAction.BUDGET,
        organisateur=Organisateur.DEPARTEMENT,
        organisation=parcours.organisation_referent,
        description="La fable du consommateur.",
        capacite=8,
        cree_par=auteur,
    )
    return inscription(seance_de(action), parcours, inscrite_par=auteur)
