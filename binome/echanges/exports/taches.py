"""Tâches de fond des fichiers envoyés (``db_worker``) : production d'un fichier, passage quotidien (fichiers
mensuels dus, effacement des fichiers échus) branché dans ``confiance.planification`` par ``apps.ready``."""

import logging

from django.utils import timezone
from django_tasks import task

from binome.core.routeur import lecture_sur_replica
from binome.echanges.exports import production, services
from binome.echanges.exports.models import FichierExport, StatutFichier

journal = logging.getLogger(__name__)


@task()
def produire_fichier(fichier_pk: int) -> int:
    """Produit le fichier demandé (en flux) ; renvoie le nombre d'événements écrits."""
    fichier = FichierExport.objects.select_related("destinataire").get(pk=fichier_pk)
    if fichier.statut != StatutFichier.EN_ATTENTE:
        return fichier.nb_evenements
    try:
        with lecture_sur_replica():  # les événements de la période : sur le réplica s'il existe (core/routeur.py)
            temporaire, n, empreinte = production.produire(fichier)
    except Exception as erreur:  # l'administrateur voit l'échec ; le détail reste dans les journaux techniques
        journal.exception("Échec de la production du fichier d'événements %s", fichier_pk)
        services.fichier_echec(fichier=fichier, erreur=type(erreur).__name__)
        raise
    with temporaire:
        services.fichier_enregistrer(fichier=fichier, contenu=temporaire, nb_evenements=n, empreinte=empreinte)
    return n


@task()
def exports_quotidiens() -> int:
    """Crée les fichiers mensuels dus (mis en file) et efface les fichiers échus ; renvoie les fichiers créés."""
    aujourdhui = timezone.localdate()
    services.fichiers_expires_effacer(le=aujourdhui)
    crees = services.fichiers_mensuels_creer(le=aujourdhui)
    for fichier in crees:
        produire_fichier.enqueue(fichier.pk)
    return len(crees)
