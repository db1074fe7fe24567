"""Import des parcours existants (tableurs des départements) : ``parcours_importer``.

Tout ou rien : chaque ligne est contrôlée (format, puis base : département, commune, utilisateurs,
doublons, chronologie de la personne) ; s'il reste une seule anomalie, ``ImportRefuse`` est levée avec
**toutes** les anomalies (numéro de ligne du fichier et raison) et rien n'est écrit. Sinon tout est
écrit dans une seule transaction, chronologie comprise. Le fichier est lu deux fois en flux (contrôle, puis
écriture), par lots : la mémoire ne croît qu'avec l'index compact des personnes du fichier.

Un parcours est identifié par (département, identifiant France Travail, date d'entrée) : réimporter le
même fichier ne change rien. Seule mise à jour possible d'un parcours déjà présent : l'ajout de sa
sortie quand il est en cours dans Binôme. Pour le reste, Binôme fait foi (voir ``docs/import-parcours.md``).
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binome.accompagnement.fichier_import import Anomalie, LigneCSV, analyser_ligne
from binome.accompagnement.services import importation_ecriture
from binome.accompagnement.services.importation_controle import Controle
from binome.accompagnement.services.importation_ecriture import RAISON_HISTORIQUE, Ecriture

# Lignes contrôlées par lot (lectures groupées en base) : la mémoire d'un lot reste modeste.
LOT_CONTROLE = 2000

__all__ = ["RAISON_HISTORIQUE", "ImportRefuse", "RapportImport", "parcours_importer"]


class ImportRefuse(ValidationError):
    """Le fichier est refusé en entier ; ``anomalies`` les liste toutes, dans l'ordre des lignes."""

    def __init__(self, anomalies: list[Anomalie]):
        self.anomalies = sorted(anomalies, key=lambda a: (a.ligne, a.colonne))
        super().__init__([str(a) for a in self.anomalies], code="import_refuse")


@dataclass
class RapportImport:
    lignes: int = 0
    personnes_creees: int = 0
    personnes_retrouvees: int = 0
    parcours_crees: int = 0
    parcours_sortis: int = 0  # parcours en cours dans Binôme dont le fichier apporte la sortie
    parcours_inchanges: int = 0
    dry_run: bool = False

    @property
    def modifications(self) -> int:
        return self.personnes_creees + self.parcours_crees + self.parcours_sortis

    def resume(self) -> str:
        morceaux = [
            ngettext("%(n)s ligne valide", "%(n)s lignes valides", self.lignes) % {"n": self.lignes},
            ngettext("%(n)s personne créée", "%(n)s personnes créées", self.personnes_creees)
            % {"n": self.personnes_creees},
            ngettext("%(n)s personne déjà connue", "%(n)s personnes déjà connues", self.personnes_retrouvees)
            % {"n": self.personnes_retrouvees},
            ngettext("%(n)s parcours créé", "%(n)s parcours créés", self.parcours_crees) % {"n": self.parcours_crees},
            ngettext(
                "%(n)s parcours clos (sortie ajoutée)", "%(n)s parcours clos (sortie ajoutée)", self.parcours_sortis
            )
            % {"n": self.parcours_sortis},
            ngettext("%(n)s parcours inchangé", "%(n)s parcours inchangés", self.parcours_inchanges)
            % {"n": self.parcours_inchanges},
        ]
        if self.dry_run:
            prefixe = _("Vérification seulement, rien n'a été enregistré. Le fichier est valide ; il donnerait :")
        elif self.modifications == 0:
            prefixe = _("Import terminé : aucune modification, tout était déjà à jour.")
        else:
            prefixe = _("Import terminé :")
        return f"{prefixe} {', '.join(morceaux)}."


def _lignes_numerotees(lignes: Iterable) -> Iterator[tuple[int, Mapping[str, str], str]]:
    """(numéro, valeurs, erreur de structure), une à une (les lignes d'un fichier lu en flux ne sont jamais toutes
    en mémoire sous forme brute) ; un dictionnaire simple est numéroté comme dans un fichier dont l'en-tête serait
    la ligne 1."""
    for index, ligne in enumerate(lignes):
        if isinstance(ligne, LigneCSV):
            yield ligne.numero, ligne.valeurs, ligne.erreur
        else:
            yield index + 2, ligne, ""


def _par_lots(iterable: Iterable, taille: int) -> Iterator[list]:
    lot = []
    for element in iterable:
        lot.append(element)
        if len(lot) >= taille:
            yield lot
            lot = []
    if lot:
        yield lot


