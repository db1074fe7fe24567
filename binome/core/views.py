from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binome.core.selectors import informations_editeur


@require_GET
def mentions_legales(request):
    return render(
        request,
        "core/mentions_legales.html",
        {"editeur": informations_editeur(), "fil_ariane": [{"titre": _("Mentions légales")}]},
    )


@require_GET
def donnees_personnelles(request):
    return render(
        request,
        "core/donnees_personnelles.html",
        {"editeur": informations_editeur(), "fil_ariane": [{"titre": _("Données personnelles")}]},
    )


@require_GET
def accessibilite(request):
    return render(
        request,
        "core/accessibilite.html",
        {"editeur": informations_editeur(), "fil_ariane": [{"titre": _("Accessibilité")}]},
    )


@require_GET
def sante(request):
    """Sonde de disponibilité pour le répartiteur de charge (aucune donnée)."""
    return HttpResponse("ok", content_type="text/plain")


def refus_csrf(request, reason=""):
    """Page DSFR d'un envoi refusé faute de jeton CSRF (``CSRF_FAILURE_VIEW``) : la raison technique n'est pas
    montrée à l'usager."""
    return render(request, "403_csrf.html", status=403)
