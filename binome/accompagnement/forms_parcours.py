"""Formulaires du cycle du parcours (personne, orientation, diagnostic, binôme, transitions, sortie).

Validation de saisie seulement : les règles métier (gardes, droits, doublons) sont dans les services, dont
les ``ValidationError`` sont reportées sur les champs par ``binome.core.forms.ajouter_erreurs``.
"""

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
    Modalite,
    MotifNonRetenu,
    MotifSortie,
    MotifSuspension,
    NiveauFrein,
    ObjetCoordination,
    Qualification,
    SituationSortieFSE,
    TypeElementReferentiel,
)
from binome.accompagnement.models import LONGUEUR_COORDINATION, LONGUEUR_TEXTE_COURT, ElementReferentiel, Personne
from binome.accompagnement.services.personnes import CHAMPS_PERSONNE
from binome.comptes.models import Utilisateur
from binome.core.concurrence import CHAMP as CHAMP_VERSION
from binome.core.concurrence import VersionMixin
from binome.core.forms import ChampDate, Formulaire, FormulaireModele
from binome.territoires.forms import ChampCommune

OUI, NON = "oui", "non"


def _oui_non(valeur):
    return {OUI: True, NON: False}.get(valeur)


def _champ_oui_non(label, *, required=True, vide=None, **options):
    choix = [(OUI, _("Oui")), (NON, _("Non"))]
    if vide is not None:
        choix.append(("", vide))
    return forms.TypedChoiceField(
        label=label,
        choices=choix,
        coerce=_oui_non,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        **options,
    )


NON_RENSEIGNE = _("Non renseigné")


def _avec_vide(choix, libelle=NON_RENSEIGNE):
    return [("", libelle), *choix]


# --- Personne ---------------------------------------------------------------------------------------------

GROUPES_PERSONNE = (
    (_("Identité"), ("nom", "prenom", "date_naissance", "sexe", "identifiant_ft")),
    (_("Allocataire"), ("organisme_allocataire", "numero_allocataire")),
    (_("Coordonnées"), ("commune", "adresse", "complement_adresse", "telephone", "courriel")),
    (
        _("Situation"),
        (
            "situation_marche_travail",
            "niveau_formation",
            "beneficiaire_rsa",
            "beneficiaire_are",
            "beneficiaire_ass",
            "beneficiaire_aah",
            "beneficiaire_prime_activite",
            "residence_qpv",
            "parent_isole",
            "sans_domicile",
            "nationalite",
        ),
    ),
    (_("Donnée de santé (côté social)"), ("rqth",)),
    (_("Information de la personne"), ("notice_remise_le",)),
)


