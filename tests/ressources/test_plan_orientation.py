"""Du plan au service : annuaire pré-filtré, rattachement à une action, orientation suivie jusqu'à l'expiration."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.ressources.models import OrientationService
from binome.ressources.orientations import url_annuaire
from binome.ressources.services import orientation_envoyer, orientation_repondre, orientations_expirer
from tests.accompagnement import factories as af

pytestmark = pytest.mark.django_db


def test_url_annuaire_prefiltre_pres_de_la_personne(dossier):
    parcours, action, _permis = dossier
    url = url_annuaire(parcours.personne, frein="mobilite:permis-et-ou-code-en-cours", action=action)
    assert url.startswith("/ressources/?")
    assert "commune=15187" in url and "frein=mobilite%3Apermis-et-ou-code-en-cours" in url
    assert f"action={action.pk}" in url and f"personne={parcours.personne.pk}" in url


def test_de_l_action_au_service_rattache(personas, client_de, dossier):
    parcours, action, permis = dossier
    client = client_de(personas.conseiller)
    url = url_annuaire(parcours.personne, frein="mobilite:permis-et-ou-code-en-cours", action=action)
    reponse = client.get(url)
    assert [r.service.pk for r in reponse.context["page"].resultats] == [permis.pk]
    assert "Rattacher à l'action du plan" in reponse.content.decode()
    reponse = client.post(reverse("ressources:rattacher", args=[permis.pk]), {"action": action.pk})
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accompagnement:plan", args=[parcours.pk])
    action.refresh_from_db()
    assert action.service_ressource_id == permis.pk


def test_rattacher_refuse_a_qui_n_a_pas_le_dossier(personas, client_de, dossier):
    _parcours, action, permis = dossier
    for persona in ("conseiller_calvados", "partenaire", "pilote"):
        reponse = client_de(getattr(personas, persona)).post(
            reverse("ressources:rattacher", args=[permis.pk]), {"action": action.pk}
        )
        assert reponse.status_code == 404, persona
    action.refresh_from_db()
    assert action.service_ressource_id is None


def test_orienter_avec_accord_puis_reponse_du_partenaire(
    personas, client_de, dossier, django_capture_on_commit_callbacks
):
    parcours, action, permis = dossier
    client = client_de(personas.conseiller)
    url = reverse("ressources:orienter", args=[permis.pk]) + f"?personne={parcours.personne.pk}&action={action.pk}"
    assert client.get(url).status_code == 200
    # Sans accord coché : refusé.
    reponse = client.post(url, {"adhesion_le": timezone.localdate().isoformat(), "contact": "0600000000"})
    assert reponse.status_code == 200 and not OrientationService.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(
            url,
            {
                "accord": "on",
                "adhesion_le": timezone.localdate().isoformat(),
                "contact": "0600000000",
                "message": "Bonjour",
            },
        )
    assert reponse.status_code == 302
    orientation = OrientationService.objects.get()
    assert (orientation.statut, orientation.action, orientation.transmis_prenom) == ("ENVOYEE", action, "Julie")
    assert orientation.expire_le == timezone.localdate() + timedelta(days=30)
    assert mail.outbox[0].to == [personas.partenaire.email] and "Lacombe" not in mail.outbox[0].body
    # Le partenaire voit ce que l'orientation porte, et rien du dossier.
    partenaire = client_de(personas.partenaire)
    fiche = partenaire.get(reverse("ressources:orientation", args=[orientation.pk]))
    assert fiche.status_code == 200 and "0600000000" in fiche.content.decode()
    assert partenaire.get(reverse("accompagnement:personne", args=[parcours.personne.pk])).status_code == 404
    # Refus sans motif : message clair ; avec motif : enregistré.
    assert (
        partenaire.post(reverse("ressources:orientation", args=[orientation.pk]), {"statut": "REFUSEE"}).status_code
        == 200
    )
    partenaire.post(
        reverse("ressources:orientation", args=[orientation.pk]), {"statut": "REFUSEE", "motif": "Complet"}
    )
    orientation.refresh_from_db()
    assert (orientation.statut, orientation.motif_refus, orientation.repondue_par) == (
        "REFUSEE",
        "Complet",
        personas.partenaire,
    )
    # L'émetteur suit le statut ; un autre département ne voit rien.
    assert "Refusée" in client_de(personas.conseiller).get(reverse("ressources:orientations")).content.decode()
    assert (
        client_de(personas.conseiller_calvados)
        .get(reverse("ressources:orientation", args=[orientation.pk]))
        .status_code
        == 404
    )


def test_regles_de_l_orientation(personas, dossier):
    parcours, action, permis = dossier
    with pytest.raises(ValidationError, match="futur"):
        orientation_envoyer(
            acteur=personas.conseiller,
            personne=parcours.personne,
            service=permis,
            adhesion_le=timezone.localdate() + timedelta(days=1),
        )
    autre_action = af.ActionFactory()
    with pytest.raises(ValidationError, match="n'appartient pas"):
        orientation_envoyer(
            acteur=personas.conseiller,
            personne=parcours.personne,
            service=permis,
            adhesion_le=timezone.localdate(),
            action=autre_action,
        )
    orientation = orientation_envoyer(
        acteur=personas.conseiller, personne=parcours.personne, service=permis, adhesion_le=timezone.localdate()
    )
    orientation_repondre(acteur=personas.partenaire, orientation=orientation, statut="ACCEPTEE")
    with pytest.raises(ValidationError, match="déjà"):
        orientation_repondre(acteur=personas.partenaire, orientation=orientation, statut="REFUSEE", motif="x")


def test_expiration_apres_le_delai_du_departement(personas, dossier):
    parcours, _action, permis = dossier
    parametres = personas.cantal.departement.parametres
    parametres.expiration_orientation_service_jours = 10
    parametres.save()
    orientation = orientation_envoyer(
        acteur=personas.conseiller, personne=parcours.personne, service=permis, adhesion_le=timezone.localdate()
    )
    assert orientation.expire_le == timezone.localdate() + timedelta(days=10)
    assert orientations_expirer(aujourdhui=timezone.localdate() + timedelta(days=10)) == 0
    assert orientations_expirer(aujourdhui=timezone.localdate() + timedelta(days=11)) == 1
    orientation.refresh_from_db()
    assert orientation.statut == "EXPIREE"


def test_orienter_sans_contexte_ou_sans_acces_404(personas, client_de, dossier):
    parcours, _action, permis = dossier
    url = reverse("ressources:orienter", args=[permis.pk])
    assert client_de(personas.conseiller).get(url).status_code == 404  # pas de personne dans l'URL
    avec_personne = f"{url}?personne={parcours.personne.pk}"
    for persona in ("conseiller_calvados", "partenaire", "pilote", "admin_calvados"):
        assert client_de(getattr(personas, persona)).get(avec_personne).status_code == 404, persona


@pytest.mark.parametrize("persona", ["conseiller", "partenaire", "pilote", "admin_calvados"])
def test_liste_des_orientations_accessible(personas, client_de, dossier, persona):
    assert client_de(getattr(personas, persona)).get(reverse("ressources:orientations")).status_code == 200


def test_liste_des_orientations_requetes_constantes(personas, client_de, dossier, django_assert_max_num_queries):
    parcours, _action, permis = dossier
    client = client_de(personas.partenaire)

    def envoyer(n):
        for _i in range(n):
            orientation_envoyer(
                acteur=personas.conseiller,
                personne=parcours.personne,
                service=permis,
                adhesion_le=timezone.localdate(),
            )

    envoyer(2)
    client.get(reverse("ressources:orientations"))
    with django_assert_max_num_queries(20) as petit:
        client.get(reverse("ressources:orientations"))
    envoyer(25)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        reponse = client.get(reverse("ressources:orientations"))
    assert len(reponse.context["recues"].object_list) == 20
