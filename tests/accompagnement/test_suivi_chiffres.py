"""Un chiffre, une définition : l'accueil, l'en-tête du portefeuille (ou de l'équipe) et le tableau montrent les
mêmes nombres, pour chaque persona, sur un jeu varié (suspendu, renouvelé, clos, en diagnostic, social exclusif,
sorti avec suivi dû, co-référents, une personne à deux parcours, un agent désactivé).

Les pages marquent chaque chiffre par ``data-chiffre`` : « suivis », « en_cours », « avec_alerte » (accueil et
en-tête) et « lignes » (légende du tableau).
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import EtatParcours, Modalite, StatutAction, StatutOrientation
from binome.comptes.models import Role
from tests import factories as f
from tests.accompagnement.factories import (
    ActionFactory,
    ContactFactory,
    OrientationFactory,
    PlanActionFactory,
    SortieFactory,
    parcours_du_binome,
    personne_du,
)

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


def chiffres(page: str) -> dict[str, list[int]]:
    """Chaque chiffre marqué de la page (``data-chiffre``), dans l'ordre où il apparaît."""
    trouves: dict[str, list[int]] = {}
    for nom, valeur in re.findall(r'data-chiffre="(\w+)">(\d+)<', page):
        trouves.setdefault(nom, []).append(int(valeur))
    return trouves


def _en_cours(personas, *, il_y_a=60, **champs):
    aujourdhui = timezone.localdate()
    entree = aujourdhui - il_y_a * J
    champs.setdefault("date_reperage", entree - 10 * J)
    champs.setdefault("date_fin_prevue", entree + 365 * J)
    parcours = parcours_du_binome(personas, date_entree=entree, **champs)
    ContactFactory(parcours=parcours, date=aujourdhui - 2 * J)
    return parcours


@pytest.fixture
def jeu(personas):
    """Parcours du binôme Claire (agence) / Sophie (MDS), et de collègues de chacune."""
    aujourdhui = timezone.localdate()
    jean = f.agent("jean@exemple.gouv.fr", "Jean", "Collègue", personas.cantal.agence, Role.CONSEILLER_FT)
    lina = f.agent("lina@exemple.gouv.fr", "Lina", "Collègue", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL)
    sans_contact = parcours_du_binome(
        personas, date_entree=aujourdhui - 90 * J, date_reperage=aujourdhui - 100 * J
    )  # sans contact, fin de terme lointaine
    ActionFactory(plan=PlanActionFactory(parcours=sans_contact), echeance=aujourdhui - J, statut=StatutAction.A_FAIRE)
    _en_cours(personas, etat=EtatParcours.SUSPENDU)
    _en_cours(personas, etat=EtatParcours.RENOUVELE)
    _en_cours(personas, etat=EtatParcours.SOCIAL_EXCLUSIF, modalite=Modalite.SOCIAL_EXCLUSIF)
    _en_cours(personas, referent=lina)  # co-référents : Claire avec Lina
    _en_cours(personas, conseiller=jean)  # Sophie avec Jean
    diagnostic = parcours_du_binome(personas, etat=EtatParcours.ORIENTATION_PROPOSEE, date_reperage=aujourdhui - 9 * J)
    OrientationFactory(
        parcours=diagnostic,
        date_proposition=aujourdhui - 8 * J,
        statut=StatutOrientation.DIAGNOSTIC_PLANIFIE,
        date_diagnostic_planifiee=aujourdhui - 7 * J,
    )
    parcours_du_binome(personas, etat=EtatParcours.NON_RETENU)
    deux_fois = personne_du(personas.cantal, nom="Deuxfois")
    _en_cours(personas, personne=deux_fois)
    for suivi_fait in (None, aujourdhui - J):
        SortieFactory(
            parcours=parcours_du_binome(
                personas,
                personne=deux_fois if suivi_fait is None else personne_du(personas.cantal),
                etat=EtatParcours.SORTI,
                date_reperage=aujourdhui - 400 * J,
                date_entree=aujourdhui - 390 * J,
                date_fin_prevue=aujourdhui - 25 * J,
                date_sortie=aujourdhui - 190 * J,
                motif_sortie="EMPLOI_DURABLE",
            ),
            suivi_6_mois_echeance=aujourdhui - 7 * J,
            suivi_6_mois_fait_le=suivi_fait,
        )
    ancien = f.agent("ancien@exemple.gouv.fr", "Ancien", "Agent", personas.cantal.agence, Role.CONSEILLER_FT)
    _en_cours(personas, conseiller=ancien)
    ancien.is_active = False
    ancien.save()
    return personas


