"""Formulaires de l'agenda : planifier ou modifier un rendez-vous, l'annuler, en saisir la présence."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.models import LONGUEUR_NOTE_CONTACT
from binome.agenda.enums import STATUTS_PRESENCE, CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import DUREE_MAXIMALE, DUREE_MINIMALE, LONGUEUR_OBJET
from binome.core.concurrence import CHAMP, jeton_version
from binome.core.forms import ChampDate, Formulaire, ajouter_erreurs

DUREE_PAR_DEFAUT = 45


class _Professionnels(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class FormulaireRendezVous(Formulaire):
    """Planification (avec type et professionnels) ou modification (sans) d'un rendez-vous."""

    type = forms.ChoiceField(
        label=_("Type de rendez-vous"),
        choices=TypeRendezVous.choices,
        initial=TypeRendezVous.INDIVIDUEL,
        widget=forms.RadioSelect,
    )
    professionnels = _Professionnels(
        label=_("Professionnels attendus (rendez-vous individuel)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Par défaut : vous. Un rendez-vous tripartite attend le conseiller et le référent social."),
    )
    date = ChampDate(label=_("Date"))
    heure = forms.TimeField(
        label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="09:00"
    )
    duree_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=DUREE_MINIMALE, max_value=DUREE_MAXIMALE, initial=DUREE_PAR_DEFAUT
    )
    canal = forms.ChoiceField(label=_("Modalité"), choices=CanalRendezVous.choices, initial=CanalRendezVous.PRESENTIEL)
    lieu = forms.CharField(
        label=_("Lieu"),
        required=False,
        max_length=255,
        help_text=_("Obligatoire en présentiel : adresse, bureau."),
    )
    lien_visio = forms.CharField(
        label=_("Lien de visioconférence"),
        required=False,
        max_length=200,
        help_text=_("Obligatoire en visioconférence. Format attendu : https://…"),
        widget=forms.URLInput,
    )
    telephone = forms.CharField(
        label=_("Numéro à appeler"),
        required=False,
        max_length=20,
        help_text=_("Au téléphone, si ce n'est pas celui de la personne."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    objet = forms.CharField(
        label=_("Objet"),
        max_length=LONGUEUR_OBJET,
        help_text=_(
            "Pour les professionnels : la personne ne le reçoit pas. L'objet d'un rendez-vous avec le seul "
            "référent social n'est lu que du côté social."
        ),
    )

    def __init__(self, *args, professionnels=None, rendez_vous=None, objet_lisible=True, **kwargs):
        super().__init__(*args, **kwargs)
        if rendez_vous is None:
            self.fields["professionnels"].queryset = professionnels
        else:
            del self.fields["type"], self.fields["professionnels"]
            if not objet_lisible:
                # Secret partagé : l'objet d'un rendez-vous du seul côté social n'est ni montré ni modifié.
                del self.fields["objet"]
            self.fields[CHAMP] = forms.CharField(widget=forms.HiddenInput, required=False)
            self.initial.setdefault(CHAMP, jeton_version(rendez_vous))
            debut = timezone.localtime(rendez_vous.debut)
            for champ in ("duree_minutes", "canal", "lieu", "lien_visio", "telephone", "objet"):
                if champ in self.fields:
                    self.initial.setdefault(champ, getattr(rendez_vous, champ))
            self.initial.setdefault("date", debut.date())
            self.initial.setdefault("heure", debut.strftime("%H:%M"))

    def clean(self):
        donnees = super().clean()
        if donnees.get("date") and donnees.get("heure"):
            donnees["debut"] = timezone.make_aware(datetime.datetime.combine(donnees["date"], donnees["heure"]))
        return donnees

    def arguments(self) -> dict:
        """Les arguments du service (``debut`` au lieu de la date et de l'heure)."""
        donnees = self.cleaned_data
        champs = ("debut", "duree_minutes", "canal", "lieu", "lien_visio", "telephone", "objet")
        return {champ: donnees[champ] for champ in champs if champ in donnees}

    def erreurs_du_service(self, erreur: ValidationError) -> None:
        """Reporte l'erreur du service ; celle de ``debut`` va sur le champ « Date »."""
        if hasattr(erreur, "error_dict") and "debut" in erreur.error_dict:
            erreur.error_dict["date"] = erreur.error_dict.pop("debut")
        ajouter_erreurs(self, erreur)


class FormulaireAnnulation(Formulaire):
    motif = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=LONGUEUR_OBJET,
        help_text=_("Pour les professionnels : la personne est prévenue de l'annulation, sans ce motif."),
    )


class FormulairePresence(Formulaire):
    presence = forms.ChoiceField(
        label=_("La personne est-elle venue ?"),
        choices=[(s.value, s.label) for s in STATUTS_PRESENCE],
        initial=StatutRendezVous.HONORE,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note courte et neutre"),
        required=False,
        max_length=LONGUEUR_NOTE_CONTACT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LONGUEUR_NOTE_CONTACT}),
        help_text=_(
            "Elle va au journal des contacts. Pas de détail sur la santé ou la vie privée : "
            "le référent social utilise une note privée."
        ),
    )
    prochaine_date = ChampDate(label=_("Prochain contact prévu le"), required=False)
