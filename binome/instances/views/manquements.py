"""Manquements au contrat d'engagement (RSA) d'un parcours : constat, invitation, décision, remobilisation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from binome.accompagnement import selectors as accompagnement
from binome.core.forms import ajouter_erreurs
from binome.instances import selectors, services
from binome.instances.enums import StatutManquement
from binome.instances.forms import (
    FormulaireInvitation,
    FormulaireManquement,
    FormulaireRemobilisation,
    FormulaireSanction,
)


def _fil(parcours, *suite) -> list[dict]:
    liste = reverse("instances:manquements", kwargs={"parcours_pk": parcours.pk})
    return [
        {"titre": _("Parcours"), "url": reverse("accompagnement:parcours", kwargs={"pk": parcours.pk})},
        {"titre": _("Manquements au contrat d'engagement"), "url": liste},
        *suite,
    ]


_CONSTAT_REFUSE = gettext_lazy("Un manquement se constate par un référent du parcours d'un bénéficiaire du RSA.")
_CONSTAT_FAIT = gettext_lazy("Le manquement est constaté. Invitez la personne devant l'équipe pluridisciplinaire.")


@require_http_methods(["GET", "POST"])
def manquements(request, parcours_pk):
    parcours = accompagnement.parcours_pour(request.user, parcours_pk)
    peut_constater = selectors.peut_constater(request.user, parcours)
    form = FormulaireManquement(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not peut_constater:
            raise PermissionDenied(
                _("Un manquement se constate par un référent du parcours d'un bénéficiaire du RSA.")
            )
        if form.is_valid():
            try:
                manquement = services.manquement_constater(acteur=request.user, parcours=parcours, **form.cleaned_data)
            except ValidationError as erreur:
                ajouter_erreurs(form, erreur)
            else:
                messages.success(
                    request, _("Le manquement est constaté. Invitez la personne devant l'équipe pluridisciplinaire.")
                )
                return redirect("instances:manquement", pk=manquement.pk)
    contexte = {
        "parcours": parcours,
        "manquements": selectors.manquements_du_parcours(request.user, parcours),
        "form": form if peut_constater else None,
        "fil_ariane": _fil(parcours)[:1] + [{"titre": _("Manquements au contrat d'engagement")}],
    }
    return render(request, "instances/manquements.html", contexte, status=400 if form.is_bound else 200)


def _formulaires(request, manquement, envoye: str | None):
    donnees = request.POST if request.method == "POST" else None
    suit = selectors.peut_suivre_manquement(request.user, manquement)
    decide = selectors.peut_decider_sanction(request.user, manquement)
    formulaires = {}
    if manquement.statut in (StatutManquement.CONSTATE, StatutManquement.AVIS_RENDU) and suit:
        initial = {
            "invitee_le": manquement.invitee_le,
            "entendue": manquement.entendue,
            "observations": manquement.observations,
        }
        formulaires["invitation"] = FormulaireInvitation(
            donnees if envoye == "invitation" else None, initial=initial, prefix="invitation"
        )
    if manquement.statut == StatutManquement.AVIS_RENDU and decide:
        formulaires["sanction"] = FormulaireSanction(donnees if envoye == "sanction" else None, prefix="sanction")
    if manquement.statut == StatutManquement.SUSPENDU and (suit or decide):
        formulaires["remobilisation"] = FormulaireRemobilisation(
            donnees if envoye == "remobilisation" else None, prefix="remobilisation"
        )
    return formulaires


_SERVICES = {
    "invitation": (services.invitation_enregistrer, _("L'invitation est enregistrée.")),
    "sanction": (services.sanction_decider, _("La décision du président du conseil départemental est enregistrée.")),
    "remobilisation": (
        services.remobilisation_enregistrer,
        _("La remobilisation est enregistrée : la suspension est levée."),
    ),
}


@require_http_methods(["GET", "POST"])
def manquement(request, pk):
    objet = selectors.manquement_pour(request.user, pk)
    envoye = request.POST.get("etape") if request.method == "POST" else None
    formulaires = _formulaires(request, objet, envoye)
    if request.method == "POST":
        form = formulaires.get(envoye)
        if form is None:
            raise PermissionDenied(_("Cette étape n'est pas possible pour ce manquement."))
        if form.is_valid():
            service, message = _SERVICES[envoye]
            try:
                service(acteur=request.user, manquement=objet, **form.cleaned_data)
            except ValidationError as erreur:
                ajouter_erreurs(form, erreur)
            else:
                messages.success(request, message)
                return redirect("instances:manquement", pk=objet.pk)
    contexte = {
        "manquement": objet,
        "parcours": objet.parcours,
        "formulaires": formulaires,
        "fil_ariane": _fil(objet.parcours, {"titre": str(objet)}),
    }
    return render(request, "instances/manquement.html", contexte, status=400 if request.method == "POST" else 200)
