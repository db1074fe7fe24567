"""Portefeuille : mes personnes, alertes, filtres, tri, pagination à coût constant, charge, accueil."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import selectors
from binome.accompagnement.enums import EtatParcours, Modalite, StatutAction
from binome.accompagnement.models import Parcours
from binome.comptes.models import Role
from binome.organisations.models import ParametresDepartement
from tests import factories as f
from tests.accompagnement.factories import (
    ActionFactory,
    ContactFactory,
    PlanActionFactory,
    SortieFactory,
    parcours_du_binome,
    personne_du,
)

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


def _actif(personas, *, entree_il_y_a=60, nom=None, **champs):
    aujourdhui = timezone.localdate()
    entree = aujourdhui - entree_il_y_a * J
    if nom:
        champs["personne"] = personne_du(personas.cantal, nom=nom)
    champs.setdefault("date_reperage", entree - 10 * J)
    champs.setdefault("date_fin_prevue", entree + 365 * J)
    return parcours_du_binome(personas, date_entree=entree, **champs)


def _ids(reponse):
    return [p.pk for p in reponse.context["page"].object_list]


@pytest.fixture
def portefeuille(personas):
    """Quatre parcours de Claire et Sophie : à jour, sans contact, avec une action en retard, social exclusif ;
    un parcours clos ; un parcours d'un autre conseiller."""
    aujourdhui = timezone.localdate()
    a_jour = _actif(personas, nom="Arnaud")
    ContactFactory(parcours=a_jour, date=aujourdhui - 2 * J, prochaine_date=aujourdhui + 12 * J)
    sans_contact = _actif(personas, nom="Bernard")
    ContactFactory(parcours=sans_contact, date=aujourdhui - 40 * J)
    en_retard = _actif(personas, nom="Charles", entree_il_y_a=5)
    ActionFactory(plan=PlanActionFactory(parcours=en_retard), echeance=aujourdhui - J, statut=StatutAction.A_FAIRE)
    social = _actif(personas, nom="Dupont", etat=EtatParcours.SOCIAL_EXCLUSIF, modalite=Modalite.SOCIAL_EXCLUSIF)
    ContactFactory(parcours=social, date=aujourdhui - 3 * J)
    clos = parcours_du_binome(
        personas, personne=personne_du(personas.cantal, nom="Ernest"), etat=EtatParcours.NON_RETENU
    )
    return {"a_jour": a_jour, "sans_contact": sans_contact, "en_retard": en_retard, "social": social, "clos": clos}


def test_mon_portefeuille_et_ses_alertes(personas, portefeuille, client_de):
    jean = f.agent("jean@exemple.gouv.fr", "Jean", "Autre", personas.cantal.agence, Role.CONSEILLER_FT)
    lina = f.agent("lina@exemple.gouv.fr", "Lina", "Autre", personas.cantal.unite, Role.TRAVAILLEUR_SOCIAL)
    autre = parcours_du_binome(personas, conseiller=jean, referent=lina)
    reponse = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille"))
    assert reponse.status_code == 200
    ids = _ids(reponse)
    assert set(ids) == {portefeuille[c].pk for c in ("a_jour", "sans_contact", "en_retard", "social")}
    assert autre.pk not in ids and portefeuille["clos"].pk not in ids
    # Tri par défaut : l'ordre alphabétique (il ne calcule les alertes que pour la page) ; « Alertes d'abord »
    # sur demande.
    noms = dict(Parcours.objects.filter(pk__in=ids).values_list("pk", "personne__nom_normalise"))
    assert ids == sorted(ids, key=lambda pk: (noms[pk], pk))
    url = reverse("accompagnement:portefeuille")
    alertes_d_abord = _ids(client_de(personas.conseiller).get(url, {"tri": "alertes"}))
    assert alertes_d_abord[0] in (portefeuille["sans_contact"].pk, portefeuille["en_retard"].pk)
    page = reponse.content.decode()
    assert "Sans contact depuis plus de 15 j" in page
    assert "1 action en retard" in page
    assert "Mon portefeuille" in page


def test_filtres(personas, portefeuille, client_de):
    client = client_de(personas.travailleur_social)
    url = reverse("accompagnement:portefeuille")
    assert _ids(client.get(url, {"alerte": "sans_contact"})) == [portefeuille["sans_contact"].pk]
    assert _ids(client.get(url, {"alerte": "actions_en_retard"})) == [portefeuille["en_retard"].pk]
    assert set(_ids(client.get(url, {"alerte": "toutes"}))) == {
        portefeuille["sans_contact"].pk,
        portefeuille["en_retard"].pk,
    }
    assert _ids(client.get(url, {"modalite": "SOCIAL_EXCLUSIF"})) == [portefeuille["social"].pk]
    assert _ids(client.get(url, {"etat": "SOCIAL_EXCLUSIF"})) == [portefeuille["social"].pk]
    assert _ids(client.get(url, {"etat": "NON_RETENU"})) == [portefeuille["clos"].pk]
    assert len(_ids(client.get(url, {"etat": "tous"}))) == 5
    assert _ids(client.get(url, {"q": "bernard"})) == [portefeuille["sans_contact"].pk]
    vide = client.get(url, {"alerte": "suivi_6_mois"})
    assert _ids(vide) == []
    assert "Aucun parcours de votre portefeuille ne correspond à ces filtres." in vide.content.decode()


