"""Pagination stable de l'API, par curseur, et filtre ``modifie_depuis`` pour la synchronisation incrémentale.

Les listes sont triées par (``modifie_le``, ``pk``) : un ordre total, qui ne bouge pas quand des lignes sont
ajoutées pendant qu'un client pagine. Le curseur (opaque pour le client) porte la dernière clé vue ; une page
renvoie ``suivant`` (l'adresse de la page suivante) ou ``null`` à la fin. Un client qui synchronise garde la
plus grande ``modifie_le`` reçue et la repasse en ``modifie_depuis`` au passage suivant.
"""

import base64
import datetime

from django.db.models import Q
from ninja import Field, Schema

from binome.api.problemes import Probleme

TAILLE_DEFAUT = 50
TAILLE_MAX = 200


class ParametresPage(Schema):
    curseur: str = Field("", description="Curseur opaque renvoyé dans « suivant » ; vide pour la première page.")
    taille: int = Field(TAILLE_DEFAUT, ge=1, le=TAILLE_MAX, description="Nombre d'éléments par page (1 à 200).")
    modifie_depuis: datetime.datetime | None = Field(
        None, description="Ne renvoie que ce qui a été modifié à cet instant ou après (ISO 8601, avec fuseau)."
    )


def _encoder(valeur: datetime.datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{valeur.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _decoder(curseur: str) -> tuple[datetime.datetime, int]:
    try:
        brut = base64.urlsafe_b64decode(curseur + "=" * (-len(curseur) % 4)).decode()
        horodatage, pk = brut.split("|")
        valeur = datetime.datetime.fromisoformat(horodatage)
        if valeur.tzinfo is None:
            raise ValueError
        return valeur, int(pk)
    except (ValueError, UnicodeDecodeError) as erreur:
        raise Probleme(
            400, "Curseur invalide", "Ce curseur n'a pas été produit par l'API : repartez de « suivant »."
        ) from erreur


def paginer(request, qs, parametres: ParametresPage, *, champ_date: str = "modifie_le") -> dict:
    """Une page de ``qs`` : ``{"resultats": [...], "suivant": url | None}``."""
    if parametres.modifie_depuis is not None:
        if parametres.modifie_depuis.tzinfo is None:
            raise Probleme(
                400, "Date invalide", "« modifie_depuis » doit porter son fuseau (par exemple +01:00 ou Z)."
            )
        qs = qs.filter(**{f"{champ_date}__gte": parametres.modifie_depuis})
    qs = qs.order_by(champ_date, "pk")
    if parametres.curseur:
        valeur, pk = _decoder(parametres.curseur)
        qs = qs.filter(Q(**{f"{champ_date}__gt": valeur}) | Q(**{champ_date: valeur, "pk__gt": pk}))
    elements = list(qs[: parametres.taille + 1])
    suivant = None
    if len(elements) > parametres.taille:
        elements = elements[: parametres.taille]
        dernier = elements[-1]
        requete = request.GET.copy()
        requete["curseur"] = _encoder(getattr(dernier, champ_date), dernier.pk)
        suivant = request.build_absolute_uri(f"{request.path}?{requete.urlencode()}")
    return {"resultats": elements, "suivant": suivant}
