"""Cofinancement FSE+ d'un parcours : la règle appliquée (``binome.accompagnement.cofinancement``) et la dérogation
posée par l'administrateur du département ou un encadrant (issue 12, point 3)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binome.accompagnement import forms as f
from binome.accompagnement import selectors, services
from binome.accompagnement.cofinancement import cofinancement_du_parcours
from binome.accompagnement.views.parcours import _executer, _fil_personne


@require_http_methods(["GET", "POST"])
def parcours_fse(request, pk):
    """Cofinancement FSE+ du parcours : la règle appliquée et la dérogation (administrateur, encadrants)."""
    parcours = selectors.parcours_pour(request.user, pk)
    if not selectors.peut_deroger_fse(request.user, parcours):
        raise PermissionDenied(_("Seuls l'administrateur du département et les encadrants dérogent au FSE+."))
    regle = {None: f.FormulaireDerogationFSE.CONVENTION, True: f.FormulaireDerogationFSE.OUI}
    initial = {
        "regle": regle.get(parcours.cofinance_fse, f.FormulaireDerogationFSE.NON),
        "identifiant_operation": parcours.identifiant_operation_fse,
    }
    form = f.FormulaireDerogationFSE(request.POST or None, initial=initial)
    if _executer(
        request, form, services.parcours_deroger_fse, _("La dérogation FSE+ est enregistrée."), parcours=parcours
    ):
        return redirect("accompagnement:parcours_fse", pk=parcours.pk)
    cofinance, operation = cofinancement_du_parcours(parcours)
    titre = _("Cofinancement FSE+ du parcours")
    return render(
        request,
        "accompagnement/parcours_fse.html",
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "cofinance": cofinance,
            "operation": operation,
            "titre": titre,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )
