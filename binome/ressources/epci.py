"""Appartenance commune → EPCI, livrée dans ``data/epci.csv`` (voir ``data/SOURCES.md``).

``charger(stdout, progression)`` suit le contrat des étapes de ``manage.py charger_referentiels``
(dictionnaire de compteurs par table) ; elle est aussi appelée par ``manage.py charger_epci`` et par
les données de démonstration. Idempotente : ne réécrit que ce qui a changé.
"""

import csv
from pathlib import Path

from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.ressources.models import AppartenanceEpci

FICHIER = Path(__file__).resolve().parent / "data" / "epci.csv"
TAILLE_LOT = 2000


def lire(chemin: Path = FICHIER) -> dict[str, tuple[str, str]]:
    with chemin.open(encoding="utf-8", newline="") as flux:
        lecteur = csv.DictReader(flux, delimiter=";")
        attendues = {"code_insee", "siren_epci", "nom_epci"}
        if not attendues <= set(lecteur.fieldnames or []):
            raise ValueError(
                _("Colonnes attendues dans %(f)s : %(c)s") % {"f": chemin.name, "c": ", ".join(sorted(attendues))}
            )
        resultat = {}
        for ligne in lecteur:
            code, siren = ligne["code_insee"].strip(), ligne["siren_epci"].strip()
            if len(code) != 5 or len(siren) != 9 or not siren.isdigit():
                raise ValueError(_("Ligne invalide dans %(f)s : %(l)s") % {"f": chemin.name, "l": ligne})
            resultat[code] = (siren, ligne["nom_epci"].strip())
        return resultat


def charger(stdout=None, progression: bool = False, chemin: Path = FICHIER) -> dict:
    donnees = lire(chemin)
    existants = {a.code_insee: a for a in AppartenanceEpci.objects.all()}
    a_creer, a_modifier, inchangees = [], [], 0
    for code, (siren, nom) in tqdm(donnees.items(), disable=not progression, desc="EPCI", unit="com."):
        actuel = existants.get(code)
        if actuel is None:
            a_creer.append(AppartenanceEpci(code_insee=code, siren=siren, nom=nom))
        elif (actuel.siren, actuel.nom) != (siren, nom):
            actuel.siren, actuel.nom = siren, nom
            a_modifier.append(actuel)
        else:
            inchangees += 1
    AppartenanceEpci.objects.bulk_create(a_creer, batch_size=TAILLE_LOT)
    AppartenanceEpci.objects.bulk_update(a_modifier, ["siren", "nom"], batch_size=TAILLE_LOT)
    obsoletes = set(existants) - set(donnees)
    AppartenanceEpci.objects.filter(code_insee__in=obsoletes).delete()
    return {
        str(_("Appartenances aux EPCI")): {
            "creees": len(a_creer),
            "mises_a_jour": len(a_modifier),
            "inchangees": inchangees,
            "supprimees": len(obsoletes),
        }
    }
