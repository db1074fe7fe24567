"""« À faire » : une ligne par chose à faire, comptée par la fonction de la page où elle se fait."""

import pytest
from freezegun import freeze_time

from binome.quotidien import a_faire as af
from tests.quotidien.donnees import JOUR, MAINTENANT, J, journee_de_claire

pytestmark = pytest.mark.django_db


@pytest.fixture
def journee(personas):
    with freeze_time(MAINTENANT):
        yield journee_de_claire(personas)


def _nombres(utilisateur, **kw):
    return {ligne.cle: ligne.nombre for ligne in af.a_faire(utilisateur, **kw)}


def test_chaque_ligne_de_claire(personas, journee):
    with freeze_time(MAINTENANT):
        assert _nombres(personas.conseiller) == {
            "rendez_vous_aujourdhui": 1,
            "presences_a_saisir": 1,
            "orientations": 1,
            "coordinations": 1,
            "orientations_rsa": 1,  # Rachel, nouvelle bénéficiaire du RSA : échéance dans 2 jours
            "contacts_en_retard": 1,
            "renouvellements": 1,
            "actions_en_retard": 1,
            "suivis_6_mois": 1,
            "rendez_vous_semaine": 1,
        }


def test_sophie_ne_voit_pas_ce_qu_elle_a_elle_meme_envoye(personas, journee):
    with freeze_time(MAINTENANT):
        nombres = _nombres(personas.travailleur_social)
    # Elle a proposé l'orientation, écrit la demande et donné son accord : rien de cela ne l'attend.
    assert not {"orientations", "coordinations", "renouvellements"} & set(nombres)
    assert nombres["rendez_vous_aujourdhui"] == 1 and nombres["contacts_en_retard"] == 1


def test_libelles_accordes_et_liens(personas, journee):
    with freeze_time(MAINTENANT):
        lignes = {ligne.cle: ligne for ligne in af.a_faire(personas.conseiller)}
    assert lignes["orientations"].libelle == "1 orientation attend un diagnostic"
    assert lignes["orientations"].url == "/accompagnement/orientations/" or lignes["orientations"].url.endswith(
        "orientations/"
    )
    assert lignes["contacts_en_retard"].url.endswith("?alerte=sans_contact")
    assert lignes["renouvellements"].url.endswith("?alerte=attend_mon_accord")
    assert lignes["rendez_vous_aujourdhui"].url.endswith("#a-faire-rendez-vous")
    assert lignes["orientations_rsa"].url.endswith("?a_orienter=rsa_alerte")
    assert af.total(list(lignes.values())) == 9  # les rendez-vous d'ici dimanche ne sont pas « à faire »


def test_la_semaine_s_arrete_dimanche(personas, journee):
    with freeze_time(MAINTENANT):
        # Vendredi, le rendez-vous de jeudi est passé (présence à saisir) ; plus rien d'ici dimanche.
        vendredi = _nombres(personas.conseiller, aujourdhui=JOUR + 2 * J)
        mardi = _nombres(personas.conseiller, aujourdhui=JOUR - J)
    assert "rendez_vous_semaine" not in vendredi and vendredi["presences_a_saisir"] == 3
    assert mardi["rendez_vous_semaine"] == 2 and "presences_a_saisir" not in mardi


def test_lignes_a_zero_masquees(personas):
    with freeze_time(MAINTENANT):
        assert af.a_faire(personas.conseiller) == []
        assert af.ligne(personas.conseiller, "orientations").nombre == 0
        # Une ligne qui ne concerne pas l'utilisateur n'existe pas pour lui (même prédicat que la page).
        assert af.ligne(personas.pilote, "orientations") is None
        assert af.ligne(personas.partenaire, "services_a_verifier").nombre == 0


def test_personnes_de_la_ligne(personas, journee):
    with freeze_time(MAINTENANT):
        assert af.personnes_de_la_ligne(personas.conseiller, "contacts_en_retard") == [journee.sans_contact]
        assert af.personnes_de_la_ligne(personas.conseiller, "orientations") == [journee.orientation_parcours]
        assert af.personnes_de_la_ligne(personas.conseiller, "rendez_vous_aujourdhui") == [
            journee.coordination_parcours
        ]
        assert af.personnes_de_la_ligne(personas.conseiller, "services_a_verifier") == []
        assert af.personnes_de_la_ligne(personas.pilote, "orientations") == []
        assert len(af.personnes_de_la_ligne(personas.travailleur_social, "contacts_en_retard", limite=0)) == 0
    assert af.prenom_initiale(journee.sans_contact.personne) == "Samuel S."


def test_les_autres_departements_ne_voient_rien(personas, journee):
    with freeze_time(MAINTENANT):
        assert af.a_faire(personas.conseiller_calvados) == []
        assert af.a_faire(personas.pilote) == []


def test_texte_sans_le_nombre():
    ligne = af.LigneAFaire(cle="orientations", libelle="12 orientations attendent", nombre=12, url="/")
    assert ligne.texte == "orientations attendent"
