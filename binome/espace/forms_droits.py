"""Formulaires des droits de la personne dans son espace (opposition, fermeture)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.models import LONGUEUR_TEXTE_COURT
from binome.core.forms import Formulaire


class FormulaireOppositionPersonne(Formulaire):
    motif = forms.CharField(
        label=_("Pourquoi vous vous opposez"),
        max_length=LONGUEUR_TEXTE_COURT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Écrivez avec vos mots. Votre référent et le responsable des données liront ce message."),
        error_messages={"required": _("Écrivez pourquoi vous vous opposez.")},
    )


class FormulaireFermeture(Formulaire):
    confirme = forms.BooleanField(
        label=_("Je veux fermer mon espace."),
        error_messages={"required": _("Cochez la case pour confirmer.")},
    )
