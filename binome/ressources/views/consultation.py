"""Consultation de l'annuaire : recherche, fiche d'un service, signalement d'une erreur."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.ressources import cartes, orientations, selectors
from binome.ressources import referentiels as ref
from binome.ressources import services as ecritures
from binome.ressources.forms import SignalementForm, libelle_frein
from binome.ressources.requetes import executer_recherche
from binome.ressources.views import fil


@require_GET
def recherche(request):
    selectors.exiger_professionnel(request.user)
    form, page, thematiques_frein = executer_recherche(request, request.GET, colonnes=cartes.COLONNES)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "form": form,
        "page": page,
        "criteres_url": parametres.urlencode(),
        "thematiques_frein": ref.libelles("thematiques", thematiques_frein),
        "frein_libelle": libelle_frein(request.GET.get("frein", "")) if request.GET.get("frein") else "",
        "contexte_plan": orientations.contexte_depuis_requete(request),
        "aujourdhui": timezone.localdate(),
        "fil_ariane": [{"titre": _("Annuaire des ressources")}],
    }
    gabarit = "ressources/_resultats.html" if request.htmx and page is not None else "ressources/recherche.html"
    return render(request, gabarit, contexte)


@require_GET
def service(request, service_id):
    fiche = selectors.service_pour(request.user, service_id)
    contexte = {
        "service": fiche,
        "structure": fiche.structure,
        "voit_contact": selectors.voit_contact(request.user, fiche),
        "peut_modifier": selectors.peut_modifier_service(request.user, fiche),
        "peut_moderer": selectors.peut_moderer(request.user, fiche),
        "aujourdhui": timezone.localdate(),
        "contexte_plan": orientations.contexte_depuis_requete(request),
        "retour": request.GET.get("retour", ""),
        "fil_ariane": fil({"titre": fiche.nom}),
    }
    return render(request, "ressources/service.html", contexte)


@require_http_methods(["GET", "POST"])
def signaler(request, service_id):
    fiche = selectors.service_pour(request.user, service_id)
    form = SignalementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ecritures.signalement_creer(acteur=request.user, service=fiche, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error("message", exc)
        else:
            messages.success(
                request, _("Merci : l'erreur a été transmise à l'organisation qui tient la fiche à jour.")
            )
            return redirect("ressources:service", service_id=fiche.pk)
    return render(
        request,
        "ressources/signaler.html",
        {
            "service": fiche,
            "form": form,
            "fil_ariane": fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Signaler une erreur")},
            ),
        },
    )
