"""Qui voit quoi dans l'accompagnement : la politique d'accès unique aux dossiers personnels.

Règle (docs/architecture.md, docs/modele-de-donnees.md) — un dossier (personne et ses parcours) s'ouvre :

- au **binôme** : conseiller France Travail ou référent social d'un parcours (en cours ou clos) de la
  personne, tant qu'il garde une habilitation active de ce rôle dans le département de la personne ;
- aux **encadrants** d'une organisation qui est celle du conseiller ou du référent d'un parcours de la personne ;
- à l'**administrateur départemental** du département de la personne ;
- **avant l'entrée** (parcours repéré, orientation proposée, diagnostic partagé), pour ce parcours
  seulement : à l'auteur du repérage (qui a enregistré la personne) et à celui de la proposition ;
  aux professionnels de l'autre côté dont l'organisation couvre la commune de la personne, tant que
  l'orientation attend une réponse (boîte de réception : conseiller FT ou référent orientation d'une
  agence France Travail ; travailleur social ou référent orientation d'une unité d'action sociale ou du
  conseil départemental) ; au référent orientation du département.

Jamais : le pilote (agrégats seulement, ``binome.pilotage``), le partenaire (l'annuaire gère ce qu'une
orientation lui transmet), le super-administrateur de la plateforme en tant que tel (administration
technique seulement ; s'il détient aussi des habilitations, ce sont elles qui comptent).

Côté social (notes privées non partagées, RQTH, détail des freins) : le référent social d'un parcours
de la personne et les encadrants de son organisation sociale (unité d'action sociale, conseil
départemental) — pas l'administrateur départemental (besoin d'en connaître, CASF L.121-6-2).

Toutes les fonctions construisent des ``QuerySet`` paresseux à sous-requêtes ``IN (SELECT …)`` :
aucune boucle Python sur une table, aucune requête par ligne. Seule requête annexe : les habilitations
de l'acteur, mises en cache par ``binome.comptes.selectors.habilitations``.
"""

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404

from binome.accompagnement import alertes
from binome.accompagnement.enums import (
    ETATS_AVANT_ENTREE,
    ETATS_CLOS,
    ETATS_EN_COURS,
    STATUTS_ORIENTATION_EN_ATTENTE,
    Cote,
    DomaineFrein,
)
from binome.accompagnement.models import (
    Contact,
    DemandeCoordination,
    Diagnostic,
    ElementReferentiel,
    Evenement,
    FreinDiagnostic,
    NotePrivee,
    Orientation,
    Parcours,
    Personne,
    PlanAction,
)
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.comptes.selectors import HabilitationActive, departements_du_role, habilitations, organisations_du_role
from binome.core.texte import normaliser
from binome.organisations.models import Organisation, ParametresDepartement, TypeOrganisation

# Champs de ``Personne`` qui sont des données de santé : à n'afficher que si ``voit_cote_social``.
CHAMPS_SANTE_PERSONNE = ("rqth",)
# Champs de ``FreinDiagnostic`` réservés au côté social (le côté FT voit domaine et niveau).
CHAMPS_DETAIL_FREIN = ("situations", "precision")

TYPES_ORGANISATION_SOCIALE = (TypeOrganisation.UNITE_ACTION_SOCIALE, TypeOrganisation.CONSEIL_DEPARTEMENTAL)

# Qui reçoit les orientations de chaque côté : (rôles, types d'organisation).
DESTINATAIRES = {
    Cote.FRANCE_TRAVAIL: ((Role.CONSEILLER_FT, Role.REFERENT_ORIENTATION), (TypeOrganisation.AGENCE_FT,)),
    Cote.DEPARTEMENT: ((Role.TRAVAILLEUR_SOCIAL, Role.REFERENT_ORIENTATION), TYPES_ORGANISATION_SOCIALE),
}
ROLES_PRESCRIPTEURS = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL, Role.REFERENT_ORIENTATION)

_AUCUN = Q(pk__in=[])


def _ou(conditions: list[Q]) -> Q:
    """Disjonction des conditions ; ``_AUCUN`` (rien) si la liste est vide ou ne contient que ``_AUCUN``."""
    utiles = [condition for condition in conditions if condition != _AUCUN]
    if not utiles:
        return _AUCUN
    resultat = utiles[0]
    for condition in utiles[1:]:
        resultat |= condition
    return resultat


# --- Briques (sur Parcours) ----------------------------------------------------------------------


def _q_binome(acteur) -> Q:
    """Parcours dont l'acteur est membre du binôme avec un rôle actif dans le département."""
    conditions = []
    depts_conseiller = departements_du_role(acteur, Role.CONSEILLER_FT)
    if depts_conseiller:
        conditions.append(Q(conseiller=acteur, departement__in=depts_conseiller))
    depts_social = departements_du_role(acteur, Role.TRAVAILLEUR_SOCIAL)
    if depts_social:
        conditions.append(Q(referent_social=acteur, departement__in=depts_social))
    return _ou(conditions)


def _q_encadrant(acteur) -> Q:
    """Parcours dont le conseiller ou le référent relève d'une organisation que l'acteur encadre."""
    organisations = organisations_du_role(acteur, Role.ENCADRANT)
    if not organisations:
        return _AUCUN
    return Q(organisation_conseiller__in=organisations) | Q(organisation_referent__in=organisations)


def _q_dossier_complet_parcours(acteur) -> Q:
    """Parcours qui ouvrent tout le dossier de leur personne (binôme, encadrants)."""
    return _ou([_q_binome(acteur), _q_encadrant(acteur)])


