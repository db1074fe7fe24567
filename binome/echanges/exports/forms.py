from django import forms
from django.utils.translation import gettext_lazy as _

from binome.core.forms import ChampDate, Formulaire
from binome.echanges.exports.models import FormatExport, TypeDestinataire


class FormulaireDestinataire(Formulaire):
    nom = forms.CharField(label=_("Nom du destinataire"), max_length=120)
    type = forms.ChoiceField(label=_("Type"), choices=TypeDestinataire.choices)
    format = forms.ChoiceField(label=_("Format du fichier mensuel"), choices=FormatExport.choices)
    actif = forms.BooleanField(label=_("Produire un fichier chaque mois"), required=False, initial=True)


class FormulaireIdentites(Formulaire):
    autorisees = forms.BooleanField(
        label=_("Ce destinataire a droit aux identités (nom, prénom, date de naissance, identifiants)"),
        required=False,
        help_text=_("Sans cette décision, les fichiers ne portent que des pseudonymes."),
    )
    base_legale = forms.CharField(
        label=_("Base légale ou motif"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : convention d'échange de données du … ; article du code de l'action sociale…"),
    )


class FormulaireDemandeFichier(Formulaire):
    destinataire = forms.ModelChoiceField(label=_("Destinataire"), queryset=None)
    du = ChampDate(label=_("Du"))
    au = ChampDate(label=_("Au"))
    format = forms.ChoiceField(label=_("Format"), choices=FormatExport.choices)

    def __init__(self, *args, destinataires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destinataire"].queryset = destinataires
