"""Inscrire une personne (depuis la séance ou depuis son parcours), la désinscrire."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.views.suivi_outils import fil_personne
from binome.collectif import selectors, services
from binome.collectif.enums import StatutInscription
from binome.collectif.forms import FormulaireInscription
from binome.collectif.views.seances import formulaire_inscription, rendre_seance
from binome.core.forms import Formulaire, ajouter_erreurs


def _message(inscription) -> str:
    if inscription.statut == StatutInscription.ATTENTE:
        return _("La séance est complète : %(personne)s est sur la liste d'attente.") % {
            "personne": inscription.parcours.personne
        }
    return _("%(personne)s est inscrite ; la confirmation lui est envoyée.") % {
        "personne": inscription.parcours.personne
    }


@require_POST
def inscrire(request, pk):
    seance = selectors.seance_pour(request.user, pk)
    if not selectors.detail_seance(request.user, seance)["peut_inscrire"]:
        raise PermissionDenied(_("On ne s'inscrit plus à cette séance."))
    form = formulaire_inscription(request.user, seance, request.POST)
    if form.is_valid():
        try:
            inscription = services.inscription_creer(
                acteur=request.user,
                seance=seance,
                parcours=form.cleaned_data["parcours"],
                accord_le=form.cleaned_data["accord_le"],
            )
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _message(inscription))
            return redirect("collectif:seance", pk=seance.pk)
    return rendre_seance(request, seance, form_inscription=form, status=400)


@require_http_methods(["GET", "POST"])
def inscrire_parcours(request, parcours_pk):
    parcours = accompagnement.parcours_pour(request.user, parcours_pk)
    if not selectors.peut_inscrire(request.user, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas inscrire la personne de ce parcours à une action collective."))
    form = FormulaireInscription(
        request.POST if request.method == "POST" else None,
        seances=selectors.seances_inscriptibles(request.user, parcours),
        actions_plan=selectors.actions_du_plan(parcours),
    )
    if request.method == "POST" and form.is_valid():
        try:
            inscription = services.inscription_creer(acteur=request.user, parcours=parcours, **form.cleaned_data)
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _message(inscription))
            return redirect("accompagnement:personne", pk=parcours.personne_id)
    titre = _("Inscrire à une action collective")
    contexte = {
        "form": form,
        "titre": titre,
        "sous_titre": str(parcours.personne),
        "retour": reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id}),
        "bouton": _("Inscrire"),
        "fil_ariane": fil_personne(request.user, parcours.personne, {"titre": titre}),
    }
    return render(request, "collectif/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def desinscrire(request, pk):
    inscription = selectors.inscription_pour(request.user, pk)
    if not selectors.peut_inscrire(request.user, inscription.parcours, en_cours=False):
        raise PermissionDenied(_("Vous ne pouvez pas désinscrire cette personne."))
    form = Formulaire(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.inscription_desinscrire(acteur=request.user, inscription=inscription)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La personne est désinscrite de la séance ; elle en est prévenue."))
            return redirect("accompagnement:personne", pk=inscription.parcours.personne_id)
    contexte = {
        "inscription": inscription,
        "form": form,
        "fil_ariane": fil_personne(request.user, inscription.parcours.personne, {"titre": _("Désinscrire")}),
    }
    return render(request, "collectif/desinscrire.html", contexte, status=400 if form.is_bound else 200)
