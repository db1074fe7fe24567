"""Démonstration, étape « agenda » : des rendez-vous pour chaque conseiller et travailleur social de démonstration.

Pour chaque conseiller France Travail et travailleur social de ``binome.demo.socle`` qui suit des parcours
actifs : deux rendez-vous dans les sept jours qui viennent (dont un tripartite pour un conseiller dont le parcours
a son référent social), un dans la semaine suivante, et un rendez-vous **manqué hier** dont la présence est saisie
(le contact « manqué » est au journal), remplacé par un nouveau rendez-vous la semaine suivante. L'accueil
« À faire », le flux d'abonnement et les résumés montrent ainsi du contenu dès ``make run``.

Tout passe par les services de l'agenda (``binome.agenda.services``) : validation, historique, chronologie,
contact écrit par la présence. Chaque service ouvre sa propre transaction durable : cette étape tourne hors de la
transaction de la commande (``TRANSACTION_PAR_SERVICE``). Un rendez-vous ne se planifie que dans le futur : celui
d'hier est planifié quatre jours avant, horloge reculée (freezegun, dépendance de développement), puis sa
présence est saisie aujourd'hui — comme l'aurait fait le professionnel.

Idempotence : un professionnel qui a déjà un rendez-vous de démonstration à venir (objet de ``OBJETS``) n'en
reçoit pas d'autres ; un manqué d'hier déjà présent n'est pas recréé. Relancée le même jour, l'étape ne crée rien.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.agenda import services
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.demo import socle

# Exécutée hors de la transaction de la commande : chaque service de l'agenda est durable.
TRANSACTION_PAR_SERVICE = True

OBJETS = (
    "Point d'étape sur le plan d'action",
    "Préparation d'un entretien d'embauche",
    "Bilan du mois et prochaines démarches",
    "Rendez-vous à trois : avancement du parcours",
    "Nouveau rendez-vous après une absence",
)
ROLES = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL)


def _jours_ouvres(depuis: datetime.date, nombre: int) -> list[datetime.date]:
    jours, jour = [], depuis
    while len(jours) < nombre:
        jour += datetime.timedelta(days=1)
        if jour.weekday() < 5:
            jours.append(jour)
    return jours


def _a(jour: datetime.date, heure: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure, minute)))


def _professionnels() -> list[tuple[Utilisateur, str]]:
    """(utilisateur, lieu d'accueil) des conseillers et travailleurs sociaux de démonstration."""
    emails = {p.email for p in socle.PERSONAS if p.role in ROLES}
    habilitations = (
        Habilitation.objects.filter(utilisateur__email__in=emails, role__in=ROLES, active=True)
        .select_related("utilisateur", "organisation")
        .order_by("utilisateur__email", "pk")
    )
    vus = {}
    for h in habilitations:
        vus.setdefault(h.utilisateur.email, (h.utilisateur, h.organisation.adresse or h.organisation.nom))
    return list(vus.values())


def _parcours_de(utilisateur) -> list[Parcours]:
    return list(
        Parcours.objects.filter(etat=e.EtatParcours.ACTIF, personne__anonymise_le__isnull=True)
        .filter(Q(conseiller=utilisateur) | Q(referent_social=utilisateur))
        .select_related("personne", "conseiller", "referent_social")
        .order_by("pk")[:6]
    )


def _planifier(acteur, parcours, debut, objet, *, lieu, type=TypeRendezVous.INDIVIDUEL, canal=None, remplace=None):
    canal = canal or CanalRendezVous.PRESENTIEL
    return services.rendez_vous_planifier(
        acteur=acteur,
        parcours=parcours,
        debut=debut,
        duree_minutes=45,
        canal=canal,
        objet=objet,
        type=type,
        lieu=lieu if canal == CanalRendezVous.PRESENTIEL else "",
        telephone="04 71 00 00 00" if canal == CanalRendezVous.TELEPHONE else "",
        remplace=remplace,
    )


def _a_venir(acteur, parcours: list[Parcours], lieu: str, jours: list[datetime.date]) -> int:
    """Deux rendez-vous dans les sept jours (un tripartite si possible), un la semaine suivante."""
    tripartite = next((p for p in parcours if p.conseiller_id == acteur.pk and p.referent_social_id is not None), None)
    premier = parcours[0]
    _planifier(acteur, premier, _a(jours[0], 9, 30), OBJETS[0], lieu=lieu)
    if tripartite is not None:
        _planifier(acteur, tripartite, _a(jours[2], 14), OBJETS[3], lieu=lieu, type=TypeRendezVous.TRIPARTITE)
    else:
        _planifier(acteur, parcours[min(1, len(parcours) - 1)], _a(jours[2], 14), OBJETS[1], lieu=lieu)
    suivant = parcours[min(2, len(parcours) - 1)]
    _planifier(acteur, suivant, _a(jours[6], 10), OBJETS[2], lieu=lieu, canal=CanalRendezVous.TELEPHONE)
    return 3


def _manque_hier(acteur, parcours: Parcours, lieu: str, aujourdhui: datetime.date, jours) -> bool:
    """Le rendez-vous d'hier, planifié quatre jours avant, manqué : présence saisie, nouveau rendez-vous proposé."""
    try:
        from freezegun import freeze_time
    except ImportError:  # dépendance de développement absente : pas de rendez-vous passé
        return False
    hier = aujourdhui - datetime.timedelta(days=1)
    with freeze_time(_a(hier - datetime.timedelta(days=4), 16)):
        rdv = _planifier(acteur, parcours, _a(hier, 10), OBJETS[0], lieu=lieu)
    services.rendez_vous_enregistrer_presence(
        acteur=acteur, rendez_vous=rdv, presence=StatutRendezVous.MANQUE, note="Absente, sans nouvelles."
    )
    rdv.refresh_from_db()
    _planifier(acteur, parcours, _a(jours[7], 11), OBJETS[4], lieu=lieu, remplace=rdv)
    return True


def creer(stdout) -> None:
    maintenant = timezone.now()
    aujourdhui = timezone.localdate(maintenant)
    jours = _jours_ouvres(aujourdhui, 10)
    planifies = manques = sans_parcours = 0
    for acteur, lieu in _professionnels():
        parcours = _parcours_de(acteur)
        if not parcours:
            sans_parcours += 1
            continue
        deja = RendezVous.objects.filter(organisateur=acteur, objet__in=OBJETS)
        if not deja.filter(debut__gte=maintenant, statut=StatutRendezVous.PLANIFIE).exists():
            planifies += _a_venir(acteur, parcours, lieu, jours)
        hier = aujourdhui - datetime.timedelta(days=1)
        if not deja.filter(statut=StatutRendezVous.MANQUE, debut__date=hier).exists():
            manques += _manque_hier(acteur, parcours[-1], lieu, aujourdhui, jours)
    stdout.write(
        f"  Agenda : {planifies} rendez-vous à venir et {manques} manqués hier ajoutés "
        f"({sans_parcours} professionnels sans parcours actif)"
    )
