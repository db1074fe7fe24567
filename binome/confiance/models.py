"""Journal des accès : tables à part des tables métier, en ajout seul, chaînées par empreinte ; plus bas,
``ExecutionPlanifiee`` (réclamation des tâches planifiées, une ligne par tâche et par date : hors du journal).

- Aucune clé étrangère vers les tables métier : la personne, l'acteur et l'objet sont copiés sous forme
  d'identifiants et de libellés courts (aucun nom de personne accompagnée). Le journal survit ainsi à
  l'anonymisation et peut être déplacé dans une base distincte (``JOURNAL_DATABASE_URL``, voir
  ``binome.confiance.routeur``).
- Ajout seul : ``save()`` refuse de réécrire une ligne existante, ``delete()`` est refusé, les ``update()``
  et ``delete()`` de masse aussi. Seule la purge à un an (``binome.confiance.journal.purger_journal``) efface,
  dans un contexte explicite.
- Chaînes scellées : quelques chaînes par département (``75/0`` … ``75/7``, réglage
  ``JOURNAL_CHAINES_PAR_DEPARTEMENT``), autant (``plateforme/k``) pour les accès sans département ; les
  chaînes d'avant la partition (``75``, ``plateforme``) gardent leur nom.
  Chaque ligne porte son numéro de séquence dans sa chaîne et un HMAC-SHA256 (clé ``JOURNAL_CLE``, hors de la
  base) de la ligne précédente, de son rang et de son contenu ; la tête de chaque chaîne (``ChaineJournal`` :
  dernier numéro, dernière empreinte, ancre de purge) est scellée elle aussi. Sans la clé, on ne peut ni
  modifier une ligne, ni supprimer les dernières puis réécrire la tête, sans que ``manage.py verifier_journal``
  le signale.
"""

import json
import threading

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from binome.comptes.models import Role
from binome.confiance.scellement import sceller

_purge = threading.local()


def purge_autorisee() -> bool:
    return getattr(_purge, "active", False)


class autoriser_purge:  # noqa: N801 — gestionnaire de contexte utilisé comme un mot-clé
    """Contexte dans lequel la purge à un an peut supprimer des lignes du journal."""

    def __enter__(self):
        _purge.active = True
        return self

    def __exit__(self, *exc):
        _purge.active = False
        return False


class JournalImmuable(PermissionDenied):
    pass


class Action(models.TextChoices):
    LECTURE = "LECTURE", _("Consultation")
    SAISIE = "SAISIE", _("Saisie (création ou modification)")
    EXPORT = "EXPORT", _("Export")
    IMPRESSION = "IMPRESSION", _("Impression")
    ANONYMISATION = "ANONYMISATION", _("Anonymisation")
    DROITS = "DROITS", _("Droits de la personne")
    PURGE = "PURGE", _("Purge du journal")
    # Connexions (ProConnect, FranceConnect, lien à usage unique) et refus de connexion (issue 16).
    CONNEXION = "CONNEXION", _("Connexion")
    CONNEXION_REFUSEE = "CONNEXION_REFUSEE", _("Connexion refusée")


class EntreeJournalQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalImmuable(_("Le journal des accès ne peut pas être modifié."))

    def delete(self):
        if not purge_autorisee():
            raise JournalImmuable(_("Le journal des accès ne peut pas être supprimé, sauf par la purge à un an."))
        return super().delete()


