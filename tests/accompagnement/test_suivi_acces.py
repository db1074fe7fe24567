"""Accès à chaque écran du suivi : binôme, encadrants, administrateur départemental (lecture seule),
pilote, partenaire et personas du Calvados refusés."""

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.enums import CotePlan, Porteur
from binome.accompagnement.models import Contact, PlanAction
from tests.accompagnement.factories import parcours_du_binome

pytestmark = pytest.mark.django_db

BINOME_ET_ENCADRANTS = ["conseiller", "travailleur_social", "encadrant", "encadrant_social"]
HORS_DOSSIER = [
    "pilote",
    "partenaire",
    "referent_orientation",
    "conseiller_calvados",
    "travailleur_social_calvados",
    "admin_calvados",
    "pilote_calvados",
    "super_admin",
]
TOUS = [*BINOME_ET_ENCADRANTS, "admin", *HORS_DOSSIER]


@pytest.fixture
def dossier(personas):
    parcours = parcours_du_binome(personas)
    plan = services.plan_creer_version(acteur=personas.conseiller, parcours=parcours)
    services.objectif_ajouter(
        acteur=personas.conseiller, plan=plan, libelle_libre="Objectif", cote=CotePlan.EMPLOI, porteur=Porteur.PERSONNE
    )
    plan.refresh_from_db()
    return parcours, plan


def _pages_de_lecture(parcours):
    cle = {"parcours_pk": parcours.pk}
    return [
        reverse("accompagnement:plan", kwargs=cle),
        reverse("accompagnement:contacts", kwargs=cle),
        reverse("accompagnement:plan_version", kwargs={**cle, "version": 1}),
        reverse("accompagnement:plan_imprimer", kwargs={**cle, "version": 1}),
        reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id}),
    ]


@pytest.mark.parametrize("persona", TOUS)
def test_pages_d_un_parcours(personas, dossier, client_de, persona):
    parcours, _plan = dossier
    client = client_de(getattr(personas, persona))
    attendu = 200 if persona in (*BINOME_ET_ENCADRANTS, "admin") else 404
    for url in _pages_de_lecture(parcours):
        assert client.get(url).status_code == attendu, url


@pytest.mark.parametrize("persona", TOUS)
def test_ecritures_sur_un_parcours(personas, dossier, client_de, persona):
    parcours, plan = dossier
    client = client_de(getattr(personas, persona))
    cle = {"parcours_pk": parcours.pk}
    if persona in BINOME_ET_ENCADRANTS:
        attendu_lecture, attendu_ecriture = 200, None  # écritures permises (vérifiées ci-dessous)
    elif persona == "admin":
        attendu_lecture, attendu_ecriture = 403, 403
    else:
        attendu_lecture, attendu_ecriture = 404, 404
    for nom in ("plan_objectif_ajouter", "plan_action_ajouter", "plan_signer"):
        assert client.get(reverse(f"accompagnement:{nom}", kwargs=cle)).status_code == attendu_lecture, nom
    contact = {
        "date": timezone.localdate().isoformat(),
        "canal": "TELEPHONE",
        "type": "INDIVIDUEL",
        "presence": "HONORE",
    }
    reponses = [
        client.post(
            reverse("accompagnement:plan_heures", kwargs=cle),
            {"heures_hebdomadaires": 15, "revision": plan.revision},
        ),
        client.post(reverse("accompagnement:contacts", kwargs=cle), contact),
    ]
    if attendu_ecriture is None:
        assert [r.status_code for r in reponses] == [302, 302]
        assert Contact.objects.count() == 1
    else:
        assert [r.status_code for r in reponses] == [attendu_ecriture, attendu_ecriture]
        assert not Contact.objects.exists()
        assert PlanAction.objects.get(pk=plan.pk).revision == plan.revision


@pytest.mark.parametrize("persona", TOUS)
def test_portefeuille(personas, dossier, client_de, persona):
    parcours, _plan = dossier
    reponse = client_de(getattr(personas, persona)).get(reverse("accompagnement:portefeuille"))
    if persona in ("conseiller", "travailleur_social"):
        assert reponse.status_code == 200
        assert [p.pk for p in reponse.context["page"].object_list] == [parcours.pk]
    elif persona in ("conseiller_calvados", "travailleur_social_calvados"):
        assert reponse.status_code == 200
        assert list(reponse.context["page"].object_list) == []  # rien du Cantal
    else:
        assert reponse.status_code == 403


@pytest.mark.parametrize("persona", TOUS)
def test_equipe_et_reaffectation(personas, dossier, client_de, persona):
    parcours, _plan = dossier
    client = client_de(getattr(personas, persona))
    equipe = client.get(reverse("accompagnement:equipe"))
    reaffecter = client.get(reverse("accompagnement:reaffecter", kwargs={"parcours_pk": parcours.pk}))
    if persona in ("encadrant", "encadrant_social"):
        assert equipe.status_code == 200
        assert [p.pk for p in equipe.context["page"].object_list] == [parcours.pk]
        assert reaffecter.status_code == 200
    else:
        assert equipe.status_code == 403
        assert reaffecter.status_code == 404
