"""Gestion des fiches maintenues (partenaire, administrateur départemental) et import du tableur."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.ressources import selectors
from binome.ressources import services as ecritures
from binome.ressources.forms import (
    ImportCsvForm,
    ModerationForm,
    ServiceForm,
    StructureForm,
    TraitementSignalementForm,
)
from binome.ressources.importation import COLONNES_CSV, importer_csv, modele_csv
from binome.ressources.models import Service, StatutService, Structure
from binome.ressources.views import TAILLE_PAGE, fil


def _fil_gestion(titre):
    return fil({"titre": _("Gestion"), "url": reverse("ressources:gestion")}, {"titre": titre})


@require_GET
def gestion(request):
    selectors.exiger_maintenance(request.user)
    a_verifier = request.GET.get("a_verifier") == "1"
    statut = request.GET.get("statut", "")
    qs = selectors.services_a_gerer(request.user, a_verifier=a_verifier, statut=statut)
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
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
            "peut_importer": selectors.peut_parametrer(request.user),
            "fil_ariane": fil({"titre": _("Gestion de mes fiches")}),
        },
    )


@require_http_methods(["GET", "POST"])
def structure_editer(request, structure_id=None):
    selectors.exiger_maintenance(request.user)
    structure = selectors.structure_modifiable_pour(request.user, structure_id) if structure_id else None
    organisations = selectors.organisations_mainteneuses_possibles(request.user)
    if structure is None:
        structure = Structure(source=ecritures.SOURCE_BINOME)
        if organisations.count() == 1:
            structure.organisation = organisations.first()
    form = StructureForm(request.POST or None, instance=structure, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        objet = form.save(commit=False)
        try:
            ecritures.structure_enregistrer(acteur=request.user, structure=objet)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("La structure est enregistrée."))
            return redirect(reverse("ressources:service_creer") + "?" + urlencode({"structure": objet.pk}))
    titre = _("Modifier la structure") if structure_id else _("Nouvelle structure")
    return render(
        request, "ressources/structure_form.html", {"form": form, "titre": titre, "fil_ariane": _fil_gestion(titre)}
    )


@require_http_methods(["GET", "POST"])
def service_editer(request, service_id=None):
    selectors.exiger_maintenance(request.user)
    structures = selectors.structures_modifiables(request.user)
    if service_id:
        objet = selectors.service_modifiable_pour(request.user, service_id)
    else:
        # Le statut d'une fiche créée est fixé par le service (règle de publication).
        objet = Service(source=ecritures.SOURCE_BINOME)
        structure_id = request.GET.get("structure")
        if structure_id:
            objet.structure = selectors.structure_modifiable_pour(request.user, structure_id)
    form = ServiceForm(request.POST or None, instance=objet, structures=structures)
    if request.method == "POST" and form.is_valid():
        service = form.save(commit=False)
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
            "fil_ariane": _fil_gestion(titre),
        },
    )


@require_POST
def service_verifier(request, service_id):
    selectors.exiger_maintenance(request.user)
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
    selectors.exiger_maintenance(request.user)
    fiche = selectors.service_moderable_pour(request.user, service_id)
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
            "fil_ariane": fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])}, {"titre": _("Modérer")}
            ),
        },
    )


@require_GET
def service_historique(request, service_id):
    selectors.exiger_maintenance(request.user)
    fiche = selectors.service_modifiable_pour(request.user, service_id)
    lignes = []
    for version in selectors.historique_service(fiche):
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
            "fil_ariane": fil(
                {"titre": fiche.nom, "url": reverse("ressources:service", args=[fiche.pk])},
                {"titre": _("Historique")},
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def signalement_traiter(request, pk):
    selectors.exiger_maintenance(request.user)
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
        {"signalement": signalement, "form": form, "fil_ariane": _fil_gestion(_("Signalement"))},
    )


# --- Import du tableur (administrateur départemental) --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_csv(request):
    selectors.exiger_parametrage(request.user)
    choix = [(d.code, str(d)) for d in selectors.departements_geres(request.user)]
    form = ImportCsvForm(request.POST or None, request.FILES or None, departements=choix)
    rapport = None
    if request.method == "POST" and form.is_valid():
        # Le périmètre de l'import : un département que l'acteur gère (sélecteur), le premier à défaut ; chaque
        # ligne située ailleurs est ensuite refusée (``importation_perimetre``).
        departement = selectors.departement_parametrable_pour(request.user, form.cleaned_data.get("departement"))
        rapport = importer_csv(
            form.cleaned_data["fichier"].read(),
            departement_code=departement.code,
            acteur=request.user,
            verifier_seulement=form.cleaned_data["verifier_seulement"],
        )
        if not rapport.verification_seulement:
            messages.success(request, rapport.resume())
    return render(
        request,
        "ressources/import_csv.html",
        {"form": form, "rapport": rapport, "colonnes": COLONNES_CSV, "fil_ariane": _fil_gestion(_("Import CSV"))},
    )


@require_GET
def modele_import_csv(request):
    selectors.exiger_maintenance(request.user)
    reponse = HttpResponse("\ufeff" + modele_csv(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="modele-ressources.csv"'
    return reponse
