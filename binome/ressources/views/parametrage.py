"""Correspondance frein → thématiques, propre à un département (administrateur départemental)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.ressources import freins, selectors
from binome.ressources import referentiels as ref
from binome.ressources import services as ecritures
from binome.ressources.forms import CorrespondanceForm, choix_freins, libelle_frein
from binome.ressources.models import CorrespondanceFrein
from binome.ressources.views import fil


def _departement(request):
    code = request.GET.get("departement") or request.POST.get("departement")
    return selectors.departement_parametrable_pour(request.user, code)


@require_GET
def correspondances(request):
    departement = _departement(request)
    surcharges = selectors.surcharges_du_departement(departement.code)
    groupes = []
    for groupe, options in choix_freins():
        lignes = []
        for code, libelle in options:
            thematiques = surcharges.get(code)
            lignes.append(
                {
                    "code": code,
                    "libelle": libelle,
                    "surcharge": thematiques is not None,
                    "thematiques": ref.libelles(
                        "thematiques", thematiques if thematiques is not None else freins.thematiques_par_defaut(code)
                    ),
                }
            )
        groupes.append({"titre": groupe, "lignes": lignes})
    autres = list(selectors.departements_geres(request.user))
    return render(
        request,
        "ressources/correspondances.html",
        {
            "departement": departement,
            "departements": autres if len(autres) > 1 else [],
            "groupes": groupes,
            "fil_ariane": fil({"titre": _("Correspondance freins → thématiques")}),
        },
    )


@require_http_methods(["GET", "POST"])
def correspondance_modifier(request, code):
    departement = _departement(request)
    if not freins.est_situation(code) and code not in freins.DOMAINES:
        raise Http404
    nature = CorrespondanceFrein.Nature.SITUATION if freins.est_situation(code) else CorrespondanceFrein.Nature.DOMAINE
    actuelles = selectors.thematiques_du_frein(code, departement.code)
    form = CorrespondanceForm(request.POST or None, initial=CorrespondanceForm.initiales(actuelles))
    retour = reverse("ressources:correspondances") + "?" + urlencode({"departement": departement.code})
    if request.method == "POST":
        if request.POST.get("retablir"):
            ecritures.correspondance_retablir(acteur=request.user, departement_code=departement.code, code=code)
            messages.success(request, _("La correspondance nationale s'applique de nouveau."))
            return redirect(retour)
        if form.is_valid():
            try:
                ecritures.correspondance_modifier(
                    acteur=request.user,
                    departement_code=departement.code,
                    code=code,
                    nature=nature,
                    thematiques=form.thematiques(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Correspondance enregistrée pour %(d)s.") % {"d": departement})
                return redirect(retour)
    return render(
        request,
        "ressources/correspondance_form.html",
        {
            "form": form,
            "code": code,
            "libelle": libelle_frein(code),
            "departement": departement,
            "surcharge": code in selectors.surcharges_du_departement(departement.code),
            "par_defaut": ref.libelles("thematiques", freins.thematiques_par_defaut(code)),
            "fil_ariane": fil(
                {"titre": _("Correspondance freins → thématiques"), "url": retour}, {"titre": libelle_frein(code)}
            ),
        },
    )
