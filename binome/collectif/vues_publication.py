"""Vues de la publication d'une action collective dans l'annuaire : publier (ou remettre à jour), retirer.

Deux actions POST (bouton de ``templates/collectif/_publication.html``), qui reviennent à la page d'où vient le
formulaire (champ ``suivant``, adresse locale seulement) ; droits dans ``collectif.publication``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binome.collectif import publication
from binome.collectif.services import publication as services
from binome.ressources.models import StatutService


def _retour(request, action):
    suivant = request.POST.get("suivant", "")
    if suivant and url_has_allowed_host_and_scheme(suivant, {request.get_host()}, require_https=request.is_secure()):
        return redirect(suivant)
    return redirect("ressources:service", service_id=action.service_id) if action.service_id else redirect("/")


@require_POST
def publier(request, pk: int):
    action = publication.action_publiable_pour(request.user, pk)
    try:
        service = services.action_publier(acteur=request.user, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _retour(request, action)
    if service.statut == StatutService.PUBLIE:
        messages.success(request, _("L'action est publiée dans l'annuaire comme atelier."))
    else:
        messages.info(request, _("La fiche de l'atelier attend la validation de l'administrateur de l'annuaire."))
    return _retour(request, action)


@require_POST
def depublier(request, pk: int):
    action = publication.action_publiable_pour(request.user, pk)
    services.action_depublier(acteur=request.user, action=action)
    messages.success(request, _("L'action est retirée de l'annuaire."))
    return _retour(request, action)
