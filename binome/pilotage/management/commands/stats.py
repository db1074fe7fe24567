"""``manage.py stats`` : les indicateurs d'un département, ou de la France entière, sur une période, pour
l'automatisation et le contrôle.

    python manage.py stats --departement 15 --du 2025-01-01 --au 2025-12-31 \\
        [--modalite global|social_exclusif] [--format json|texte] [--masquer]
    python manage.py stats --national --du 2025-01-01 --au 2025-12-31 [--format json|texte] [--masquer]

Imprime un seul objet JSON (ou, avec ``--format texte``, une ligne par indicateur). Sans ``--masquer`` : valeurs
exactes (la commande est réservée à l'exploitation) ; avec ``--masquer`` : exactement ce que voit un pilote,
avec les marques du secret statistique (« < 5 », « s ») et leur légende (``sortie_stats``).
Définitions : ``docs/pilotage.md`` ; la définition de la sortie positive est celle du département en vigueur à
la date de fin (ou la définition par défaut).
``--national`` : tous les départements, mêmes clés, plus ``par_departement`` (la ventilation du tableau de
bord national, ``binome/pilotage/national.py``) ; la définition nationale de référence s'applique.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement.enums import Modalite
from binome.accompagnement.models import Parcours
from binome.core.routeur import lecture_sur_replica
from binome.pilotage import (
    actions_collectives,
    delais_rendez_vous,
    indicateurs,
    national,
    sortie_stats,
    suivi_sortie,
    tableau,
)
from binome.pilotage.definitions import definition_applicable
from binome.pilotage.selectors import Perimetre, parcours_du_perimetre
from binome.territoires.models import Departement

MODALITES = {"global": Modalite.GLOBAL, "social_exclusif": Modalite.SOCIAL_EXCLUSIF}


def _date(valeur: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(valeur)
    except ValueError as exc:
        raise CommandError(
            _("%(option)s : date invalide « %(valeur)s » (format attendu AAAA-MM-JJ).")
            % {"option": option, "valeur": valeur}
        ) from exc


def statistiques(parcours, periode: indicateurs.Periode, definition, *, date_donnees: datetime.date) -> dict:
    """Le dictionnaire imprimé par la commande (clés de ``indicateurs.CLES_STATS`` et compléments)."""
    c = indicateurs.calculer(parcours, periode, definition.codes, date_donnees=date_donnees)
    return {
        "entrees": c["entrees"],
        "en_cours_fin_periode": c["en_cours_fin_periode"],
        "sorties": c["sorties"],
        "sorties_par_motif": dict(sorted(c["sorties_par_motif"].items())),
        "sorties_positives": c["sorties_positives"],
        "taux_sortie_positive": c["taux_sortie_positive"],
        "definition_sortie_positive": list(definition.codes),
        "definition_sortie_positive_par_defaut": definition.par_defaut,
        "definition_sortie_positive_valable_a_partir_du": definition.valable_a_partir_du.isoformat()
        if definition.valable_a_partir_du
        else None,
        "duree_moyenne_jours": c["duree_moyenne_jours"],
        "duree_mediane_jours": c["duree_mediane_jours"],
        "delai_moyen_orientation_entree_jours": c["delai_moyen_orientation_entree_jours"],
        "part_rsa": c["part_rsa"],
        "part_qpv": c["part_qpv"],
        "part_femmes": c["part_femmes"],
        "part_hommes": c["part_hommes"],
        "part_moins_26": c["part_moins_26"],
        "part_55_plus": c["part_55_plus"],
        "part_cite_0_2": c["part_cite_0_2"],
        "contacts_honores": c["contacts_honores"],
        "personnes_mois": c["personnes_mois"],
        "contacts_par_personne_mois": c["contacts_par_personne_mois"],
        "actifs_fin_periode": c["actifs_fin_periode"],
        "sans_contact": c["sans_contact"],
        "part_sans_contact": c["part_sans_contact"],
        "portefeuille_moyen_conseiller": c["portefeuille_moyen_conseiller"],
        "portefeuille_moyen_referent": c["portefeuille_moyen_referent"],
        "emploi_durable_6_mois": c["emploi_durable_6_mois"],
        "taux_emploi_durable_6_mois": c["taux_emploi_durable_6_mois"],
        "emploi_durable_12_mois": c["emploi_durable_12_mois"],
        "taux_emploi_durable_12_mois": c["taux_emploi_durable_12_mois"],
        "suivi_6_mois": suivi_sortie.pour_stats(suivi_sortie.comptes(parcours, periode, date_donnees=date_donnees)),
        delais_rendez_vous.CLE: delais_rendez_vous.pour_stats(
            delais_rendez_vous.comptes(parcours, periode, date_donnees=date_donnees)
        ),
    }


def statistiques_nationales(periode: indicateurs.Periode, modalite: str, *, date_donnees: datetime.date) -> dict:
    """France entière : les clés de ``statistiques`` et la ventilation par département, par le même chemin que le
    tableau de bord national (``parcours_du_perimetre`` d'un périmètre national, ``national.par_departement``)."""
    parcours = parcours_du_perimetre(Perimetre(departement=None, masque=False), modalite)
    definition = definition_applicable(None, periode.au)
    return {
        **statistiques(parcours, periode, definition, date_donnees=date_donnees),
        "par_departement": national.par_departement(parcours, periode, definition.codes),
    }


class Command(BaseCommand):
    help = _("Indicateurs de pilotage d'un département, ou de la France entière (--national), sur une période.")

    def add_arguments(self, parser):
        territoire = parser.add_mutually_exclusive_group(required=True)
        territoire.add_argument("--departement", help=_("Code du département (« 15 », « 2A »)."))
        territoire.add_argument(
            "--national", action="store_true", help=_("Tous les départements, avec la ventilation par département.")
        )
        parser.add_argument("--du", required=True, help=_("Premier jour de la période (AAAA-MM-JJ), inclus."))
        parser.add_argument("--au", required=True, help=_("Dernier jour de la période (AAAA-MM-JJ), inclus."))
        parser.add_argument("--modalite", choices=sorted(MODALITES), default="global")
        parser.add_argument("--format", choices=["json", "texte"], default="json", dest="format_sortie")
        parser.add_argument(
            "--masquer",
            action="store_true",
            help=_("Imprimer ce que voit un pilote : valeurs soumises au secret statistique (« < 5 », « s »)."),
        )

    @lecture_sur_replica()  # lectures seules : sur le réplica s'il existe (binome/core/routeur.py)
    def handle(self, *args, **options):
        code = options["departement"]
        if code is not None and not Departement.objects.filter(code=code).exists():
            raise CommandError(_("Département inconnu : « %(code)s ».") % {"code": code})
        du = _date(options["du"], "--du")
        au = _date(options["au"], "--au")
        if du > au:
            raise CommandError(_("La date de début (--du) doit précéder la date de fin (--au)."))
        periode = indicateurs.Periode(du, au)
        modalite = MODALITES[options["modalite"]]
        maintenant = timezone.localtime()
        resultat = {
            "departement": code,
            "modalite": options["modalite"],
            "du": du.isoformat(),
            "au": au.isoformat(),
            "date_donnees": maintenant.isoformat(timespec="seconds"),
        }
        if options["national"]:
            resultat.update(statistiques_nationales(periode, modalite, date_donnees=maintenant.date()))
        else:
            parcours = indicateurs.de_modalite(Parcours.objects.filter(departement_id=code), modalite)
            definition = definition_applicable(code, au)
            resultat.update(statistiques(parcours, periode, definition, date_donnees=maintenant.date()))
        departement = None if options["national"] else Departement.objects.get(code=code)
        collectif = actions_collectives.comptes(Perimetre(departement=departement, masque=False), periode)
        resultat[actions_collectives.CLE] = actions_collectives.pour_stats(collectif)
        if options["masquer"]:
            vue = tableau.construire(
                Perimetre(departement=departement, masque=True), modalite, periode, date_donnees=maintenant
            )
            resultat = sortie_stats.masquer(resultat, vue)
        self.stdout.write(sortie_stats.imprimer(resultat, options["format_sortie"]))
