"""Fiche personne : modifications concurrentes refusées sans perte, liens vers la traçabilité et les droits."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import services
from binome.accompagnement.models import Personne
from binome.core.concurrence import jeton_version
from tests.accompagnement import cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def personne(personas):
    return cycle.parcours_actif(personas, entree=timezone.localdate()).personne


def test_service_refuse_une_version_perimee(personas, personne):
    jeton_lu = jeton_version(personne)
    services.personne_modifier(acteur=personas.travailleur_social, personne=personne, telephone="0471000001")
    with pytest.raises(ValidationError) as refus:
        services.personne_modifier(
            acteur=personas.conseiller, personne=personne, version=jeton_lu, telephone="0471000002"
        )
    assert "modifiée par Sophie Sociale" in refus.value.messages[0]
    assert Personne.objects.get(pk=personne.pk).telephone == "0471000001"


def test_formulaire_signale_la_modification_concurrente(personas, personne, client_de):
    url = reverse("accompagnement:personne_modifier", args=[personne.pk])
    client = client_de(personas.conseiller)
    formulaire = client.get(url).context["form"]
    donnees = {nom: valeur for nom, valeur in formulaire.initial.items() if valeur is not None}
    donnees["commune"] = personne.commune_id  # code INSEE choisi dans les suggestions
    assert donnees["version"], "le formulaire doit porter la version affichée"
    # Entre l'affichage et l'envoi, la travailleuse sociale enregistre un autre téléphone.
    services.personne_modifier(acteur=personas.travailleur_social, personne=personne, telephone="0471000001")
    donnees["telephone"] = "0471000002"
    reponse = client.post(url, {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in donnees.items()})
    assert reponse.status_code == 200
    assert not reponse.context["form"].errors.get("commune"), reponse.context["form"].errors
    assert "pendant votre saisie" in reponse.content.decode()
    assert Personne.objects.get(pk=personne.pk).telephone == "0471000001"


def test_fiche_renvoie_vers_la_tracabilite_et_les_droits(personas, personne, client_de):
    contenu = client_de(personas.conseiller).get(reverse("accompagnement:personne", args=[personne.pk])).content
    contenu = contenu.decode()
    for nom in ("partages_personne", "consultations_personne", "historique_personne", "droits_personne"):
        url = reverse(f"confiance:{nom}", kwargs={"personne_pk": personne.pk})
        assert f'href="{url}"' in contenu, nom
        assert client_de(personas.conseiller).get(url).status_code == 200, nom
