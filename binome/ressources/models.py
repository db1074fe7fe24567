"""Base de ressources sociales, compatible data·inclusion v1.

``Structure`` et ``Service`` portent chaque champ du schéma data·inclusion v1 sous le même nom
(``id`` est la clé ``<source>--<identifiant local>``), plus ce qu'un annuaire utilisé chaque jour
demande : organisation mainteneuse, contact réservé aux professionnels, fermeture temporaire,
fraîcheur (vérification, fréquence), score de qualité, statut de modération.

Les listes du schéma (thématiques, publics, modes…) sont des ``JSONField`` portables ; la
recherche s'appuie sur des tables dérivées indexées (``ServiceThematique``, ``ZoneEligibilite``)
et sur des colonnes dérivées (``texte_recherche``, ``publics_cle``, ``en_presentiel``…),
recalculées par ``Service.calculer_derives`` à chaque enregistrement.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binome.core.models import Horodate
from binome.core.texte import normaliser
from binome.ressources import referentiels as ref

LONGUEUR_ID = 255


class FrequenceVerification(models.IntegerChoices):
    """Fréquence de vérification d'une fiche, en mois (0 : jamais)."""

    MENSUELLE = 1, _("Tous les mois")
    TRIMESTRIELLE = 3, _("Tous les trois mois")
    SEMESTRIELLE = 6, _("Tous les six mois")
    ANNUELLE = 12, _("Tous les ans")
    JAMAIS = 0, _("Jamais")


class StatutService(models.TextChoices):
    PUBLIE = "PUBLIE", _("Publié")
    A_VALIDER = "A_VALIDER", _("À valider")
    MASQUE = "MASQUE", _("Masqué par la modération")


def ajouter_mois(jour: date, mois: int) -> date:
    annee, m = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    m += 1
    # Dernier jour valide du mois cible (31 janvier + 1 mois → 28 ou 29 février).
    for j in (jour.day, 30, 29, 28):
        try:
            return date(annee, m, j)
        except ValueError:
            continue
    raise ValueError(jour)


class _Adresse(models.Model):
    """Bloc d'adresse commun au schéma data·inclusion (structure et service)."""

    commune = models.CharField(_("commune"), max_length=150, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, blank=True)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True, db_index=True)
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=50, blank=True)
    courriel = models.EmailField(_("courriel"), max_length=254, blank=True)
    horaires_accueil = models.CharField(
        _("horaires d'accueil"),
        max_length=500,
        blank=True,
        help_text=_("Format OpenStreetMap, par exemple : Mo-Fr 09:00-12:00,14:00-17:00"),
    )

    class Meta:
        abstract = True


