"""Formulaires du pilotage : filtres du tableau de bord, nouvelle version de la définition de sortie positive."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.enums import Modalite, MotifSortie
from binome.core.forms import ChampDate, Formulaire
from binome.pilotage.indicateurs import MOIS_MAXIMUM


def periode_par_defaut(aujourdhui: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Les 12 mois qui se terminent aujourd'hui : du 1er du mois, 11 mois plus tôt, à aujourd'hui."""
    annee, mois = aujourdhui.year, aujourdhui.month - 11
    if mois <= 0:
        annee, mois = annee - 1, mois + 12
    return datetime.date(annee, mois, 1), aujourdhui


class FiltreForm(Formulaire):
    """Filtres du tableau de bord. Les territoires proposés sont ceux que l'acteur peut voir ; la vérification
    qui fait foi reste ``selectors.perimetre_pour`` (un territoire hors de portée répond 404)."""

    departement = forms.ChoiceField(label=_("Département"))
    organisation = forms.ChoiceField(label=_("Agence ou unité"), required=False)
    agent = forms.ChoiceField(label=_("Conseiller ou travailleur social"), required=False)
    modalite = forms.ChoiceField(label=_("Modalité"), choices=Modalite.choices, initial=Modalite.GLOBAL)
    du = ChampDate(label=_("Du"))
    au = ChampDate(label=_("Au"))

    marquer_facultatifs = False

    def __init__(self, *args, departements, organisations, agents, aujourdhui, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [(d.code, str(d)) for d in departements]
        self.fields["organisation"].choices = [("", _("Tout le département"))] + [
            (str(o.pk), f"{o.nom} ({o.get_type_display()})") for o in organisations
        ]
        if agents is None:
            del self.fields["agent"]
        else:
            self.fields["agent"].choices = [("", _("Toute l'organisation"))] + [
                (str(u.pk), u.get_full_name()) for u in agents
            ]
        du, au = periode_par_defaut(aujourdhui)
        self.fields["du"].initial = du
        self.fields["au"].initial = au
        self.fields["departement"].initial = departements[0].code if departements else ""

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au:
            if du > au:
                self.add_error("au", _("La date de fin doit être postérieure ou égale à la date de début."))
            elif (au.year - du.year) * 12 + au.month - du.month + 1 > MOIS_MAXIMUM:
                self.add_error("au", _("La période ne peut pas dépasser %(n)s mois.") % {"n": MOIS_MAXIMUM})
        return donnees


class FiltreNationalForm(FiltreForm):
    """Filtres du niveau national : modalité et période (tous les départements, sans territoire à choisir)."""

    def __init__(self, *args, aujourdhui, **kwargs):
        super().__init__(*args, departements=[], organisations=[], agents=None, aujourdhui=aujourdhui, **kwargs)
        del self.fields["departement"]
        del self.fields["organisation"]


class DefinitionForm(Formulaire):
    codes = forms.MultipleChoiceField(
        label=_("Motifs de sortie comptés comme positifs"),
        choices=MotifSortie.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    valable_a_partir_du = ChampDate(
        label=_("Valable à partir du"),
        help_text=_("Une période est calculée avec la définition en vigueur à sa date de fin."),
    )
    commentaire = forms.CharField(
        label=_("Motif du changement"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : décision du comité de pilotage du 12 mars."),
    )
