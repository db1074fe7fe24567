"""Vues de l'annuaire : minces, elles s'appuient sur ``selectors`` (lecture) et ``services`` (écriture)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.comptes.selectors import departements_administres, est_super_admin
from binome.ressources import freins, selectors
from binome.ressources import referentiels as ref
from binome.ressources import services as ecritures
from binome.ressources.forms import (
    CorrespondanceForm,
    ImportCsvForm,
    ModerationForm,
    OrientationForm,
    ReponseOrientationForm,
    ServiceForm,
    SignalementForm,
    StructureForm,
    TraitementSignalementForm,
    choix_freins,
    libelle_frein,
)
from binome.ressources.importation import COLONNES_CSV, importer_csv, modele_csv
from binome.ressources.models import CorrespondanceFrein, Service, StatutService, Structure
from binome.ressources.requetes import executer_recherche
from binome.ressources.services import nouvel_identifiant
from binome.territoires.models import Departement

TAILLE_PAGE = 20


def _fil(*elements):
    return [{"titre": _("Annuaire des ressources"), "url": reverse("ressources:recherche")}, *elements]


def _exiger_professionnel(request):
    if not selectors.est_professionnel(request.user):
        raise Http404


# --- Recherche ------------------------------------------------------------------------------------------------


@require_GET
def recherche(request):
    _exiger_professionnel(request)
    form, page, thematiques_frein = executer_recherche(request, request.GET)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "form": form,
        "page": page,
        "criteres_url": parametres.urlencode(),
        "thematiques_frein": ref.libelles("thematiques", thematiques_frein),
        "frein_libelle": libelle_frein(request.GET.get("frein", "")) if request.GET.get("frein") else "",
        "contexte_plan": _contexte_plan(request),
        "aujourdhui": timezone.localdate(),
        "fil_ariane": [{"titre": _("Annuaire des ressources")}],
    }
    gabarit = "ressources/_resultats.html" if request.htmx and page is not None else "ressources/recherche.html"
    return render(request, gabarit, contexte)


def _contexte_plan(request):
    """Paramètres ``action``/``personne`` transmis depuis un plan d'action (pour proposer « rattacher »)."""
    from binome.ressources import orientations

    return orientations.contexte_depuis_requete(request)


# --- Fiche ----------------------------------------------------------------------------------------------------


@require_GET
def service(request, service_id):
    fiche = selectors.service_pour(request.user, service_id)
    contexte = {
        "service": fiche,
        "structure": fiche.structure,
        "voit_contact": selectors.voit_contact(request.user, fiche),
        "peut_modifier": selectors.services_modifiables(request.user).filter(pk=fiche.pk).exists(),
        "peut_moderer": selectors.peut_moderer(request.user, fiche) and selectors.peut_maintenir(request.user),
        "aujourdhui": timezone.localdate(),
        "contexte_plan": _contexte_plan(request),
        "retour": request.GET.get("retour", ""),
        "fil_ariane": _fil({"titre": fiche.nom}),
    }
    return render(request, "ressources/service.html", contexte)


@require_http_methods(["GET", "POST"])
def signaler(request, service_id):
    fiche = selectors.service_pour(request.user, service_id)
    form = SignalementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ecritures.signalement_creer(acteur=request.user, service=fiche, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error("message", exc)
        else:
            messages.success(
                request, _("Merci : l'erreur a été transmise à l'organisation qui tient la fiche à jour.")
            )
            return redirect("ressources:service", service_id=fiche.pk)
    return render(
        request,
        "ressources/signaler.html",
        {
            "service": fiche,
            "form": form,
            "fil_ariane": _fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Signaler une erreur")},
            ),
        },
    )


# --- Maintenance ----------------------------------------------------------------------------------------------


def _exiger_maintenance(request):
    if not selectors.peut_maintenir(request.user):
        raise PermissionDenied


@require_GET
def gestion(request):
    _exiger_maintenance(request)
    qs = selectors.services_modifiables(request.user)
    a_verifier = request.GET.get("a_verifier") == "1"
    statut = request.GET.get("statut", "")
    if a_verifier:
        qs = qs.filter(date_prochaine_verification__lt=timezone.localdate()).exclude(frequence_verification=0)
    if statut in StatutService.values:
        qs = qs.filter(statut=statut)
    page = Paginator(qs.order_by("nom", "pk"), TAILLE_PAGE).get_page(request.GET.get("page"))
    signalements = selectors.signalements_a_traiter(request.user)
    return render(
        request,
        "ressources/gestion.html",
        {
            "page": page,
            "a_verifier": a_verifier,
            "statut": statut,
            "statuts": StatutService.choices,
            "signalements": list(signalements[:50]),
            "nombre_signalements": signalements.count(),
            "aujourdhui": timezone.localdate(),
            "peut_importer": bool(departements_administres(request.user) or est_super_admin(request.user)),
            "fil_ariane": _fil({"titre": _("Gestion de mes fiches")}),
        },
    )


