"""Pilotage des actions collectives : séances tenues, places offertes, inscriptions, présences, taux de présence et
personnes touchées, au total, par thème et par territoire. Tableau de bord (section d'id ``actions-collectives``,
département et niveau national par le même ``tableau.construire``), exports CSV/XLSX et ``stats`` (clé
``actions_collectives``).

Définitions (``docs/pilotage.md``) : une **séance tenue** est une ``SeanceCollective`` au statut TENUE (présences
saisies) qui commence dans la période (jour à l'heure de Paris) ; **places offertes** = somme des places de ces
séances (celles de la séance, sinon celles de l'action) ; **inscriptions** = inscriptions sur une place (ni liste
d'attente, ni désinscription) à ces séances ; **présences** = celles dont la présence est « présente » ; taux de
présence = présences ÷ inscriptions ; **personnes touchées** = personnes distinctes présentes à au moins une de
ces séances. Territoire des séances : le département de l'action (niveau national : tous) ; au niveau d'une
organisation, les actions qu'elle porte ; au niveau d'un agent, les séances qu'il anime. La modalité du tableau
ne s'applique pas (une séance réunit des personnes des deux modalités). Ventilation par territoire : par
département au niveau national, par organisation qui porte l'action au niveau du département.

Trois requêtes quel que soit le volume : séances groupées par (thème, territoire) ; inscriptions groupées de même ;
personnes distinctes au total, par thème et par territoire (comptes distincts filtrés, une requête).
Secret statistique : inscriptions, présences et personnes sont des effectifs de personnes déclarés à la grille
(inscriptions ⊇ présences ; total = somme des thèmes = somme des territoires) ; séances et places ne comptent
pas des personnes et ne sont pas masquées. ``stats`` reste exact.
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.collectif.enums import PresenceSeance, StatutInscription, StatutSeance, ThemeAction
from binome.collectif.models import Inscription, SeanceCollective
from binome.pilotage.contenu_tableau import DEFINITIONS, ENTIER, TAUX, Ligne, Valeur
from binome.pilotage.indicateurs import Periode, rapport
from binome.pilotage.selectors import Perimetre

CLE = "actions_collectives"
FUSEAU = zoneinfo.ZoneInfo("Europe/Paris")
COMPTES = ("sessions", "places", "inscriptions", "presences", "personnes")
PERSONNES = ("inscriptions", "presences", "personnes")  # effectifs de personnes : secret statistique
CLES_STATS = ("sessions", "inscriptions", "presences", "personnes")
# Clé de ``stats`` → clé de l'indicateur (libellé et définition dans ``contenu_tableau.DEFINITIONS``).
CLES_INDICATEURS = {
    "sessions": "seances_collectives_tenues",
    "inscriptions": "inscriptions_collectives",
    "presences": "presences_collectives",
    "personnes": "personnes_touchees_collectif",
}

COLONNES = [
    ("sessions", gettext_lazy("Séances tenues")),
    ("places", gettext_lazy("Places offertes")),
    ("inscriptions", gettext_lazy("Inscriptions")),
    ("presences", gettext_lazy("Présences")),
    ("taux_presence", gettext_lazy("Taux de présence")),
    ("personnes", gettext_lazy("Personnes touchées")),
]
_LIGNES = (
    ("seances_collectives_tenues", "sessions"),
    ("places_collectives_offertes", "places"),
    ("inscriptions_collectives", "inscriptions"),
    ("presences_collectives", "presences"),
    ("taux_presence_collective", "taux_presence"),
    ("personnes_touchees_collectif", "personnes"),
)


def _vide() -> dict:
    return dict.fromkeys(COMPTES, 0)


def _bornes(periode: Periode) -> tuple[datetime.datetime, datetime.datetime]:
    """[début du premier jour, début du lendemain du dernier jour[, à l'heure de Paris."""
    debut = datetime.datetime.combine(periode.du, datetime.time.min, tzinfo=FUSEAU)
    return debut, datetime.datetime.combine(periode.au + datetime.timedelta(days=1), datetime.time.min, tzinfo=FUSEAU)


def _territoire(perimetre: Perimetre) -> tuple[str, str] | None:
    """(champ de la séance, champ du nom) de la ventilation par territoire, ou ``None`` sous le département."""
    if perimetre.national:
        return "action__departement_id", "action__departement__nom"
    if perimetre.niveau == "departement":
        return "action__organisation_id", "action__organisation__nom"
    return None


def _q_seances(perimetre: Perimetre, periode: Periode, prefixe: str = "") -> Q:
    debut, fin = _bornes(periode)
    conditions = {f"{prefixe}statut": StatutSeance.TENUE, f"{prefixe}debut__gte": debut, f"{prefixe}debut__lt": fin}
    if not perimetre.national:
        conditions[f"{prefixe}action__departement"] = perimetre.departement
    if perimetre.organisation:
        conditions[f"{prefixe}action__organisation"] = perimetre.organisation
    if perimetre.agent:
        conditions[f"{prefixe}animateurs"] = perimetre.agent
    return Q(**conditions)


def comptes(perimetre: Perimetre, periode: Periode) -> dict:
    """Totaux, ``par_theme`` et ``par_territoire`` ({clé: comptes}), ``noms`` des territoires. Trois requêtes."""
    champs = _territoire(perimetre) or ("action__departement_id", "action__departement__nom")
    resultat = {**_vide(), "par_theme": {}, "par_territoire": {}, "noms": {}, "ventile": _territoire(perimetre)}

    def cellule(theme, territoire):
        resultat["par_theme"].setdefault(theme, _vide())
        resultat["par_territoire"].setdefault(territoire, _vide())
        return resultat["par_theme"][theme], resultat["par_territoire"][territoire]

    seances = (
        SeanceCollective.objects.filter(_q_seances(perimetre, periode))
        .values(theme=F("action__theme"), territoire=F(champs[0]), nom=F(champs[1]))
        .annotate(sessions=Count("pk", distinct=True), places=Sum(Coalesce("capacite", "action__capacite")))
        .order_by("theme", "territoire")
    )
    for ligne in seances:
        resultat["noms"][ligne["territoire"]] = ligne["nom"]
        for cible in (resultat, *cellule(ligne["theme"], ligne["territoire"])):
            cible["sessions"] += ligne["sessions"]
            cible["places"] += ligne["places"] or 0
    inscriptions = Inscription.objects.filter(
        _q_seances(perimetre, periode, "seance__"), statut=StatutInscription.INSCRITE
    )
    present = Q(presence=PresenceSeance.HONORE)
    groupes = (
        inscriptions.values(theme=F("seance__action__theme"), territoire=F(f"seance__{champs[0]}"))
        .annotate(inscriptions=Count("pk"), presences=Count("pk", filter=present))
        .order_by("theme", "territoire")
    )
    for ligne in groupes:
        for cible in (resultat, *cellule(ligne["theme"], ligne["territoire"])):
            cible["inscriptions"] += ligne["inscriptions"]
            cible["presences"] += ligne["presences"]
    _personnes(resultat, inscriptions.filter(present), champs[0])
    resultat["taux_presence"] = rapport(resultat["presences"], resultat["inscriptions"])
    return resultat


def _personnes(resultat: dict, presences, champ_territoire: str) -> None:
    """Personnes distinctes au total, par thème et par territoire : une requête de comptes distincts filtrés."""
    personne = "parcours__personne"
    agregats = {"total": Count(personne, distinct=True)}
    for i, theme in enumerate(resultat["par_theme"]):
        agregats[f"t{i}"] = Count(personne, distinct=True, filter=Q(seance__action__theme=theme))
    for i, territoire in enumerate(resultat["par_territoire"]):
        agregats[f"z{i}"] = Count(personne, distinct=True, filter=Q(**{f"seance__{champ_territoire}": territoire}))
    valeurs = presences.aggregate(**agregats)
    resultat["personnes"] = valeurs["total"]
    for i, theme in enumerate(resultat["par_theme"]):
        resultat["par_theme"][theme]["personnes"] = valeurs[f"t{i}"]
    for i, territoire in enumerate(resultat["par_territoire"]):
        resultat["par_territoire"][territoire]["personnes"] = valeurs[f"z{i}"]


def pour_stats(c: dict) -> dict:
    """Clé ``actions_collectives`` de ``stats`` : les quatre comptes exacts."""
    return {cle: c[cle] for cle in CLES_STATS}


# --- Secret statistique et présentation ------------------------------------------------------------------------


def _cle_theme(theme) -> str:
    return f"{CLE}:theme:{theme}"


def _cle_territoire(territoire) -> str:
    return f"{CLE}:territoire:{territoire}"


def declarer(b, c: dict) -> None:
    """Effectifs de personnes et relations additives (``tableau._Construction``)."""
    groupes = [(CLE, c)]
    groupes += [(_cle_theme(t), v) for t, v in c["par_theme"].items()]
    if c["ventile"]:
        groupes += [(_cle_territoire(z), v) for z, v in c["par_territoire"].items()]
    for prefixe, valeurs in groupes:
        for cle in PERSONNES:
            b.effectif(f"{prefixe}:{cle}", valeurs[cle])
        b.grille.relation(f"{prefixe}:inscriptions", [f"{prefixe}:presences"])
    for cle in ("inscriptions", "presences"):
        b.grille.relation(f"{CLE}:{cle}", [f"{_cle_theme(t)}:{cle}" for t in c["par_theme"]])
        if c["ventile"]:
            b.grille.relation(f"{CLE}:{cle}", [f"{_cle_territoire(z)}:{cle}" for z in c["par_territoire"]])


def _valeurs(b, prefixe: str, comptes_: dict) -> dict[str, Valeur]:
    valeurs = {cle: Valeur(comptes_[cle], ENTIER) for cle in ("sessions", "places")}
    valeurs.update({cle: b.compte(f"{prefixe}:{cle}") for cle in PERSONNES})
    taux = rapport(comptes_["presences"], comptes_["inscriptions"])
    valeurs["taux_presence"] = b.derive(taux, TAUX, f"{prefixe}:presences", f"{prefixe}:inscriptions")
    return valeurs


@dataclass
class Bloc:
    """Ce que l'écran et les exports montrent des actions collectives (valeurs masquées selon le lecteur)."""

    titre: str
    lignes: list[Ligne]
    par_theme: list[dict] = field(default_factory=list)  # {"libelle", "cellules"}
    par_territoire: list[dict] = field(default_factory=list)
    colonne_territoire: str = ""
    note: str = ""
    colonnes = COLONNES


def _rangees(b, prefixe, lignes: dict, libelles: dict, ordre=None) -> list[dict]:
    """Une rangée par clé, dans l'``ordre`` donné (par défaut : libellé, « Non renseigné » en dernier)."""
    rangees = []
    for cle in sorted(lignes, key=ordre or (lambda k: (libelles.get(k) is None, str(libelles.get(k) or ""), str(k)))):
        valeurs = _valeurs(b, f"{prefixe}:{cle}", lignes[cle])
        libelle = str(libelles.get(cle) or _("Non renseigné"))
        rangees.append({"libelle": libelle, "cellules": [valeurs[c] for c, _l in COLONNES]})
    return rangees


def valeurs(b, c: dict) -> dict[str, Valeur]:
    """{``actions_collectives:clé``: Valeur} des totaux (``stats --masquer`` les relit)."""
    return {f"{CLE}:{cle}": valeur for cle, valeur in _valeurs(b, CLE, c).items()}


def bloc(b, c: dict, perimetre: Perimetre) -> Bloc:
    totaux = _valeurs(b, CLE, c)
    lignes = [Ligne(cle, str(DEFINITIONS[cle][0]), totaux[compte]) for cle, compte in _LIGNES]
    libelles = dict(ThemeAction.choices)
    ordre = {theme: i for i, theme in enumerate(ThemeAction.values)}
    par_theme = _rangees(b, f"{CLE}:theme", c["par_theme"], libelles, ordre=lambda t: (ordre.get(t, len(ordre)), t))
    resultat = Bloc(_("Actions collectives"), lignes, par_theme=par_theme)
    if c["ventile"]:
        noms = dict(c["noms"])
        if perimetre.national:
            noms = {code: f"{nom} ({code})" for code, nom in noms.items()}
        resultat.par_territoire = _rangees(b, f"{CLE}:territoire", c["par_territoire"], noms)
        resultat.colonne_territoire = _("Département") if perimetre.national else _("Organisation qui porte l'action")
    resultat.note = _(
        "Séances tenues (présences saisies) de la période sur ce territoire, toutes modalités confondues ; une "
        "personne présente à plusieurs séances n'est comptée qu'une fois parmi les personnes touchées."
    )
    return resultat


def completer(tableau, b, c: dict) -> None:
    """Ajoute au tableau la section des actions collectives et ses totaux (``stats --masquer``)."""
    tableau.effectifs.update(valeurs(b, c))
    tableau.actions_collectives = bloc(b, c, tableau.perimetre)


def blocs_export(tableau) -> list[tuple[str, list[str], list[list[tuple]]]]:
    """Les tableaux des actions collectives pour les exports CSV/XLSX (mêmes valeurs que l'écran)."""
    contenu = tableau.actions_collectives
    if contenu is None:
        return []
    entetes = [str(libelle) for _cle, libelle in COLONNES]
    blocs = [
        (
            contenu.titre,
            [_("Indicateur"), _("Valeur")],
            [[(ligne.libelle, None), (ligne.valeur.pour_export, ligne.valeur.format)] for ligne in contenu.lignes],
        ),
        (
            _("Actions collectives par thème"),
            [_("Thème"), *entetes],
            [[(r["libelle"], None)] + [(v.pour_export, v.format) for v in r["cellules"]] for r in contenu.par_theme],
        ),
    ]
    if contenu.colonne_territoire:
        blocs.append(
            (
                _("Actions coll. par territoire"),
                [contenu.colonne_territoire, *entetes],
                [
                    [(r["libelle"], None)] + [(v.pour_export, v.format) for v in r["cellules"]]
                    for r in contenu.par_territoire
                ],
            )
        )
    return blocs
