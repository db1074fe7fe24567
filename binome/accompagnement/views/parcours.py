"""Vues du cycle du parcours : boîte de réception et traitement des orientations, diagnostic partagé,
entrée (binôme), suspension et reprise, renouvellement, social exclusif et coordination, sortie et suivi à
6 mois, non-retenue.

Vues minces : ``selectors`` pour la lecture et les droits (404 si le dossier est invisible, 403 s'il est
en lecture seule), ``services`` pour l'écriture (gardes de la machine à états, historique, chronologie).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.accompagnement import forms as f
from binome.accompagnement import machine, selectors, services
from binome.accompagnement.enums import DECISIONS_AVEC_ENTREE, Cote
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50
GABARIT_ACTION = "accompagnement/parcours_formulaire.html"


def _fil_personne(personne, *suite):
    return [
        {"titre": _("Personnes"), "url": reverse("accompagnement:personnes")},
        {"titre": str(personne), "url": reverse("accompagnement:personne", args=[personne.pk])},
        *suite,
    ]


def _fil_boite(*suite):
    return [{"titre": _("Orientations à traiter"), "url": reverse("accompagnement:orientations")}, *suite]


def _parcours_modifiable(request, pk):
    """Le parcours visible (sinon 404) et modifiable par l'acteur (sinon 403 : lecture seule)."""
    parcours = selectors.parcours_pour(request.user, pk)
    if not selectors.peut_modifier(request.user, parcours):
        raise PermissionDenied(_("Vous consultez ce parcours en lecture seule."))
    return parcours


def _retour(request, personne_id):
    """Après une action, la fiche si l'acteur ouvre encore le dossier ; sinon la liste des personnes."""
    if selectors.personnes_visibles(request.user).filter(pk=personne_id).exists():
        return redirect("accompagnement:personne", pk=personne_id)
    return redirect("accompagnement:personnes")


def _executer(request, form, service, message, **arguments):
    """Appelle le service si le formulaire est valide ; ``True`` si l'écriture a eu lieu."""
    if request.method != "POST" or not form.is_valid():
        return False
    donnees = form.donnees() if hasattr(form, "donnees") else dict(form.cleaned_data)
    try:
        service(acteur=request.user, **arguments, **donnees)
    except ValidationError as erreur:
        ajouter_erreurs(form, erreur)
        return False
    messages.success(request, message)
    return True


