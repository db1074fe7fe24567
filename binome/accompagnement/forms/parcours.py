"""Formulaires du cycle du parcours (orientation, binôme, transitions, coordination, sortie).

Validation de saisie seulement : les règles métier (gardes, droits, doublons) sont dans les services, dont
les ``ValidationError`` sont reportées sur les champs par ``binome.core.forms.ajouter_erreurs``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement import selectors
from binome.accompagnement.enums import (
    Modalite,
    MotifNonRetenu,
    MotifSortie,
    MotifSuspension,
    ObjetCoordination,
    SituationSortieFSE,
)
from binome.accompagnement.forms.champs import avec_vide, champ_oui_non
from binome.accompagnement.models import LONGUEUR_COORDINATION, LONGUEUR_TEXTE_COURT
from binome.core.forms import ChampDate, Formulaire

# --- Orientation ------------------------------------------------------------------------------------------


class FormulaireOrientation(Formulaire):
    modalite_proposee = forms.ChoiceField(
        label=_("Modalité proposée"), choices=Modalite.choices, initial=Modalite.GLOBAL, widget=forms.RadioSelect
    )
    motif = forms.CharField(
        label=_("Motif de la proposition"),
        max_length=LONGUEUR_COORDINATION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Restez factuel : pas de détail de santé ni de vie privée."),
    )
    organisation = forms.ChoiceField(label=_("Au titre de"), required=False)
    relayee_partenaire = forms.BooleanField(
        label=_("Proposition reçue d'un partenaire, que je relaie"), required=False
    )

    def __init__(self, *args, habilitations, **kwargs):
        super().__init__(*args, **kwargs)
        if len(habilitations) > 1:
            self.fields["organisation"].required = True
            self.fields["organisation"].choices = [
                ("", _("Choisir")),
                *((h.organisation_id, h.organisation_nom) for h in habilitations),
            ]
        else:
            del self.fields["organisation"]

    def donnees(self) -> dict:
        donnees = dict(self.cleaned_data)
        if donnees.get("organisation"):
            donnees["organisation"] = int(donnees["organisation"])
        else:
            donnees.pop("organisation", None)
        return donnees


class FormulairePlanification(Formulaire):
    date_diagnostic = ChampDate(label=_("Date du diagnostic partagé"))


class FormulaireRefusOrientation(Formulaire):
    motif = forms.ChoiceField(label=_("Motif du refus"), choices=avec_vide(MotifNonRetenu.choices, _("Choisir")))
    precision = forms.CharField(
        label=_("Précision"), required=False, max_length=LONGUEUR_TEXTE_COURT, help_text=_("Restez factuel.")
    )


class FormulaireNonRetenu(Formulaire):
    motif = forms.ChoiceField(label=_("Motif"), choices=avec_vide(MotifNonRetenu.choices, _("Choisir")))


# --- Binôme et transitions ---------------------------------------------------------------------------------


def _libelle_habilitation(habilitation) -> str:
    return f"{habilitation.utilisateur.get_full_name()} — {habilitation.organisation.nom}"


class FormulaireActivation(Formulaire):
    """Désignation du binôme (une habilitation = une personne et son organisation) et date d'entrée."""

    conseiller = forms.ChoiceField(label=_("Conseiller France Travail"))
    referent_social = forms.ChoiceField(label=_("Référent social"))
    date_entree = ChampDate(label=_("Date d'entrée"))

    def __init__(self, *args, parcours, **kwargs):
        super().__init__(*args, **kwargs)
        self._conseillers = {str(h.pk): h for h in selectors.conseillers_possibles(parcours.departement_id)}
        self._referents = {str(h.pk): h for h in selectors.referents_possibles(parcours.departement_id)}
        self.fields["conseiller"].choices = [
            ("", _("Choisir")),
            *((pk, _libelle_habilitation(h)) for pk, h in self._conseillers.items()),
        ]
        self.fields["referent_social"].choices = [
            ("", _("Choisir")),
            *((pk, _libelle_habilitation(h)) for pk, h in self._referents.items()),
        ]
        if parcours.date_entree is not None:
            del self.fields["date_entree"]

    def preselectionner(self, *, conseiller=None, referent=None) -> None:
        """Propose les participants du diagnostic comme binôme (s'ils ont une seule habilitation du rôle)."""
        for champ, habs, utilisateur in (
            ("conseiller", self._conseillers, conseiller),
            ("referent_social", self._referents, referent),
        ):
            candidats = [
                pk for pk, h in habs.items() if utilisateur is not None and h.utilisateur_id == utilisateur.pk
            ]
            if len(candidats) == 1:
                self.initial[champ] = candidats[0]

    def donnees(self) -> dict:
        conseiller = self._conseillers[self.cleaned_data["conseiller"]]
        referent = self._referents[self.cleaned_data["referent_social"]]
        donnees = {
            "conseiller": conseiller.utilisateur,
            "organisation_conseiller": conseiller.organisation,
            "referent_social": referent.utilisateur,
            "organisation_referent": referent.organisation,
        }
        if "date_entree" in self.fields:
            donnees["date_entree"] = self.cleaned_data["date_entree"]
        return donnees


