"""Formulaires de base au gabarit DSFR."""

from django import forms
from dsfr.forms import DsfrBaseForm, DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class _DsfrMixin:
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField
    # Le DSFR recommande de signaler les champs facultatifs plutôt que les obligatoires.
    marquer_facultatifs = True

    def _appliquer_classes_dsfr(self):
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)

    def get_context(self):
        contexte = forms.BaseForm.get_context(self)
        contexte.setdefault("DSFR_MARK_OPTIONAL_FIELDS", self.marquer_facultatifs)
        return contexte


class Formulaire(_DsfrMixin, DsfrBaseForm):
    pass


class FormulaireModele(_DsfrMixin, forms.ModelForm):
    default_renderer = DsfrBaseForm.default_renderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def ajouter_erreurs(formulaire, erreur) -> None:
    """Reporte une ``ValidationError`` de service sur le formulaire : sur le champ concerné s'il existe,
    sinon en erreur générale."""
    if hasattr(erreur, "error_dict"):
        for champ, erreurs in erreur.error_dict.items():
            formulaire.add_error(champ if champ in formulaire.fields else None, erreurs)
    else:
        formulaire.add_error(None, erreur)
