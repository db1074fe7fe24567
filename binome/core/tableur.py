"""Cellules de tableur sûres : neutralisation des formules dans tous les exports CSV et XLSX (injection de formules).

Recommandation OWASP « CSV injection » : une cellule **texte** qui commence par ``=``, ``+``, ``-``, ``@``, une
tabulation ou un retour chariot serait interprétée comme une formule par un tableur (``=HYPERLINK(…)``). Seule
l'exportation change, jamais la valeur enregistrée :

- **CSV** : ``neutraliser`` préfixe une telle chaîne d'une apostrophe (``'=HYPERLINK(…)``), que le tableur affiche
  comme du texte ; ``ecrivain_csv`` applique la règle à chaque cellule écrite ;
- **XLSX** : ``cellules_xlsx`` écrit chaque chaîne comme une cellule de type texte (jamais ``f``, formule), avec le
  préfixe de citation (``quotePrefix``) pour qu'une modification dans le tableur la garde en texte ; la valeur
  affichée est la chaîne d'origine.

Les nombres (``int``, ``float``, ``Decimal``), dates et booléens ne sont jamais touchés : un nombre négatif reste un
nombre. Tous les exports du projet passent par ce module (``tests/core/test_tableur.py`` parcourt chacun d'eux).

Exports en flux, mémoire bornée quel que soit le nombre de lignes (issue 17 « Échelle ») :

- ``flux_csv`` : générateur d'octets UTF-8 (BOM pour Excel), un morceau toutes les ``LIGNES_PAR_MORCEAU`` lignes,
  à passer à une ``StreamingHttpResponse`` ; les lignes viennent d'un itérateur (``QuerySet.iterator``) ;
- ``classeur_en_flux`` / ``fichier_xlsx`` : classeur openpyxl en écriture seule (``write_only`` : chaque feuille
  s'écrit dans un fichier temporaire, ligne après ligne), enregistré dans un fichier temporaire (en mémoire jusqu'à
  ``OCTETS_EN_MEMOIRE``, sur disque au-delà) que la vue envoie par une ``FileResponse``.
"""

import csv
import datetime
import io
import itertools
import operator
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

BOM = "\ufeff"
# Lignes lues par requête (``QuerySet.iterator(chunk_size=…)`` : curseur nommé sur PostgreSQL, lecture par paquets
# sur SQLite) : la mémoire d'un export ne dépend que de ce nombre.
TAILLE_PAQUET = 2000
LIGNES_PAR_MORCEAU = 1000
OCTETS_EN_MEMOIRE = 1024 * 1024

DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def dangereuse(valeur) -> bool:
    """Chaîne qu'un tableur lirait comme une formule."""
    return isinstance(valeur, str) and valeur.startswith(DEBUTS_DE_FORMULE)


def neutraliser(valeur):
    """Valeur d'une cellule CSV : une chaîne dangereuse est préfixée d'une apostrophe ; le reste est inchangé."""
    if dangereuse(valeur):
        return "'" + valeur
    return valeur


class _EcrivainSur:
    """Enveloppe d'un ``csv.writer`` / ``csv.DictWriter`` qui neutralise chaque cellule avant de l'écrire."""

    def __init__(self, ecrivain, formater=None):
        self._ecrivain = ecrivain
        self._formater = formater or (lambda valeur: valeur)

    def _cellule(self, valeur):
        # Neutraliser avant de mettre en forme : un nombre négatif devenu « -0,5 » n'est pas une chaîne à neutraliser.
        return self._formater(neutraliser(valeur))

    def writerow(self, ligne):
        if isinstance(ligne, dict):
            return self._ecrivain.writerow({cle: self._cellule(valeur) for cle, valeur in ligne.items()})
        return self._ecrivain.writerow([self._cellule(valeur) for valeur in ligne])

    def writerows(self, lignes):
        for ligne in lignes:
            self.writerow(ligne)

    def writeheader(self):
        # Les en-têtes d'un ``DictWriter`` sont des noms de colonnes du code ; neutralisés quand même.
        return self._ecrivain.writerow({nom: neutraliser(nom) for nom in self._ecrivain.fieldnames})


