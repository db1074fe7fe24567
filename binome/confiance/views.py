"""Vues de la confiance : journal des accès, traçabilité et droits sur la fiche, double authentification.

Toutes les lectures de dossier passent par ``binome.accompagnement.selectors.personne_pour`` ; l'écriture
du journal est faite par ``JournalAccesMiddleware`` d'après ``registre.py``.
"""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.accompagnement.selectors import personne_pour
from binome.confiance import double_facteur as df
from binome.confiance import droits, forms, selectors
from binome.confiance import services as ecritures
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50
TAILLE_PAGE_FRAGMENT = 20


def _url_fiche(personne) -> str | None:
    """Adresse de la fiche de la personne (écrans de l'accompagnement), si la route existe."""
    for kwargs in ({"pk": personne.pk}, {"personne_pk": personne.pk}):
        try:
            return reverse("accompagnement:personne", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def _fil_personne(personne, *suite):
    return [{"titre": str(personne), "url": _url_fiche(personne)}, *suite]


def _gabarit(request, complet: str, fragment: str) -> str:
    return fragment if getattr(request, "htmx", False) else complet


# --- Journal des accès (administrateur départemental) ----------------------------------------------------


@require_GET
def journal(request):
    if not selectors.peut_consulter_journal(request.user):
        raise PermissionDenied(_("Le journal des accès est réservé aux administrateurs départementaux."))
    filtre = forms.FormulaireRechercheJournal(request.GET or None)
    criteres = filtre.cleaned_data if filtre.is_valid() else {}
    qs = selectors.journal_recherche(
        request.user,
        acteur_texte=criteres.get("acteur", ""),
        action=criteres.get("action", ""),
        dossier=criteres.get("dossier"),
        du=criteres.get("du"),
        au=criteres.get("au"),
        finalite=criteres.get("finalite", ""),
    )
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "confiance/journal.html",
        {"page": page, "filtre": filtre, "fil_ariane": [{"titre": _("Journal des accès")}]},
    )


# --- Fragments de la fiche : qui a consulté, historique, partages ---------------------------------------


