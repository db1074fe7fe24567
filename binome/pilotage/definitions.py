"""La définition de la « sortie positive » applicable à une période (lecture sans permission : c'est un
paramètre public du département, affiché sur chaque écran et chaque export)."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from binome.accompagnement.enums import MotifSortie
from binome.pilotage.models import CODES_PAR_DEFAUT, DefinitionSortiePositive


def ordonner(codes) -> list[str]:
    """Codes dans l'ordre de l'énumération (stable d'un affichage à l'autre), sans doublon ni code inconnu."""
    voulus = set(codes)
    return [code for code in MotifSortie.values if code in voulus]


@dataclass(frozen=True)
class DefinitionAppliquee:
    codes: tuple[str, ...]
    par_defaut: bool
    valable_a_partir_du: datetime.date | None = None
    auteur: str = ""
    cree_le: datetime.datetime | None = None
    commentaire: str = ""
    pk: int | None = field(default=None, compare=False)
    nationale: bool = field(default=False, compare=False)  # niveau national : la même pour tous les départements

    @property
    def libelles(self) -> list[str]:
        libelles = dict(MotifSortie.choices)
        return [str(libelles[c]) for c in self.codes]

    @property
    def resume(self) -> str:
        """Phrase affichée sur chaque écran et chaque export."""
        motifs = ", ".join(self.codes)
        if self.nationale:
            return _(
                "Sortie positive : %(motifs)s (définition nationale de référence, la définition par défaut, "
                "appliquée à tous les départements pour les comparer ; un département qui a adopté sa propre "
                "définition compte ses sorties positives selon elle sur son tableau de bord)."
            ) % {"motifs": motifs}
        if self.par_defaut:
            return _("Sortie positive : %(motifs)s (définition par défaut, aucune définition départementale).") % {
                "motifs": motifs
            }
        return _("Sortie positive : %(motifs)s (définition départementale en vigueur depuis le %(date)s).") % {
            "motifs": motifs,
            "date": self.valable_a_partir_du.strftime("%d/%m/%Y"),
        }


DEFINITION_PAR_DEFAUT = DefinitionAppliquee(codes=tuple(ordonner(CODES_PAR_DEFAUT)), par_defaut=True)
# Niveau national (tableau national, ``stats --national``, ``benchmark_stats``) : la définition par défaut, commune
# à tous les départements pour que leur comparaison ait un sens.
DEFINITION_NATIONALE = DefinitionAppliquee(codes=DEFINITION_PAR_DEFAUT.codes, par_defaut=True, nationale=True)


def versions(departement_code: str):
    """Historique des versions du département, de la plus récente à la plus ancienne."""
    return (
        DefinitionSortiePositive.objects.filter(departement_id=departement_code)
        .select_related("auteur")
        .order_by("-valable_a_partir_du", "-cree_le", "-pk")
    )


def _appliquee(version: DefinitionSortiePositive) -> DefinitionAppliquee:
    return DefinitionAppliquee(
        codes=tuple(ordonner(version.codes)),
        par_defaut=False,
        valable_a_partir_du=version.valable_a_partir_du,
        auteur=version.auteur.get_full_name() if version.auteur_id else "",
        cree_le=version.cree_le,
        commentaire=version.commentaire,
        pk=version.pk,
    )


def definition_applicable(departement_code: str | None, date_fin: datetime.date) -> DefinitionAppliquee:
    """Dernière version en vigueur à ``date_fin`` (à date égale, la plus récemment créée) ; sinon le défaut.

    Sans département (calcul national), la définition nationale de référence (la définition par défaut)
    s'applique.
    """
    if not departement_code:
        return DEFINITION_NATIONALE
    version = versions(departement_code).filter(valable_a_partir_du__lte=date_fin).first()
    return _appliquee(version) if version else DEFINITION_PAR_DEFAUT
