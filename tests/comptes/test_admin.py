"""Administration technique Django : réservée au super-administrateur, sans suppression."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _objets(personas):
    return {
        "comptes_utilisateur": personas.conseiller,
        "comptes_habilitation": personas.conseiller.habilitations.get(),
        "organisations_organisation": personas.cantal.agence,
        "organisations_parametresdepartement": personas.cantal.departement.parametres,
    }


def test_le_super_admin_consulte_chaque_modele_et_son_historique(personas, client_de):
    client = client_de(personas.super_admin)
    for prefixe, objet in _objets(personas).items():
        assert client.get(reverse(f"admin:{prefixe}_changelist")).status_code == 200, prefixe
        assert client.get(reverse(f"admin:{prefixe}_change", args=[objet.pk])).status_code == 200, prefixe
        assert client.get(reverse(f"admin:{prefixe}_history", args=[objet.pk])).status_code == 200, prefixe
        assert client.get(reverse(f"admin:{prefixe}_delete", args=[objet.pk])).status_code == 403, prefixe


def test_l_admin_departemental_n_a_pas_acces_a_l_administration_technique(personas, client_de):
    reponse = client_de(personas.admin).get(reverse("admin:comptes_utilisateur_changelist"))
    assert reponse.status_code == 302
    assert "/django-admin/login/" in reponse["Location"]
