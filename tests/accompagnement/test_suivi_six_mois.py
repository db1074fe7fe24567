"""Suivi à six mois (issue 12, point 22) : lien depuis le portefeuille, « déjà fait le … », correction motivée."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.enums import EtatParcours, TypeEvenement
from binome.accompagnement.models import Evenement
from tests.accompagnement.factories import SortieFactory, parcours_du_binome

pytestmark = pytest.mark.django_db
J = datetime.timedelta(days=1)


def _sorti(personas, *, fait_le=None):
    aujourdhui = timezone.localdate()
    return SortieFactory(
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
        suivi_6_mois_fait_le=fait_le,
        emploi_6_mois=None if fait_le is None else True,
        situation_amelioree_6_mois=None if fait_le is None else True,
    ).parcours


def test_la_ligne_du_portefeuille_mene_au_suivi(personas, client_de):
    parcours = _sorti(personas)
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille")).content.decode()
    assert "Suivi à 6 mois à faire" in contenu
    assert f'href="{reverse("accompagnement:suivi_six_mois", args=[parcours.pk])}"' in contenu


def test_rouvrir_un_suivi_fait_dit_quand_et_propose_la_correction(personas, client_de):
    fait_le = timezone.localdate() - 2 * J
    parcours = _sorti(personas, fait_le=fait_le)
    url = reverse("accompagnement:suivi_six_mois", args=[parcours.pk])
    contenu = client_de(personas.conseiller).get(url).content.decode()
    assert f"Suivi à six mois déjà fait le {fait_le:%d/%m/%Y}" in contenu
    assert "n'est pas possible" not in contenu
    assert 'name="motif"' in contenu  # formulaire de correction
    reponse = client_de(personas.conseiller).post(
        url,
        {
            "fait_le": fait_le.isoformat(),
            "emploi_6_mois": "non",
            "situation_amelioree_6_mois": "oui",
            "motif": "Erreur de saisie : CDD terminé avant le suivi",
        },
    )
    assert reponse.status_code == 302
    sortie = parcours.sortie
    sortie.refresh_from_db()
    assert sortie.emploi_6_mois is False
    derniere = sortie.history.order_by("-history_id").first()
    assert "Erreur de saisie" in derniere.history_change_reason
    assert derniere.prev_record.emploi_6_mois is True  # l'historique garde la valeur d'avant


def test_service_de_correction(personas):
    parcours = _sorti(personas)
    arguments = {"fait_le": timezone.localdate(), "emploi_6_mois": True, "situation_amelioree_6_mois": False}
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_corriger(acteur=personas.conseiller, parcours=parcours, motif="x", **arguments)
    assert erreur.value.code == "pas_encore_fait"
    services.suivi_six_mois_enregistrer(acteur=personas.conseiller, parcours=parcours, **arguments)
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_enregistrer(acteur=personas.conseiller, parcours=parcours, **arguments)
    assert erreur.value.code == "deja_fait"
    assert f"Suivi à six mois déjà fait le {timezone.localdate():%d/%m/%Y}" in erreur.value.messages[0]
    with pytest.raises(ValidationError) as erreur:
        services.suivi_six_mois_corriger(acteur=personas.conseiller, parcours=parcours, motif="  ", **arguments)
    assert "motif" in erreur.value.message_dict
    services.suivi_six_mois_corriger(
        acteur=personas.travailleur_social,
        parcours=parcours,
        motif="Nouvelle information",
        **{**arguments, "emploi_6_mois": False},
    )
    parcours.sortie.refresh_from_db()
    assert parcours.sortie.emploi_6_mois is False
    libelles = list(
        Evenement.objects.filter(parcours=parcours, type=TypeEvenement.SUIVI_6_MOIS).values_list("libelle", flat=True)
    )
    assert any("corrigé" in libelle and "Nouvelle information" in libelle for libelle in libelles)
