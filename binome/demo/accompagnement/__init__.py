"""Démonstration, étape « accompagnement » : portefeuilles fictifs des conseillers et travailleurs sociaux.

Pour chaque conseiller France Travail de démonstration (``binome.demo.socle``), un portefeuille réaliste dans
le Cantal et le Calvados, avec **deux ans d'historique** (le tableau de bord du pilotage montre des
tendances) et **tous les états** : orientations en attente (certaines depuis plus de 21 jours, d'autres
reçues du Département), diagnostic planifié, diagnostic partagé en attente d'entrée, actifs, suspendus,
renouvelés, social exclusif, sortis (motifs variés, suivi à 6 mois fait, dû ou à venir), non retenus. Les
alertes de suivi sont présentes : sans contact depuis plus de 15 jours, fin de terme à moins de 30 jours,
actions en retard, orientation sans diagnostic après 21 jours, suivi à 6 mois à faire.

La conseillère persona du Cantal (Claire Martin, agence de Saint-Flour) suit 80 parcours, avec Sophie Bernard
(MDS de Saint-Flour) pour l'essentiel ; son premier dossier, « Julie Lacombe », a un frein mobilité fort
« Permis et/ou code en cours » (démonstration de l'annuaire des ressources).

Personnes et adresses fictives ; dates relatives à aujourd'hui. Les écritures respectent les règles des
services (``binome.accompagnement.services``) — copie figée des caractéristiques à l'entrée, fin prévue selon
les paramètres du département et repoussée des jours suspendus, plan signé avec sa copie figée,
``dernier_contact_le`` tenu par les contacts honorés, historique et chronologie aux dates des faits — mais
passent par des insertions groupées : les services datent certains faits du jour même (orientation,
renouvellement) et un appel par objet prendrait plusieurs minutes.

Idempotence : chaque dossier a un identifiant France Travail fixe (``DEMO15CM001``…) ; un dossier déjà présent
n'est pas recréé. Relancer l'étape ne crée rien, même un autre jour.
"""

from binome.accompagnement.models import Contact, Evenement, Personne
from binome.demo.accompagnement.contexte import _Contexte
from binome.demo.accompagnement.donnees import PORTEFEUILLES, PREFIXE, RAISON, Portefeuille, scenarios
from binome.demo.accompagnement.dossier import Dossier
from binome.demo.accompagnement.outils import _Lots

__all__ = ["PORTEFEUILLES", "PREFIXE", "RAISON", "Portefeuille", "creer", "scenarios"]


def creer(stdout) -> None:
    contexte = _Contexte(PORTEFEUILLES)
    if contexte.permis is None:
        stdout.write(
            "  Référentiel de parcours absent (manage.py charger_referentiels) : freins sans situations détaillées."
        )
    lots = _Lots()
    crees = existants = 0
    for portefeuille in PORTEFEUILLES:
        identifiants = [portefeuille.identifiant(n) for n in range(1, portefeuille.total + 1)]
        deja = set(
            Personne.objects.filter(
                departement_id=portefeuille.departement, identifiant_ft__in=identifiants
            ).values_list("identifiant_ft", flat=True)
        )
        for identifiant, scenario in zip(identifiants, scenarios(portefeuille), strict=True):
            if identifiant in deja:
                existants += 1
                continue
            Dossier(contexte, lots, portefeuille, identifiant, scenario).construire()
            crees += 1
    lots.enregistrer()
    stdout.write(
        f"  Accompagnement : {crees + existants} dossiers fictifs ({crees} créés, {existants} déjà présents), "
        f"{len(lots.objets[Contact])} contacts et {len(lots.objets[Evenement])} événements ajoutés"
    )
