"""Pages des fichiers envoyés (administrateur départemental) : destinataires, droit aux identités, fichiers
demandés et produits, téléchargement (écrit au journal des accès)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.confiance.journal import journaliser
from binome.core.forms import ajouter_erreurs
from binome.echanges.exports import selectors, services, taches
from binome.echanges.exports.forms import FormulaireDemandeFichier, FormulaireDestinataire, FormulaireIdentites
from binome.echanges.exports.models import FormatExport

TAILLE_PAGE = 25


def _fil(departement, *suite):
    return [
        {
            "titre": _("Fichiers envoyés : %(departement)s") % {"departement": departement},
            "url": reverse("echanges:exports", kwargs={"code": departement.code}),
        },
        *suite,
    ]


@require_http_methods(["GET", "POST"])
def exports(request, code):
    departement = selectors.departement_des_exports(request.user, code)
    destinataires = selectors.destinataires(request.user, code)
    demande = FormulaireDemandeFichier(request.POST or None, destinataires=destinataires)
    if request.method == "POST" and demande.is_valid():
        try:
            fichier = services.fichier_demander(acteur=request.user, **demande.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(demande, erreur)
        else:
            taches.produire_fichier.enqueue(fichier.pk)  # après la transaction du service : la ligne existe
            messages.success(request, _("Le fichier est demandé : il sera prêt dans quelques instants."))
            return redirect("echanges:exports", code=code)
    page = Paginator(selectors.fichiers(request.user, code), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "echanges/exports.html",
        {
            "departement": departement,
            "destinataires": list(destinataires),
            "page": page,
            "demande": demande,
            "fil_ariane": [{"titre": _("Fichiers envoyés : %(departement)s") % {"departement": departement}}],
        },
    )


@require_http_methods(["GET", "POST"])
def destinataire_creer(request, code):
    departement = selectors.departement_des_exports(request.user, code)
    form = FormulaireDestinataire(request.POST or None, initial={"format": FormatExport.CSV, "actif": True})
    if request.method == "POST" and form.is_valid():
        try:
            destinataire = services.destinataire_enregistrer(
                acteur=request.user, departement=departement, **form.cleaned_data
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le destinataire est enregistré."))
            return redirect("echanges:destinataire", pk=destinataire.pk)
    return render(
        request,
        "echanges/destinataire.html",
        {"form": form, "departement": departement, "fil_ariane": _fil(departement, {"titre": _("Nouveau")})},
    )


@require_http_methods(["GET", "POST"])
def destinataire(request, pk):
    destinataire = selectors.destinataire_pour(request.user, pk)
    departement = destinataire.departement
    initial = {
        "nom": destinataire.nom,
        "type": destinataire.type,
        "format": destinataire.format,
        "actif": destinataire.actif,
    }
    envoi = request.POST.get("formulaire") if request.method == "POST" else None
    form = FormulaireDestinataire(request.POST if envoi == "destinataire" else None, initial=initial)
    identites = FormulaireIdentites(
        request.POST if envoi == "identites" else None,
        initial={"autorisees": destinataire.identites_autorisees, "base_legale": destinataire.identites_base_legale},
    )
    try:
        if envoi == "destinataire" and form.is_valid():
            services.destinataire_enregistrer(
                acteur=request.user, departement=departement, destinataire=destinataire, **form.cleaned_data
            )
            messages.success(request, _("Le destinataire est enregistré."))
            return redirect("echanges:destinataire", pk=pk)
        if envoi == "identites" and identites.is_valid():
            services.destinataire_identites_regler(
                acteur=request.user, destinataire=destinataire, **identites.cleaned_data
            )
            messages.success(request, _("Le droit aux identités est enregistré."))
            return redirect("echanges:destinataire", pk=pk)
    except ValidationError as erreur:
        ajouter_erreurs(identites if envoi == "identites" else form, erreur)
    return render(
        request,
        "echanges/destinataire.html",
        {
            "form": form,
            "identites": identites,
            "destinataire": destinataire,
            "departement": departement,
            "fil_ariane": _fil(departement, {"titre": destinataire.nom}),
        },
    )


@require_GET
def fichier_telecharger(request, pk):
    fichier = selectors.fichier_telechargeable(request.user, pk)
    journaliser(
        request=request,
        action="EXPORT",
        finalite=services.FINALITE_EXPORT + (" (identités)" if fichier.identites else " (pseudonymes)"),
        objet=fichier,
        departement=fichier.departement_id,
    )
    type_contenu = "text/csv; charset=utf-8" if fichier.format == FormatExport.CSV else "application/json"
    return FileResponse(
        fichier.fichier.open("rb"),
        as_attachment=True,
        filename=fichier.nom_telechargement,
        content_type=type_contenu,
    )
