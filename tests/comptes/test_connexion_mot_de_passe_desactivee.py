"""Connexion par mot de passe désactivable par département (ParametresDepartement.connexion_mot_de_passe)."""

import pytest
from django.urls import reverse

from binome.comptes.models import Role
from binome.organisations.models import ParametresDepartement
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def regle_appliquee(settings):
    settings.BINOME_MOT_DE_PASSE_TOUJOURS_PERMIS = False


def _desactiver(*codes):
    for code in codes:
        ParametresDepartement.objects.update_or_create(departement_id=code, defaults={"connexion_mot_de_passe": False})


def _essayer(client, email):
    return client.post(reverse("comptes:connexion"), {"username": email, "password": f.MOT_DE_PASSE})


def test_defaut_permise(personas, client):
    assert ParametresDepartement._meta.get_field("connexion_mot_de_passe").default is True
    assert _essayer(client, "claire.conseillere@exemple.gouv.fr").status_code == 302


def test_departement_qui_l_a_desactivee_renvoie_vers_proconnect(personas, client):
    _desactiver(personas.cantal.departement.code)
    reponse = _essayer(client, "claire.conseillere@exemple.gouv.fr")
    assert reponse.status_code == 200
    assert "La connexion par mot de passe est désactivée dans votre département" in reponse.content.decode()
    assert "ProConnect" in reponse.content.decode()
    assert "_auth_user_id" not in client.session
    # un autre département n'est pas concerné
    assert _essayer(client, "camille.conseillere@exemple.gouv.fr").status_code == 302


def test_il_faut_que_tous_ses_departements_l_aient_desactivee(personas, client):
    utilisateur = f.agent(
        "double.appartenance@exemple.gouv.fr", "Double", "Appartenance", personas.cantal.agence, Role.CONSEILLER_FT
    )
    f.HabilitationFactory(utilisateur=utilisateur, organisation=personas.calvados.agence, role=Role.CONSEILLER_FT)
    _desactiver(personas.cantal.departement.code)
    assert _essayer(client, utilisateur.email).status_code == 302
    client.logout()
    _desactiver(personas.calvados.departement.code)
    assert _essayer(client, utilisateur.email).status_code == 200


def test_super_administrateur_garde_le_mot_de_passe(personas, client):
    _desactiver(personas.cantal.departement.code, personas.calvados.departement.code)
    assert _essayer(client, "root@exemple.gouv.fr").status_code == 302


def test_en_developpement_le_mot_de_passe_reste_possible(personas, client, settings):
    settings.BINOME_MOT_DE_PASSE_TOUJOURS_PERMIS = True
    _desactiver(personas.cantal.departement.code)
    assert _essayer(client, "claire.conseillere@exemple.gouv.fr").status_code == 302


def test_mauvais_mot_de_passe_reste_un_echec_ordinaire(personas, client):
    _desactiver(personas.cantal.departement.code)
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "claire.conseillere@exemple.gouv.fr", "password": "faux"}
    )
    assert "Adresse électronique ou mot de passe incorrect" in reponse.content.decode()
    assert "désactivée dans votre département" not in reponse.content.decode()