def _orientations_en_attente_pour(acteur) -> QuerySet[Orientation] | None:
    """Orientations en attente dans la boîte de réception de l'acteur (hors les siennes)."""
    conditions = []
    for cote, (roles_cote, types_cote) in DESTINATAIRES.items():
        du_cote = [h for h in habilitations(acteur) if h.role in roles_cote and h.organisation_type in types_cote]
        if du_cote:
            conditions.append(
                Q(
                    cote_destinataire=cote,
                    parcours__personne__commune__organisations_couvrantes__in={h.organisation_id for h in du_cote},
                    parcours__personne__departement__in={h.departement_code for h in du_cote},
                )
            )
    depts_referent = departements_du_role(acteur, Role.REFERENT_ORIENTATION)
    if depts_referent:
        conditions.append(Q(parcours__personne__departement__in=depts_referent))
    if not conditions:
        return None
    return Orientation.objects.filter(
        _ou(conditions), statut__in=STATUTS_ORIENTATION_EN_ATTENTE, parcours__etat__in=ETATS_AVANT_ENTREE
    ).exclude(prescripteur=acteur)


def _q_avant_entree(acteur) -> Q:
    """Parcours pas encore entrés, visibles du prescripteur, de la boîte de réception et du référent orientation."""
    conditions = []
    if departements_du_role(acteur, *ROLES_PRESCRIPTEURS):
        conditions.append(
            Q(
                pk__in=Orientation.objects.filter(
                    prescripteur=acteur,
                    parcours__departement__in=departements_du_role(acteur, *ROLES_PRESCRIPTEURS),
                ).values("parcours_id")
            )
        )
        # L'auteur du repérage (création de la personne) garde la main jusqu'à l'orientation et au-delà,
        # tant que le parcours n'est pas entré (cycle du parcours : ``personne_creer``).
        conditions.append(Q(cree_par=acteur, departement__in=departements_du_role(acteur, *ROLES_PRESCRIPTEURS)))
    boite = _orientations_en_attente_pour(acteur)
    if boite is not None:
        conditions.append(Q(pk__in=boite.values("parcours_id")))
    depts_referent = departements_du_role(acteur, Role.REFERENT_ORIENTATION)
    if depts_referent:
        conditions.append(Q(personne__departement__in=depts_referent))
    if not conditions:
        return _AUCUN
    return Q(etat__in=ETATS_AVANT_ENTREE) & _ou(conditions)


def _q_personne_dossier_complet(acteur) -> Q:
    """Condition sur Personne : dossier entier ouvert à l'acteur."""
    conditions = []
    depts_admin = departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL)
    if depts_admin:
        conditions.append(Q(departement__in=depts_admin))
    q_parcours = _q_dossier_complet_parcours(acteur)
    if q_parcours != _AUCUN:
        conditions.append(Q(pk__in=Parcours.objects.filter(q_parcours).values("personne_id")))
    return _ou(conditions)


def _sans_habilitation(acteur) -> bool:
    return not habilitations(acteur)


# --- Personnes ----------------------------------------------------------------------------------------


def personnes_visibles(acteur) -> QuerySet[Personne]:
    """Personnes dont l'acteur peut ouvrir le dossier (en entier ou, avant l'entrée, le seul parcours en cours)."""
    if _sans_habilitation(acteur):
        return Personne.objects.none()
    conditions = [_q_personne_dossier_complet(acteur)]
    q_avant = _q_avant_entree(acteur)
    if q_avant != _AUCUN:
        conditions.append(Q(pk__in=Parcours.objects.filter(q_avant).values("personne_id")))
    return Personne.objects.filter(_ou(conditions)).select_related("departement", "commune")


def personne_pour(acteur, pk) -> Personne:
    """La personne ``pk`` si l'acteur peut ouvrir son dossier ; ``Http404`` sinon (même si elle existe)."""
    return get_object_or_404(personnes_visibles(acteur), pk=pk)


# --- Parcours ------------------------------------------------------------------------------------------


def parcours_visibles(acteur) -> QuerySet[Parcours]:
    """Parcours visibles : tous ceux d'un dossier complet, et les parcours avant entrée de la boîte de réception."""
    if _sans_habilitation(acteur):
        return Parcours.objects.none()
    conditions = []
    q_personne = _q_personne_dossier_complet(acteur)
    if q_personne != _AUCUN:
        conditions.append(Q(personne__in=Personne.objects.filter(q_personne).values("pk")))
    conditions.append(_q_avant_entree(acteur))
    return Parcours.objects.filter(_ou(conditions)).select_related(
        "personne",
        "departement",
        "conseiller",
        "referent_social",
        "organisation_conseiller",
        "organisation_referent",
    )


def parcours_pour(acteur, pk) -> Parcours:
    """Le parcours ``pk`` s'il est visible de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(parcours_visibles(acteur), pk=pk)


def parcours_de(acteur, personne: Personne) -> QuerySet[Parcours]:
    """Parcours de ``personne`` visibles de l'acteur, du plus récent au plus ancien."""
    return parcours_visibles(acteur).filter(personne=personne).order_by("-date_reperage", "-pk")


def peut_modifier(acteur, parcours: Parcours) -> bool:
    """L'acteur peut-il écrire sur ce parcours ?

    Le binôme et les encadrants de leurs organisations, y compris après la sortie (suivi à 6 mois) ;
    avant l'entrée, aussi le prescripteur, les destinataires de l'orientation et le référent orientation.
    L'administrateur départemental consulte mais n'écrit pas dans les dossiers. Les services vérifient
    en plus que la transition demandée est permise par l'état du parcours.
    """
    if parcours is None or parcours.pk is None or _sans_habilitation(acteur):
        return False
    condition = _ou([_q_dossier_complet_parcours(acteur), _q_avant_entree(acteur)])
    if condition == _AUCUN:
        return False
    return Parcours.objects.filter(condition, pk=parcours.pk).exists()


# --- Côté social ------------------------------------------------------------------------------------------


