"""Modèles du pilotage : la définition de la « sortie positive », datée et versionnée par département.

Les indicateurs sont calculés sur les tables de l'accompagnement (voir ``indicateurs.py`` et ``docs/pilotage.md``) ;
``AgregatTableau`` en garde les comptes bruts précalculés par le travailleur pour les tableaux les plus lus.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.enums import MotifSortie

# Définition appliquée quand le département n'en a enregistré aucune (domaine.md §a.5).
CODES_PAR_DEFAUT = (
    MotifSortie.EMPLOI_DURABLE,
    MotifSortie.EMPLOI_TRANSITION,
    MotifSortie.CREATION_ENTREPRISE,
    MotifSortie.FORMATION,
)


class DefinitionSortiePositive(models.Model):
    """Une version de l'ensemble des motifs de sortie comptés comme « positifs » dans un département.

    Les versions ne sont jamais modifiées ni supprimées : en changer, c'est en ajouter une nouvelle.
    La table est donc elle-même l'historique. La définition applicable à une période est la dernière
    version en vigueur à la date de fin de la période (à date égale, la plus récemment créée).
    """

    departement = models.ForeignKey(
        "territoires.Departement",
        on_delete=models.PROTECT,
        related_name="definitions_sortie_positive",
        verbose_name=_("département"),
    )
    codes = models.JSONField(_("motifs de sortie comptés comme positifs"))
    valable_a_partir_du = models.DateField(_("valable à partir du"))
    commentaire = models.CharField(_("motif du changement"), max_length=300, blank=True)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("auteur"),
    )
    cree_le = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("définition de la sortie positive")
        verbose_name_plural = _("définitions de la sortie positive")
        ordering = ["departement", "-valable_a_partir_du", "-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["departement", "valable_a_partir_du"], name="definition_sp_dept_date"),
        ]

    def __str__(self):
        return f"{self.departement_id} — {self.valable_a_partir_du:%d/%m/%Y}"

    @property
    def libelles(self) -> list[str]:
        libelles = dict(MotifSortie.choices)
        return [str(libelles.get(code, code)) for code in self.codes]


class AgregatTableau(models.Model):
    """Chiffres bruts (non masqués) d'un tableau de bord précalculés par le travailleur (issue 17).

    Une ligne par (territoire, modalité, période) : ``territoire`` vide pour le niveau national, sinon le code du
    département entier. ``donnees`` garde les comptes bruts tels que ``tableau.calculer_brut`` les rend (encodés par
    ``agregats.encoder``) ; le masquage est appliqué à la lecture, selon le lecteur. La définition de la sortie
    positive et le seuil d'alerte utilisés sont gardés : s'ils ont changé depuis, la ligne n'est pas lue (calcul
    direct). Donnée dérivée, remplacée en bloc à chaque rafraîchissement (``services.agregats_rafraichir``) : pas
    d'historique ligne à ligne.
    """

    territoire = models.CharField(_("territoire"), max_length=3, blank=True)
    modalite = models.CharField(_("modalité"), max_length=20)
    du = models.DateField(_("du"))
    au = models.DateField(_("au"))
    codes_positifs = models.JSONField(_("motifs de sortie positive appliqués"))
    seuil_sans_contact = models.PositiveIntegerField(_("seuil d'alerte sans contact (jours)"))
    donnees = models.JSONField(_("comptes bruts"))
    calcule_le = models.DateTimeField(_("calculé le"))
    duree_ms = models.PositiveIntegerField(_("durée du calcul (ms)"), default=0)
    demande_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rafraîchissement demandé par"),
    )

    class Meta:
        verbose_name = _("agrégat du tableau de bord")
        verbose_name_plural = _("agrégats du tableau de bord")
        constraints = [
            models.UniqueConstraint(fields=["territoire", "modalite", "du", "au"], name="agregat_tableau_unique"),
        ]

    def __str__(self):
        return f"{self.territoire or 'national'} {self.modalite} {self.du}–{self.au}"
