from django.db import transaction
from django.utils import timezone

from binome.accompagnement.models import Evenement, Parcours, Personne


# Non durable : brique écrite DANS la transaction du service qui agit (jamais une action à elle seule).
@transaction.atomic
def evenement_enregistrer(
    *,
    personne: Personne,
    type: str,
    libelle: str,
    acteur=None,
    parcours: Parcours | None = None,
    date=None,
    cote_social_seulement: bool = False,
) -> Evenement:
    """Ajoute une ligne à la chronologie. À appeler DANS la transaction du service qui agit.

    Le libellé doit rester neutre : il est lu par les deux côtés du binôme, sauf si
    ``cote_social_seulement`` est vrai.
    """
    return Evenement.objects.create(
        personne=personne,
        parcours=parcours,
        type=type,
        libelle=libelle[:255],
        acteur=acteur,
        date=date or timezone.now(),
        cote_social_seulement=cote_social_seulement,
    )
