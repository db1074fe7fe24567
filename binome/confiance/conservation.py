"""Conservation : anonymisation irréversible des dossiers sans contact depuis la durée du département.

Règle (domaine.md §d.7 ; CNIL, référentiel de l'accompagnement social) : base active 2 ans après le dernier
contact, durée réglable par département (``ParametresDepartement.conservation_mois``, à défaut
``settings.BINOME_CONSERVATION_MOIS``).

Un dossier est échu quand, depuis la date limite : aucun contact (``dernier_contact_le``), aucune écriture
sur la personne ou ses parcours, aucun événement de chronologie, et aucun parcours en cours (un parcours
actif, suspendu, renouvelé ou en social exclusif doit d'abord être clos : ``purge_rgpd`` les compte à part).

L'anonymisation efface l'identité, les coordonnées et les textes libres, supprime les notes privées et
purge l'historique (simple-history) de tous les objets du dossier ; elle garde ce qu'il faut aux
indicateurs (sexe, tranche d'âge, commune et département, dates, motifs de sortie, caractéristiques à
l'entrée) : les chiffres du pilotage ne changent pas.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
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
from binome.confiance.journal import journaliser
from binome.confiance.models import Action as ActionJournal
from binome.organisations.models import ParametresDepartement
from binome.territoires.models import Departement

LIBELLE_EFFACE = "—"

# Données de la personne tenues par d'autres applications : (modèle, champ vers la personne, valeurs effacées).
# Un modèle absent (application pas encore livrée) est ignoré.
ANONYMISATION_AUTRES_APPLICATIONS = (
    (
        "ressources.OrientationService",
        "personne",
        {"transmis_prenom": "", "transmis_nom": "", "transmis_contact": "", "message": "", "motif_refus": ""},
    ),
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


def retrancher_mois(jour: datetime.date, mois: int) -> datetime.date:
    annee, indice = divmod(jour.year * 12 + (jour.month - 1) - mois, 12)
    mois_cible = indice + 1
    # Dernier jour du mois cible si le jour n'existe pas (31 → 30, 29 février…).
    for jour_cible in range(jour.day, 27, -1):
        try:
            return datetime.date(annee, mois_cible, jour_cible)
        except ValueError:
            continue
    return datetime.date(annee, mois_cible, min(jour.day, 28))


def duree_conservation_mois(departement_code: str) -> int:
    parametres = ParametresDepartement.objects.filter(departement_id=departement_code).first()
    if parametres is not None and parametres.conservation_mois:
        return parametres.conservation_mois
    return settings.BINOME_CONSERVATION_MOIS


def date_limite(departement_code: str, aujourdhui: datetime.date | None = None) -> datetime.date:
    aujourdhui = aujourdhui or timezone.localdate()
    return retrancher_mois(aujourdhui, duree_conservation_mois(departement_code))


def _debut_du_jour(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def _sans_activite_depuis(limite: datetime.date) -> Q:
    instant = _debut_du_jour(limite)
    activite_parcours = Parcours.objects.filter(personne=OuterRef("pk")).filter(
        Q(date_reperage__gte=limite)
        | Q(date_entree__gte=limite)
        | Q(date_sortie__gte=limite)
        | Q(modifie_le__gte=instant)
    )
    activite_chronologie = Evenement.objects.filter(personne=OuterRef("pk"), date__gte=instant)
    return (
        (Q(dernier_contact_le__isnull=True) | Q(dernier_contact_le__lt=limite))
        & Q(modifie_le__lt=instant)
        & ~Exists(activite_parcours)
        & ~Exists(activite_chronologie)
    )


def _en_cours():
    return Exists(Parcours.objects.filter(personne=OuterRef("pk"), etat__in=e.ETATS_EN_COURS))


def personnes_echues(departement_code: str, aujourdhui: datetime.date | None = None):
    """Personnes du département à anonymiser (non encore anonymisées, échues, sans parcours en cours)."""
    limite = date_limite(departement_code, aujourdhui)
    return (
        Personne.objects.filter(departement_id=departement_code, anonymise_le__isnull=True)
        .filter(_sans_activite_depuis(limite))
        .exclude(_en_cours())
        .order_by("pk")
    )


def personnes_echues_en_cours(departement_code: str, aujourdhui: datetime.date | None = None):
    """Dossiers sans activité depuis la durée de conservation mais dont un parcours est encore ouvert :
    à clore par le binôme avant l'anonymisation."""
    limite = date_limite(departement_code, aujourdhui)
    return (
        Personne.objects.filter(departement_id=departement_code, anonymise_le__isnull=True)
        .filter(_sans_activite_depuis(limite))
        .filter(_en_cours())
        .order_by("pk")
    )


