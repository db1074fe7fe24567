"""Convocation postale d'un rendez-vous (PDF), pour la personne sans courriel ni téléphone (poste h2)."""

from django.http import Http404
from django.views.decorators.http import require_GET

from binome.agenda import convocation as courrier
from binome.agenda import selectors
from binome.agenda.enums import StatutRendezVous
from binome.core.pdf import reponse_pdf


@require_GET
def convocation(request, pk):
    rendez_vous = selectors.rendez_vous_pour(request.user, pk)
    if rendez_vous.statut != StatutRendezVous.PLANIFIE:
        raise Http404
    return reponse_pdf(
        "agenda/convocation.html",
        courrier.contexte(rendez_vous),
        nom_fichier=f"convocation-rendez-vous-{rendez_vous.pk}.pdf",
        request=request,
    )
