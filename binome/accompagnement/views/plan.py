"""Plan d'action (contrat d'engagement) : consultation, versions, objectifs, actions, signature, impression."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.accompagnement import machine, selectors, services
from binome.accompagnement.contenu_plan import contenu_lisible
from binome.accompagnement.enums import TypeElementReferentiel
from binome.accompagnement.forms import suivi as formulaires
from binome.accompagnement.views.suivi_outils import exiger_modification, fil_personne
from binome.core.forms import ajouter_erreurs
from binome.core.pdf import reponse_pdf


def _url_plan(parcours) -> str:
    return reverse("accompagnement:plan", kwargs={"parcours_pk": parcours.pk})


def _fil(request, parcours, *suite):
    if suite:
        return fil_personne(
            request.user, parcours.personne, {"titre": _("Plan d'action"), "url": _url_plan(parcours)}, *suite
        )
    return fil_personne(request.user, parcours.personne, {"titre": _("Plan d'action")})


def _erreur(request, erreur: ValidationError) -> None:
    messages.error(request, " ".join(erreur.messages))


def _brouillon(parcours):
    """La version brouillon du parcours (404 s'il n'y en a pas : tout est signé)."""
    plan = selectors.plan_courant(parcours)
    if plan is None or plan.est_signe:
        raise Http404(_("Aucune version brouillon du plan d'action."))
    return plan


@require_GET
def plan(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    return _rendre_plan(request, parcours)


def _rendre_plan(request, parcours, *, form_heures=None, statut=200):
    versions = list(selectors.plans_du_parcours(parcours))
    courant = versions[0] if versions else None
    modifiable = selectors.peut_modifier(request.user, parcours) and machine.permet(parcours, "modifier_plan")
    contexte = {
        "parcours": parcours,
        "personne": parcours.personne,
        "versions": versions,
        "plan": courant,
        "modifiable": modifiable,
        "heures_reference": selectors.heures_de_reference(parcours),
        "fil_ariane": _fil(request, parcours),
    }
    if courant is not None and courant.est_signe:
        contexte["contenu"] = contenu_lisible(courant)
    elif courant is not None:
        objectifs = list(selectors.objectifs_du_plan(courant))
        actions = list(selectors.actions_du_plan(courant))
        services_rattaches = selectors.services_rattaches(request.user, actions)
        orientations = selectors.orientations_des_actions(request.user, actions)
        for action in actions:
            action.service_rattache = services_rattaches.get(action.service_ressource_id)
            action.orientations_vers_services = orientations.get(action.pk, [])
            action.formulaire_statut = formulaires.FormulaireStatut(
                prefix=f"action-{action.pk}", initial={"statut": action.statut, "revision": action.revision}
            )
        par_objectif = {}
        for action in actions:
            par_objectif.setdefault(action.objectif_id, []).append(action)
        for objectif in objectifs:
            objectif.actions_affichees = par_objectif.get(objectif.pk, [])
        contexte.update(
            objectifs=objectifs,
            actions_sans_objectif=par_objectif.get(None, []),
            nb_elements=len(objectifs) + len(actions),
            form_heures=form_heures
            or formulaires.FormulaireHeures(
                initial={
                    "heures_hebdomadaires": courant.heures_hebdomadaires,
                    "motif_reduction_heures": courant.motif_reduction_heures,
                    "revision": courant.revision,
                }
            ),
        )
    return render(request, "accompagnement/suivi/plan.html", contexte, status=statut)


@require_POST
def plan_nouvelle_version(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    try:
        nouveau = services.plan_creer_version(acteur=request.user, parcours=parcours)
    except ValidationError as erreur:
        _erreur(request, erreur)
    else:
        messages.success(
            request, _("Version %(version)s du plan ouverte en brouillon.") % {"version": nouveau.version}
        )
    return redirect(_url_plan(parcours))


@require_POST
def plan_heures(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    brouillon = _brouillon(parcours)
    form = formulaires.FormulaireHeures(request.POST)
    if form.is_valid():
        try:
            services.plan_modifier_heures(acteur=request.user, plan=brouillon, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Les heures d'activité ont été enregistrées."))
            return redirect(_url_plan(parcours))
    return _rendre_plan(request, parcours, form_heures=form, statut=400)


def _formulaire_element(request, parcours, *, type_element, instance=None):
    """Formulaire d'objectif ou d'action, avec le filtre du référentiel (GET) et le formulaire (POST)."""
    brouillon = _brouillon(parcours) if instance is None else instance.plan
    themes = selectors.themes_referentiel(type_element)
    filtre = formulaires.FormulaireFiltreReferentiel(request.GET or None, themes=themes)
    criteres = filtre.cleaned_data if filtre.is_valid() else {}
    elements = selectors.elements_referentiel(
        type_element, theme=criteres.get("theme", ""), recherche=criteres.get("q", "")
    )
    if instance is not None and instance.element_referentiel_id:
        # L'élément déjà choisi reste proposé même s'il ne correspond pas au filtre.
        elements = elements | selectors.elements_referentiel(type_element).filter(pk=instance.element_referentiel_id)
    est_action = type_element == TypeElementReferentiel.ACTION
    initial = {}
    if instance is not None:
        initial = {
            "element_referentiel": instance.element_referentiel_id,
            "libelle_libre": instance.libelle_libre,
            "cote": instance.cote,
            "porteur": instance.porteur,
            "porteur_precision": instance.porteur_precision,
            "echeance": instance.echeance,
            "statut": instance.statut,
            "revision": instance.revision,
        }
        if est_action:
            initial.update(objectif=instance.objectif_id, service_ressource_id=instance.service_ressource_id or "")
    elif est_action and request.GET.get("service"):
        initial["service_ressource_id"] = request.GET["service"]
    donnees = request.POST if request.method == "POST" else None
    if est_action:
        form = formulaires.FormulaireAction(
            donnees, initial=initial, elements=elements, objectifs=selectors.objectifs_du_plan(brouillon)
        )
    else:
        form = formulaires.FormulaireObjectif(donnees, initial=initial, elements=elements)
    return brouillon, filtre, form


def _element(request, parcours_pk, *, type_element, pk=None):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    est_action = type_element == TypeElementReferentiel.ACTION
    instance = None
    if pk is not None:
        brouillon = _brouillon(parcours)
        instance = get_object_or_404(
            selectors.actions_du_plan(brouillon) if est_action else selectors.objectifs_du_plan(brouillon), pk=pk
        )
    brouillon, filtre, form = _formulaire_element(request, parcours, type_element=type_element, instance=instance)
    if request.method == "POST" and form.is_valid():
        donnees = dict(form.cleaned_data)
        revision = donnees.pop("revision")
        try:
            if instance is None:
                ajouter = services.action_ajouter if est_action else services.objectif_ajouter
                ajouter(acteur=request.user, plan=brouillon, **donnees)
            elif est_action:
                services.action_modifier(acteur=request.user, action=instance, revision=revision, **donnees)
            else:
                services.objectif_modifier(acteur=request.user, objectif=instance, revision=revision, **donnees)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le plan d'action a été mis à jour."))
            return redirect(_url_plan(parcours))
    if est_action:
        titre = _("Ajouter une action") if instance is None else _("Modifier l'action")
    else:
        titre = _("Ajouter un objectif") if instance is None else _("Modifier l'objectif")
    return render(
        request,
        "accompagnement/suivi/plan_element.html",
        {
            "parcours": parcours,
            "plan": brouillon,
            "instance": instance,
            "form": form,
            "filtre": filtre,
            "titre": titre,
            "est_action": est_action,
            "fil_ariane": _fil(request, parcours, {"titre": titre}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def objectif_ajouter(request, parcours_pk):
    return _element(request, parcours_pk, type_element=TypeElementReferentiel.OBJECTIF)


@require_http_methods(["GET", "POST"])
def objectif_modifier(request, parcours_pk, pk):
    return _element(request, parcours_pk, type_element=TypeElementReferentiel.OBJECTIF, pk=pk)


@require_http_methods(["GET", "POST"])
def action_ajouter(request, parcours_pk):
    return _element(request, parcours_pk, type_element=TypeElementReferentiel.ACTION)


@require_http_methods(["GET", "POST"])
def action_modifier(request, parcours_pk, pk):
    return _element(request, parcours_pk, type_element=TypeElementReferentiel.ACTION, pk=pk)


@require_POST
def action_statut(request, parcours_pk, pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    action = get_object_or_404(selectors.actions_du_plan(_brouillon(parcours)), pk=pk)
    form = formulaires.FormulaireStatut(request.POST, prefix=f"action-{action.pk}")
    if not form.is_valid():
        messages.error(request, _("Choisissez un statut."))
        return redirect(_url_plan(parcours))
    try:
        services.action_changer_statut(acteur=request.user, action=action, **form.cleaned_data)
    except ValidationError as erreur:
        _erreur(request, erreur)
    else:
        messages.success(
            request,
            _("« %(libelle)s » : %(statut)s.") % {"libelle": action.libelle, "statut": action.get_statut_display()},
        )
    return redirect(_url_plan(parcours))


def _retirer(request, parcours_pk, pk, *, est_action):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    brouillon = _brouillon(parcours)
    qs = selectors.actions_du_plan(brouillon) if est_action else selectors.objectifs_du_plan(brouillon)
    element = get_object_or_404(qs, pk=pk)
    form = formulaires.FormulaireRetrait(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        if est_action:
            services.action_retirer(acteur=request.user, action=element, revision=revision)
        else:
            services.objectif_retirer(acteur=request.user, objectif=element, revision=revision)
    except ValidationError as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, _("« %(libelle)s » a été retiré du brouillon.") % {"libelle": element.libelle})
    return redirect(_url_plan(parcours))


@require_POST
def objectif_retirer(request, parcours_pk, pk):
    return _retirer(request, parcours_pk, pk, est_action=False)


@require_POST
def action_retirer(request, parcours_pk, pk):
    return _retirer(request, parcours_pk, pk, est_action=True)


@require_http_methods(["GET", "POST"])
def plan_signer(request, parcours_pk):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    exiger_modification(request.user, parcours)
    brouillon = _brouillon(parcours)
    form = formulaires.FormulaireSignature(
        request.POST if request.method == "POST" else None,
        initial={
            "revision": brouillon.revision,
            "lieu_signature": selectors.lieu_signature_propose(request.user, parcours),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_signer(
                acteur=request.user,
                plan=brouillon,
                revision=form.cleaned_data["revision"],
                signe_le=form.cleaned_data["signe_le"],
                lieu_signature=form.cleaned_data["lieu_signature"],
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(
                request,
                _("La version %(version)s du plan est signée : elle reste consultable telle quelle.")
                % {"version": brouillon.version},
            )
            return redirect(_url_plan(parcours))
    return render(
        request,
        "accompagnement/suivi/plan_signer.html",
        {
            "parcours": parcours,
            "plan": brouillon,
            "contenu": contenu_lisible(brouillon),
            "form": form,
            "fil_ariane": _fil(request, parcours, {"titre": _("Signer")}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def plan_version(request, parcours_pk, version):
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    version_plan = selectors.plan_version(parcours, version)
    return render(
        request,
        "accompagnement/suivi/plan_version.html",
        {
            "parcours": parcours,
            "plan": version_plan,
            "contenu": contenu_lisible(version_plan),
            "fil_ariane": _fil(request, parcours, {"titre": _("Version %(v)s") % {"v": version_plan.version}}),
        },
    )


@require_GET
def plan_imprimer(request, parcours_pk, version):
    """Contrat d'engagement imprimable (sans navigation) à signer avec la personne, ou à relire une fois signé."""
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    return render(
        request,
        "accompagnement/suivi/plan_imprimer.html",
        selectors.contrat_engagement(request.user, parcours, version),
    )


@require_GET
def plan_pdf(request, parcours_pk, version):
    """Le même contrat d'engagement en PDF (``binome.core.pdf``), même contexte que la page imprimable."""
    parcours = selectors.parcours_pour(request.user, parcours_pk)
    contexte = selectors.contrat_engagement(request.user, parcours, version)
    return reponse_pdf(
        "accompagnement/suivi/contrat_pdf.html",
        contexte,
        nom_fichier=f"contrat-engagement-{parcours.pk}-v{contexte['plan'].version}.pdf",
        request=request,
    )