def _q_cote_social(acteur) -> Q:
    """Parcours qui ouvrent le côté social à l'acteur."""
    conditions = []
    depts_social = departements_du_role(acteur, Role.TRAVAILLEUR_SOCIAL)
    if depts_social:
        conditions.append(Q(referent_social=acteur, departement__in=depts_social))
    organisations_sociales = {
        h.organisation_id
        for h in habilitations(acteur)
        if h.role == Role.ENCADRANT and h.organisation_type in TYPES_ORGANISATION_SOCIALE
    }
    if organisations_sociales:
        conditions.append(Q(organisation_referent__in=organisations_sociales))
    return _ou(conditions)


def voit_cote_social(acteur, personne: Personne) -> bool:
    """Notes privées non partagées, RQTH et détail des freins : le seul côté social du binôme."""
    if personne is None or personne.pk is None or _sans_habilitation(acteur):
        return False
    condition = _q_cote_social(acteur)
    if condition == _AUCUN:
        return False
    return Parcours.objects.filter(condition, personne=personne).exists()


def notes_privees_visibles(acteur, personne: Personne) -> QuerySet[NotePrivee]:
    """Notes privées de la personne : toutes pour le côté social ; sinon les seules notes partagées,
    pour qui peut ouvrir le dossier complet. France Travail ne voit jamais une note non partagée."""
    notes = NotePrivee.objects.filter(personne=personne).select_related("auteur", "organisation", "partagee_par")
    if voit_cote_social(acteur, personne):
        return notes
    if personnes_visibles_dossier_complet(acteur).filter(pk=personne.pk).exists():
        return notes.filter(partagee_le__isnull=False)
    return notes.none()


def personnes_visibles_dossier_complet(acteur) -> QuerySet[Personne]:
    """Personnes dont l'acteur ouvre tout le dossier (hors accès limité « avant l'entrée »)."""
    if _sans_habilitation(acteur):
        return Personne.objects.none()
    return Personne.objects.filter(_q_personne_dossier_complet(acteur))


def evenements_visibles(acteur, personne: Personne) -> QuerySet[Evenement]:
    """Chronologie de la personne, réduite aux parcours visibles ; les événements réservés au côté
    social n'apparaissent qu'à lui."""
    parcours = parcours_visibles(acteur).filter(personne=personne)
    complet = personnes_visibles_dossier_complet(acteur).filter(pk=personne.pk)
    evenements = Evenement.objects.filter(personne=personne).filter(
        Q(parcours__in=parcours.values("pk")) | (Q(parcours__isnull=True) & Q(Exists(complet)))
    )
    if not voit_cote_social(acteur, personne):
        evenements = evenements.filter(cote_social_seulement=False)
    return evenements.select_related("acteur").order_by("-date", "-pk")


# --- Boîte de réception --------------------------------------------------------------------------------


def orientations_a_traiter(acteur) -> QuerySet[Orientation]:
    """Boîte de réception : orientations en attente adressées au côté de l'acteur sur son territoire
    (ou, pour le référent orientation, à tout son département), hors celles qu'il a lui-même proposées."""
    boite = None if _sans_habilitation(acteur) else _orientations_en_attente_pour(acteur)
    if boite is None:
        return Orientation.objects.none()
    return (
        Orientation.objects.filter(pk__in=boite.values("pk"))
        .select_related(
            "parcours",
            "parcours__personne",
            "parcours__personne__commune",
            "prescripteur",
            "organisation_prescripteur",
        )
        .order_by("date_proposition", "pk")
    )


def orientations_proposees_par(acteur) -> QuerySet[Orientation]:
    """Orientations que l'acteur a proposées (suivi de ses envois), limitées aux parcours visibles."""
    return (
        Orientation.objects.filter(prescripteur=acteur, parcours__in=parcours_visibles(acteur).values("pk"))
        .select_related("parcours", "parcours__personne", "traitee_par")
        .order_by("-date_proposition", "-pk")
    )


__all__ = [
    "CHAMPS_DETAIL_FREIN",
    "CHAMPS_SANTE_PERSONNE",
    "evenements_visibles",
    "notes_privees_visibles",
    "orientations_a_traiter",
    "orientations_proposees_par",
    "parcours_de",
    "parcours_pour",
    "parcours_visibles",
    "personne_pour",
    "personnes_visibles",
    "personnes_visibles_dossier_complet",
    "peut_modifier",
    "voit_cote_social",
]


# --- Suivi : portefeuille, équipe, plan d'action, contacts, notes privées ------------------------------
#
# Portefeuille : les parcours dont l'acteur est le conseiller ou le référent social (``_q_binome``).
# Équipe : ceux des organisations qu'il encadre (``_q_encadrant``) ; lui seul y réaffecte un parcours.
# Plan d'action et contacts : lisibles par qui ouvre le parcours (``parcours_pour``), modifiables selon
# ``peut_modifier`` ; ils sont partagés par les deux côtés du binôme (ni santé ni détail social).
# Notes privées : écrites et partagées par le seul côté social (``voit_cote_social``).

ROLES_BINOME = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL)


class FiltreEtat:
    """Valeurs spéciales du filtre d'état du portefeuille (en plus des états du parcours)."""

    OUVERTS = ""  # parcours ouverts et sortis dont le suivi à 6 mois est dû
    TOUS = "tous"


# Tris proposés : clé → ordre SQL (les dates vides vont en fin de liste, sauf « sans contact » en tête).
TRIS = {
    "alertes": (F("nb_alertes").desc(), "personne__nom_normalise", "personne__prenom_normalise", "pk"),
    "personne": ("personne__nom_normalise", "personne__prenom_normalise", "pk"),
    "-personne": ("-personne__nom_normalise", "-personne__prenom_normalise", "-pk"),
    "etat": ("etat", "personne__nom_normalise", "pk"),
    "entree": (F("date_entree").asc(nulls_last=True), "pk"),
    "-entree": (F("date_entree").desc(nulls_last=True), "-pk"),
    "dernier_contact": (F("dernier_contact").asc(nulls_first=True), "pk"),
    "-dernier_contact": (F("dernier_contact").desc(nulls_last=True), "-pk"),
    "prochain_contact": (F("prochain_contact").asc(nulls_last=True), "pk"),
}
TRI_PAR_DEFAUT = "alertes"