def ecrivain_csv(tampon, *, champs=None, formater=None, **options):
    """``csv.writer`` (ou ``csv.DictWriter`` si ``champs`` est donné) dont chaque cellule est neutralisée, puis
    mise en forme par ``formater`` (nombre à virgule décimale, par exemple) si elle est donnée."""
    if champs is not None:
        return _EcrivainSur(csv.DictWriter(tampon, fieldnames=champs, **options), formater)
    return _EcrivainSur(csv.writer(tampon, **options), formater)


def cellule_xlsx(feuille, valeur):
    """Cellule prête à ``feuille.append`` : une chaîne est toujours du texte, jamais une formule."""
    cellule = WriteOnlyCell(feuille, value=valeur)
    if isinstance(valeur, str):
        cellule.data_type = "s"
        if dangereuse(valeur):
            cellule.quotePrefix = True
    return cellule


# Types qu'openpyxl lie seul comme ``cellule_xlsx`` (chaîne exacte : texte, sauf ``_pas_du_texte``).
_TELLES_QUELLES = frozenset({str, int, float, bool})


def _pas_du_texte(valeur: str) -> bool:
    """Chaîne qu'openpyxl lierait comme une formule ou une erreur, ou qu'un tableur lirait comme une formule."""
    return dangereuse(valeur) or valeur in ERROR_CODES


def cellules_xlsx(feuille, valeurs, *, police=None, formats=None) -> list:
    """La ligne à passer à ``feuille.append`` (feuille normale ou en écriture seule) ; ``police`` (en-tête en gras)
    s'applique à chaque cellule, ``formats`` donne le format de nombre de chaque cellule (``None`` : aucun)."""
    if police is None and formats is None:
        # Sans style, la valeur telle quelle : openpyxl la lie comme WriteOnlyCell (même type, même XML) dans une
        # cellule qu'il réutilise ; seule une chaîne qu'il ne lirait pas comme du texte (formule, code d'erreur)
        # devient une cellule texte. Deux fois moins d'objets par ligne d'un grand export.
        return [
            valeur
            if valeur.__class__ in _TELLES_QUELLES and not (valeur.__class__ is str and _pas_du_texte(valeur))
            else cellule_xlsx(feuille, valeur)
            for valeur in valeurs
        ]
    cellules = [cellule_xlsx(feuille, valeur) for valeur in valeurs]
    for position, cellule in enumerate(cellules):
        if police is not None:
            cellule.font = police
        if formats is not None and formats[position]:
            cellule.number_format = formats[position]
    return cellules


def _vider(tampon: io.StringIO) -> bytes:
    texte = tampon.getvalue()
    tampon.seek(0)
    tampon.truncate(0)
    return texte.encode("utf-8")


# Types dont la cellule écrite ne dépend que de la valeur et du type : son résultat (neutralisé, mis en forme) est
# gardé dans une table, ``VALEURS_RETENUES`` valeurs au plus (mémoire bornée, identifiants uniques compris).
_TYPES_RETENUS = (int, bool, type(None), datetime.date)
VALEURS_RETENUES = 4096


