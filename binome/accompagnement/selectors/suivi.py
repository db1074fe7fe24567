"""Suivi : portefeuille, vue équipe, charge des agents, réaffectations."""

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from binome.accompagnement import alertes
from binome.accompagnement.enums import (
    ETATS_CLOS,
    ETATS_EN_COURS,
    EtatParcours,
)
from binome.accompagnement.models import (
    Parcours,
)
from binome.accompagnement.selectors.acces import (
    _AUCUN,
    _ou,
    _q_binome,
    _q_encadrant,
    _sans_habilitation,
)
from binome.accompagnement.selectors.recherche import q_recherche_personne
from binome.comptes.models import Habilitation, Role, Utilisateur
from binome.comptes.selectors import departements_du_role, organisations_du_role
from binome.core.memoire_requete import memoriser
from binome.organisations.models import Organisation, ParametresDepartement

# --- Suivi : portefeuille, équipe, plan d'action, contacts, notes privées ------------------------------
#
# Portefeuille : les parcours dont l'acteur est le conseiller ou le référent social (``_q_binome``).
# Équipe : ceux des organisations qu'il encadre (``_q_encadrant``) ; lui seul y réaffecte un parcours.
# Plan d'action et contacts : lisibles par qui ouvre le parcours (``parcours_pour``), modifiables selon
# ``peut_modifier`` ; ils sont partagés par les deux côtés du binôme (ni santé ni détail social).
# Notes privées : écrites et partagées par le seul côté social (``voit_cote_social``).

ROLES_BINOME = (Role.CONSEILLER_FT, Role.TRAVAILLEUR_SOCIAL)


# Filtre du portefeuille propre à l'acteur (hors ``alertes.Alerte`` : il ne compte pas dans ``nb_alertes``,
# qui est le même pour les deux membres du binôme).
ATTEND_MON_ACCORD = "attend_mon_accord"


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
# Par défaut, l'ordre alphabétique : il ne demande aucune alerte, calculées alors pour les seules lignes de la page
# (``lignes_de_la_page``). « Alertes d'abord » reste proposé : il calcule ``nb_alertes`` pour tout le périmètre.
TRI_PAR_DEFAUT = "personne"


# --- Les chiffres du suivi : une définition chacun, montrée pareil à l'accueil, en tête de liste et au tableau ---


def q_suivi() -> Q:
    """« Parcours suivis » (liste par défaut du portefeuille et de l'équipe, chiffre de l'accueil et de l'en-tête) :
    parcours non clos, et parcours sortis dont le suivi à 6 mois est dû. Sur une liste annotée ou aliasée par
    ``alertes``."""
    return ~Q(etat__in=ETATS_CLOS) | Q(alerte_suivi_6_mois=True)


def q_en_cours() -> Q:
    """« Parcours en cours » (la charge d'un agent) : en accompagnement, suspendu, renouvelé, social exclusif."""
    return Q(etat__in=ETATS_EN_COURS)


def chiffres_suivi(qs: QuerySet[Parcours]) -> dict:
    """Les chiffres d'une liste annotée (portefeuille ou équipe), en une requête : ``suivis`` (``q_suivi``),
    ``en_cours`` (``q_en_cours``, parmi les suivis) et ``avec_alerte`` (suivis qui portent au moins une alerte :
    la liste filtrée par « Avec au moins une alerte »)."""
    return (
        qs.filter(q_suivi())
        .order_by()
        .aggregate(
            suivis=Count("pk"),
            en_cours=Count("pk", filter=q_en_cours()),
            avec_alerte=Count("pk", filter=alertes.filtre_alerte("toutes")),
        )
    )


def chiffres_portefeuille(acteur, *, aujourdhui=None) -> dict:
    """Chiffres du portefeuille de l'acteur et sa charge par département (accueil et en-tête du portefeuille)."""
    return {**chiffres_suivi(portefeuille(acteur, aujourdhui=aujourdhui)), "charges": charge(acteur)}


