"""Cycle du parcours : repérage, doublons, modification de la personne, diagnostic, binôme, coordination."""

from dataclasses import dataclass

from django.db.models import Case, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.shortcuts import get_object_or_404

from binome.accompagnement import machine
from binome.accompagnement.enums import (
    ETATS_CLOS,
    Cote,
    DomaineFrein,
)
from binome.accompagnement.models import (
    ChangementModalite,
    DemandeCoordination,
    Diagnostic,
    FreinDiagnostic,
    Parcours,
    Personne,
)
from binome.accompagnement.selectors.acces import (
    _AUCUN,
    ROLES_PRESCRIPTEURS,
    TYPES_ORGANISATION_SOCIALE,
    _ou,
    _q_avant_entree,
    _q_dossier_complet_parcours,
    _sans_habilitation,
    parcours_visibles,
    personnes_visibles,
    peut_modifier,
    voit_cote_social,
)
from binome.accompagnement.selectors.recherche import q_recherche_personne
from binome.comptes.models import Habilitation, Role
from binome.comptes.selectors import (
    departements_administres,
    departements_du_role,
    habilitations,
    organisations_du_role,
)
from binome.core.memoire_requete import memoriser
from binome.core.texte import normaliser
from binome.organisations.models import TypeOrganisation

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
    return memoriser(  # posée plusieurs fois par la fiche personne : une requête par page de lecture
        ("peut_modifier_personne", acteur.pk, personne.pk),
        lambda: Parcours.objects.filter(condition, personne=personne).exists(),
    )


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
    if not machine.est_avant_entree(parcours):
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
    ``etat_en_cours``). Recherche : ``q_recherche_personne`` (mots du nom ou du prénom sans accents, fragment
    d'identifiant France Travail ou de numéro d'allocataire). Nombre de requêtes constant (une sous-requête, pas
    de requête par ligne)."""
    ouvert = Parcours.objects.filter(personne=OuterRef("pk")).exclude(etat__in=ETATS_CLOS).order_by("-pk")
    qs = personnes_visibles(acteur).annotate(etat_en_cours=Subquery(ouvert.values("etat")[:1]))
    condition = q_recherche_personne(recherche)
    if condition is not None:
        qs = qs.filter(condition)
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


def peut_deroger_fse(acteur, parcours: Parcours) -> bool:
    """Poser une dérogation au cofinancement FSE+ d'un parcours : l'administrateur du département (qui tient les
    conventions) ou l'encadrant de l'agence ou de l'organisation sociale du parcours (qui exporte l'extrait FSE+).
    Ni le binôme ni le pilote. Sans requête (habilitations en cache)."""
    if acteur is None or not getattr(acteur, "pk", None) or parcours is None or parcours.pk is None:
        return False
    administres = departements_administres(acteur)
    if administres is None or parcours.departement_id in administres:
        return True
    encadrees = organisations_du_role(acteur, Role.ENCADRANT)
    return bool({parcours.organisation_conseiller_id, parcours.organisation_referent_id} & encadrees)


def proposition_social_exclusif(parcours: Parcours):
    """La proposition de passage en social exclusif qui attend le second accord du binôme, ou ``None``."""
    return (
        ChangementModalite.objects.filter(parcours=parcours, date__isnull=True)
        .select_related("propose_par")
        .order_by("pk")
        .first()
    )
