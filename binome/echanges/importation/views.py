"""Pages des fichiers reçus : liste des imports, dépôt, correspondance des colonnes, aperçu, essai à blanc et
import (dans le travailleur, progression rafraîchie par htmx), rapport CSV."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.core.forms import ajouter_erreurs
from binome.core.tableur import ecrivain_csv
from binome.echanges.importation import champs, lecture, selectors, services, taches
from binome.echanges.importation.forms import FormulaireCorrespondance, FormulaireDepot, FormulaireImport
from binome.echanges.importation.models import StatutImport

TAILLE_PAGE = 20
LIGNES_APERCU = 10
RESULTATS_PAR_PAGE = 100


def _journaliser(request, importation, action: str, finalite: str) -> None:
    """L'aperçu, le résultat et le rapport nomment les personnes de la liste, aucune par sa route : l'objet journalisé
    est l'import (le registre du journal mène une route à une personne)."""
    journaliser(
        action=action, finalite=finalite, request=request, objet=importation, departement=importation.departement_id
    )


def _fil(*suite):
    return [{"titre": _("Fichiers reçus"), "url": reverse("echanges:importations")}, *suite]


@require_GET
def liste(request):
    selectors.exiger_import(request.user)
    page = Paginator(selectors.importations_visibles(request.user), TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "echanges/importation/liste.html", {"page": page, "fil_ariane": [{"titre": _("Fichiers reçus")}]}
    )


@require_http_methods(["GET", "POST"])
def deposer(request):
    selectors.exiger_import(request.user)
    departements = list(selectors.departements_choix(request.user))
    form = FormulaireDepot(request.POST or None, request.FILES or None, departements=departements)
    if request.method == "POST" and form.is_valid():
        fichier = form.cleaned_data["fichier"]
        try:
            importation = services.importation_deposer(
                acteur=request.user,
                departement=form.departement(),
                source=form.cleaned_data["source"],
                nom_fichier=fichier.name,
                contenu=fichier.read(),
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            return redirect("echanges:importation_correspondance", pk=importation.pk)
    return render(
        request,
        "echanges/importation/deposer.html",
        {"form": form, "fil_ariane": _fil({"titre": _("Déposer une liste")})},
    )


@require_http_methods(["GET", "POST"])
def correspondance(request, pk):
    importation = selectors.importation_pour(request.user, pk)
    form = FormulaireCorrespondance(request.POST or None, entetes=importation.entetes, initiales=importation.colonnes)
    if request.method == "POST" and form.is_valid():
        try:
            services.correspondance_enregistrer(
                acteur=request.user, importation=importation, colonnes=form.cleaned_data
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Correspondance enregistrée : elle sera proposée pour les prochaines listes."))
            return redirect("echanges:importation_apercu", pk=importation.pk)
    return render(
        request,
        "echanges/importation/correspondance.html",
        {
            "importation": importation,
            "form": form,
            "fil_ariane": _fil({"titre": importation.nom_fichier}),
        },
    )


@require_GET
def apercu(request, pk):
    importation = selectors.importation_pour(request.user, pk)
    if importation.statut == StatutImport.A_CORRESPONDRE:
        return redirect("echanges:importation_correspondance", pk=pk)
    if importation.statut == StatutImport.IMPORTE:
        messages.info(request, _("Cette liste est importée : le fichier n'est plus gardé."))
        return redirect("echanges:importation", pk=pk)
    tableau = lecture.lire(selectors.contenu_de(importation), nom_fichier=importation.nom_fichier)
    colonnes = [(c, importation.colonnes[c.nom]) for c in champs.CHAMPS if importation.colonnes.get(c.nom)]
    index = {e: i for i, e in enumerate(tableau.entetes)}
    lignes = [
        (numero, [lecture.en_texte(valeurs[index[entete]]) for _champ, entete in colonnes])
        for numero, valeurs in tableau.lignes[:LIGNES_APERCU]
    ]
    _journaliser(request, importation, Action.LECTURE, _("Fichiers reçus : aperçu d'une liste de personnes"))
    return render(
        request,
        "echanges/importation/apercu.html",
        {
            "importation": importation,
            "colonnes": colonnes,
            "lignes": lignes,
            "fil_ariane": _fil({"titre": importation.nom_fichier}),
        },
    )


@require_POST
def lancer(request, pk):
    importation = selectors.importation_pour(request.user, pk)
    essai = request.POST.get("mode") != "import"
    a_confirmer = any(r.get("a_confirmer") for r in importation.resultats)
    form = FormulaireImport(request.POST, a_confirmer=a_confirmer and not essai)
    if not form.is_valid():
        messages.error(request, _("Cochez la confirmation des rapprochements par le nom et la date de naissance."))
        return redirect("echanges:importation", pk=pk)
    try:
        services.importation_lancer(
            acteur=request.user,
            importation=importation,
            essai=essai,
            confirmer_homonymes=bool(form.cleaned_data.get("confirmer_homonymes")),
        )
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
        return redirect("echanges:importation", pk=pk)
    taches.traiter_importation.enqueue(importation_id=importation.pk)
    return redirect("echanges:importation", pk=pk)


def _contexte_suivi(request, importation):
    resultats = importation.resultats
    refusees = [r for r in resultats if r["raisons"]]
    page = Paginator(refusees or resultats, RESULTATS_PAR_PAGE).get_page(request.GET.get("page"))
    comptes = {
        action: sum(1 for r in resultats if r["action"] == action)
        for action in ("creee", "mise_a_jour", "inchangee", "refusee")
    }
    return {
        "importation": importation,
        "page": page,
        "refusees": bool(refusees),
        "comptes": comptes,
        "a_confirmer": [r for r in resultats if r.get("a_confirmer")],
        "form_import": FormulaireImport(a_confirmer=any(r.get("a_confirmer") for r in resultats)),
    }


@require_GET
def suivi(request, pk):
    importation = selectors.importation_pour(request.user, pk)
    contexte = _contexte_suivi(request, importation)
    if importation.resultats:
        _journaliser(request, importation, Action.LECTURE, _("Fichiers reçus : résultat d'un import de liste"))
    return render(
        request,
        "echanges/importation/suivi.html",
        {**contexte, "fil_ariane": _fil({"titre": importation.nom_fichier})},
    )


@require_GET
def progression(request, pk):
    """Fragment rafraîchi par htmx tant que l'import est en file ou en cours ; ensuite, la page entière."""
    importation = selectors.importation_pour(request.user, pk)
    if not importation.en_traitement and request.htmx:
        reponse = HttpResponse("")
        reponse["HX-Refresh"] = "true"
        return reponse
    return render(request, "echanges/importation/_progression.html", {"importation": importation})


@require_GET
def rapport(request, pk):
    importation = selectors.importation_pour(request.user, pk)
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, delimiter=";", lineterminator="\r\n")
    ecrivain.writerow([_("ligne"), _("résultat"), _("personne"), _("rapprochement"), _("raisons")])
    libelles = {
        "creee": _("créée"),
        "mise_a_jour": _("mise à jour"),
        "inchangee": _("inchangée"),
        "refusee": _("refusée"),
    }
    for r in importation.resultats:
        ecrivain.writerow(
            [r["ligne"], libelles.get(r["action"], r["action"]), r["libelle"], r["cle"], " ; ".join(r["raisons"])]
        )
    _journaliser(request, importation, Action.EXPORT, _("Fichiers reçus : rapport d'un import (CSV)"))
    reponse = HttpResponse("\ufeff" + tampon.getvalue(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="rapport-import-{importation.pk}.csv"'
    return reponse
