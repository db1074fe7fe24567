"""Ce que la personne voit dans son espace : son plan signé, ses rendez-vous et séances, ses référents, ses services.

Toutes les lectures des pages de l'espace (``espace/vues_pages.py``) passent ici ; chacune part de la personne de
l'espace ouvert (``request.espace.personne``), jamais d'un identifiant reçu seul : un rendez-vous ou une inscription
d'une autre personne répond 404 (``rendez_vous_de``, ``inscription_de``).

Rien de ce qui est écrit pour les seuls professionnels n'en sort : ni les notes privées, ni le journal des contacts,
ni les résumés des instances, ni les champs de ``accompagnement.secret_partage`` (aucune de ces tables n'est lue
ici), ni l'objet saisi d'un rendez-vous ou le motif d'une annulation (les messages à la personne ne les disent pas
non plus : ``agenda/notifications.py``), ni le message d'une orientation au service ou le commentaire d'un
partenaire. Le plan montré est la copie figée de la dernière version signée (``contenu_plan.contenu_lisible``) :
le document remis à la personne.
"""

import datetime

from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.contenu_plan import contenu_lisible
from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Parcours, Personne, PlanAction
from binome.agenda.enums import StatutRendezVous
from binome.agenda.models import RendezVous
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import Inscription
from binome.ressources.models import OrientationService, Service, StatutOrientationService, StatutService

ORIENTATIONS_EN_COURS = (StatutOrientationService.ENVOYEE, StatutOrientationService.ACCEPTEE)
INSCRIPTIONS_ACTIVES = (StatutInscription.INSCRITE, StatutInscription.ATTENTE)


# --- Parcours et plan --------------------------------------------------------------------------------------------


def parcours_courant(personne: Personne) -> Parcours | None:
    """Le parcours ouvert de la personne (un seul à la fois), sinon le plus récent, avec son binôme."""
    clos_en_dernier = Case(When(etat__in=ETATS_CLOS, then=Value(1)), default=Value(0), output_field=IntegerField())
    return (
        Parcours.objects.filter(personne=personne)
        .select_related(
            "departement",
            "conseiller",
            "referent_social",
            "organisation_conseiller__commune",
            "organisation_referent__commune",
        )
        .order_by(clos_en_dernier.asc(), "-date_reperage", "-pk")
        .first()
    )


def plan_signe(parcours: Parcours | None) -> PlanAction | None:
    """La dernière version signée du plan d'action du parcours (le brouillon en cours de révision n'est pas montré)."""
    if parcours is None:
        return None
    return PlanAction.objects.filter(parcours=parcours, signe_le__isnull=False).order_by("-version", "-pk").first()


def _actions(contenu: dict):
    for objectif in contenu.get("objectifs", []):
        yield from objectif.get("actions", [])
    yield from contenu.get("actions_sans_objectif", [])


def coordonnees_service(service: Service) -> dict:
    """Nom, structure, adresse, horaires et téléphone d'un service (ceux de sa structure à défaut) ; le téléphone et le
    courriel réservés aux professionnels ne sont pas montrés à la personne."""
    structure = service.structure
    adresse = service.adresse or structure.adresse
    complement = service.complement_adresse if service.adresse else structure.complement_adresse
    code_postal, commune = (
        (service.code_postal, service.commune) if service.commune else (structure.code_postal, structure.commune)
    )
    reserve = service.contact_reserve_professionnels
    return {
        "id": service.pk,
        "nom": service.nom,
        "structure": structure.nom,
        "adresse": ", ".join(p for p in (adresse, complement, f"{code_postal} {commune}".strip()) if p),
        "telephone": "" if reserve else (service.telephone or structure.telephone),
        "courriel": "" if reserve else (service.courriel or structure.courriel),
        "horaires": service.horaires_accueil or structure.horaires_accueil,
        "ferme": service.est_ferme(),
    }


def _services_publies(identifiants) -> dict[str, Service]:
    identifiants = {i for i in identifiants if i}
    if not identifiants:
        return {}
    services = Service.objects.filter(pk__in=identifiants, statut=StatutService.PUBLIE).select_related("structure")
    return {s.pk: s for s in services}


def _contenu_avec_services(contenu: dict) -> dict:
    """Copie du contenu figé dont chaque action porte ``service`` (coordonnées du service publié, ou ``None``)."""
    contenu = {
        **contenu,
        "objectifs": [{**o, "actions": [dict(a) for a in o.get("actions", [])]} for o in contenu.get("objectifs", [])],
        "actions_sans_objectif": [dict(a) for a in contenu.get("actions_sans_objectif", [])],
    }
    services = _services_publies(a.get("service_ressource_id") for a in _actions(contenu))
    for action in _actions(contenu):
        service = services.get(action.get("service_ressource_id") or "")
        action["service"] = coordonnees_service(service) if service is not None else None
    return contenu


def mon_plan(personne: Personne) -> dict:
    """Le plan signé en cours : ``{"parcours", "plan", "contenu", "signature", "personne", "departement"}`` ; le
    même contexte sert à la page et au PDF (gabarit du contrat d'engagement) ; ``plan`` : ``None`` sans plan signé."""
    parcours = parcours_courant(personne)
    plan = plan_signe(parcours)
    if plan is None:
        return {"parcours": parcours, "plan": None, "contenu": None, "signature": None}
    contenu = _contenu_avec_services(contenu_lisible(plan))
    signe_le = contenu.get("signe_le")
    return {
        "parcours": parcours,
        "plan": plan,
        "personne": personne,
        "departement": parcours.departement,
        "contenu": contenu,
        "signature": {
            "date": datetime.date.fromisoformat(signe_le) if signe_le else plan.signe_le,
            "lieu": contenu.get("lieu_signature", ""),
        },
    }


