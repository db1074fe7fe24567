"""Session de la personne dans son espace : distincte de toute session de professionnel.

La clé ``CLE_SESSION`` porte l'identifiant de l'espace et le moyen de connexion. Ouvrir une session de personne
déconnecte le professionnel du même navigateur ; une connexion de professionnel efface la session de personne.
"""

from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from binome.espace.models import EspacePersonne

CLE_SESSION = "binome_espace"


class Moyen:
    LIEN = "lien"
    FRANCECONNECT = "franceconnect"


def ouvrir(request, *, espace: EspacePersonne, moyen: str) -> None:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    request.session.cycle_key()  # fixation de session impossible
    request.session[CLE_SESSION] = {"espace": espace.pk, "moyen": moyen, "depuis": timezone.now().isoformat()}


def fermer(request) -> None:
    request.session.flush()


def moyen(request) -> str:
    return (request.session.get(CLE_SESSION) or {}).get("moyen", "")


def espace_de(request) -> EspacePersonne | None:
    """L'espace ouvert de la personne connectée, ou ``None`` (pas de session, espace fermé, personne anonymisée)."""
    donnees = request.session.get(CLE_SESSION) if hasattr(request, "session") else None
    if not donnees:
        return None
    espace = (
        EspacePersonne.objects.select_related("personne", "personne__departement")
        .filter(pk=donnees.get("espace"), ferme_le__isnull=True, personne__anonymise_le__isnull=True)
        .first()
    )
    if espace is None:
        request.session.pop(CLE_SESSION, None)
    return espace


@receiver(user_logged_in, dispatch_uid="binome_espace_connexion_professionnel")
def _connexion_professionnel(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(CLE_SESSION, None)
