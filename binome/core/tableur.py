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
"""

import csv

from openpyxl.cell import WriteOnlyCell

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


def cellules_xlsx(feuille, valeurs) -> list:
    """La ligne à passer à ``feuille.append`` (feuille normale ou en écriture seule)."""
    return [cellule_xlsx(feuille, valeur) for valeur in valeurs]
