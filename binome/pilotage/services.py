"""Écritures du pilotage : une nouvelle version de la définition de la sortie positive ; le remplacement des
agrégats précalculés des tableaux de bord (``agregats.py``).

Les versions ne sont jamais modifiées : la table des versions est l'historique (auteur, date de création,
date d'effet, motif du changement).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement.enums import MotifSortie
from binome.pilotage import agregats
from binome.pilotage.definitions import definition_applicable, ordonner
from binome.pilotage.indicateurs import Periode
from binome.pilotage.models import AgregatTableau, DefinitionSortiePositive
from binome.pilotage.selectors import peut_gerer_definitions, peut_rafraichir_agregats
from binome.territoires.models import Departement


@transaction.atomic(durable=True)
def definition_sortie_positive_creer(
    *,
    acteur,
    departement: Departement,
    codes,
    valable_a_partir_du: datetime.date,
    commentaire: str = "",
) -> DefinitionSortiePositive:
    """Ajoute une version. Réservé à l'administrateur du département (et au super-administrateur)."""
    if not peut_gerer_definitions(acteur, departement.code):
        raise PermissionDenied(_("Vous n'administrez pas ce département."))
    codes = list(codes or [])
    inconnus = sorted(set(codes) - set(MotifSortie.values))
    if inconnus:
        raise ValidationError({"codes": _("Motif de sortie inconnu : %(c)s.") % {"c": ", ".join(inconnus)}})
    codes = ordonner(codes)
    if not codes:
        raise ValidationError({"codes": _("Choisissez au moins un motif de sortie positive.")})
    if valable_a_partir_du is None:
        raise ValidationError({"valable_a_partir_du": _("Indiquez la date d'effet.")})
    # Verrou sur le département : deux versions simultanées ne se croisent pas.
    Departement.objects.select_for_update().filter(code=departement.code).first()
    en_vigueur = definition_applicable(departement.code, valable_a_partir_du)
    if list(en_vigueur.codes) == codes and not en_vigueur.par_defaut:
        raise ValidationError(
            _("Cette définition est identique à celle déjà en vigueur à cette date : rien n'a été enregistré.")
        )
    return DefinitionSortiePositive.objects.create(
        departement=departement,
        codes=codes,
        valable_a_partir_du=valable_a_partir_du,
        commentaire=(commentaire or "").strip(),
        auteur=acteur,
    )


def agregats_rafraichir(*, acteur=None, periode: Periode | None = None, maintenant=None) -> int:
    """Recalcule tous les agrégats des tableaux de bord puis les remplace **en une transaction** : un lecteur voit
    l'ancien jeu complet ou le nouveau, jamais un mélange. ``acteur`` : le super-administrateur qui le demande
    (``None`` pour le travailleur) ; la trace est sur chaque ligne (``demande_par``, ``calcule_le``, ``duree_ms``).
    Le calcul (long) se fait hors de la transaction d'écriture. Rend le nombre de lignes écrites."""
    if acteur is not None and not peut_rafraichir_agregats(acteur):
        raise PermissionDenied(_("Seul l'administrateur de la plateforme peut recalculer les chiffres."))
    nouveaux = agregats.calculer(periode=periode, maintenant=maintenant)
    for agregat in nouveaux:
        agregat.demande_par = acteur
    with transaction.atomic(durable=True):
        AgregatTableau.objects.all().delete()
        AgregatTableau.objects.bulk_create(nouveaux, batch_size=100)
    return len(nouveaux)