def chiffres_equipe(acteur, *, aujourdhui=None) -> dict:
    """Chiffres des parcours de l'équipe de l'encadrant (accueil et en-tête de la vue équipe)."""
    return {**chiffres_suivi(parcours_equipe(acteur, aujourdhui=aujourdhui)), "charges": []}


def q_attend_mon_accord(acteur) -> Q:
    """Renouvellement qui attend l'accord de l'acteur : parcours actif dont il est membre du binôme, où l'autre
    membre a déjà donné son accord et lui pas encore. L'accord de l'autre n'a pu être donné que fenêtre ouverte
    (garde ``calculs.renouvellement_ouvert`` de la machine, jugée au jour du dernier accord) : la fenêtre n'est
    donc pas recalculée ici."""
    if acteur is None or _sans_habilitation(acteur):
        return _AUCUN
    conditions = []
    depts_conseiller = departements_du_role(acteur, Role.CONSEILLER_FT)
    if depts_conseiller:
        conditions.append(
            Q(conseiller=acteur, departement__in=depts_conseiller)
            & Q(accord_renouvellement_conseiller_le__isnull=True, accord_renouvellement_referent_le__isnull=False)
        )
    depts_social = departements_du_role(acteur, Role.TRAVAILLEUR_SOCIAL)
    if depts_social:
        conditions.append(
            Q(referent_social=acteur, departement__in=depts_social)
            & Q(accord_renouvellement_referent_le__isnull=True, accord_renouvellement_conseiller_le__isnull=False)
        )
    return Q(etat=EtatParcours.ACTIF) & _ou(conditions) if conditions else _AUCUN


def compter_portefeuille(acteur, *, alerte: str, aujourdhui=None) -> int:
    """Nombre de parcours du portefeuille (liste par défaut, « en cours et suivis à 6 mois ») filtrés par
    ``alerte`` : **le** nombre que montre ``/portefeuille/?alerte=…`` (accueil « À faire », compteur du menu,
    résumé par courriel)."""
    if not a_un_portefeuille(acteur):
        return 0
    return filtrer_suivi(portefeuille(acteur, aujourdhui=aujourdhui), alerte=alerte, acteur=acteur).count()


def compter_portefeuille_par_alerte(acteur, *, alertes_demandees, aujourdhui=None) -> dict[str, int]:
    """``compter_portefeuille`` pour plusieurs alertes en **une** requête (un ``Count`` filtré par alerte) : les
    expressions d'alerte ne sont construites et compilées qu'une fois (accueil, compteurs du menu à chaque page)."""
    if not a_un_portefeuille(acteur):
        return dict.fromkeys(alertes_demandees, 0)
    qs = filtrer_suivi(portefeuille(acteur, aujourdhui=aujourdhui), acteur=acteur).order_by()
    conditions = {
        alerte: q_attend_mon_accord(acteur) if alerte == ATTEND_MON_ACCORD else alertes.filtre_alerte(alerte)
        for alerte in alertes_demandees
    }
    # Une condition vide (``_AUCUN``) ne se compile pas dans un ``FILTER`` : son nombre est zéro sans requête.
    a_compter = {alerte: condition for alerte, condition in conditions.items() if condition != _AUCUN}
    # Préfixe : les noms du résultat ne doivent pas croiser les alias des alertes.
    nombres = (
        qs.aggregate(**{f"nombre_{alerte}": Count("pk", filter=condition) for alerte, condition in a_compter.items()})
        if a_compter
        else {}
    )
    return {alerte: nombres.get(f"nombre_{alerte}") or 0 for alerte in alertes_demandees}


def compter_equipe(acteur, *, alerte: str, aujourdhui=None) -> int:
    """Nombre de parcours de l'équipe filtrés par ``alerte`` : le nombre que montre ``/equipe/?alerte=…``."""
    if not encadre_une_equipe(acteur):
        return 0
    return filtrer_suivi(parcours_equipe(acteur, aujourdhui=aujourdhui), alerte=alerte).count()


