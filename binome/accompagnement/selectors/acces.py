"""Briques de la politique d'accès aux dossiers : personnes et parcours visibles, côté social.

La règle entière est décrite dans ``binome.accompagnement.selectors`` (docstring du paquet)."""

from django.db.models import Exists, Q, QuerySet
from django.shortcuts import get_object_or_404

from binome.accompagnement.enums import (
    ETATS_AVANT_ENTREE,
    STATUTS_ORIENTATION_EN_ATTENTE,
    Cote,
)
from binome.accompagnement.models import (
    Evenement,
    FreinDiagnostic,
    NotePrivee,
    Orientation,
    Parcours,
    Personne,
)
from binome.accompagnement.secret_partage import champs_restreints
from binome.comptes.models import Role
from binome.comptes.selectors import departements_du_role, habilitations, organisations_du_role
from binome.core.memoire_requete import memoriser
from binome.organisations.models import TypeOrganisation

# Champs réservés au côté social : déclarés une seule fois dans ``binome.accompagnement.secret_partage``.
CHAMPS_SOCIAUX_PERSONNE = champs_restreints(Personne)
# La donnée de santé, seul champ réservé que la fiche de la personne fait saisir (le motif du droit au RSA vient
# des listes importées).
CHAMPS_SANTE_PERSONNE = tuple(c for c in CHAMPS_SOCIAUX_PERSONNE if c == "rqth")
CHAMPS_DETAIL_FREIN = champs_restreints(FreinDiagnostic)

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
    """Parcours pas encore entrés, visibles du prescripteur, de la boîte de réception et du référent orientation.

    Chaque question de droit de la page la pose (dix fois sur la fiche personne) : construite une fois par page
    de lecture ; la condition ne dépend que de l'acteur et de ses habilitations, lues une fois par requête."""
    return memoriser(("q_avant_entree", acteur.pk), lambda: _construire_q_avant_entree(acteur))


def _construire_q_avant_entree(acteur) -> Q:
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
    """Condition sur Personne : dossier entier ouvert à l'acteur (construite une fois par page de lecture)."""
    return memoriser(("q_personne_dossier_complet", acteur.pk), lambda: _construire_q_personne_dossier_complet(acteur))


def _construire_q_personne_dossier_complet(acteur) -> Q:
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
    return (
        Personne.objects.filter(_ou(conditions))
        .select_related("departement", "commune")
        .order_by("nom_normalise", "prenom_normalise", "pk")
    )


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
    return (
        Parcours.objects.filter(_ou(conditions))
        .select_related(
            "personne",
            "departement",
            "conseiller",
            "referent_social",
            "organisation_conseiller",
            "organisation_referent",
        )
        .order_by("-date_reperage", "-pk")
    )


def parcours_pour(acteur, pk) -> Parcours:
    """Le parcours ``pk`` s'il est visible de l'acteur ; ``Http404`` sinon."""
    return get_object_or_404(parcours_visibles(acteur), pk=pk)


def voit_parcours(acteur, parcours_pk) -> bool:
    """Le parcours ``parcours_pk`` est-il visible de l'acteur (``parcours_visibles``) ? Posée par plusieurs sections
    de la fiche personne : une requête par page de lecture."""
    return memoriser(
        ("voit_parcours", acteur.pk, parcours_pk),
        lambda: parcours_visibles(acteur).filter(pk=parcours_pk).exists(),
    )


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
    # La fiche personne pose la question plusieurs fois (en-tête, onglets, agenda) : une requête par page de
    # lecture ; hors d'une requête GET, la mémoire n'existe pas et la question est reposée à chaque fois.
    return memoriser(
        ("peut_modifier", acteur.pk, parcours.pk),
        lambda: Parcours.objects.filter(condition, pk=parcours.pk).exists(),
    )


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
    # Posée par la fiche, la chronologie et les notes : une requête par page de lecture.
    return memoriser(
        ("voit_cote_social", acteur.pk, personne.pk),
        lambda: Parcours.objects.filter(condition, personne=personne).exists(),
    )


def notes_privees_visibles(acteur, personne: Personne) -> QuerySet[NotePrivee]:
    """Notes privées de la personne : toutes pour le côté social ; sinon les seules notes partagées,
    pour qui peut ouvrir le dossier complet. France Travail ne voit jamais une note non partagée."""
    notes = (
        NotePrivee.objects.filter(personne=personne)
        .select_related("auteur", "organisation", "partagee_par")
        .order_by("-cree_le", "-pk")
    )
    if voit_cote_social(acteur, personne):
        return notes
    if _ouvre_le_dossier_complet(acteur, personne):
        return notes.filter(partagee_le__isnull=False)
    return notes.none()


def _ouvre_le_dossier_complet(acteur, personne: Personne) -> bool:
    """Le bandeau des notes et leur liste posent la question : une requête par page de lecture."""
    return memoriser(
        ("dossier_complet", acteur.pk, personne.pk),
        lambda: personnes_visibles_dossier_complet(acteur).filter(pk=personne.pk).exists(),
    )


def personnes_visibles_dossier_complet(acteur) -> QuerySet[Personne]:
    """Personnes dont l'acteur ouvre tout le dossier (hors accès limité « avant l'entrée »)."""
    if _sans_habilitation(acteur):
        return Personne.objects.none()
    return Personne.objects.filter(_q_personne_dossier_complet(acteur)).order_by(
        "nom_normalise", "prenom_normalise", "pk"
    )


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
