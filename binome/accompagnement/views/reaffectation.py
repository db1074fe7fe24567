"""Réaffecter plusieurs parcours : sélection de l'encadrant, départ d'un agent (administrateur départemental)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from binome.accompagnement import selectors, services
from binome.accompagnement.forms.reaffectation import FormulaireReaffectationGroupes
from binome.core.forms import ajouter_erreurs


def _pks(valeurs) -> list[int]:
    return sorted({int(v) for v in valeurs if str(v).isdigit()})


def _traiter(request, form, **arguments) -> int | None:
    """Appelle le service si le formulaire est valide ; le nombre de parcours réaffectés, ``None`` sinon."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.parcours_reaffecter_en_masse(
            acteur=request.user,
            remplacants=form.remplacants(),
            confirmer_surcharge=form.cleaned_data["confirmer_surcharge"],
            **arguments,
        )
    except ValidationError as erreur:
        ajouter_erreurs(form, erreur)
        return None


def _rendre(request, contexte, titre, retour):
    contexte.update(
        titre=titre,
        retour=retour,
        fil_ariane=[{"titre": _("Mon équipe"), "url": reverse("accompagnement:equipe")}, {"titre": titre}],
    )
    return render(
        request,
        "accompagnement/suivi/reaffecter_groupes.html",
        contexte,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def reaffecter_selection(request):
    """L'encadrant confie d'un coup les parcours cochés dans sa vue équipe."""
    if not selectors.encadre_une_equipe(request.user):
        raise PermissionDenied(_("La réaffectation est réservée aux encadrants."))
    source = request.POST if request.method == "POST" else request.GET
    parcours = selectors.parcours_selectionnes(request.user, _pks(source.getlist("parcours")))
    groupes = selectors.groupes_reaffectation(request.user, parcours)
    form = FormulaireReaffectationGroupes(
        request.POST if request.method == "POST" else None, groupes=groupes, obligatoire=False
    )
    nombre = _traiter(request, form, parcours=parcours) if groupes else None
    if nombre is not None:
        messages.success(
            request,
            ngettext("%(n)s parcours a été réaffecté.", "%(n)s parcours ont été réaffectés.", nombre) % {"n": nombre},
        )
        return redirect("accompagnement:equipe")
    pks = sorted({p.pk for g in groupes for p in g.parcours})
    contexte = {"form": form, "groupes": groupes, "agent": None, "parcours_pks": pks}
    return _rendre(request, contexte, _("Réaffecter les parcours sélectionnés"), reverse("accompagnement:equipe"))


@require_http_methods(["GET", "POST"])
def agent_reaffecter(request):
    """L'administrateur départemental réaffecte tous les parcours d'un agent (``?agent=pk``), puis désactive
    son compte."""
    source = request.POST if request.method == "POST" else request.GET
    agent = selectors.agent_administre(request.user, (_pks([source.get("agent", "")]) or [0])[0])
    parcours = selectors.parcours_de_l_agent(request.user, agent)
    groupes = selectors.groupes_reaffectation(request.user, parcours, agent_sortant=agent)
    form = FormulaireReaffectationGroupes(
        request.POST if request.method == "POST" else None,
        groupes=groupes,
        obligatoire=True,
        desactivation=agent.is_active,
    )
    desactiver = request.method == "POST" and form.is_valid() and form.cleaned_data.get("desactiver", False)
    nombre = _traiter(request, form, parcours=parcours, agent_sortant=agent, desactiver=desactiver)
    if nombre is not None:
        messages.success(
            request,
            _("%(n)s parcours réaffectés.") % {"n": nombre}
            + (" " + _("Le compte est désactivé.") if desactiver else ""),
        )
        return redirect("comptes:utilisateur", pk=agent.pk)
    contexte = {"form": form, "groupes": groupes, "agent": agent, "parcours_pks": []}
    titre = _("Réaffecter les parcours de %(agent)s") % {"agent": agent.get_full_name() or agent.email}
    return _rendre(request, contexte, titre, reverse("comptes:utilisateur", kwargs={"pk": agent.pk}))
