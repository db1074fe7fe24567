"""Formulaires des actions collectives : action, séance, inscription, présences."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from binome.collectif.enums import Organisateur, PresenceSeance, ThemeAction
from binome.collectif.models import CAPACITE_MAXIMALE, DUREE_MAXIMALE, DUREE_MINIMALE
from binome.core.forms import ChampDate, Formulaire, ajouter_erreurs


class _Choix(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() if hasattr(obj, "get_full_name") else str(obj)


class _ChoixMultiples(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name()


class _ChoixParcours(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        personne = obj.personne
        naissance = personne.date_naissance.strftime("%d/%m/%Y") if personne.date_naissance else ""
        return f"{personne.nom} {personne.prenom}" + (f" ({naissance})" if naissance else "")


class _ChoixSeance(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        quand = date_format(timezone.localtime(obj.debut), "SHORT_DATETIME_FORMAT")
        restantes = max(obj.places - obj.nb_inscrits, 0)
        places = _("complète, liste d'attente") if restantes == 0 else _("%(n)s places restantes") % {"n": restantes}
        return f"{obj.action.titre} — {quand}, {obj.lieu} ({places})"


class FormulaireErreursService(Formulaire):
    def erreurs_du_service(self, erreur) -> None:
        """Reporte l'erreur du service ; celle de ``debut`` va sur le champ « Date »."""
        if hasattr(erreur, "error_dict") and "debut" in erreur.error_dict:
            erreur.error_dict["date"] = erreur.error_dict.pop("debut")
        ajouter_erreurs(self, erreur)


class FormulaireAction(FormulaireErreursService):
    titre = forms.CharField(label=_("Titre"), max_length=150, help_text=_("Par exemple : « Café santé »."))
    theme = forms.ChoiceField(label=_("Thème"), choices=[("", "—"), *ThemeAction.choices])
    organisateur = forms.ChoiceField(
        label=_("Organisée par"),
        choices=Organisateur.choices,
        widget=forms.RadioSelect,
        initial=Organisateur.DEPARTEMENT,
    )
    organisation = _Choix(label=_("Organisation qui porte l'action"), queryset=None, required=False)
    structure = _Choix(
        label=_("Structure partenaire de l'annuaire"),
        queryset=None,
        required=False,
        help_text=_("Obligatoire quand l'action est organisée par une structure partenaire."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    capacite = forms.IntegerField(label=_("Places par séance"), min_value=1, max_value=CAPACITE_MAXIMALE, initial=12)
    public = forms.CharField(
        label=_("Public"), max_length=255, required=False, help_text=_("Par exemple : « personnes en parcours »")
    )

    def __init__(self, *args, organisations, structures, action=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["structure"].queryset = structures
        if action is not None:
            for champ in self.fields:
                self.initial.setdefault(champ, getattr(action, champ))


class FormulaireSeance(FormulaireErreursService):
    date = ChampDate(label=_("Date"))
    heure = forms.TimeField(
        label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="14:00"
    )
    duree_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=DUREE_MINIMALE, max_value=DUREE_MAXIMALE, initial=120
    )
    lieu = forms.CharField(label=_("Lieu"), max_length=255, help_text=_("Adresse, salle."))
    capacite = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=CAPACITE_MAXIMALE,
        required=False,
        help_text=_("Laissez vide pour reprendre les places de l'action."),
    )
    animateurs = _ChoixMultiples(
        label=_("Animateurs professionnels"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Par défaut : vous."),
    )
    animateurs_externes = forms.CharField(
        label=_("Autres animateurs"),
        max_length=255,
        required=False,
        help_text=_("Intervenants d'une structure partenaire, par exemple."),
    )

    def __init__(self, *args, animateurs, seance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateurs"].queryset = animateurs
        if seance is not None:
            debut = timezone.localtime(seance.debut)
            self.initial.setdefault("date", debut.date())
            self.initial.setdefault("heure", debut.strftime("%H:%M"))
            for champ in ("duree_minutes", "lieu", "capacite", "animateurs_externes"):
                self.initial.setdefault(champ, getattr(seance, champ))
            self.initial.setdefault("animateurs", [a.pk for a in seance.animateurs.all()])

    def arguments(self) -> dict:
        donnees = self.cleaned_data
        debut = timezone.make_aware(datetime.datetime.combine(donnees["date"], donnees["heure"]))
        champs = ("duree_minutes", "lieu", "capacite", "animateurs_externes")
        return {"debut": debut, "animateurs": list(donnees["animateurs"]), **{c: donnees[c] for c in champs}}


class FormulaireInscription(FormulaireErreursService):
    """Inscrire une personne : depuis la séance (choix du parcours) ou depuis le parcours (choix de la séance)."""

    parcours = _ChoixParcours(
        label=_("Personne"), queryset=None, help_text=_("Personnes dont vous suivez le parcours.")
    )
    seance = _ChoixSeance(label=_("Séance"), queryset=None)
    accord_le = ChampDate(
        label=_("Accord de la personne donné le"),
        help_text=_("L'inscription se fait avec l'accord de la personne : indiquez sa date."),
    )
    action_plan = _Choix(label=_("Action du plan à laquelle la séance répond"), queryset=None, required=False)

    def __init__(self, *args, parcours=None, seances=None, actions_plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("accord_le", timezone.localdate())
        for champ, choix in (("parcours", parcours), ("seance", seances), ("action_plan", actions_plan)):
            if choix is None:
                del self.fields[champ]
            else:
                self.fields[champ].queryset = choix


class FormulairePresences(Formulaire):
    """Une question par personne inscrite (présente, absente, excusée) ; ``libelles`` : {pk : nom affiché}."""

    def __init__(self, *args, libelles: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for pk, libelle in libelles.items():
            self.fields[f"presence_{pk}"] = forms.ChoiceField(
                label=libelle, choices=PresenceSeance.choices, widget=forms.RadioSelect
            )

    def presences(self) -> dict:
        return {int(nom.removeprefix("presence_")): valeur for nom, valeur in self.cleaned_data.items()}
