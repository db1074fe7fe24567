from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.administration import forms, selectors, services
from binome.comptes.selectors import exiger_administration
from binome.core.forms import ajouter_erreurs
from binome.organisations.models import Organisation

TAILLE_PAGE = 50


def _fil(*suite):
    return [{"titre": _("Organisations"), "url": reverse("organisations:liste")}, *suite]


@require_GET
def liste(request):
    exiger_administration(request.user)
    departements = list(selectors.departements_administrables(request.user))
    filtre = forms.FormulaireFiltreOrganisations(request.GET or None, departements=departements)
    criteres = filtre.cleaned_data if filtre.is_valid() else {}
    qs = selectors.organisations_liste(
        request.user,
        recherche=criteres.get("q", ""),
        type=criteres.get("type", ""),
        departement=criteres.get("departement", ""),
        statut=criteres.get("statut", ""),
    )
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/liste.html",
        {
            "page": page,
            "filtre": filtre,
            "departements": departements,
            "fil_ariane": [{"titre": _("Organisations")}],
        },
    )


@require_http_methods(["GET", "POST"])
def creer(request):
    exiger_administration(request.user)
    code = request.GET.get("departement", "")
    if not code:
        departements = list(selectors.departements_administrables(request.user, tous=True))
        if len(departements) != 1:
            return render(
                request,
                "organisations/choisir_departement.html",
                {"departements": departements, "fil_ariane": _fil({"titre": _("Créer une organisation")})},
            )
        code = departements[0].code
    departement = selectors.departement_administrable(request.user, code)
    form = forms.FormulaireOrganisation(
        request.POST or None, instance=Organisation(departement=departement), departement=departement
    )
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        communes = donnees.pop("communes")
        try:
            organisation = services.organisation_creer(
                acteur=request.user, departement=departement, communes=communes, **donnees
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("L'organisation « %(nom)s » a été créée.") % {"nom": organisation.nom})
            return redirect("organisations:fiche", pk=organisation.pk)
    return render(
        request,
        "organisations/formulaire.html",
        {
            "form": form,
            "departement": departement,
            "titre": _("Créer une organisation"),
            "fil_ariane": _fil({"titre": _("Créer une organisation")}),
        },
    )


@require_GET
def fiche(request, pk):
    exiger_administration(request.user)
    organisation = selectors.organisation_administrable(request.user, pk)
    return render(
        request,
        "organisations/fiche.html",
        {
            "organisation": organisation,
            "libelle_unites": selectors.libelle_unites(organisation.departement_id),
            "communes": selectors.communes_couvertes(organisation),
            "membres": selectors.membres(organisation),
            "fil_ariane": _fil({"titre": organisation.nom}),
        },
    )


@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    exiger_administration(request.user)
    organisation = selectors.organisation_administrable(request.user, pk)
    departement = organisation.departement
    form = forms.FormulaireOrganisation(request.POST or None, instance=organisation, departement=departement)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        communes = donnees.pop("communes")
        try:
            services.organisation_modifier(
                acteur=request.user, organisation=organisation, communes=communes, **donnees
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect("organisations:fiche", pk=organisation.pk)
    return render(
        request,
        "organisations/formulaire.html",
        {
            "form": form,
            "departement": departement,
            "organisation": organisation,
            "titre": _("Modifier l'organisation"),
            "fil_ariane": _fil(
                {"titre": organisation.nom, "url": reverse("organisations:fiche", args=[organisation.pk])},
                {"titre": _("Modifier")},
            ),
        },
    )


def _basculer(request, pk, service, message):
    exiger_administration(request.user)
    organisation = selectors.organisation_administrable(request.user, pk)
    try:
        service(acteur=request.user, organisation=organisation)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, message)
    return redirect("organisations:fiche", pk=organisation.pk)


@require_POST
def desactiver(request, pk):
    return _basculer(
        request,
        pk,
        services.organisation_desactiver,
        _("L'organisation est désactivée : les rôles qui y sont rattachés ne donnent plus accès."),
    )


@require_POST
def reactiver(request, pk):
    return _basculer(request, pk, services.organisation_reactiver, _("L'organisation est réactivée."))


@require_http_methods(["GET", "POST"])
def parametres(request, code):
    exiger_administration(request.user)
    departement = selectors.departement_administrable(request.user, code)
    instance = selectors.parametres_du_departement(departement)
    form = forms.FormulaireParametresDepartement(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.parametres_departement_modifier(acteur=request.user, departement=departement, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Les paramètres du département ont été enregistrés."))
            return redirect("organisations:parametres", code=departement.code)
    return render(
        request,
        "organisations/parametres.html",
        {
            "form": form,
            "departement": departement,
            "fil_ariane": _fil({"titre": _("Paramètres : %(departement)s") % {"departement": departement}}),
        },
    )


def _convention_fse(request, code, pk=None):
    """Liste des conventions FSE+ du département et formulaire de création (``pk`` vide) ou de modification."""
    exiger_administration(request.user)
    departement = selectors.departement_administrable(request.user, code)
    convention = selectors.convention_fse_administrable(departement, pk) if pk is not None else None
    form = forms.FormulaireConventionFSE(request.POST or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_fse_enregistrer(
                acteur=request.user, departement=departement, convention=convention, **form.cleaned_data
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La convention FSE+ est enregistrée."))
            return redirect("organisations:conventions_fse", code=departement.code)
    titre = _("Conventions FSE+ : %(departement)s") % {"departement": departement}
    return render(
        request,
        "organisations/conventions_fse.html",
        {
            "form": form,
            "departement": departement,
            "convention": convention,
            "conventions": selectors.conventions_fse(departement),
            "titre": titre,
            "fil_ariane": _fil({"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def conventions_fse(request, code):
    return _convention_fse(request, code)


@require_http_methods(["GET", "POST"])
def convention_fse_modifier(request, code, pk):
    return _convention_fse(request, code, pk)
