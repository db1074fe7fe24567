"""Vérification des chaînes du journal des accès (``manage.py verifier_journal``).

Pour chaque chaîne : le sceau de la tête (HMAC, clé hors base), puis chaque ligne dans l'ordre des rangs — rang
attendu (aucun trou, aucun doublon), rattachement à la précédente (ou à l'ancre de purge), HMAC de la ligne — et
enfin la fin de chaîne : la dernière ligne présente doit être celle que la tête scellée annonce. Supprimer les N
dernières lignes puis réécrire la tête exige la clé : sans elle, le sceau de la tête ne correspond plus.

Les **ancres** (``--ancres FICHIER``) recopient hors de la base le rang et l'empreinte de chaque tête à chaque
vérification : elles détectent aussi la remise en place d'une ancienne tête scellée (copie de la base).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import router
from django.utils.translation import gettext as _

from binome.confiance.models import ChaineJournal, EntreeJournal
from binome.confiance.scellement import cles_connues, departement_de_chaine


@dataclass
class RapportVerification:
    lignes: int = 0
    anomalies: list[str] = field(default_factory=list)
    tetes: dict[str, dict] = field(default_factory=dict)

    @property
    def intacte(self) -> bool:
        return not self.anomalies


def verifier_chaine(*, progression=None, ancres: dict | None = None) -> RapportVerification:
    """Vérifie toutes les chaînes ; ``ancres`` : têtes relevées lors d'une vérification précédente."""
    alias = router.db_for_read(EntreeJournal)
    rapport = RapportVerification()
    cles = cles_connues()
    tetes = {c.nom: c for c in ChaineJournal.objects.using(alias).order_by("nom")}
    noms = set(EntreeJournal.objects.using(alias).order_by().values_list("chaine", flat=True).distinct())
    for nom in sorted(noms | set(tetes)):
        _verifier_une_chaine(alias, nom, tetes.get(nom), cles, rapport, progression)
    for nom, ancre in sorted((ancres or {}).items()):
        _comparer_a_l_ancre(alias, nom, ancre, tetes.get(nom), rapport)
    return rapport


def _verifier_tete(nom, tete, cles, rapport) -> bool:
    if tete is None:
        rapport.anomalies.append(_("Chaîne %(nom)s : tête absente (supprimée).") % {"nom": nom})
        return False
    cle = cles.get(tete.cle)
    if cle is None:
        message = _("Chaîne %(nom)s : clé de la tête inconnue (%(cle)s).")
        rapport.anomalies.append(message % {"nom": nom, "cle": tete.cle})
        return False
    if tete.calculer_sceau(cle) != tete.sceau:
        message = _("Chaîne %(nom)s : tête réécrite sans la clé (sceau invalide) ; fin de chaîne non garantie.")
        rapport.anomalies.append(message % {"nom": nom})
        return False
    rapport.tetes[nom] = {"sequence": tete.sequence, "empreinte": tete.derniere_empreinte}
    return True


def _verifier_une_chaine(alias, nom, tete, cles, rapport, progression) -> None:
    tete_valide = _verifier_tete(nom, tete, cles, rapport)
    attendu = tete.ancre_sequence + 1 if tete is not None else 1
    precedente = tete.ancre_empreinte if tete is not None else ""
    qs = EntreeJournal.objects.using(alias).filter(chaine=nom).order_by("sequence")
    for entree in qs.iterator(chunk_size=2000):
        rapport.lignes += 1
        if entree.sequence != attendu or entree.empreinte_precedente != precedente:
            rapport.anomalies.append(
                _("Ligne %(pk)s (%(nom)s n° %(seq)s) : ne suit pas la ligne précédente (ligne supprimée ou insérée).")
                % {"pk": entree.pk, "nom": nom, "seq": entree.sequence}
            )
        cle = cles.get(entree.cle)
        # Une ligne reste dans une chaîne de son département (« 75 » d'avant la partition, ou « 75/k »).
        hors_departement = departement_de_chaine(nom) != entree.departement
        if cle is None or entree.calculer_empreinte(cle) != entree.empreinte or hors_departement:
            rapport.anomalies.append(
                _("Ligne %(pk)s (%(nom)s n° %(seq)s) : contenu modifié après écriture (ou clé inconnue).")
                % {"pk": entree.pk, "nom": nom, "seq": entree.sequence}
            )
        attendu, precedente = entree.sequence + 1, entree.empreinte
        if progression is not None:
            progression.update(1)
    if tete_valide and (attendu - 1 != tete.sequence or precedente != tete.derniere_empreinte):
        message = _(
            "Fin de chaîne %(nom)s : la tête annonce le n° %(seq)s ; "
            "des lignes ont été supprimées après la dernière ligne présente."
        )
        rapport.anomalies.append(message % {"nom": nom, "seq": tete.sequence})


def _comparer_a_l_ancre(alias, nom, ancre, tete, rapport) -> None:
    sequence, empreinte = int(ancre["sequence"]), ancre["empreinte"]
    if tete is None or tete.sequence < sequence:
        rapport.anomalies.append(
            _("Chaîne %(nom)s : recul depuis l'ancre (n° %(seq)s) ; une ancienne tête a été remise en place.")
            % {"nom": nom, "seq": sequence}
        )
        return
    if sequence <= tete.ancre_sequence:
        return  # ligne ancrée purgée depuis
    ligne = EntreeJournal.objects.using(alias).filter(chaine=nom, sequence=sequence)
    if list(ligne.values_list("empreinte", flat=True)) != [empreinte]:
        rapport.anomalies.append(
            _("Chaîne %(nom)s : la ligne n° %(seq)s ne correspond plus à l'ancre.") % {"nom": nom, "seq": sequence}
        )


def lire_ancres(chemin: Path) -> dict:
    if not chemin.exists():
        return {}
    return json.loads(chemin.read_text(encoding="utf-8"))


def ecrire_ancres(chemin: Path, rapport: RapportVerification) -> None:
    chemin.write_text(json.dumps(rapport.tetes, indent=2, sort_keys=True), encoding="utf-8")