def a_un_portefeuille(acteur) -> bool:
    """Conseiller France Travail ou travailleur social : il a un portefeuille de personnes."""
    return bool(departements_du_role(acteur, *ROLES_BINOME))


def encadre_une_equipe(acteur) -> bool:
    return bool(organisations_du_role(acteur, Role.ENCADRANT))


SUIVI_SELECT_RELATED = (
    "personne",
    "conseiller",
    "referent_social",
    "organisation_conseiller",
    "organisation_referent",
)


def _liste_suivi(condition: Q, aujourdhui=None, complet: bool = False) -> QuerySet[Parcours]:
    """La liste, alertes **aliasées** : un filtre, un compte ou un tri ne calcule que les alertes qu'il nomme.
    ``complet`` : alertes annotées et liens chargés sur chaque ligne (export de toute la liste)."""
    if complet:
        qs = alertes.annoter_alertes(
            Parcours.objects.filter(condition).select_related(*SUIVI_SELECT_RELATED), aujourdhui=aujourdhui
        )
    else:
        qs = alertes.aliaser_alertes(Parcours.objects.filter(condition), aujourdhui=aujourdhui)
    return qs.order_by(*TRIS[TRI_PAR_DEFAUT])


def lignes_de_la_page(lignes, *, aujourdhui=None) -> list[Parcours]:
    """Les parcours d'une page de la liste (``page.object_list``), dans leur ordre, annotés des alertes et des
    dates de contact, liens chargés : une requête sur leurs seules clés, quelle que soit la taille du périmètre."""
    cles = [p.pk for p in lignes]
    if not cles:
        return []
    annotes = alertes.annoter_alertes(
        Parcours.objects.filter(pk__in=cles).select_related(*SUIVI_SELECT_RELATED), aujourdhui=aujourdhui
    ).order_by()
    par_cle = {p.pk: p for p in annotes}
    return [par_cle[cle] for cle in cles]


def _liste_memorisee(nom: str, q_acteur, acteur, aujourdhui, complet: bool) -> QuerySet[Parcours]:
    """La liste de l'acteur, construite (alertes résolues) une fois par page de lecture : l'accueil et le
    portefeuille la demandent deux fois (liste, chiffres, lignes « À faire »). Chaque appel en reçoit une copie."""

    aujourdhui = aujourdhui or timezone.localdate()  # même clé pour « aujourd'hui » implicite ou donné

    def construire():
        condition = _AUCUN if _sans_habilitation(acteur) else q_acteur(acteur)
        return _liste_suivi(condition, aujourdhui, complet)

    return memoriser((nom, getattr(acteur, "pk", None), aujourdhui, complet), construire).all()


def portefeuille(acteur, *, aujourdhui=None, complet: bool = False) -> QuerySet[Parcours]:
    """Parcours (tous états) dont l'acteur est le conseiller ou le référent social, alertes aliasées
    (``binome.accompagnement.alertes`` ; annotées si ``complet``). Rien pour qui n'a pas de rôle du binôme."""
    return _liste_memorisee("portefeuille", _q_binome, acteur, aujourdhui, complet)


def parcours_equipe(acteur, *, aujourdhui=None, complet: bool = False) -> QuerySet[Parcours]:
    """Parcours des organisations que l'acteur encadre (conseiller ou référent de l'organisation), aliasés."""
    return _liste_memorisee("parcours_equipe", _q_encadrant, acteur, aujourdhui, complet)


