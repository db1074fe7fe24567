"""Pages du référent (``/espaces-personnes/<personne>/``) : état de l'espace, ouverture avec la date de l'accord,
fermeture, confirmation ou refus d'un rapprochement FranceConnect. Décision : ``selectors.referent``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.core.forms import ajouter_erreurs
from binome.espace.forms_referent import FormulaireOuverture, FormulaireRapprochement
from binome.espace.selectors import referent as selectors
from binome.espace.services.connexion import rapprochement_decider
from binome.espace.services.ouverture import espace_fermer, espace_ouvrir


def _page(request, personne, formulaire=None, status=200):
    etat = selectors.etat_espace(personne)
    ouvert = etat["espace"] is not None and etat["espace"].est_ouvert
    contexte = {
        "personne": personne,
        **etat,
        "ouvert": ouvert,
        "form": None if ouvert else (formulaire or FormulaireOuverture()),
    }
    return render(request, "espace/referent.html", contexte, status=status)


def espace_personne(request, personne_pk):
    personne = selectors.personne_pour_espace(request.user, personne_pk)
    return _page(request, personne)


@require_POST
def ouvrir(request, personne_pk):
    personne = selectors.personne_pour_espace(request.user, personne_pk)
    formulaire = FormulaireOuverture(request.POST)
    if formulaire.is_valid():
        try:
            espace_ouvrir(acteur=request.user, personne=personne, accord_le=formulaire.cleaned_data["accord_le"])
        except ValidationError as erreur:
            ajouter_erreurs(formulaire, erreur)
        else:
            messages.success(request, _("L'espace de la personne est ouvert."))
            return redirect("espace:referent", personne_pk=personne.pk)
    return _page(request, personne, formulaire, status=400)


@require_POST
def fermer(request, personne_pk):
    personne = selectors.personne_pour_espace(request.user, personne_pk)
    espace = selectors.etat_espace(personne)["espace"]
    if espace is None:
        return redirect("espace:referent", personne_pk=personne.pk)
    try:
        espace_fermer(acteur=request.user, espace=espace)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'espace de la personne est fermé. Elle ne peut plus s'y connecter."))
    return redirect("espace:referent", personne_pk=personne.pk)


@require_POST
def rapprochement(request, personne_pk):
    personne = selectors.personne_pour_espace(request.user, personne_pk)
    formulaire = FormulaireRapprochement(request.POST)
    if not formulaire.is_valid():
        raise PermissionDenied
    espace = selectors.etat_espace(personne)["espace"]
    demande = selectors.rapprochement_en_attente(espace, formulaire.cleaned_data["rapprochement"])
    confirmer = formulaire.cleaned_data["decision"] == "confirmer"
    try:
        rapprochement_decider(acteur=request.user, rapprochement=demande, confirmer=confirmer)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(
            request,
            _("Identité FranceConnect confirmée : la personne peut se connecter avec FranceConnect.")
            if confirmer
            else _("Demande refusée : cette identité FranceConnect n'ouvrira pas l'espace."),
        )
    return redirect("espace:referent", personne_pk=personne.pk)
