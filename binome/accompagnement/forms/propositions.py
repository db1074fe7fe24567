"""Formulaire d'une structure partenaire qui propose une personne pour l'accompagnement global."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.enums import Cote
from binome.accompagnement.models import LONGUEUR_COORDINATION
from binome.core.forms import ChampDate, Formulaire
from binome.territoires.forms import ChampCommune


class FormulairePropositionPartenaire(Formulaire):
    nom = forms.CharField(label=_("Nom"), max_length=100)
    prenom = forms.CharField(label=_("Prénom"), max_length=100)
    date_naissance = ChampDate(label=_("Date de naissance"))
    identifiant_ft = forms.CharField(
        label=_("Identifiant France Travail"),
        max_length=20,
        required=False,
        help_text=_("Facultatif : il figure sur les courriers de France Travail."),
    )
    telephone = forms.CharField(label=_("Téléphone"), max_length=20, required=False)
    courriel = forms.EmailField(label=_("Courriel"), required=False)
    cote_destinataire = forms.ChoiceField(
        label=_("Adresser la proposition à"),
        choices=Cote.choices,
        widget=forms.RadioSelect,
        help_text=_("France Travail ou le Département : l'un ou l'autre instruit la proposition."),
    )
    motif = forms.CharField(
        label=_("Motif de la proposition"),
        max_length=LONGUEUR_COORDINATION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Restez factuel : pas de détail de santé ni de vie privée."),
    )

    def __init__(self, *args, departements, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"] = ChampCommune(label=_("Commune de résidence"), departements=sorted(departements))
        if len(structures) > 1:
            self.fields["organisation"] = forms.TypedChoiceField(
                label=_("Au titre de la structure"),
                choices=[(h.organisation_id, h.organisation_nom) for h in structures],
                coerce=int,
            )
        self._appliquer_classes_dsfr()
