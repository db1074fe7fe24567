"""Modèle de données de l'accompagnement global.

Structure seulement : les écritures passent par ``services.py`` (transitions d'état, dénormalisations,
chronologie) et les lectures soumises à permission par ``selectors.py``. Voir ``docs/modele-de-donnees.md``.

Données personnelles : tous les modèles qui en portent ont un historique (django-simple-history).
Anonymisation (2 ans sans contact) : les champs d'identité, de coordonnées et de texte libre sont
vidables (``blank=True`` / ``null=True``) ; les caractéristiques utiles aux statistiques sont copiées
sur le parcours à l'entrée.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.core.models import Horodate
from binome.core.texte import normaliser
from binome.organisations.models import ParametresDepartement


def _jour(valeur) -> str:
    """Date d'un libellé d'objet (relevé, historique, administration) : au format français, jamais ISO."""
    return date_format(valeur, "SHORT_DATE_FORMAT") if valeur else ""


LONGUEUR_NOTE_CONTACT = 500
LONGUEUR_TEXTE_COURT = 200
LONGUEUR_NOTE_PRIVEE = 5000
LONGUEUR_COORDINATION = 1000
# Identifiant data·inclusion « source--id » d'un service de l'annuaire (comme ``ressources.Service.id``).
LONGUEUR_ID_SERVICE = 255


def _choix(champ_enum, *, defaut=None, blank=False, verbose_name=None, max_length=None):
    """Un CharField à choix dont la longueur suit l'énumération."""
    longueur = max_length or max(len(v) for v in champ_enum.values)
    options = {"max_length": longueur, "choices": champ_enum.choices, "blank": blank}
    if defaut is not None:
        options["default"] = defaut
    return models.CharField(verbose_name, **options)


class ElementReferentiel(models.Model):
    """Situation (frein), objectif ou action du référentiel du Carnet de bord (``data/referentiel-parcours.csv``)."""

    type = _choix(e.TypeElementReferentiel, verbose_name=_("type"))
    theme_code = models.CharField(_("code du thème"), max_length=60)
    theme_libelle = models.CharField(_("thème"), max_length=120)
    libelle = models.CharField(_("libellé"), max_length=255)
    # Correspondance thème → domaine de frein (vide pour les thèmes professionnels : emploi, formation…).
    domaine_frein = _choix(e.DomaineFrein, blank=True, verbose_name=_("domaine de frein"))
    actif = models.BooleanField(_("actif"), default=True)

    class Meta:
        verbose_name = _("élément du référentiel")
        verbose_name_plural = _("éléments du référentiel")
        ordering = ["type", "theme_libelle", "libelle"]
        constraints = [
            models.UniqueConstraint(fields=["type", "theme_code", "libelle"], name="element_referentiel_unique"),
        ]
        indexes = [models.Index(fields=["type", "domaine_frein"], name="referentiel_type_domaine")]

    def __str__(self):
        return self.libelle