# Claire : sans contact, suspendu, renouvelé, social exclusif, co-référente, diagnostic, Deuxfois (en cours et
# sorti avec suivi dû) → 8 suivis, 6 en cours ; alertes : sans contact (+ action), diagnostic en retard, suivi dû.
# Sophie : les mêmes sauf le parcours avec Lina, plus ceux avec Jean et avec l'agent désactivé → 9 suivis,
# 7 en cours, 4 alertes (le parcours de l'agent désactivé en porte une).
ATTENDU = {
    "conseiller": {"suivis": 8, "en_cours": 6, "avec_alerte": 3},
    "travailleur_social": {"suivis": 9, "en_cours": 7, "avec_alerte": 4},
}
ATTENDU_EQUIPE = {
    # Agence de Claire, Jean et de l'agent désactivé : tous les parcours du jeu sauf aucun.
    "encadrant": {"suivis": 10, "en_cours": 8, "avec_alerte": 4},
    # MDS de Sophie et Lina : idem.
    "encadrant_social": {"suivis": 10, "en_cours": 8, "avec_alerte": 4},
}


def _trois_pages(client, url_liste):
    accueil = chiffres(client.get(reverse("core:accueil")).content.decode())
    liste = chiffres(client.get(url_liste).content.decode())
    avec_alerte = chiffres(client.get(url_liste, {"alerte": "toutes"}).content.decode())
    return accueil, liste, avec_alerte


@pytest.mark.parametrize("persona", sorted(ATTENDU))
def test_accueil_en_tete_et_tableau_du_portefeuille_concordent(jeu, client_de, persona):
    client = client_de(getattr(jeu, persona))
    accueil, liste, avec_alerte = _trois_pages(client, reverse("accompagnement:portefeuille"))
    attendu = ATTENDU[persona]
    for nom, valeur in attendu.items():
        assert accueil[nom] == [valeur], (nom, accueil)
        assert liste[nom] == [valeur], (nom, liste)
    assert liste["lignes"] == [attendu["suivis"]]
    assert avec_alerte["lignes"] == [attendu["avec_alerte"]]
    charges = selectors.charge(getattr(jeu, persona))
    assert sum(ligne["nombre"] for ligne in charges) == attendu["en_cours"]


@pytest.mark.parametrize("persona", sorted(ATTENDU_EQUIPE))
def test_accueil_en_tete_et_tableau_de_l_equipe_concordent(jeu, client_de, persona):
    client = client_de(getattr(jeu, persona))
    accueil, liste, avec_alerte = _trois_pages(client, reverse("accompagnement:equipe"))
    attendu = ATTENDU_EQUIPE[persona]
    for nom, valeur in attendu.items():
        assert accueil[nom] == [valeur], (nom, accueil)
        assert liste[nom] == [valeur], (nom, liste)
    assert liste["lignes"] == [attendu["suivis"]]
    assert avec_alerte["lignes"] == [attendu["avec_alerte"]]


