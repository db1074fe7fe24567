"""Lectures de la confiance : journal des accès, qui a consulté, historique, partages, droits.

L'accès au dossier reste décidé par ``binome.accompagnement.selectors`` (``personne_pour``) ; ce module
n'ajoute que les règles propres au journal (l'administrateur départemental cherche dans son département)
et le tri côté social / côté France Travail des historiques.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from binome.accompagnement import selectors as acc
from binome.accompagnement.models import (
    Action,
    Contact,
    DemandeCoordination,
    Diagnostic,
    FreinDiagnostic,
    NotePrivee,
    Objectif,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    PlanAction,
    Sortie,
)
from binome.comptes.models import Role, Utilisateur
from binome.comptes.selectors import departements_administres, departements_du_role, est_super_admin
from binome.confiance.models import EntreeJournal

# --- Journal : recherche de l'administrateur ------------------------------------------------------------


def peut_consulter_journal(acteur) -> bool:
    return est_super_admin(acteur) or bool(departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL))


def journal_visible(acteur) -> QuerySet[EntreeJournal]:
    """Entrées du journal des départements que l'acteur administre (toutes pour le super-administrateur)."""
    if not peut_consulter_journal(acteur):
        raise PermissionDenied(_("Le journal des accès est réservé aux administrateurs départementaux."))
    departements = departements_administres(acteur)
    qs = EntreeJournal.objects.all()
    if departements is not None:
        qs = qs.filter(departement__in=departements)
    return qs.order_by("-horodatage", "-pk")


def journal_recherche(
    acteur,
    *,
    acteur_texte: str = "",
    action: str = "",
    dossier: int | None = None,
    du=None,
    au=None,
    finalite: str = "",
) -> QuerySet[EntreeJournal]:
    qs = journal_visible(acteur)
    if acteur_texte:
        qs = qs.filter(acteur_libelle__icontains=acteur_texte)
    if action:
        qs = qs.filter(action=action)
    if dossier is not None:
        qs = qs.filter(personne_id=dossier)
    if du is not None:
        qs = qs.filter(horodatage__date__gte=du)
    if au is not None:
        qs = qs.filter(horodatage__date__lte=au)
    if finalite:
        qs = qs.filter(finalite__icontains=finalite)
    return qs


def consultations_personne(acteur, personne: Personne) -> QuerySet[EntreeJournal]:
    """« Qui a consulté ce dossier » : la personne doit être visible de l'acteur (sinon 404)."""
    personne = acc.personne_pour(acteur, personne.pk)
    return EntreeJournal.objects.filter(personne_id=personne.pk).order_by("-horodatage", "-pk")


# --- Historique des modifications (django-simple-history) --------------------------------------------------

# Champs jamais montrés dans l'historique (techniques).
_CHAMPS_TECHNIQUES = {"id", "cree_le", "modifie_le", "nom_normalise", "prenom_normalise"}


@dataclass
class LigneHistorique:
    date: object
    auteur: object
    objet: str
    objet_id: int
    operation: str
    champs: list[str] = field(default_factory=list)


def _sources(acteur, personne, parcours_ids):
    """(modèle, filtre des lignes historiques) par type d'objet du dossier ; les champs réservés au côté social
    sont ceux de ``secret_partage``."""
    sources = [
        (Personne, {"id": personne.pk}),
        (Parcours, {"id__in": parcours_ids}),
        (PeriodeSuspension, {"parcours_id__in": parcours_ids}),
        (Orientation, {"parcours_id__in": parcours_ids}),
        (Diagnostic, {"parcours_id__in": parcours_ids}),
        (PlanAction, {"parcours_id__in": parcours_ids}),
        (Contact, {"parcours_id__in": parcours_ids}),
        (Sortie, {"parcours_id__in": parcours_ids}),
        (DemandeCoordination, {"parcours_id__in": parcours_ids}),
    ]
    diagnostics = Diagnostic.history.model.objects.filter(parcours_id__in=parcours_ids).values("id")
    plans = PlanAction.history.model.objects.filter(parcours_id__in=parcours_ids).values("id")
    sources += [
        (FreinDiagnostic, {"diagnostic_id__in": diagnostics}),
        (Objectif, {"plan_id__in": plans}),
        (Action, {"plan_id__in": plans}),
    ]
    notes = acc.notes_privees_visibles(acteur, personne).values("pk")
    sources.append((NotePrivee, {"personne_id": personne.pk, "id__in": notes}))
    return sources


