"""Écrans des instances : liste, définition (administrateur départemental), membres, nouvelle séance."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.core.forms import ajouter_erreurs
from binome.instances import selectors, services
from binome.instances.forms import FormulaireInstance, FormulaireMembre, FormulaireSeance


def _fil(*suite) -> list[dict]:
    return [{"titre": _("Instances"), "url": reverse("instances:liste")}, *suite]


def _fil_instance(instance, *suite) -> list[dict]:
    return _fil({"titre": instance.nom, "url": reverse("instances:instance", kwargs={"pk": instance.pk})}, *suite)


@require_GET
def liste(request):
    if not selectors.voit_les_instances(request.user):
        raise PermissionDenied(_("Les instances sont ouvertes à leurs membres, aux référents et à l'administration."))
    contexte = {
        "instances": selectors.instances_visibles(request.user),
        "peut_creer": selectors.gere_des_instances(request.user),
        "fil_ariane": [{"titre": _("Instances")}],
    }
    return render(request, "instances/liste.html", contexte)


@require_http_methods(["GET", "POST"])
def creer(request):
    departements = selectors.departements_a_gerer(request.user)
    if not selectors.gere_des_instances(request.user) or not departements:
        raise PermissionDenied(_("Seul l'administrateur départemental définit les instances."))
    departement = departements.filter(pk=request.POST.get("departement")).first() or departements.first()
    form = FormulaireInstance(
        request.POST if request.method == "POST" else None,
        avec_departement=departements,
        **selectors.territoire_possible(departement),
    )
    if request.method == "POST" and form.is_valid():
        donnees = {k: v for k, v in form.cleaned_data.items()}
        try:
            instance = services.instance_creer(acteur=request.user, **donnees)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("L'instance est créée. Ajoutez ses membres."))
            return redirect("instances:instance", pk=instance.pk)
    contexte = {"form": form, "titre": _("Nouvelle instance"), "fil_ariane": _fil({"titre": _("Nouvelle instance")})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_GET
def instance(request, pk):
    objet = selectors.instance_pour(request.user, pk)
    seances = selectors.seances_de(objet)
    maintenant = timezone.now()
    contexte = {
        "instance": objet,
        "membres": selectors.membres_de(objet),
        "seances_a_venir": [s for s in seances if s.date >= maintenant],
        "seances_passees": [s for s in seances if s.date < maintenant],
        "gere": selectors.peut_gerer(request.user, objet),
        "anime": selectors.anime(request.user, objet),
        "communes": list(objet.communes.order_by("nom")),
        "unites": list(objet.unites.order_by("nom")),
        "fil_ariane": _fil({"titre": objet.nom}),
    }
    return render(request, "instances/instance.html", contexte)


@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    objet = selectors.instance_a_gerer(request.user, pk)
    initial = {
        "nom": objet.nom,
        "nature": objet.nature,
        "rythme": objet.rythme,
        "rythme_precision": objet.rythme_precision,
        "communes": list(objet.communes.all()),
        "unites": list(objet.unites.all()),
    }
    form = FormulaireInstance(
        request.POST if request.method == "POST" else None,
        initial=initial,
        **selectors.territoire_possible(objet.departement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.instance_modifier(acteur=request.user, instance=objet, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("L'instance est modifiée."))
            return redirect("instances:instance", pk=objet.pk)
    titre = _("Modifier l'instance")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_instance(objet, {"titre": titre})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def membre_ajouter(request, pk):
    objet = selectors.instance_a_gerer(request.user, pk)
    form = FormulaireMembre(request.POST if request.method == "POST" else None, **selectors.membres_possibles(objet))
    if request.method == "POST" and form.is_valid():
        try:
            services.membre_ajouter(acteur=request.user, instance=objet, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le membre est ajouté."))
            return redirect("instances:instance", pk=objet.pk)
    titre = _("Ajouter un membre")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_instance(objet, {"titre": titre})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_POST
def membre_retirer(request, pk):
    membre = selectors.membre_a_retirer(request.user, pk)
    services.membre_retirer(acteur=request.user, membre=membre)
    messages.success(request, _("Le membre ne siège plus dans l'instance."))
    return redirect("instances:instance", pk=membre.instance_id)


@require_http_methods(["GET", "POST"])
def seance_creer(request, pk):
    objet = selectors.instance_pour(request.user, pk)
    if not selectors.anime(request.user, objet):
        raise PermissionDenied(
            _("Seuls l'administrateur départemental, la présidence et le secrétariat créent une séance.")
        )
    form = FormulaireSeance(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            seance = services.seance_creer(
                acteur=request.user, instance=objet, date=form.debut(), lieu=form.cleaned_data["lieu"]
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La séance est créée. Construisez son ordre du jour."))
            return redirect("instances:seance", pk=seance.pk)
    titre = _("Nouvelle séance")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_instance(objet, {"titre": titre})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)