def test_une_ligne_montre_toutes_ses_alertes(personas, client_de):
    """Quatre alertes sur une ligne, dont celle d'un co-référent qui n'a plus de rôle actif."""
    aujourdhui = timezone.localdate()
    lina = f.agent("lina@exemple.gouv.fr", "Lina", "Partie", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL)
    lina.habilitations.update(active=False)
    parcours = parcours_du_binome(
        personas,
        referent=lina,
        personne=personne_du(personas.cantal, nom="Plusieurs"),
        date_reperage=aujourdhui - 400 * J,
        date_entree=aujourdhui - 360 * J,
        date_fin_prevue=aujourdhui + 5 * J,
    )
    ContactFactory(parcours=parcours, date=aujourdhui - 60 * J)
    ActionFactory(plan=PlanActionFactory(parcours=parcours), echeance=aujourdhui - 3 * J)
    page = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille")).content.decode()
    assert "Sans contact depuis plus de" in page
    assert "Fin de terme : revue à prévoir" in page
    assert "1 action en retard" in page
    assert "Agent désactivé : à réaffecter" in page
    [ligne] = selectors.filtrer_suivi(selectors.portefeuille(personas.conseiller, complet=True))
    assert ligne.nb_alertes == 4


def test_une_echeance_ne_precede_pas_le_debut_du_parcours(personas):
    aujourdhui = timezone.localdate()
    parcours = parcours_du_binome(personas, date_reperage=aujourdhui - 40 * J, date_entree=aujourdhui - 30 * J)
    plan = PlanActionFactory(parcours=parcours)
    champs = {"acteur": personas.conseiller, "plan": plan, "cote": "EMPLOI", "porteur": "PERSONNE"}
    with pytest.raises(ValidationError) as erreur:
        services.action_ajouter(**champs, libelle_libre="Atelier CV", echeance=aujourdhui - 31 * J)
    assert "ne peut pas précéder le début du parcours" in erreur.value.message_dict["echeance"][0]
    with pytest.raises(ValidationError):
        services.objectif_ajouter(**champs, libelle_libre="Permis", echeance=aujourdhui - 31 * J)
    action = services.action_ajouter(**champs, libelle_libre="Atelier CV", echeance=aujourdhui - 30 * J)
    assert action.echeance == aujourdhui - 30 * J


def test_diagnostic_planifie_depasse_leve_une_alerte(personas, client_de):
    aujourdhui = timezone.localdate()
    parcours = parcours_du_binome(personas, etat=EtatParcours.ORIENTATION_PROPOSEE, date_reperage=aujourdhui - 9 * J)
    OrientationFactory(
        parcours=parcours,
        date_proposition=aujourdhui - 8 * J,
        statut=StatutOrientation.DIAGNOSTIC_PLANIFIE,
        date_diagnostic_planifiee=aujourdhui - 7 * J,
    )
    [ligne] = selectors.filtrer_suivi(selectors.portefeuille(personas.conseiller, complet=True))
    assert ligne.alerte_diagnostic_en_retard and ligne.nb_alertes == 1
    page = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille")).content.decode()
    assert "Diagnostic planifié en retard" in page
    # Un diagnostic planifié demain n'est pas en retard.
    parcours.orientations.update(date_diagnostic_planifiee=aujourdhui + J)
    [ligne] = selectors.filtrer_suivi(selectors.portefeuille(personas.conseiller, complet=True))
    assert not ligne.alerte_diagnostic_en_retard


def test_la_boite_des_orientations_signale_le_diagnostic_en_retard(personas, client_de):
    """Même définition (``alertes.q_diagnostic_depasse``) dans la boîte de réception du côté destinataire."""
    aujourdhui = timezone.localdate()
    parcours = parcours_du_binome(
        personas, etat=EtatParcours.ORIENTATION_PROPOSEE, date_reperage=aujourdhui - 9 * J, referent=None
    )
    OrientationFactory(
        parcours=parcours,
        date_proposition=aujourdhui - 8 * J,
        statut=StatutOrientation.DIAGNOSTIC_PLANIFIE,
        date_diagnostic_planifiee=aujourdhui - 7 * J,
    )
    [orientation] = selectors.orientations_a_traiter(personas.travailleur_social)
    assert orientation.diagnostic_en_retard
    page = client_de(personas.travailleur_social).get(reverse("accompagnement:orientations")).content.decode()
    assert "Diagnostic planifié en retard" in page