@require_GET
def consultations_personne(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    qs = selectors.consultations_personne(request.user, personne)
    page = Paginator(qs, TAILLE_PAGE_FRAGMENT).get_page(request.GET.get("page"))
    return render(
        request,
        _gabarit(request, "confiance/consultations.html", "confiance/_consultations.html"),
        {
            "personne": personne,
            "page": page,
            "fil_ariane": _fil_personne(personne, {"titre": _("Qui a consulté ce dossier")}),
        },
    )


@require_GET
def historique_personne(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    lignes = selectors.historique_personne(request.user, personne)
    page = Paginator(lignes, TAILLE_PAGE_FRAGMENT).get_page(request.GET.get("page"))
    return render(
        request,
        _gabarit(request, "confiance/historique.html", "confiance/_historique.html"),
        {
            "personne": personne,
            "page": page,
            "fil_ariane": _fil_personne(personne, {"titre": _("Historique des modifications")}),
        },
    )


@require_GET
def partages_personne(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    return render(
        request,
        _gabarit(request, "confiance/partages.html", "confiance/_partages.html"),
        {
            "personne": personne,
            "partages": selectors.partages_personne(request.user, personne),
            "fil_ariane": _fil_personne(personne, {"titre": _("Ce qui est partagé, avec qui")}),
        },
    )


# --- Droits de la personne ----------------------------------------------------------------------------------


def _rendre_droits(request, personne, *, form_notice=None, form_opposition=None, statut=200):
    return render(
        request,
        "confiance/droits.html",
        {
            "personne": personne,
            "peut_ecrire": selectors.peut_ecrire_droits(request.user, personne),
            "peut_exporter": selectors.peut_exporter(request.user, personne),
            "form_notice": form_notice or forms.FormulaireNotice(initial={"date": personne.notice_remise_le}),
            "form_opposition": form_opposition or forms.FormulaireOpposition(),
            "remises_notice": selectors.remises_notice(personne),
            "fil_ariane": _fil_personne(personne, {"titre": _("Droits de la personne")}),
        },
        status=statut,
    )


@require_GET
def droits_personne(request, personne_pk):
    return _rendre_droits(request, personne_pour(request.user, personne_pk))


@require_POST
def notice_enregistrer(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    form = forms.FormulaireNotice(request.POST)
    if form.is_valid():
        try:
            ecritures.personne_notice_enregistrer(acteur=request.user, personne=personne, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La remise de la notice d'information est enregistrée."))
            return redirect("confiance:droits_personne", personne_pk=personne.pk)
    return _rendre_droits(request, personne, form_notice=form, statut=400)


@require_POST
def opposition_enregistrer(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    form = forms.FormulaireOpposition(request.POST)
    if form.is_valid():
        try:
            ecritures.personne_opposition_enregistrer(
                acteur=request.user,
                personne=personne,
                date=form.cleaned_data["date"],
                motif=form.cleaned_data["motif"],
            )
        except ValidationError as erreur:
            if not hasattr(erreur, "error_dict"):
                # Opposition déjà enregistrée : le formulaire n'est plus affiché, le message l'est.
                messages.error(request, " ".join(erreur.messages))
                return redirect("confiance:droits_personne", personne_pk=personne.pk)
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("L'opposition de la personne est enregistrée."))
            return redirect("confiance:droits_personne", personne_pk=personne.pk)
    return _rendre_droits(request, personne, form_opposition=form, statut=400)


@require_POST
def opposition_retirer(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    try:
        ecritures.personne_opposition_retirer(acteur=request.user, personne=personne)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'opposition est retirée."))
    return redirect("confiance:droits_personne", personne_pk=personne.pk)


@require_GET
def oppositions(request):
    """Espace de l'administrateur départemental : oppositions à examiner (avec compteur) et déjà examinées."""
    a_examiner = list(selectors.oppositions(request.user))
    return render(
        request,
        "confiance/oppositions.html",
        {
            "a_examiner": a_examiner,
            "examinees": list(selectors.oppositions(request.user, a_examiner=False)[:50]),
            "form": forms.FormulaireExamenOpposition(),
            "fil_ariane": [{"titre": _("Oppositions à examiner")}],
        },
    )


@require_POST
def opposition_examiner(request, personne_pk):
    selectors.exiger_examen_oppositions(request.user)
    personne = personne_pour(request.user, personne_pk)
    form = forms.FormulaireExamenOpposition(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        ecritures.personne_opposition_examiner(acteur=request.user, personne=personne, note=note)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("L'opposition est marquée comme examinée."))
    return redirect("confiance:oppositions")


def _rendre_releve(request, personne_pk, *, impression: bool):
    personne = personne_pour(request.user, personne_pk)
    releve = droits.releve_personne(request.user, personne)
    return render(
        request,
        "confiance/export.html",
        {
            "personne": personne,
            "releve": releve,
            "impression": impression,
            "fil_ariane": _fil_personne(personne, {"titre": _("Relevé des données")}),
        },
    )


@require_GET
@never_cache
def export_personne(request, personne_pk):
    return _rendre_releve(request, personne_pk, impression=False)


@require_GET
@never_cache
def impression_personne(request, personne_pk):
    """Même relevé, ouvert pour impression (journalisé IMPRESSION) : la boîte d'impression s'ouvre seule."""
    return _rendre_releve(request, personne_pk, impression=True)


@require_GET
@never_cache
def export_personne_json(request, personne_pk):
    personne = personne_pour(request.user, personne_pk)
    releve = droits.releve_personne(request.user, personne)
    reponse = HttpResponse(
        json.dumps(releve["json"], cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    reponse["Content-Disposition"] = f'attachment; filename="dossier-{personne.pk}.json"'
    return reponse


# --- Double authentification --------------------------------------------------------------------------


def _suivant(request, defaut="core:accueil") -> str:
    suivant = request.POST.get("next") or request.GET.get("next") or ""
    if suivant and url_has_allowed_host_and_scheme(suivant, {request.get_host()}, require_https=request.is_secure()):
        return suivant
    return reverse(defaut)


def _fil_double_facteur(*suite):
    return [
        {"titre": _("Mon profil"), "url": reverse("comptes:profil")},
        {"titre": _("Double authentification"), "url": reverse("confiance:double_facteur")},
        *suite,
    ]


@require_GET
def double_facteur(request):
    return render(
        request,
        "comptes/double_facteur.html",
        {
            "appareils": df.appareils(request.user),
            "obligatoire": df.double_facteur_obligatoire(request.user),
            "fil_ariane": _fil_double_facteur()[:1] + [{"titre": _("Double authentification")}],
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def double_facteur_enroler(request):
    if df.appareils(request.user).exists() and not request.user.is_verified():
        # Un second appareil ne s'ajoute pas sans vérifier d'abord le premier.
        return redirect("confiance:double_facteur_verifier")
    cle = request.session.get(df.CLE_SECRET_ENROLEMENT)
    if request.method == "GET" or not cle:
        cle = df.nouveau_secret()
        request.session[df.CLE_SECRET_ENROLEMENT] = cle
    form = forms.FormulaireCode(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appareil = ecritures.double_facteur_enroler(
                acteur=request.user, cle_hex=cle, code=form.cleaned_data["code"]
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            df.marquer_verifie(request, appareil)
            messages.success(request, _("La double authentification est activée pour votre compte."))
            return redirect(_suivant(request, "confiance:double_facteur"))
    return render(
        request,
        "comptes/double_facteur_enroler.html",
        {
            "form": form,
            "secret": df.secret_base32(cle),
            "next": request.GET.get("next", request.POST.get("next", "")),
            "obligatoire": df.double_facteur_obligatoire(request.user),
            "fil_ariane": _fil_double_facteur({"titre": _("Enrôler une application")}),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@never_cache
@require_GET
def double_facteur_qr(request):
    cle = request.session.get(df.CLE_SECRET_ENROLEMENT)
    if not cle:
        return HttpResponse(status=404)
    return HttpResponse(df.qr_svg(df.uri_enrolement(request.user, cle)), content_type="image/svg+xml")


@never_cache
@require_http_methods(["GET", "POST"])
def double_facteur_verifier(request):
    if not df.appareils(request.user).exists():
        return redirect("confiance:double_facteur_enroler")
    form = forms.FormulaireCode(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appareil = ecritures.double_facteur_verifier(acteur=request.user, code=form.cleaned_data["code"])
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            df.marquer_verifie(request, appareil)
            return redirect(_suivant(request))
    return render(
        request,
        "comptes/double_facteur_verifier.html",
        {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_POST
def double_facteur_desactiver(request):
    try:
        ecritures.double_facteur_desactiver(acteur=request.user)
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, _("La double authentification est désactivée pour votre compte."))
    return redirect("confiance:double_facteur")
