from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from binome.core.models import Horodate
from binome.core.texte import normaliser


class TypeOrganisation(models.TextChoices):
    AGENCE_FT = "AGENCE_FT", _("Agence France Travail")
    CONSEIL_DEPARTEMENTAL = "CONSEIL_DEPARTEMENTAL", _("Conseil départemental")
    UNITE_ACTION_SOCIALE = "UNITE_ACTION_SOCIALE", _("Unité territoriale d'action sociale")
    PARTENAIRE = "PARTENAIRE", _("Structure partenaire")
    INSTANCE_NATIONALE = "INSTANCE_NATIONALE", _("Instance nationale de pilotage")


# Types d'organisation de portée nationale : enregistrés dans le département de leur siège, ils n'entrent pas
# dans le périmètre de l'administrateur de ce département ; seul le super-administrateur les gère
# (``binome.comptes.selectors``).
TYPES_NATIONAUX = (TypeOrganisation.INSTANCE_NATIONALE,)


class CategoriePartenaire(models.TextChoices):
    ASSOCIATION = "ASSOCIATION", _("Association")
    CCAS = "CCAS", _("CCAS / CIAS")
    MISSION_LOCALE = "MISSION_LOCALE", _("Mission locale")
    SIAE = "SIAE", _("Structure d'insertion par l'activité économique")
    CAP_EMPLOI = "CAP_EMPLOI", _("Cap emploi")
    ORGANISME_FORMATION = "ORGANISME_FORMATION", _("Organisme de formation")
    COLLECTIVITE = "COLLECTIVITE", _("Collectivité")
    AUTRE = "AUTRE", _("Autre")


class Organisation(Horodate):
    nom = models.CharField(_("nom"), max_length=200)
    type = models.CharField(_("type"), max_length=30, choices=TypeOrganisation.choices)
    categorie_partenaire = models.CharField(
        _("catégorie de partenaire"), max_length=30, choices=CategoriePartenaire.choices, blank=True
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("département"),
    )
    # Une unité d'action sociale dépend du conseil départemental.
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unites",
        verbose_name=_("organisation de rattachement"),
    )
    communes = models.ManyToManyField(
        "territoires.Commune",
        blank=True,
        related_name="organisations_couvrantes",
        verbose_name=_("communes couvertes"),
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations_implantees",
        verbose_name=_("commune du siège"),
    )
    courriel = models.EmailField(_("courriel"), blank=True)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    active = models.BooleanField(pgettext_lazy("organisation", "active"), default=True)
    # Nom sans accents ni ponctuation : recherche portable SQLite / PostgreSQL.
    nom_normalise = models.CharField(_("nom normalisé"), max_length=200, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["nom_normalise"], m2m_fields=[communes])

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["departement_id", "type", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "type", "nom"], name="organisation_nom_unique_par_dept")
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)


class ParametresDepartement(Horodate):
    """Réglages de la convention propre à chaque département (durées, seuils d'alerte, libellés)."""

    departement = models.OneToOneField(
        "territoires.Departement", on_delete=models.CASCADE, related_name="parametres", verbose_name=_("département")
    )
    libelle_unite_action_sociale = models.CharField(
        _("libellé des unités d'action sociale"),
        max_length=100,
        default="Maison départementale des solidarités",
        help_text=_("Par exemple : circonscription d'action sociale, MDS, UTAS."),
    )
    duree_parcours_mois = models.PositiveSmallIntegerField(
        _("durée d'un parcours (mois)"), default=12, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    duree_renouvellement_mois = models.PositiveSmallIntegerField(
        _("durée du renouvellement (mois)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    fenetre_renouvellement_jours = models.PositiveSmallIntegerField(
        _("renouvellement possible à partir de (jours avant la fin prévue)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    alerte_sans_contact_jours = models.PositiveSmallIntegerField(
        _("alerte sans contact après (jours)"), default=15, validators=[MinValueValidator(1)]
    )
    alerte_fin_terme_jours = models.PositiveSmallIntegerField(
        _("alerte de fin de terme (jours avant)"), default=30, validators=[MinValueValidator(1)]
    )
    delai_orientation_rsa_jours = models.PositiveSmallIntegerField(
        _("délai pour décider l'orientation d'un nouveau bénéficiaire du RSA (jours)"),
        default=42,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Compté depuis son apparition dans la liste de l'organisme payeur (6 semaines par défaut)."),
    )
    alerte_orientation_jours = models.PositiveSmallIntegerField(
        _("alerte orientation sans diagnostic après (jours)"), default=21, validators=[MinValueValidator(1)]
    )
    portefeuille_min = models.PositiveSmallIntegerField(_("portefeuille attendu : minimum"), default=70)
    portefeuille_max = models.PositiveSmallIntegerField(_("portefeuille attendu : maximum"), default=100)
    heures_hebdo_rsa = models.PositiveSmallIntegerField(
        _("heures d'activité hebdomadaires par défaut (RSA)"), default=15, validators=[MaxValueValidator(35)]
    )
    conservation_mois = models.PositiveSmallIntegerField(
        _("conservation après le dernier contact (mois)"), default=24, validators=[MinValueValidator(1)]
    )
    expiration_orientation_service_jours = models.PositiveSmallIntegerField(
        _("expiration d'une orientation vers un service (jours)"), default=30, validators=[MinValueValidator(1)]
    )
    connexion_mot_de_passe = models.BooleanField(
        _("connexion par mot de passe permise"),
        default=True,
        help_text=_(
            "Décochée, les professionnels du département se connectent par ProConnect seulement (le formulaire de "
            "mot de passe les y renvoie). Ne la décochez qu'une fois ProConnect en service pour Binôme."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("paramètres du département")
        verbose_name_plural = _("paramètres des départements")

    def __str__(self):
        return str(self.departement)


class ConventionFSE(Horodate):
    """Convention de cofinancement FSE+ du département : les parcours **entrés** entre ``date_debut`` et
    ``date_fin`` (incluses ; sans fin : convention en cours) sont cofinancés, sous l'identifiant d'opération de la
    convention. Une dérogation par parcours (``Parcours.cofinance_fse``) l'emporte ; la règle est écrite une fois
    (``binome.accompagnement.cofinancement``). Les conventions d'un département ne se chevauchent pas."""

    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.CASCADE,
        related_name="conventions_fse",
        verbose_name=_("département"),
    )
    date_debut = models.DateField(_("date de début"))
    date_fin = models.DateField(_("date de fin"), null=True, blank=True, help_text=_("Vide : convention en cours."))
    identifiant_operation = models.CharField(
        _("identifiant d'opération FSE+"), max_length=50, help_text=_("Identifiant donné par l'autorité de gestion.")
    )
    intitule = models.CharField(_("intitulé"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("convention FSE+")
        verbose_name_plural = _("conventions FSE+")
        ordering = ["departement", "date_debut", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="convention_fse_fin_apres_debut",
            ),
        ]

    def __str__(self):
        return f"{self.identifiant_operation} ({self.departement_id}, {self.date_debut})"