def a_un_portefeuille(acteur) -> bool:
    """Conseiller France Travail ou travailleur social : il a un portefeuille de personnes."""
    return bool(departements_du_role(acteur, *ROLES_BINOME))


def encadre_une_equipe(acteur) -> bool:
    return bool(organisations_du_role(acteur, Role.ENCADRANT))


def _liste_suivi(condition: Q, aujourdhui=None) -> QuerySet[Parcours]:
    return alertes.annoter_alertes(
        Parcours.objects.filter(condition).select_related(
            "personne", "conseiller", "referent_social", "organisation_conseiller", "organisation_referent"
        ),
        aujourdhui=aujourdhui,
    )


def portefeuille(acteur, *, aujourdhui=None) -> QuerySet[Parcours]:
    """Parcours (tous états) dont l'acteur est le conseiller ou le référent social, annotés des alertes
    (``binome.accompagnement.alertes``). Rien pour qui n'a pas de rôle du binôme."""
    condition = _AUCUN if _sans_habilitation(acteur) else _q_binome(acteur)
    return _liste_suivi(condition, aujourdhui)


def parcours_equipe(acteur, *, aujourdhui=None) -> QuerySet[Parcours]:
    """Parcours des organisations que l'acteur encadre (conseiller ou référent de l'organisation), annotés."""
    condition = _AUCUN if _sans_habilitation(acteur) else _q_encadrant(acteur)
    return _liste_suivi(condition, aujourdhui)


def parcours_equipe_pour(acteur, pk) -> Parcours:
    """Un parcours de l'équipe de l'acteur (encadrant) ; ``Http404`` sinon."""
    condition = _AUCUN if _sans_habilitation(acteur) else _q_encadrant(acteur)
    return get_object_or_404(
        Parcours.objects.filter(condition).select_related(
            "personne", "conseiller", "referent_social", "organisation_conseiller", "organisation_referent"
        ),
        pk=pk,
    )


def filtrer_suivi(
    qs: QuerySet[Parcours],
    *,
    etat: str = FiltreEtat.OUVERTS,
    alerte: str = "",
    modalite: str = "",
    agent: int | None = None,
    recherche: str = "",
    tri: str = "",
) -> QuerySet[Parcours]:
    """Filtres et tri du portefeuille et de la vue équipe, sur une liste annotée par ``alertes``."""
    if etat == FiltreEtat.OUVERTS:
        qs = qs.filter(~Q(etat__in=ETATS_CLOS) | Q(alerte_suivi_6_mois=True))
    elif etat != FiltreEtat.TOUS:
        qs = qs.filter(etat=etat)
    if alerte:
        qs = qs.filter(alertes.filtre_alerte(alerte))
    if modalite:
        qs = qs.filter(modalite=modalite)
    if agent:
        qs = qs.filter(Q(conseiller_id=agent) | Q(referent_social_id=agent))
    terme = normaliser(recherche)
    if terme:
        qs = qs.filter(Q(personne__nom_normalise__contains=terme) | Q(personne__prenom_normalise__contains=terme))
    return qs.order_by(*TRIS.get(tri, TRIS[TRI_PAR_DEFAUT]))


def _fourchettes(codes) -> dict[str, tuple[int, int]]:
    """(minimum, maximum) du portefeuille attendu par département (valeurs par défaut sans paramètres)."""
    defaut = (
        ParametresDepartement._meta.get_field("portefeuille_min").default,
        ParametresDepartement._meta.get_field("portefeuille_max").default,
    )
    lus = {
        code: (minimum, maximum)
        for code, minimum, maximum in ParametresDepartement.objects.filter(departement_id__in=codes).values_list(
            "departement_id", "portefeuille_min", "portefeuille_max"
        )
    }
    return {code: lus.get(code, defaut) for code in codes}


def _niveau_charge(nombre: int, minimum: int, maximum: int) -> str:
    if nombre < minimum:
        return "sous"
    if nombre > maximum:
        return "au_dessus"
    return "dans"


def charge(acteur) -> list[dict]:
    """Charge de l'acteur par département où il a un rôle du binôme : parcours en cours (actifs, suspendus,
    renouvelés, social exclusif) dont il est membre, face à la fourchette attendue du département."""
    codes = sorted(departements_du_role(acteur, *ROLES_BINOME))
    if not codes:
        return []
    nombres = dict(
        Parcours.objects.filter(_q_binome(acteur), etat__in=ETATS_EN_COURS)
        .order_by()
        .values_list("departement_id")
        .annotate(n=Count("pk"))
    )
    fourchettes = _fourchettes(codes)
    lignes = []
    for code in codes:
        minimum, maximum = fourchettes[code]
        nombre = nombres.get(code, 0)
        lignes.append(
            {
                "departement": code,
                "nombre": nombre,
                "minimum": minimum,
                "maximum": maximum,
                "niveau": _niveau_charge(nombre, minimum, maximum),
            }
        )
    return lignes


def organisations_encadrees(acteur) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organisations_du_role(acteur, Role.ENCADRANT)).order_by("nom")


