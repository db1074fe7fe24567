"""Formulaires des partenaires dans un parcours : inviter (structure puis professionnel), révoquer, confier une
action ; côté partenaire, mettre à jour son action et ajouter un contact. Les règles sont dans les services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.enums import StatutAction
from binome.accompagnement.forms.suivi import FormulaireContact
from binome.accompagnement.models import LONGUEUR_NOTE_CONTACT, LONGUEUR_TEXTE_COURT
from binome.core.forms import ChampDate, Formulaire


class _Professionnel(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class _Actions(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.partenaire_id:
            return _("%(action)s (confiée à %(nom)s)") % {"action": obj.libelle, "nom": obj.partenaire.get_full_name()}
        return obj.libelle


class _Action(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.libelle


class FormulaireStructure(Formulaire):
    """Premier temps de l'invitation (GET) : la structure partenaire du département."""

    marquer_facultatifs = False

    organisation = forms.ModelChoiceField(label=_("Structure partenaire"), queryset=None, empty_label=_("Choisir"))

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = structures


class FormulaireInvitation(Formulaire):
    """Second temps : le professionnel de cette structure, l'objet, l'accord de la personne, l'échéance."""

    organisation = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    partenaire = _Professionnel(label=_("Professionnel invité"), queryset=None, empty_label=_("Choisir"))
    objet = forms.CharField(
        label=_("Objet de l'invitation"),
        max_length=LONGUEUR_TEXTE_COURT,
        help_text=_(
            "Par exemple : « mesure d'accompagnement budgétaire », « suivi à la sortie de détention ». Lu par les "
            "deux côtés du binôme : pas de détail de santé."
        ),
    )
    accord_le = ChampDate(label=_("Accord de la personne donné le"))
    expire_le = ChampDate(
        label=_("Échéance de l'invitation"),
        required=False,
        help_text=_("Six mois par défaut, douze au plus. Aucun accès après cette date."),
    )
    actions = _Actions(
        label=_("Actions du plan confiées à ce professionnel"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Actions de la version courante du plan dont le porteur est un partenaire."),
    )
    confirmation = forms.BooleanField(
        label=_(
            "La personne a donné son accord : ce professionnel verra les actions qui lui sont confiées et les "
            "contacts auxquels il participe, rien d'autre, jusqu'à l'échéance. Elle peut retirer son accord à tout "
            "moment."
        ),
        error_messages={"required": _("Confirmez l'accord de la personne et ce qu'il couvre.")},
    )

    def __init__(self, *args, structures, professionnels, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = structures
        self.fields["partenaire"].queryset = professionnels
        self.fields["actions"].queryset = actions


class FormulaireRevocation(Formulaire):
    motif_revocation = forms.CharField(
        label=_("Motif de la révocation"),
        required=False,
        max_length=LONGUEUR_TEXTE_COURT,
        help_text=_("Par exemple : « la personne retire son accord », « la mesure est terminée »."),
    )


class FormulaireConfier(Formulaire):
    action = _Action(label=_("Action à confier"), queryset=None, empty_label=_("Choisir"))

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = actions


# --- Côté partenaire -----------------------------------------------------------------------------------------


class FormulaireSuiviPartenaire(Formulaire):
    statut = forms.ChoiceField(label=_("Statut"), choices=StatutAction.choices)
    commentaire = forms.CharField(
        label=_("Où en est l'action"),
        required=False,
        max_length=LONGUEUR_NOTE_CONTACT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": LONGUEUR_NOTE_CONTACT}),
        help_text=_("Court et neutre : il est lu par le binôme."),
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


class FormulaireContactPartenaire(FormulaireContact):
    """Le contact du partenaire : il en est le participant (pas de liste de professionnels à cocher)."""

    participants = None

    def __init__(self, *args, **kwargs):
        super(FormulaireContact, self).__init__(*args, **kwargs)
        self.fields["note"].help_text = _(
            "500 caractères au plus, lue par le binôme. Pas de détail sur la santé ou la vie privée."
        )
