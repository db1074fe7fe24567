"""Formulaires de la fiche personne et de la recherche de personnes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.forms.champs import avec_vide
from binome.accompagnement.models import Personne
from binome.accompagnement.services.personnes import CHAMPS_PERSONNE
from binome.core.concurrence import CHAMP as CHAMP_VERSION
from binome.core.concurrence import VersionMixin
from binome.core.forms import Formulaire, FormulaireModele
from binome.territoires.forms import ChampCommune

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
        self.fields["organisme_allocataire"].choices = avec_vide(
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


A_ORIENTER_RSA = "rsa"
A_ORIENTER_RSA_ALERTE = "rsa_alerte"


class FormulaireRecherchePersonnes(Formulaire):
    marquer_facultatifs = False

    q = forms.CharField(label=_("Nom, prénom ou identifiant France Travail"), required=False, max_length=100)
    a_orienter = forms.ChoiceField(
        label=_("Personnes"),
        required=False,
        choices=[
            ("", _("Toutes")),
            (A_ORIENTER_RSA, _("Nouveaux bénéficiaires du RSA à orienter")),
            (A_ORIENTER_RSA_ALERTE, _("À orienter, échéance proche ou dépassée")),
        ],
    )