def agents_equipe(acteur, *, aujourdhui=None) -> list[dict]:
    """Conseillers et travailleurs sociaux des organisations que l'acteur encadre, avec leur charge (parcours
    en cours suivis pour cette organisation) et le nombre de leurs parcours qui portent une alerte.
    Nombre de requêtes constant (l'équipe n'est pas paginée : quelques dizaines d'agents au plus)."""
    organisations = organisations_du_role(acteur, Role.ENCADRANT)
    if not organisations:
        return []
    habs = list(
        Habilitation.objects.filter(
            organisation_id__in=organisations, role__in=ROLES_BINOME, active=True, utilisateur__is_active=True
        )
        .select_related("utilisateur", "organisation")
        .order_by("organisation__nom", "utilisateur__nom", "utilisateur__prenom", "role")
    )
    if not habs:
        return []
    equipe = Parcours.objects.filter(_q_encadrant(acteur))
    avec_alerte = alertes.aliaser_alertes(equipe, aujourdhui=aujourdhui).filter(
        ~Q(etat__in=ETATS_CLOS) | Q(alerte_suivi_6_mois=True), nb_alertes__gt=0
    )

    def compter(qs, agent, organisation):
        return {
            (a, o): n
            for a, o, n in qs.filter(**{f"{organisation}__in": organisations, f"{agent}__isnull": False})
            .order_by()
            .values_list(agent, organisation)
            .annotate(n=Count("pk"))
        }

    en_cours = equipe.filter(etat__in=ETATS_EN_COURS)
    par_role = {
        Role.CONSEILLER_FT: (
            compter(en_cours, "conseiller_id", "organisation_conseiller_id"),
            compter(avec_alerte, "conseiller_id", "organisation_conseiller_id"),
        ),
        Role.TRAVAILLEUR_SOCIAL: (
            compter(en_cours, "referent_social_id", "organisation_referent_id"),
            compter(avec_alerte, "referent_social_id", "organisation_referent_id"),
        ),
    }
    fourchettes = _fourchettes({h.organisation.departement_id for h in habs})
    lignes = []
    for h in habs:
        nombres, alertes_agent = par_role[h.role]
        cle = (h.utilisateur_id, h.organisation_id)
        minimum, maximum = fourchettes[h.organisation.departement_id]
        nombre = nombres.get(cle, 0)
        lignes.append(
            {
                "utilisateur": h.utilisateur,
                "organisation": h.organisation,
                "role": h.get_role_display(),
                "nombre": nombre,
                "avec_alerte": alertes_agent.get(cle, 0),
                "minimum": minimum,
                "maximum": maximum,
                "niveau": _niveau_charge(nombre, minimum, maximum),
            }
        )
    return lignes


def _agents_de(organisation_id, role) -> QuerySet[Utilisateur]:
    return (
        Utilisateur.objects.filter(
            is_active=True,
            habilitations__organisation_id=organisation_id,
            habilitations__role=role,
            habilitations__active=True,
        )
        .distinct()
        .order_by("nom", "prenom", "pk")
    )


def reaffectations_possibles(acteur, parcours: Parcours) -> dict[str, QuerySet[Utilisateur]]:
    """Pour chaque membre du binôme que l'acteur peut réaffecter (il encadre l'organisation de ce côté),
    les agents actifs de cette organisation qui ont le rôle voulu. Vide : l'acteur ne peut rien réaffecter."""
    organisations = organisations_du_role(acteur, Role.ENCADRANT)
    possibles = {}
    if parcours.organisation_conseiller_id and parcours.organisation_conseiller_id in organisations:
        possibles["conseiller"] = _agents_de(parcours.organisation_conseiller_id, Role.CONSEILLER_FT)
    if parcours.organisation_referent_id and parcours.organisation_referent_id in organisations:
        possibles["referent_social"] = _agents_de(parcours.organisation_referent_id, Role.TRAVAILLEUR_SOCIAL)
    return possibles


# --- Plan d'action et contacts (le parcours a déjà été obtenu par ``parcours_pour``) -------------------


def plans_du_parcours(parcours: Parcours) -> QuerySet[PlanAction]:
    """Versions du plan d'action, de la plus récente à la plus ancienne."""
    return PlanAction.objects.filter(parcours=parcours).select_related("cree_par", "modifie_par").order_by("-version")


def plan_courant(parcours: Parcours) -> PlanAction | None:
    """La dernière version du plan (brouillon en cours ou dernière signée), ou ``None``."""
    return plans_du_parcours(parcours).first()


def plan_version(parcours: Parcours, version: int) -> PlanAction:
    return get_object_or_404(plans_du_parcours(parcours), version=version)


def objectifs_du_plan(plan: PlanAction):
    return plan.objectifs.select_related("element_referentiel", "modifie_par").order_by("pk")


def actions_du_plan(plan: PlanAction):
    return plan.actions.select_related("element_referentiel", "objectif", "modifie_par").order_by("pk")


def services_rattaches(acteur, actions) -> dict:
    """Services de l'annuaire rattachés aux actions, en une requête : ``{identifiant: Service}``.

    Seuls les services que l'acteur peut consulter dans l'annuaire (règle de ``binome.ressources.selectors``)
    sont renvoyés ; un identifiant absent du dictionnaire désigne un service retiré ou non publié.
    """
    from binome.ressources.selectors import services_publies

    identifiants = {a.service_ressource_id for a in actions if a.service_ressource_id}
    if not identifiants:
        return {}
    return {s.pk: s for s in services_publies(acteur).filter(pk__in=identifiants).only("id", "nom")}


def contacts_du_parcours(parcours: Parcours) -> QuerySet[Contact]:
    return (
        Contact.objects.filter(parcours=parcours)
        .select_related("auteur")
        .prefetch_related("participants")
        .order_by("-date", "-pk")
    )


def participants_possibles(parcours: Parcours, acteur) -> QuerySet[Utilisateur]:
    """Professionnels que l'on peut cocher comme présents à un contact : le binôme et l'auteur de la saisie."""
    ids = {pk for pk in (parcours.conseiller_id, parcours.referent_social_id, acteur.pk) if pk}
    return Utilisateur.objects.filter(pk__in=ids).order_by("nom", "prenom", "pk")


