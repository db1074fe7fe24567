"""Secret statistique : masquage « < 5 » des effectifs de personnes pour le comité de pilotage.

Règle (documentée dans ``docs/pilotage.md``) :

1. **Masquage primaire** : tout effectif de personnes compris entre 1 et 4 est masqué ; 0 ne l'est pas.
2. **Masquage secondaire** (contre la déduction par soustraction) : chaque relation additive affichée
   (« total = somme des cases », par exemple sorties = somme des sorties par motif, entrées = somme des
   entrées de chaque mois, ou entrées = bénéficiaires du RSA + non-bénéficiaires) est examinée. Si une
   seule de ses cases est cachée, on pourrait la retrouver par différence : on masque alors aussi la plus
   petite autre case non nulle de la relation (ou, à défaut, le total). On recommence jusqu'à ce qu'aucune
   relation n'ait une seule case cachée.
3. Les **cases implicites** (le complément qui n'est pas affiché mais se déduit : « non-bénéficiaires du
   RSA », « autre sexe ou non renseigné », « parcours sans agence ») sont soumises au masquage primaire :
   si le complément vaut 1 à 4, la part affichée le révélerait, la relation a donc une case cachée et le
   masquage secondaire s'applique.
4. Une valeur dérivée (taux, part, moyenne) est masquée dès que l'un des effectifs dont elle dépend l'est
   (un taux multiplié par son dénominateur redonne le numérateur).

Le masquage ne concerne que les effectifs de **personnes accompagnées** ; le nombre de conseillers n'est
pas protégé. Il s'applique au pilote dans les écrans et les exports ; l'administrateur départemental et
l'encadrant, qui peuvent ouvrir les dossiers de leur périmètre, voient les valeurs exactes.
"""

SEUIL = 5


def sensible(n) -> bool:
    """Effectif à masquer : entre 1 et ``SEUIL − 1``."""
    return n is not None and 0 < n < SEUIL


class Grille:
    """Un ensemble d'effectifs nommés et de relations additives entre eux ; ``resoudre()`` renvoie les
    clés à masquer."""

    def __init__(self):
        self.valeurs: dict[str, int] = {}
        self.implicites: set[str] = set()
        self.relations: list[tuple[str, list[str]]] = []

    def effectif(self, cle: str, valeur: int, *, implicite: bool = False) -> str:
        """Déclare un effectif ; ``implicite`` : il n'est pas affiché (mais peut se déduire)."""
        self.valeurs[cle] = int(valeur or 0)
        if implicite:
            self.implicites.add(cle)
        return cle

    def relation(self, total: str, cases: list[str]) -> None:
        """``total`` = somme de ``cases`` (+ un complément implicite s'il reste une différence)."""
        cases = list(cases)
        reste = self.valeurs[total] - sum(self.valeurs[c] for c in cases)
        if reste:
            cle_reste = f"{total}|reste|{len(self.relations)}"
            self.valeurs[cle_reste] = reste
            self.implicites.add(cle_reste)
            cases.append(cle_reste)
        self.relations.append((total, cases))

    def resoudre(self) -> set[str]:
        """Clés affichées à masquer.

        Une case est « inconnue » du lecteur si elle est masquée ou implicite (non affichée). Une relation
        dont une seule case est inconnue la révèle par différence : si cette case est masquée (ou est un
        complément de 1 à 4), on cache une case de plus.
        """
        masques = {cle for cle, valeur in self.valeurs.items() if sensible(valeur)}
        change = True
        while change:
            change = False
            for total, cases in self.relations:
                membres = (total, *cases)
                inconnues = [c for c in membres if c in masques or c in self.implicites]
                if len(inconnues) != 1 or inconnues[0] not in masques:
                    continue
                candidates = sorted(
                    (self.valeurs[c], c)
                    for c in cases
                    if c not in masques and c not in self.implicites and self.valeurs[c] > 0
                )
                if candidates:
                    masques.add(candidates[0][1])
                elif total not in masques and total not in self.implicites and self.valeurs[total] > 0:
                    masques.add(total)
                else:
                    continue
                change = True
        return masques - self.implicites
