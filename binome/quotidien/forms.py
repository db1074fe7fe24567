"""Formulaire du quotidien : la fréquence du résumé par courriel (section de « Mon profil »)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.comptes.models import FrequenceResume
from binome.core.forms import Formulaire


class FormulaireFrequenceResume(Formulaire):
    frequence = forms.ChoiceField(
        label=gettext_lazy("Recevoir le résumé de ce qui m'attend"), widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args, defaut: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        libelle_defaut = FrequenceResume(defaut).label.lower() if defaut else _("jamais")
        self.fields["frequence"].choices = [
            ("", _("Selon mon rôle (%(defaut)s)") % {"defaut": libelle_defaut}),
            *FrequenceResume.choices,
        ]
