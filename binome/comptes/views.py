from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binome.comptes import selectors


@require_GET
def profil(request):
    return render(
        request,
        "comptes/profil.html",
        {"habilitations": selectors.habilitations(request.user), "fil_ariane": [{"titre": _("Mon profil")}]},
    )


@require_GET
def utilisateurs(request):
    if not selectors.peut_administrer(request.user):
        raise PermissionDenied
    qs = selectors.utilisateurs_administrables(request.user).order_by("nom", "prenom", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "comptes/utilisateurs.html",
        {"page": page, "fil_ariane": [{"titre": _("Utilisateurs")}]},
    )
