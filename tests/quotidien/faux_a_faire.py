"""Une fausse page « À faire » (interface du poste h4 : ``a_faire`` et ``personnes_de_la_ligne``), injectée dans
``binome.quotidien.resumes`` par ``monkeypatch`` tant que le vrai module n'est pas sur main."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class LigneAFaire:
    cle: str
    libelle: str
    nombre: int
    url: str


class FausseAFaire:
    """``lignes[utilisateur.pk]`` : liste de (clé, libellé, url, personnes) ; le nombre est celui des personnes et,
    comme dans « À faire », le libellé commence par lui (« 2 orientations… »)."""

    def __init__(self):
        self.lignes: dict[int, list[tuple[str, str, str, list]]] = {}
        self.appels: list[tuple[int, object]] = []

    def ajouter(self, utilisateur, cle, libelle, personnes, url="/a-faire/"):
        self.lignes.setdefault(utilisateur.pk, []).append((cle, libelle, url, list(personnes)))

    def a_faire(self, utilisateur, *, aujourdhui=None):
        self.appels.append((utilisateur.pk, aujourdhui))
        return [
            LigneAFaire(cle, f"{len(personnes)} {libelle}", len(personnes), url)
            for cle, libelle, url, personnes in self.lignes.get(utilisateur.pk, [])
        ]

    def personnes_de_la_ligne(self, utilisateur, cle, *, aujourdhui=None, limite=10):
        for cle_ligne, _libelle, _url, personnes in self.lignes.get(utilisateur.pk, []):
            if cle_ligne == cle:
                return personnes[:limite]
        return []


def installer(monkeypatch) -> FausseAFaire:
    from binome.quotidien import resumes

    fausse = FausseAFaire()
    monkeypatch.setattr(resumes, "_a_faire", lambda: fausse)
    return fausse


def lignes_du_texte(texte: str) -> dict[str, int]:
    """Les lignes « - 3 orientations attendent un diagnostic » de la partie texte d'un résumé (les prénoms et le
    lien suivent, en retrait, sur les lignes suivantes) : libellé (nombre compris) → nombre."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^- ((\d+) [^\r\n]*)", texte, re.MULTILINE)}
