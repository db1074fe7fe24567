"""Lecture d'une liste déroulante rendue : ses groupes et ses options, pour vérifier qu'elle est bien rangée."""

from html.parser import HTMLParser


class _Lecteur(HTMLParser):
    def __init__(self, nom):
        super().__init__()
        self.nom, self.dedans, self.groupe, self.option = nom, False, None, None
        self.options: list[tuple[str | None, str, str]] = []  # (groupe, valeur, libellé)

    def handle_starttag(self, balise, attributs):
        attributs = dict(attributs)
        if balise == "select" and attributs.get("name") == self.nom:
            self.dedans = True
        elif self.dedans and balise == "optgroup":
            self.groupe = attributs.get("label")
        elif self.dedans and balise == "option":
            self.option = [attributs.get("value", ""), ""]

    def handle_data(self, texte):
        if self.option is not None:
            self.option[1] += texte

    def handle_endtag(self, balise):
        if balise == "select":
            self.dedans = False
        elif balise == "optgroup":
            self.groupe = None
        elif balise == "option" and self.option is not None:
            self.options.append((self.groupe, self.option[0], self.option[1].strip()))
            self.option = None


def options_de(html: str, nom: str) -> list[tuple[str | None, str, str]]:
    lecteur = _Lecteur(nom)
    lecteur.feed(html)
    return lecteur.options


def defauts_de_rangement(html: str, nom: str) -> list[str]:
    """Option hors groupe (sauf l'option vide « Tous… »), valeur ou libellé en double : la liste des défauts."""
    options = options_de(html, nom)
    assert options, f"aucune option pour {nom}"
    defauts, valeurs, libelles = [], set(), set()
    for groupe, valeur, libelle in options:
        if valeur and groupe is None:
            defauts.append(f"hors groupe : {libelle}")
        if valeur in valeurs:
            defauts.append(f"valeur en double : {valeur}")
        if libelle.casefold() in libelles:
            defauts.append(f"libellé en double : {libelle}")
        valeurs.add(valeur)
        libelles.add(libelle.casefold())
    return defauts
