"""Formulaires des instances (gabarit DSFR). Les listes de choix viennent des sélecteurs, passées par la vue."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.core.forms import ChampDate, Formulaire
from binome.instances import enums as e
from binome.instances.models import LONGUEUR_DECISION, LONGUEUR_SYNTHESE


class _Choix(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class _ChoixMultiples(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class FormulaireInstance(Formulaire):
    nom = forms.CharField(label=_("Nom"), max_length=150)
    nature = forms.ChoiceField(label=_("Nature"), choices=e.NatureInstance.choices)
    rythme = forms.ChoiceField(label=_("Rythme"), choices=e.Rythme.choices)
    rythme_precision = forms.CharField(
        label=_("Précision sur le rythme"),
        max_length=150,
        required=False,
        help_text=_("Par exemple : le premier jeudi du mois."),
    )
    communes = _ChoixMultiples(
        label=_("Communes couvertes"),
        queryset=None,
        required=False,
        help_text=_("Laissez vide, ainsi que les unités, pour couvrir tout le département."),
    )
    unites = _ChoixMultiples(label=_("Unités ou agences couvertes"), queryset=None, required=False)

    def __init__(self, *args, communes, unites, avec_departement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["communes"].queryset = communes
        self.fields["unites"].queryset = unites
        if avec_departement is not None:
            self.fields["departement"] = _Choix(label=_("Département"), queryset=avec_departement)
            self.order_fields(["departement"])


class FormulaireMembre(Formulaire):
    utilisateur = _Choix(label=_("Membre"), queryset=None)
    organisation = _Choix(label=_("Organisation représentée"), queryset=None)
    role = forms.ChoiceField(label=_("Rôle dans l'instance"), choices=e.RoleMembre.choices)
    qualite = forms.CharField(
        label=_("Qualité"), max_length=150, required=False, help_text=_("Par exemple : référent offre de service.")
    )

    def __init__(self, *args, utilisateurs, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["utilisateur"].queryset = utilisateurs
        self.fields["utilisateur"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"
        self.fields["organisation"].queryset = organisations


class FormulaireSeance(Formulaire):
    date = ChampDate(label=_("Date"))
    heure = forms.TimeField(
        label=_("Heure"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), initial="14:00"
    )
    lieu = forms.CharField(label=_("Lieu"), max_length=255)

    def debut(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["heure"]))


class _ChoixParmi:
    """Champ dont les choix sont une liste d'objets venue d'un sélecteur : la valeur nettoyée est l'objet."""

    def _objets(self, valeurs, objets):
        par_pk = {str(o.pk): o for o in objets}
        return [par_pk[v] for v in valeurs if v in par_pk]


class FormulaireInscription(_ChoixParmi, Formulaire):
    """Un référent ajoute l'un des dossiers qu'il suit, avec un motif."""

    parcours = forms.ChoiceField(label=_("Dossier"))
    precision = forms.CharField(
        label=_("Motif de l'inscription"),
        max_length=255,
        help_text=_("Ce que vous attendez de l'instance, sans détail de santé ni de vie privée."),
    )

    def __init__(self, *args, parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self._parcours = parcours
        self.fields["parcours"].choices = [(p.pk, f"{p.personne} — {p.get_etat_display()}") for p in parcours]

    def clean_parcours(self):
        return self._objets([self.cleaned_data["parcours"]], self._parcours)[0]


class FormulaireSynthese(Formulaire):
    synthese = forms.CharField(
        label=_("Synthèse pour l'instance"),
        max_length=LONGUEUR_SYNTHESE,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Seul texte du dossier que liront les membres, sous la référence du dossier : situation, question "
            "posée, proposition. Ni nom, ni détail de santé, ni contenu des notes privées."
        ),
    )


class FormulaireDecision(Formulaire):
    avis_manquement = forms.ChoiceField(
        label=_("Avis de l'équipe pluridisciplinaire sur le manquement"),
        choices=[("", "—"), *e.SuiteManquement.choices],
        required=False,
    )
    avis = forms.CharField(
        label=_("Avis"), max_length=LONGUEUR_DECISION, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(
        label=_("Décision"), max_length=LONGUEUR_DECISION, widget=forms.Textarea(attrs={"rows": 3})
    )
    suites = forms.CharField(
        label=_("Suites"), max_length=LONGUEUR_DECISION, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, manquement: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not manquement:
            del self.fields["avis_manquement"]


class FormulairePresents(_ChoixParmi, Formulaire):
    presents = forms.MultipleChoiceField(
        label=_("Membres présents"), required=False, widget=forms.CheckboxSelectMultiple
    )
    autres_presents = forms.CharField(label=_("Autres participants"), max_length=255, required=False)

    def __init__(self, *args, membres, **kwargs):
        super().__init__(*args, **kwargs)
        self._membres = membres
        self.fields["presents"].choices = [(m.pk, str(m)) for m in membres]

    def clean_presents(self):
        return self._objets(self.cleaned_data["presents"], self._membres)


class FormulaireManquement(Formulaire):
    date = ChampDate(label=_("Date du manquement"))
    nature = forms.ChoiceField(label=_("Nature"), choices=e.NatureManquement.choices)
    constat = forms.CharField(
        label=_("Constat"),
        max_length=LONGUEUR_DECISION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Les faits constatés, sans détail de santé."),
    )


class FormulaireInvitation(Formulaire):
    invitee_le = ChampDate(label=_("Personne invitée le"))
    entendue = forms.NullBooleanField(
        label=_("La personne a été entendue"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    observations = forms.CharField(
        label=_("Observations de la personne"),
        max_length=LONGUEUR_DECISION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FormulaireSanction(Formulaire):
    decision = forms.ChoiceField(
        label=_("Décision du président du conseil départemental"), choices=e.SuiteManquement.choices
    )
    decision_le = ChampDate(label=_("Décidée le"))
    taux = forms.IntegerField(
        label=_("Part de l'allocation suspendue (%)"),
        min_value=e.TAUX_MINIMUM,
        max_value=e.TAUX_MAXIMUM,
        required=False,
    )
    duree_mois = forms.IntegerField(
        label=_("Durée (mois)"), min_value=1, max_value=e.DUREE_RECIDIVE_MOIS, required=False
    )
    suspension_debut = ChampDate(label=_("Suspension à partir du"), required=False)


class FormulaireRemobilisation(Formulaire):
    remobilise_le = ChampDate(label=_("Remobilisée le"))
