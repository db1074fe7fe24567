"""Le fichier calendrier (.ics) d'un rendez-vous ou d'une séance, téléchargé par la personne depuis son espace.

Les VEVENT viennent de ``agenda/ics.py`` (la seule fabrique) avec le même UID et le même SEQUENCE que l'invitation
reçue par courriel : importé dans un agenda qui avait déjà l'invitation, le fichier la met à jour au lieu d'ajouter
un doublon. Ce qu'ils disent est ce que disent les messages à la personne (``agenda/notifications.py``,
``collectif/notifications.py``) : ni l'objet saisi ni le titre de l'atelier, que lirait un agenda en ligne.
"""

from django.utils.translation import gettext as _

from binome.agenda import ics
from binome.agenda import notifications as notifications_agenda
from binome.collectif import notifications as notifications_collectif


def ics_rendez_vous(rendez_vous) -> bytes:
    infos = notifications_agenda.details(rendez_vous)
    evenement = ics.vevenement(
        identifiant=ics.uid(rendez_vous),
        debut=rendez_vous.debut,
        duree_minutes=rendez_vous.duree_minutes,
        resume=_("Rendez-vous d'accompagnement"),
        sequence=rendez_vous.sequence,
        lieu=infos["lien_visio"] or infos["ou"],
        description=_("Avec %(organisateur)s%(structure)s. En cas d'empêchement, prévenez-nous.")
        % {
            "organisateur": infos["organisateur"],
            "structure": f" ({infos['structure']})" if infos["structure"] else "",
        },
        url=infos["lien_visio"],
    )
    return ics.calendrier([evenement])


def ics_seance(inscription) -> bytes:
    infos = notifications_collectif.details(inscription)
    seance = inscription.seance
    evenement = ics.vevenement(
        identifiant=notifications_collectif.identifiant_invitation(inscription),
        debut=seance.debut,
        duree_minutes=seance.duree_minutes,
        resume=_(notifications_collectif.LIBELLE),
        sequence=seance.sequence,
        lieu=infos["lieu"],
        description=_("Atelier organisé par %(structure)s. En cas d'empêchement, prévenez-nous.")
        % {"structure": infos["structure"] or _("votre accompagnement")},
    )
    return ics.calendrier([evenement])
