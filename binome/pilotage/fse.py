"""Extrait FSE+ participant par participant (règlement (UE) 2021/1057, annexe I ; ``domaine.md`` §d.9).

Tout est calculé à partir du parcours, sans interroger la personne de nouveau : les caractéristiques
figées à l'entrée (``*_entree``) donnent les réalisations EECO, la sortie et son suivi à 6 mois donnent
les résultats EECR. Une ligne par parcours présent dans la période (entré au plus tard le dernier jour et
pas sorti avant le premier). Aucune donnée d'identité : le participant est désigné par un **identifiant
pseudonyme** stable (HMAC-SHA256 de l'identifiant interne de la personne avec la clé secrète de
l'installation), le même d'un export à l'autre, irréversible sans la clé.

Valeurs : 1 = oui, 0 = non, vide = sans objet ou non collecté :
- EECO12 (handicap), EECO14 (origine étrangère), EECO15 (minorités) : données sensibles que Binôme ne
  collecte pas au niveau de la personne (la RQTH est une donnée de santé, ``domaine.md`` §d.2) ; colonnes
  vides, à renseigner de façon agrégée si l'autorité de gestion le demande ;
- EECO17 (zone rurale) : approché par une commune de résidence à l'entrée de moins de 2 000 habitants
  (la grille communale de densité de l'INSEE n'est pas livrée avec Binôme) ; vide sans commune ;
- EECR01 à EECR04 : vides tant que le parcours n'est pas sorti ; EECR05 et EECR06 : vides tant que le
  suivi à 6 mois n'est pas fait.
Les participations d'un jour ou moins (entrée et sortie le même jour) ne sont pas des participants FSE+.
Participants : les parcours **cofinancés** (``binome.accompagnement.cofinancement`` : dérogation du parcours, sinon
convention FSE+ du département à la date d'entrée), l'identifiant d'opération venant de la même règle.
"""

import hashlib
import hmac
from collections.abc import Iterator

from django.conf import settings
from django.db.models import F

from binome.accompagnement import enums as e
from binome.accompagnement.cofinancement import annoter_cofinancement
from binome.core.tableur import TAILLE_PAQUET
from binome.pilotage.indicateurs import Periode, modalite_pilotee, q_present

EECO = [f"EECO{n:02d}" for n in range(1, 18)]
EECR = [f"EECR{n:02d}" for n in range(1, 7)]
COLONNES = [
    "identifiant_participant",
    "identifiant_operation_fse",
    "departement",
    "date_entree",
    "date_sortie",
    "sexe",
    "tranche_age_entree",
    *EECO,
    "sortie_renseignee",
    *EECR[:4],
    "suivi_6_mois_renseigne",
    *EECR[4:],
    "date_extraction",
]
SEUIL_RURAL_HABITANTS = 2000
NON_COLLECTES = ("EECO12", "EECO14", "EECO15")

# Situation à la sortie déduite du motif quand la sortie n'a pas été qualifiée pour le FSE+.
SITUATION_PAR_MOTIF = {
    e.MotifSortie.EMPLOI_DURABLE: e.SituationSortieFSE.EECR04,
    e.MotifSortie.EMPLOI_TRANSITION: e.SituationSortieFSE.EECR04,
    e.MotifSortie.CREATION_ENTREPRISE: e.SituationSortieFSE.EECR04,
    e.MotifSortie.FORMATION: e.SituationSortieFSE.EECR02,
    e.MotifSortie.REORIENTATION_SOCIAL: e.SituationSortieFSE.EECR01,
    e.MotifSortie.REORIENTATION_AUTRE: e.SituationSortieFSE.EECR01,
    e.MotifSortie.DUREE_MAX: e.SituationSortieFSE.EECR01,
}

CHAMPS = (
    "pk",
    "personne_id",
    "fse_operation",
    "departement_id",
    "date_entree",
    "date_sortie",
    "motif_sortie",
    "sexe",
    "tranche_age_entree",
    "situation_marche_travail_entree",
    "niveau_formation_entree",
    "nationalite_entree",
    "sans_domicile_entree",
    "commune_entree_id",
    "commune_entree__population",
    "sortie__situation_fse",
    "sortie__suivi_6_mois_fait_le",
    "sortie__emploi_6_mois",
    "sortie__situation_amelioree_6_mois",
)


def identifiant_participant(personne_pk: int, *, cle: bytes | None = None) -> str:
    """``cle`` : la clé déjà lue (``SECRET_KEY`` encodée), pour ne pas relire les réglages à chaque ligne."""
    empreinte = hmac.new(
        cle or settings.SECRET_KEY.encode(), f"binome-fse-participant:{personne_pk}".encode(), hashlib.sha256
    ).hexdigest()
    return f"P-{empreinte[:16].upper()}"


