"""Formulaire du diagnostic partagé (freins, situation, décision)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.widgets import InlineRadioSelect

from binome.accompagnement import calculs, selectors
from binome.accompagnement.enums import (
    Aspiration,
    DecisionDiagnostic,
    DomaineFrein,
    DureeHorsEmploi,
    MotifNonRetenu,
    NiveauFrein,
    Qualification,
    TypeElementReferentiel,
)
from binome.accompagnement.forms.champs import avec_vide, champ_oui_non, oui_non
from binome.accompagnement.models import LONGUEUR_TEXTE_COURT, ElementReferentiel
from binome.comptes.models import Utilisateur
from binome.core.forms import ChampDate, Formulaire

# --- Diagnostic partagé -------------------------------------------------------------------------------------


class _ChoixUtilisateur(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


_ROME = re.compile(r"^[A-N]\d{4}$")


class FormulaireDiagnostic(Formulaire):
    """Diagnostic partagé : participants, critères nationaux, freins par domaine (niveau ; situations et
    précision pour le seul côté social : ``avec_detail``), adhésion et décision."""

    date = ChampDate(label=_("Date du diagnostic"))
    personne_presente = forms.BooleanField(label=_("La personne était présente"), required=False, initial=True)
    conseiller = _ChoixUtilisateur(
        label=_("Conseiller France Travail présent"), queryset=Utilisateur.objects.none(), required=False
    )
    travailleur_social = _ChoixUtilisateur(
        label=_("Travailleur social présent"), queryset=Utilisateur.objects.none(), required=False
    )
    autres_participants = forms.CharField(
        label=_("Autres participants"), required=False, max_length=LONGUEUR_TEXTE_COURT
    )
    activite_2_dernieres_annees = champ_oui_non(
        _("Activité professionnelle dans les deux dernières années"), required=False, vide=_("Non renseigné")
    )
    duree_hors_emploi = forms.ChoiceField(
        label=_("Durée hors emploi"), choices=avec_vide(DureeHorsEmploi.choices), required=False
    )
    qualification = forms.ChoiceField(
        label=_("Qualification"), choices=avec_vide(Qualification.choices), required=False
    )
    aspiration = forms.ChoiceField(label=_("Aspiration"), choices=avec_vide(Aspiration.choices), required=False)
    projet_rome = forms.CharField(
        label=_("Métier visé (code ROME)"), required=False, max_length=5, help_text=_("Par exemple : K2204.")
    )
    situations_professionnelles = forms.MultipleChoiceField(
        label=_("Situations professionnelles"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adhesion = champ_oui_non(
        _("La personne adhère à l'accompagnement proposé"), required=False, vide=_("Ne s'est pas prononcée")
    )
    adhesion_le = ChampDate(label=_("Adhésion exprimée le"), required=False)
    decision = forms.ChoiceField(
        label=_("Décision prise ensemble"), choices=DecisionDiagnostic.choices, widget=forms.RadioSelect
    )
    decision_le = ChampDate(label=_("Décidé le"), required=False, help_text=_("Par défaut, la date du diagnostic."))
    motif_non_retenu = forms.ChoiceField(
        label=_("Motif de non-retenue"),
        choices=avec_vide(MotifNonRetenu.choices, _("Sans objet")),
        required=False,
        help_text=_("Obligatoire si la décision est « non retenu »."),
    )
    precision_non_retenu = forms.CharField(
        label=_("Précision sur le motif"), required=False, max_length=LONGUEUR_TEXTE_COURT
    )
    signe_le = ChampDate(label=_("Diagnostic signé le"), required=False)
    date_revue = ChampDate(label=_("Date de revue"), required=False)

    CHAMPS_PARTICIPANTS = ("date", "personne_presente", "conseiller", "travailleur_social", "autres_participants")
    CHAMPS_CRITERES = (
        "activite_2_dernieres_annees",
        "duree_hors_emploi",
        "qualification",
        "aspiration",
        "projet_rome",
        "situations_professionnelles",
    )
    CHAMPS_DECISION = (
        "adhesion",
        "adhesion_le",
        "decision",
        "decision_le",
        "motif_non_retenu",
        "precision_non_retenu",
        "signe_le",
        "date_revue",
    )

    def __init__(self, *args, parcours, avec_detail: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.avec_detail = avec_detail
        departement = parcours.departement_id
        self.fields["conseiller"].queryset = Utilisateur.objects.filter(
            pk__in=selectors.conseillers_possibles(departement).values("utilisateur_id")
        ).order_by("nom", "prenom")
        self.fields["travailleur_social"].queryset = Utilisateur.objects.filter(
            pk__in=selectors.referents_possibles(departement).values("utilisateur_id")
        ).order_by("nom", "prenom")
        self.fields["conseiller"].empty_label = _("Aucun")
        self.fields["travailleur_social"].empty_label = _("Aucun")
        situations = ElementReferentiel.objects.filter(type=TypeElementReferentiel.SITUATION, actif=True).order_by(
            "theme_libelle", "libelle"
        )
        par_domaine: dict[str, list] = {}
        professionnelles = []
        for element in situations:
            if element.domaine_frein:
                par_domaine.setdefault(element.domaine_frein, []).append((str(element.pk), element.libelle))
            else:
                professionnelles.append((str(element.pk), f"{element.theme_libelle} : {element.libelle}"))
        self.fields["situations_professionnelles"].choices = professionnelles
        for domaine, libelle in DomaineFrein.choices:
            self.fields[f"frein_{domaine}"] = forms.ChoiceField(
                label=libelle, choices=NiveauFrein.choices, widget=InlineRadioSelect
            )
            if avec_detail:
                if par_domaine.get(domaine):
                    self.fields[f"situations_{domaine}"] = forms.MultipleChoiceField(
                        label=_("Situations"),
                        choices=par_domaine[domaine],
                        required=False,
                        widget=forms.CheckboxSelectMultiple,
                    )
                self.fields[f"precision_{domaine}"] = forms.CharField(
                    label=_("Précision (côté social)"), required=False, max_length=LONGUEUR_TEXTE_COURT
                )
        self._appliquer_classes_dsfr()

    def clean_projet_rome(self):
        code = (self.cleaned_data.get("projet_rome") or "").strip().upper()
        if code and not _ROME.match(code):
            raise forms.ValidationError(_("Un code ROME est une lettre suivie de quatre chiffres (K2204)."))
        return code

    def _champs(self, noms):
        return [self[nom] for nom in noms if nom in self.fields]

    def participants(self):
        return self._champs(self.CHAMPS_PARTICIPANTS)

    def criteres(self):
        return self._champs(self.CHAMPS_CRITERES)

    def champs_decision(self):
        return self._champs(self.CHAMPS_DECISION)

    def groupes_freins(self):
        """Un groupe par domaine : niveau (radio) et, côté social, situations du référentiel et précision."""
        return [
            {
                "domaine": libelle,
                "niveau": self[f"frein_{domaine}"],
                "situations": self[f"situations_{domaine}"] if f"situations_{domaine}" in self.fields else None,
                "precision": self[f"precision_{domaine}"] if f"precision_{domaine}" in self.fields else None,
            }
            for domaine, libelle in DomaineFrein.choices
        ]

    def donnees(self) -> dict:
        """Arguments de ``services.diagnostic_enregistrer``."""
        donnees = {nom: self.cleaned_data.get(nom) for nom in (*self.CHAMPS_PARTICIPANTS, *self.CHAMPS_CRITERES)}
        donnees.update({nom: self.cleaned_data.get(nom) for nom in self.CHAMPS_DECISION})
        donnees["situations_professionnelles"] = [int(pk) for pk in donnees["situations_professionnelles"] or []]
        donnees["freins"] = {
            domaine: {
                "niveau": self.cleaned_data.get(f"frein_{domaine}"),
                "situations": [int(pk) for pk in self.cleaned_data.get(f"situations_{domaine}") or []],
                "precision": self.cleaned_data.get(f"precision_{domaine}") or "",
            }
            for domaine in DomaineFrein.values
        }
        for nom in ("duree_hors_emploi", "qualification", "aspiration", "motif_non_retenu"):
            donnees[nom] = donnees[nom] or ""
        return donnees

    def initial_depuis_saisie(self) -> dict:
        """La saisie en cours comme valeurs initiales : réafficher le formulaire sans ses erreurs (calcul de
        la suggestion avant d'avoir tout rempli)."""
        initial = {}
        for nom, champ in self.fields.items():
            if isinstance(champ, forms.MultipleChoiceField):
                initial[nom] = self.data.getlist(nom)
            elif isinstance(champ, forms.BooleanField):
                initial[nom] = nom in self.data
            elif nom in self.data:
                initial[nom] = self.data.get(nom)
        return initial

    def suggestion(self) -> str:
        """Suggestion calculée depuis la saisie (valeurs valides seulement), sans valider le formulaire."""
        if not self.is_bound:
            return ""
        lire = self.data.get
        niveaux = {
            domaine: lire(f"frein_{domaine}")
            for domaine in DomaineFrein.values
            if lire(f"frein_{domaine}") in NiveauFrein.values
        }
        qualification = lire("qualification") if lire("qualification") in Qualification.values else ""
        aspiration = lire("aspiration") if lire("aspiration") in Aspiration.values else ""
        return calculs.suggerer_decision(
            activite_2_dernieres_annees=oui_non(lire("activite_2_dernieres_annees")),
            qualification=qualification,
            aspiration=aspiration,
            niveaux_freins=niveaux,
        )
