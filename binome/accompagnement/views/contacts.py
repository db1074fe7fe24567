"""Journal des contacts d'un parcours : liste paginée et saisie."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binome.accompagnement import selectors, services
from binome.accompagnement.forms import suivi as formulaires
from binome.accompagnement.views.suivi_outils import exiger_modification, fil_personne
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 20


@require_http_methods(["GET", "POST"])
def contacts(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    modifiable = selectors.peut_modifier(request.user, parcours)
    form = None
    statut = 200
    if request.method == "POST":
        exiger_modification(request.user, parcours)
    if modifiable:
        form = formulaires.FormulaireContact(
            request.POST if request.method == "POST" else None,
            participants=selectors.participants_possibles(parcours, request.user),
            initial={"participants": [request.user.pk]},
        )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.contact_enregistrer(acteur=request.user, parcours=parcours, **form.cleaned_data)
            except ValidationError as erreur:
                ajouter_erreurs(form, erreur)
            else:
                messages.success(request, _("Le contact a été enregistré."))
                return redirect(reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk}))
        statut = 400
    page = Paginator(selectors.contacts_du_parcours(parcours), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accompagnement/suivi/contacts.html",
        {
            "parcours": parcours,
            "personne": parcours.personne,
            "page": page,
            "form": form,
            "fil_ariane": fil_personne(request.user, parcours.personne, {"titre": _("Contacts")}),
        },
        status=statut,
    )
