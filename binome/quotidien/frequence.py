"""Qui reçoit un résumé, et quand : la fréquence choisie sur « Mon profil », ou celle du rôle par défaut.

Par défaut (préférence vide) :

- **chaque jour ouvré** pour le conseiller France Travail et le travailleur social : le binôme a chaque jour des
  contacts à tenir (règle des quinze jours), des rendez-vous, des orientations à diagnostiquer ;
- **chaque lundi** pour les rôles qui ont des choses à faire moins souvent : référent orientation (orientations à
  décider), encadrant (renouvellements à accorder, équipe), administrateur départemental (oppositions à examiner,
  fiches de l'annuaire), partenaire (orientations reçues, fiches à vérifier) ;
- **jamais** pour les pilotes (départemental ou national) : ils ne lisent que des agrégats, rien ne les attend.

Plusieurs rôles : la plus fréquente l'emporte. Un résumé sans rien à faire n'est jamais envoyé (``resumes``).
Jours ouvrés : du lundi au vendredi (les jours fériés ne sont pas retirés : le résumé d'un jour férié attend
simplement le lendemain dans la boîte de l'agent).
"""

import datetime

from binome.comptes import selectors as comptes
from binome.comptes.models import FrequenceResume, Role

FREQUENCE_PAR_ROLE: dict[str, str] = {
    Role.CONSEILLER_FT: FrequenceResume.QUOTIDIEN,
    Role.TRAVAILLEUR_SOCIAL: FrequenceResume.QUOTIDIEN,
    Role.REFERENT_ORIENTATION: FrequenceResume.HEBDOMADAIRE,
    Role.ENCADRANT: FrequenceResume.HEBDOMADAIRE,
    Role.ADMIN_DEPARTEMENTAL: FrequenceResume.HEBDOMADAIRE,
    Role.PARTENAIRE: FrequenceResume.HEBDOMADAIRE,
    Role.PILOTE: FrequenceResume.AUCUN,
    Role.PILOTE_NATIONAL: FrequenceResume.AUCUN,
}

# De la plus fréquente à la moins fréquente.
_ORDRE = (FrequenceResume.QUOTIDIEN, FrequenceResume.HEBDOMADAIRE, FrequenceResume.AUCUN)
LUNDI = 0


def frequence_par_defaut(roles) -> str:
    """La fréquence d'un compte sans préférence, selon ses rôles actifs (aucun rôle : jamais)."""
    frequences = {FREQUENCE_PAR_ROLE.get(role, FrequenceResume.AUCUN) for role in roles}
    return next((f for f in _ORDRE if f in frequences), FrequenceResume.AUCUN)


def frequence_resume_par_defaut(utilisateur) -> str:
    """Celle des rôles actifs de ``utilisateur`` (section de « Mon profil »)."""
    return frequence_par_defaut(comptes.roles(utilisateur))


def frequence_effective(choix: str, roles) -> str:
    """La préférence de l'utilisateur si elle est posée, sinon celle de ses rôles."""
    return choix or frequence_par_defaut(roles)


def est_jour_d_envoi(frequence: str, jour: datetime.date) -> bool:
    """Quotidien : du lundi au vendredi ; hebdomadaire : le lundi ; jamais sinon."""
    if frequence == FrequenceResume.QUOTIDIEN:
        return jour.weekday() < 5
    if frequence == FrequenceResume.HEBDOMADAIRE:
        return jour.weekday() == LUNDI
    return False
