from django.shortcuts import render
from django.views.decorators.http import require_GET

from binome.portail.selectors import tableau_accueil


@require_GET
def accueil(request):
    return render(request, "portail/accueil.html", {"tableau": tableau_accueil(request.user)})
