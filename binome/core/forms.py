"""Formulaires de base au gabarit DSFR."""

from pathlib import Path

import dsfr
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import cached_property
from dsfr.forms import DsfrBaseForm, DsfrBoundField, DsfrDjangoTemplates
from dsfr.utils import dsfr_input_class_attr


class RenduFormulaires(DsfrDjangoTemplates):
    """Le moteur des formulaires : celui du DSFR (gabarits de django-dsfr et de Django) plus ``templates/`` du
    projet, pour les gabarits de formulaire et de groupe de champ propres à Binôme."""

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    *settings.TEMPLATES[0]["DIRS"],
                    Path(dsfr.__file__).resolve().parent / self.backend.app_dirname,
                    Path(forms.__path__[0]).resolve() / "templates",
                ],
                "NAME": "formulaires_binome",
                "OPTIONS": {},
            }
        )


RENDU_FORMULAIRES = RenduFormulaires()


class _DsfrMixin:
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField
    # Une instance partagée, pas la classe : Django instancierait la classe à chaque formulaire, donc un moteur de
    # gabarits neuf (chargeur en cache vide, bibliothèques de balises réimportées) à chaque page (issue 17).
    default_renderer = RENDU_FORMULAIRES
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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._aligner_bornes_sur_le_modele()
        self._appliquer_classes_dsfr()

    def _aligner_bornes_sur_le_modele(self):
        """Les bornes d'un nombre (``min``/``max`` du champ HTML et validation du formulaire) sont celles des
        validateurs du modèle : un ``PositiveSmallIntegerField`` borné à 1 ne propose plus ``min=0``."""
        for nom, champ in self.fields.items():
            if not isinstance(champ, forms.IntegerField):
                continue
            try:
                champ_modele = self._meta.model._meta.get_field(nom)
            except FieldDoesNotExist:
                continue
            # Validateurs déclarés (pas les bornes techniques de la base, ajoutées par ``Field.validators``).
            for validateur in champ_modele._validators:
                if isinstance(validateur, MinValueValidator) and (
                    champ.min_value is None or validateur.limit_value > champ.min_value
                ):
                    champ.min_value = validateur.limit_value
                elif isinstance(validateur, MaxValueValidator) and (
                    champ.max_value is None or validateur.limit_value < champ.max_value
                ):
                    champ.max_value = validateur.limit_value
                else:
                    continue
                champ.validators.append(validateur)
                champ.widget.attrs.update(champ.widget_attrs(champ.widget))


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