class Structure(_Adresse, Horodate):
    # --- data·inclusion v1 ---
    id = models.CharField(_("identifiant"), max_length=LONGUEUR_ID, primary_key=True)
    source = models.CharField(_("source"), max_length=100, db_index=True)
    nom = models.CharField(_("nom"), max_length=150)
    date_maj = models.DateField(_("date de dernière modification"))
    description = models.TextField(_("description"), blank=True)
    lien_source = models.URLField(_("lien vers la source"), max_length=500, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    site_web = models.URLField(_("site web"), max_length=500, blank=True)
    accessibilite_lieu = models.URLField(_("accessibilité du lieu (Acceslibre)"), max_length=500, blank=True)
    reseaux_porteurs = models.JSONField(_("réseaux porteurs"), default=list, blank=True)
    # --- Binôme ---
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structures_maintenues",
        verbose_name=_("organisation mainteneuse"),
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Service(_Adresse, Horodate):
    # --- data·inclusion v1 : champs requis ---
    id = models.CharField(_("identifiant"), max_length=LONGUEUR_ID, primary_key=True)
    source = models.CharField(_("source"), max_length=100, db_index=True)
    structure = models.ForeignKey(
        Structure, on_delete=models.PROTECT, related_name="services", verbose_name=_("structure")
    )
    nom = models.CharField(_("nom"), max_length=150)
    description = models.TextField(_("description"))
    date_maj = models.DateField(_("date de dernière modification"))
    # --- data·inclusion v1 : champs facultatifs ---
    lien_source = models.URLField(_("lien vers la source"), max_length=500, blank=True)
    type = models.CharField(_("type de service"), max_length=30, choices=ref.CHOIX_TYPES, blank=True)
    thematiques = models.JSONField(_("thématiques"), default=list, blank=True)
    frais = models.CharField(_("frais"), max_length=20, choices=ref.CHOIX_FRAIS, blank=True)
    frais_precisions = models.TextField(_("précisions sur les frais"), blank=True)
    publics = models.JSONField(_("publics"), default=list, blank=True)
    publics_precisions = models.TextField(_("précisions sur les publics"), blank=True)
    conditions_acces = models.TextField(_("conditions d'accès"), blank=True)
    modes_accueil = models.JSONField(_("modes d'accueil"), default=list, blank=True)
    zone_eligibilite = models.JSONField(_("zone d'éligibilité"), default=list, blank=True)
    contact_nom_prenom = models.CharField(_("nom et prénom du contact"), max_length=200, blank=True)
    lien_mobilisation = models.URLField(_("lien de mobilisation"), max_length=500, blank=True)
    modes_mobilisation = models.JSONField(_("modes de mobilisation"), default=list, blank=True)
    mobilisable_par = models.JSONField(_("mobilisable par"), default=list, blank=True)
    mobilisation_precisions = models.TextField(_("précisions sur la mobilisation"), blank=True)
    volume_horaire_hebdomadaire = models.FloatField(_("volume horaire hebdomadaire"), null=True, blank=True)
    nombre_semaines = models.PositiveIntegerField(_("nombre de semaines"), null=True, blank=True)

    # --- Binôme : maintenance et usage quotidien ---
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services_maintenus",
        verbose_name=_("organisation mainteneuse"),
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("département"),
    )
    statut = models.CharField(
        _("statut"), max_length=12, choices=StatutService.choices, default=StatutService.PUBLIE, db_index=True
    )
    motif_moderation = models.TextField(_("motif de modération"), blank=True)
    contact_reserve_professionnels = models.BooleanField(
        _("contact réservé aux professionnels"),
        default=False,
        help_text=_("Le téléphone, le courriel et le nom du contact ne sortent jamais de Binôme (export, open data)."),
    )
    documents_a_fournir = models.TextField(_("documents à fournir"), blank=True)
    fermeture_debut = models.DateField(_("fermé temporairement à partir du"), null=True, blank=True)
    fermeture_fin = models.DateField(_("jusqu'au"), null=True, blank=True)
    fermeture_message = models.CharField(_("message de fermeture"), max_length=500, blank=True)
    date_verification = models.DateField(_("date de dernière vérification"), null=True, blank=True)
    frequence_verification = models.PositiveSmallIntegerField(
        _("fréquence de vérification"),
        choices=FrequenceVerification.choices,
        default=FrequenceVerification.SEMESTRIELLE,
    )
    date_prochaine_verification = models.DateField(
        _("prochaine vérification"), null=True, blank=True, db_index=True, editable=False
    )
    rappel_envoye_le = models.DateTimeField(_("rappel de vérification envoyé le"), null=True, blank=True)
    score_qualite = models.FloatField(_("score de qualité data·inclusion"), null=True, blank=True, editable=False)

    # --- Colonnes dérivées, pour la recherche (recalculées à l'enregistrement) ---
    texte_recherche = models.TextField(editable=False, default="")
    publics_cle = models.CharField(editable=False, max_length=500, default="")
    zone_cle = models.CharField(editable=False, max_length=500, default="|france|")
    en_presentiel = models.BooleanField(editable=False, default=False)
    a_distance = models.BooleanField(editable=False, default=False)

    history = HistoricalRecords(
        excluded_fields=[
            "texte_recherche",
            "publics_cle",
            "zone_cle",
            "en_presentiel",
            "a_distance",
            "rappel_envoye_le",
        ]
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["nom"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="service_lat_lon"),
            models.Index(fields=["departement", "statut"], name="service_dept_statut"),
        ]

    def __str__(self):
        return self.nom

    # --- Dérivés -------------------------------------------------------------------------------
    def calculer_derives(self, *, structure: Structure | None = None) -> None:
        structure = structure or self.structure
        # Listes du schéma : sans doublon, triées (comparaison stable à l'import et à l'export).
        for champ in ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par"):
            setattr(self, champ, sorted(set(getattr(self, champ) or [])))
        libelles_them = ref.libelles("thematiques", self.thematiques)
        morceaux = [
            self.nom,
            structure.nom if structure else "",
            self.description,
            " ".join(libelles_them),
            " ".join(ref.libelles("publics", self.publics)),
            self.commune,
            self.publics_precisions,
            self.conditions_acces,
        ]
        self.texte_recherche = normaliser(" ".join(m for m in morceaux if m))
        publics = [p for p in (self.publics or []) if p] or [ref.TOUS_PUBLICS]
        self.publics_cle = "|" + "|".join(sorted(publics)) + "|"
        self.zone_cle = "|" + "|".join(ref.codes_de_zone(self.zone_eligibilite)) + "|"
        modes = set(self.modes_accueil or [])
        self.en_presentiel = ref.EN_PRESENTIEL in modes
        self.a_distance = ref.A_DISTANCE in modes
        if self.frequence_verification and self.date_verification:
            self.date_prochaine_verification = ajouter_mois(self.date_verification, self.frequence_verification)
        else:
            self.date_prochaine_verification = None

    # --- Lecture ---------------------------------------------------------------------------------
    def est_ferme(self, jour: date | None = None) -> bool:
        jour = jour or timezone.localdate()
        if not self.fermeture_debut or self.fermeture_debut > jour:
            return False
        return self.fermeture_fin is None or self.fermeture_fin >= jour

    def fermeture_a_venir(self, jour: date | None = None) -> bool:
        jour = jour or timezone.localdate()
        return bool(self.fermeture_debut and self.fermeture_debut > jour)

    def a_verifier(self, jour: date | None = None) -> bool:
        jour = jour or timezone.localdate()
        if self.frequence_verification == FrequenceVerification.JAMAIS:
            return False
        if not self.date_prochaine_verification:
            return True
        return self.date_prochaine_verification < jour

    @property
    def date_fraicheur(self) -> date:
        return self.date_verification or self.date_maj

    def libelles_thematiques(self) -> list[str]:
        return ref.libelles("thematiques", self.thematiques)

    def libelles_publics(self) -> list[str]:
        return ref.libelles("publics", self.publics)

    def libelles_modes_accueil(self) -> list[str]:
        return ref.libelles("modes_accueil", self.modes_accueil)

    def libelles_modes_mobilisation(self) -> list[str]:
        return ref.libelles("modes_mobilisation", self.modes_mobilisation)

    def libelles_mobilisable_par(self) -> list[str]:
        return ref.libelles("mobilisable_par", self.mobilisable_par)

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutService.PUBLIE