def _identifiants(cle: bytes):
    """``identifiant_participant`` pour un export entier : HMAC-SHA256 (RFC 2104) dont les états interne (clé et
    préfixe) et externe sont calculés une fois puis copiés pour chaque personne ; même empreinte, trois fois moins
    de temps par ligne que ``hmac.new``."""
    bloc = hashlib.sha256().block_size
    cle = (hashlib.sha256(cle).digest() if len(cle) > bloc else cle).ljust(bloc, b"\0")
    interne = hashlib.sha256(bytes(octet ^ 0x36 for octet in cle))
    interne.update(b"binome-fse-participant:")
    externe = hashlib.sha256(bytes(octet ^ 0x5C for octet in cle))

    def identifiant(personne_pk: int) -> str:
        empreinte_interne = interne.copy()
        empreinte_interne.update(str(personne_pk).encode())
        empreinte = externe.copy()
        empreinte.update(empreinte_interne.digest())
        return f"P-{empreinte.hexdigest()[:16].upper()}"

    return identifiant


def _requete(parcours, periode: Periode, cofinances_seulement: bool):
    presents = q_present(periode, modalite_pilotee(parcours))
    qs = annoter_cofinancement(parcours.order_by().filter(presents).exclude(date_sortie=F("date_entree")))
    if cofinances_seulement:  # la règle du cofinancement : dérogation du parcours, sinon convention du département
        qs = qs.filter(fse_cofinance=True)
    return qs


def participants(parcours, periode: Periode, *, cofinances_seulement: bool = True):
    """Parcours participants de la période (une requête, valeurs seulement, pas d'objet chargé)."""
    return _requete(parcours, periode, cofinances_seulement).values(*CHAMPS).order_by("date_entree", "pk")


def _b(condition) -> int:
    return 1 if condition else 0


def _optionnel(valeur) -> int | str:
    return "" if valeur is None else _b(valeur)


_CHOMEUR = (e.SituationMarcheTravail.CHOMEUR, e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE)
_JEUNE = (e.TrancheAge.DE_18_A_25, e.TrancheAge.DE_26_A_29)


# Colonnes qui ne dépendent que de quelques valeurs : calculées une fois par valeur rencontrée (``_Tables``).
def _eeco_situation(situation) -> tuple:  # EECO01 à EECO05
    return (
        1,
        1 if situation in _CHOMEUR else 0,
        1 if situation == e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE else 0,
        1 if situation == e.SituationMarcheTravail.INACTIF else 0,
        1 if situation == e.SituationMarcheTravail.EMPLOYE else 0,
    )


def _eeco_tranche(tranche) -> tuple:  # EECO06 à EECO08
    return (
        1 if tranche == e.TrancheAge.MOINS_18 else 0,
        1 if tranche in _JEUNE else 0,
        1 if tranche == e.TrancheAge.PLUS_55 else 0,
    )


def _eeco_niveau(niveau) -> tuple:  # EECO09 à EECO11
    return (
        1 if niveau == e.NiveauFormation.CITE_0_2 else 0,
        1 if niveau == e.NiveauFormation.CITE_3_4 else 0,
        1 if niveau == e.NiveauFormation.CITE_5_8 else 0,
    )


def _eeco_divers(cle: tuple) -> tuple:
    """EECO12 à EECO17 pour (nationalité, sans domicile, rural : ``None`` sans commune ou sans population)."""
    nationalite, sans_domicile, rural = cle
    return (
        "",  # EECO12 : non collecté
        1 if nationalite == e.Nationalite.HORS_UE else 0,
        "",  # EECO14 : non collecté
        "",  # EECO15 : non collecté
        1 if sans_domicile else 0,
        "" if rural is None else (1 if rural else 0),
    )


def _sortie(cle: tuple) -> tuple:
    """De ``sortie_renseignee`` à ``EECR06`` pour (sorti, situation FSE, motif, suivi, emploi, situation améliorée)."""
    sorti, situation_fse, motif, suivi, emploi, amelioree = cle
    situation_sortie = (situation_fse or SITUATION_PAR_MOTIF.get(motif, "")) if sorti else ""
    return (
        1 if sorti else 0,
        *((1 if situation_sortie == code else 0) if sorti else "" for code in EECR[:4]),
        1 if suivi else 0,
        _optionnel(emploi) if suivi else "",
        _optionnel(amelioree) if suivi else "",
    )


