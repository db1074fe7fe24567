"""Vue équipe de l'encadrant : charge par agent, réaffectation d'un parcours de son organisation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import EtatParcours, TypeEvenement
from binome.accompagnement.models import Evenement
from binome.comptes.models import Role
from binome.organisations.models import ParametresDepartement, TypeOrganisation
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(personas):
    """Un second conseiller et un second travailleur social à Saint-Flour, une autre agence (Aurillac) avec
    son encadrant, un encadrant du Calvados."""
    cantal = personas.cantal
    aurillac = f.OrganisationFactory(
        nom="France Travail Aurillac", type=TypeOrganisation.AGENCE_FT, departement=cantal.departement
    )
    return {
        "jean": f.agent("jean.conseiller@exemple.gouv.fr", "Jean", "Second", cantal.agence, Role.CONSEILLER_FT),
        "lina": f.agent("lina.sociale@exemple.gouv.fr", "Lina", "Seconde", cantal.unite, Role.TRAVAILLEUR_SOCIAL),
        "conseiller_aurillac": f.agent(
            "paul.aurillac@exemple.gouv.fr", "Paul", "Aurillac", aurillac, Role.CONSEILLER_FT
        ),
        "encadrant_aurillac": f.agent("eve.aurillac@exemple.gouv.fr", "Ève", "Aurillac", aurillac, Role.ENCADRANT),
        "encadrant_calvados": f.agent(
            "luc.calvados@exemple.gouv.fr", "Luc", "Calvados", personas.calvados.agence, Role.ENCADRANT
        ),
    }


def test_l_encadrant_confie_le_parcours_a_un_autre_conseiller(personas, equipe):
    parcours = parcours_du_binome(personas)
    services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=equipe["jean"])
    parcours.refresh_from_db()
    assert parcours.conseiller == equipe["jean"]
    assert parcours.organisation_conseiller == personas.cantal.agence
    assert parcours.referent_social == personas.travailleur_social
    evenement = Evenement.objects.get(type=TypeEvenement.BINOME_MODIFIE)
    assert evenement.libelle == "Binôme modifié — Conseiller France Travail : Claire Conseillère → Jean Second"
    assert evenement.acteur == personas.encadrant
    # Le nouveau conseiller ouvre le dossier, l'ancien ne le voit plus.
    assert selectors.parcours_pour(equipe["jean"], parcours.pk) == parcours
    assert parcours not in selectors.parcours_visibles(personas.conseiller)


def test_chaque_encadrant_ne_reaffecte_que_son_cote(personas, equipe):
    parcours = parcours_du_binome(personas)
    with pytest.raises(PermissionDenied):
        services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, referent_social=equipe["lina"])
    services.parcours_reassigner(acteur=personas.encadrant_social, parcours=parcours, referent_social=equipe["lina"])
    parcours.refresh_from_db()
    assert parcours.referent_social == equipe["lina"]


@pytest.mark.parametrize("cle", ["encadrant_aurillac", "encadrant_calvados"])
def test_encadrant_d_une_autre_organisation_refuse(personas, equipe, client_de, cle):
    parcours = parcours_du_binome(personas)
    acteur = equipe[cle]
    with pytest.raises(PermissionDenied):
        services.parcours_reassigner(acteur=acteur, parcours=parcours, conseiller=equipe["conseiller_aurillac"])
    client = client_de(acteur)
    url = reverse("accompagnement:reaffecter", kwargs={"parcours_pk": parcours.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"conseiller": equipe["conseiller_aurillac"].pk}).status_code == 404
    parcours.refresh_from_db()
    assert parcours.conseiller == personas.conseiller
    assert not Evenement.objects.filter(type=TypeEvenement.BINOME_MODIFIE).exists()


def test_l_agent_doit_etre_de_l_organisation_du_parcours(personas, equipe):
    parcours = parcours_du_binome(personas)
    with pytest.raises(ValidationError) as erreur:
        services.parcours_reassigner(
            acteur=personas.encadrant, parcours=parcours, conseiller=equipe["conseiller_aurillac"]
        )
    assert "conseiller" in erreur.value.error_dict
    with pytest.raises(ValidationError):  # un travailleur social n'est pas conseiller
        services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=equipe["lina"])
    with pytest.raises(ValidationError, match="déjà suivi"):
        services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=personas.conseiller)
    with pytest.raises(ValidationError, match="Choisissez"):
        services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours)


def test_ecran_de_reaffectation(personas, equipe, client_de):
    parcours = parcours_du_binome(personas)
    client = client_de(personas.encadrant)
    url = reverse("accompagnement:reaffecter", kwargs={"parcours_pk": parcours.pk})
    page = client.get(url).content.decode()
    assert "Jean Second" in page
    assert "Lina Seconde" not in page  # pas de choix du côté social pour l'encadrant de l'agence
    assert "Paul Aurillac" not in page
    reponse = client.post(url, {"conseiller": equipe["jean"].pk})
    assert reponse.status_code == 302
    assert reponse["Location"] == reverse("accompagnement:equipe")
    parcours.refresh_from_db()
    assert parcours.conseiller == equipe["jean"]
    # Les agents d'une autre agence ne sont pas proposés : valeur refusée par le formulaire.
    reponse = client.post(url, {"conseiller": equipe["conseiller_aurillac"].pk})
    assert reponse.status_code == 400


def test_vue_equipe_charge_par_agent(personas, equipe, client_de):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(
        portefeuille_min=2, portefeuille_max=3
    )
    for _ in range(4):
        parcours_du_binome(personas)  # Claire et Sophie : 4 parcours en cours
    parcours_du_binome(personas, conseiller=equipe["jean"], referent=equipe["lina"])
    parcours_du_binome(personas, etat=EtatParcours.NON_RETENU)  # clos : hors charge
    lignes = {ligne["utilisateur"].prenom: ligne for ligne in selectors.agents_equipe(personas.encadrant)}
    assert set(lignes) == {"Claire", "Jean"}
    assert all(ligne["organisation"] == personas.cantal.agence for ligne in lignes.values())
    assert (lignes["Claire"]["nombre"], lignes["Claire"]["niveau"]) == (4, "au_dessus")
    assert (lignes["Jean"]["nombre"], lignes["Jean"]["niveau"]) == (1, "sous")
    # Sans contact depuis l'entrée (aujourd'hui pour les fabriques, 2025) : tous portent une alerte.
    assert lignes["Claire"]["avec_alerte"] == 4
    page = client_de(personas.encadrant_social).get(reverse("accompagnement:equipe")).content.decode()
    assert "Sophie Sociale" in page and "Lina Seconde" in page
    assert "Claire Conseillère" in page  # dans la colonne binôme des parcours de l'unité
    assert "Au-dessus de la fourchette" in page
    assert "Sous la fourchette" in page


def test_vue_equipe_filtre_par_agent(personas, equipe, client_de):
    parcours_du_binome(personas)
    du_jean = parcours_du_binome(personas, conseiller=equipe["jean"])
    client = client_de(personas.encadrant)
    page = client.get(reverse("accompagnement:equipe"), {"agent": equipe["jean"].pk})
    assert [p.pk for p in page.context["page"].object_list] == [du_jean.pk]


def test_vue_equipe_a_cout_constant(personas, equipe, client_de, django_assert_max_num_queries):
    client = client_de(personas.encadrant)
    url = reverse("accompagnement:equipe")
    client.get(url)
    comptes = []
    for total in (5, 40):
        while selectors.parcours_equipe(personas.encadrant).count() < total:
            parcours_du_binome(personas, conseiller=equipe["jean"] if total == 40 else None)
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as requetes:
            assert client.get(url).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes
