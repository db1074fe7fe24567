from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from binome.core.forms import _DsfrMixin


class FormulaireConnexion(_DsfrMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de votre département."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class FormulaireMotDePasseOublie(_DsfrMixin, PasswordResetForm):
    email = forms.EmailField(label=_("Adresse électronique"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()


class FormulaireNouveauMotDePasse(_DsfrMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()