def parcours_equipe_pour(acteur, pk) -> Parcours:
    """Un parcours de l'équipe de l'acteur (encadrant) ; ``Http404`` sinon."""
    condition = _AUCUN if _sans_habilitation(acteur) else _q_encadrant(acteur)
    return get_object_or_404(
        Parcours.objects.filter(condition).select_related(*SUIVI_SELECT_RELATED),
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
    acteur=None,
) -> QuerySet[Parcours]:
    """Filtres et tri du portefeuille et de la vue équipe, sur une liste aliasée (ou annotée) par ``alertes`` :
    seules les alertes nommées par le filtre ou le tri entrent dans la requête.

    ``alerte=ATTEND_MON_ACCORD`` (portefeuille seulement) : les renouvellements qui attendent l'accord de
    ``acteur`` (``q_attend_mon_accord``)."""
    if etat == FiltreEtat.OUVERTS:
        qs = qs.filter(q_suivi())
    elif etat != FiltreEtat.TOUS:
        qs = qs.filter(etat=etat)
    if alerte == ATTEND_MON_ACCORD:
        qs = qs.filter(q_attend_mon_accord(acteur))
    elif alerte:
        qs = qs.filter(alertes.filtre_alerte(alerte))
    if modalite:
        qs = qs.filter(modalite=modalite)
    if agent:
        qs = qs.filter(Q(conseiller_id=agent) | Q(referent_social_id=agent))
    condition = q_recherche_personne(recherche, chemin="personne__")
    if condition is not None:
        qs = qs.filter(condition)
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
        Parcours.objects.filter(_q_binome(acteur))
        .filter(q_en_cours())
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
    return Organisation.objects.filter(pk__in=organisations_du_role(acteur, Role.ENCADRANT)).order_by("nom", "pk")


def _compter_par_agent(qs, agent: str, organisation: str, organisations) -> dict[tuple[int, int], int]:
    """Nombre de parcours par (agent, organisation), en une requête."""
    return {
        (a, o): n
        for a, o, n in qs.filter(**{f"{organisation}__in": organisations, f"{agent}__isnull": False})
        .order_by()
        .values_list(agent, organisation)
        .annotate(n=Count("pk"))
    }


def agents_equipe(acteur, *, aujourdhui=None) -> list[dict]:
    """Conseillers et travailleurs sociaux des organisations que l'acteur encadre, avec leur charge (parcours
    en cours suivis pour cette organisation) et le nombre de leurs parcours qui portent une alerte. Un agent
    désactivé (compte ou habilitation) qui suit encore des parcours en cours reste listé, marqué ``inactif`` :
    ses parcours restent comptés jusqu'à leur réaffectation.
    Nombre de requêtes constant (l'équipe n'est pas paginée : quelques dizaines d'agents au plus)."""
    organisations = organisations_du_role(acteur, Role.ENCADRANT)
    if not organisations:
        return []
    habs = list(
        Habilitation.objects.filter(organisation_id__in=organisations, role__in=ROLES_BINOME)
        .select_related("utilisateur", "organisation")
        .order_by("organisation__nom", "utilisateur__nom", "utilisateur__prenom", "role", "pk")
    )
    if not habs:
        return []
    equipe = Parcours.objects.filter(_q_encadrant(acteur))
    avec_alerte = (
        alertes.aliaser_alertes(equipe, aujourdhui=aujourdhui)
        .filter(q_suivi())
        .filter(alertes.filtre_alerte("toutes"))
    )
    en_cours = equipe.filter(q_en_cours())
    par_role = {
        Role.CONSEILLER_FT: (
            _compter_par_agent(en_cours, "conseiller_id", "organisation_conseiller_id", organisations),
            _compter_par_agent(avec_alerte, "conseiller_id", "organisation_conseiller_id", organisations),
        ),
        Role.TRAVAILLEUR_SOCIAL: (
            _compter_par_agent(en_cours, "referent_social_id", "organisation_referent_id", organisations),
            _compter_par_agent(avec_alerte, "referent_social_id", "organisation_referent_id", organisations),
        ),
    }
    fourchettes = _fourchettes({h.organisation.departement_id for h in habs})
    lignes = []
    for h in habs:
        nombres, alertes_agent = par_role[h.role]
        cle = (h.utilisateur_id, h.organisation_id)
        minimum, maximum = fourchettes[h.organisation.departement_id]
        nombre = nombres.get(cle, 0)
        inactif = not (h.active and h.utilisateur.is_active)
        if inactif and not nombre:
            continue  # un ancien agent qui ne suit plus aucun parcours en cours n'est plus de l'équipe
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
                "inactif": inactif,
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
