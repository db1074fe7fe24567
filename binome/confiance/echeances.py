"""Conservation : quels dossiers sont échus (lecture seule). L'anonymisation, irréversible, est le service
``binome.confiance.services.conservation``.

Règle (domaine.md §d.7 ; CNIL, référentiel de l'accompagnement social) : base active 2 ans après le dernier
contact, durée réglable par département (``ParametresDepartement.conservation_mois``, à défaut
``settings.BINOME_CONSERVATION_MOIS``).

Un dossier est échu quand, depuis la date limite : aucun contact (``dernier_contact_le``), aucune écriture
sur la personne ou ses parcours, aucun événement de chronologie, et aucun parcours en cours (un parcours
actif, suspendu, renouvelé ou en social exclusif doit d'abord être clos : ``purge_rgpd`` les compte à part).

"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Evenement, Parcours, Personne
from binome.organisations.models import ParametresDepartement
from binome.territoires.models import Departement


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