class ServiceThematique(models.Model):
    """Index de recherche : une ligne étroite par (service, sous-thématique).

    Elle recopie ce qui sert à choisir les candidats d'une recherche autour d'une commune (publié,
    modes d'accueil, coordonnées, zone d'éligibilité), pour que la base réponde par un parcours
    d'index sur cette seule table : (thématique, latitude) pour le présentiel dans la boîte
    englobante, (thématique, à distance) pour le reste. Recalculée par ``derives.synchroniser_index``.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="liens_thematiques")
    thematique = models.CharField(max_length=120)
    categorie = models.CharField(max_length=60)
    publie = models.BooleanField(default=True)
    en_presentiel = models.BooleanField(default=False)
    a_distance = models.BooleanField(default=False)
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    zone_cle = models.CharField(max_length=500, default="|france|")
    score_qualite = models.FloatField(null=True)

    class Meta:
        indexes = [
            # Index partiels et couvrants : la recherche ne lit que l'index, jamais la table.
            models.Index(
                fields=["thematique", "latitude", "longitude", "zone_cle", "service"],
                condition=models.Q(en_presentiel=True, publie=True),
                name="st_presentiel_idx",
            ),
            # Score et coordonnées compris : le groupe « à distance » est compté, trié et paginé sur l'index seul.
            models.Index(
                fields=["thematique", "zone_cle", "service", "score_qualite", "latitude", "longitude"],
                condition=models.Q(a_distance=True, publie=True),
                name="st_distance_couvrant_idx",
            ),
            models.Index(fields=["thematique", "service"], name="st_thematique_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["service", "thematique"], name="service_thematique_unique"),
        ]

    def __str__(self):
        return f"{self.service_id} · {self.thematique}"


class ZoneEligibilite(models.Model):
    """Table dérivée de ``Service.zone_eligibilite`` : (service, type de zone, code).

    Une zone vide vaut « partout » (règle data·inclusion) : elle est enregistrée ici comme
    ``FRANCE / france``, ce qui rend le filtre SQL d'éligibilité à une seule condition.
    """

    TYPES = [
        (ref.ZONE_COMMUNE, _("Commune")),
        (ref.ZONE_DEPARTEMENT, _("Département")),
        (ref.ZONE_EPCI, _("EPCI")),
        (ref.ZONE_FRANCE, _("France entière")),
        (ref.ZONE_PAYS, _("Pays")),
    ]

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="zones")
    type = models.CharField(max_length=12, choices=TYPES)
    code = models.CharField(max_length=10)

    class Meta:
        indexes = [
            models.Index(fields=["code", "service"], name="zone_code_service_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="zone_service_code_unique"),
        ]

    def __str__(self):
        return f"{self.service_id} · {self.code}"


class AppartenanceEpci(models.Model):
    """Commune → EPCI à fiscalité propre (SIREN), pour les zones d'éligibilité de type EPCI."""

    code_insee = models.CharField(_("code INSEE de la commune"), max_length=5, primary_key=True)
    siren = models.CharField(_("SIREN de l'EPCI"), max_length=9, db_index=True)
    nom = models.CharField(_("nom de l'EPCI"), max_length=200)

    class Meta:
        verbose_name = _("appartenance à un EPCI")
        verbose_name_plural = _("appartenances aux EPCI")

    def __str__(self):
        return f"{self.code_insee} → {self.nom}"


