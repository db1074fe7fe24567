from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from binome.administration.selectors import StatutOrganisation, communes_du_departement, conseils_departementaux
from binome.administration.services import CONSERVATION_MOIS_SANS_CONFIRMATION
from binome.core.forms import Formulaire, FormulaireModele
from binome.organisations.models import ConventionFSE, Organisation, ParametresDepartement, TypeOrganisation
from binome.territoires.forms import ChampCommune


class FormulaireOrganisation(FormulaireModele):
    """Création et modification d'une organisation d'un département donné (le département ne change pas)."""

    class Meta:
        model = Organisation
        fields = [
            "nom",
            "type",
            "categorie_partenaire",
            "parent",
            "adresse",
            "commune",
            "siret",
            "courriel",
            "telephone",
            "communes",
        ]
        help_texts = {
            "categorie_partenaire": _("Pour une structure partenaire uniquement."),
            "parent": _("Pour une unité d'action sociale : le conseil départemental dont elle dépend."),
            "communes": _(
                "Communes dont l'organisation est le point d'entrée (agence, unité d'action sociale). "
                "Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."
            ),
        }
        widgets = {"communes": forms.SelectMultiple(attrs={"size": 12})}

    def __init__(self, *args, departement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = conseils_departementaux(departement)
        self.fields["parent"].empty_label = _("Aucun rattachement")
        # Remplace le champ du modèle par le sélecteur de commune partagé, limité au département.
        self.fields["commune"] = ChampCommune(
            label=self.fields["commune"].label, required=False, departements=[departement.code]
        )
        self._bound_fields_cache.pop("commune", None)
        dsfr_input_class_attr(self["commune"])
        self.fields["communes"].queryset = communes_du_departement(departement)
        self.fields["categorie_partenaire"].choices = [
            ("", _("Sans objet")),
            *self.fields["categorie_partenaire"].choices[1:],
        ]

    def validate_unique(self):
        """Unicité et cohérence sont vérifiées par le service, avec des messages métier."""


class FormulaireParametresDepartement(FormulaireModele):
    confirmer_conservation_courte = forms.BooleanField(
        label=format_lazy(
            _("Je confirme une conservation de moins de {mois} mois"), mois=CONSERVATION_MOIS_SANS_CONFIRMATION
        ),
        required=False,
        help_text=_("Demandé seulement pour une durée de conservation courte, qui anonymise tôt les dossiers."),
    )

    class Meta:
        model = ParametresDepartement
        exclude = ["departement"]

    def validate_unique(self):
        """Le service vérifie les contraintes (le département n'est pas saisi)."""


class FormulaireFiltreOrganisations(Formulaire):
    marquer_facultatifs = False

    q = forms.CharField(label=_("Rechercher par nom"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous les types")), *TypeOrganisation.choices]
    )
    departement = forms.ChoiceField(label=_("Département"), required=False)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("Toutes")),
            (StatutOrganisation.ACTIVES, _("Actives")),
            (StatutOrganisation.DESACTIVEES, _("Désactivées")),
        ],
    )

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        departements = list(departements)
        if len(departements) > 1:
            self.fields["departement"].choices = [("", _("Tous")), *((d.code, str(d)) for d in departements)]
        else:
            del self.fields["departement"]


class FormulaireConventionFSE(FormulaireModele):
    """Convention FSE+ d'un département (le département vient de l'adresse)."""

    class Meta:
        model = ConventionFSE
        fields = ["identifiant_operation", "intitule", "date_debut", "date_fin"]
        widgets = {
            "date_debut": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "date_fin": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def validate_unique(self):
        """Le service vérifie les contraintes (le département n'est pas saisi)."""
