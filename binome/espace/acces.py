"""Le garde de chaque page de l'espace de la personne : session de personne exigée, page journalisée, pas de cache."""

from functools import wraps

from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.espace.session import espace_de

LIBELLE_PERSONNE = "La personne elle-même"
FINALITE_ESPACE = "Consultation de son espace par la personne accompagnée"


def journaliser_personne(
    request, espace, *, action=Action.LECTURE, finalite=FINALITE_ESPACE, objet=None, chemin: str | None = None
):
    """Ligne du journal des accès pour ce que fait la personne dans son espace (acteur : la personne elle-même) ;
    ``chemin`` : celui à écrire quand l'adresse porte un secret (lien de connexion)."""
    journaliser(
        chemin=chemin,
        request=request,
        acteur=None,
        action=action,
        finalite=str(finalite),
        objet=objet,
        personne=espace.personne,
        libelle_acteur=str(_(LIBELLE_PERSONNE)),
    )


def espace_requis(vue):
    """Pose ``request.espace`` (l'espace ouvert de la personne connectée) ou renvoie vers la connexion de l'espace.

    Chaque réponse réussie (200 en lecture, 2xx/3xx en écriture) écrit une ligne du journal des accès.
    """

    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        espace = espace_de(request)
        if espace is None:
            return redirect("espace:connexion")
        request.espace = espace
        reponse = vue(request, *args, **kwargs)
        lecture = request.method in ("GET", "HEAD")
        if (lecture and reponse.status_code == 200) or (not lecture and 200 <= reponse.status_code < 400):
            journaliser_personne(request, espace, action=Action.LECTURE if lecture else Action.SAISIE)
        add_never_cache_headers(reponse)
        return reponse

    return enveloppe
