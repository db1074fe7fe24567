"""Écrans des rendez-vous (poste h1) : planifier, voir, modifier, annuler, saisir la présence.

Vues minces : un sélecteur pour lire et décider, un service pour écrire.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.views.suivi_outils import fil_personne
from binome.agenda import selectors, services
from binome.agenda.enums import StatutRendezVous
from binome.agenda.forms import FormulaireAnnulation, FormulairePresence, FormulaireRendezVous
from binome.core.concurrence import CHAMP
from binome.core.forms import ajouter_erreurs

CHAMPS_REPRIS = ("type", "duree_minutes", "canal", "lieu", "lien_visio", "telephone", "objet")


def _fil(acteur, rendez_vous_ou_parcours, titre):
    parcours = getattr(rendez_vous_ou_parcours, "parcours", rendez_vous_ou_parcours)
    return fil_personne(acteur, parcours.personne, {"titre": titre})


def _url(rendez_vous) -> str:
    return reverse("agenda:rendez_vous", kwargs={"pk": rendez_vous.pk})


def _initial_planification(request, parcours) -> tuple[dict, object]:
    """Valeurs préremplies : ``?date=AAAA-MM-JJ`` (prochaine date prévue d'un contact), ``?remplace=<pk>``
    (rendez-vous manqué : mêmes modalités)."""
    initial = {"professionnels": [request.user.pk]}
    try:
        initial["date"] = datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        pass
    remplace = None
    if request.GET.get("remplace", "").isdigit():
        remplace = selectors.rendez_vous_pour(request.user, request.GET["remplace"])
        if remplace.parcours_id != parcours.pk:
            raise Http404
        initial |= {champ: getattr(remplace, champ) for champ in CHAMPS_REPRIS}
    return initial, remplace


@require_http_methods(["GET", "POST"])
def planifier(request, parcours_pk):
    parcours = accompagnement.parcours_pour(request.user, parcours_pk)
    if not selectors.peut_planifier(request.user, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas planifier de rendez-vous sur ce parcours."))
    initial, remplace = _initial_planification(request, parcours)
    form = FormulaireRendezVous(
        request.POST if request.method == "POST" else None,
        professionnels=accompagnement.participants_possibles(parcours, request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        individuel = form.cleaned_data["type"] != "TRIPARTITE"
        try:
            rendez_vous = services.rendez_vous_planifier(
                acteur=request.user,
                parcours=parcours,
                type=form.cleaned_data["type"],
                professionnels=(list(form.cleaned_data["professionnels"]) or None) if individuel else None,
                remplace=remplace,
                **form.arguments(),
            )
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("Le rendez-vous est planifié ; la personne en est prévenue."))
            return redirect(_url(rendez_vous))
    contexte = {
        "form": form,
        "parcours": parcours,
        "personne": parcours.personne,
        "remplace": remplace,
        "titre": _("Planifier un rendez-vous"),
        "fil_ariane": _fil(request.user, parcours, _("Planifier un rendez-vous")),
    }
    return render(request, "agenda/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_GET
def rendez_vous(request, pk):
    rdv = selectors.rendez_vous_pour(request.user, pk)
    contexte = {
        "rdv": rdv,
        "parcours": rdv.parcours,
        "personne": rdv.parcours.personne,
        "objet": selectors.objet_visible(request.user, rdv),
        "professionnels": list(rdv.professionnels.order_by("nom", "prenom", "pk")),
        "modifiable": selectors.peut_modifier_rendez_vous(request.user, rdv),
        "annulable": selectors.peut_annuler(request.user, rdv),
        "presence_a_saisir": selectors.peut_saisir_presence(request.user, rdv),
        "a_remplacer": selectors.peut_remplacer(request.user, rdv),
        "fil_ariane": _fil(request.user, rdv, _("Rendez-vous")),
    }
    return render(request, "agenda/rendez_vous.html", contexte)


@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    rdv = selectors.rendez_vous_pour(request.user, pk)
    if not selectors.peut_modifier_rendez_vous(request.user, rdv):
        raise PermissionDenied(_("Ce rendez-vous ne se modifie plus."))
    form = FormulaireRendezVous(
        request.POST if request.method == "POST" else None,
        rendez_vous=rdv,
        objet_lisible=selectors.voit_objet(request.user, rdv),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rendez_vous_modifier(
                acteur=request.user, rendez_vous=rdv, version=form.cleaned_data.get(CHAMP), **form.arguments()
            )
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("Le rendez-vous est modifié."))
            return redirect(_url(rdv))
    contexte = {
        "form": form,
        "parcours": rdv.parcours,
        "personne": rdv.parcours.personne,
        "rdv": rdv,
        "titre": _("Modifier le rendez-vous"),
        "fil_ariane": _fil(request.user, rdv, _("Modifier le rendez-vous")),
    }
    return render(request, "agenda/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def annuler(request, pk):
    rdv = selectors.rendez_vous_pour(request.user, pk)
    if not selectors.peut_annuler(request.user, rdv):
        raise PermissionDenied(_("Ce rendez-vous ne s'annule plus."))
    form = FormulaireAnnulation(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rendez_vous_annuler(acteur=request.user, rendez_vous=rdv, motif=form.cleaned_data["motif"])
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le rendez-vous est annulé ; la personne en est prévenue."))
            return redirect(_url(rdv))
    contexte = {
        "form": form,
        "rdv": rdv,
        "personne": rdv.parcours.personne,
        "objet": selectors.objet_visible(request.user, rdv),
        "fil_ariane": _fil(request.user, rdv, _("Annuler le rendez-vous")),
    }
    return render(request, "agenda/annuler.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def presence(request, pk):
    rdv = selectors.rendez_vous_pour(request.user, pk)
    if not selectors.peut_saisir_presence(request.user, rdv):
        raise PermissionDenied(_("La présence de ce rendez-vous ne peut pas être saisie."))
    form = FormulairePresence(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rendez_vous_enregistrer_presence(acteur=request.user, rendez_vous=rdv, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            return _apres_presence(request, rdv, form.cleaned_data["presence"])
    contexte = {
        "form": form,
        "rdv": rdv,
        "personne": rdv.parcours.personne,
        "objet": selectors.objet_visible(request.user, rdv),
        "fil_ariane": _fil(request.user, rdv, _("Présence au rendez-vous")),
    }
    return render(request, "agenda/presence.html", contexte, status=400 if form.is_bound else 200)


def _apres_presence(request, rdv, presence: str):
    """Un rendez-vous manqué propose aussitôt d'en planifier un nouveau (formulaire prérempli)."""
    if presence == StatutRendezVous.MANQUE and selectors.peut_planifier(request.user, rdv.parcours):
        messages.warning(
            request,
            _("Rendez-vous manqué, noté au journal des contacts. Planifiez dès maintenant un nouveau rendez-vous."),
        )
        url = reverse("agenda:planifier", kwargs={"parcours_pk": rdv.parcours_id})
        return redirect(f"{url}?remplace={rdv.pk}")
    messages.success(request, _("La présence est enregistrée au journal des contacts."))
    return redirect(_url(rdv))
