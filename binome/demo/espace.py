"""Démonstration, étape « espace de la personne » (issue 16, poste h2) : dans chaque département de démonstration,
une personne suivie a une adresse électronique et un espace ouvert, avec son accord, par son conseiller.

La personne est le premier dossier actif du portefeuille de la conseillère persona (Claire Martin dans le Cantal,
Camille Dupont dans le Calvados). Connexion : ``/mon-espace/connexion/``, adresse ci-dessous ; le lien arrive dans
la console du serveur (ou le serveur SMTP de développement). FranceConnect : voir ``docs/exploitation.md``.

Tout passe par le service ``espace_ouvrir`` (transaction durable) : l'étape tourne hors de la transaction de la
commande (``TRANSACTION_PAR_SERVICE``). Idempotente : un espace déjà ouvert n'est pas rouvert.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from binome.accompagnement.enums import EtatParcours
from binome.accompagnement.models import Parcours
from binome.core.historique import sauver
from binome.demo.accompagnement import PORTEFEUILLES
from binome.espace.models import EspacePersonne
from binome.espace.services.ouverture import espace_ouvrir

TRANSACTION_PAR_SERVICE = True


@dataclass(frozen=True)
class EspaceDemo:
    departement: str
    portefeuille: str  # code du portefeuille (``binome.demo.accompagnement.donnees``)
    courriel: str


ESPACES = (
    EspaceDemo("15", "CM", "mon-espace.cantal@exemple.test"),
    EspaceDemo("14", "CD", "mon-espace.calvados@exemple.test"),
)


def _parcours(demo: EspaceDemo) -> Parcours | None:
    portefeuille = next(p for p in PORTEFEUILLES if (p.departement, p.code) == (demo.departement, demo.portefeuille))
    identifiants = [portefeuille.identifiant(n) for n in range(1, portefeuille.total + 1)]
    return (
        Parcours.objects.filter(
            departement_id=demo.departement,
            etat=EtatParcours.ACTIF,
            conseiller__isnull=False,
            personne__identifiant_ft__in=identifiants,
            personne__anonymise_le__isnull=True,
        )
        .select_related("personne", "conseiller")
        .order_by("personne__identifiant_ft", "pk")
        .first()
    )


def ouvrir_espace_de_demo(parcours: Parcours, courriel: str) -> EspacePersonne:
    """Adresse électronique de démonstration et espace ouvert par le conseiller du parcours (accord d'hier)."""
    personne = parcours.personne
    if personne.courriel != courriel:
        personne.courriel = courriel
        sauver(personne, acteur=None, raison="Données de démonstration : adresse pour l'espace de la personne")
    espace = EspacePersonne.objects.filter(personne=personne, ferme_le__isnull=True).first()
    if espace is not None:
        return espace
    accord = timezone.localdate() - datetime.timedelta(days=1)
    return espace_ouvrir(acteur=parcours.conseiller, personne=personne, accord_le=accord)


def creer(stdout) -> None:
    ouverts = []
    for demo in ESPACES:
        parcours = _parcours(demo)
        if parcours is None:
            continue
        ouvrir_espace_de_demo(parcours, demo.courriel)
        ouverts.append(f"{demo.courriel} ({parcours.personne.prenom})")
    stdout.write(f"  Espace de la personne : {len(ouverts)} espaces ouverts — {', '.join(ouverts) or 'aucun'}")
