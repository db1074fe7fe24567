"""Écriture et purge du journal des accès (vérification : ``binome.confiance.verification``).

``journaliser(...)`` est l'appel explicite (exports du pilotage, tâches) ; le middleware
``binome.confiance.middleware.JournalAccesMiddleware`` l'appelle pour les routes du registre.
"""

import datetime
import uuid

from django.apps import apps
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.comptes.selectors import habilitations
from binome.confiance.models import Action, ChaineJournal, EntreeJournal, autoriser_purge
from binome.confiance.scellement import SEPARATEUR_PARTITION, cle_courante, cles_connues, nom_chaine, partitions

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
    chemin: str | None = None,
    libelle_acteur: str = "",
) -> EntreeJournal:
    """Ajoute une ligne au journal des accès (qui, rôle, organisation, quand, quoi, pourquoi).

    ``objet`` : une instance de modèle, un couple ``(type, identifiant)`` ou un libellé court ;
    ``personne`` : une ``Personne`` ou son identifiant (jamais son nom) ; ``departement`` : code du
    département concerné (lu sur la personne s'il n'est pas donné ; export du pilotage : le département
    exporté) ; ``chemin`` : le chemin à écrire s'il diffère de ``request.path`` (jeton masqué).
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
        acteur_libelle=(
            f"{acteur.get_full_name()} <{acteur.email}>" if acteur is not None else libelle_acteur or _("Système")
        )[:255],
        roles=roles,
        organisations=organisations,
        action=action,
        route=route[:120],
        methode=(request.method if request is not None else "")[:10],
        chemin=(chemin if chemin is not None else request.path if request is not None else "")[:500],
        objet_type=objet_type,
        objet_id=objet_id,
        personne_id=personne_id,
        departement=str(departement)[:3],
        finalite=str(finalite)[:255],
        id_requete=identifiant_requete(request),
    )
    # Répartition entre les chaînes du département : la requête (aléatoire), sinon l'acteur (tâches, commandes).
    return _ajouter(entree, nom_chaine(entree.departement, entree.id_requete or entree.acteur_id or ""))


def _ajouter(entree: EntreeJournal, nom: str) -> EntreeJournal:
    """Ajoute la ligne au bout de sa chaîne : verrou sur la seule tête de cette chaîne (ni verrou global, ni verrou
    par département : ``nom_chaine`` répartit un département entre plusieurs chaînes)."""
    alias = _alias()
    cle_id, cle = cle_courante()
    with transaction.atomic(using=alias):
        chaine = chaine_verrouillee(alias, nom)
        entree.horodatage = timezone.now()
        entree.chaine, entree.sequence, entree.cle = nom, chaine.sequence + 1, cle_id
        entree.empreinte_precedente = chaine.derniere_empreinte
        entree.empreinte = entree.calculer_empreinte(cle)
        entree.save(using=alias)
        chaine.sequence, chaine.derniere_empreinte = entree.sequence, entree.empreinte
        _resceller(alias, chaine)
    return entree


def _resceller(alias, chaine: ChaineJournal) -> None:
    chaine.cle, cle = cle_courante()
    chaine.sceau = chaine.calculer_sceau(cle)
    champs = ("sequence", "derniere_empreinte", "ancre_sequence", "ancre_empreinte", "purge_le", "cle", "sceau")
    ChaineJournal.objects.using(alias).filter(pk=chaine.pk).update(**{c: getattr(chaine, c) for c in champs})


def chaine_verrouillee(alias, nom: str) -> ChaineJournal:
    """La tête de la chaîne ``nom``, verrouillée jusqu'à la fin de la transaction (créée scellée au besoin)."""
    verrou = ChaineJournal.objects.using(alias).select_for_update()
    chaine = verrou.filter(nom=nom).first()
    if chaine is not None:
        return chaine
    cle_id, cle = cle_courante()
    nouvelles = [ChaineJournal(nom=n, cle=cle_id) for n in chaines_soeurs(nom)]
    for nouvelle in nouvelles:
        nouvelle.sceau = nouvelle.calculer_sceau(cle)
    # Toutes les chaînes du département d'un coup, même nombre de requêtes qu'une seule : les lectures suivantes
    # du département trouvent leur tête, quelle que soit leur partition. Créées au même instant par un autre
    # écrivain : ignorées.
    with transaction.atomic(using=alias):
        ChaineJournal.objects.using(alias).bulk_create(nouvelles, ignore_conflicts=True)
    return verrou.get(nom=nom)


def chaines_soeurs(nom: str) -> list[str]:
    """``nom`` et les autres chaînes de son département (« 75/0 » … « 75/7 ») ; une chaîne d'avant la partition
    (« 75 ») n'en a pas."""
    if SEPARATEUR_PARTITION not in nom:
        return [nom]
    base = nom.split(SEPARATEUR_PARTITION, 1)[0]
    return sorted({nom, *(f"{base}{SEPARATEUR_PARTITION}{k}" for k in range(partitions()))})


# --- Purge à un an ----------------------------------------------------------------------------------------


def purger_journal(*, maintenant=None, duree_jours: int | None = None, simulation: bool = False) -> int:
    """Supprime, chaîne par chaîne, les lignes de plus d'un an (en tête de chaîne) et ancre chaque chaîne sur
    sa dernière ligne supprimée (rang et empreinte, dans la tête scellée).

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
    resceller_tetes_anciennes()
    nombre = 0
    noms = sorted(set(anciennes.order_by().values_list("chaine", flat=True).distinct()))
    for nom in noms:
        nombre += _purger_chaine(alias, nom, anciennes.filter(chaine=nom), maintenant)
    if not nombre:
        return 0
    journaliser(
        action=Action.PURGE,
        finalite=_("Purge des entrées de plus de %(jours)s jours") % {"jours": duree},
        objet=("confiance.entreejournal", nombre),
        route="tache:purger_journal",
    )
    return nombre


def resceller_tetes_anciennes() -> int:
    """Après une rotation de clé, rescelle avec la clé courante les têtes authentiques encore scellées par une
    ancienne clé (chaîne vide ou sans écriture depuis) : l'ancienne clé ne reste nécessaire que pour ses lignes.
    Le contenu de la tête ne change pas ; une tête au sceau invalide reste telle quelle (la vérification la
    signale). Renvoie le nombre de têtes rescellées."""
    alias = _alias()
    cle_id, _cle = cle_courante()
    cles, nombre = cles_connues(), 0
    for nom in ChaineJournal.objects.using(alias).exclude(cle=cle_id).values_list("nom", flat=True):
        with transaction.atomic(using=alias):
            chaine = chaine_verrouillee(alias, nom)
            cle = cles.get(chaine.cle)
            if chaine.cle != cle_id and cle is not None and chaine.calculer_sceau(cle) == chaine.sceau:
                _resceller(alias, chaine)
                nombre += 1
    return nombre


def _purger_chaine(alias, nom: str, anciennes, maintenant) -> int:
    with transaction.atomic(using=alias):
        chaine = chaine_verrouillee(alias, nom)
        derniere = anciennes.order_by("-sequence").values_list("sequence", "empreinte").first()
        if derniere is None:
            return 0
        with autoriser_purge():
            nombre, _detail = EntreeJournal.objects.using(alias).filter(chaine=nom, sequence__lte=derniere[0]).delete()
        chaine.ancre_sequence, chaine.ancre_empreinte, chaine.purge_le = derniere[0], derniere[1], maintenant
        _resceller(alias, chaine)
    return nombre