@require_http_methods(["GET", "POST"])
def structure_editer(request, structure_id=None):
    _exiger_maintenance(request)
    structure = selectors.structure_modifiable_pour(request.user, structure_id) if structure_id else None
    organisations = selectors.organisations_mainteneuses_possibles(request.user)
    if structure is None:
        structure = Structure(source="binome")
        if organisations.count() == 1:
            structure.organisation = organisations.first()
    form = StructureForm(request.POST or None, instance=structure, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        objet = form.save(commit=False)
        if not objet.pk:
            objet.pk = nouvel_identifiant(objet.nom)
        try:
            ecritures.structure_enregistrer(acteur=request.user, structure=objet)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("La structure est enregistrée."))
            return redirect(reverse("ressources:service_creer") + "?" + urlencode({"structure": objet.pk}))
    titre = _("Modifier la structure") if structure_id else _("Nouvelle structure")
    return render(
        request,
        "ressources/structure_form.html",
        {
            "form": form,
            "titre": titre,
            "fil_ariane": _fil({"titre": _("Gestion"), "url": reverse("ressources:gestion")}, {"titre": titre}),
        },
    )


@require_http_methods(["GET", "POST"])
def service_editer(request, service_id=None):
    _exiger_maintenance(request)
    structures = selectors.structures_modifiables(request.user)
    if service_id:
        objet = selectors.service_modifiable_pour(request.user, service_id)
    else:
        objet = Service(source="binome", statut=StatutService.PUBLIE)
        structure_id = request.GET.get("structure")
        if structure_id:
            objet.structure = selectors.structure_modifiable_pour(request.user, structure_id)
    form = ServiceForm(request.POST or None, instance=objet, structures=structures)
    if request.method == "POST" and form.is_valid():
        service = form.save(commit=False)
        if not service.pk:
            service.pk = nouvel_identifiant(service.nom)
            service.organisation = service.structure.organisation
            # Une fiche créée par un partenaire attend la validation de l'administrateur départemental.
            moderateur = est_super_admin(request.user) or bool(departements_administres(request.user))
            service.statut = StatutService.PUBLIE if moderateur else StatutService.A_VALIDER
        try:
            ecritures.service_enregistrer(acteur=request.user, service=service)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Le service est enregistré."))
            return redirect("ressources:service", service_id=service.pk)
    titre = _("Modifier le service") if service_id else _("Nouveau service")
    return render(
        request,
        "ressources/service_form.html",
        {
            "form": form,
            "titre": titre,
            "service": objet if service_id else None,
            "fil_ariane": _fil({"titre": _("Gestion"), "url": reverse("ressources:gestion")}, {"titre": titre}),
        },
    )


@require_POST
def service_verifier(request, service_id):
    _exiger_maintenance(request)
    fiche = selectors.service_modifiable_pour(request.user, service_id)
    ecritures.service_verifier(acteur=request.user, service=fiche)
    messages.success(
        request,
        _("Fiche confirmée : prochaine vérification le %(d)s.")
        % {"d": fiche.date_prochaine_verification.strftime("%d/%m/%Y") if fiche.date_prochaine_verification else "—"},
    )
    return redirect(request.POST.get("suivant") or reverse("ressources:service", args=[fiche.pk]))


@require_http_methods(["GET", "POST"])
def service_moderer(request, service_id):
    _exiger_maintenance(request)
    fiche = selectors.service_modifiable_pour(request.user, service_id)
    if not selectors.peut_moderer(request.user, fiche) or not (
        departements_administres(request.user) or est_super_admin(request.user)
    ):
        raise Http404
    form = ModerationForm(request.POST or None, initial={"statut": fiche.statut, "motif": fiche.motif_moderation})
    if request.method == "POST" and form.is_valid():
        try:
            ecritures.service_moderer(
                acteur=request.user,
                service=fiche,
                statut=form.cleaned_data["statut"],
                motif=form.cleaned_data["motif"],
            )
        except ValidationError as exc:
            form.add_error("motif", exc)
        else:
            messages.success(request, _("Statut de la fiche : %(s)s.") % {"s": fiche.get_statut_display()})
            return redirect("ressources:service", service_id=fiche.pk)
    return render(
        request,
        "ressources/moderer.html",
        {
            "service": fiche,
            "form": form,
            "fil_ariane": _fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])}, {"titre": _("Modérer")}
            ),
        },
    )