def _cellules(formater):
    """La fonction qui donne les cellules écrites d'une ligne, comme ``ecrivain_csv`` : une chaîne neutralisée (le
    ``formater`` ne change pas une chaîne : il met en forme nombres, booléens, vides, dates), toute autre valeur
    neutralisée puis mise en forme. Un export répète surtout les mêmes valeurs (0, 1, vide) : leur résultat est
    calculé une fois puis relu dans une table, sans appel de fonction par cellule (le coût d'un export)."""
    formater = formater or (lambda valeur: valeur)
    table: dict = {}
    lire = table.get

    def calculer(valeur):
        resultat = formater(neutraliser(valeur))
        if valeur.__class__ in _TYPES_RETENUS and len(table) < VALEURS_RETENUES:
            table[valeur] = (valeur.__class__, resultat)
        return resultat

    def ligne(valeurs) -> list:
        # Une chaîne est seulement neutralisée, sur place ; les autres valeurs sont lues dans la table (le type est
        # comparé : True et 1, égaux pour un dictionnaire, restent distincts).
        return [
            ("'" + valeur if valeur.startswith(DEBUTS_DE_FORMULE) else valeur)
            if valeur.__class__ is str
            else entree[1]
            if (entree := lire(valeur)) is not None and entree[0] is valeur.__class__
            else calculer(valeur)
            for valeur in valeurs
        ]

    return ligne


def flux_csv(lignes: Iterable, *, champs=None, formater=None, pretes=False, **options) -> Iterator[bytes]:
    """Le fichier CSV (UTF-8 avec BOM) par morceaux : ``lignes`` (listes, ou dictionnaires si ``champs`` est donné :
    l'en-tête est alors écrit d'abord) n'est parcouru qu'une fois ; chaque cellule est neutralisée puis mise en forme
    (même contenu qu'``ecrivain_csv``). Les lignes sont écrites par paquets de ``LIGNES_PAR_MORCEAU``
    (``writerows`` d'un coup), un morceau rendu par paquet : la mémoire reste celle d'un paquet. ``pretes`` : les
    cellules des listes sont déjà neutralisées et mises en forme par l'appelant (écrites telles quelles)."""
    tampon = io.StringIO()
    tampon.write(BOM)
    ecrivain = csv.writer(tampon, **options)
    cellules = _cellules(formater)
    if champs is not None:
        champs = list(champs)
        ecrivain.writerow([neutraliser(nom) for nom in champs])
        noms = set(champs)
        extraire = operator.itemgetter(*champs) if len(champs) > 1 else (lambda ligne: [ligne[nom] for nom in champs])

        def valeurs(ligne):
            if len(ligne) == len(champs):
                try:
                    return cellules(extraire(ligne))
                except KeyError:
                    pass
            # Pas exactement ces clés : ce que ferait csv.DictWriter (erreur pour une clé de trop, cellule vide pour
            # une clé absente).
            de_trop = [cle for cle in ligne if cle not in noms]
            if de_trop:
                raise ValueError("dict contains fields not in fieldnames: " + ", ".join(map(repr, de_trop)))
            return [cellules([ligne[nom]])[0] if nom in ligne else "" for nom in champs]

    else:
        valeurs = cellules
    lignes = iter(lignes) if pretes and champs is None else map(valeurs, lignes)
    # Un paquet pris d'un coup (islice, sans boucle Python par ligne), écrit d'un coup.
    while paquet := list(itertools.islice(lignes, LIGNES_PAR_MORCEAU)):
        ecrivain.writerows(paquet)
        if len(paquet) == LIGNES_PAR_MORCEAU:
            yield _vider(tampon)
    reste = _vider(tampon)
    if reste:
        yield reste


def classeur_en_flux() -> Workbook:
    """Classeur en écriture seule : les lignes ajoutées partent dans un fichier temporaire, pas en mémoire."""
    return Workbook(write_only=True)


class _FichierTemporaire(tempfile.SpooledTemporaryFile):
    """Fichier temporaire que la ``FileResponse`` ferme après l'envoi ; une réponse jamais envoyée (lue seulement
    en partie, par un test par exemple) le ferme à sa collecte, sans l'avertissement « Unclosed file »."""

    def __del__(self):
        self.close()


def fichier_xlsx(classeur: Workbook):
    """Enregistre ``classeur`` dans un fichier temporaire, rembobiné, prêt pour une ``FileResponse`` (qui le ferme)."""
    fichier = _FichierTemporaire(max_size=OCTETS_EN_MEMOIRE)
    classeur.save(fichier)
    fichier.seek(0)
    return fichier