class _Table(dict):
    """Valeurs calculées à la première demande, relues ensuite (une recherche de dictionnaire, sans appel)."""

    def __init__(self, calcul):
        super().__init__()
        self._calcul = calcul

    def __missing__(self, cle):
        valeur = self[cle] = self._calcul(cle)
        return valeur


class _Tables:
    """Les colonnes déjà calculées d'un export, par valeur : quelques dizaines d'entrées (codes des référentiels,
    opérations, départements). ``cellule`` : la cellule écrite d'une valeur (``None`` : la valeur telle quelle)."""

    def __init__(self, cellule=None):
        def table(calcul):
            if cellule is None:
                return _Table(calcul)
            return _Table(lambda cle: tuple(map(cellule, calcul(cle))))

        self.situation = table(_eeco_situation)
        self.tranche = table(_eeco_tranche)
        self.niveau = table(_eeco_niveau)
        self.divers = table(_eeco_divers)
        self.sortie = table(_sortie)
        self.texte = _Table(cellule or (lambda valeur: valeur))  # valeurs lues en base, écrites telles quelles
        self.date = _Table(lambda date: "" if date is None else date.isoformat())  # chiffres : toujours sûrs


def rangee(p: tuple, date_extraction: str, identifiant, tables: _Tables) -> list:
    """Une ligne de l'extrait, dans l'ordre de ``COLONNES``, pour ``p`` dans l'ordre de ``CHAMPS`` (``values_list``).
    Appelée à chaque ligne : les colonnes qui ne dépendent que de quelques valeurs sont relues dans ``tables``, déjà
    mises en forme ; l'identifiant et les dates sont des chaînes sûres (chiffres, « P- »), écrites telles quelles."""
    (
        _pk,
        personne_id,
        operation,
        departement,
        date_entree,
        date_sortie,
        motif,
        sexe,
        tranche,
        situation,
        niveau,
        nationalite,
        sans_domicile,
        commune_id,
        population,
        situation_fse,
        suivi_le,
        emploi,
        amelioree,
    ) = p
    rural = None if commune_id is None or population is None else population < SEUIL_RURAL_HABITANTS
    texte = tables.texte
    return [
        identifiant(personne_id),
        texte[operation],
        texte[departement],
        tables.date[date_entree],
        tables.date[date_sortie],
        texte[sexe],
        texte[tranche],
        *tables.situation[situation],
        *tables.tranche[tranche],
        *tables.niveau[niveau],
        *tables.divers[nationalite, sans_domicile, rural],
        *tables.sortie[date_sortie is not None, situation_fse, motif, suivi_le is not None, emploi, amelioree],
        date_extraction,
    ]


def rangees(
    parcours, periode: Periode, *, date_extraction: str, cofinances_seulement: bool = True, cellule=None
) -> Iterator[list]:
    """Les lignes de l'extrait, une à une, en listes dans l'ordre de ``COLONNES`` : parcours lus par paquets de
    ``TAILLE_PAQUET`` (curseur nommé sur PostgreSQL), en tuples (``values_list`` : ni dictionnaire ni objet par ligne),
    jamais tous en mémoire. La requête part au premier élément demandé, pas à l'appel.

    ``cellule`` (``exports.cellule_csv``) : chaque valeur rendue comme le fichier l'écrit (neutralisée, mise en
    forme) ; sans elle, les valeurs (nombres, chaînes) pour un classeur ou un dictionnaire."""
    qs = _requete(parcours, periode, cofinances_seulement).values_list(*CHAMPS).order_by("date_entree", "pk")
    identifiant, tables = _identifiants(settings.SECRET_KEY.encode()), _Tables(cellule)
    date_extraction = tables.texte[date_extraction]
    return (rangee(p, date_extraction, identifiant, tables) for p in qs.iterator(chunk_size=TAILLE_PAQUET))


def lignes(parcours, periode: Periode, *, date_extraction: str, cofinances_seulement: bool = True) -> Iterator[dict]:
    """Les lignes de l'extrait en dictionnaires (clés ``COLONNES``), une à une, comme ``rangees``."""
    return (
        dict(zip(COLONNES, valeurs, strict=True))
        for valeurs in rangees(
            parcours, periode, date_extraction=date_extraction, cofinances_seulement=cofinances_seulement
        )
    )


def nombre(parcours, periode: Periode, *, cofinances_seulement: bool = True) -> int:
    """Nombre de lignes de l'extrait (une requête ``COUNT``), pour le journal écrit avant d'envoyer le fichier."""
    return _requete(parcours, periode, cofinances_seulement).count()