@require_GET
def service_historique(request, service_id):
    _exiger_maintenance(request)
    fiche = selectors.service_modifiable_pour(request.user, service_id)
    versions = list(fiche.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    lignes = []
    for version in versions:
        precedente = version.prev_record
        changements = []
        if precedente is not None:
            delta = version.diff_against(precedente)
            changements = [capfirst(str(Service._meta.get_field(c.field).verbose_name)) for c in delta.changes]
        lignes.append({"version": version, "changements": changements})
    return render(
        request,
        "ressources/historique.html",
        {
            "service": fiche,
            "lignes": lignes,
            "fil_ariane": _fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Historique")},
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def signalement_traiter(request, pk):
    _exiger_maintenance(request)
    signalement = selectors.signalement_pour(request.user, pk)
    form = TraitementSignalementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ecritures.signalement_traiter(
            acteur=request.user,
            signalement=signalement,
            statut=form.cleaned_data["statut"],
            reponse=form.cleaned_data["reponse"],
        )
        messages.success(request, _("Signalement traité."))
        return redirect("ressources:gestion")
    return render(
        request,
        "ressources/signalement_traiter.html",
        {
            "signalement": signalement,
            "form": form,
            "fil_ariane": _fil(
                {"titre": _("Gestion"), "url": reverse("ressources:gestion")}, {"titre": _("Signalement")}
            ),
        },
    )


# --- Correspondance frein → thématiques (administrateur départemental) -------------------------------------------


def _departement_parametre(request) -> Departement:
    if not selectors.peut_parametrer(request.user):
        raise PermissionDenied
    code = request.GET.get("departement") or request.POST.get("departement")
    qs = selectors.departements_geres(request.user)
    departement = qs.filter(code=code).first() if code else qs.first()
    if departement is None:
        raise Http404
    return departement


@require_GET
def correspondances(request):
    departement = _departement_parametre(request)
    surcharges = dict(CorrespondanceFrein.objects.filter(departement=departement).values_list("code", "thematiques"))
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
            "fil_ariane": _fil({"titre": _("Correspondance freins → thématiques")}),
        },
    )


@require_http_methods(["GET", "POST"])
def correspondance_modifier(request, code):
    departement = _departement_parametre(request)
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
            "surcharge": CorrespondanceFrein.objects.filter(departement=departement, code=code).exists(),
            "par_defaut": ref.libelles("thematiques", freins.thematiques_par_defaut(code)),
            "fil_ariane": _fil(
                {"titre": _("Correspondance freins → thématiques"), "url": retour}, {"titre": libelle_frein(code)}
            ),
        },
    )


# --- Import CSV (administrateur départemental) --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_csv(request):
    if not selectors.peut_parametrer(request.user):
        raise PermissionDenied
    choix = [(d.code, str(d)) for d in selectors.departements_geres(request.user)]
    form = ImportCsvForm(request.POST or None, request.FILES or None, departements=choix)
    rapport = None
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data.get("departement") or (choix[0][0] if choix else None)
        if code is None:
            raise Http404
        rapport = importer_csv(
            form.cleaned_data["fichier"].read(),
            departement_code=code,
            acteur=request.user,
            verifier_seulement=form.cleaned_data["verifier_seulement"],
        )
        if not rapport.verification_seulement:
            messages.success(request, rapport.resume())
    return render(
        request,
        "ressources/import_csv.html",
        {
            "form": form,
            "rapport": rapport,
            "colonnes": COLONNES_CSV,
            "fil_ariane": _fil(
                {"titre": _("Gestion"), "url": reverse("ressources:gestion")}, {"titre": _("Import CSV")}
            ),
        },
    )


@require_GET
def modele_import_csv(request):
    if not selectors.peut_maintenir(request.user):
        raise PermissionDenied
    reponse = HttpResponse("\ufeff" + modele_csv(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="modele-ressources.csv"'
    return reponse


# --- Du plan au service -------------------------------------------------------------------------------------------


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
    contexte = _contexte_plan(request)
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
            "fil_ariane": _fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Orienter la personne")},
            ),
        },
    )


@require_GET
def orientations(request):
    _exiger_professionnel(request)
    recues = selectors.orientations_recues(request.user).order_by("-cree_le", "-pk")
    emises = selectors.orientations_emises(request.user).order_by("-cree_le", "-pk")
    return render(
        request,
        "ressources/orientations.html",
        {
            "recues": Paginator(recues, TAILLE_PAGE).get_page(request.GET.get("page_recues")),
            "emises": Paginator(emises, TAILLE_PAGE).get_page(request.GET.get("page_emises")),
            "fil_ariane": _fil({"titre": _("Orientations vers des services")}),
        },
    )


@require_http_methods(["GET", "POST"])
def orientation(request, pk):
    _exiger_professionnel(request)
    objet, destinataire = selectors.orientation_pour(request.user, pk)
    form = ReponseOrientationForm(request.POST or None) if destinataire else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
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
            "fil_ariane": _fil(
                {"titre": _("Orientations vers des services"), "url": reverse("ressources:orientations")},
                {"titre": objet.service.nom},
            ),
        },
    )
