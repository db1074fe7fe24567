from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.forms import Formulaire


class FormulaireLien(Formulaire):
    marquer_facultatifs = False
    courriel = forms.EmailField(
        label=_("Votre adresse e-mail"),
        help_text=_("Celle que vous avez donnée à votre référent. Exemple : nom@exemple.fr"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
