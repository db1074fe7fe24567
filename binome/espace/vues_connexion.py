"""Connexion de la personne à son espace : lien à usage unique envoyé par courriel, déconnexion.

La réponse à une demande de lien est la même que l'adresse corresponde ou non à un espace ouvert, et que la limite
soit atteinte ou non (aucune énumération). Un GET sur le lien montre un bouton ; seul le POST consomme le lien
(les antivirus de messagerie qui ouvrent les liens ne le brûlent pas).
"""

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.core.reseau import ip_client
from binome.espace import envois, session
from binome.espace.acces import journaliser_personne
from binome.espace.forms_connexion import FormulaireLien
from binome.espace.selectors.connexion import espace_ouvert_par_courriel
from binome.espace.services.connexion import lien_consommer, lien_creer
from binome.identite import franceconnect

FINALITE_CONNEXION_LIEN = _("Connexion à son espace par un lien reçu par courriel")
CHEMIN_MASQUE = "…"
CLE_ID_TOKEN = "binome_espace_franceconnect_id_token"


def sans_cache(reponse):
    add_never_cache_headers(reponse)
    return reponse


@require_http_methods(["GET", "POST"])
def connexion(request):
    formulaire = FormulaireLien(request.POST or None)
    if request.method == "POST" and formulaire.is_valid():
        adresse = formulaire.cleaned_data["courriel"]
        espace = espace_ouvert_par_courriel(adresse)
        jeton = lien_creer(espace=espace, ip=ip_client(request)) if espace is not None else None
        if jeton is not None:
            envois.envoyer_lien(adresse=espace.personne.courriel, jeton=jeton)
        return redirect("espace:connexion_envoyee")
    contexte = {"form": formulaire, "franceconnect": franceconnect.est_configure()}
    return sans_cache(render(request, "espace/connexion.html", contexte))


def connexion_envoyee(request):
    return sans_cache(render(request, "espace/connexion_envoyee.html", {}))


def _chemin_masque() -> str:
    return reverse("espace:lien", kwargs={"jeton": CHEMIN_MASQUE})


@require_http_methods(["GET", "POST"])
def lien(request, jeton):
    if request.method == "GET":
        return sans_cache(render(request, "espace/connexion_lien.html", {}))
    espace = lien_consommer(jeton=jeton)
    if espace is None:
        journaliser(
            request=request,
            action=Action.CONNEXION_REFUSEE,
            finalite=str(_("Lien de connexion à l'espace expiré, déjà utilisé ou inconnu")),
            chemin=_chemin_masque(),
            libelle_acteur=str(_("Personne non identifiée (lien de connexion)")),
        )
        return sans_cache(render(request, "espace/connexion_lien_invalide.html", {}))
    session.ouvrir(request, espace=espace, moyen=session.Moyen.LIEN)
    journaliser_personne(
        request, espace, action=Action.CONNEXION, finalite=FINALITE_CONNEXION_LIEN, chemin=_chemin_masque()
    )
    return redirect("espace:accueil")


@require_POST
def deconnexion(request):
    """Ferme la session de la personne ; venue de FranceConnect, elle termine aussi la session FranceConnect."""
    venue_de_franceconnect = session.moyen(request) == session.Moyen.FRANCECONNECT
    id_token = request.session.get(CLE_ID_TOKEN, "")
    session.fermer(request)
    if venue_de_franceconnect and id_token:
        retour = settings.BINOME_URL_SITE.rstrip("/") + reverse("espace:connexion")
        adresse = franceconnect.adresse_de_deconnexion(id_token=id_token, retour=retour)
        if adresse:
            return redirect(adresse)
    return redirect("espace:connexion")