def elements_referentiel(type_element: str, *, theme: str = "", recherche: str = "") -> QuerySet[ElementReferentiel]:
    """Objectifs ou actions actifs du référentiel, filtrés par thème et par texte (sans accents)."""
    qs = ElementReferentiel.objects.filter(type=type_element, actif=True)
    if theme:
        qs = qs.filter(theme_code=theme)
    elements = qs.order_by("theme_libelle", "libelle")
    terme = normaliser(recherche)
    if not terme:
        return elements
    # Le référentiel compte quelques centaines de lignes : filtrage portable sur le libellé normalisé.
    retenus = [e.pk for e in elements if terme in normaliser(f"{e.theme_libelle} {e.libelle}")]
    return elements.filter(pk__in=retenus)


def themes_referentiel(type_element: str) -> list[tuple[str, str]]:
    return list(
        ElementReferentiel.objects.filter(type=type_element, actif=True)
        .order_by("theme_libelle")
        .values_list("theme_code", "theme_libelle")
        .distinct()
    )


# --- Notes privées ----------------------------------------------------------------------------------------


def peut_ecrire_note_privee(acteur, personne: Personne) -> bool:
    """Écrire et partager une note privée : le seul côté social (référent social, encadrant social)."""
    return voit_cote_social(acteur, personne)


def organisation_sociale_de(acteur, personne: Personne) -> int | None:
    """Organisation sociale au titre de laquelle l'acteur écrit sur cette personne (celle du parcours le
    plus récent qui lui ouvre le côté social), ou ``None``."""
    if not peut_ecrire_note_privee(acteur, personne):
        return None
    organisation = (
        Parcours.objects.filter(_q_cote_social(acteur), personne=personne, organisation_referent__isnull=False)
        .order_by("-date_reperage", "-pk")
        .values_list("organisation_referent_id", flat=True)
        .first()
    )
    if organisation:
        return organisation
    sociales = [
        h.organisation_id
        for h in habilitations(acteur)
        if h.role in (Role.TRAVAILLEUR_SOCIAL, Role.ENCADRANT)
        and h.organisation_type in TYPES_ORGANISATION_SOCIALE
        and h.departement_code == personne.departement_id
    ]
    return sociales[0] if sociales else None


def note_privee_a_partager(acteur, personne: Personne, pk) -> NotePrivee:
    """Une note de la personne que l'acteur (côté social) peut partager ; ``Http404`` sinon."""
    notes = notes_privees_visibles(acteur, personne) if peut_ecrire_note_privee(acteur, personne) else None
    return get_object_or_404(notes if notes is not None else NotePrivee.objects.none(), pk=pk)


def partage_du_dossier(acteur, personne: Personne) -> dict:
    """Ce que le bandeau « Ce qui est partagé avec qui » dit au professionnel. Le côté France Travail
    n'apprend pas combien de notes non partagées existent : seulement les notes qui lui sont partagées."""
    cote_social = voit_cote_social(acteur, personne)
    comptes = notes_privees_visibles(acteur, personne).aggregate(
        total=Count("pk"), partagees=Count("pk", filter=Q(partagee_le__isnull=False))
    )
    return {
        "cote_social": cote_social,
        "nb_notes": comptes["total"] if cote_social else None,
        "nb_partagees": comptes["partagees"],
    }


__all__ += [
    "a_un_portefeuille",
    "agents_equipe",
    "charge",
    "contacts_du_parcours",
    "elements_referentiel",
    "encadre_une_equipe",
    "filtrer_suivi",
    "note_privee_a_partager",
    "organisation_sociale_de",
    "organisations_encadrees",
    "parcours_equipe",
    "parcours_equipe_pour",
    "partage_du_dossier",
    "participants_possibles",
    "peut_ecrire_note_privee",
    "plan_courant",
    "plan_version",
    "plans_du_parcours",
    "portefeuille",
    "reaffectations_possibles",
    "themes_referentiel",
]


# --- Cycle du parcours : repérage, doublons, orientation, diagnostic, binôme, coordination --------------
#
# Repérage : un prescripteur (conseiller FT, travailleur social, référent orientation) enregistre une
# personne dans un de ses départements ; il garde la main sur ce parcours jusqu'à l'entrée
# (``_q_avant_entree``). Orientation : proposée par un prescripteur qui ouvre le dossier, traitée par les
# destinataires de la boîte de réception. Détail social du diagnostic : ``voit_detail_social``.
# Côté d'un acteur dans un parcours entré (coordination, accord de renouvellement) : ``cote_dans_parcours``.

# Rôles qui, dans une organisation sociale, instruisent une orientation côté Département avant l'entrée.
ROLES_SOCIAUX_AVANT_ENTREE = (Role.TRAVAILLEUR_SOCIAL, Role.REFERENT_ORIENTATION)


# Rôles qui ouvrent des dossiers personnels (liste « Personnes ») ; jamais le pilote ni le partenaire.
ROLES_DOSSIERS = (*ROLES_PRESCRIPTEURS, Role.ENCADRANT, Role.ADMIN_DEPARTEMENTAL)


def consulte_des_dossiers(acteur) -> bool:
    """L'acteur a un rôle qui ouvre des dossiers (la liste « Personnes » lui est utile). Le pilote (agrégats
    seulement) et le partenaire n'en ont pas : la liste leur est refusée."""
    return any(h.role in ROLES_DOSSIERS for h in habilitations(acteur))


def recoit_des_orientations(acteur) -> bool:
    """L'acteur a une boîte de réception des orientations (destinataire d'un côté ou référent orientation)."""
    return any(
        h.role == Role.REFERENT_ORIENTATION or (h.role in roles and h.organisation_type in types)
        for h in habilitations(acteur)
        for roles, types in DESTINATAIRES.values()
    )