def contrat_pdf(personne: Personne) -> dict:
    """Contexte du PDF du plan signé ; 404 s'il n'y en a pas."""
    contexte = mon_plan(personne)
    if contexte["plan"] is None:
        raise Http404
    return contexte


# --- Rendez-vous et séances ---------------------------------------------------------------------------------------


def _rendez_vous_de(personne: Personne):
    return RendezVous.objects.filter(
        parcours__personne=personne, parcours__personne__anonymise_le__isnull=True
    ).select_related(
        "parcours__organisation_conseiller",
        "parcours__organisation_referent",
        "organisateur",
    )


def rendez_vous_a_venir(personne: Personne, *, maintenant: datetime.datetime | None = None) -> list[RendezVous]:
    """Les rendez-vous planifiés à venir de la personne, du plus proche au plus lointain ; chacun porte
    ``avec`` (les professionnels attendus), ``structure`` et ``modifiable`` (parcours ouvert)."""
    maintenant = maintenant or timezone.now()
    liste = list(
        _rendez_vous_de(personne)
        .filter(statut=StatutRendezVous.PLANIFIE, debut__gt=maintenant)
        .prefetch_related("professionnels")
        .order_by("debut", "pk")
    )
    for rdv in liste:
        parcours = rdv.parcours
        rdv.avec = [p.get_full_name() for p in sorted(rdv.professionnels.all(), key=lambda p: p.pk)]
        organisation = (
            parcours.organisation_referent
            if rdv.organisateur_id == parcours.referent_social_id and parcours.organisation_referent_id
            else parcours.organisation_conseiller or parcours.organisation_referent
        )
        rdv.structure = organisation.nom if organisation else ""
        rdv.modifiable = parcours.etat not in ETATS_CLOS
    return liste


def rendez_vous_de(personne: Personne, pk: int) -> RendezVous:
    """Un rendez-vous de la personne (quel que soit son statut) ; 404 pour celui d'une autre personne."""
    rendez_vous = _rendez_vous_de(personne).select_related("parcours__personne").filter(pk=pk).first()
    if rendez_vous is None:
        raise Http404
    return rendez_vous


def _inscriptions_de(personne: Personne):
    return Inscription.objects.filter(
        parcours__personne=personne, parcours__personne__anonymise_le__isnull=True
    ).select_related("seance__action__organisation", "seance__action__structure", "parcours__personne", "inscrite_par")


def seances_a_venir(personne: Personne, *, maintenant: datetime.datetime | None = None) -> list[Inscription]:
    """Les séances collectives à venir où la personne est inscrite ou sur liste d'attente."""
    maintenant = maintenant or timezone.now()
    return list(
        _inscriptions_de(personne)
        .filter(
            statut__in=INSCRIPTIONS_ACTIVES,
            seance__statut=StatutSeance.PLANIFIEE,
            seance__debut__gt=maintenant,
        )
        .order_by("seance__debut", "pk")
    )


def inscription_de(personne: Personne, pk: int) -> Inscription:
    """Une inscription active de la personne à une séance ; 404 sinon (autre personne, désinscrite)."""
    inscription = _inscriptions_de(personne).filter(pk=pk, statut__in=INSCRIPTIONS_ACTIVES).first()
    if inscription is None:
        raise Http404
    return inscription


# --- Référents et services ----------------------------------------------------------------------------------------


def _adresse_organisation(organisation) -> str:
    commune = organisation.commune
    ville = f"{commune.code_postal} {commune.nom}".strip() if commune else ""
    return ", ".join(p for p in (organisation.adresse, ville) if p)


def _referent(role, utilisateur, organisation) -> dict | None:
    if utilisateur is None and organisation is None:
        return None
    return {
        "role": role,
        "nom": utilisateur.get_full_name() if utilisateur else "",
        "organisation": organisation.nom if organisation else "",
        "telephone": getattr(utilisateur, "telephone", "") or getattr(organisation, "telephone", ""),
        "adresse": _adresse_organisation(organisation) if organisation else "",
    }


def mes_referents(personne: Personne, *, parcours: Parcours | None = None) -> list[dict]:
    """Le conseiller France Travail et le référent social du parcours courant : nom, organisation, téléphone et
    adresse professionnels (le téléphone de l'organisation à défaut de celui du professionnel)."""
    parcours = parcours if parcours is not None else parcours_courant(personne)
    if parcours is None or parcours.etat in ETATS_CLOS:
        return []
    referents = [
        _referent(_("Conseiller France Travail"), parcours.conseiller, parcours.organisation_conseiller),
        _referent(_("Référent social"), parcours.referent_social, parcours.organisation_referent),
    ]
    return [r for r in referents if r is not None]


def mes_services(personne: Personne) -> list[dict]:
    """Les services publiés de l'annuaire vers lesquels la personne est orientée (orientation envoyée ou acceptée)
    ou que son plan signé désigne ; chacun une fois, par nom. ``orientation`` : le statut de l'orientation."""
    orientations = {}
    for orientation in (
        OrientationService.objects.filter(personne=personne, statut__in=ORIENTATIONS_EN_COURS)
        .only("service_id", "statut", "cree_le")
        .order_by("-cree_le", "-pk")
    ):
        orientations.setdefault(orientation.service_id, orientation.get_statut_display())
    plan = plan_signe(parcours_courant(personne))
    du_plan = {a.get("service_ressource_id") for a in _actions(contenu_lisible(plan))} if plan else set()
    services = _services_publies(set(orientations) | du_plan)
    resultat = [{**coordonnees_service(s), "orientation": orientations.get(s.pk, "")} for s in services.values()]
    return sorted(resultat, key=lambda s: (s["nom"].lower(), s["id"]))
