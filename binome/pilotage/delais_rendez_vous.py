"""Délais des conventions départementales : premier rendez-vous honoré dans les 15 et dans les 30 jours suivant la
décision d'orientation (part et médiane). Tableau de bord, exports et ``stats`` (clé ``premier_rendez_vous``).

La définition (une seule) est ``indicateurs.premier_rendez_vous`` ; ce module la présente comme ``suivi_sortie`` :
effectifs déclarés au secret statistique (relations : décisions échues = dans le délai + hors délai ; décisions ⊇
échues ; décisions ⊇ personnes reçues), parts et médiane masquées quand un effectif dont elles dépendent l'est.
Définitions : ``docs/pilotage.md``.
"""

from django.utils.translation import gettext as _

from binome.pilotage.contenu_tableau import DEFINITIONS, JOURS, TAUX, Ligne, Section, Valeur
from binome.pilotage.indicateurs import DELAIS_PREMIER_RENDEZ_VOUS_JOURS, premier_rendez_vous, rapport

CLE = "premier_rendez_vous"
DELAIS = DELAIS_PREMIER_RENDEZ_VOUS_JOURS
COMPTES = ("decisions", "avec_rendez_vous", *(f"{d}_{n}" for n in DELAIS for d in ("echues", "dans")))

# Clé de ``stats`` → clé de l'indicateur (libellé et définition dans ``contenu_tableau.DEFINITIONS``).
CLES_INDICATEURS = {
    "decisions": "decisions_orientation",
    **{f"part_{n}_jours": f"part_premier_rdv_{n}_jours" for n in DELAIS},
    "delai_median_jours": "delai_median_premier_rdv_jours",
}


def comptes(parcours, periode, *, date_donnees) -> dict:
    return premier_rendez_vous(parcours, periode, date_donnees=date_donnees)


def parts(c: dict) -> dict:
    return {f"part_{n}_jours": rapport(c[f"dans_{n}"], c[f"echues_{n}"]) for n in DELAIS}


def pour_stats(c: dict) -> dict:
    """Clé ``premier_rendez_vous`` de ``stats`` (valeurs exactes)."""
    return {**{cle: c[cle] for cle in COMPTES}, **parts(c), "delai_median_jours": c["delai_median_jours"]}


def declarer(b, c: dict) -> None:
    """Déclare les effectifs et leurs relations au masquage (``tableau._Construction``)."""
    for cle in COMPTES:
        b.effectif(f"{CLE}:{cle}", c[cle])
    b.grille.relation(f"{CLE}:decisions", [f"{CLE}:avec_rendez_vous"])
    for n in DELAIS:
        b.grille.relation(f"{CLE}:decisions", [f"{CLE}:echues_{n}"])
        b.grille.relation(f"{CLE}:echues_{n}", [f"{CLE}:dans_{n}"])


def valeurs(b, c: dict) -> dict[str, Valeur]:
    """{``premier_rendez_vous:clé``: Valeur} des effectifs, des parts et de la médiane, masqués selon le lecteur."""
    v = {f"{CLE}:{cle}": b.compte(f"{CLE}:{cle}") for cle in COMPTES}
    for n, part in zip(DELAIS, parts(c).values(), strict=True):
        v[f"{CLE}:part_{n}_jours"] = b.derive(part, TAUX, f"{CLE}:dans_{n}", f"{CLE}:echues_{n}")
    v[f"{CLE}:delai_median_jours"] = b.derive(
        c["delai_median_jours"], JOURS, f"{CLE}:avec_rendez_vous", bases=[f"{CLE}:avec_rendez_vous"]
    )
    return v


def section(v: dict[str, Valeur]) -> Section:
    def libelle(cle):
        return str(DEFINITIONS[cle][0])

    def detail(n: Valeur, d: Valeur) -> str:
        return _("%(n)s sur %(d)s") % {"n": n.texte, "d": d.texte}

    lignes = [Ligne("decisions_orientation", libelle("decisions_orientation"), v[f"{CLE}:decisions"])]
    for n in DELAIS:
        cle = f"part_premier_rdv_{n}_jours"
        lignes.append(
            Ligne(cle, libelle(cle), v[f"{CLE}:part_{n}_jours"], detail(v[f"{CLE}:dans_{n}"], v[f"{CLE}:echues_{n}"]))
        )
    recues = v[f"{CLE}:avec_rendez_vous"]
    lignes.append(
        Ligne(
            "delai_median_premier_rdv_jours",
            libelle("delai_median_premier_rdv_jours"),
            v[f"{CLE}:delai_median_jours"],
            _("%(n)s personnes reçues") % {"n": recues.texte},
        )
    )
    return Section(
        "premier_rendez_vous",
        _("Premier rendez-vous honoré après la décision d'orientation"),
        lignes,
        note=_(
            "Une part ne compte que les décisions dont le délai (15 ou 30 jours) est écoulé à la date des données : "
            "une décision récente n'est pas encore un retard."
        ),
    )