def departements_creation_personne(acteur) -> set[str]:
    """Départements où l'acteur peut enregistrer (repérer) une personne : ceux de ses rôles de prescripteur."""
    return departements_du_role(acteur, *ROLES_PRESCRIPTEURS)


@dataclass(frozen=True)
class DoublonProbable:
    """Un dossier existant qui ressemble à la saisie. ``personne`` n'est renseignée que si l'acteur ouvre
    ce dossier ; sinon seule l'existence d'un dossier est signalée (ni nom, ni commune, ni lien)."""

    pk: int
    meme_identifiant_ft: bool
    meme_nom_et_naissance: bool
    personne: Personne | None

    @property
    def accessible(self) -> bool:
        return self.personne is not None


def personnes_doublons_probables(
    acteur, *, departement, identifiant_ft: str = "", nom: str = "", date_naissance=None, exclure=None
) -> list[DoublonProbable]:
    """Doublons probables d'une saisie dans le département : même identifiant France Travail, ou même nom
    (normalisé) et même date de naissance. Réservé à qui peut enregistrer une personne dans ce département.
    Deux requêtes, quel que soit le nombre de candidats (20 au plus)."""
    code = getattr(departement, "pk", departement)
    if code not in departements_creation_personne(acteur):
        return []
    identifiant = (identifiant_ft or "").strip().upper()
    nom_normalise = normaliser(nom)
    conditions = []
    if identifiant:
        conditions.append(Q(identifiant_ft__iexact=identifiant))
    if nom_normalise and date_naissance:
        conditions.append(Q(nom_normalise=nom_normalise, date_naissance=date_naissance))
    if not conditions:
        return []
    candidats = Personne.objects.filter(_ou(conditions), departement_id=code, anonymise_le__isnull=True)
    if exclure is not None:
        candidats = candidats.exclude(pk=getattr(exclure, "pk", exclure))
    candidats = list(candidats.select_related("commune").order_by("pk")[:20])
    if not candidats:
        return []
    accessibles = set(personnes_visibles(acteur).filter(pk__in=[c.pk for c in candidats]).values_list("pk", flat=True))
    return [
        DoublonProbable(
            pk=c.pk,
            meme_identifiant_ft=bool(identifiant) and c.identifiant_ft.upper() == identifiant,
            meme_nom_et_naissance=bool(nom_normalise)
            and c.nom_normalise == nom_normalise
            and c.date_naissance == date_naissance,
            personne=c if c.pk in accessibles else None,
        )
        for c in candidats
    ]


def peut_modifier_personne(acteur, personne: Personne) -> bool:
    """Modifier l'identité et la situation d'une personne : qui peut écrire sur l'un de ses parcours
    (``peut_modifier`` : binôme, encadrants, et avant l'entrée l'auteur du repérage, le prescripteur et les
    destinataires de l'orientation). L'administrateur départemental consulte seulement."""
    if personne is None or personne.pk is None or _sans_habilitation(acteur):
        return False
    condition = _ou([_q_dossier_complet_parcours(acteur), _q_avant_entree(acteur)])
    if condition == _AUCUN:
        return False
    return Parcours.objects.filter(condition, personne=personne).exists()


def peut_proposer_orientation(acteur, personne: Personne) -> bool:
    """Proposer une orientation : un prescripteur du département de la personne qui ouvre son dossier."""
    if personne is None or personne.departement_id not in departements_du_role(acteur, *ROLES_PRESCRIPTEURS):
        return False
    return personnes_visibles(acteur).filter(pk=personne.pk).exists()


def organisations_prescriptrices(acteur, departement) -> list[HabilitationActive]:
    """Habilitations de prescripteur de l'acteur dans ce département, une par organisation (le rôle du
    binôme l'emporte sur celui de référent orientation dans une même organisation)."""
    code = getattr(departement, "pk", departement)
    retenues: dict[int, HabilitationActive] = {}
    for h in habilitations(acteur):
        if h.role not in ROLES_PRESCRIPTEURS or h.departement_code != code:
            continue
        deja = retenues.get(h.organisation_id)
        if deja is None or deja.role == Role.REFERENT_ORIENTATION:
            retenues[h.organisation_id] = h
    return list(retenues.values())


def peut_traiter_orientation(acteur, orientation: Orientation) -> bool:
    """Planifier le diagnostic ou refuser : l'orientation est dans la boîte de réception de l'acteur."""
    return orientations_a_traiter(acteur).filter(pk=orientation.pk).exists()


def orientation_a_traiter_pour(acteur, pk) -> Orientation:
    """Une orientation de la boîte de réception de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(orientations_a_traiter(acteur), pk=pk)


def voit_detail_social(acteur, parcours: Parcours) -> bool:
    """Détail social d'un parcours (situations et précision des freins du diagnostic) : le côté social du
    dossier (``voit_cote_social``) et, avant l'entrée, les professionnels du côté social (travailleur
    social ou référent orientation d'une unité d'action sociale ou du conseil départemental) qui peuvent
    écrire sur ce parcours : ils instruisent l'orientation et mènent le diagnostic. Jamais le côté France
    Travail ni l'administrateur départemental."""
    if parcours is None or parcours.pk is None or _sans_habilitation(acteur):
        return False
    if voit_cote_social(acteur, parcours.personne):
        return True
    if parcours.etat not in ETATS_AVANT_ENTREE:
        return False
    sociaux = {
        h.departement_code
        for h in habilitations(acteur)
        if h.role in ROLES_SOCIAUX_AVANT_ENTREE and h.organisation_type in TYPES_ORGANISATION_SOCIALE
    }
    return parcours.departement_id in sociaux and peut_modifier(acteur, parcours)


