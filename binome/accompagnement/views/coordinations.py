"""Boîte de réception des demandes de coordination (l'autre côté n'a plus à ouvrir le dossier pour les voir)."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binome.accompagnement import selectors

TAILLE_PAGE = 50


@require_GET
def coordinations(request):
    """Demandes adressées au côté de l'acteur, à traiter ; et celles qu'il a faites, avec leur réponse."""
    if not selectors.recoit_des_coordinations(request.user):
        raise PermissionDenied(_("Votre rôle ne reçoit pas de demandes de coordination."))
    page = Paginator(selectors.coordinations_a_traiter(request.user), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accompagnement/coordination_boite.html",
        {
            "page": page,
            "envoyees": selectors.coordinations_envoyees(request.user)[:TAILLE_PAGE],
            "fil_ariane": [{"titre": _("Demandes de coordination")}],
        },
    )
