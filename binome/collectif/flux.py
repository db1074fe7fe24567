"""Les séances collectives dans l'agenda abonné (.ics) des professionnels qui les animent.

Fournisseur d'événements de ``agenda.flux`` (branché par ``CollectifConfig.ready``) : les séances planifiées ou
tenues de la fenêtre du flux que l'abonné anime, et celles annulées (STATUS:CANCELLED, retirées des agendas). Une
requête, quel que soit le nombre de séances. VEVENT fabriqués par ``agenda.ics.vevenement`` avec l'UID de la séance
(sans complément : l'objet des animateurs, distinct de l'invitation de chaque inscrit).

Libellé neutre par défaut, « Séance collective Binôme » ; avec l'option de l'abonnement qui montre plus de détails
(``avec_prenoms``), le titre de l'action. Jamais le nom d'un inscrit, jamais un détail social.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from binome.agenda import ics
from binome.collectif.enums import StatutSeance
from binome.collectif.models import SeanceCollective

TITRE = "Séance collective Binôme"


def resume(seance, *, avec_details: bool) -> str:
    return f"{TITRE} — {seance.action.titre}" if avec_details else TITRE


def seances_animees(utilisateur, *, debut, fin):
    """Séances animées par ``utilisateur`` qui commencent dans [debut, fin[, ordonnées."""
    return (
        SeanceCollective.objects.filter(animateurs=utilisateur, debut__gte=debut, debut__lt=fin)
        .select_related("action")
        .order_by("debut", "pk")
    )


def evenements_des_seances(demande) -> Iterable:
    for seance in seances_animees(demande.utilisateur, debut=demande.debut, fin=demande.fin):
        yield ics.vevenement(
            identifiant=ics.uid(seance),
            debut=seance.debut,
            duree_minutes=seance.duree_minutes,
            resume=resume(seance, avec_details=demande.avec_prenoms),
            sequence=seance.sequence,
            lieu=seance.lieu,
            description=_("Séance collective : détails et inscrits dans Binôme."),
            annule=seance.statut == StatutSeance.ANNULEE,
            horodatage=demande.maintenant,
        )
