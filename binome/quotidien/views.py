from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from binome.quotidien.a_faire import compteurs_menu


@require_GET
@never_cache
def compteurs(request):
    """Fragment htmx : les badges du menu, placés par ``hx-swap-oob`` dans les emplacements de la navigation."""
    return render(request, "quotidien/_compteurs.html", {"compteurs": compteurs_menu(request.user)})
