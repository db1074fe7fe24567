"""Nouvelles bénéficiaires du RSA à orienter : l'échéance légale de la décision d'orientation.

Une personne listée par l'organisme payeur (``Personne.inscrite_liste_rsa_le``, posé par l'import des listes)
et sans orientation proposée depuis a son orientation à décider avant ``inscrite_liste_rsa_le +
delai_orientation_rsa_jours`` (réglage du département, 6 semaines par défaut). Une définition
(``alertes.q_orientation_rsa_a_decider``) pour la fiche, la liste « À orienter », l'alerte du parcours et la
ligne « À faire ».
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils import timezone

from binome.accompagnement import alertes, calculs
from binome.accompagnement.models import Personne
from binome.accompagnement.selectors.cycle import personnes_liste


@dataclass(frozen=True)
class EcheanceOrientationRsa:
    echeance: datetime.date
    proche: bool  # dans la marge de l'alerte (échéance non dépassée)
    depassee: bool

    @property
    def alerte(self) -> bool:
        return self.proche or self.depassee


def echeance_de(inscrite_le, delai_jours: int, *, aujourdhui: datetime.date) -> EcheanceOrientationRsa | None:
    echeance = calculs.echeance_orientation_rsa(inscrite_le, delai_jours)
    if echeance is None:
        return None
    depassee = echeance < aujourdhui
    proche = not depassee and echeance <= aujourdhui + datetime.timedelta(days=alertes.MARGE_ORIENTATION_RSA_JOURS)
    return EcheanceOrientationRsa(echeance=echeance, proche=proche, depassee=depassee)


def echeance_orientation_rsa(personne: Personne, *, aujourdhui=None) -> EcheanceOrientationRsa | None:
    """L'échéance d'orientation de la personne (déjà obtenue par ``personne_pour``) si elle reste à décider."""
    if personne.inscrite_liste_rsa_le is None:
        return None
    if not Personne.objects.filter(alertes.q_orientation_rsa_a_decider(), pk=personne.pk).exists():
        return None
    delai = alertes.seuils_des_departements().get(personne.departement_id, alertes.SEUILS_PAR_DEFAUT)
    return echeance_de(
        personne.inscrite_liste_rsa_le, delai.orientation_rsa_jours, aujourdhui=aujourdhui or timezone.localdate()
    )


def personnes_a_orienter_rsa(
    acteur, *, recherche: str = "", alerte: bool = False, aujourdhui=None
) -> QuerySet[Personne]:
    """Personnes visibles de l'acteur dont l'orientation RSA reste à décider, échéance la plus proche d'abord
    (annotation ``delai_orientation_rsa`` : le délai de leur département, en jours). ``alerte`` : seulement
    celles dont l'échéance est proche ou dépassée (le chiffre de la ligne « À faire »)."""
    seuils = alertes.seuils_des_departements()
    qs = personnes_liste(acteur, recherche=recherche).filter(alertes.q_orientation_rsa_a_decider())
    if alerte:
        qs = qs.filter(alertes.limite_alerte_orientation_rsa(aujourdhui or timezone.localdate(), seuils))
    return qs.annotate(delai_orientation_rsa=alertes.delai_orientation_rsa(seuils)).order_by(
        F("inscrite_liste_rsa_le").asc(), "nom_normalise", "prenom_normalise", "pk"
    )


def compter_a_orienter_rsa(acteur, *, aujourdhui=None) -> int:
    """Ligne « À faire » : personnes à orienter dont l'échéance est proche ou dépassée (la liste filtrée)."""
    return personnes_a_orienter_rsa(acteur, alerte=True, aujourdhui=aujourdhui).count()


def marquer_echeances(personnes, *, aujourdhui=None) -> None:
    """Pose ``echeance_rsa`` sur chaque personne d'une page de ``personnes_a_orienter_rsa`` (aucune requête)."""
    aujourdhui = aujourdhui or timezone.localdate()
    for personne in personnes:
        personne.echeance_rsa = echeance_de(
            personne.inscrite_liste_rsa_le, personne.delai_orientation_rsa, aujourdhui=aujourdhui
        )
