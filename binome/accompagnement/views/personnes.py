"""Vues des personnes : liste, enregistrement (avec doublons probables), fiche, modification.

Vues minces : lecture soumise à permission par ``selectors``, écriture par ``services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.accompagnement import calculs, machine, selectors, services
from binome.accompagnement.enums import EtatParcours
from binome.accompagnement.fiche import sections as fiche_sections
from binome.accompagnement.forms.personnes import (
    A_ORIENTER_RSA_ALERTE,
    FormulairePersonne,
    FormulaireRecherchePersonnes,
)
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50
TAILLE_CHRONOLOGIE = 50


def _fil(*suite):
    return [{"titre": _("Personnes"), "url": reverse("accompagnement:personnes")}, *suite]


@require_GET
def liste(request):
    if not selectors.consulte_des_dossiers(request.user):
        raise PermissionDenied(_("Votre rôle ne donne pas accès aux dossiers des personnes."))
    filtre = FormulaireRecherchePersonnes(request.GET or None)
    recherche = filtre.cleaned_data["q"] if filtre.is_valid() else ""
    a_orienter = filtre.cleaned_data["a_orienter"] if filtre.is_valid() else ""
    if a_orienter:  # nouveaux bénéficiaires du RSA à orienter, échéance la plus proche d'abord
        personnes = selectors.personnes_a_orienter_rsa(
            request.user, recherche=recherche, alerte=a_orienter == A_ORIENTER_RSA_ALERTE
        )
    else:
        personnes = selectors.personnes_liste(request.user, recherche=recherche)
    page = Paginator(personnes, TAILLE_PAGE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if a_orienter:
        selectors.marquer_echeances(page.object_list)
    for personne in page.object_list:
        personne.etat_libelle = EtatParcours(personne.etat_en_cours).label if personne.etat_en_cours else ""
    return render(
        request,
        "accompagnement/personne_liste.html",
        {
            "page": page,
            "filtre": filtre,
            "recherche": recherche or a_orienter,
            "a_orienter": a_orienter,
            "peut_creer": bool(selectors.departements_creation_personne(request.user)),
            "fil_ariane": [{"titre": _("Personnes")}],
        },
    )


@require_http_methods(["GET", "POST"])
def creer(request):
    departements = selectors.departements_creation_personne(request.user)
    if not departements:
        raise PermissionDenied(_("Votre rôle ne permet pas d'enregistrer une personne."))
    form = FormulairePersonne(request.POST or None, departements=departements, avec_confirmation=True)
    doublons = []
    if request.method == "POST" and form.is_valid():
        donnees = form.donnees()
        doublons = selectors.personnes_doublons_probables(
            request.user,
            departement=donnees["commune"].departement_id,
            identifiant_ft=donnees.get("identifiant_ft", ""),
            nom=donnees.get("nom", ""),
            date_naissance=donnees.get("date_naissance"),
        )
        meme_identifiant = any(d.meme_identifiant_ft for d in doublons)
        if meme_identifiant:
            form.add_error(
                "identifiant_ft",
                _("Une personne porte déjà cet identifiant France Travail dans ce département."),
            )
        elif doublons and not form.cleaned_data.get("confirmer_doublon"):
            pass  # Avertissement affiché avant toute création : l'utilisateur confirme ou ouvre le dossier.
        else:
            try:
                personne = services.personne_creer(acteur=request.user, confirmer_doublon=bool(doublons), **donnees)
            except ValidationError as erreur:
                ajouter_erreurs(form, erreur)
            else:
                messages.success(
                    request,
                    _("%(personne)s est enregistrée : vous pouvez proposer son orientation.") % {"personne": personne},
                )
                return redirect("accompagnement:personne", pk=personne.pk)
    return render(
        request,
        "accompagnement/personne_formulaire.html",
        {
            "form": form,
            "doublons": doublons,
            "confirmation_possible": bool(doublons) and not any(d.meme_identifiant_ft for d in doublons),
            "titre": _("Enregistrer une personne"),
            "url_annuler": reverse("accompagnement:personnes"),
            "fil_ariane": _fil({"titre": _("Enregistrer une personne")}),
        },
    )


def _chronologie(request, personne):
    evenements = selectors.evenements_visibles(request.user, personne)
    return Paginator(evenements, TAILLE_CHRONOLOGIE).get_page(request.GET.get("page"))


@require_GET
def fiche(request, pk):
    acteur = request.user
    personne = selectors.personne_pour(acteur, pk)
    parcours_liste = list(selectors.parcours_de(acteur, personne).select_related("sortie"))
    courant = parcours_liste[0] if parcours_liste else None
    contexte = {
        "personne": personne,
        "cote_social": selectors.voit_cote_social(acteur, personne),
        "parcours_liste": parcours_liste,
        "courant": courant,
        "peut_modifier_personne": selectors.peut_modifier_personne(acteur, personne),
        "peut_orienter": (courant is None or machine.est_clos(courant) or machine.permet(courant, "orienter"))
        and selectors.peut_proposer_orientation(acteur, personne),
        "chronologie": _chronologie(request, personne),
        "fil_ariane": _fil({"titre": str(personne)}),
        "echeance_rsa": selectors.echeance_orientation_rsa(personne),
        "sections_fiche": fiche_sections(request, personne, courant),  # agenda… : ``accompagnement/fiche.py``
    }
    if courant is not None:
        aujourdhui = timezone.localdate()
        modifiable = selectors.peut_modifier(acteur, courant)
        suspensions = list(courant.suspensions.order_by("debut", "pk"))
        en_cours = next((s for s in suspensions if s.fin is None), None)
        # Suspension en cours comprise : comptée comme si elle était close aujourd'hui (même règle).
        jours_suspendus = (
            calculs.clore_suspension(
                debut=en_cours.debut,
                fin=aujourdhui,
                jours_suspendus=courant.jours_suspendus,
                date_fin_prevue=courant.date_fin_prevue,
            ).jours_suspendus
            if en_cours
            else courant.jours_suspendus
        )
        detail_social = selectors.voit_detail_social(acteur, courant)
        contexte.update(
            {
                "modifiable": modifiable,
                "actions": machine.actions_possibles(courant) if modifiable else set(),
                "membre_binome": selectors.membre_du_binome(acteur, courant),
                "peut_deroger_fse": selectors.peut_deroger_fse(acteur, courant),
                "detail_social": detail_social,
                "diagnostic": selectors.dernier_diagnostic(courant, avec_detail=detail_social),
                "orientation": courant.orientations.select_related(
                    "prescripteur", "organisation_prescripteur", "traitee_par"
                )
                .order_by("-date_proposition", "-pk")
                .first(),
                "suspensions": suspensions,
                "coordinations": list(selectors.coordinations_du_parcours(courant)),
                "cote_acteur": selectors.cote_dans_parcours(acteur, courant),
                "duree_jours": calculs.duree_jours(
                    courant.date_entree, courant.date_sortie or aujourdhui, jours_suspendus
                ),
                "jours_suspendus": jours_suspendus,
                "sortie": getattr(courant, "sortie", None) if machine.est_sorti(courant) else None,
            }
        )
    return render(request, "accompagnement/personne_fiche.html", contexte)


@require_http_methods(["GET", "POST"])
def modifier(request, pk):
    personne = selectors.personne_pour(request.user, pk)
    if not selectors.peut_modifier_personne(request.user, personne):
        raise PermissionDenied(_("Vous consultez ce dossier en lecture seule."))
    form = FormulairePersonne(
        request.POST or None,
        instance=personne,
        departements=[personne.departement_id],
        avec_sante=selectors.voit_cote_social(request.user, personne),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.personne_modifier(
                acteur=request.user,
                personne=personne,
                version=form.cleaned_data.get("version"),
                **form.donnees(),
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Les modifications ont été enregistrées."))
            return redirect("accompagnement:personne", pk=personne.pk)
    url_fiche = reverse("accompagnement:personne", args=[personne.pk])
    return render(
        request,
        "accompagnement/personne_formulaire.html",
        {
            "form": form,
            "personne": personne,
            "titre": _("Modifier les informations de la personne"),
            "url_annuler": url_fiche,
            "fil_ariane": _fil({"titre": str(personne), "url": url_fiche}, {"titre": _("Modifier")}),
        },
    )
