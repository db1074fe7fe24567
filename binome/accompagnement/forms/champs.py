"""Champs communs aux formulaires du parcours : oui / non, « non renseigné »."""

from django import forms
from django.utils.translation import gettext_lazy as _

OUI, NON = "oui", "non"


def oui_non(valeur):
    return {OUI: True, NON: False}.get(valeur)


def champ_oui_non(label, *, required=True, vide=None, **options):
    choix = [(OUI, _("Oui")), (NON, _("Non"))]
    if vide is not None:
        choix.append(("", vide))
    return forms.TypedChoiceField(
        label=label,
        choices=choix,
        coerce=oui_non,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        **options,
    )


NON_RENSEIGNE = _("Non renseigné")


def avec_vide(choix, libelle=NON_RENSEIGNE):
    return [("", libelle), *choix]