def historique_personne(acteur, personne: Personne) -> list[LigneHistorique]:
    """Qui a changé quoi, quand, sur tout le dossier visible de l'acteur, du plus récent au plus ancien.

    Les noms des champs modifiés sont donnés, pas leurs valeurs ; les champs du côté social (RQTH, détail
    des freins) et les notes privées non partagées n'apparaissent qu'au côté social. Une requête par type
    d'objet, quel que soit le nombre de modifications.
    """
    personne = acc.personne_pour(acteur, personne.pk)
    social = acc.voit_cote_social(acteur, personne)
    parcours_ids = list(acc.parcours_de(acteur, personne).values_list("pk", flat=True))
    lignes: list[LigneHistorique] = []
    for modele, filtre in _sources(acteur, personne, parcours_ids):
        historique = modele.history.model
        champs = [
            f
            for f in modele._meta.concrete_fields
            if f.name not in _CHAMPS_TECHNIQUES and not acc.champ_masque(modele, f.name, cote_social=social)
        ]
        precedent_par_objet = {}
        enregistrements = (
            historique.objects.filter(**filtre).select_related("history_user").order_by("history_date", "history_id")
        )
        for version in enregistrements:
            precedent = precedent_par_objet.get(version.id)
            if version.history_type == "+":
                modifies = []
            elif precedent is None:
                modifies = []
            else:
                modifies = [
                    str(f.verbose_name) for f in champs if getattr(version, f.attname) != getattr(precedent, f.attname)
                ]
            precedent_par_objet[version.id] = version
            if version.history_type == "~" and precedent is not None and not modifies:
                continue  # seuls des champs réservés ou techniques ont changé
            lignes.append(
                LigneHistorique(
                    date=version.history_date,
                    auteur=version.history_user,
                    objet=str(modele._meta.verbose_name),
                    objet_id=version.id,
                    operation=version.get_history_type_display(),
                    champs=modifies,
                )
            )
    lignes.sort(key=lambda ligne: ligne.date, reverse=True)
    return lignes


# --- Partages : ce qui est partagé, avec qui ------------------------------------------------------------


@dataclass
class Partages:
    voit_cote_social: bool
    binomes: list = field(default_factory=list)
    notes_partagees: list = field(default_factory=list)
    notes_non_partagees: int = 0
    # Partenaires invités dans un parcours (issue 14) : invitations qui valent, avec leur objet et leur échéance.
    partenaires_invites: list = field(default_factory=list)


def partages_personne(acteur, personne: Personne) -> Partages:
    """Qui accède à ce dossier et ce qui est partagé du côté social vers France Travail."""
    personne = acc.personne_pour(acteur, personne.pk)
    social = acc.voit_cote_social(acteur, personne)
    binomes = list(acc.parcours_de(acteur, personne))
    notes = acc.notes_privees_visibles(acteur, personne)
    partagees = [n for n in notes if n.est_partagee]
    non_partagees = sum(1 for n in notes if not n.est_partagee) if social else 0
    return Partages(
        voit_cote_social=social,
        binomes=binomes,
        notes_partagees=partagees,
        notes_non_partagees=non_partagees,
        partenaires_invites=acc.invitations_de_personne(acteur, personne),
    )


# --- Droits -------------------------------------------------------------------------------------------------


def peut_exporter(acteur, personne: Personne) -> bool:
    """Export du dossier (droit d'accès) : qui ouvre le dossier complet (binôme, encadrants, administrateur)."""
    return acc.personnes_visibles_dossier_complet(acteur).filter(pk=personne.pk).exists()


def peut_ecrire_droits(acteur, personne: Personne) -> bool:
    """Notice et opposition : qui peut écrire sur un parcours de la personne (binôme, encadrants)."""
    return any(acc.peut_modifier(acteur, parcours) for parcours in acc.parcours_de(acteur, personne))


def remises_notice(personne: Personne) -> list:
    """Historique daté des remises de la notice (la plus récente d'abord) ; la personne est déjà autorisée."""
    return list(personne.remises_notice.select_related("auteur").order_by("-date", "-pk"))


# --- Oppositions à examiner (administrateur départemental) -----------------------------------------------------


def examine_les_oppositions(acteur) -> bool:
    """L'administrateur départemental (ou le super-administrateur) examine les oppositions, avec le DPO."""
    departements = departements_administres(acteur)
    return departements is None or bool(departements)


def exiger_examen_oppositions(acteur) -> None:
    if not examine_les_oppositions(acteur):
        raise PermissionDenied(_("Les oppositions sont examinées par l'administrateur départemental."))


def peut_examiner_opposition(acteur, personne: Personne) -> bool:
    departements = departements_administres(acteur)
    return departements is None or personne.departement_id in departements


def oppositions(acteur, *, a_examiner: bool = True) -> QuerySet[Personne]:
    """Personnes des départements administrés dont l'opposition est enregistrée (à examiner ou examinée)."""
    exiger_examen_oppositions(acteur)
    qs = Personne.objects.filter(opposition_le__isnull=False, anonymise_le__isnull=True)
    departements = departements_administres(acteur)
    if departements is not None:
        qs = qs.filter(departement_id__in=departements)
    qs = qs.filter(opposition_examinee_le__isnull=a_examiner)
    return qs.select_related("departement", "opposition_examinee_par").order_by("opposition_le", "pk")


def nb_oppositions_a_examiner(acteur) -> int:
    """Le compteur (espace de l'administrateur, accueil) : une seule définition."""
    if not examine_les_oppositions(acteur):
        return 0
    return oppositions(acteur).count()


def courriels_administrateurs(departement_code: str) -> list[str]:
    """Adresses des administrateurs départementaux actifs du département (courriel d'une opposition)."""
    return sorted(
        set(
            Utilisateur.objects.filter(
                is_active=True,
                habilitations__organisation__departement_id=departement_code,
                habilitations__role=Role.ADMIN_DEPARTEMENTAL,
                habilitations__active=True,
            ).values_list("email", flat=True)
        )
    )
