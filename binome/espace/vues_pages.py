"""Pages de l'espace de la personne (mobile d'abord) : chaque vue passe par ``espace_requis``.

Les lectures viennent de ``espace/selectors/pages.py`` (toujours à partir de la personne de l'espace ouvert), les
écritures des services de l'agenda avec ``par_la_personne`` : aucune requête ici.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.agenda import services as services_agenda
from binome.core.pdf import reponse_pdf
from binome.espace.acces import espace_requis
from binome.espace.selectors import pages as selectors
from binome.espace.selectors.pages_calendrier import ics_rendez_vous, ics_seance

GABARIT_CONTRAT_PDF = "accompagnement/suivi/contrat_pdf.html"


def _page(request, gabarit: str, contexte: dict):
    return render(request, gabarit, {"espace": request.espace, "personne": request.espace.personne, **contexte})


@require_GET
@espace_requis
def accueil(request):
    personne = request.espace.personne
    plan = selectors.mon_plan(personne)
    rendez_vous = selectors.rendez_vous_a_venir(personne)
    seances = selectors.seances_a_venir(personne)
    return _page(
        request,
        "espace/accueil.html",
        {
            "prochain_rendez_vous": rendez_vous[0] if rendez_vous else None,
            "prochaine_seance": seances[0] if seances else None,
            "nombre_a_venir": len(rendez_vous) + len(seances),
            "plan": plan["plan"],
            "contenu": plan["contenu"],
            "referents": selectors.mes_referents(personne, parcours=plan["parcours"]),
        },
    )


@require_GET
@espace_requis
def plan(request):
    return _page(request, "espace/plan.html", selectors.mon_plan(request.espace.personne))


@require_GET
@espace_requis
def plan_pdf(request):
    contexte = selectors.contrat_pdf(request.espace.personne)
    return reponse_pdf(
        GABARIT_CONTRAT_PDF,
        contexte,
        nom_fichier=f"mon-contrat-engagement-v{contexte['plan'].version}.pdf",
        request=request,
    )


@require_GET
@espace_requis
def rendez_vous(request):
    personne = request.espace.personne
    return _page(
        request,
        "espace/rendez_vous.html",
        {"rendez_vous": selectors.rendez_vous_a_venir(personne), "seances": selectors.seances_a_venir(personne)},
    )


def _calendrier(contenu: bytes, nom_fichier: str) -> HttpResponse:
    reponse = HttpResponse(contenu, content_type="text/calendar; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return reponse


@require_GET
@espace_requis
def rendez_vous_ics(request, rendez_vous_pk):
    rdv = selectors.rendez_vous_de(request.espace.personne, rendez_vous_pk)
    return _calendrier(ics_rendez_vous(rdv), f"rendez-vous-{rdv.debut:%Y-%m-%d}.ics")


@require_GET
@espace_requis
def seance_ics(request, inscription_pk):
    inscription = selectors.inscription_de(request.espace.personne, inscription_pk)
    return _calendrier(ics_seance(inscription), f"atelier-{inscription.seance.debut:%Y-%m-%d}.ics")


def _erreur(request, erreur: ValidationError) -> None:
    for message in erreur.messages:
        messages.error(request, message)


@require_POST
@espace_requis
def rendez_vous_confirmer(request, rendez_vous_pk):
    personne = request.espace.personne
    rdv = selectors.rendez_vous_de(personne, rendez_vous_pk)
    try:
        services_agenda.rendez_vous_confirmer(rendez_vous=rdv, par_la_personne=personne)
    except ValidationError as erreur:
        _erreur(request, erreur)
    else:
        messages.success(request, _("Merci : votre venue est confirmée."))
    return redirect("espace:rendez_vous")


@require_http_methods(["GET", "POST"])
@espace_requis
def rendez_vous_annuler(request, rendez_vous_pk):
    """Une page de confirmation (GET), puis l'annulation (POST) ; le motif est facultatif."""
    personne = request.espace.personne
    rdv = selectors.rendez_vous_de(personne, rendez_vous_pk)
    if request.method == "POST":
        try:
            services_agenda.rendez_vous_annuler(
                acteur=None, rendez_vous=rdv, motif=request.POST.get("motif", ""), par_la_personne=personne
            )
        except ValidationError as erreur:
            _erreur(request, erreur)
        else:
            messages.success(request, _("Votre rendez-vous est annulé. Vos référents sont prévenus."))
        return redirect("espace:rendez_vous")
    return _page(request, "espace/rendez_vous_annuler.html", {"rendez_vous": rdv})


@require_GET
@espace_requis
def contacts(request):
    return _page(request, "espace/contacts.html", {"referents": selectors.mes_referents(request.espace.personne)})


@require_GET
@espace_requis
def services(request):
    return _page(request, "espace/services.html", {"services": selectors.mes_services(request.espace.personne)})
