"""Chargement du référentiel de parcours (situations, objectifs, actions) du Carnet de bord.

Source : ``binome/accompagnement/data/referentiel-parcours.csv`` (gip-inclusion/carnet-de-bord, Apache-2.0),
colonnes ``kind;theme_code;theme_label;label``. Les coquilles de la source sont corrigées au chargement.

``charger`` (étape de ``manage.py charger_referentiels``) est idempotent : la clé est
(type, code du thème, libellé corrigé) ; un élément absent du fichier n'est jamais supprimé (il peut
être cité par un plan) mais désactivé.
"""

import csv
import re
import sys
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from binome.accompagnement.enums import DomaineFrein, TypeElementReferentiel
from binome.accompagnement.models import ElementReferentiel
from binome.core.texte import normaliser

FICHIER = Path(__file__).resolve().parent / "data" / "referentiel-parcours.csv"

TYPES = {
    "situation(frein)": TypeElementReferentiel.SITUATION,
    "situation": TypeElementReferentiel.SITUATION,
    "objectif": TypeElementReferentiel.OBJECTIF,
    "action": TypeElementReferentiel.ACTION,
}

# Coquilles connues de la source → correction (mot entier).
CORRECTIONS = {
    "Réaliseration": "Réalisation",
    "réaliseration": "réalisation",
    "Ressourcess": "Ressources",
    "ressourcess": "ressources",
}
_MOTIF_CORRECTIONS = re.compile(r"\b(" + "|".join(map(re.escape, CORRECTIONS)) + r")\b")
_ESPACES = re.compile(r"\s+")

# Correspondance thème du référentiel → domaine de frein du diagnostic. Les thèmes professionnels
# (emploi, formation, choisir un métier…) n'ont pas de domaine de frein.
DOMAINE_DU_THEME: dict[str, str] = {
    "contraintes_familiales": DomaineFrein.FAMILLE,
    "difficulte_administrative": DomaineFrein.ADMINISTRATIF,
    "difficulte_financiere": DomaineFrein.BUDGET,
    "logement": DomaineFrein.LOGEMENT,
    "maitrise_langue": DomaineFrein.LANGUE,
    "mobilite": DomaineFrein.MOBILITE,
    "numerique": DomaineFrein.NUMERIQUE,
    "sante": DomaineFrein.SANTE,
}
# Domaines sans thème propre dans la source, reconnus à un mot du libellé.
_DOMAINE_PAR_MOT = (("aidant", DomaineFrein.AIDANT), ("isolement", DomaineFrein.JUSTICE_ISOLEMENT))


def corriger(libelle: str) -> str:
    """Corrige les coquilles connues et les espaces superflus d'un libellé de la source."""
    texte = _MOTIF_CORRECTIONS.sub(lambda m: CORRECTIONS[m.group(1)], libelle)
    return _ESPACES.sub(" ", texte).strip()


def domaine_frein(theme_code: str, libelle: str) -> str:
    """Domaine de frein d'un élément (chaîne vide pour un thème professionnel)."""
    domaine = DOMAINE_DU_THEME.get(theme_code, "")
    if domaine:
        mots = normaliser(libelle).split()
        for mot, domaine_du_mot in _DOMAINE_PAR_MOT:
            if mot in mots:
                return domaine_du_mot
    return domaine


def lire(fichier: Path = FICHIER) -> list[dict]:
    """Lignes du fichier, corrigées et typées. Lève ``ValueError`` sur un type inconnu."""
    lignes = []
    with fichier.open(encoding="utf-8", newline="") as flux:
        for numero, ligne in enumerate(csv.DictReader(flux, delimiter=";"), start=2):
            type_source = (ligne.get("kind") or "").strip()
            if type_source not in TYPES:
                raise ValueError(
                    _("%(fichier)s, ligne %(numero)s : type inconnu « %(type)s ».")
                    % {"fichier": fichier.name, "numero": numero, "type": type_source}
                )
            theme_code = ligne["theme_code"].strip()
            libelle = corriger(ligne["label"])
            lignes.append(
                {
                    "type": TYPES[type_source],
                    "theme_code": theme_code,
                    "theme_libelle": corriger(ligne["theme_label"]),
                    "libelle": libelle,
                    "domaine_frein": domaine_frein(theme_code, libelle),
                }
            )
    return lignes


@transaction.atomic
def charger(stdout=None, progression: bool = True, *, fichier: Path = FICHIER) -> dict[str, dict[str, int]]:
    """Étape de ``manage.py charger_referentiels`` : crée ou met à jour les éléments du référentiel.

    Renvoie ``{libellé de la table: {creees, mises_a_jour, inchangees, supprimees, desactivees}}`` ;
    les éléments désactivés (absents du fichier) comptent aussi dans ``mises_a_jour``. ``stdout`` est
    accepté pour le contrat de la commande, qui écrit elle-même le résumé.
    """
    lignes = lire(fichier)
    existants = {(el.type, el.theme_code, el.libelle): el for el in ElementReferentiel.objects.all()}
    a_creer, a_modifier, vus = [], [], set()
    inchangees = 0
    with tqdm(
        total=len(lignes),
        desc=str(_("Référentiel de parcours")),
        unit=str(_("ligne")),
        disable=not progression,
        file=sys.stderr,
        leave=True,
    ) as barre:
        for ligne in lignes:
            barre.update(1)
            cle = (ligne["type"], ligne["theme_code"], ligne["libelle"])
            if cle in vus:
                continue
            vus.add(cle)
            element = existants.get(cle)
            if element is None:
                a_creer.append(ElementReferentiel(**ligne))
            elif (element.theme_libelle, element.domaine_frein, element.actif) != (
                ligne["theme_libelle"],
                ligne["domaine_frein"],
                True,
            ):
                element.theme_libelle = ligne["theme_libelle"]
                element.domaine_frein = ligne["domaine_frein"]
                element.actif = True
                a_modifier.append(element)
            else:
                inchangees += 1
    a_desactiver = [el for cle, el in existants.items() if cle not in vus and el.actif]
    for element in a_desactiver:
        element.actif = False
    ElementReferentiel.objects.bulk_create(a_creer)
    ElementReferentiel.objects.bulk_update(a_modifier + a_desactiver, ["theme_libelle", "domaine_frein", "actif"])
    bilan = {
        "creees": len(a_creer),
        "mises_a_jour": len(a_modifier) + len(a_desactiver),
        "inchangees": inchangees,
        "supprimees": 0,
        "desactivees": len(a_desactiver),
    }
    return {str(_("Référentiel de parcours (situations, objectifs, actions)")): bilan}
