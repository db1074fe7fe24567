"""Pages des jetons d'API de l'administrateur : liste de son périmètre, création (jeton montré une fois, jamais
stocké ni mis en cache), révocation avec confirmation ; l'administrateur du Calvados ne voit ni ne révoque un
jeton du Cantal."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.comptes import services
from binome.comptes.models import JetonApi
from binome.comptes.selectors import jeton_api_valide

pytestmark = pytest.mark.django_db

LISTE = reverse("comptes:utilisateurs_jetons")


def _creer(url_compte, client, **donnees):
    return client.post(url_compte, {"nom": "IODAS", "portee": "ecriture", "expire_le": "", **donnees})


@pytest.fixture
def jetons(personas):
    cantal, _clair = services.jeton_api_creer(
        acteur=personas.admin, utilisateur=personas.conseiller, nom="Logiciel Cantal"
    )
    calvados, _clair = services.jeton_api_creer(
        acteur=personas.admin_calvados, utilisateur=personas.conseiller_calvados, nom="Logiciel Calvados"
    )
    return cantal, calvados


def test_liste_du_perimetre(client_de, personas, jetons):
    page = client_de(personas.admin).get(LISTE).content.decode()
    assert "Logiciel Cantal" in page and jetons[0].prefixe in page
    assert "Logiciel Calvados" not in page and jetons[1].prefixe not in page
    page = client_de(personas.admin_calvados).get(LISTE).content.decode()
    assert "Logiciel Calvados" in page and "Logiciel Cantal" not in page
    page = client_de(personas.super_admin).get(LISTE).content.decode()
    assert "Logiciel Calvados" in page and "Logiciel Cantal" in page


@pytest.mark.parametrize("persona", ["conseiller", "pilote", "partenaire", "encadrant"])
def test_reservee_aux_administrateurs(client_de, personas, jetons, persona):
    client = client_de(getattr(personas, persona))
    assert client.get(LISTE).status_code == 403
    creer = reverse("comptes:utilisateur_jeton_creer", kwargs={"pk": personas.conseiller.pk})
    assert client.get(creer).status_code == 403
    assert _creer(creer, client).status_code == 403
    revoquer = reverse("comptes:utilisateurs_jeton_revoquer", kwargs={"pk": jetons[0].pk})
    assert client.post(revoquer).status_code == 403
    assert JetonApi.objects.count() == 2 and not JetonApi.objects.filter(revoque_le__isnull=False).exists()


def test_l_admin_du_calvados_ne_revoque_pas_un_jeton_du_cantal(client_de, personas, jetons):
    client = client_de(personas.admin_calvados)
    url = reverse("comptes:utilisateurs_jeton_revoquer", kwargs={"pk": jetons[0].pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    jetons[0].refresh_from_db()
    assert jetons[0].revoque_le is None
    # Ni la liste filtrée sur un compte du Cantal, ni la création pour lui.
    assert client.get(LISTE, {"compte": personas.conseiller.pk}).status_code == 404
    creer = reverse("comptes:utilisateur_jeton_creer", kwargs={"pk": personas.conseiller.pk})
    assert client.get(creer).status_code == 404
    assert _creer(creer, client).status_code == 404
    assert JetonApi.objects.filter(utilisateur=personas.conseiller).count() == 1


def test_creation_montre_le_jeton_une_seule_fois(client_de, personas):
    client = client_de(personas.admin)
    url = reverse("comptes:utilisateur_jeton_creer", kwargs={"pk": personas.conseiller.pk})
    formulaire = client.get(url)
    assert formulaire.status_code == 200 and "Nouveau jeton d'API" in formulaire.content.decode()
    reponse = _creer(url, client, expire_le=str(timezone.localdate() + datetime.timedelta(days=90)))
    # Rendu direct de la réponse au POST : pas de redirection (le jeton n'est pas dans une adresse).
    assert reponse.status_code == 200
    assert "no-store" in reponse["Cache-Control"]
    jeton = JetonApi.objects.get()
    page = reponse.content.decode()
    debut = page.index('value="bnm_') + len('value="')
    clair = page[debut : page.index('"', debut)]
    assert jeton_api_valide(clair) == jeton
    assert not jeton.lecture_seule and jeton.cree_par == personas.admin
    assert jeton.history.get().history_user == personas.admin
    # Ni en session, ni sur les pages suivantes.
    assert all(clair not in str(valeur) for valeur in client.session.values())
    assert clair not in client.get(LISTE).content.decode()
    assert (
        clair not in client.get(reverse("comptes:utilisateur", kwargs={"pk": personas.conseiller.pk})).content.decode()
    )


def test_creation_lecture_seule_par_defaut_et_erreurs(client_de, personas):
    client = client_de(personas.admin)
    url = reverse("comptes:utilisateur_jeton_creer", kwargs={"pk": personas.conseiller.pk})
    assert 'value="lecture"' in client.get(url).content.decode()
    refus = _creer(url, client, expire_le=str(timezone.localdate()))
    assert refus.status_code == 400
    assert "La date d&#x27;expiration doit être dans le futur." in refus.content.decode()
    assert "bnm_" not in refus.content.decode()
    sans_nom = _creer(url, client, nom="")
    assert sans_nom.status_code == 400
    assert not JetonApi.objects.exists()
    client.post(url, {"nom": "Lecture", "portee": "lecture"})
    assert JetonApi.objects.get().lecture_seule


def test_revocation_avec_confirmation(client_de, personas, jetons):
    client = client_de(personas.admin)
    url = reverse("comptes:utilisateurs_jeton_revoquer", kwargs={"pk": jetons[0].pk})
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert "Révoquer le jeton" in confirmation.content.decode()
    jetons[0].refresh_from_db()
    assert jetons[0].revoque_le is None  # la page de confirmation n'écrit rien
    reponse = client.post(url)
    assert reponse.status_code == 302
    assert reponse["Location"] == f"{LISTE}?compte={personas.conseiller.pk}"
    jetons[0].refresh_from_db()
    assert jetons[0].revoque_par == personas.admin
    page = client.get(reponse["Location"]).content.decode()
    assert "est révoqué" in page and "Révoqué" in page
    # Une seconde révocation est refusée avec un message, sans erreur.
    client.post(url)
    assert "déjà révoqué" in client.get(LISTE).content.decode()


def test_etats_filtre_et_etat_vide(client_de, personas, jetons):
    client = client_de(personas.admin)
    assert (
        "Aucun jeton d'API pour le moment."
        in client_de(personas.admin).get(LISTE, {"compte": personas.travailleur_social.pk}).content.decode()
    )
    JetonApi.objects.filter(pk=jetons[0].pk).update(expire_le=timezone.localdate() - datetime.timedelta(days=1))
    page = client.get(LISTE).content.decode()
    assert "Expiré" in page
    assert "Aucun jeton ne correspond à ce filtre." in client.get(LISTE, {"etat": "actif"}).content.decode()
    assert "Logiciel Cantal" in client.get(LISTE, {"etat": "inactif"}).content.decode()


def test_liens_depuis_les_pages_des_comptes(client_de, personas):
    client = client_de(personas.admin)
    assert LISTE in client.get(reverse("comptes:utilisateurs")).content.decode()
    fiche = client.get(reverse("comptes:utilisateur", kwargs={"pk": personas.conseiller.pk})).content.decode()
    assert f"{LISTE}?compte={personas.conseiller.pk}" in fiche
    assert reverse("comptes:utilisateur_jeton_creer", kwargs={"pk": personas.conseiller.pk}) in fiche


def test_liste_paginee_a_nombre_de_requetes_constant(client_de, personas, django_assert_max_num_queries):
    for numero in range(60):
        services.jeton_api_creer(acteur=None, utilisateur=personas.conseiller, nom=f"Jeton {numero:02d}")
    client = client_de(personas.admin)
    client.get(LISTE)  # réchauffe la session
    with django_assert_max_num_queries(12):
        page = client.get(LISTE).content.decode()
    assert "60 jetons dans votre périmètre" in page
    assert "Jeton 59" in page and "Jeton 00" not in page
    assert "Jeton 00" in client.get(LISTE, {"page": 2}).content.decode()
