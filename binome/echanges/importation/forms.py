"""Formulaires des fichiers reçus : dépôt, correspondance des colonnes, lancement."""

from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.core.forms import Formulaire
from binome.echanges.importation import champs, lecture
from binome.echanges.importation.models import SourceListe


class FormulaireDepot(Formulaire):
    source = forms.ChoiceField(label=gettext_lazy("Source de la liste"), choices=SourceListe.choices)
    fichier = forms.FileField(
        label=gettext_lazy("Fichier"),
        help_text=gettext_lazy("CSV (séparateur « ; », « , » ou tabulation) ou classeur Excel .xlsx ; 5 Mo au plus."),
    )

    def __init__(self, *args, departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        if len(departements) > 1:
            self.fields["departement"] = forms.ChoiceField(
                label=gettext_lazy("Département"), choices=[(d.code, str(d)) for d in departements]
            )
        self.departement_unique = departements[0].code if len(departements) == 1 else None

    def clean_fichier(self):
        """Type et taille contrôlés avant la lecture du contenu."""
        fichier = self.cleaned_data["fichier"]
        if PurePath(fichier.name).suffix.lower() not in lecture.EXTENSIONS:
            raise ValidationError(_("Type de fichier refusé : déposez un fichier .csv ou .xlsx."))
        if fichier.size > lecture.TAILLE_MAX:
            raise ValidationError(
                _("Le fichier dépasse la taille maximale de %(max)s Mo.")
                % {"max": lecture.TAILLE_MAX // (1024 * 1024)}
            )
        return fichier

    def departement(self) -> str:
        return self.cleaned_data.get("departement") or self.departement_unique


class FormulaireCorrespondance(Formulaire):
    """Un choix par champ de Binôme : la colonne du fichier qui le porte (ou aucune)."""

    def __init__(self, *args, entetes=(), initiales=None, **kwargs):
        super().__init__(*args, **kwargs)
        choix = [("", _("— Aucune colonne —")), *((e, e) for e in entetes)]
        for champ in champs.CHAMPS:
            self.fields[champ.nom] = forms.ChoiceField(
                label=champ.libelle, choices=choix, required=False, initial=(initiales or {}).get(champ.nom, "")
            )

    def clean(self):
        donnees = super().clean()
        choisies = [v for v in donnees.values() if v]
        doublons = sorted({v for v in choisies if choisies.count(v) > 1})
        if doublons:
            raise ValidationError(
                _("Une colonne ne porte qu'un champ : %(liste)s") % {"liste": ", ".join(f"« {d} »" for d in doublons)}
            )
        for message in champs.manques(donnees):
            self.add_error(None, message)
        return donnees


class FormulaireImport(Formulaire):
    confirmer_homonymes = forms.BooleanField(
        label=gettext_lazy(
            "Je confirme que les personnes rapprochées par le nom et la date de naissance sont bien celles des "
            "dossiers indiqués"
        ),
        required=False,
    )

    def __init__(self, *args, a_confirmer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmer_homonymes"].required = a_confirmer
        if not a_confirmer:
            del self.fields["confirmer_homonymes"]
