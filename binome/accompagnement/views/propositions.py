"""Propositions d'une structure partenaire : proposer une personne, suivre le statut de ses propositions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.accompagnement import selectors, services
from binome.accompagnement.forms.propositions import FormulairePropositionPartenaire
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50


def _exiger_partenaire(acteur) -> None:
    if not selectors.propose_des_personnes(acteur):
        raise PermissionDenied(_("Seule une structure partenaire propose des personnes depuis cette page."))


@require_GET
def propositions(request):
    """Le statut des propositions du partenaire ; rien du dossier."""
    _exiger_partenaire(request.user)
    page = Paginator(selectors.propositions_du_partenaire(request.user), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accompagnement/propositions.html",
        {
            "page": page,
            "propositions": selectors.propositions(page.object_list),
            "fil_ariane": [{"titre": _("Mes propositions")}],
        },
    )


@require_http_methods(["GET", "POST"])
def proposition_creer(request):
    _exiger_partenaire(request.user)
    structures = selectors.structures_partenaires(request.user)
    form = FormulairePropositionPartenaire(
        request.POST or None,
        departements={h.departement_code for h in structures},
        structures=structures,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.proposition_partenaire_creer(acteur=request.user, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(
                request,
                _("Votre proposition est envoyée : vous en suivrez ici le statut, sans accès au dossier."),
            )
            return redirect("accompagnement:propositions")
    titre = _("Proposer une personne pour l'accompagnement global")
    return render(
        request,
        "accompagnement/proposition_formulaire.html",
        {
            "form": form,
            "titre": titre,
            "fil_ariane": [
                {"titre": _("Mes propositions"), "url": reverse("accompagnement:propositions")},
                {"titre": titre},
            ],
        },
    )