def membre_du_binome(acteur, parcours: Parcours) -> str | None:
    """Côté (``Cote``) de l'acteur s'il est lui-même membre du binôme de ce parcours avec une habilitation
    active de ce rôle dans le département ; ``None`` sinon. Sans requête (habilitations en cache)."""
    if acteur is None or not getattr(acteur, "pk", None) or parcours is None:
        return None
    if parcours.conseiller_id == acteur.pk and parcours.departement_id in departements_du_role(
        acteur, Role.CONSEILLER_FT
    ):
        return Cote.FRANCE_TRAVAIL
    if parcours.referent_social_id == acteur.pk and parcours.departement_id in departements_du_role(
        acteur, Role.TRAVAILLEUR_SOCIAL
    ):
        return Cote.DEPARTEMENT
    return None


def cote_dans_parcours(acteur, parcours: Parcours) -> str | None:
    """Côté au titre duquel l'acteur agit sur un parcours : celui de son rôle dans le binôme, sinon celui de
    l'organisation qu'il encadre (agence → France Travail, organisation sociale → Département)."""
    cote = membre_du_binome(acteur, parcours)
    if cote is not None:
        return cote
    encadrees = organisations_du_role(acteur, Role.ENCADRANT)
    if parcours.organisation_conseiller_id and parcours.organisation_conseiller_id in encadrees:
        return Cote.FRANCE_TRAVAIL
    if parcours.organisation_referent_id and parcours.organisation_referent_id in encadrees:
        return Cote.DEPARTEMENT
    return None


def conseillers_possibles(departement) -> QuerySet[Habilitation]:
    """Conseillers France Travail actifs d'une agence active du département (choix du binôme)."""
    return (
        Habilitation.objects.filter(
            role=Role.CONSEILLER_FT,
            active=True,
            utilisateur__is_active=True,
            organisation__active=True,
            organisation__type=TypeOrganisation.AGENCE_FT,
            organisation__departement=departement,
        )
        .select_related("utilisateur", "organisation")
        .order_by("organisation__nom", "utilisateur__nom", "utilisateur__prenom", "pk")
    )


def referents_possibles(departement) -> QuerySet[Habilitation]:
    """Travailleurs sociaux actifs d'une unité d'action sociale ou du conseil départemental (choix du binôme)."""
    return (
        Habilitation.objects.filter(
            role=Role.TRAVAILLEUR_SOCIAL,
            active=True,
            utilisateur__is_active=True,
            organisation__active=True,
            organisation__type__in=TYPES_ORGANISATION_SOCIALE,
            organisation__departement=departement,
        )
        .select_related("utilisateur", "organisation")
        .order_by("organisation__nom", "utilisateur__nom", "utilisateur__prenom", "pk")
    )


def personnes_liste(acteur, *, recherche: str = "") -> QuerySet[Personne]:
    """Personnes dont l'acteur ouvre le dossier, avec l'état de leur parcours ouvert (annotation
    ``etat_en_cours``). Recherche sans accents : chaque mot dans le nom ou le prénom, ou l'identifiant France
    Travail exact. Nombre de requêtes constant (une sous-requête, pas de requête par ligne)."""
    ouvert = Parcours.objects.filter(personne=OuterRef("pk")).exclude(etat__in=ETATS_CLOS).order_by("-pk")
    qs = personnes_visibles(acteur).annotate(etat_en_cours=Subquery(ouvert.values("etat")[:1]))
    saisie = (recherche or "").strip()
    mots = normaliser(saisie).split()
    if mots:
        par_nom = Q()
        for mot in mots:
            par_nom &= Q(nom_normalise__contains=mot) | Q(prenom_normalise__contains=mot)
        qs = qs.filter(par_nom | Q(identifiant_ft__iexact=saisie))
    return qs.order_by("nom_normalise", "prenom_normalise", "pk")


def dernier_diagnostic(parcours: Parcours, *, avec_detail: bool) -> Diagnostic | None:
    """Le dernier diagnostic du parcours (déjà obtenu par ``parcours_pour``) et ses freins. Sans
    ``avec_detail`` (côté France Travail), la précision n'est pas lue et les situations ne sont pas chargées."""
    rang = Case(*(When(domaine=domaine, then=Value(i)) for i, domaine in enumerate(DomaineFrein.values)))
    freins = FreinDiagnostic.objects.alias(rang=rang).order_by("rang")
    freins = freins.prefetch_related("situations") if avec_detail else freins.defer("precision")
    return (
        Diagnostic.objects.filter(parcours=parcours)
        .select_related("conseiller", "travailleur_social")
        .prefetch_related(Prefetch("freins", queryset=freins), "situations_professionnelles")
        .order_by("-date", "-pk")
        .first()
    )


def coordinations_du_parcours(parcours: Parcours) -> QuerySet[DemandeCoordination]:
    """Demandes de coordination du parcours (déjà obtenu par ``parcours_pour``), les plus récentes d'abord."""
    return (
        DemandeCoordination.objects.filter(parcours=parcours)
        .select_related("auteur", "repondu_par")
        .order_by("-demandee_le", "-pk")
    )


def coordination_pour(acteur, pk) -> DemandeCoordination:
    """Une demande de coordination d'un parcours visible de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(
        DemandeCoordination.objects.filter(parcours__in=parcours_visibles(acteur).values("pk")).select_related(
            "parcours", "parcours__personne", "auteur"
        ),
        pk=pk,
    )


__all__ += [
    "DoublonProbable",
    "consulte_des_dossiers",
    "recoit_des_orientations",
    "conseillers_possibles",
    "coordination_pour",
    "coordinations_du_parcours",
    "cote_dans_parcours",
    "departements_creation_personne",
    "dernier_diagnostic",
    "membre_du_binome",
    "orientation_a_traiter_pour",
    "organisations_prescriptrices",
    "personnes_doublons_probables",
    "personnes_liste",
    "peut_modifier_personne",
    "peut_proposer_orientation",
    "peut_traiter_orientation",
    "referents_possibles",
    "voit_detail_social",
]