class Personne(Horodate):
    """Une personne accompagnée (ou repérée). Pas de NIR. Son département fixe le périmètre d'accès."""

    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="personnes", verbose_name=_("département")
    )
    # Identité (effacée à l'anonymisation).
    nom = models.CharField(_("nom"), max_length=100, blank=True)
    prenom = models.CharField(_("prénom"), max_length=100, blank=True)
    nom_normalise = models.CharField(_("nom normalisé"), max_length=100, blank=True, editable=False)
    prenom_normalise = models.CharField(_("prénom normalisé"), max_length=100, blank=True, editable=False)
    date_naissance = models.DateField(_("date de naissance"), null=True, blank=True)
    sexe = _choix(e.Sexe, defaut=e.Sexe.NON_RENSEIGNE, verbose_name=_("sexe"))
    identifiant_ft = models.CharField(_("identifiant France Travail"), max_length=20, blank=True)
    organisme_allocataire = _choix(e.OrganismeAllocataire, blank=True, verbose_name=_("organisme allocataire"))
    numero_allocataire = models.CharField(_("numéro d'allocataire CAF/MSA"), max_length=20, blank=True)
    # Droit au RSA tel que le portent les listes de la CAF/MSA ou du logiciel social du département (import des
    # listes) : statut, date, motif (le motif n'est montré qu'au côté social). ``inscrite_liste_rsa_le`` : jour
    # où la personne est apparue comme nouvelle bénéficiaire à orienter (départ du délai d'orientation).
    droit_rsa = _choix(e.DroitRsa, defaut="", blank=True, verbose_name=_("droit au RSA"))
    droit_rsa_le = models.DateField(_("droit au RSA : date"), null=True, blank=True)
    droit_rsa_motif = models.CharField(_("droit au RSA : motif"), max_length=200, blank=True)
    inscrite_liste_rsa_le = models.DateField(_("nouvelle bénéficiaire du RSA listée le"), null=True, blank=True)
    # Coordonnées (effacées à l'anonymisation ; la commune est conservée comme territoire).
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    courriel = models.EmailField(_("courriel"), blank=True)
    adresse = models.CharField(_("adresse"), max_length=255, blank=True)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personnes",
        verbose_name=_("commune de résidence"),
    )
    # Situation (courante ; copiée sur le parcours à l'entrée).
    beneficiaire_rsa = models.BooleanField(_("bénéficiaire du RSA"), default=False)
    beneficiaire_are = models.BooleanField(_("bénéficiaire de l'ARE"), default=False)
    beneficiaire_ass = models.BooleanField(_("bénéficiaire de l'ASS"), default=False)
    beneficiaire_aah = models.BooleanField(_("bénéficiaire de l'AAH"), default=False)
    beneficiaire_prime_activite = models.BooleanField(_("bénéficiaire de la prime d'activité"), default=False)
    residence_qpv = models.BooleanField(_("réside en quartier prioritaire (QPV)"), default=False)
    niveau_formation = _choix(
        e.NiveauFormation, defaut=e.NiveauFormation.NON_RENSEIGNE, verbose_name=_("niveau de formation")
    )
    parent_isole = models.BooleanField(_("parent isolé"), default=False)
    sans_domicile = models.BooleanField(_("sans domicile ou exclu du logement"), default=False)
    nationalite = _choix(e.Nationalite, defaut=e.Nationalite.NON_RENSEIGNE, verbose_name=_("nationalité"))
    situation_marche_travail = _choix(
        e.SituationMarcheTravail,
        defaut=e.SituationMarcheTravail.NON_RENSEIGNE,
        verbose_name=_("situation sur le marché du travail"),
    )
    # Donnée de santé : visible du seul côté social (voir selectors.CHAMPS_SANTE_PERSONNE).
    rqth = _choix(
        e.ReponseSensible,
        defaut=e.ReponseSensible.NON_RENSEIGNE,
        verbose_name=_("reconnaissance de la qualité de travailleur handicapé (RQTH)"),
    )
    # Conformité.
    notice_remise_le = models.DateField(_("notice d'information remise le"), null=True, blank=True)
    opposition_le = models.DateField(
        _("opposition exprimée le"),
        null=True,
        blank=True,
        help_text=_("Droit d'opposition : date à laquelle la personne s'est opposée au traitement."),
    )
    opposition_motif = models.TextField(
        _("motif de l'opposition"), blank=True, validators=[MaxLengthValidator(LONGUEUR_TEXTE_COURT)]
    )
    opposition_examinee_le = models.DateTimeField(_("opposition examinée le"), null=True, blank=True)
    opposition_examinee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opposition examinée par"),
    )
    dernier_contact_le = models.DateField(
        _("dernier contact le"),
        null=True,
        blank=True,
        help_text=_("Tenu à jour par les services ; sert au délai de conservation."),
    )
    tranche_age = _choix(e.TrancheAge, blank=True, verbose_name=_("tranche d'âge (conservée à l'anonymisation)"))
    anonymise_le = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["nom_normalise", "prenom_normalise", "pk"]
        constraints = [
            # Un identifiant France Travail désigne une seule personne dans un département (clé d'import).
            models.UniqueConstraint(
                fields=["departement", "identifiant_ft"],
                condition=~Q(identifiant_ft=""),
                name="personne_identifiant_ft_unique_par_dept",
            ),
        ]
        indexes = [
            # Doublon probable : même nom + date de naissance dans le département.
            models.Index(fields=["departement", "nom_normalise", "date_naissance"], name="personne_doublon_nom"),
            models.Index(fields=["identifiant_ft"], name="personne_identifiant_ft"),
            models.Index(fields=["departement", "dernier_contact_le"], name="personne_conservation"),
            # Échelle (issue 17) : l'alerte « inscrite sur la liste RSA, pas encore orientée » de l'accueil ne lit que
            # les personnes inscrites (sans cet index, PostgreSQL parcourait le million de personnes).
            models.Index(
                fields=["departement", "inscrite_liste_rsa_le"],
                condition=Q(inscrite_liste_rsa_le__isnull=False, anonymise_le__isnull=True),
                name="personne_inscrite_rsa",
            ),
        ]

    def __str__(self):
        if self.anonymise_le:
            return str(_("Personne anonymisée"))
        return f"{self.prenom} {self.nom}".strip() or str(_("Personne sans nom"))

    @property
    def opposition(self) -> bool:
        return self.opposition_le is not None

    def save(self, *args, **kwargs):
        self.nom_normalise = normaliser(self.nom)
        self.prenom_normalise = normaliser(self.prenom)
        super().save(*args, **kwargs)