class EntreeJournal(models.Model):
    """Une ouverture de dossier, un export, une impression… : qui, rôle, organisation, quand, quoi, pourquoi."""

    horodatage = models.DateTimeField(_("date et heure"), db_index=True)
    # Qui (copié : le journal ne dépend pas des tables métier).
    acteur_id = models.BigIntegerField(_("identifiant de l'acteur"), null=True, blank=True, db_index=True)
    acteur_libelle = models.CharField(_("acteur"), max_length=255, blank=True)
    roles = models.CharField(_("rôles"), max_length=255, blank=True)
    organisations = models.CharField(_("organisations"), max_length=500, blank=True)
    # Quoi.
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    route = models.CharField(_("route"), max_length=120, blank=True)
    methode = models.CharField(_("méthode HTTP"), max_length=10, blank=True)
    chemin = models.CharField(_("adresse consultée"), max_length=500, blank=True)
    objet_type = models.CharField(_("type d'objet"), max_length=100, blank=True)
    objet_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    personne_id = models.BigIntegerField(_("numéro du dossier"), null=True, blank=True)
    departement = models.CharField(_("département"), max_length=3, blank=True)
    # Pourquoi.
    finalite = models.CharField(_("finalité"), max_length=255)
    id_requete = models.CharField(_("identifiant de la requête"), max_length=36, blank=True)
    # Chaînage : chaîne (département ou « plateforme »), rang dans la chaîne, clé qui a scellé la ligne.
    chaine = models.CharField(_("chaîne"), max_length=20)
    sequence = models.PositiveBigIntegerField(_("numéro dans la chaîne"))
    cle = models.CharField(_("identifiant de la clé de scellement"), max_length=8)
    empreinte_precedente = models.CharField(_("empreinte de la ligne précédente"), max_length=64)
    empreinte = models.CharField(_("empreinte"), max_length=64, unique=True)

    objects = EntreeJournalQuerySet.as_manager()

    CHAMPS_EMPREINTE = (
        "horodatage",
        "acteur_id",
        "acteur_libelle",
        "roles",
        "organisations",
        "action",
        "route",
        "methode",
        "chemin",
        "objet_type",
        "objet_id",
        "personne_id",
        "departement",
        "finalite",
        "id_requete",
    )

    class Meta:
        verbose_name = _("entrée du journal des accès")
        verbose_name_plural = _("journal des accès")
        ordering = ["-horodatage", "-pk"]
        indexes = [
            models.Index(fields=["personne_id", "horodatage"], name="journal_personne"),
            models.Index(fields=["departement", "horodatage"], name="journal_departement"),
        ]
        constraints = [
            # Ni doublon ni écriture concurrente sur un même rang : la base refuse la seconde.
            models.UniqueConstraint(fields=["chaine", "sequence"], name="journal_chaine_sequence"),
        ]

    def __str__(self):
        return f"{self.horodatage:%d/%m/%Y %H:%M} — {self.get_action_display()} — {self.objet_type} {self.objet_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalImmuable(_("Une entrée du journal des accès ne peut pas être modifiée."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not purge_autorisee():
            raise JournalImmuable(_("Une entrée du journal des accès ne peut pas être supprimée."))
        return super().delete(*args, **kwargs)

    @property
    def roles_libelles(self) -> str:
        """Rôles en toutes lettres (« Conseiller France Travail ») ; les codes restent stockés tels quels."""
        libelles = {**dict(Role.choices), "SUPER_ADMIN": _("Super-administrateur")}
        return ", ".join(
            str(libelles.get(code.strip(), code.strip())) for code in self.roles.split(",") if code.strip()
        )

    def contenu_canonique(self) -> str:
        valeurs = {}
        for champ in self.CHAMPS_EMPREINTE:
            valeur = getattr(self, champ)
            if champ == "horodatage" and valeur is not None:
                valeur = valeur.isoformat(timespec="microseconds")
            valeurs[champ] = valeur
        return json.dumps(valeurs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def message_a_sceller(self) -> str:
        return f"{self.cle}|{self.chaine}|{self.sequence}|{self.empreinte_precedente}|{self.contenu_canonique()}"

    def calculer_empreinte(self, cle: bytes) -> str:
        return sceller(cle, self.message_a_sceller())


class ChaineJournal(models.Model):
    """Tête d'une chaîne du journal (une partition d'un département, ou de « plateforme ») : seul verrou d'écriture
    de la chaîne.

    Le sceau (HMAC, clé hors base) couvre le nom, le dernier rang, la dernière empreinte et l'ancre de purge :
    supprimer les dernières lignes et réécrire la tête exige la clé.
    """

    nom = models.CharField(_("chaîne"), max_length=20, unique=True)
    sequence = models.PositiveBigIntegerField(_("dernier numéro"), default=0)
    derniere_empreinte = models.CharField(max_length=64, blank=True)
    # Dernière ligne purgée : la première ligne restante doit la suivre (rang et empreinte).
    ancre_sequence = models.PositiveBigIntegerField(default=0)
    ancre_empreinte = models.CharField(max_length=64, blank=True)
    purge_le = models.DateTimeField(null=True, blank=True)
    cle = models.CharField(max_length=8)
    sceau = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("chaîne du journal des accès")
        verbose_name_plural = _("chaînes du journal des accès")
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.sequence})"

    def message_a_sceller(self) -> str:
        return (
            f"tete|{self.cle}|{self.nom}|{self.sequence}|{self.derniere_empreinte}"
            f"|{self.ancre_sequence}|{self.ancre_empreinte}"
        )

    def calculer_sceau(self, cle: bytes) -> str:
        return sceller(cle, self.message_a_sceller())


class ExecutionPlanifiee(models.Model):
    """Une tâche planifiée réclamée pour une date : la base refuse une seconde réclamation (nom, date).

    Le planificateur (``manage.py planificateur``) insère la ligne avant de mettre la tâche en file : deux
    planificateurs qui tournent en même temps, ou un passage rejoué, ne la mettent jamais deux fois en file le même
    jour (``binome.confiance.planificateur``).
    """

    nom = models.CharField(_("tâche"), max_length=100)
    date = models.DateField(_("date (heure de Paris)"))
    reclamee_le = models.DateTimeField(_("réclamée le"), auto_now_add=True)
    par = models.CharField(_("réclamée par"), max_length=255, blank=True)
    resultat_id = models.CharField(_("identifiant de la tâche mise en file"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exécution planifiée")
        verbose_name_plural = _("exécutions planifiées")
        ordering = ["-date", "nom"]
        constraints = [
            models.UniqueConstraint(fields=["nom", "date"], name="execution_planifiee_une_par_jour"),
        ]

    def __str__(self):
        return f"{self.nom} — {self.date:%d/%m/%Y}"