def _action(request, pk, *, action, formulaire, service, titre, message, description="", options_formulaire=None):
    """Gabarit commun des transitions simples d'un parcours (un formulaire, un service)."""
    parcours = _parcours_modifiable(request, pk)
    form = formulaire(request.POST or None, **(options_formulaire or {}))
    if _executer(request, form, service, message, parcours=parcours):
        return _retour(request, parcours.personne_id)
    return render(
        request,
        GABARIT_ACTION,
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "possible": action in machine.actions_possibles(parcours),
            "titre": titre,
            "description": description,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


# --- Orientations ---------------------------------------------------------------------------------------------


@require_GET
def orientations(request):
    """Boîte de réception : orientations en attente adressées au côté de l'acteur, sur son territoire."""
    if not selectors.recoit_des_orientations(request.user):
        raise PermissionDenied(_("Votre rôle ne reçoit pas d'orientations."))
    page = Paginator(selectors.orientations_a_traiter(request.user), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accompagnement/orientation_boite.html",
        {"page": page, "fil_ariane": [{"titre": _("Orientations à traiter")}]},
    )


@require_http_methods(["GET", "POST"])
def orientation_proposer(request, pk):
    personne = selectors.personne_pour(request.user, pk)
    if not selectors.peut_proposer_orientation(request.user, personne):
        raise PermissionDenied(_("Vous ne pouvez pas proposer d'orientation pour cette personne."))
    form = f.FormulaireOrientation(
        request.POST or None,
        habilitations=selectors.organisations_prescriptrices(request.user, personne.departement_id),
    )
    if _executer(
        request,
        form,
        services.orientation_proposer,
        _("L'orientation est proposée : elle apparaît dans la boîte de réception de l'autre côté."),
        personne=personne,
    ):
        return redirect("accompagnement:personne", pk=personne.pk)
    titre = _("Proposer une orientation")
    ouvert = selectors.parcours_de(request.user, personne).exclude(etat__in=machine.CLOS).first()
    return render(
        request,
        "accompagnement/orientation_formulaire.html",
        {
            "form": form,
            "personne": personne,
            "possible": ouvert is None or machine.permet(ouvert, "orienter"),
            "titre": titre,
            "url_annuler": reverse("accompagnement:personne", args=[personne.pk]),
            "fil_ariane": _fil_personne(personne, {"titre": titre}),
        },
    )


def _traiter_orientation(request, pk, *, formulaire, service, titre, message):
    orientation = selectors.orientation_a_traiter_pour(request.user, pk)
    form = formulaire(request.POST or None)
    if _executer(request, form, service, message, orientation=orientation):
        return redirect("accompagnement:orientations")
    return render(
        request,
        "accompagnement/orientation_formulaire.html",
        {
            "form": form,
            "orientation": orientation,
            "personne": orientation.parcours.personne,
            "possible": True,
            "titre": titre,
            "url_annuler": reverse("accompagnement:orientations"),
            "fil_ariane": _fil_boite({"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation_planifier(request, pk):
    return _traiter_orientation(
        request,
        pk,
        formulaire=f.FormulairePlanification,
        service=services.orientation_planifier_diagnostic,
        titre=_("Planifier le diagnostic partagé"),
        message=_("Le diagnostic partagé est planifié."),
    )


@require_http_methods(["GET", "POST"])
def orientation_refuser(request, pk):
    return _traiter_orientation(
        request,
        pk,
        formulaire=f.FormulaireRefusOrientation,
        service=services.orientation_refuser,
        titre=_("Refuser l'orientation"),
        message=_("L'orientation est refusée ; le parcours n'est pas retenu."),
    )


# --- Diagnostic partagé et entrée ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def diagnostic(request, pk):
    parcours = _parcours_modifiable(request, pk)
    options = {"parcours": parcours, "avec_detail": selectors.voit_detail_social(request.user, parcours)}
    suggestion = ""
    if request.method == "POST" and request.POST.get("action") == "suggerer":
        saisie = f.FormulaireDiagnostic(request.POST, **options)
        suggestion = saisie.suggestion()
        form = f.FormulaireDiagnostic(initial=saisie.initial_depuis_saisie(), **options)
    else:
        form = f.FormulaireDiagnostic(
            request.POST or None, initial={"date": timezone.localdate(), "personne_presente": True}, **options
        )
        if _executer(
            request,
            form,
            services.diagnostic_enregistrer,
            _("Le diagnostic partagé est enregistré."),
            parcours=parcours,
        ):
            if form.cleaned_data["decision"] in DECISIONS_AVEC_ENTREE:
                return redirect("accompagnement:parcours_activer", pk=parcours.pk)
            return _retour(request, parcours.personne_id)
        if form.is_bound:
            suggestion = form.suggestion()
    titre = _("Diagnostic partagé")
    return render(
        request,
        "accompagnement/diagnostic_formulaire.html",
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "suggestion": suggestion,
            "possible": "diagnostic" in machine.actions_possibles(parcours),
            "titre": titre,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def parcours_activer(request, pk):
    parcours = _parcours_modifiable(request, pk)
    form = f.FormulaireActivation(request.POST or None, parcours=parcours)
    diagnostic = selectors.dernier_diagnostic(parcours, avec_detail=False)
    if diagnostic is not None and not form.is_bound:
        form.preselectionner(conseiller=diagnostic.conseiller, referent=diagnostic.travailleur_social)
    if _executer(
        request,
        form,
        services.parcours_activer,
        _("L'accompagnement commence : le binôme est désigné."),
        parcours=parcours,
    ):
        return _retour(request, parcours.personne_id)
    titre = _("Entrée en accompagnement et binôme")
    return render(
        request,
        GABARIT_ACTION,
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "diagnostic": diagnostic,
            "possible": "activer" in machine.actions_possibles(parcours),
            "titre": titre,
            "description": _(
                "La fin prévue est calculée depuis la date d'entrée selon la durée fixée par la convention du "
                "département ; les caractéristiques de la personne sont figées à l'entrée."
            ),
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def parcours_non_retenu(request, pk):
    return _action(
        request,
        pk,
        action="non_retenu",
        formulaire=f.FormulaireNonRetenu,
        service=services.parcours_non_retenu,
        titre=_("Ne pas retenir le parcours"),
        message=_("Le parcours n'est pas retenu."),
        description=_("La personne reste suivie dans sa modalité actuelle ; une nouvelle orientation reste possible."),
    )


# --- Suspension, renouvellement, social exclusif -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parcours_suspendre(request, pk):
    return _action(
        request,
        pk,
        action="suspendre",
        formulaire=f.FormulaireSuspension,
        service=services.parcours_suspendre,
        titre=_("Suspendre l'accompagnement"),
        message=_("L'accompagnement est suspendu."),
        description=_("Les jours suspendus ne comptent pas dans la durée : la fin prévue est repoussée à la reprise."),
    )


@require_http_methods(["GET", "POST"])
def parcours_reprendre(request, pk):
    return _action(
        request,
        pk,
        action="reprendre",
        formulaire=f.FormulaireReprise,
        service=services.parcours_reprendre,
        titre=_("Reprendre l'accompagnement"),
        message=_("L'accompagnement reprend ; la fin prévue est repoussée des jours suspendus."),
    )


@require_http_methods(["GET", "POST"])
def parcours_renouveler(request, pk):
    parcours = _parcours_modifiable(request, pk)
    membre = selectors.membre_du_binome(request.user, parcours)
    form = f.FormulaireRenouvellement(
        request.POST or None, accord_personne_le=parcours.accord_renouvellement_personne_le
    )
    if membre is not None and _executer(
        request,
        form,
        services.parcours_renouveler,
        _("Votre accord au renouvellement est enregistré."),
        parcours=parcours,
    ):
        return redirect("accompagnement:personne", pk=parcours.personne_id)
    titre = _("Renouveler le parcours")
    _duree, renouvellement_mois = services.durees_departement(parcours.departement_id)
    deja_donne = (membre == Cote.FRANCE_TRAVAIL and parcours.accord_renouvellement_conseiller_le) or (
        membre == Cote.DEPARTEMENT and parcours.accord_renouvellement_referent_le
    )
    return render(
        request,
        "accompagnement/parcours_renouveler.html",
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "membre": membre,
            "deja_donne": bool(deja_donne),
            "renouvellement_mois": renouvellement_mois,
            "possible": "renouveler" in machine.actions_possibles(parcours),
            "refus": machine.motif_refus(parcours, "renouveler"),
            "titre": titre,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def parcours_retour_diagnostic(request, pk):
    return _action(
        request,
        pk,
        action="retour_diagnostic",
        formulaire=f.FormulaireConfirmation,
        service=services.parcours_retour_diagnostic,
        titre=_("Revenir vers un diagnostic partagé"),
        message=_("Le parcours revient vers un diagnostic partagé."),
        description=_(
            "Possible après l'accord de l'autre côté à une demande de coordination « retour vers un diagnostic "
            "partagé ». Un nouveau diagnostic décidera de la suite."
        ),
    )


# --- Coordination ------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def coordination_demander(request, pk):
    parcours = selectors.parcours_pour(request.user, pk)
    return _action(
        request,
        pk,
        action="coordination",
        formulaire=f.FormulaireCoordination,
        service=services.coordination_demander,
        titre=_("Demander une coordination à l'autre côté"),
        message=_("La demande de coordination est envoyée."),
        options_formulaire={"social_exclusif": machine.permet(parcours, "demander_retour_diagnostic")},
    )


@require_http_methods(["GET", "POST"])
def coordination_repondre(request, pk):
    demande = selectors.coordination_pour(request.user, pk)
    parcours = demande.parcours
    if not selectors.peut_modifier(request.user, parcours):
        raise PermissionDenied(_("Vous consultez ce parcours en lecture seule."))
    destinataire = selectors.cote_dans_parcours(request.user, parcours) == demande.cote_destinataire
    form = f.FormulaireReponseCoordination(request.POST or None)
    if destinataire and _executer(
        request, form, services.coordination_repondre, _("Votre réponse est enregistrée."), demande=demande
    ):
        return redirect("accompagnement:personne", pk=parcours.personne_id)
    titre = _("Répondre à une demande de coordination")
    return render(
        request,
        GABARIT_ACTION,
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "demande": demande,
            "possible": destinataire and demande.statut == "OUVERTE",
            "titre": titre,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


# --- Sortie et suivi à 6 mois ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parcours_sortir(request, pk):
    parcours = _parcours_modifiable(request, pk)
    form = f.FormulaireSortie(request.POST or None, initial={"date": timezone.localdate()})
    if _executer(request, form, services.parcours_sortir, _("La sortie est enregistrée."), parcours=parcours):
        return redirect("accompagnement:personne", pk=parcours.personne_id)
    titre = _("Sortie de l'accompagnement")
    return render(
        request,
        "accompagnement/sortie_formulaire.html",
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "possible": "sortir" in machine.actions_possibles(parcours),
            "titre": titre,
            "description": _(
                "Le suivi à 6 mois (en emploi ? situation améliorée ?) sera à faire six mois après la date "
                "de sortie. Une nouvelle entrée ouvrira un nouveau parcours."
            ),
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


def _oui_non(valeur: bool | None) -> str:
    return {True: "oui", False: "non"}.get(valeur, "")


@require_http_methods(["GET", "POST"])
def suivi_six_mois(request, pk):
    """Suivi à six mois ; s'il est déjà fait : « déjà fait le … » et le formulaire de correction (motif)."""
    parcours = _parcours_modifiable(request, pk)
    sortie = getattr(parcours, "sortie", None) if machine.est_sorti(parcours) else None
    deja_fait = sortie is not None and sortie.suivi_6_mois_fait_le is not None
    if deja_fait:
        initial = {
            "fait_le": sortie.suivi_6_mois_fait_le,
            "emploi_6_mois": _oui_non(sortie.emploi_6_mois),
            "situation_amelioree_6_mois": _oui_non(sortie.situation_amelioree_6_mois),
        }
        form = f.FormulaireCorrectionSuiviSixMois(request.POST or None, initial=initial)
        service, message = services.suivi_six_mois_corriger, _("Le suivi à 6 mois est corrigé.")
    else:
        form = f.FormulaireSuiviSixMois(request.POST or None, initial={"fait_le": timezone.localdate()})
        service, message = services.suivi_six_mois_enregistrer, _("Le suivi à 6 mois est enregistré.")
    if _executer(request, form, service, message, parcours=parcours):
        return redirect("accompagnement:personne", pk=parcours.personne_id)
    titre = _("Correction du suivi à 6 mois") if deja_fait else _("Suivi à 6 mois")
    return render(
        request,
        "accompagnement/sortie_formulaire.html",
        {
            "form": form,
            "parcours": parcours,
            "personne": parcours.personne,
            "sortie": sortie,
            "suivi_deja_fait": deja_fait,
            "possible": sortie is not None,
            "titre": titre,
            "fil_ariane": _fil_personne(parcours.personne, {"titre": titre}),
        },
    )


@require_GET
def parcours(request, pk):
    """Adresse stable d'un parcours : la fiche de la personne (section du parcours)."""
    parcours = selectors.parcours_pour(request.user, pk)
    return redirect(reverse("accompagnement:personne", args=[parcours.personne_id]) + "#parcours")
