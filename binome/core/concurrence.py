"""Verrou optimiste pour les fiches modifiées à plusieurs : la seconde sauvegarde ne perd rien en silence.

Le plan d'action a sa propre révision (``binome.accompagnement.services.plan``). Pour les autres fiches
horodatées (``Horodate.modifie_le``), un formulaire porte le jeton lu à l'affichage (``ChampVersion``) et le
service, **après** ``select_for_update()``, appelle ``verifier_version`` : si quelqu'un a enregistré entre-temps,
une ``ValidationError`` en français l'indique et rien n'est écrit.

    class FormulairePersonne(VersionMixin, FormulaireModele): ...
    # service, dans la transaction :
    personne = Personne.objects.select_for_update().get(pk=personne.pk)
    verifier_version(personne, jeton)
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

CHAMP = "version"


def jeton_version(objet) -> str:
    modifie = getattr(objet, "modifie_le", None)
    return modifie.isoformat(timespec="microseconds") if modifie else ""


def _auteur_derniere_modification(objet) -> str:
    historique = getattr(objet, "history", None)
    derniere = historique.select_related("history_user").first() if historique is not None else None
    auteur = getattr(derniere, "history_user", None)
    return auteur.get_full_name() if auteur is not None else _("un autre utilisateur")


def verifier_version(objet, jeton: str | None) -> None:
    """À appeler sur l'objet relu sous verrou (``select_for_update``) ; ``jeton`` vide : pas de contrôle."""
    if not jeton or jeton == jeton_version(objet):
        return
    raise ValidationError(
        _(
            "Cette fiche a été modifiée par %(nom)s le %(date)s pendant votre saisie : vos changements n'ont pas été "
            "enregistrés. Rechargez la page pour voir la dernière version, puis refaites vos modifications."
        )
        % {
            "nom": _auteur_derniere_modification(objet),
            "date": date_format(timezone.localtime(objet.modifie_le), "SHORT_DATETIME_FORMAT"),
        },
        code="modifie_entre_temps",
    )


class VersionMixin:
    """Ajoute le champ caché ``version`` (jeton de l'instance affichée) à un formulaire de modèle."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CHAMP] = forms.CharField(widget=forms.HiddenInput, required=False)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk:
            self.initial.setdefault(CHAMP, jeton_version(instance))
