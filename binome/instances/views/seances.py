"""Écrans d'une séance : ordre du jour, dossiers (référence et synthèse), décisions, procès-verbal.

Un dossier n'y est jamais nommé : sa référence pseudonyme suffit ; le référent et l'administrateur ouvrent le
parcours par son lien. Chaque ouverture d'un dossier est au journal des accès (``confiance/registre.py``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.core.forms import ajouter_erreurs
from binome.core.pdf import reponse_pdf
from binome.instances import selectors, services
from binome.instances.enums import MotifInscription
from binome.instances.forms import FormulaireDecision, FormulaireInscription, FormulairePresents, FormulaireSynthese
from binome.instances.views.instances import _fil_instance


def _fil_seance(seance, *suite) -> list[dict]:
    titre = _("Séance du %(date)s") % {"date": seance.date.strftime("%d/%m/%Y")}
    return _fil_instance(
        seance.instance, {"titre": titre, "url": reverse("instances:seance", kwargs={"pk": seance.pk})}, *suite
    )


@require_GET
def seance(request, pk):
    objet = selectors.seance_pour(request.user, pk)
    contexte = {
        "seance": objet,
        "points": selectors.points_visibles(request.user, objet),
        "candidats": selectors.candidats_pour(request.user, objet),
        "prepare": selectors.peut_preparer(request.user, objet),
        "peut_inscrire": bool(selectors.parcours_a_inscrire(request.user, objet)),
        "pv_visible": selectors.peut_voir_proces_verbal(request.user, objet),
        "presents": selectors.presents(objet),
        "fil_ariane": _fil_seance(objet)[:-1] + [{"titre": _fil_seance(objet)[-1]["titre"]}],
    }
    return render(request, "instances/seance.html", contexte)


@require_POST
def inscrire_candidat(request, pk):
    """Inscription d'un dossier proposé (ce qui attend une décision collective), par qui prépare la séance."""
    objet = selectors.seance_pour(request.user, pk)
    candidat = next(
        (
            c
            for c in selectors.candidats_pour(request.user, objet)
            if str(c.parcours.pk) == request.POST.get("parcours")
        ),
        None,
    )
    if candidat is None:
        raise Http404
    try:
        services.point_inscrire(
            acteur=request.user,
            seance=objet,
            parcours=candidat.parcours,
            motif=candidat.motif,
            manquement=candidat.manquement,
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("Le dossier est inscrit à l'ordre du jour."))
    return redirect("instances:seance", pk=objet.pk)


