"""Écrans des séances : planifier, voir (places, inscrits, attente), modifier, annuler, saisir les présences."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.collectif import selectors, services
from binome.collectif.forms import FormulaireInscription, FormulairePresences, FormulaireSeance
from binome.collectif.views.actions import fil
from binome.confiance.journal import journaliser
from binome.confiance.models import Action as ActionJournal
from binome.core.forms import Formulaire, ajouter_erreurs


def _journaliser_les_personnes_nommees(request, seance, inscriptions) -> None:
    """Une ligne au journal des accès par personne nommée à l'écran : la page d'une séance dit qu'une personne
    suit tel atelier (parfois de santé). Le registre des routes ne rattache une route qu'à une personne : cette
    page en montre plusieurs, d'où une ligne pour chacune, écrite ici."""
    for inscription in inscriptions:
        if inscription.nommee:
            journaliser(
                action=ActionJournal.LECTURE,
                finalite=_("Action collective : personnes inscrites à une séance"),
                request=request,
                objet=seance,
                personne=inscription.parcours.personne_id,
            )


def _fil_seance(seance, *suite) -> list[dict]:
    action = seance.action
    lien_action = {"titre": action.titre, "url": reverse("collectif:action", kwargs={"pk": action.pk})}
    if not suite:
        return fil(lien_action, {"titre": _("Séance")})
    return fil(
        lien_action, {"titre": _("Séance"), "url": reverse("collectif:seance", kwargs={"pk": seance.pk})}, *suite
    )


@require_http_methods(["GET", "POST"])
def seance_creer(request, pk):
    action = selectors.action_pour(request.user, pk)
    if not selectors.peut_gerer(request.user, action) or not action.proposee:
        raise PermissionDenied(_("Vous ne pouvez pas planifier de séance pour cette action."))
    form = FormulaireSeance(
        request.POST if request.method == "POST" else None,
        animateurs=selectors.animateurs_possibles(action.departement_id),
        initial={"animateurs": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            seance = services.seance_creer(acteur=request.user, action=action, **form.arguments())
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("La séance est planifiée : inscrivez-y des personnes."))
            return redirect("collectif:seance", pk=seance.pk)
    titre = _("Planifier une séance")
    contexte = {
        "form": form,
        "titre": titre,
        "sous_titre": action.titre,
        "retour": reverse("collectif:action", kwargs={"pk": action.pk}),
        "fil_ariane": fil(
            {"titre": action.titre, "url": reverse("collectif:action", kwargs={"pk": action.pk})}, {"titre": titre}
        ),
    }
    return render(request, "collectif/formulaire.html", contexte, status=400 if form.is_bound else 200)


def formulaire_inscription(acteur, seance, donnees=None):
    """Le formulaire d'inscription de la page d'une séance (``None`` si l'acteur n'inscrit personne ici)."""
    parcours = selectors.parcours_inscriptibles(acteur, seance.action.departement_id)
    return FormulaireInscription(donnees, parcours=parcours)


def rendre_seance(request, seance, *, form_inscription=None, status=200):
    detail = selectors.detail_seance(request.user, seance)
    if form_inscription is None and detail["peut_inscrire"]:
        form_inscription = formulaire_inscription(request.user, seance)
    _journaliser_les_personnes_nommees(request, seance, [*detail["inscrits"], *detail["attente"]])
    contexte = {
        "seance": seance,
        "action": seance.action,
        **detail,
        "form_inscription": form_inscription if detail["peut_inscrire"] else None,
        "fil_ariane": _fil_seance(seance),
    }
    return render(request, "collectif/seance.html", contexte, status=status)


@require_GET
def seance(request, pk):
    return rendre_seance(request, selectors.seance_pour(request.user, pk))


@require_http_methods(["GET", "POST"])
def seance_modifier(request, pk):
    seance = selectors.seance_pour(request.user, pk)
    if not selectors.detail_seance(request.user, seance)["modifiable"]:
        raise PermissionDenied(_("Cette séance ne se modifie plus."))
    form = FormulaireSeance(
        request.POST if request.method == "POST" else None,
        animateurs=selectors.animateurs_possibles(seance.action.departement_id),
        seance=seance,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.seance_modifier(acteur=request.user, seance=seance, **form.arguments())
        except ValidationError as erreur:
            form.erreurs_du_service(erreur)
        else:
            messages.success(request, _("La séance est modifiée ; les personnes inscrites en sont prévenues."))
            return redirect("collectif:seance", pk=seance.pk)
    titre = _("Modifier la séance")
    contexte = {
        "form": form,
        "titre": titre,
        "sous_titre": seance.action.titre,
        "retour": reverse("collectif:seance", kwargs={"pk": seance.pk}),
        "fil_ariane": _fil_seance(seance, {"titre": titre}),
    }
    return render(request, "collectif/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def seance_annuler(request, pk):
    seance = selectors.seance_pour(request.user, pk)
    if not selectors.detail_seance(request.user, seance)["modifiable"]:
        raise PermissionDenied(_("Cette séance ne s'annule plus."))
    form = Formulaire(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            services.seance_annuler(acteur=request.user, seance=seance)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La séance est annulée ; les personnes inscrites en sont prévenues."))
            return redirect("collectif:seance", pk=seance.pk)
    contexte = {"seance": seance, "form": form, "fil_ariane": _fil_seance(seance, {"titre": _("Annuler la séance")})}
    return render(request, "collectif/annuler.html", contexte, status=400 if form.is_bound else 200)


def _libelle(inscription) -> str:
    if inscription.nommee:
        return f"{inscription.parcours.personne.nom} {inscription.parcours.personne.prenom}"
    return _("Personne inscrite par %(qui)s (n° %(pk)s)") % {
        "qui": inscription.inscrite_par.get_full_name(),
        "pk": inscription.pk,
    }


@require_http_methods(["GET", "POST"])
def presences(request, pk):
    seance = selectors.seance_pour(request.user, pk)
    detail = selectors.detail_seance(request.user, seance)
    if not detail["presences_a_saisir"]:
        raise PermissionDenied(_("Les présences de cette séance ne se saisissent pas."))
    libelles = {i.pk: _libelle(i) for i in detail["tous_inscrits"]}
    if request.method == "GET":
        _journaliser_les_personnes_nommees(request, seance, detail["tous_inscrits"])
    form = FormulairePresences(request.POST if request.method == "POST" else None, libelles=libelles)
    if request.method == "POST" and form.is_valid():
        try:
            services.seance_saisir_presences(acteur=request.user, seance=seance, presences=form.presences())
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(
                request, _("Les présences sont enregistrées : un contact collectif est écrit au journal de chacun.")
            )
            return redirect("collectif:seance", pk=seance.pk)
    contexte = {
        "seance": seance,
        "form": form,
        "fil_ariane": _fil_seance(seance, {"titre": _("Présences")}),
    }
    return render(request, "collectif/presences.html", contexte, status=400 if form.is_bound else 200)
