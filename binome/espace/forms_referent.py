"""Formulaires du référent : ouverture de l'espace (date de l'accord), décision sur un rapprochement FranceConnect."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core.forms import ChampDate, Formulaire


class FormulaireOuverture(Formulaire):
    accord_le = ChampDate(
        label=_("Date de l'accord de la personne"),
        help_text=_("La personne a accepté d'avoir un espace en ligne. Elle peut le fermer quand elle veut."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accord_le"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["accord_le"].initial = timezone.localdate()

    def clean_accord_le(self):
        valeur = self.cleaned_data["accord_le"]
        if valeur > timezone.localdate() or valeur < timezone.localdate() - datetime.timedelta(days=366):
            raise forms.ValidationError(_("Indiquez une date de moins d'un an, aujourd'hui ou avant."))
        return valeur


class FormulaireRapprochement(Formulaire):
    rapprochement = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[("confirmer", _("Confirmer")), ("refuser", _("Refuser"))], widget=forms.HiddenInput
    )
