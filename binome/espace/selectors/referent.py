"""Ce que voit le référent de l'espace d'une personne : la personne de son périmètre (404 sinon, même si elle
existe), l'état de l'espace, les rapprochements FranceConnect en attente ; qui peut agir : ``peut_gerer_espace``."""

from django.http import Http404

from binome.accompagnement.selectors.acces import personne_pour
from binome.espace.models import EspacePersonne, RapprochementFranceConnect, StatutRapprochement
from binome.espace.selectors.ouverture import espace_de_la_personne, peut_gerer_espace


def personne_pour_espace(acteur, personne_pk):
    """La personne dont l'acteur gère l'espace ; ``Http404`` pour tout autre (autre département compris)."""
    personne = personne_pour(acteur, personne_pk)
    if not peut_gerer_espace(acteur, personne):
        raise Http404
    return personne


def etat_espace(personne) -> dict:
    """L'espace (ou ``None``) et ses demandes de rapprochement FranceConnect en attente, les plus anciennes d'abord."""
    espace = espace_de_la_personne(personne)
    en_attente = []
    if espace is not None and espace.est_ouvert:
        en_attente = list(
            RapprochementFranceConnect.objects.filter(espace=espace, statut=StatutRapprochement.EN_ATTENTE).order_by(
                "cree_le", "pk"
            )
        )
    return {"espace": espace, "rapprochements": en_attente}


def rapprochement_en_attente(espace: EspacePersonne | None, pk) -> RapprochementFranceConnect:
    """La demande en attente ``pk`` de cet espace ; ``Http404`` sinon."""
    if espace is None:
        raise Http404
    try:
        return RapprochementFranceConnect.objects.get(espace=espace, pk=int(pk), statut=StatutRapprochement.EN_ATTENTE)
    except (RapprochementFranceConnect.DoesNotExist, TypeError, ValueError) as erreur:
        raise Http404 from erreur


def section_espace(acteur, personne) -> dict | None:
    """Le résumé de la fiche : pour qui gère l'espace seulement."""
    if not peut_gerer_espace(acteur, personne):
        return None
    return {"personne": personne, **etat_espace(personne)}