class FormulaireSuspension(Formulaire):
    debut = ChampDate(label=_("Suspendu à partir du"))
    motif = forms.ChoiceField(
        label=_("Motif"),
        choices=avec_vide(MotifSuspension.choices, _("Choisir")),
        help_text=_("Visible du seul côté social."),
    )


class FormulaireReprise(Formulaire):
    date = ChampDate(label=_("Date de reprise"), help_text=_("Premier jour d'accompagnement après la suspension."))


class FormulaireRenouvellement(Formulaire):
    motif = forms.CharField(
        label=_("Motif du renouvellement"),
        max_length=LONGUEUR_TEXTE_COURT,
        required=False,
        help_text=_("Obligatoire pour le premier accord."),
    )
    accord_personne = forms.BooleanField(
        label=_("La personne est d'accord pour renouveler son accompagnement"),
        required=False,
        help_text=_("Obligatoire pour le premier accord : la date de son accord est enregistrée."),
    )

    def __init__(self, *args, accord_personne_le=None, **kwargs):
        super().__init__(*args, **kwargs)
        if accord_personne_le is not None:
            del self.fields["accord_personne"]


class FormulaireSocialExclusif(Formulaire):
    motif = forms.CharField(
        label=_("Motif du passage en accompagnement social exclusif"),
        max_length=LONGUEUR_TEXTE_COURT,
        required=False,
        help_text=_("Obligatoire pour le premier accord ; il apparaît dans la chronologie, vue des deux côtés."),
    )


class FormulaireConfirmation(Formulaire):
    """Transition sans saisie : un bouton de confirmation."""


class FormulaireCoordination(Formulaire):
    objet = forms.ChoiceField(label=_("Objet"), choices=avec_vide(ObjetCoordination.choices, _("Choisir")))
    demande = forms.CharField(
        label=_("Demande"),
        max_length=LONGUEUR_COORDINATION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Restez factuel : pas de détail de santé ni de vie privée."),
    )

    def __init__(self, *args, social_exclusif: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not social_exclusif:
            self.fields["objet"].choices = [
                c for c in self.fields["objet"].choices if c[0] != ObjetCoordination.RETOUR_DIAGNOSTIC
            ]


class FormulaireReponseCoordination(Formulaire):
    accord = champ_oui_non(
        _("Êtes-vous d'accord avec cette demande ?"),
        help_text=_("Seul un accord à une demande de retour vers un diagnostic partagé ouvre ce retour."),
    )
    reponse = forms.CharField(
        label=_("Réponse"), max_length=LONGUEUR_COORDINATION, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- Sortie ---------------------------------------------------------------------------------------------------


class FormulaireSortie(Formulaire):
    date = ChampDate(label=_("Date de sortie"))
    motif = forms.ChoiceField(label=_("Motif de sortie"), choices=avec_vide(MotifSortie.choices, _("Choisir")))
    precision = forms.CharField(
        label=_("Précision"), required=False, max_length=LONGUEUR_TEXTE_COURT, help_text=_("Restez factuel.")
    )
    situation_fse = forms.ChoiceField(
        label=_("Situation à la sortie (FSE+)"), choices=SituationSortieFSE.choices, widget=forms.RadioSelect
    )


class FormulaireSuiviSixMois(Formulaire):
    fait_le = ChampDate(label=_("Suivi fait le"))
    emploi_6_mois = champ_oui_non(_("La personne est en emploi (y compris indépendant)"))
    situation_amelioree_6_mois = champ_oui_non(_("Sa situation sur le marché du travail s'est améliorée"))


class FormulaireCorrectionSuiviSixMois(FormulaireSuiviSixMois):
    motif = forms.CharField(
        label=_("Motif de la correction"),
        max_length=LONGUEUR_TEXTE_COURT,
        help_text=_("Conservé dans l'historique avec les valeurs d'avant."),
    )


class FormulaireDerogationFSE(Formulaire):
    """Dérogation au cofinancement FSE+ d'un parcours (sinon la convention du département décide)."""

    CONVENTION, OUI, NON = "convention", "oui", "non"
    regle = forms.ChoiceField(
        label=_("Cofinancement FSE+"),
        choices=[
            (CONVENTION, _("Selon la convention FSE+ du département (pas de dérogation)")),
            (OUI, _("Cofinancé par le FSE+ (dérogation)")),
            (NON, _("Non cofinancé (dérogation)")),
        ],
    )
    identifiant_operation = forms.CharField(
        label=_("Identifiant d'opération FSE+"),
        max_length=50,
        required=False,
        help_text=_("Vide : celui de la convention du département."),
    )
    motif = forms.CharField(label=_("Motif"), max_length=LONGUEUR_TEXTE_COURT)

    def donnees(self) -> dict:
        regle = self.cleaned_data["regle"]
        return {
            "cofinance": None if regle == self.CONVENTION else regle == self.OUI,
            "identifiant_operation": self.cleaned_data["identifiant_operation"],
            "motif": self.cleaned_data["motif"],
        }
