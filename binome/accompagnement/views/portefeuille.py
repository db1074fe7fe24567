"""Portefeuille de l'agent, vue équipe de l'encadrant et réaffectation d'un parcours."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.accompagnement import selectors, services
from binome.accompagnement.export_portefeuille import portefeuille_csv
from binome.accompagnement.forms import suivi as formulaires
from binome.core.forms import ajouter_erreurs
from binome.core.texte import de

TAILLE_PAGE = 25


def _criteres(filtre) -> dict:
    if not filtre.is_valid():
        return {}
    return {cle: valeur for cle, valeur in filtre.cleaned_data.items() if valeur not in (None, "")}


def _filtrer(qs, criteres, acteur=None):
    return selectors.filtrer_suivi(
        qs,
        etat=criteres.get("etat", selectors.FiltreEtat.OUVERTS),
        alerte=criteres.get("alerte", ""),
        modalite=criteres.get("modalite", ""),
        agent=criteres.get("agent"),
        recherche=criteres.get("q", ""),
        tri=criteres.get("tri", ""),
        acteur=acteur,
    )


def _page(request, qs):
    """La page demandée de la liste : les alertes ne sont calculées que pour ses lignes."""
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.lignes_de_la_page(page.object_list)
    return page


def _portefeuille_filtre(request, *, complet: bool = False):
    """(formulaire de filtre, critères retenus, parcours du portefeuille filtrés) : l'écran et l'export."""
    if not selectors.a_un_portefeuille(request.user):
        raise PermissionDenied(
            _("Le portefeuille est celui des conseillers France Travail et des travailleurs sociaux.")
        )
    filtre = formulaires.FormulaireFiltrePortefeuille(request.GET or None)
    criteres = _criteres(filtre)
    liste = selectors.portefeuille(request.user, complet=complet)
    return filtre, criteres, _filtrer(liste, criteres, acteur=request.user)


@require_GET
def portefeuille(request):
    filtre, criteres, qs = _portefeuille_filtre(request)
    page = _page(request, qs)
    return render(
        request,
        "accompagnement/suivi/portefeuille.html",
        {
            "page": page,
            "filtre": filtre,
            "filtre_actif": bool(set(criteres) - {"tri"}),
            "chiffres": selectors.chiffres_portefeuille(request.user),
            "fil_ariane": [{"titre": _("Mon portefeuille")}],
            "requete_export": request.GET.urlencode(),
        },
    )


@require_GET
def portefeuille_export(request):
    """Le portefeuille filtré en CSV (mêmes colonnes et filtres que l'écran, toutes les alertes), journalisé comme un
    export ; envoyé en flux, les parcours lus par paquets pendant l'envoi."""
    _filtre, _criteres_retenus, qs = _portefeuille_filtre(request, complet=True)
    reponse = StreamingHttpResponse(portefeuille_csv(qs), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="portefeuille.csv"'
    return reponse


@require_GET
def equipe(request):
    if not selectors.encadre_une_equipe(request.user):
        raise PermissionDenied(_("La vue équipe est réservée aux encadrants."))
    agents = selectors.agents_equipe(request.user)
    choix_agents = {}
    for ligne in agents:
        choix_agents.setdefault(ligne["utilisateur"].pk, ligne["utilisateur"].get_full_name())
    filtre = formulaires.FormulaireFiltreEquipe(
        request.GET or None, agents=sorted(choix_agents.items(), key=lambda c: c[1])
    )
    criteres = _criteres(filtre)
    page = _page(request, _filtrer(selectors.parcours_equipe(request.user), criteres))
    return render(
        request,
        "accompagnement/suivi/equipe.html",
        {
            "page": page,
            "filtre": filtre,
            "filtre_actif": bool(set(criteres) - {"tri"}),
            "agents": agents,
            "chiffres": selectors.chiffres_equipe(request.user),
            "organisations": selectors.organisations_encadrees(request.user),
            "fil_ariane": [{"titre": _("Mon équipe")}],
        },
    )


@require_http_methods(["GET", "POST"])
def reaffecter(request, parcours_pk):
    parcours = selectors.parcours_equipe_pour(request.user, parcours_pk)
    possibles = selectors.reaffectations_possibles(request.user, parcours)
    if not possibles:
        raise PermissionDenied(_("Vous n'encadrez pas l'équipe qui suit ce parcours."))
    form = formulaires.FormulaireReaffectation(
        request.POST if request.method == "POST" else None,
        possibles=possibles,
        parcours=parcours,
        groupes=selectors.groupes_reaffectation(
            request.user, selectors.parcours_selectionnes(request.user, [parcours.pk])
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.parcours_reassigner(acteur=request.user, parcours=parcours, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(
                request, _("Le parcours %(de_personne)s a été réaffecté.") % {"de_personne": de(parcours.personne)}
            )
            return redirect("accompagnement:equipe")
    titre = _("Réaffecter le parcours")
    return render(
        request,
        "accompagnement/suivi/reaffecter.html",
        {
            "parcours": parcours,
            "form": form,
            "titre": titre,
            "fil_ariane": [{"titre": _("Mon équipe"), "url": reverse("accompagnement:equipe")}, {"titre": titre}],
        },
        status=400 if request.method == "POST" else 200,
    )
