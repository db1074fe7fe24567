"""Vues de l'abonnement à l'agenda : le flux .ics (public, le jeton est l'autorisation) et les actions de la
section « Mon agenda dans mon calendrier » de ``/profil/`` (créer ou régénérer, option, révoquer)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from binome.agenda import abonnement as services
from binome.agenda import debit, selectors
from binome.agenda import flux as fabrique
from binome.agenda.profil import FormulaireOption
from binome.core.reseau import ip_client

# Attribut de la requête lu par le journal des accès (``confiance.middleware``) : le flux n'a pas de session,
# l'acteur de la lecture est le propriétaire du jeton.
ACTEUR_PAR_JETON = "binome_acteur_par_jeton"


def _reponse_courte(texte: str, status: int) -> HttpResponse:
    """Réponse texte, identique pour tout jeton refusé, et non écrite dans le journal du serveur : le chemin
    porte le jeton, qui n'a rien à faire dans les journaux."""
    reponse = HttpResponse(texte, status=status, content_type="text/plain; charset=utf-8")
    reponse["Cache-Control"] = "private, no-store"
    reponse._has_been_logged = True
    return reponse


def _trop_de_requetes() -> HttpResponse:
    reponse = _reponse_courte(_("Trop de requêtes : réessayez plus tard."), 429)
    reponse["Retry-After"] = "600"
    return reponse


@require_GET
def flux(request, jeton: str):
    ip = ip_client(request)
    if debit.adresse_bloquee(ip):
        return _trop_de_requetes()
    try:
        abonnement = selectors.abonnement_par_jeton(jeton)
    except Http404:
        debit.noter_echec(ip)
        return _reponse_courte(_("Adresse d'agenda inconnue."), 404)
    if not debit.lecture_permise(abonnement.empreinte):
        return _trop_de_requetes()
    services.abonnement_noter_lecture(abonnement=abonnement)
    setattr(request, ACTEUR_PAR_JETON, abonnement.utilisateur)
    reponse = HttpResponse(fabrique.flux(abonnement), content_type="text/calendar; charset=utf-8")
    reponse["Cache-Control"] = "private, no-store"
    reponse["Content-Disposition"] = 'inline; filename="binome.ics"'
    reponse["X-Robots-Tag"] = "noindex, nofollow"
    return reponse


@never_cache
@require_POST
def creer(request):
    """Crée ou régénère l'adresse, puis la montre, une seule fois (elle n'est gardée nulle part)."""
    _abonnement, jeton = services.abonnement_creer(acteur=request.user)
    adresse = fabrique.adresse_absolue(reverse("agenda:abonnement_flux", kwargs={"jeton": jeton}))
    return render(
        request,
        "agenda/abonnement_cree.html",
        {
            "adresse": adresse,
            "fil_ariane": [
                {"titre": _("Mon profil"), "url": reverse("comptes:profil")},
                {"titre": _("Adresse de mon agenda")},
            ],
        },
    )


@require_POST
def option(request):
    formulaire = FormulaireOption(request.POST)
    if formulaire.is_valid():
        services.abonnement_changer_option(acteur=request.user, avec_prenoms=formulaire.cleaned_data["avec_prenoms"])
        messages.success(request, _("L'option de votre agenda est enregistrée."))
    return redirect("comptes:profil")


@require_POST
def revoquer(request):
    if services.abonnement_revoquer(acteur=request.user):
        messages.success(request, _("L'adresse de votre agenda est révoquée : elle ne marche plus."))
    return redirect("comptes:profil")
