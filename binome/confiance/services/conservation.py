"""Conservation : anonymisation irréversible des dossiers échus (règle de ``binome.confiance.echeances``).

L'anonymisation efface l'identité, les coordonnées et les textes libres, supprime les notes privées et
purge l'historique (simple-history) de tous les objets du dossier ; elle garde ce qu'il faut aux
indicateurs (sexe, tranche d'âge, commune et département, dates, motifs de sortie, caractéristiques à
l'entrée) : les chiffres du pilotage ne changent pas.

Historique : par exception, l'anonymisation n'ajoute PAS de ligne d'historique (elle le purge : aucune
ancienne valeur ne doit survivre ; les écritures sont donc des ``update()`` de masse). Sa trace est un
événement « anonymisation » dans la chronologie de la personne et une ligne du journal des accès.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Case, CharField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Action,
    Contact,
    DemandeCoordination,
    Diagnostic,
    Evenement,
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
from binome.confiance.echeances import selection
from binome.confiance.journal import journaliser
from binome.confiance.models import Action as ActionJournal

LIBELLE_EFFACE = "—"

# Données de la personne tenues par d'autres applications : (modèle, champ vers la personne, valeurs effacées).
# Un modèle absent (application pas encore livrée) est ignoré.
ANONYMISATION_AUTRES_APPLICATIONS = (
    (
        "ressources.OrientationService",
        "personne",
        {"transmis_prenom": "", "transmis_nom": "", "transmis_contact": "", "message": "", "motif_refus": ""},
    ),
    # Instances (issue 14) : synthèse et décision d'un dossier de l'ordre du jour, constat et observations d'un
    # manquement. Le procès-verbal garde la référence pseudonyme, le motif et les dates.
    (
        "instances.PointOrdreDuJour",
        "parcours__personne",
        {"synthese": "", "precision": "", "avis": "", "decision": LIBELLE_EFFACE, "suites": ""},
    ),
    ("instances.Manquement", "parcours__personne", {"constat": LIBELLE_EFFACE, "observations": ""}),
)


def _autres_applications():
    for libelle, champ, valeurs in ANONYMISATION_AUTRES_APPLICATIONS:
        try:
            modele = apps.get_model(libelle)
        except LookupError:
            continue
        yield modele, champ, {nom: v for nom, v in valeurs.items() if _a_le_champ(modele, nom)}


def _a_le_champ(modele, nom) -> bool:
    try:
        modele._meta.get_field(nom)
    except FieldDoesNotExist:
        return False
    return True


def _age(naissance: datetime.date | None, jour: datetime.date) -> int | None:
    if naissance is None:
        return None
    return jour.year - naissance.year - ((jour.month, jour.day) < (naissance.month, naissance.day))


def _libelles_evenements():
    return Case(
        *[When(type=valeur, then=Value(str(libelle))) for valeur, libelle in e.TypeEvenement.choices],
        default=Value(LIBELLE_EFFACE),
        output_field=CharField(),
    )


def _purger_historique(modele, **filtre) -> int:
    nombre, _detail = modele.history.model.objects.filter(**filtre).delete()
    return nombre


def anonymiser_personne(*, personne: Personne, acteur=None, maintenant=None) -> bool:
    """Anonymise la personne et tout son dossier, irréversiblement. Renvoie faux si c'était déjà fait.

    Effacés : identité, coordonnées, RQTH, textes libres (notes de contact, précisions, motifs libres,
    coordinations, copies figées des plans), notes privées (supprimées), ce qui a été transmis aux
    partenaires (orientations vers un service de l'annuaire) et tout l'historique des modifications de ces
    objets. Conservés : sexe, tranche d'âge, commune et département, dates, états,
    motifs codés, caractéristiques à l'entrée, binôme (professionnels).
    """
    with transaction.atomic(durable=True):
        return _anonymiser(personne=personne, acteur=acteur, maintenant=maintenant)


def _anonymiser(*, personne: Personne, acteur, maintenant) -> bool:
    """Corps de ``anonymiser_personne``, dans la transaction de l'appelant (un dossier, ou toute la purge)."""
    maintenant = maintenant or timezone.now()
    personne = Personne.objects.select_for_update().get(pk=personne.pk)
    if personne.anonymise_le is not None:
        return False
    dossier = _Dossier.de(personne)
    _effacer_personne(personne, maintenant)
    _effacer_dossier(dossier)
    _purger_historiques(dossier)
    Evenement.objects.create(
        personne=personne,
        type=e.TypeEvenement.ANONYMISATION,
        date=maintenant,
        acteur=acteur,
        libelle=str(e.TypeEvenement.ANONYMISATION.label),
    )
    journaliser(
        action=ActionJournal.ANONYMISATION,
        finalite=_("Conservation : anonymisation après la durée de conservation"),
        acteur=acteur,
        objet=personne,
        personne=personne,
        route="tache:purge_rgpd",
    )
    return True


@dataclass(frozen=True)
class _Dossier:
    """Identifiants des objets du dossier d'une personne."""

    personne: Personne
    parcours: list[int]
    diagnostics: list[int]
    plans: list[int]
    freins: list[int]

    @classmethod
    def de(cls, personne: Personne) -> "_Dossier":
        parcours = list(Parcours.objects.filter(personne=personne).values_list("pk", flat=True))
        diagnostics = list(Diagnostic.objects.filter(parcours__in=parcours).values_list("pk", flat=True))
        plans = list(PlanAction.objects.filter(parcours__in=parcours).values_list("pk", flat=True))
        freins = list(FreinDiagnostic.objects.filter(diagnostic__in=diagnostics).values_list("pk", flat=True))
        return cls(personne, parcours, diagnostics, plans, freins)


def _effacer_personne(personne: Personne, maintenant) -> None:
    """Identité, coordonnées et RQTH effacées ; la tranche d'âge (calculée avant) et le territoire restent."""
    tranche = e.tranche_age(_age(personne.date_naissance, timezone.localdate(maintenant))) or personne.tranche_age
    Personne.objects.filter(pk=personne.pk).update(
        nom="",
        prenom="",
        nom_normalise="",
        prenom_normalise="",
        date_naissance=None,
        identifiant_ft="",
        organisme_allocataire="",
        numero_allocataire="",
        telephone="",
        courriel="",
        adresse="",
        complement_adresse="",
        rqth=e.ReponseSensible.NON_RENSEIGNE,
        opposition_motif="",
        tranche_age=tranche,
        anonymise_le=maintenant,
    )


def _effacer_dossier(dossier: _Dossier) -> None:
    """Textes libres du dossier effacés, notes privées supprimées, transmissions aux partenaires effacées."""
    parcours, plans, personne = dossier.parcours, dossier.plans, dossier.personne
    Parcours.objects.filter(pk__in=parcours).update(motif_renouvellement="")
    Orientation.objects.filter(parcours__in=parcours).update(motif="", motif_refus="")
    Diagnostic.objects.filter(pk__in=dossier.diagnostics).update(autres_participants="", precision_non_retenu="")
    FreinDiagnostic.objects.filter(pk__in=dossier.freins).update(precision="")
    FreinDiagnostic.situations.through.objects.filter(freindiagnostic_id__in=dossier.freins).delete()
    PlanAction.objects.filter(pk__in=plans, signe_le__isnull=False).update(
        motif_reduction_heures="", copie_figee={"anonymise": True}
    )
    PlanAction.objects.filter(pk__in=plans, signe_le__isnull=True).update(motif_reduction_heures="", copie_figee=None)
    for modele in (Objectif, Action):
        elements = modele.objects.filter(plan__in=plans)
        elements.filter(element_referentiel__isnull=True).update(libelle_libre=LIBELLE_EFFACE, porteur_precision="")
        elements.filter(element_referentiel__isnull=False).update(libelle_libre="", porteur_precision="")
    Contact.objects.filter(parcours__in=parcours).update(note="", autres_participants="")
    Sortie.objects.filter(parcours__in=parcours).update(precision="")
    DemandeCoordination.objects.filter(parcours__in=parcours).update(demande="", reponse="")
    NotePrivee.objects.filter(personne=personne).delete()
    Evenement.objects.filter(personne=personne).update(libelle=_libelles_evenements())
    for modele, champ, valeurs in _autres_applications():
        if valeurs:
            modele.objects.filter(**{champ: personne}).update(**valeurs)


def _purger_historiques(dossier: _Dossier) -> None:
    """Historique : aucune ancienne valeur ne doit survivre, pour aucun objet du dossier."""
    for modele, champ, _valeurs in _autres_applications():
        if hasattr(modele, "history"):
            _purger_historique(modele, **{f"{champ}_id": dossier.personne.pk})
    _purger_historique(Personne, id=dossier.personne.pk)
    _purger_historique(NotePrivee, personne_id=dossier.personne.pk)
    _purger_historique(Parcours, id__in=dossier.parcours)
    for modele in (Orientation, Diagnostic, PlanAction, Contact, Sortie, DemandeCoordination, PeriodeSuspension):
        _purger_historique(modele, parcours_id__in=dossier.parcours)
    _purger_historique(FreinDiagnostic, diagnostic_id__in=dossier.diagnostics)
    for modele in (Objectif, Action):
        _purger_historique(modele, plan_id__in=dossier.plans)


def purger(*, aujourdhui=None, departements=None, acteur=None, progression=None) -> int:
    """Anonymise tous les dossiers échus ; renvoie leur nombre. ``progression`` : une barre tqdm.

    Une seule transaction pour toute la purge : elle passe en entier ou pas du tout (relancée la nuit
    suivante, elle reprend les mêmes dossiers)."""
    with transaction.atomic(durable=True):
        total = 0
        for groupe in selection(aujourdhui, departements):
            for pk in groupe.echues:
                if _anonymiser(personne=Personne.objects.get(pk=pk), acteur=acteur, maintenant=None):
                    total += 1
                if progression is not None:
                    progression.update(1)
        return total