class Parcours(Horodate):
    """Un parcours d'accompagnement : du repérage à la sortie. Une ré-entrée ouvre un nouveau parcours.

    Champs dénormalisés tenus par les services (pilotage sans jointure sur ~1 million de lignes) :
    ``departement`` (celui de la personne à la création), ``jours_suspendus``, ``date_sortie``,
    ``motif_sortie`` et les caractéristiques « à l'entrée » (``*_entree``), figées à l'entrée.
    """

    personne = models.ForeignKey(Personne, on_delete=models.PROTECT, related_name="parcours")
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="parcours", verbose_name=_("département")
    )
    etat = _choix(e.EtatParcours, defaut=e.EtatParcours.REPERE, verbose_name=_("état"))
    modalite = _choix(e.Modalite, defaut=e.Modalite.GLOBAL, verbose_name=_("modalité"))
    # Modalité figée à la première entrée (vide avant) : les entrées d'une période se comptent par elle, quels que
    # soient les changements suivants (``ChangementModalite``, docs/parcours.md « Changements de modalité »).
    modalite_entree = _choix(e.Modalite, blank=True, verbose_name=_("modalité à l'entrée"))
    # Date du dernier changement de modalité (vide s'il n'y en a pas eu) : dénormalisée pour que le pilotage ne lise
    # les changements que des parcours qui en ont.
    modalite_changee_le = models.DateField(_("modalité changée le"), null=True, blank=True)
    # Le binôme et leurs organisations (statistiques par territoire, accès des encadrants).
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours_conseiller",
        verbose_name=_("conseiller France Travail"),
    )
    organisation_conseiller = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours_conseiller",
        verbose_name=_("agence France Travail"),
    )
    referent_social = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours_referent",
        verbose_name=_("référent social"),
    )
    organisation_referent = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcours_referent",
        verbose_name=_("unité d'action sociale ou conseil départemental"),
    )
    # Dates.
    date_reperage = models.DateField(_("date de repérage"))
    date_orientation = models.DateField(_("date d'orientation"), null=True, blank=True)
    date_entree = models.DateField(_("date d'entrée"), null=True, blank=True)
    date_fin_prevue = models.DateField(_("fin prévue"), null=True, blank=True)
    renouvele_le = models.DateField(_("renouvelé le"), null=True, blank=True)
    motif_renouvellement = models.CharField(_("motif du renouvellement"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    # Renouvellement = décision conjointe : l'accord daté de chaque membre du binôme (services/parcours.py).
    accord_renouvellement_conseiller_le = models.DateField(
        _("accord du conseiller pour le renouvellement"), null=True, blank=True
    )
    accord_renouvellement_referent_le = models.DateField(
        _("accord du référent social pour le renouvellement"), null=True, blank=True
    )
    accord_renouvellement_personne_le = models.DateField(
        _("accord de la personne pour le renouvellement"), null=True, blank=True
    )
    # Social exclusif : date de l'accord de l'autre côté au retour vers un diagnostic partagé (garde de la
    # machine), effacée au retour.
    retour_diagnostic_accorde_le = models.DateField(
        _("retour vers un diagnostic partagé accordé le"), null=True, blank=True
    )
    jours_suspendus = models.PositiveIntegerField(_("jours suspendus"), default=0)
    # Parcours non retenu (refus d'orientation, décision du diagnostic, retrait avant l'entrée).
    non_retenu_le = models.DateField(_("non retenu le"), null=True, blank=True)
    motif_non_retenu = _choix(e.MotifNonRetenu, blank=True, verbose_name=_("motif de non-retenue"))
    date_sortie = models.DateField(_("date de sortie"), null=True, blank=True)
    motif_sortie = _choix(e.MotifSortie, blank=True, verbose_name=_("motif de sortie"))
    # Caractéristiques figées à l'entrée (statistiques stables, survivent à l'anonymisation).
    sexe = _choix(e.Sexe, defaut=e.Sexe.NON_RENSEIGNE, verbose_name=_("sexe"))
    age_entree = models.PositiveSmallIntegerField(_("âge à l'entrée"), null=True, blank=True)
    tranche_age_entree = _choix(e.TrancheAge, blank=True, verbose_name=_("tranche d'âge à l'entrée"))
    commune_entree = models.ForeignKey(
        "territoires.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune de résidence à l'entrée"),
    )
    rsa_entree = models.BooleanField(_("RSA à l'entrée"), default=False)
    qpv_entree = models.BooleanField(_("QPV à l'entrée"), default=False)
    niveau_formation_entree = _choix(
        e.NiveauFormation, defaut=e.NiveauFormation.NON_RENSEIGNE, verbose_name=_("niveau de formation à l'entrée")
    )
    situation_marche_travail_entree = _choix(
        e.SituationMarcheTravail,
        defaut=e.SituationMarcheTravail.NON_RENSEIGNE,
        verbose_name=_("situation sur le marché du travail à l'entrée"),
    )
    parent_isole_entree = models.BooleanField(_("parent isolé à l'entrée"), default=False)
    sans_domicile_entree = models.BooleanField(_("sans domicile à l'entrée"), default=False)
    nationalite_entree = _choix(
        e.Nationalite, defaut=e.Nationalite.NON_RENSEIGNE, verbose_name=_("nationalité à l'entrée")
    )
    # FSE+ : dérogation au parcours (vide : la convention du département décide, ``cofinancement.py``).
    identifiant_operation_fse = models.CharField(_("identifiant d'opération FSE+"), max_length=50, blank=True)
    cofinance_fse = models.BooleanField(_("cofinancé par le FSE+ (dérogation)"), null=True, blank=True)
    motif_derogation_fse = models.CharField(
        _("motif de la dérogation FSE+"), max_length=LONGUEUR_TEXTE_COURT, blank=True
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créé par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = _("parcours")
        ordering = ["-date_reperage", "-pk"]
        constraints = [
            # Un seul parcours ouvert à la fois par personne ; une ré-entrée ouvre un nouveau parcours.
            models.UniqueConstraint(
                fields=["personne"],
                condition=~Q(etat__in=e.ETATS_CLOS),
                name="parcours_un_seul_ouvert_par_personne",
            ),
            # Clé d'import (département + identifiant FT + date d'entrée), avec l'unicité de
            # (département, identifiant_ft) sur Personne.
            models.UniqueConstraint(
                fields=["personne", "date_entree"],
                condition=Q(date_entree__isnull=False),
                name="parcours_personne_date_entree_unique",
            ),
            models.CheckConstraint(
                condition=~Q(etat__in=(*e.ETATS_EN_COURS, e.EtatParcours.SORTI)) | Q(date_entree__isnull=False),
                name="parcours_entree_datee",
            ),
            models.CheckConstraint(
                condition=(Q(etat=e.EtatParcours.SORTI) & Q(date_sortie__isnull=False) & ~Q(motif_sortie=""))
                | (~Q(etat=e.EtatParcours.SORTI) & Q(date_sortie__isnull=True) & Q(motif_sortie="")),
                name="parcours_sortie_coherente",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie__isnull=True) | Q(date_sortie__gte=F("date_entree")),
                name="parcours_sortie_apres_entree",
            ),
            models.CheckConstraint(
                condition=Q(date_fin_prevue__isnull=True) | Q(date_fin_prevue__gte=F("date_entree")),
                name="parcours_fin_prevue_apres_entree",
            ),
        ]
        indexes = [
            models.Index(fields=["departement", "modalite", "date_entree"], name="parcours_dept_modalite_entree"),
            models.Index(fields=["departement", "modalite_entree", "date_entree"], name="parcours_dept_mod_a_entree"),
            models.Index(fields=["departement", "date_sortie", "motif_sortie"], name="parcours_dept_sortie"),
            models.Index(fields=["date_sortie"], name="parcours_date_sortie"),
            models.Index(fields=["departement", "etat"], name="parcours_dept_etat"),
            models.Index(fields=["conseiller", "etat"], name="parcours_conseiller_etat"),
            models.Index(fields=["referent_social", "etat"], name="parcours_referent_etat"),
            models.Index(fields=["organisation_conseiller", "date_entree"], name="parcours_agence_entree"),
            models.Index(fields=["organisation_referent", "date_entree"], name="parcours_unite_entree"),
            # Échelle (issue 17) : le périmètre d'un agent (personnes_visibles) lu sur l'index seul, sans relire les
            # parcours (binôme : acteur + département → personne) ; les parcours avant entrée, peu nombreux, sans
            # parcourir tous les parcours ouverts du pays.
            models.Index(fields=["conseiller", "departement", "personne"], name="parcours_conseiller_perimetre"),
            models.Index(fields=["referent_social", "departement", "personne"], name="parcours_referent_perimetre"),
            models.Index(
                fields=["etat", "departement"],
                condition=Q(etat__in=e.ETATS_AVANT_ENTREE),
                name="parcours_avant_entree",
            ),
        ]

    def __str__(self):
        jour = _jour(self.date_entree or self.date_reperage)
        return f"{self.get_modalite_display()} — {self.get_etat_display()} ({jour})"

    @property
    def est_clos(self) -> bool:
        return machine.est_clos(self)

    @cached_property
    def fenetre_renouvellement_jours(self) -> int:
        """Réglage du département (garde du renouvellement de la machine) ; la démonstration peut le poser."""
        jours = (
            ParametresDepartement.objects.filter(departement_id=self.departement_id)
            .values_list("fenetre_renouvellement_jours", flat=True)
            .first()
        )
        return jours if jours is not None else calculs.FENETRE_RENOUVELLEMENT_JOURS_DEFAUT

    @property
    def est_avant_entree(self) -> bool:
        return machine.est_avant_entree(self)


class PeriodeSuspension(Horodate):
    """Suspension d'un parcours : ses jours ne comptent pas dans la durée (cumul dans ``Parcours.jours_suspendus``)."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="suspensions")
    debut = models.DateField(_("début"))
    fin = models.DateField(_("fin"), null=True, blank=True, help_text=_("Vide tant que la suspension dure."))
    motif = _choix(e.MotifSuspension, verbose_name=_("motif"))
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("période de suspension")
        verbose_name_plural = _("périodes de suspension")
        ordering = ["parcours", "debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=F("debut")), name="suspension_fin_apres_debut"
            ),
            models.UniqueConstraint(
                fields=["parcours"], condition=Q(fin__isnull=True), name="suspension_une_seule_en_cours"
            ),
        ]

    def __str__(self):
        return f"{self.get_motif_display()} ({_jour(self.debut)} → {_jour(self.fin) or '…'})"


class Orientation(Horodate):
    """Proposition d'orientation vers l'accompagnement global ou social exclusif.

    Elle arrive dans la boîte de réception des professionnels du côté ``cote_destinataire`` dont
    l'organisation couvre la commune de la personne, et chez le référent orientation du département.
    """

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="orientations")
    origine = _choix(e.OrigineOrientation, verbose_name=_("proposée par"))
    modalite_proposee = _choix(e.Modalite, defaut=e.Modalite.GLOBAL, verbose_name=_("modalité proposée"))
    motif = models.CharField(_("motif"), max_length=LONGUEUR_COORDINATION)
    date_proposition = models.DateField(_("date de proposition"))
    prescripteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orientations_prescrites",
        verbose_name=_("prescripteur"),
    )
    organisation_prescripteur = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="orientations_prescrites",
        verbose_name=_("organisation du prescripteur"),
    )
    cote_destinataire = _choix(e.Cote, verbose_name=_("côté destinataire"))
    statut = _choix(e.StatutOrientation, defaut=e.StatutOrientation.PROPOSEE, verbose_name=_("statut"))
    date_diagnostic_planifiee = models.DateField(_("date de diagnostic planifiée"), null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orientations_traitees",
        verbose_name=_("traitée par"),
    )
    traitee_le = models.DateTimeField(_("traitée le"), null=True, blank=True)
    motif_refus = models.CharField(_("motif du refus"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    notifiee_le = models.DateField(_("notifiée à la personne le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-date_proposition", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(statut=e.StatutOrientation.DIAGNOSTIC_PLANIFIE)
                | Q(date_diagnostic_planifiee__isnull=False),
                name="orientation_diagnostic_planifie_date",
            ),
        ]
        indexes = [
            models.Index(fields=["statut", "cote_destinataire"], name="orientation_boite"),
            models.Index(fields=["prescripteur", "statut"], name="orientation_prescripteur"),
        ]

    def __str__(self):
        return f"{self.get_modalite_proposee_display()} — {self.get_statut_display()} ({_jour(self.date_proposition)})"


class Diagnostic(Horodate):
    """Diagnostic partagé (rencontre tripartite) et décision conjointe, toujours humaine."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="diagnostics")
    orientation = models.ForeignKey(
        Orientation, on_delete=models.SET_NULL, null=True, blank=True, related_name="diagnostics"
    )
    date = models.DateField(_("date du diagnostic"))
    # Participants.
    personne_presente = models.BooleanField(_("la personne était présente"), default=True)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("conseiller France Travail"),
    )
    travailleur_social = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("travailleur social"),
    )
    autres_participants = models.CharField(_("autres participants"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    # Critères nationaux (CNE, 7 novembre 2024).
    activite_2_dernieres_annees = models.BooleanField(
        _("activité professionnelle dans les 2 dernières années"), null=True, blank=True
    )
    duree_hors_emploi = _choix(e.DureeHorsEmploi, blank=True, verbose_name=_("durée hors emploi"))
    qualification = _choix(e.Qualification, blank=True, verbose_name=_("qualification"))
    aspiration = _choix(e.Aspiration, blank=True, verbose_name=_("aspiration"))
    projet_rome = models.CharField(_("métier visé (code ROME)"), max_length=5, blank=True)
    situations_professionnelles = models.ManyToManyField(
        ElementReferentiel,
        blank=True,
        related_name="+",
        limit_choices_to={"type": e.TypeElementReferentiel.SITUATION, "domaine_frein": ""},
        verbose_name=_("situations professionnelles (emploi, formation)"),
    )
    # Adhésion de la personne : règle du programme (jamais contre sa volonté), pas un consentement RGPD.
    adhesion = models.BooleanField(_("adhésion de la personne"), null=True, blank=True)
    adhesion_le = models.DateField(_("adhésion exprimée le"), null=True, blank=True)
    # Suggestion calculée à partir des critères (aide à la décision) ; la décision reste humaine.
    decision_suggeree = _choix(e.DecisionDiagnostic, blank=True, verbose_name=_("décision suggérée"))
    decision = _choix(e.DecisionDiagnostic, blank=True, verbose_name=_("décision"))
    decision_le = models.DateField(_("décidé le"), null=True, blank=True)
    motif_non_retenu = _choix(e.MotifNonRetenu, blank=True, verbose_name=_("motif de non-retenue"))
    precision_non_retenu = models.CharField(_("précision sur le motif"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    signe_le = models.DateField(_("signé le"), null=True, blank=True)
    date_revue = models.DateField(_("date de revue"), null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnostic partagé")
        verbose_name_plural = _("diagnostics partagés")
        ordering = ["parcours", "-date", "-pk"]
        constraints = [
            # Jamais contre la volonté de la personne.
            models.CheckConstraint(
                condition=~Q(decision__in=e.DECISIONS_AVEC_ENTREE) | Q(adhesion=True, adhesion_le__isnull=False),
                name="diagnostic_entree_avec_adhesion",
            ),
            models.CheckConstraint(
                condition=~Q(decision=e.DecisionDiagnostic.NON_RETENU) | ~Q(motif_non_retenu=""),
                name="diagnostic_non_retenu_motive",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision_le__isnull=False), name="diagnostic_decision_datee"
            ),
        ]

    def __str__(self):
        return f"{_('Diagnostic')} {_jour(self.date)}"


class FreinDiagnostic(models.Model):
    """Niveau d'un domaine de frein. Le domaine et le niveau sont visibles des deux côtés ;
    les situations détaillées et la précision, du seul côté social."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="freins")
    domaine = _choix(e.DomaineFrein, verbose_name=_("domaine"))
    niveau = _choix(e.NiveauFrein, verbose_name=_("niveau"))
    situations = models.ManyToManyField(
        ElementReferentiel,
        blank=True,
        related_name="freins",
        limit_choices_to={"type": e.TypeElementReferentiel.SITUATION},
        verbose_name=_("situations détaillées"),
    )
    precision = models.CharField(_("précision (côté social)"), max_length=LONGUEUR_TEXTE_COURT, blank=True)

    history = HistoricalRecords(m2m_fields=[situations])

    class Meta:
        verbose_name = _("frein")
        verbose_name_plural = _("freins")
        ordering = ["diagnostic", "domaine"]
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "domaine"], name="frein_domaine_unique_par_diagnostic"),
        ]

    def __str__(self):
        return f"{self.get_domaine_display()} : {self.get_niveau_display()}"


class PlanAction(Horodate):
    """Plan d'action (contrat d'engagement), versionné. Une version signée est figée dans ``copie_figee``."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    signe_le = models.DateField(_("signé le"), null=True, blank=True)
    heures_hebdomadaires = models.PositiveSmallIntegerField(
        _("heures d'activité hebdomadaires"), default=15, validators=[MaxValueValidator(35)]
    )
    motif_reduction_heures = models.CharField(
        _("motif de la réduction des heures"), max_length=LONGUEUR_TEXTE_COURT, blank=True
    )
    # Contenu complet (objectifs, actions, libellés) au moment de la signature : reste lisible tel quel.
    copie_figee = models.JSONField(_("copie figée à la signature"), null=True, blank=True, editable=False)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Verrou optimiste (services/plan.py) : incrémenté à chaque écriture sur le plan ou son contenu ;
    # le formulaire renvoie la révision lue, une révision périmée est refusée avec le nom de ``modifie_par``.
    revision = models.PositiveIntegerField(_("révision"), default=1, editable=False)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("modifié par"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ["parcours", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["parcours", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["parcours"], condition=Q(signe_le__isnull=True), name="plan_un_seul_brouillon"
            ),
            models.CheckConstraint(
                condition=Q(signe_le__isnull=True) | Q(copie_figee__isnull=False), name="plan_signe_fige"
            ),
        ]

    def __str__(self):
        return f"{_('Plan d’action')} v{self.version}"

    @property
    def est_signe(self) -> bool:
        return self.signe_le is not None


class _ElementPlan(Horodate):
    """Champs communs aux objectifs et aux actions : référentiel ou texte libre court."""

    element_referentiel = models.ForeignKey(
        ElementReferentiel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("élément du référentiel"),
    )
    libelle_libre = models.CharField(_("libellé libre"), max_length=150, blank=True)
    cote = _choix(e.CotePlan, verbose_name=_("côté"))
    porteur = _choix(e.Porteur, verbose_name=_("porteur"))
    porteur_precision = models.CharField(_("précision sur le porteur"), max_length=150, blank=True)
    echeance = models.DateField(_("échéance"), null=True, blank=True)
    statut = _choix(e.StatutAction, defaut=e.StatutAction.A_FAIRE, verbose_name=_("statut"))
    # Verrou optimiste (voir ``PlanAction.revision``).
    revision = models.PositiveIntegerField(_("révision"), default=1, editable=False)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("modifié par"),
    )

    class Meta:
        abstract = True

    @property
    def libelle(self) -> str:
        return self.libelle_libre or (self.element_referentiel.libelle if self.element_referentiel_id else "")


_CONTRAINTE_LIBELLE = Q(element_referentiel__isnull=False) | ~Q(libelle_libre="")


class Objectif(_ElementPlan):
    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="objectifs")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objectif")
        verbose_name_plural = _("objectifs")
        ordering = ["plan", "pk"]
        constraints = [models.CheckConstraint(condition=_CONTRAINTE_LIBELLE, name="objectif_libelle")]

    def __str__(self):
        return self.libelle


class Action(_ElementPlan):
    plan = models.ForeignKey(PlanAction, on_delete=models.CASCADE, related_name="actions")
    objectif = models.ForeignKey(Objectif, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    # Lien facultatif vers un service de l'annuaire : l'application ``ressources`` n'avait pas encore
    # de modèle ``Service`` lors de cette migration ; identifiant conservé en texte, à convertir en
    # clé étrangère ``"ressources.Service"`` par une migration ultérieure.
    service_ressource_id = models.CharField(
        _("identifiant du service de l'annuaire"), max_length=LONGUEUR_ID_SERVICE, null=True, blank=True
    )
    # Partenaires dans un parcours (issue 14, poste h4) : le professionnel d'une structure partenaire à qui l'action
    # est confiée (porteur PARTENAIRE), et son commentaire de suivi. Hors du contrat signé (``copie_figee``).
    partenaire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_confiees",
        verbose_name=_("professionnel partenaire désigné"),
    )
    commentaire_partenaire = models.CharField(
        _("commentaire du partenaire"), max_length=LONGUEUR_NOTE_CONTACT, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "pk"]
        constraints = [models.CheckConstraint(condition=_CONTRAINTE_LIBELLE, name="action_libelle")]

    def __str__(self):
        return self.libelle


class Contact(Horodate):
    """Un contact avec la personne. La note est courte et neutre : le détail social va en note privée."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField(_("date"))
    canal = _choix(e.CanalContact, verbose_name=_("canal"))
    type = _choix(e.TypeContact, defaut=e.TypeContact.INDIVIDUEL, verbose_name=_("type"))
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="contacts", verbose_name=_("professionnels présents")
    )
    autres_participants = models.CharField(_("autres participants"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    presence = _choix(e.PresenceContact, defaut=e.PresenceContact.HONORE, verbose_name=_("présence"))
    prochaine_date = models.DateField(_("prochain contact prévu le"), null=True, blank=True)
    note = models.TextField(
        _("note courte et neutre"),
        blank=True,
        validators=[MaxLengthValidator(LONGUEUR_NOTE_CONTACT)],
        help_text=_("Pas de détail sur la santé ou la vie privée : utilisez une note privée côté social."),
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("saisi par")
    )

    history = HistoricalRecords(m2m_fields=[participants])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["parcours", "-date", "-pk"]
        indexes = [
            models.Index(fields=["parcours", "date"], name="contact_parcours_date"),
            # Dernier contact honoré d'un parcours (alerte « sans contact », tri de la liste) : une descente
            # d'index par parcours, sans lire les contacts manqués ni la table (SQLite et PostgreSQL).
            models.Index(
                fields=["parcours", "date", "id"],
                condition=Q(presence=e.PresenceContact.HONORE),
                name="contact_honore_parcours_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_canal_display()} — {_jour(self.date)}"


class Sortie(Horodate):
    """Sortie d'un parcours (date et motif recopiés sur le parcours) et suivi FSE+ à 6 mois."""

    parcours = models.OneToOneField(Parcours, on_delete=models.CASCADE, related_name="sortie")
    date = models.DateField(_("date de sortie"))
    motif = _choix(e.MotifSortie, verbose_name=_("motif"))
    precision = models.CharField(_("précision"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    situation_fse = _choix(e.SituationSortieFSE, blank=True, verbose_name=_("situation à la sortie (FSE+)"))
    suivi_6_mois_echeance = models.DateField(_("échéance du suivi à 6 mois"), null=True, blank=True)
    suivi_6_mois_fait_le = models.DateField(_("suivi à 6 mois fait le"), null=True, blank=True)
    emploi_6_mois = models.BooleanField(_("en emploi à 6 mois (EECR05)"), null=True, blank=True)
    situation_amelioree_6_mois = models.BooleanField(_("situation améliorée à 6 mois (EECR06)"), null=True, blank=True)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sortie")
        verbose_name_plural = _("sorties")
        indexes = [
            models.Index(fields=["suivi_6_mois_echeance", "suivi_6_mois_fait_le"], name="sortie_suivi_6_mois"),
        ]

    def __str__(self):
        return f"{self.get_motif_display()} ({_jour(self.date)})"


class ChangementModalite(Horodate):
    """Changement de modalité d'un parcours entré (passage en social exclusif, reprise après un nouveau
    diagnostic) : événement daté, décidé, motivé. Le pilotage en déduit la modalité en vigueur à une date.

    Le passage en social exclusif est une décision conjointe : la ligne naît à la proposition (premier accord,
    ``date`` vide) et prend effet au second accord (``date``) ; une seule proposition en attente par parcours.
    """

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="changements_modalite")
    ancienne = _choix(e.Modalite, verbose_name=_("ancienne modalité"))
    nouvelle = _choix(e.Modalite, verbose_name=_("nouvelle modalité"))
    date = models.DateField(_("en vigueur le"), null=True, blank=True)
    motif = models.CharField(_("motif"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    propose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposé par"),
    )
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    accord_conseiller_le = models.DateField(_("accord du conseiller France Travail"), null=True, blank=True)
    accord_referent_le = models.DateField(_("accord du référent social"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("changement de modalité")
        verbose_name_plural = _("changements de modalité")
        ordering = ["parcours", "date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(ancienne=F("nouvelle")), name="changement_modalite_effectif"),
            models.UniqueConstraint(
                fields=["parcours"], condition=Q(date__isnull=True), name="changement_modalite_un_seul_en_attente"
            ),
        ]
        indexes = [models.Index(fields=["parcours", "date"], name="changement_modalite_date")]

    def __str__(self):
        return f"{self.get_ancienne_display()} → {self.get_nouvelle_display()} ({self.date or '…'})"


class DemandeCoordination(Horodate):
    """Demande de coordination entre France Travail et le Département (notamment en social exclusif)."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="coordinations")
    objet = _choix(e.ObjetCoordination, verbose_name=_("objet"))
    demande = models.TextField(_("demande"), validators=[MaxLengthValidator(LONGUEUR_COORDINATION)])
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    cote_auteur = _choix(e.Cote, verbose_name=_("côté de l'auteur"))
    cote_destinataire = _choix(e.Cote, verbose_name=_("côté destinataire"))
    demandee_le = models.DateTimeField(_("demandée le"))
    statut = _choix(e.StatutCoordination, defaut=e.StatutCoordination.OUVERTE, verbose_name=_("statut"))
    reponse = models.TextField(_("réponse"), blank=True, validators=[MaxLengthValidator(LONGUEUR_COORDINATION)])
    repondu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("répondu par"),
    )
    repondue_le = models.DateTimeField(_("répondue le"), null=True, blank=True)
    # Réponse explicite : accord (vrai) ou refus (faux) ; vide tant qu'il n'y a pas de réponse.
    accord = models.BooleanField(_("accord"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("demande de coordination")
        verbose_name_plural = _("demandes de coordination")
        ordering = ["parcours", "-demandee_le"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(cote_auteur=F("cote_destinataire")), name="coordination_entre_deux_cotes"
            ),
        ]
        indexes = [models.Index(fields=["cote_destinataire", "statut"], name="coordination_boite")]

    def __str__(self):
        return f"{self.get_objet_display()} ({self.get_statut_display()})"


class NotePrivee(Horodate):
    """Note du travailleur social (secret partagé, CASF L.121-6-2) : jamais vue de France Travail,
    sauf partage explicite, daté, avec sa finalité."""

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="notes_privees")
    parcours = models.ForeignKey(
        Parcours, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes_privees"
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation de l'auteur"),
    )
    texte = models.TextField(_("texte"), validators=[MaxLengthValidator(LONGUEUR_NOTE_PRIVEE)])
    partagee_le = models.DateTimeField(_("partagée avec France Travail le"), null=True, blank=True)
    partagee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    finalite_partage = _choix(e.FinalitePartage, blank=True, verbose_name=_("finalité du partage"))
    precision_finalite = models.CharField(_("précision sur la finalité"), max_length=LONGUEUR_TEXTE_COURT, blank=True)
    personne_informee_le = models.DateField(_("personne informée du partage le"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("note privée")
        verbose_name_plural = _("notes privées")
        ordering = ["personne", "-cree_le"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partagee_le__isnull=True) | (~Q(finalite_partage="") & Q(partagee_par__isnull=False)),
                name="note_partage_avec_finalite",
            ),
        ]

    def __str__(self):
        return f"{_('Note privée')} {self.cree_le:%d/%m/%Y}" if self.cree_le else str(_("Note privée"))

    @property
    def est_partagee(self) -> bool:
        return self.partagee_le is not None


class Evenement(models.Model):
    """Chronologie d'une personne : une ligne par fait marquant, écrite par les services.

    Choix : chronologie stockée plutôt que calculée (une seule requête indexée, libellés neutres
    figés, survit à la modification des objets). Les événements du seul côté social (note privée…)
    portent ``cote_social_seulement``.
    """

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="evenements")
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, null=True, blank=True, related_name="evenements")
    type = _choix(e.TypeEvenement, verbose_name=_("type"))
    date = models.DateTimeField(_("date"))
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acteur"),
    )
    libelle = models.CharField(_("libellé"), max_length=255)
    cote_social_seulement = models.BooleanField(_("visible du seul côté social"), default=False)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["personne", "-date", "-pk"]
        indexes = [
            models.Index(fields=["personne", "date"], name="evenement_personne_date"),
            models.Index(fields=["parcours", "date"], name="evenement_parcours_date"),
        ]

    def __str__(self):
        return self.libelle


class RemiseNotice(models.Model):
    """Une remise datée de la notice d'information : chaque remise s'ajoute, aucune ne remplace la précédente.
    ``Personne.notice_remise_le`` garde la plus récente (fiche, conservation)."""

    personne = models.ForeignKey(Personne, on_delete=models.CASCADE, related_name="remises_notice")
    date = models.DateField(_("notice remise le"))
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    enregistree_le = models.DateTimeField(_("enregistrée le"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("remise de la notice d'information")
        verbose_name_plural = _("remises de la notice d'information")
        ordering = ["personne", "date", "pk"]

    def __str__(self):
        return f"{self.personne_id} — {self.date}"


class AvisAffectation(models.Model):
    """Un parcours confié à un agent par un autre (réaffectation par l'encadrant ou l'administrateur) : l'agent en
    est prévenu une fois, dans son prochain résumé par courriel (« 12 parcours vous ont été confiés par … »),
    jamais par un courriel par parcours. Écrit par les services de réaffectation dans leur transaction ; le résumé
    le marque signalé (``signale_le``) quand il le réclame."""

    class Membre(models.TextChoices):
        CONSEILLER = "conseiller", _("conseiller France Travail")
        REFERENT_SOCIAL = "referent_social", _("référent social")

    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="avis_affectation", verbose_name=_("agent")
    )
    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="+", verbose_name=_("parcours"))
    role = models.CharField(_("côté du binôme"), max_length=20, choices=Membre.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confié par"),
    )
    cree_le = models.DateTimeField(_("confié le"), default=timezone.now)
    signale_le = models.DateTimeField(_("signalé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis d'affectation")
        verbose_name_plural = _("avis d'affectation")
        ordering = ["destinataire", "cree_le", "pk"]
        indexes = [models.Index(fields=["destinataire", "signale_le"], name="avis_affectation_a_signaler")]

    def __str__(self):
        return f"{self.destinataire_id} ← {self.parcours_id} ({self.role})"


class InvitationPartenaire(Horodate):
    """Un professionnel d'une structure partenaire (UDAF, ANPAA, service social de l'hôpital, SPIP…) invité dans UN
    parcours par un membre du binôme, pour un objet, avec l'accord daté de la personne (issue 14, point 4).

    Périmètre fixe (``selectors.partage``) : les actions du plan qui lui sont confiées et les contacts auxquels il
    participe. L'invitation vaut jusqu'au ``expire_le`` inclus (aucune tâche : la date suffit) ; la révocation est
    immédiate. Écrite par ``services.invitation_partenaire_creer`` / ``invitation_partenaire_revoquer``."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="invitations_partenaires")
    partenaire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="invitations_partenaire",
        verbose_name=_("professionnel invité"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("structure partenaire"),
    )
    objet = models.CharField(_("objet de l'invitation"), max_length=LONGUEUR_TEXTE_COURT)
    accord_le = models.DateField(_("accord de la personne le"))
    expire_le = models.DateField(_("expire le"))
    invitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("invité par")
    )
    revoquee_le = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoquee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("révoquée par"),
    )
    motif_revocation = models.CharField(_("motif de la révocation"), max_length=LONGUEUR_TEXTE_COURT, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("invitation d'un partenaire")
        verbose_name_plural = _("invitations de partenaires")
        ordering = ["parcours", "-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expire_le__gte=F("accord_le")), name="invitation_expire_apres_accord"),
        ]
        indexes = [models.Index(fields=["partenaire", "expire_le"], name="invitation_partenaire_valide")]

    def __str__(self):
        return f"{self.partenaire} — {self.objet}"

    def vaut_le(self, jour) -> bool:
        """Vraie le ``jour`` donné : ni révoquée, ni expirée (``expire_le`` inclus)."""
        return self.revoquee_le is None and jour <= self.expire_le
