"""Écrans des actions collectives : liste (séances à venir, actions), créer, voir, modifier une action.

Vues minces : un sélecteur pour lire et décider, un service pour écrire.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.collectif import publication, selectors, services
from binome.collectif.enums import ThemeAction
from binome.collectif.forms import FormulaireAction

TAILLE_PAGE = 20
VUES = ("seances", "actions")


def fil(*suite) -> list[dict]:
    return [{"titre": _("Actions collectives"), "url": reverse("collectif:liste")}, *suite]


@require_GET
def liste(request):
    selectors.exiger_acces(request.user)
    theme = request.GET.get("theme", "")
    theme = theme if theme in ThemeAction.values else ""
    vue = request.GET.get("vue", "")
    vue = vue if vue in VUES else VUES[0]
    if vue == "actions":
        qs = selectors.actions_visibles(request.user, theme=theme)
    else:
        qs = selectors.seances_a_venir(request.user, theme=theme)
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    if vue == "seances":
        for seance in page.object_list:
            seance.restantes = selectors.places_restantes(seance)
    contexte = {
        "page": page,
        "vue": vue,
        "theme": theme,
        "themes": ThemeAction.choices,
        "peut_creer": selectors.peut_creer(request.user),
        "fil_ariane": [{"titre": _("Actions collectives")}],
    }
    return render(request, "collectif/liste.html", contexte)


def _formulaire_action(request, departement_code, action=None):
    return FormulaireAction(
        request.POST if request.method == "POST" else None,
        organisations=selectors.organisations_possibles(departement_code),
        structures=selectors.structures_possibles(departement_code),
        action=action,
    )


@require_http_methods(["GET", "POST"])
def action_creer(request):
    selectors.exiger_acces(request.user)
    departements = sorted(selectors.departements_gestion(request.user))
    if not departements:
        raise PermissionDenied(_("Vous ne pouvez pas créer d'action collective."))
    # Un professionnel agit dans un département ; le premier de ses départements s'il en a plusieurs.
    departement_code = request.GET.get("departement", departements[0])
    if departement_code not in departements:
        raise PermissionDenied(_("Vous ne pouvez pas créer d'action collective dans ce département."))
    form = _formulaire_action(request, departement_code)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_creer(acteur=request.user, departement_code=departement_code, **form.cleaned_data)
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("L'action collective est créée : planifiez sa première séance."))
            return redirect("collectif:action", pk=action.pk)
    titre = _("Créer une action collective")
    contexte = {"form": form, "titre": titre, "fil_ariane": fil({"titre": titre})}
    return render(request, "collectif/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_GET
def action(request, pk):
    action = selectors.action_pour(request.user, pk)
    contexte = {
        "action": action,
        **selectors.detail_action(request.user, action),
        "peut_publier": publication.peut_publier(request.user, action),
        "fil_ariane": fil({"titre": action.titre}),
    }
    return render(request, "collectif/action.html", contexte)


@require_http_methods(["GET", "POST"])
def action_modifier(request, pk):
    action = selectors.action_pour(request.user, pk)
    if not selectors.peut_gerer(request.user, action):
        raise PermissionDenied(_("Vous ne pouvez pas modifier cette action collective."))
    form = _formulaire_action(request, action.departement_id, action)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_modifier(acteur=request.user, action=action, **form.cleaned_data)
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("L'action collective est modifiée."))
            return redirect("collectif:action", pk=action.pk)
    titre = _("Modifier l'action collective")
    contexte = {
        "form": form,
        "titre": titre,
        "retour": reverse("collectif:action", kwargs={"pk": action.pk}),
        "fil_ariane": fil(
            {"titre": action.titre, "url": reverse("collectif:action", kwargs={"pk": action.pk})}, {"titre": titre}
        ),
    }
    return render(request, "collectif/formulaire.html", contexte, status=400 if form.is_bound else 200)
