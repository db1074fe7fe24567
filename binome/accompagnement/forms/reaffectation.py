"""Réaffectation : chaque candidat est présenté avec sa charge et sa fourchette ; la surcharge se confirme."""

from django import forms
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from binome.core.forms import Formulaire

LIBELLES_COTE = {"conseiller": _("Conseiller France Travail"), "referent_social": _("Référent social")}


def libelle_candidat(candidat) -> str:
    """« Nom — 72 parcours en cours (fourchette 70–100) », suivi de « au-dessus » s'il la dépasse déjà."""
    libelle = _gettext("%(nom)s — %(n)s parcours en cours (fourchette %(min)s–%(max)s)") % {
        "nom": candidat.utilisateur.get_full_name() or candidat.utilisateur.email,
        "n": candidat.nombre,
        "min": candidat.minimum,
        "max": candidat.maximum,
    }
    if candidat.niveau == "au_dessus":
        libelle += " — " + _gettext("déjà au-dessus de sa fourchette")
    return libelle


def champ_confirmation() -> forms.BooleanField:
    return forms.BooleanField(
        label=_("Je confirme malgré la charge"),
        help_text=_("À cocher pour confier des parcours à un agent qui dépasserait le haut de sa fourchette."),
        required=False,
    )


class FormulaireReaffectationGroupes(Formulaire):
    """Un choix d'agent par groupe (côté du binôme × organisation) ; ``obligatoire`` pour le départ d'un agent."""

    def __init__(self, *args, groupes, obligatoire: bool, desactivation: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.groupes = groupes
        for groupe in groupes:
            vide = _("Choisissez un agent") if obligatoire else _("Inchangé")
            libelle = _("%(cote)s — %(organisation)s (%(n)s parcours)") % {
                "cote": LIBELLES_COTE[groupe.champ],
                "organisation": groupe.organisation_nom,
                "n": len(groupe.parcours),
            }
            self.fields[groupe.cle] = forms.TypedChoiceField(
                label=libelle,
                choices=[("", vide), *((c.utilisateur.pk, libelle_candidat(c)) for c in groupe.candidats)],
                coerce=int,
                empty_value=None,
                required=obligatoire,
            )
        self.fields["confirmer_surcharge"] = champ_confirmation()
        self.avec_desactivation = desactivation
        if desactivation:
            self.fields["desactiver"] = forms.BooleanField(
                label=_("Désactiver ensuite le compte de l'agent"), required=False, initial=True
            )

    @property
    def lignes(self):
        """(groupe, champ lié) dans l'ordre des groupes, pour le gabarit."""
        return [(groupe, self[groupe.cle]) for groupe in self.groupes]

    def remplacants(self) -> dict:
        """``{clé du groupe: nouvel agent}`` des choix faits (après ``is_valid``)."""
        resultat = {}
        for groupe in self.groupes:
            pk = self.cleaned_data.get(groupe.cle)
            candidat = groupe.candidat(pk) if pk else None
            if candidat is not None:
                resultat[groupe.cle] = candidat.utilisateur
        return resultat
