"""Démonstration, étape « partenaires » (issue 14, poste h4) : un partenaire invité dans un parcours par département.

Dans chaque département de démonstration, l'UDAF (structure partenaire) a une professionnelle habilitée ; le
conseiller d'un parcours actif l'invite, avec l'accord de la personne, pour une mesure d'accompagnement
budgétaire, et lui confie une action du plan (ouverte dans une version brouillon si la dernière est signée) ; la
professionnelle ajoute un contact. Tout passe par les services (``invitation_partenaire_creer``,
``plan_creer_version``, ``action_ajouter``, ``contact_partenaire_enregistrer``) : chacun ouvre sa transaction
durable, l'étape tourne hors de la transaction de la commande (``TRANSACTION_PAR_SERVICE``).

Connexion : ``ines.roche@udaf15.test`` (Cantal) et ``hugo.lenoir@udaf14.test`` (Calvados), mot de passe de la
démonstration ; menu « Parcours partagés ».

Idempotence : un département dont l'UDAF a déjà une invitation en cours n'en reçoit pas d'autre.
"""

from dataclasses import dataclass

from django.utils import timezone

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import CanalContact, CotePlan, EtatParcours, Porteur
from binome.accompagnement.models import InvitationPartenaire, Parcours
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.core.historique import sauver
from binome.demo import socle
from binome.organisations.models import CategoriePartenaire, Organisation, TypeOrganisation

TRANSACTION_PAR_SERVICE = True


@dataclass(frozen=True)
class Udaf:
    departement: str
    nom: str
    commune: str
    email: str
    prenom: str
    nom_pro: str


UDAFS = (
    Udaf("15", "UDAF du Cantal", "15014", "ines.roche@udaf15.test", "Inès", "Roche"),
    Udaf("14", "UDAF du Calvados", "14118", "hugo.lenoir@udaf14.test", "Hugo", "Lenoir"),
)


def _professionnel(udaf: Udaf) -> tuple[Organisation, Utilisateur]:
    organisation, _cree = Organisation.objects.get_or_create(
        departement_id=udaf.departement,
        type=TypeOrganisation.PARTENAIRE,
        nom=udaf.nom,
        defaults={"categorie_partenaire": CategoriePartenaire.ASSOCIATION, "commune_id": udaf.commune},
    )
    utilisateur = Utilisateur.objects.filter(email=udaf.email).first()
    if utilisateur is None:
        utilisateur = Utilisateur(email=udaf.email, prenom=udaf.prenom, nom=udaf.nom_pro)
        utilisateur.set_password(socle.MOT_DE_PASSE)
        sauver(utilisateur, acteur=None, raison="Données de démonstration")
    Habilitation.objects.get_or_create(utilisateur=utilisateur, organisation=organisation, role=Role.PARTENAIRE)
    return organisation, utilisateur


def _parcours(departement: str) -> Parcours | None:
    """Un parcours actif du département dont le conseiller peut inviter (membre du binôme habilité)."""
    candidats = (
        Parcours.objects.filter(
            departement_id=departement,
            etat=EtatParcours.ACTIF,
            conseiller__isnull=False,
            referent_social__isnull=False,
            personne__anonymise_le__isnull=True,
        )
        .select_related("personne", "conseiller")
        .order_by("pk")[:20]
    )
    return next((p for p in candidats if selectors.peut_inviter_partenaire(p.conseiller, p)), None)


def _action(parcours: Parcours, acteur):
    plan = selectors.plan_courant(parcours)
    if plan is None or plan.est_signe:
        plan = services.plan_creer_version(acteur=acteur, parcours=parcours)
    return services.action_ajouter(
        acteur=acteur,
        plan=plan,
        cote=CotePlan.PARTENAIRE,
        porteur=Porteur.PARTENAIRE,
        porteur_precision="UDAF",
        libelle_libre="Mettre en place une mesure d'accompagnement budgétaire",
    )


def creer(stdout) -> None:
    for udaf in UDAFS:
        organisation, professionnel = _professionnel(udaf)
        if InvitationPartenaire.objects.filter(selectors.q_invitation_valide(), organisation=organisation).exists():
            stdout.write(f"  Partenaires : {udaf.nom} déjà invitée dans un parcours")
            continue
        parcours = _parcours(udaf.departement)
        if parcours is None:
            stdout.write(f"  Partenaires : aucun parcours actif à partager dans le département {udaf.departement}")
            continue
        conseiller = parcours.conseiller
        action = _action(parcours, conseiller)
        aujourdhui = timezone.localdate()
        services.invitation_partenaire_creer(
            acteur=conseiller,
            parcours=parcours,
            organisation=organisation,
            partenaire=professionnel,
            objet="Mesure d'accompagnement budgétaire",
            accord_le=aujourdhui,
            actions=[action],
        )
        services.contact_partenaire_enregistrer(
            acteur=professionnel,
            parcours_pk=parcours.pk,
            date=aujourdhui,
            canal=CanalContact.TELEPHONE,
            note="Premier échange sur le budget et les démarches à engager.",
        )
        stdout.write(f"  Partenaires : {professionnel.email} ({udaf.nom}) invitée dans le parcours n° {parcours.pk}")
