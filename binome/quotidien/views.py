"""Vues du quotidien : compteurs du menu (poste h4), fréquence du résumé par courriel (poste h5)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from binome.quotidien import profil, services
from binome.quotidien.a_faire import compteurs_menu


@require_GET
@never_cache
def compteurs(request):
    """Fragment htmx : les badges du menu, placés par ``hx-swap-oob`` dans les emplacements de la navigation."""
    return render(request, "quotidien/_compteurs.html", {"compteurs": compteurs_menu(request.user)})


# --- Poste h5 : résumés par courriel ---


@require_POST
def resume_frequence(request):
    """La fréquence du résumé, choisie depuis « Mon profil »."""
    form = profil.formulaire(request, request.POST)
    if form.is_valid():
        try:
            services.frequence_resume_choisir(acteur=request.user, frequence=form.cleaned_data["frequence"])
        except ValidationError as erreur:
            messages.error(request, " ".join(erreur.messages))
        else:
            messages.success(request, _("La fréquence de votre résumé par courriel est enregistrée."))
    else:
        messages.error(request, _("Choisissez une fréquence de la liste."))
    return redirect(reverse("comptes:profil") + "#resume")
