"""Notes privées du côté social et bandeau « Ce qui est partagé avec qui »."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binome.accompagnement import selectors, services
from binome.accompagnement.forms import suivi as formulaires
from binome.accompagnement.views.suivi_outils import fil_personne
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 20


def _url_notes(personne) -> str:
    return reverse("accompagnement:notes_privees", kwargs={"personne_pk": personne.pk})


@require_http_methods(["GET", "POST"])
def notes_privees(request, personne_pk):
    personne = selectors.personne_pour(request.user, personne_pk)
    peut_ecrire = selectors.peut_ecrire_note_privee(request.user, personne)
    if request.method == "POST" and not peut_ecrire:
        raise PermissionDenied(_("Seul le côté social du binôme écrit des notes privées."))
    form = None
    if peut_ecrire:
        form = formulaires.FormulaireNotePrivee(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        parcours = selectors.parcours_de(request.user, personne).first()
        try:
            services.note_privee_ecrire(
                acteur=request.user, personne=personne, texte=form.cleaned_data["texte"], parcours=parcours
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La note privée a été enregistrée. Elle n'est visible que du côté social."))
            return redirect(_url_notes(personne))
    return render(
        request,
        "accompagnement/suivi/notes_privees.html",
        {
            "personne": personne,
            "page": Paginator(selectors.notes_privees_visibles(request.user, personne), TAILLE_PAGE).get_page(
                request.GET.get("page")
            ),
            "partage": selectors.partage_du_dossier(request.user, personne),
            "peut_ecrire": peut_ecrire,
            "form": form,
            "fil_ariane": fil_personne(request.user, personne, {"titre": _("Notes privées")}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def note_privee_partager(request, personne_pk, pk):
    personne = selectors.personne_pour(request.user, personne_pk)
    note = selectors.note_privee_a_partager(request.user, personne, pk)
    form = formulaires.FormulairePartageNote(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_privee_partager(acteur=request.user, note=note, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("La note est partagée avec le binôme, pour la finalité indiquée."))
            return redirect(_url_notes(personne))
    titre = _("Partager une note privée")
    return render(
        request,
        "accompagnement/suivi/note_partager.html",
        {
            "personne": personne,
            "note": note,
            "form": form,
            "titre": titre,
            "fil_ariane": fil_personne(
                request.user, personne, {"titre": _("Notes privées"), "url": _url_notes(personne)}, {"titre": titre}
            ),
        },
        status=400 if request.method == "POST" else 200,
    )