class FormulairePersonne(VersionMixin, FormulaireModele):
    """Enregistrement ou modification d'une personne. La RQTH n'y figure que pour le côté social
    (``avec_sante``) ; ``avec_confirmation`` ajoute la case qui confirme un doublon probable."""

    confirmer_doublon = forms.BooleanField(
        label=_("J'ai vérifié : il s'agit d'une autre personne, je confirme la création"), required=False
    )

    class Meta:
        model = Personne
        fields = [*CHAMPS_PERSONNE, "rqth"]
        help_texts = {
            "identifiant_ft": _("Facultatif : il figure sur les courriers de France Travail."),
            "rqth": _("Donnée de santé : facultative, visible du seul côté social."),
            "notice_remise_le": _("Date à laquelle la notice d'information a été remise à la personne."),
        }

    def __init__(self, *args, departements, avec_sante=False, avec_confirmation=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"] = ChampCommune(label=_("Commune de résidence"), departements=sorted(departements))
        self._bound_fields_cache.pop("commune", None)
        if self.instance.pk and self.instance.commune_id:
            self.initial["commune"] = self.instance.commune
        for champ in ("date_naissance", "notice_remise_le"):
            self.fields[champ].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        for champ in ("nom", "prenom", "date_naissance"):
            self.fields[champ].required = True
        if not avec_sante:
            del self.fields["rqth"]
        if not avec_confirmation:
            del self.fields["confirmer_doublon"]
        self.fields["organisme_allocataire"].choices = _avec_vide(
            self.fields["organisme_allocataire"].choices[1:], _("Aucun")
        )
        self._appliquer_classes_dsfr()

    def validate_unique(self):
        """L'unicité (identifiant France Travail) est vérifiée par le service, avec un message métier."""

    def groupes(self):
        """Champs par rubrique (fieldsets du gabarit)."""
        return [
            (titre, [self[champ] for champ in champs if champ in self.fields]) for titre, champs in GROUPES_PERSONNE
        ]

    def donnees(self) -> dict:
        """Données pour le service (sans la case de confirmation)."""
        return {
            champ: valeur
            for champ, valeur in self.cleaned_data.items()
            if champ not in ("confirmer_doublon", CHAMP_VERSION)
        }


class FormulaireRecherchePersonnes(Formulaire):
    marquer_facultatifs = False

    q = forms.CharField(label=_("Nom, prénom ou identifiant France Travail"), required=False, max_length=100)


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
    motif = forms.ChoiceField(label=_("Motif du refus"), choices=_avec_vide(MotifNonRetenu.choices, _("Choisir")))
    precision = forms.CharField(
        label=_("Précision"), required=False, max_length=LONGUEUR_TEXTE_COURT, help_text=_("Restez factuel.")
    )


class FormulaireNonRetenu(Formulaire):
    motif = forms.ChoiceField(label=_("Motif"), choices=_avec_vide(MotifNonRetenu.choices, _("Choisir")))


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
    activite_2_dernieres_annees = _champ_oui_non(
        _("Activité professionnelle dans les deux dernières années"), required=False, vide=_("Non renseigné")
    )
    duree_hors_emploi = forms.ChoiceField(
        label=_("Durée hors emploi"), choices=_avec_vide(DureeHorsEmploi.choices), required=False
    )
    qualification = forms.ChoiceField(
        label=_("Qualification"), choices=_avec_vide(Qualification.choices), required=False
    )
    aspiration = forms.ChoiceField(label=_("Aspiration"), choices=_avec_vide(Aspiration.choices), required=False)
    projet_rome = forms.CharField(
        label=_("Métier visé (code ROME)"), required=False, max_length=5, help_text=_("Par exemple : K2204.")
    )
    situations_professionnelles = forms.MultipleChoiceField(
        label=_("Situations professionnelles"), required=False, widget=forms.CheckboxSelectMultiple
    )
    adhesion = _champ_oui_non(
        _("La personne adhère à l'accompagnement proposé"), required=False, vide=_("Ne s'est pas prononcée")
    )
    adhesion_le = ChampDate(label=_("Adhésion exprimée le"), required=False)
    decision = forms.ChoiceField(
        label=_("Décision prise ensemble"), choices=DecisionDiagnostic.choices, widget=forms.RadioSelect
    )
    decision_le = ChampDate(label=_("Décidé le"), required=False, help_text=_("Par défaut, la date du diagnostic."))
    motif_non_retenu = forms.ChoiceField(
        label=_("Motif de non-retenue"),
        choices=_avec_vide(MotifNonRetenu.choices, _("Sans objet")),
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
            activite_2_dernieres_annees=_oui_non(lire("activite_2_dernieres_annees")),
            qualification=qualification,
            aspiration=aspiration,
            niveaux_freins=niveaux,
        )


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
        choices=_avec_vide(MotifSuspension.choices, _("Choisir")),
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


class FormulaireConfirmation(Formulaire):
    """Transition sans saisie : un bouton de confirmation."""


class FormulaireCoordination(Formulaire):
    objet = forms.ChoiceField(label=_("Objet"), choices=_avec_vide(ObjetCoordination.choices, _("Choisir")))
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
    reponse = forms.CharField(
        label=_("Réponse"), max_length=LONGUEUR_COORDINATION, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- Sortie ---------------------------------------------------------------------------------------------------


class FormulaireSortie(Formulaire):
    date = ChampDate(label=_("Date de sortie"))
    motif = forms.ChoiceField(label=_("Motif de sortie"), choices=_avec_vide(MotifSortie.choices, _("Choisir")))
    precision = forms.CharField(
        label=_("Précision"), required=False, max_length=LONGUEUR_TEXTE_COURT, help_text=_("Restez factuel.")
    )
    situation_fse = forms.ChoiceField(
        label=_("Situation à la sortie (FSE+)"), choices=SituationSortieFSE.choices, widget=forms.RadioSelect
    )


class FormulaireSuiviSixMois(Formulaire):
    fait_le = ChampDate(label=_("Suivi fait le"))
    emploi_6_mois = _champ_oui_non(_("La personne est en emploi (y compris indépendant)"))
    situation_amelioree_6_mois = _champ_oui_non(_("Sa situation sur le marché du travail s'est améliorée"))