@dataclass
class Selection:
    departement: str
    limite: datetime.date
    duree_mois: int
    echues: list[int]
    en_cours: int


def selection(aujourdhui: datetime.date | None = None, departements: list[str] | None = None) -> list[Selection]:
    codes = departements or list(
        Departement.objects.filter(personnes__anonymise_le__isnull=True).distinct().values_list("code", flat=True)
    )
    resultat = []
    for code in sorted(codes):
        resultat.append(
            Selection(
                departement=code,
                limite=date_limite(code, aujourdhui),
                duree_mois=duree_conservation_mois(code),
                echues=list(personnes_echues(code, aujourdhui).values_list("pk", flat=True)),
                en_cours=personnes_echues_en_cours(code, aujourdhui).count(),
            )
        )
    return resultat


# --- Anonymisation -----------------------------------------------------------------------------------------


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
    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        personne = Personne.objects.select_for_update().get(pk=personne.pk)
        if personne.anonymise_le is not None:
            return False
        tranche = e.tranche_age(_age(personne.date_naissance, timezone.localdate(maintenant))) or personne.tranche_age
        parcours_ids = list(Parcours.objects.filter(personne=personne).values_list("pk", flat=True))
        diagnostic_ids = list(Diagnostic.objects.filter(parcours__in=parcours_ids).values_list("pk", flat=True))
        plan_ids = list(PlanAction.objects.filter(parcours__in=parcours_ids).values_list("pk", flat=True))
        frein_ids = list(FreinDiagnostic.objects.filter(diagnostic__in=diagnostic_ids).values_list("pk", flat=True))

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
            tranche_age=tranche,
            anonymise_le=maintenant,
        )
        Parcours.objects.filter(pk__in=parcours_ids).update(motif_renouvellement="")
        Orientation.objects.filter(parcours__in=parcours_ids).update(motif="", motif_refus="")
        Diagnostic.objects.filter(pk__in=diagnostic_ids).update(autres_participants="", precision_non_retenu="")
        FreinDiagnostic.objects.filter(pk__in=frein_ids).update(precision="")
        FreinDiagnostic.situations.through.objects.filter(freindiagnostic_id__in=frein_ids).delete()
        PlanAction.objects.filter(pk__in=plan_ids, signe_le__isnull=False).update(
            motif_reduction_heures="", copie_figee={"anonymise": True}
        )
        PlanAction.objects.filter(pk__in=plan_ids, signe_le__isnull=True).update(
            motif_reduction_heures="", copie_figee=None
        )
        for modele in (Objectif, Action):
            elements = modele.objects.filter(plan__in=plan_ids)
            elements.filter(element_referentiel__isnull=True).update(
                libelle_libre=LIBELLE_EFFACE, porteur_precision=""
            )
            elements.filter(element_referentiel__isnull=False).update(libelle_libre="", porteur_precision="")
        Contact.objects.filter(parcours__in=parcours_ids).update(note="", autres_participants="")
        Sortie.objects.filter(parcours__in=parcours_ids).update(precision="")
        DemandeCoordination.objects.filter(parcours__in=parcours_ids).update(demande="", reponse="")
        NotePrivee.objects.filter(personne=personne).delete()
        Evenement.objects.filter(personne=personne).update(libelle=_libelles_evenements())
        for modele, champ, valeurs in _autres_applications():
            if valeurs:
                modele.objects.filter(**{champ: personne}).update(**valeurs)
            if hasattr(modele, "history"):
                _purger_historique(modele, **{f"{champ}_id": personne.pk})

        # Historique : aucune ancienne valeur ne doit survivre.
        _purger_historique(Personne, id=personne.pk)
        _purger_historique(NotePrivee, personne_id=personne.pk)
        _purger_historique(Parcours, id__in=parcours_ids)
        for modele in (Orientation, Diagnostic, PlanAction, Contact, Sortie, DemandeCoordination, PeriodeSuspension):
            _purger_historique(modele, parcours_id__in=parcours_ids)
        _purger_historique(FreinDiagnostic, diagnostic_id__in=diagnostic_ids)
        for modele in (Objectif, Action):
            _purger_historique(modele, plan_id__in=plan_ids)

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


def purger(*, aujourdhui=None, departements=None, acteur=None, progression=None) -> int:
    """Anonymise tous les dossiers échus ; renvoie leur nombre. ``progression`` : une barre tqdm."""
    total = 0
    for groupe in selection(aujourdhui, departements):
        for pk in groupe.echues:
            personne = Personne.objects.get(pk=pk)
            if anonymiser_personne(personne=personne, acteur=acteur):
                total += 1
            if progression is not None:
                progression.update(1)
    return total