def _relisibles(lignes) -> Callable[[], Iterable]:
    """Les lignes sont lues deux fois (contrôle, puis écriture) : une fonction qui les redonne (la commande relit
    le fichier), une liste, ou à défaut un itérateur à usage unique, gardé alors en mémoire."""
    if callable(lignes):
        return lignes
    if iter(lignes) is lignes:
        lignes = list(lignes)
    return lambda: lignes


@transaction.atomic(durable=True)
def parcours_importer(
    *,
    acteur=None,
    lignes: Iterable | Callable[[], Iterable],
    departement: str | None = None,
    dry_run: bool = False,
    progression: Callable[[int], object] | None = None,
) -> RapportImport:
    """Importe des parcours existants ; tout ou rien.

    ``lignes`` : les ``LigneCSV`` de ``binome.accompagnement.fichier_import.lire_csv``, ou des dictionnaires
    {colonne: valeur texte} (numérotés 2, 3… comme sous un en-tête) ; ou une fonction sans argument qui les
    donne (``lambda: lire_fichier(chemin)``) : le fichier est alors lu deux fois en flux, sans être gardé.
    ``acteur`` (facultatif : la commande d'administration n'en a pas) doit administrer le département de chaque
    ligne ; il est noté comme auteur. ``departement`` (``--departement`` de la commande) : toute ligne d'un autre
    département est refusée. ``progression(total)`` renvoie une barre (``tqdm``) que l'écriture fait avancer.

    Deux passes, mémoire bornée : la première contrôle les lignes par lots et ne garde de chacune que sa clé et
    ses dates (``FichePersonne``) ; la seconde relit les lignes et écrit par lots. Seules ces fiches croissent
    avec le fichier (doublons et chronologie comparent des lignes éloignées).

    Lève ``ImportRefuse`` (une ``ValidationError``) avec toutes les anomalies : rien n'est écrit.
    """
    source = _relisibles(lignes)
    aujourdhui = timezone.localdate()
    controle = Controle(acteur, departement)
    anomalies, nombre = _controler(source(), controle, aujourdhui)
    if not nombre:
        raise ImportRefuse([Anomalie(0, _("aucune ligne de parcours à importer"))])
    plan = controle.terminer()
    anomalies.extend(controle.anomalies)
    if anomalies:
        raise ImportRefuse(anomalies)
    rapport = RapportImport(
        lignes=nombre,
        personnes_creees=plan.personnes_a_creer,
        personnes_retrouvees=plan.personnes_retrouvees,
        parcours_crees=plan.parcours_a_creer,
        parcours_sortis=len(plan.sorties_a_ajouter),
        parcours_inchanges=plan.inchanges,
        dry_run=dry_run,
    )
    if dry_run:
        return rapport
    total = plan.parcours_a_creer + len(plan.sorties_a_ajouter)
    barre = progression(total) if progression else nullcontext()
    with barre:
        avancer = barre.update if progression else (lambda n: None)
        try:
            with transaction.atomic():
                _ecrire(source(), Ecriture(plan, controle, acteur), aujourdhui, avancer)
        except IntegrityError as erreur:
            raise ImportRefuse(
                [
                    Anomalie(
                        0,
                        _(
                            "la base a refusé l'écriture (%(erreur)s) : des données ont peut-être été modifiées "
                            "pendant l'import ; relancez-le"
                        )
                        % {"erreur": erreur},
                    )
                ]
            ) from erreur
    return rapport


def _controler(lignes: Iterable, controle: Controle, aujourdhui) -> tuple[list[Anomalie], int]:
    """Première passe : format de chaque ligne, puis contrôles en base par lots ; rend les anomalies de format
    et le nombre de lignes."""
    anomalies: list[Anomalie] = []
    nombre = 0
    for lot in _par_lots(_lignes_numerotees(lignes), LOT_CONTROLE):
        analysees = []
        for numero, valeurs, erreur in lot:
            nombre += 1
            if erreur:
                anomalies.append(Anomalie(numero, erreur))
                continue
            ligne = analyser_ligne(numero, valeurs, aujourdhui=aujourdhui)
            anomalies.extend(ligne.anomalies)
            analysees.append(ligne)
        controle.controler_lot(analysees)
    return anomalies, nombre


def _ecrire(lignes: Iterable, ecriture: Ecriture, aujourdhui, avancer: Callable[[int], None]):
    """Seconde passe : les lignes du fichier (déjà toutes valides) relues, les parcours à créer écrits par lots."""
    presents = ecriture.plan.presents
    a_creer = (
        analyser_ligne(numero, valeurs, aujourdhui=aujourdhui)
        for numero, valeurs, _erreur in _lignes_numerotees(lignes)
        if numero not in presents
    )
    for lot in _par_lots(a_creer, importation_ecriture.TAILLE_LOT):
        ecriture.ecrire_lot(lot)
        avancer(len(lot))
    ecriture.ecrire_sorties(avancer)
