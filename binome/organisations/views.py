from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from binome.comptes.selectors import peut_administrer
from binome.organisations.selectors import organisations_administrables


@require_GET
def liste(request):
    if not peut_administrer(request.user):
        raise PermissionDenied
    qs = organisations_administrables(request.user).order_by("departement_id", "type", "nom", "pk")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "organisations/liste.html", {"page": page, "fil_ariane": [{"titre": _("Organisations")}]})
