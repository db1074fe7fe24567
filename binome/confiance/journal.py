"""Écriture, vérification et purge du journal des accès.

``journaliser(...)`` est l'appel explicite (exports du pilotage, tâches) ; le middleware
``binome.confiance.middleware.JournalAccesMiddleware`` l'appelle pour les routes du registre.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.comptes.selectors import habilitations
from binome.confiance.models import Action, EntreeJournal, TeteJournal, autoriser_purge

CONSERVATION_JOURNAL_JOURS = 365


def _alias() -> str:
    return router.db_for_write(EntreeJournal)


def _acteur_de(request, acteur):
    if acteur is not None:
        return acteur
    utilisateur = getattr(request, "user", None)
    if utilisateur is not None and getattr(utilisateur, "is_authenticated", False):
        return utilisateur
    return None


def _personne_et_departement(personne, departement: str) -> tuple[int | None, str]:
    if personne is None:
        return None, departement
    if isinstance(personne, models.Model):
        return personne.pk, personne.departement_id or ""
    if departement:
        return int(personne), departement
    Personne = apps.get_model("accompagnement", "Personne")
    ligne = Personne.objects.filter(pk=personne).values_list("pk", "departement_id").first()
    if ligne is None:
        return int(personne), ""
    return ligne[0], ligne[1] or ""


def _objet(objet) -> tuple[str, str]:
    if objet is None:
        return "", ""
    if isinstance(objet, models.Model):
        return objet._meta.label_lower, str(objet.pk or "")
    if isinstance(objet, tuple):
        type_, ident = objet
        return str(type_)[:100], str(ident)[:64]
    return str(objet)[:100], ""


def _roles_et_organisations(acteur, departement: str) -> tuple[str, str]:
    if acteur is None:
        return "", ""
    habs = habilitations(acteur)
    if departement:
        dans_le_departement = [h for h in habs if h.departement_code == departement]
        habs = dans_le_departement or habs
    roles = sorted({h.role for h in habs})
    if getattr(acteur, "is_superuser", False):
        roles.append("SUPER_ADMIN")
    organisations = sorted({f"{h.organisation_nom} ({h.departement_code})" for h in habs})
    return ", ".join(roles)[:255], " ; ".join(organisations)[:500]


def identifiant_requete(request) -> str:
    if request is None:
        return ""
    ident = getattr(request, "binome_id_requete", None)
    if ident is None:
        ident = request.META.get("HTTP_X_REQUEST_ID", "")[:36] or str(uuid.uuid4())
        request.binome_id_requete = ident
    return ident


def journaliser(
    *,
    action: str,
    finalite: str,
    request=None,
    acteur=None,
    objet=None,
    personne=None,
    departement: str = "",
    route: str = "",
) -> EntreeJournal:
    """Ajoute une ligne au journal des accès (qui, rôle, organisation, quand, quoi, pourquoi).

    ``objet`` : une instance de modèle, un couple ``(type, identifiant)`` ou un libellé court ;
    ``personne`` : une ``Personne`` ou son identifiant (jamais son nom) ; ``departement`` : code du
    département concerné (lu sur la personne s'il n'est pas donné ; export du pilotage : le département
    exporté).
    """
    if action not in Action.values:
        raise ValueError(f"Action de journal inconnue : {action}")
    acteur = _acteur_de(request, acteur)
    personne_id, departement = _personne_et_departement(personne, departement or "")
    roles, organisations = _roles_et_organisations(acteur, departement)
    objet_type, objet_id = _objet(objet)
    if not route and request is not None and getattr(request, "resolver_match", None) is not None:
        route = request.resolver_match.view_name or ""
    entree = EntreeJournal(
        acteur_id=getattr(acteur, "pk", None),
        acteur_libelle=(f"{acteur.get_full_name()} <{acteur.email}>" if acteur is not None else _("Système"))[:255],
        roles=roles,
        organisations=organisations,
        action=action,
        route=route[:120],
        methode=(request.method if request is not None else "")[:10],
        chemin=(request.path if request is not None else "")[:500],
        objet_type=objet_type,
        objet_id=objet_id,
        personne_id=personne_id,
        departement=str(departement)[:3],
        finalite=str(finalite)[:255],
        id_requete=identifiant_requete(request),
    )
    alias = _alias()
    with transaction.atomic(using=alias):
        tete = _tete_verrouillee(alias)
        entree.horodatage = timezone.now()
        entree.empreinte_precedente = tete.derniere_empreinte
        entree.empreinte = entree.calculer_empreinte()
        entree.save(using=alias)
        TeteJournal.objects.using(alias).filter(pk=tete.pk).update(derniere_empreinte=entree.empreinte)
    return entree


def _tete_verrouillee(alias) -> TeteJournal:
    tete = TeteJournal.objects.using(alias).select_for_update().filter(pk=1).first()
    if tete is None:
        tete, _cree = TeteJournal.objects.using(alias).get_or_create(pk=1)
        tete = TeteJournal.objects.using(alias).select_for_update().get(pk=1)
    return tete


# --- Vérification de la chaîne -----------------------------------------------------------------------


@dataclass
class RapportVerification:
    lignes: int = 0
    anomalies: list[str] = field(default_factory=list)

    @property
    def intacte(self) -> bool:
        return not self.anomalies


def verifier_chaine(*, progression=None) -> RapportVerification:
    """Recalcule toutes les empreintes, dans l'ordre d'écriture ; signale toute ligne modifiée,
    insérée ou supprimée (y compris à la fin de la chaîne)."""
    alias = router.db_for_read(EntreeJournal)
    rapport = RapportVerification()
    tete = TeteJournal.objects.using(alias).filter(pk=1).first() or TeteJournal(pk=1)
    precedente = tete.ancre
    qs = EntreeJournal.objects.using(alias).order_by("pk")
    for entree in qs.iterator(chunk_size=2000):
        rapport.lignes += 1
        if entree.empreinte_precedente != precedente:
            rapport.anomalies.append(
                _("Ligne %(pk)s : ne suit pas la ligne précédente (ligne supprimée ou insérée).") % {"pk": entree.pk}
            )
        if entree.calculer_empreinte() != entree.empreinte:
            rapport.anomalies.append(_("Ligne %(pk)s : contenu modifié après écriture.") % {"pk": entree.pk})
        precedente = entree.empreinte
        if progression is not None:
            progression.update(1)
    if precedente != tete.derniere_empreinte:
        rapport.anomalies.append(_("Fin de chaîne : des lignes ont été supprimées après la dernière ligne présente."))
    return rapport


# --- Purge à un an ----------------------------------------------------------------------------------------


def purger_journal(*, maintenant=None, duree_jours: int | None = None, simulation: bool = False) -> int:
    """Supprime les lignes de plus d'un an (en tête de chaîne) et ancre la chaîne sur la dernière supprimée.

    Renvoie le nombre de lignes supprimées (ou qui le seraient, en simulation). La purge elle-même est
    journalisée.
    """
    maintenant = maintenant or timezone.now()
    duree = CONSERVATION_JOURNAL_JOURS if duree_jours is None else duree_jours
    limite = maintenant - datetime.timedelta(days=duree)
    alias = _alias()
    anciennes = EntreeJournal.objects.using(alias).filter(horodatage__lt=limite)
    if simulation:
        return anciennes.count()
    with transaction.atomic(using=alias):
        tete = _tete_verrouillee(alias)
        derniere = anciennes.order_by("-pk").values_list("pk", "empreinte").first()
        if derniere is None:
            return 0
        pk_max, empreinte = derniere
        with autoriser_purge():
            nombre, _detail = EntreeJournal.objects.using(alias).filter(pk__lte=pk_max).delete()
        TeteJournal.objects.using(alias).filter(pk=tete.pk).update(ancre=empreinte, purge_le=maintenant)
    journaliser(
        action=Action.PURGE,
        finalite=_("Purge des entrées de plus de %(jours)s jours") % {"jours": duree},
        objet=("confiance.entreejournal", nombre),
        route="tache:purger_journal",
    )
    return nombre