class CorrespondanceFrein(Horodate):
    """Surcharge départementale de la correspondance frein → thématiques (``freins.py`` = national)."""

    class Nature(models.TextChoices):
        DOMAINE = "DOMAINE", _("Domaine du diagnostic")
        SITUATION = "SITUATION", _("Situation du référentiel")

    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.CASCADE, related_name="+", verbose_name=_("département")
    )
    nature = models.CharField(_("nature"), max_length=10, choices=Nature.choices)
    code = models.CharField(_("code du frein"), max_length=200)
    thematiques = models.JSONField(_("thématiques"), default=list, blank=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correspondance frein → thématiques")
        verbose_name_plural = _("correspondances frein → thématiques")
        constraints = [
            models.UniqueConstraint(fields=["departement", "code"], name="correspondance_frein_unique"),
        ]

    def __str__(self):
        return f"{self.departement_id} · {self.code}"


class SignalementErreur(Horodate):
    """« Signaler une erreur » sur une fiche : transmis à l'organisation mainteneuse."""

    class Statut(models.TextChoices):
        OUVERT = "OUVERT", _("À traiter")
        TRAITE = "TRAITE", _("Traité")
        REJETE = "REJETE", _("Sans suite")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="signalements")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = models.TextField(_("erreur constatée"))
    statut = models.CharField(_("statut"), max_length=8, choices=Statut.choices, default=Statut.OUVERT)
    traite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    traite_le = models.DateTimeField(null=True, blank=True)
    reponse = models.TextField(_("réponse"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signalement d'erreur")
        verbose_name_plural = _("signalements d'erreur")
        ordering = ["-cree_le"]

    def __str__(self):
        return f"{self.service_id} · {self.get_statut_display()}"


class StatutOrientationService(models.TextChoices):
    ENVOYEE = "ENVOYEE", _("Envoyée")
    ACCEPTEE = "ACCEPTEE", _("Acceptée")
    REFUSEE = "REFUSEE", _("Refusée")
    EXPIREE = "EXPIREE", _("Expirée")


class OrientationService(Horodate):
    """Orientation d'une personne vers un service de l'annuaire, avec son accord (daté).

    Le partenaire destinataire ne voit que ce que l'orientation lui transmet (champs ``transmis_*`` et
    ``message``), jamais le dossier de la personne. Sans réponse, l'orientation expire après le délai
    du département (``ParametresDepartement.expiration_orientation_service_jours``).
    """

    personne = models.ForeignKey(
        "accompagnement.Personne", on_delete=models.CASCADE, related_name="orientations_services"
    )
    action = models.ForeignKey(
        "accompagnement.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="orientations_services",
        verbose_name=_("action du plan"),
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="orientations")
    emetteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation_emetteur = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adhesion_le = models.DateField(_("accord de la personne recueilli le"))
    transmis_prenom = models.CharField(_("prénom transmis"), max_length=100)
    transmis_nom = models.CharField(_("nom transmis"), max_length=100)
    transmis_contact = models.CharField(_("coordonnées transmises"), max_length=200, blank=True)
    message = models.TextField(_("message au service"), max_length=1000, blank=True)
    statut = models.CharField(
        _("statut"),
        max_length=10,
        choices=StatutOrientationService.choices,
        default=StatutOrientationService.ENVOYEE,
        db_index=True,
    )
    motif_refus = models.TextField(_("motif du refus"), blank=True)
    expire_le = models.DateField(_("expire le"), db_index=True)
    repondue_le = models.DateTimeField(_("répondue le"), null=True, blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orientation vers un service")
        verbose_name_plural = _("orientations vers des services")
        ordering = ["-cree_le", "-pk"]

    def __str__(self):
        return f"{self.service} · {self.get_statut_display()}"
