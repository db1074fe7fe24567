from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.confiance.models import Action
from binome.core.forms import ChampDate, Formulaire


class FormulaireCode(Formulaire):
    """Code à 6 chiffres de l'application d'authentification."""

    code = forms.CharField(
        label=_("Code à 6 chiffres"),
        max_length=10,
        help_text=_("Affiché par votre application d'authentification ; il change toutes les 30 secondes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_("Saisissez les 6 chiffres affichés par votre application."))
        return code


class FormulaireRechercheJournal(Formulaire):
    marquer_facultatifs = False

    acteur = forms.CharField(label=_("Professionnel (nom ou adresse)"), required=False, max_length=100)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("Toutes")), *Action.choices])
    dossier = forms.IntegerField(label=_("Numéro de dossier"), required=False, min_value=1, max_value=2**62)
    du = ChampDate(label=_("Du"), required=False)
    au = ChampDate(label=_("Au"), required=False)
    finalite = forms.CharField(label=_("Finalité contient"), required=False, max_length=100)

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and du > au:
            self.add_error("au", _("La date de fin doit suivre la date de début."))
        return donnees


def _pas_dans_le_futur(jour):
    if jour and jour > timezone.localdate():
        raise ValidationError(_("La date ne peut pas être dans le futur."))


class FormulaireNotice(Formulaire):
    date = ChampDate(
        label=_("Notice d'information remise le"),
        validators=[_pas_dans_le_futur],
        help_text=_("Remettez la notice en facile à lire et à comprendre (FALC) si besoin."),
    )


class FormulaireOpposition(Formulaire):
    date = ChampDate(label=_("Opposition exprimée le"), validators=[_pas_dans_le_futur])
    motif = forms.CharField(
        label=_("Motif de l'opposition"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que la personne a exprimé, en restant factuel ; transmis à l'administrateur départemental."),
        error_messages={"required": _("Indiquez le motif de l'opposition.")},
    )
    informee = forms.BooleanField(
        label=_("La personne a été informée des conséquences de son opposition."),
        error_messages={"required": _("Confirmez que la personne a été informée des conséquences.")},
    )


class FormulaireExamenOpposition(Formulaire):
    note = forms.CharField(
        label=_("Note d'examen (facultative)"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : « vu avec le DPO le … ». Conservée dans l'historique."),
    )
