"""Du plan au service : rattacher un service à une action, orienter la personne, suivre les orientations."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.ressources import orientations as contexte_plan
from binome.ressources import selectors
from binome.ressources import services as ecritures
from binome.ressources.forms import OrientationForm, ReponseOrientationForm
from binome.ressources.views import TAILLE_PAGE, fil


@require_POST
def rattacher(request, service_id):
    """Rattache le service à l'action du plan passée en paramètre (contexte de l'URL)."""
    fiche = selectors.service_pour(request.user, service_id)
    try:
        action = selectors.action_pour(request.user, int(request.POST.get("action", "")))
    except ValueError as exc:
        raise Http404 from exc
    parcours = action.plan.parcours
    try:
        ecritures.action_rattacher_service(acteur=request.user, action=action, service=fiche)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("ressources:service", args=[fiche.pk]) + "?" + urlencode({"action": action.pk}))
    messages.success(
        request,
        _("« %(service)s » est rattaché à l'action « %(action)s ».")
        % {"service": fiche.nom, "action": action.libelle},
    )
    return redirect(reverse("accompagnement:plan", args=[parcours.pk]))


@require_http_methods(["GET", "POST"])
def orienter(request, service_id):
    fiche = selectors.service_pour(request.user, service_id)
    contexte = contexte_plan.contexte_depuis_requete(request)
    if contexte is None:
        raise Http404
    personne = contexte.personne
    initial = {"adhesion_le": timezone.localdate(), "contact": personne.telephone or personne.courriel}
    form = OrientationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ecritures.orientation_envoyer(
                acteur=request.user,
                personne=personne,
                service=fiche,
                adhesion_le=form.cleaned_data["adhesion_le"],
                message=form.cleaned_data["message"],
                contact=form.cleaned_data["contact"],
                action=contexte.action,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("L'orientation est envoyée au service ; vous serez informé de sa réponse."))
            return redirect("ressources:orientations")
    return render(
        request,
        "ressources/orienter.html",
        {
            "service": fiche,
            "form": form,
            "contexte_plan": contexte,
            "fil_ariane": fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Orienter la personne")},
            ),
        },
    )


@require_GET
def orientations(request):
    selectors.exiger_professionnel(request.user)
    a_repondre = request.GET.get("a_repondre") == "1"
    recues = (selectors.orientations_a_repondre if a_repondre else selectors.orientations_recues)(request.user)
    recues = recues.order_by("-cree_le", "-pk")
    emises = selectors.orientations_emises(request.user).order_by("-cree_le", "-pk")
    return render(
        request,
        "ressources/orientations.html",
        {
            "recues": Paginator(recues, TAILLE_PAGE).get_page(request.GET.get("page_recues")),
            "a_repondre": a_repondre,
            "emises": Paginator(emises, TAILLE_PAGE).get_page(request.GET.get("page_emises")),
            "fil_ariane": fil({"titre": _("Orientations vers des services")}),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation(request, pk):
    selectors.exiger_professionnel(request.user)
    objet, destinataire = selectors.orientation_pour(request.user, pk)
    form = ReponseOrientationForm(request.POST or None) if destinataire else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Seul le service destinataire répond à une orientation."))
        if form.is_valid():
            try:
                ecritures.orientation_repondre(
                    acteur=request.user,
                    orientation=objet,
                    statut=form.cleaned_data["statut"],
                    motif=form.cleaned_data["motif"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Votre réponse est enregistrée."))
                return redirect("ressources:orientation", pk=objet.pk)
    return render(
        request,
        "ressources/orientation.html",
        {
            "orientation": objet,
            "destinataire": destinataire,
            "form": form,
            "fil_ariane": fil(
                {"titre": _("Orientations vers des services"), "url": reverse("ressources:orientations")},
                {"titre": objet.service.nom},
            ),
        },
    )
