"""Section « Mon agenda dans mon calendrier » de la page ``/profil/`` (branchée dans ``AgendaConfig.ready``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.agenda import selectors


class FormulaireOption(forms.Form):
    avec_prenoms = forms.BooleanField(
        label=_("Montrer le prénom et l'initiale du nom des personnes"),
        required=False,
        help_text=_("Par exemple « Rendez-vous Binôme — Marie D. ». Jamais l'objet du rendez-vous."),
    )


def section_abonnement(request) -> dict | None:
    """L'état de l'adresse d'abonnement et ses actions ; rien pour un rôle sans rendez-vous."""
    if not selectors.peut_s_abonner(request.user):
        return None
    abonnement = selectors.abonnement_de(request.user)
    formulaire = FormulaireOption(initial={"avec_prenoms": abonnement.avec_prenoms if abonnement else False})
    return {
        "gabarit": "agenda/profil_abonnement.html",
        "contexte": {"abonnement": abonnement, "formulaire_option": formulaire},
    }
