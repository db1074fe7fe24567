"""Situation six mois après la sortie (suivi FSE+ à 6 mois) : tableau de bord et ``stats``.

Cohorte : les sorties dont l'**échéance du suivi** (date de sortie + 6 mois) tombe dans la période, au plus tard à la
date des données. Pour elles : suivis faits, personnes en emploi (EECR05) et à la situation améliorée (EECR06) parmi
les suivis faits. Les effectifs sont déclarés au secret statistique comme les autres (relations : échéances = faits +
non faits ; faits = en emploi + pas en emploi ; faits = améliorée + non améliorée) ; les taux en dépendent.
Une requête. Définitions : ``docs/pilotage.md``.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from binome.accompagnement.models import Sortie
from binome.pilotage.contenu_tableau import DEFINITIONS, TAUX, Ligne, Section, Valeur
from binome.pilotage.indicateurs import rapport

CLE = "suivi_6_mois"
COMPTES = ("echeances", "faits", "en_emploi", "situation_amelioree")

# Clé de ``stats`` → clé de l'indicateur (libellé et définition dans ``contenu_tableau.DEFINITIONS``).
CLES_INDICATEURS = {
    "echeances": "suivi_6_mois_echeances",
    "taux_realisation": "taux_suivi_6_mois_fait",
    "part_en_emploi": "part_emploi_6_mois",
    "part_situation_amelioree": "part_situation_amelioree_6_mois",
}


def comptes(parcours, periode, *, date_donnees) -> dict:
    """Les quatre effectifs de la cohorte (une requête)."""
    fin = min(periode.au, date_donnees)
    fait = Q(suivi_6_mois_fait_le__isnull=False)
    return Sortie.objects.filter(
        parcours__in=parcours.order_by().values("pk"),
        suivi_6_mois_echeance__gte=periode.du,
        suivi_6_mois_echeance__lte=fin,
    ).aggregate(
        echeances=Count("pk"),
        faits=Count("pk", filter=fait),
        en_emploi=Count("pk", filter=fait & Q(emploi_6_mois=True)),
        situation_amelioree=Count("pk", filter=fait & Q(situation_amelioree_6_mois=True)),
    )


def taux(c: dict) -> dict:
    return {
        "taux_realisation": rapport(c["faits"], c["echeances"]),
        "part_en_emploi": rapport(c["en_emploi"], c["faits"]),
        "part_situation_amelioree": rapport(c["situation_amelioree"], c["faits"]),
    }


def pour_stats(c: dict) -> dict:
    """Clé ``suivi_6_mois`` de ``stats`` (valeurs exactes)."""
    return {**{cle: c[cle] for cle in COMPTES}, **taux(c)}


def declarer(b, c: dict) -> None:
    """Déclare les effectifs et leurs relations au masquage (``tableau._Construction``)."""
    for cle in COMPTES:
        b.effectif(f"{CLE}:{cle}", c[cle])
    b.grille.relation(f"{CLE}:echeances", [f"{CLE}:faits"])
    b.grille.relation(f"{CLE}:faits", [f"{CLE}:en_emploi"])
    b.grille.relation(f"{CLE}:faits", [f"{CLE}:situation_amelioree"])


def _detail(n: Valeur, d: Valeur) -> str:
    return _("%(n)s sur %(d)s") % {"n": n.texte, "d": d.texte}


def valeurs(b, c: dict) -> dict[str, Valeur]:
    """{``suivi_6_mois:clé``: Valeur} des effectifs et des taux, masqués selon le lecteur."""
    v = {f"{CLE}:{cle}": b.compte(f"{CLE}:{cle}") for cle in COMPTES}
    t = taux(c)
    v[f"{CLE}:taux_realisation"] = b.derive(t["taux_realisation"], TAUX, f"{CLE}:faits", f"{CLE}:echeances")
    v[f"{CLE}:part_en_emploi"] = b.derive(t["part_en_emploi"], TAUX, f"{CLE}:en_emploi", f"{CLE}:faits")
    v[f"{CLE}:part_situation_amelioree"] = b.derive(
        t["part_situation_amelioree"], TAUX, f"{CLE}:situation_amelioree", f"{CLE}:faits"
    )
    return v


def section(v: dict[str, Valeur]) -> Section:
    def libelle(cle):
        return str(DEFINITIONS[cle][0])

    echeances, faits = v[f"{CLE}:echeances"], v[f"{CLE}:faits"]
    return Section(
        "six_mois",
        _("Situation six mois après la sortie"),
        [
            Ligne("suivi_6_mois_echeances", libelle("suivi_6_mois_echeances"), echeances),
            Ligne(
                "taux_suivi_6_mois_fait",
                libelle("taux_suivi_6_mois_fait"),
                v[f"{CLE}:taux_realisation"],
                _detail(faits, echeances),
            ),
            Ligne(
                "part_emploi_6_mois",
                libelle("part_emploi_6_mois"),
                v[f"{CLE}:part_en_emploi"],
                _detail(v[f"{CLE}:en_emploi"], faits),
            ),
            Ligne(
                "part_situation_amelioree_6_mois",
                libelle("part_situation_amelioree_6_mois"),
                v[f"{CLE}:part_situation_amelioree"],
                _detail(v[f"{CLE}:situation_amelioree"], faits),
            ),
        ],
        note=_("Cohorte : sorties dont l'échéance du suivi à six mois tombe dans la période."),
    )