@require_http_methods(["GET", "POST"])
def inscrire(request, pk):
    """Un référent ajoute un dossier qu'il suit, avec le motif de sa demande."""
    objet = selectors.seance_pour(request.user, pk)
    parcours = selectors.parcours_a_inscrire(request.user, objet)
    if not parcours:
        raise PermissionDenied(_("Vous ne suivez aucun dossier à inscrire à cette séance."))
    form = FormulaireInscription(
        request.POST if request.method == "POST" else None,
        parcours=parcours,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.point_inscrire(
                acteur=request.user,
                seance=objet,
                parcours=form.cleaned_data["parcours"],
                motif=MotifInscription.AJOUT_REFERENT,
                precision=form.cleaned_data["precision"],
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le dossier est inscrit. Rédigez sa synthèse pour l'instance."))
            return redirect("instances:seance", pk=objet.pk)
    titre = _("Inscrire un dossier")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_seance(objet, {"titre": titre})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def presents(request, pk):
    objet = selectors.seance_a_animer(request.user, pk)
    if not selectors.peut_preparer(request.user, objet):
        raise PermissionDenied(_("Cette séance est close."))
    membres = selectors.membres_de(objet.instance)
    form = FormulairePresents(
        request.POST if request.method == "POST" else None,
        initial={"presents": [m.pk for m in selectors.presents(objet)], "autres_presents": objet.autres_presents},
        membres=membres,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.presents_enregistrer(acteur=request.user, seance=objet, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Les présents sont enregistrés."))
            return redirect("instances:seance", pk=objet.pk)
    titre = _("Présents")
    contexte = {"form": form, "titre": titre, "membres": membres, "fil_ariane": _fil_seance(objet, {"titre": titre})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_GET
def point(request, pk):
    objet = selectors.point_pour(request.user, pk)
    membre = selectors.lit_comme_membre(request.user, objet)
    contexte = {
        "point": objet,
        "seance": objet.seance,
        "membre": membre,
        "manquement": None if membre else objet.manquement,
        "peut_rediger": selectors.peut_rediger_synthese(request.user, objet),
        "peut_decider": selectors.peut_decider(request.user, objet),
        "fil_ariane": _fil_seance(objet.seance, {"titre": objet.reference}),
    }
    return render(request, "instances/point.html", contexte)


@require_http_methods(["GET", "POST"])
def synthese(request, pk):
    objet = selectors.point_pour(request.user, pk)
    if not selectors.peut_rediger_synthese(request.user, objet):
        raise PermissionDenied(_("Seul un référent du parcours rédige sa synthèse, avant la décision."))
    form = FormulaireSynthese(request.POST if request.method == "POST" else None, initial={"synthese": objet.synthese})
    if request.method == "POST" and form.is_valid():
        try:
            services.synthese_rediger(acteur=request.user, point=objet, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La synthèse est enregistrée."))
            return redirect("instances:point", pk=objet.pk)
    titre = _("Synthèse pour l'instance")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_seance(objet.seance, {"titre": objet.reference})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_http_methods(["GET", "POST"])
def decision(request, pk):
    objet = selectors.point_pour(request.user, pk)
    if not selectors.peut_decider(request.user, objet):
        raise PermissionDenied(_("La décision est enregistrée par qui anime la séance, une fois."))
    form = FormulaireDecision(
        request.POST if request.method == "POST" else None,
        manquement=objet.motif == MotifInscription.MANQUEMENT,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_enregistrer(acteur=request.user, point=objet, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La décision est enregistrée et écrite au parcours."))
            return redirect("instances:seance", pk=objet.seance_id)
    titre = _("Avis et décision")
    contexte = {"form": form, "titre": titre, "fil_ariane": _fil_seance(objet.seance, {"titre": objet.reference})}
    return render(request, "instances/formulaire.html", contexte, status=400 if form.is_bound else 200)


@require_POST
def point_retirer(request, pk):
    objet = selectors.point_pour(request.user, pk)
    if not selectors.peut_decider(request.user, objet):
        raise PermissionDenied(_("Seul qui anime la séance retire un dossier de l'ordre du jour."))
    services.point_retirer(acteur=request.user, point=objet)
    messages.success(request, _("Le dossier est retiré de l'ordre du jour."))
    return redirect("instances:seance", pk=objet.seance_id)


@require_POST
def cloturer(request, pk):
    objet = selectors.seance_a_animer(request.user, pk)
    try:
        services.proces_verbal_etablir(acteur=request.user, seance=objet)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("Le procès-verbal est établi."))
    return redirect("instances:seance", pk=objet.pk)


def _contexte_pv(request, pk, action: str) -> dict:
    """Le procès-verbal d'une séance close ; son ouverture est journalisée (il cite les dossiers par leur
    référence pseudonyme : aucune personne n'est rattachée à la ligne du journal)."""
    objet = selectors.seance_pour(request.user, pk)
    if not selectors.peut_voir_proces_verbal(request.user, objet):
        raise Http404
    journaliser(
        action=action,
        finalite=_("Instance : procès-verbal d'une séance"),
        request=request,
        objet=objet,
        departement=objet.instance.departement_id,
    )
    return {
        "seance": objet,
        "instance": objet.instance,
        "points": selectors.points_du_proces_verbal(objet),
        "presents": selectors.presents(objet),
        "fil_ariane": _fil_seance(objet, {"titre": _("Procès-verbal")}),
    }


@require_GET
def proces_verbal(request, pk):
    return render(request, "instances/proces_verbal.html", _contexte_pv(request, pk, Action.IMPRESSION))


@require_GET
def proces_verbal_pdf(request, pk):
    contexte = _contexte_pv(request, pk, Action.EXPORT)
    return reponse_pdf(
        "instances/proces_verbal_pdf.html",
        contexte,
        nom_fichier=f"proces-verbal-seance-{contexte['seance'].pk}.pdf",
        request=request,
    )
