"""Issue 12, point 2 : un changement de modalité postérieur ne réécrit pas les indicateurs d'une période passée.

Les entrées se comptent par la modalité à l'entrée, les parcours en cours à une date par la modalité en vigueur
ce jour-là (``ChangementModalite`` datés) : tableau de bord, série mensuelle, ventilations, ``stats`` et extrait
FSE+ donnent les mêmes chiffres avant et après une bascule en social exclusif.
"""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from freezegun import freeze_time

from binome.accompagnement.enums import Modalite
from binome.accompagnement.models import ChangementModalite, Parcours
from binome.pilotage import fse, indicateurs, tableau
from binome.pilotage.definitions import DEFINITION_PAR_DEFAUT
from binome.pilotage.selectors import Perimetre, parcours_du_perimetre
from tests.accompagnement import cycle

pytestmark = pytest.mark.django_db

D = datetime.date
ENTREE = D(2025, 3, 3)
MARS = indicateurs.Periode(D(2025, 3, 1), D(2025, 3, 31))
PREMIER_SEMESTRE = indicateurs.Periode(D(2025, 1, 1), D(2025, 6, 30))
BASCULE = D(2025, 9, 15)
DONNEES = datetime.datetime(2025, 9, 15, 10, tzinfo=datetime.UTC)


def _chiffres(personas, periode: indicateurs.Periode) -> dict:
    """Tout ce que le pilotage publie pour la période, dans les deux modalités."""
    resultat = {}
    perimetre = Perimetre(departement=personas.cantal.departement, masque=False, detail_organisations=True)
    for modalite in Modalite.values:
        parcours = parcours_du_perimetre(perimetre, modalite)
        codes = DEFINITION_PAR_DEFAUT.codes
        c = indicateurs.calculer(parcours, periode, codes, fins_de_mois=[fin for _p, _d, fin in periode.mois()])
        resultat[modalite] = {
            "calculer": c,
            "serie": indicateurs.serie_mensuelle(parcours, periode, codes),
            "ventilation": indicateurs.ventilation(parcours, periode, codes, "organisation_conseiller"),
            "sans_contact": indicateurs.sans_contact(parcours, periode.au),
            "fse": list(fse.lignes(parcours, periode, date_extraction="x", cofinances_seulement=False)),
        }
        construit = tableau.construire(perimetre, modalite, periode, date_donnees=DONNEES)
        resultat[modalite]["tableau"] = repr((construit.sections, construit.motifs, construit.serie))
        sortie = StringIO()
        arguments = ["--departement", "15", "--du", periode.du.isoformat(), "--au", periode.au.isoformat()]
        modalite_stats = "global" if modalite == Modalite.GLOBAL else "social_exclusif"
        call_command("stats", *arguments, "--modalite", modalite_stats, stdout=sortie)
        stats = json.loads(sortie.getvalue())
        stats.pop("date_donnees")
        resultat[modalite]["stats"] = stats
    return resultat


def test_une_bascule_posterieure_ne_change_pas_les_indicateurs_passes(personas):
    with freeze_time("2025-03-03 10:00:00+01:00") as horloge:
        parcours = cycle.parcours_actif(personas, entree=ENTREE)
        horloge.move_to("2025-09-15 10:00:00+01:00")
        avant = {"mars": _chiffres(personas, MARS), "semestre": _chiffres(personas, PREMIER_SEMESTRE)}
        assert avant["mars"][Modalite.GLOBAL]["calculer"]["entrees"] == 1
        assert avant["mars"][Modalite.GLOBAL]["calculer"]["en_cours_fin_periode"] == 1
        cycle.basculer_social_exclusif(personas, parcours)
        apres = {"mars": _chiffres(personas, MARS), "semestre": _chiffres(personas, PREMIER_SEMESTRE)}
    assert apres == avant
    # Après la bascule, le parcours est en cours en social exclusif ; son entrée reste une entrée en global.
    parcours = Parcours.objects.get(pk=parcours.pk)
    assert (parcours.modalite, parcours.modalite_entree, parcours.modalite_changee_le) == (
        Modalite.SOCIAL_EXCLUSIF,
        Modalite.GLOBAL,
        BASCULE,
    )
    annee = indicateurs.Periode(D(2025, 1, 1), D(2025, 12, 31))
    perimetre = Perimetre(departement=personas.cantal.departement, masque=False, detail_organisations=True)
    with freeze_time("2025-12-31 10:00:00+01:00"):
        global_ = indicateurs.comptages(parcours_du_perimetre(perimetre, Modalite.GLOBAL), annee, ())
        social = indicateurs.comptages(parcours_du_perimetre(perimetre, Modalite.SOCIAL_EXCLUSIF), annee, ())
    assert (global_["entrees"], global_["en_cours_fin_periode"]) == (1, 0)
    assert (social["entrees"], social["en_cours_fin_periode"]) == (0, 1)
    veille = indicateurs.q_en_cours(BASCULE - datetime.timedelta(days=1), Modalite.GLOBAL)
    lendemain = indicateurs.q_en_cours(BASCULE, Modalite.SOCIAL_EXCLUSIF)
    assert Parcours.objects.filter(veille, pk=parcours.pk).exists()
    assert Parcours.objects.filter(lendemain, pk=parcours.pk).exists()


def test_retour_puis_nouvelle_bascule_la_modalite_en_vigueur_a_chaque_date(personas):
    """Global (mars) → social exclusif (juin) → global (septembre) : chaque fin de mois voit la bonne modalité."""
    from binome.accompagnement import services
    from binome.accompagnement.enums import ObjetCoordination

    with freeze_time("2025-03-03 10:00:00+01:00") as horloge:
        parcours = cycle.parcours_actif(personas, entree=ENTREE)
        horloge.move_to("2025-06-10 10:00:00+01:00")
        cycle.basculer_social_exclusif(personas, parcours)
        horloge.move_to("2025-09-10 10:00:00+01:00")
        demande = services.coordination_demander(
            acteur=personas.travailleur_social,
            parcours=parcours,
            objet=ObjetCoordination.RETOUR_DIAGNOSTIC,
            demande="Prêt.",
        )
        services.coordination_repondre(acteur=personas.conseiller, demande=demande, reponse="D'accord.", accord=True)
        services.parcours_retour_diagnostic(acteur=personas.travailleur_social, parcours=parcours)
        cycle.diagnostiquer(personas, parcours, date=D(2025, 9, 10))
        cycle.activer(personas, parcours, date_entree=None)
    changements = list(
        ChangementModalite.objects.filter(parcours=parcours).order_by("date").values_list("ancienne", "nouvelle")
    )
    assert changements == [
        (Modalite.GLOBAL, Modalite.SOCIAL_EXCLUSIF),
        (Modalite.SOCIAL_EXCLUSIF, Modalite.GLOBAL),
    ]
    perimetre = Perimetre(departement=personas.cantal.departement, masque=False, detail_organisations=True)
    annee = indicateurs.Periode(D(2025, 1, 1), D(2025, 12, 31))
    with freeze_time("2025-12-31 10:00:00+01:00"):
        series = {
            m: [
                mois["en_cours_fin_mois"]
                for mois in indicateurs.serie_mensuelle(parcours_du_perimetre(perimetre, m), annee, ())
            ]
            for m in Modalite.values
        }
    assert series[Modalite.GLOBAL] == [0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1]
    assert series[Modalite.SOCIAL_EXCLUSIF] == [0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
