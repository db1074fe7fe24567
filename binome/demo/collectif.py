"""Démonstration, étape « actions collectives » : dans chaque département de démonstration, un café santé, un atelier
budget (« la fable du consommateur ») et un atelier de préparation à l'entretien d'embauche.

Chaque action a une séance passée, dont les présences sont saisies (un contact « collectif » est au journal de chaque
personne inscrite), et une séance à venir avec ses inscrits ; celle du café santé est complète et a une liste
d'attente. Tout passe par les services de ``binome.collectif`` (validation, historique, chronologie, contacts) :
l'étape tourne hors de la transaction de la commande (``TRANSACTION_PAR_SERVICE``). Une séance se planifie et une
personne s'y inscrit dans le futur : les séances passées sont créées horloge reculée (freezegun, dépendance de
développement ; sans elle, seules les séances à venir sont créées), puis leurs présences sont saisies aujourd'hui.

Idempotence : un département qui a déjà le café santé de démonstration est laissé tel quel.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.collectif import selectors, services
from binome.collectif.enums import Organisateur, PresenceSeance, ThemeAction
from binome.collectif.models import ActionCollective
from binome.comptes.models import Habilitation, Role
from binome.demo import socle

TRANSACTION_PAR_SERVICE = True

CAFE = "Café santé"
BUDGET = "Atelier budget : la fable du consommateur"
ENTRETIEN = "Atelier préparation à l'entretien d'embauche"
H, M, X = PresenceSeance.HONORE, PresenceSeance.MANQUE, PresenceSeance.EXCUSE


def _a(jour: datetime.date, heure: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)))


def _animateur(code: str, role: str):
    """L'habilitation active du premier persona de démonstration de ce rôle dans le département."""
    emails = [p.email for p in socle.PERSONAS if p.role == role]
    habilitations = Habilitation.objects.filter(
        utilisateur__email__in=emails, role=role, active=True, organisation__departement_id=code
    ).select_related("utilisateur", "organisation")
    par_email = {h.utilisateur.email: h for h in habilitations.order_by("pk")}
    return next((par_email[email] for email in emails if email in par_email), None)


def _parcours(code: str) -> list[Parcours]:
    return list(
        Parcours.objects.filter(departement_id=code, etat=e.EtatParcours.ACTIF, personne__anonymise_le__isnull=True)
        .filter(Q(referent_social__isnull=False) | Q(conseiller__isnull=False))
        .select_related("personne", "referent_social", "conseiller")
        .order_by("pk")[:9]
    )


def _action(acteur, code: str, **champs) -> ActionCollective:
    return services.action_creer(acteur=acteur, departement_code=code, **champs)


def _inscrire(seance, parcours: list[Parcours], jour: datetime.date) -> list:
    inscriptions = []
    for p in parcours:
        acteur = p.referent_social or p.conseiller
        if selectors.peut_inscrire(acteur, p):
            inscriptions.append(services.inscription_creer(acteur=acteur, seance=seance, parcours=p, accord_le=jour))
    return inscriptions


def _seance_passee(animateur, action, parcours, presences, *, il_y_a: int, aujourdhui) -> int:
    """Séance tenue il y a ``il_y_a`` jours, planifiée et remplie une semaine avant, présences saisies."""
    try:
        from freezegun import freeze_time
    except ImportError:  # dépendance de développement absente : pas de séance passée
        return 0
    jour = aujourdhui - datetime.timedelta(days=il_y_a)
    avant = jour - datetime.timedelta(days=7)
    with freeze_time(_a(avant, 10)):
        seance = services.seance_creer(
            acteur=animateur, action=action, debut=_a(jour, 14), duree_minutes=120, lieu=action.public or "Salle"
        )
        inscriptions = _inscrire(seance, parcours, avant)
    services.seance_saisir_presences(
        acteur=animateur,
        seance=seance,
        presences={i.pk: presence for i, presence in zip(inscriptions, presences, strict=False)},
    )
    return len(inscriptions)


def _seance_a_venir(animateur, action, parcours, *, dans: int, aujourdhui, capacite=None) -> int:
    seance = services.seance_creer(
        acteur=animateur,
        action=action,
        debut=_a(aujourdhui + datetime.timedelta(days=dans), 14),
        duree_minutes=120,
        lieu=action.public or "Salle",
        capacite=capacite,
    )
    return len(_inscrire(seance, parcours, aujourdhui))


def _departement(code: str, aujourdhui) -> int:
    social, conseil = _animateur(code, Role.TRAVAILLEUR_SOCIAL), _animateur(code, Role.CONSEILLER_FT)
    parcours = _parcours(code)
    if social is None or conseil is None or len(parcours) < 6:
        return 0
    ts, ft = social.utilisateur, conseil.utilisateur
    lieu_social = social.organisation.adresse or social.organisation.nom
    lieu_ft = conseil.organisation.adresse or conseil.organisation.nom
    structure = selectors.structures_possibles(code).first()
    cafe = _action(
        ts, code, titre=CAFE, theme=ThemeAction.SANTE, organisateur=Organisateur.DEPARTEMENT,
        organisation=social.organisation, capacite=8, public=lieu_social,
        description="Un temps d'échange convivial autour de la santé, avec l'infirmière du centre de santé.",
    )  # fmt: skip
    budget = _action(
        ts, code, titre=BUDGET, theme=ThemeAction.BUDGET,
        organisateur=Organisateur.PARTENAIRE if structure else Organisateur.DEPARTEMENT,
        structure=structure, organisation=social.organisation, capacite=10, public=lieu_social,
        description="Outil pédagogique « la fable du consommateur » : budget, dépenses, crédit, en petit groupe.",
    )  # fmt: skip
    entretien = _action(
        ft, code, titre=ENTRETIEN, theme=ThemeAction.EMPLOI, organisateur=Organisateur.FRANCE_TRAVAIL,
        organisation=conseil.organisation, capacite=6, public=lieu_ft,
        description="Se présenter, parler de son parcours, répondre aux questions : mises en situation.",
    )  # fmt: skip
    p = parcours
    total = _seance_passee(ts, cafe, p[0:3], (H, H, X), il_y_a=14, aujourdhui=aujourdhui)
    total += _seance_passee(ts, budget, p[3:5], (H, M), il_y_a=7, aujourdhui=aujourdhui)
    total += _seance_passee(ft, entretien, p[5:6] + p[0:1], (H, H), il_y_a=5, aujourdhui=aujourdhui)
    # Café santé à venir : trois places, quatre demandes, une personne en liste d'attente.
    total += _seance_a_venir(ts, cafe, p[1:5], dans=10, aujourdhui=aujourdhui, capacite=3)
    total += _seance_a_venir(ts, budget, p[5:7], dans=17, aujourdhui=aujourdhui)
    total += _seance_a_venir(ft, entretien, p[2:4], dans=8, aujourdhui=aujourdhui)
    return total


def creer(stdout) -> None:
    aujourdhui = timezone.localdate()
    inscriptions = 0
    for code in sorted(socle.DEPARTEMENTS):
        if ActionCollective.objects.filter(departement_id=code, titre=CAFE).exists():
            continue
        inscriptions += _departement(code, aujourdhui)
    stdout.write(f"  Actions collectives : {inscriptions} inscriptions aux séances de démonstration")
