"""Verrou optimiste : deux personnes modifient la même fiche, la seconde est prévenue et rien n'est perdu."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from binome.accompagnement.models import Personne
from binome.core.concurrence import VersionMixin, jeton_version, verifier_version

pytestmark = pytest.mark.django_db


def _enregistrer(personne_pk, jeton, acteur, **champs):
    with transaction.atomic():
        personne = Personne.objects.select_for_update().get(pk=personne_pk)
        verifier_version(personne, jeton)
        for champ, valeur in champs.items():
            setattr(personne, champ, valeur)
        personne._history_user = acteur
        personne.save()


def test_la_seconde_sauvegarde_est_refusee_en_francais(monde):
    p, personne = monde.personas, monde.cantal.personne
    jeton_claire = jeton_sophie = jeton_version(Personne.objects.get(pk=personne.pk))
    _enregistrer(personne.pk, jeton_sophie, p.travailleur_social, telephone="0611223344")
    with pytest.raises(ValidationError) as erreur:
        _enregistrer(personne.pk, jeton_claire, p.conseiller, adresse="1 rue du Marché")
    message = " ".join(erreur.value.messages)
    assert "modifiée par Sophie Sociale" in message and "n'ont pas été enregistrés" in message
    relue = Personne.objects.get(pk=personne.pk)
    assert relue.telephone == "0611223344" and relue.adresse == ""  # rien d'écrasé, rien d'écrit à moitié
    # Après rechargement, la sauvegarde passe.
    _enregistrer(personne.pk, jeton_version(relue), p.conseiller, adresse="1 rue du Marché")
    assert Personne.objects.get(pk=personne.pk).adresse == "1 rue du Marché"


def test_champ_cache_du_formulaire(monde):
    class Formulaire(VersionMixin, forms.ModelForm):
        class Meta:
            model = Personne
            fields = ["telephone"]

    form = Formulaire(instance=monde.cantal.personne)
    assert form.initial["version"] == jeton_version(monde.cantal.personne)
    assert isinstance(form.fields["version"].widget, forms.HiddenInput)
