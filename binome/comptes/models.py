from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from binome.core.texte import normaliser
from binome.organisations.models import TypeOrganisation


class UtilisateurManager(BaseUserManager):
    # Pas dans les migrations : elles ne créent pas de comptes et n'importent aucun code vivant de l'application.
    use_in_migrations = False

    def _creer(self, email, password, **champs):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        utilisateur = self.model(email=self.normalize_email(email).lower(), **champs)
        utilisateur.set_password(password)
        utilisateur.save(using=self._db)
        return utilisateur

    def create_user(self, email, password=None, **champs):
        champs.setdefault("is_staff", False)
        champs.setdefault("is_superuser", False)
        return self._creer(email, password, **champs)

    def create_superuser(self, email, password=None, **champs):
        champs["is_staff"] = True
        champs["is_superuser"] = True
        return self._creer(email, password, **champs)


class FrequenceResume(models.TextChoices):
    """Fréquence du résumé par courriel de ce qui attend l'utilisateur (vide : selon le rôle, voir
    ``binome.quotidien.frequence``)."""

    QUOTIDIEN = "QUOTIDIEN", _("Chaque jour ouvré")
    HEBDOMADAIRE = "HEBDOMADAIRE", _("Chaque lundi")
    AUCUN = "AUCUN", _("Jamais")


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """Un professionnel. On ne supprime jamais un compte : on le désactive (traçabilité)."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    prenom = models.CharField(_("prénom"), max_length=100)
    nom = models.CharField(_("nom"), max_length=100)
    telephone = models.CharField(_("téléphone professionnel"), max_length=20, blank=True)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    date_joined = models.DateTimeField(_("date de création"), default=timezone.now)
    desactive_le = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    # Prénom, nom et adresse sans accents ni ponctuation : recherche portable SQLite / PostgreSQL.
    recherche_normalise = models.CharField(_("texte de recherche"), max_length=500, blank=True, editable=False)
    frequence_resume = models.CharField(
        _("fréquence du résumé par courriel"),
        max_length=15,
        choices=FrequenceResume.choices,
        blank=True,
        help_text=_("Vide : selon le rôle (chaque jour ouvré pour les conseillers et les travailleurs sociaux)."),
    )

    objects = UtilisateurManager()

    history = HistoricalRecords(excluded_fields=["password", "last_login", "recherche_normalise"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["prenom", "nom"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["nom", "prenom"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.recherche_normalise = normaliser(f"{self.prenom} {self.nom} {self.email}")
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.prenom} {self.nom}".strip()

    def get_short_name(self):
        return self.prenom


class Role(models.TextChoices):
    CONSEILLER_FT = "CONSEILLER_FT", _("Conseiller France Travail")
    TRAVAILLEUR_SOCIAL = "TRAVAILLEUR_SOCIAL", _("Travailleur social")
    REFERENT_ORIENTATION = "REFERENT_ORIENTATION", _("Référent orientation")
    ENCADRANT = "ENCADRANT", _("Encadrant")
    PILOTE = "PILOTE", _("Membre du comité de pilotage")
    ADMIN_DEPARTEMENTAL = "ADMIN_DEPARTEMENTAL", _("Administrateur départemental")
    PARTENAIRE = "PARTENAIRE", _("Partenaire")
    PILOTE_NATIONAL = "PILOTE_NATIONAL", _("Membre du comité de pilotage national")


# Types d'organisation où chaque rôle peut s'exercer (voir docs/comptes-et-organisations.md).
_T = TypeOrganisation
TYPES_ORGANISATION_PAR_ROLE = {
    Role.CONSEILLER_FT: (_T.AGENCE_FT,),
    Role.TRAVAILLEUR_SOCIAL: (_T.CONSEIL_DEPARTEMENTAL, _T.UNITE_ACTION_SOCIALE),
    Role.REFERENT_ORIENTATION: (_T.AGENCE_FT, _T.CONSEIL_DEPARTEMENTAL, _T.UNITE_ACTION_SOCIALE),
    Role.ENCADRANT: (_T.AGENCE_FT, _T.CONSEIL_DEPARTEMENTAL, _T.UNITE_ACTION_SOCIALE, _T.PARTENAIRE),
    Role.PILOTE: (_T.CONSEIL_DEPARTEMENTAL, _T.AGENCE_FT),
    Role.ADMIN_DEPARTEMENTAL: (_T.CONSEIL_DEPARTEMENTAL,),
    Role.PARTENAIRE: (_T.PARTENAIRE,),
    Role.PILOTE_NATIONAL: (_T.INSTANCE_NATIONALE,),
}


class Habilitation(models.Model):
    """Le rôle d'une personne dans une organisation. Une personne peut en avoir plusieurs."""

    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.CASCADE, related_name="habilitations", verbose_name=_("utilisateur")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="habilitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    active = models.BooleanField(pgettext_lazy("habilitation", "active"), default=True)
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)
    cree_par = models.ForeignKey(
        Utilisateur, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("créée par")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        constraints = [
            models.UniqueConstraint(fields=["utilisateur", "organisation", "role"], name="habilitation_unique"),
        ]

    def __str__(self):
        return f"{self.utilisateur} — {self.get_role_display()} ({self.organisation})"


class JetonApi(models.Model):
    """Jeton de l'API REST : il agit comme le compte auquel il appartient (rôle, périmètre, secret partagé).

    Le jeton en clair n'est montré qu'une fois, à sa création ; seule son empreinte SHA-256 est gardée (un jeton
    aléatoire de 256 bits n'a pas besoin d'un hachage lent). ``prefixe`` (les premiers caractères) permet à
    l'administrateur de reconnaître un jeton dans la liste sans le révéler.
    """

    utilisateur = models.ForeignKey(
        Utilisateur, on_delete=models.CASCADE, related_name="jetons_api", verbose_name=_("compte")
    )
    nom = models.CharField(_("nom"), max_length=100)
    prefixe = models.CharField(_("début du jeton"), max_length=12)
    empreinte = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)
    lecture_seule = models.BooleanField(_("lecture seule"), default=True)
    expire_le = models.DateField(_("expire le"), null=True, blank=True)
    cree_le = models.DateTimeField(_("créé le"), default=timezone.now)
    cree_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jetons_api_crees",
        verbose_name=_("créé par"),
    )
    derniere_utilisation_le = models.DateTimeField(_("dernière utilisation le"), null=True, blank=True)
    revoque_le = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoque_par = models.ForeignKey(
        Utilisateur,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jetons_api_revoques",
        verbose_name=_("révoqué par"),
    )
    # Limitation du débit (binome.api.limitation) : début de la fenêtre d'une minute en cours et requêtes comptées
    # depuis ; la ligne du jeton est le magasin partagé par tous les processus (UPDATE conditionnel atomique).
    fenetre_debut = models.DateTimeField(_("début de la fenêtre de limitation"), null=True, blank=True)
    requetes_fenetre = models.PositiveIntegerField(_("requêtes dans la fenêtre"), default=0)
    # Compteurs techniques, écrits à chaque requête ou presque : hors de l'historique.
    history = HistoricalRecords(
        excluded_fields=["empreinte", "derniere_utilisation_le", "fenetre_debut", "requetes_fenetre"]
    )

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.nom} ({self.prefixe}…)"

    @property
    def est_revoque(self) -> bool:
        return self.revoque_le is not None

    @property
    def est_expire(self) -> bool:
        # Valable jusqu'à la fin du jour d'expiration (comme ``comptes.selectors.jeton_api_valide``).
        return self.expire_le is not None and self.expire_le < timezone.localdate()

    @property
    def est_actif(self) -> bool:
        return not self.est_revoque and not self.est_expire
