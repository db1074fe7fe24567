"""Issue 12, point 25 : le relevé (droit d'accès) n'affiche aucune date ISO ; son titre élide « de »."""

import re

import pytest
from django.urls import reverse

from binome.accompagnement.models import Personne

pytestmark = pytest.mark.django_db

ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _texte_visible(html: str) -> str:
    corps = html.split("<main", 1)[1]
    corps = re.sub(r"<script.*?</script>", " ", corps, flags=re.S)
    return re.sub(r"<[^>]+>", " ", corps)


def test_releve_sans_date_iso_a_l_ecran(monde, client_de):
    personne = monde.cantal.personne
    for nom in ("export_personne", "impression_personne"):
        url = reverse(f"confiance:{nom}", kwargs={"personne_pk": personne.pk})
        texte = _texte_visible(client_de(monde.personas.travailleur_social).get(url).content.decode())
        assert "Parcours du " in texte
        extraits = [texte[max(m.start() - 80, 0) : m.end()] for m in ISO.finditer(texte)]
        assert not extraits, (nom, extraits[:3])


def test_releve_titre_elide_devant_une_voyelle(monde, client_de):
    personne = monde.cantal.personne
    Personne.objects.filter(pk=personne.pk).update(prenom="Isabelle")
    url = reverse("confiance:export_personne", kwargs={"personne_pk": personne.pk})
    contenu = client_de(monde.personas.travailleur_social).get(url).content.decode()
    assert "Relevé des données d&#x27;Isabelle" in contenu
    assert "données de Isabelle" not in contenu
