import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from binome.comptes.models import Role
from binome.comptes.regles import verifier_role_organisation
from binome.comptes.selectors import (
    EtatJeton,
    StatutCompte,
    est_super_admin,
    habilitations,
    organisations_pour_habilitation,
)
from binome.core.courriels import courriel
from binome.core.forms import ChampDate, Formulaire, _DsfrMixin
from binome.organisations.selectors import connexion_mot_de_passe_permise

journal = logging.getLogger(__name__)


class FormulaireConnexion(_DsfrMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("Adresse électronique ou mot de passe incorrect."),
        "inactive": _("Ce compte est désactivé. Contactez l'administrateur de votre département."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def confirm_login_allowed(self, user):
        """Refuse le mot de passe quand chaque département des habilitations actives du compte l'a désactivé
        (``ParametresDepartement.connexion_mot_de_passe``) ; les super-administrateurs de la plateforme le gardent,
        et le développement aussi (``BINOME_MOT_DE_PASSE_TOUJOURS_PERMIS``, vrai avec DEBUG)."""
        super().confirm_login_allowed(user)
        if settings.BINOME_MOT_DE_PASSE_TOUJOURS_PERMIS or est_super_admin(user):
            return
        if not connexion_mot_de_passe_permise({h.departement_code for h in habilitations(user)}):
            raise ValidationError(
                _(
                    "La connexion par mot de passe est désactivée dans votre département : connectez-vous avec "
                    "ProConnect (bouton « S’identifier avec ProConnect » ci-dessus), avec votre adresse "
                    "électronique professionnelle."
                ),
                code="mot_de_passe_desactive",
            )


class FormulaireMotDePasseOublie(_DsfrMixin, PasswordResetForm):
    email = forms.EmailField(label=_("Adresse électronique"), max_length=254)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **options):
        """Le courriel de Django passe par le fabricant de Binôme : partie texte sans entités HTML (celui de
        Django rend le ``.txt`` avec ``render_to_string``, qui échappe). Gabarits : ``<nom>.txt`` et
        ``<nom>_sujet.txt``."""
        gabarit = email_template_name.removesuffix(".txt")
        if subject_template_name != f"{gabarit}_sujet.txt":
            raise ValueError(f"Sujet attendu : {gabarit}_sujet.txt (et non {subject_template_name}).")
        try:
            courriel(a=[to_email], gabarit=gabarit, contexte=context).send()
        except Exception as erreur:  # comme Django : la page ne dit pas si l'envoi a échoué (énumération)
            journal.warning(
                "Échec d'envoi du courriel de mot de passe oublié (compte %s) : %s",
                context["user"].pk,
                type(erreur).__name__,
            )


class FormulaireNouveauMotDePasse(_DsfrMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()


class FormulaireChangementMotDePasse(_DsfrMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._appliquer_classes_dsfr()


class _ChampOrganisation(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.nom} — {obj.get_type_display()} ({obj.departement_id})"


class _RoleOrganisationMixin:
    """Champs « organisation » et « rôle » : organisations limitées au périmètre de l'acteur."""

    def _initialiser_role_organisation(self, acteur):
        self.fields["organisation"].queryset = organisations_pour_habilitation(acteur).select_related("departement")

    def _verifier_role_organisation(self, donnees):
        organisation, role = donnees.get("organisation"), donnees.get("role")
        if organisation is not None and role:
            try:
                verifier_role_organisation(role, organisation)
            except ValidationError as erreur:
                self.add_error("role", erreur)
        return donnees


class FormulaireInvitation(_RoleOrganisationMixin, Formulaire):
    email = forms.EmailField(
        label=_("Adresse électronique professionnelle"),
        max_length=254,
        help_text=_("Si un compte existe déjà pour cette adresse, le rôle lui est simplement ajouté."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    prenom = forms.CharField(label=_("Prénom"), max_length=100)
    nom = forms.CharField(label=_("Nom"), max_length=100)
    organisation = _ChampOrganisation(
        label=_("Organisation"), queryset=None, empty_label=_("Choisir une organisation")
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=[("", _("Choisir un rôle")), *Role.choices])

    def __init__(self, *args, acteur, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialiser_role_organisation(acteur)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        return self._verifier_role_organisation(super().clean())


class FormulaireHabilitation(_RoleOrganisationMixin, Formulaire):
    organisation = _ChampOrganisation(
        label=_("Organisation"), queryset=None, empty_label=_("Choisir une organisation")
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=[("", _("Choisir un rôle")), *Role.choices])

    def __init__(self, *args, acteur, **kwargs):
        super().__init__(*args, **kwargs)
        self._initialiser_role_organisation(acteur)

    def clean(self):
        return self._verifier_role_organisation(super().clean())


class FormulaireRechercheUtilisateurs(Formulaire):
    marquer_facultatifs = False

    q = forms.CharField(label=_("Rechercher (nom, prénom, adresse)"), required=False, max_length=100)
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[
            ("", _("Tous")),
            (StatutCompte.ACTIF, _("Actifs")),
            (StatutCompte.INVITE, _("Invitation en attente")),
            (StatutCompte.DESACTIVE, _("Désactivés")),
        ],
    )


class FormulaireJetonApi(Formulaire):
    """Création d'un jeton d'API pour un compte (page de l'administrateur)."""

    PORTEE_LECTURE = "lecture"
    PORTEE_ECRITURE = "ecriture"

    nom = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Le logiciel ou le traitement qui l'utilisera, par exemple « IODAS – synchronisation »."),
    )
    portee = forms.ChoiceField(
        label=_("Portée"),
        choices=[
            (PORTEE_LECTURE, _("Lecture seule")),
            (PORTEE_ECRITURE, _("Lecture et écriture")),
        ],
        initial=PORTEE_LECTURE,
        widget=forms.RadioSelect,
    )
    expire_le = ChampDate(
        label=_("Dernier jour de validité"),
        required=False,
        help_text=_("Laissez vide pour un jeton sans échéance ; une échéance est recommandée."),
    )

    @property
    def lecture_seule(self) -> bool:
        return self.cleaned_data["portee"] == self.PORTEE_LECTURE


class FormulaireFiltreJetons(Formulaire):
    marquer_facultatifs = False

    etat = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[("", _("Tous")), (EtatJeton.ACTIF, _("Utilisables")), (EtatJeton.INACTIF, _("Révoqués ou expirés"))],
    )