def test_tri(personas, portefeuille, client_de):
    client = client_de(personas.conseiller)
    url = reverse("accompagnement:portefeuille")
    noms = [p.personne.nom for p in client.get(url, {"tri": "personne"}).context["page"].object_list]
    assert noms == ["Arnaud", "Bernard", "Charles", "Dupont"]
    noms = [p.personne.nom for p in client.get(url, {"tri": "-personne"}).context["page"].object_list]
    assert noms == ["Dupont", "Charles", "Bernard", "Arnaud"]
    # Dernier contact le plus ancien d'abord, les « jamais contactés » en tête.
    noms = [p.personne.nom for p in client.get(url, {"tri": "dernier_contact"}).context["page"].object_list]
    assert noms == ["Charles", "Bernard", "Dupont", "Arnaud"]
    noms = [p.personne.nom for p in client.get(url, {"tri": "-entree"}).context["page"].object_list]
    assert noms[0] == "Charles"
    noms = [p.personne.nom for p in client.get(url, {"tri": "prochain_contact"}).context["page"].object_list]
    assert noms[0] == "Arnaud"


def test_suivi_a_6_mois_reste_dans_le_portefeuille(personas, client_de):
    aujourdhui = timezone.localdate()
    sorti = SortieFactory(
        parcours=parcours_du_binome(
            personas,
            etat=EtatParcours.SORTI,
            date_reperage=aujourdhui - 400 * J,
            date_entree=aujourdhui - 390 * J,
            date_fin_prevue=aujourdhui - 25 * J,
            date_sortie=aujourdhui - 190 * J,
            motif_sortie="EMPLOI_DURABLE",
        ),
        suivi_6_mois_echeance=aujourdhui - 7 * J,
    ).parcours
    reponse = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille"))
    assert _ids(reponse) == [sorti.pk]
    assert "Suivi à 6 mois à faire" in reponse.content.decode()


def test_charge_face_a_la_fourchette_du_departement(personas, portefeuille, client_de):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(
        portefeuille_min=2, portefeuille_max=3
    )
    [ligne] = selectors.charge(personas.conseiller)
    assert (ligne["nombre"], ligne["minimum"], ligne["maximum"], ligne["niveau"]) == (4, 2, 3, "au_dessus")
    page = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille")).content.decode()
    assert 'data-chiffre="en_cours">4</span> parcours en cours' in page
    assert "15 : 4 en cours, charge attendue de 2 à 3" in page
    assert "Au-dessus de la fourchette" in page
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(
        portefeuille_min=70, portefeuille_max=100
    )
    assert selectors.charge(personas.conseiller)[0]["niveau"] == "sous"


def test_portefeuille_vide(personas, client_de):
    page = client_de(personas.conseiller_calvados).get(reverse("accompagnement:portefeuille")).content.decode()
    assert "Aucune personne ne vous est confiée pour le moment" in page
    assert 'data-chiffre="en_cours">0</span> parcours en cours' in page


@pytest.mark.parametrize("persona", ["conseiller", "travailleur_social"])
def test_cout_constant_pour_5_et_40_parcours(personas, client_de, django_assert_max_num_queries, persona):
    client = client_de(getattr(personas, persona))
    url = reverse("accompagnement:portefeuille")
    client.get(url)
    comptes = []
    for total in (5, 40):
        while selectors.portefeuille(personas.conseiller).count() < total:
            parcours = _actif(personas)
            ContactFactory(parcours=parcours, date=timezone.localdate() - 20 * J)
            ActionFactory(plan=PlanActionFactory(parcours=parcours), echeance=timezone.localdate() - J)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as requetes:
            reponse = client.get(url, {"tri": "dernier_contact"})
        assert reponse.status_code == 200
        assert len(reponse.context["page"].object_list) == min(total, 25)
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes


def test_accueil_du_conseiller_et_de_l_encadrant(personas, portefeuille, client_de):
    page = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert 'data-chiffre="suivis">4</span> parcours suivis' in page
    assert 'data-chiffre="avec_alerte">2</span> parcours avec au moins une alerte' in page
    assert reverse("accompagnement:portefeuille") in page
    page = client_de(personas.encadrant).get(reverse("core:accueil")).content.decode()
    assert 'data-chiffre="suivis">4</span> parcours suivis' in page
    assert 'data-chiffre="avec_alerte">2</span> parcours avec au moins une alerte' in page
    page = client_de(personas.conseiller_calvados).get(reverse("core:accueil")).content.decode()
    assert "Aucune personne ne vous est confiée pour le moment" in page


def test_navigation(personas, client_de):
    page = client_de(personas.conseiller).get(reverse("core:accueil")).content.decode()
    assert 'href="/accompagnement/portefeuille/"' in page
    assert 'href="/accompagnement/equipe/"' not in page
    page = client_de(personas.encadrant).get(reverse("core:accueil")).content.decode()
    assert 'href="/accompagnement/equipe/"' in page
    page = client_de(personas.pilote).get(reverse("core:accueil")).content.decode()
    assert "/accompagnement/portefeuille/" not in page
