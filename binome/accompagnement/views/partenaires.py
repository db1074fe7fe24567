"""Partenaires dans un parcours (issue 14, point 4) : pages du binôme (inviter, voir, révoquer, confier) et pages du
partenaire invité (« Mes parcours partagés », le parcours partagé). Ce que chacun voit : ``selectors.partenaires``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.accompagnement import selectors, services
from binome.accompagnement.forms import partenaires as formulaires
from binome.accompagnement.views.suivi_outils import fil_personne
from binome.core.forms import ajouter_erreurs

# --- Côté binôme -----------------------------------------------------------------------------------------------


def _url_partenaires(parcours) -> str:
    return reverse("accompagnement:partenaires", kwargs={"parcours_pk": parcours.pk})


def _fil(request, parcours, *suite):
    titre = {"titre": _("Partenaires invités"), "url": _url_partenaires(parcours) if suite else None}
    return fil_personne(request.user, parcours.personne, titre, *suite)


@require_GET
def partenaires(request, parcours_pk):
    """Les invitations du parcours (en cours et passées) ; inviter, révoquer, confier pour le binôme."""
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    invitations = list(selectors.invitations_du_parcours(parcours))
    a_confier = selectors.actions_a_confier(parcours)
    invitations_en_cours = selectors.invitations_en_cours(parcours)
    for invitation in invitations:
        invitation.en_cours = invitation.pk in invitations_en_cours
        invitation.formulaire_revocation = formulaires.FormulaireRevocation(prefix=f"revoquer-{invitation.pk}")
        invitation.formulaire_confier = formulaires.FormulaireConfier(
            prefix=f"confier-{invitation.pk}", actions=a_confier
        )
    return render(
        request,
        "accompagnement/partenaires/parcours.html",
        {
            "parcours": parcours,
            "personne": parcours.personne,
            "invitations": invitations,
            "peut_inviter": selectors.peut_inviter_partenaire(request.user, parcours),
            "peut_revoquer": selectors.peut_revoquer_invitation(request.user, parcours),
            "fil_ariane": _fil(request, parcours),
        },
    )


def _formulaire_invitation(request, parcours, structures):
    """Le formulaire du second temps (professionnel, objet, accord), pour la structure choisie ; ``None`` avant."""
    if request.method == "POST":
        organisation = selectors.structure_invitable(parcours, request.POST.get("organisation"))
        initial = {"organisation": organisation.pk} if organisation else {}
        choix = formulaires.FormulaireStructure(initial=initial, structures=structures)
    else:
        choix = formulaires.FormulaireStructure(request.GET or None, structures=structures)
        organisation = choix.cleaned_data["organisation"] if choix.is_valid() else None
    if organisation is None:
        return choix, None, None
    form = formulaires.FormulaireInvitation(
        request.POST if request.method == "POST" else None,
        initial={"organisation": organisation.pk},
        structures=structures,
        professionnels=selectors.professionnels_invitables(parcours, organisation),
        actions=selectors.actions_a_confier(parcours),
    )
    return choix, organisation, form


@require_http_methods(["GET", "POST"])
def partenaire_inviter(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    if not selectors.peut_inviter_partenaire(request.user, parcours):
        raise PermissionDenied(_("Seul un membre du binôme invite un partenaire, tant que le parcours est en cours."))
    structures = selectors.structures_invitables(parcours)
    choix, organisation, form = _formulaire_invitation(request, parcours, structures)
    if request.method == "POST" and form is not None and form.is_valid():
        donnees = {k: v for k, v in form.cleaned_data.items() if k != "confirmation"}
        try:
            services.invitation_partenaire_creer(acteur=request.user, parcours=parcours, **donnees)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le partenaire est invité : il voit désormais ce parcours partagé."))
            return redirect(_url_partenaires(parcours))
    titre = _("Inviter un partenaire")
    return render(
        request,
        "accompagnement/partenaires/inviter.html",
        {
            "parcours": parcours,
            "personne": parcours.personne,
            "choix": choix,
            "organisation": organisation,
            "form": form,
            "titre": titre,
            "fil_ariane": _fil(request, parcours, {"titre": titre}),
        },
    )


@require_POST
def partenaire_revoquer(request, parcours_pk, invitation_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    invitation = selectors.invitation_du_parcours(parcours, invitation_pk)
    form = formulaires.FormulaireRevocation(request.POST, prefix=f"revoquer-{invitation.pk}")
    motif = form.cleaned_data["motif_revocation"] if form.is_valid() else ""
    try:
        services.invitation_partenaire_revoquer(acteur=request.user, invitation=invitation, motif=motif)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'invitation est révoquée : le partenaire n'a plus accès à ce parcours."))
    return redirect(_url_partenaires(parcours))


@require_POST
def partenaire_confier(request, parcours_pk, invitation_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    invitation = selectors.invitation_du_parcours(parcours, invitation_pk)
    form = formulaires.FormulaireConfier(
        request.POST, prefix=f"confier-{invitation.pk}", actions=selectors.actions_a_confier(parcours)
    )
    if not form.is_valid():
        messages.error(request, _("Choisissez une action portée par un partenaire."))
        return redirect(_url_partenaires(parcours))
    try:
        services.action_partenaire_confier(
            acteur=request.user, invitation=invitation, action=form.cleaned_data["action"]
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'action est confiée à ce partenaire."))
    return redirect(_url_partenaires(parcours))


# --- Côté partenaire ---------------------------------------------------------------------------------------------


def _exiger_partenaire(acteur) -> None:
    if not selectors.recoit_des_parcours_partages(acteur):
        raise PermissionDenied(_("Cette page est réservée aux professionnels des structures partenaires."))


def _url_partage(parcours_pk) -> str:
    return reverse("accompagnement:parcours_partage", kwargs={"parcours_pk": parcours_pk})


def _fil_partage(invitation=None, identite=None):
    racine = {"titre": _("Mes parcours partagés"), "url": reverse("accompagnement:parcours_partages")}
    if invitation is None:
        return [{"titre": _("Mes parcours partagés")}]
    return [racine, {"titre": str(identite)}]


@require_GET
def parcours_partages(request):
    """Les parcours où l'acteur est invité, tant que l'invitation vaut : identité minimale, objet, échéance."""
    _exiger_partenaire(request.user)
    invitations = list(selectors.invitations_valides(request.user))
    for invitation in invitations:
        invitation.identite = selectors.identite_partagee(invitation.parcours.personne)
    return render(
        request,
        "accompagnement/partenaires/partages.html",
        {"invitations": invitations, "fil_ariane": _fil_partage()},
    )


@require_GET
def parcours_partage(request, parcours_pk):
    invitation = selectors.invitation_pour(request.user, parcours_pk)
    return _rendre_partage(request, invitation)


def _rendre_partage(request, invitation, *, form_contact=None, statut=200):
    identite = selectors.identite_partagee(invitation.parcours.personne)
    actions = list(selectors.actions_confiees(invitation))
    for action in actions:
        action.formulaire = formulaires.FormulaireSuiviPartenaire(
            prefix=f"action-{action.pk}",
            initial={
                "statut": action.statut,
                "commentaire": action.commentaire_partenaire,
                "revision": action.revision,
            },
        )
    return render(
        request,
        "accompagnement/partenaires/partage.html",
        {
            "invitation": invitation,
            "parcours": invitation.parcours,
            "identite": identite,
            "actions": actions,
            "contacts": list(selectors.contacts_partages(invitation)),
            "form": form_contact or formulaires.FormulaireContactPartenaire(),
            "fil_ariane": _fil_partage(invitation, identite),
        },
        status=statut,
    )


@require_POST
def parcours_partage_action(request, parcours_pk, action_pk):
    _invitation, action = selectors.action_confiee_pour(request.user, parcours_pk, action_pk)
    form = formulaires.FormulaireSuiviPartenaire(request.POST, prefix=f"action-{action.pk}")
    if not form.is_valid():
        messages.error(request, _("Le formulaire est incomplet : rechargez la page puis recommencez."))
        return redirect(_url_partage(parcours_pk))
    try:
        services.action_partenaire_suivre(
            acteur=request.user, parcours_pk=parcours_pk, action_pk=action.pk, **form.cleaned_data
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'action est mise à jour."))
    return redirect(_url_partage(parcours_pk))


@require_POST
def parcours_partage_contact(request, parcours_pk):
    invitation = selectors.invitation_pour(request.user, parcours_pk)
    form = formulaires.FormulaireContactPartenaire(request.POST)
    if form.is_valid():
        try:
            services.contact_partenaire_enregistrer(acteur=request.user, parcours_pk=parcours_pk, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le contact est enregistré."))
            return redirect(_url_partage(parcours_pk))
    return _rendre_partage(request, invitation, form_contact=form, statut=400)
