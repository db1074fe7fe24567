"""Le traitement d'un import dans le travailleur : lecture, analyse des lignes (progression écrite au fil de
l'eau), puis contrôle en base et écriture de tout le fichier en une transaction (``personnes_importer``).

Tout ou rien : une seule ligne refusée (format, rapprochement, périmètre, règles de saisie) et le fichier est
refusé en entier, avec les raisons de chaque ligne.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from binome.accompagnement.selectors.rapprochement import LIBELLES_CLES
from binome.accompagnement.services.importation_personnes import (
    REFUSEE,
    ListeRefusee,
    ResultatLigne,
    personnes_importer,
)
from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.core.lecture_csv import FichierCSVRefuse
from binome.echanges.importation import champs, lecture, selectors, services
from binome.echanges.importation.models import ImportListe, StatutImport

journal = logging.getLogger(__name__)
PAS_PROGRESSION = 50


def _analyser(importation: ImportListe, tableau: lecture.Tableau):
    """(lignes bien formées, {numéro: anomalies}, {numéro: libellé}) ; la progression avance par paquets."""
    lignes, anomalies, libelles = [], {}, {}
    for rang, (numero, valeurs) in enumerate(tableau.lignes, start=1):
        personne, erreurs = champs.lire_ligne(
            numero,
            dict(zip(tableau.entetes, valeurs, strict=True)),
            importation.colonnes,
            source=importation.source,
            nouveaux_rsa=importation.nouveaux_rsa,
        )
        libelles[numero] = f"{personne.champs.get('prenom', '')} {personne.champs.get('nom', '')}".strip()
        if erreurs:
            anomalies[numero] = erreurs
        else:
            lignes.append(personne)
        if rang % PAS_PROGRESSION == 0:
            services.importation_avancer(importation_id=importation.pk, traitees=rang)
    return lignes, anomalies, libelles


def _en_json(resultat: ResultatLigne, libelles: dict) -> dict:
    return {
        "ligne": resultat.numero,
        "action": resultat.action,
        "personne": resultat.personne_pk,
        "libelle": resultat.libelle or libelles.get(resultat.numero, ""),
        "cle": str(LIBELLES_CLES.get(resultat.cle, "")),
        "a_confirmer": resultat.a_confirmer,
        "raisons": [str(r) for r in resultat.raisons],
    }


def _refus(resultats: list[ResultatLigne], anomalies: dict, libelles: dict) -> list[dict]:
    par_ligne = {r.numero: r for r in resultats}
    for numero, erreurs in anomalies.items():
        resultat = par_ligne.setdefault(numero, ResultatLigne(numero=numero))
        resultat.raisons = [*erreurs, *resultat.raisons]
    for resultat in par_ligne.values():
        resultat.action = REFUSEE if resultat.raisons else resultat.action
    return [_en_json(r, libelles) for r in sorted(par_ligne.values(), key=lambda r: r.numero)]


def _importer(importation: ImportListe, lignes, anomalies, libelles) -> tuple[str, list[dict]]:
    essai = importation.essai or bool(anomalies)
    try:
        resultats = (
            personnes_importer(
                acteur=importation.auteur,
                departement=importation.departement_id,
                lignes=lignes,
                libelle_liste=_("liste « %(nom)s »") % {"nom": importation.nom_fichier},
                dry_run=essai,
                confirmer_homonymes=essai or importation.confirmer_homonymes,
            )
            if lignes
            else []
        )
    except ListeRefusee as refus:
        return StatutImport.REFUSE, _refus(refus.resultats, anomalies, libelles)
    if anomalies:
        return StatutImport.REFUSE, _refus(resultats, anomalies, libelles)
    statut = StatutImport.VERIFIE if importation.essai else StatutImport.IMPORTE
    return statut, [_en_json(r, libelles) for r in resultats]


def traiter(importation_id: int) -> str:
    """Traite l'import en file ; renvoie son statut final (rien si un autre travailleur l'a déjà pris)."""
    importation = services.importation_demarrer(importation_id=importation_id)
    if importation is None:
        return ""
    statut, resultats, message = StatutImport.ECHEC, [], ""
    try:
        tableau = lecture.lire(selectors.contenu_de(importation), nom_fichier=importation.nom_fichier)
        lignes, anomalies, libelles = _analyser(importation, tableau)
        statut, resultats = _importer(importation, lignes, anomalies, libelles)
    except (FichierCSVRefuse, PermissionDenied) as refus:
        statut, message = StatutImport.REFUSE, " ".join(getattr(refus, "messages", [str(refus)]))
    except Exception:
        journal.exception("Import de liste %s : échec technique", importation_id)
        message = _("Échec technique pendant l'import : rien n'a été enregistré. Relancez l'essai à blanc.")
    services.importation_terminer(importation_id=importation_id, statut=statut, resultats=resultats, message=message)
    if statut == StatutImport.IMPORTE:
        journaliser(
            action=Action.SAISIE,
            finalite=_("Import d'une liste de personnes (%(n)s lignes)") % {"n": len(resultats)},
            acteur=importation.auteur,
            objet=importation,
            departement=importation.departement_id,
            route="echanges:importation_lancer",
            chemin="",
        )
    return statut
