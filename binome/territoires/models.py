from django.db import models
from django.utils.translation import gettext_lazy as _

from binome.core.texte import normaliser


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=2, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    nom = models.CharField(_("nom"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements", verbose_name=_("région"))

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.nom} ({self.code})"


class Commune(models.Model):
    class Type(models.TextChoices):
        COMMUNE = "COM", _("commune")
        DELEGUEE = "COMD", _("commune déléguée")
        ARRONDISSEMENT = "ARM", _("arrondissement municipal")

    code_insee = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    nom = models.CharField(_("nom"), max_length=150)
    nom_article = models.CharField(_("nom avec article"), max_length=150, blank=True)
    type = models.CharField(_("type"), max_length=4, choices=Type.choices, default=Type.COMMUNE)
    commune_parente = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("commune parente")
    )
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    code_postal = models.CharField(_("code postal principal"), max_length=5, blank=True, db_index=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Nom sans accents ni ponctuation, en minuscules : recherche portable SQLite / PostgreSQL.
    nom_normalise = models.CharField(_("nom normalisé"), max_length=150, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.code_postal or self.departement_id})"

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)


class CodePostal(models.Model):
    """Un couple (code postal, commune) : une commune peut avoir plusieurs codes postaux et inversement."""

    code_postal = models.CharField(_("code postal"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="codes_postaux")
    libelle_acheminement = models.CharField(_("libellé d'acheminement"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        constraints = [models.UniqueConstraint(fields=["code_postal", "commune"], name="code_postal_commune_unique")]

    def __str__(self):
        return f"{self.code_postal} {self.commune.nom}"


class CommuneDeleguee(models.Model):
    """Commune déléguée (type COMD du COG) : ancienne commune fusionnée dans une commune nouvelle.

    Dans le COG, la commune déléguée chef-lieu porte le même code INSEE que sa commune nouvelle :
    c'est le cas de toutes celles du fichier livré. ``Commune`` étant identifiée par son code
    INSEE, elles ont leur propre table, rattachée à leur commune parente. Le sélecteur de commune
    les trouve par leur nom et renvoie leur commune parente.
    """

    code_insee = models.CharField(_("code INSEE"), max_length=5, db_index=True)
    nom = models.CharField(_("nom"), max_length=150)
    nom_article = models.CharField(_("nom avec article"), max_length=150, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.CASCADE, related_name="communes_deleguees", verbose_name=_("commune parente")
    )
    code_postal = models.CharField(_("code postal principal"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    nom_normalise = models.CharField(_("nom normalisé"), max_length=150, db_index=True, editable=False)

    class Meta:
        verbose_name = _("commune déléguée")
        verbose_name_plural = _("communes déléguées")
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["commune", "nom"], name="commune_deleguee_unique")]

    def __str__(self):
        return f"{self.nom} ({self.code_postal or self.code_insee})"

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        super().save(*args, **kwargs)
