"""Le tableau de bord : indicateurs calculés, masqués selon le lecteur, prêts pour l'écran et les exports.

L'écran (``views.tableau_de_bord``) et les exports CSV/XLSX (``exports.py``) partagent ce même objet :
ils montrent donc exactement les mêmes valeurs, avec le même masquage « < 5 » pour le pilote.
Nombre de requêtes fixe, indépendant du nombre de parcours (voir ``tests/pilotage/test_vues.py``).
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binome.accompagnement.enums import Modalite, MotifSortie
from binome.comptes.models import Utilisateur
from binome.organisations.models import Organisation
from binome.pilotage import actions_collectives, delais_rendez_vous, graphiques, indicateurs, national, suivi_sortie
from binome.pilotage.contenu_tableau import (
    COLONNES_COMPARAISON,
    COLONNES_SERIE,
    DECIMAL,
    DEFINITIONS,
    ENTIER,
    JOURS,
    TAUX,
    Comparaison,
    Ligne,
    Section,
    Tableau,
    Valeur,
    legende_des,
    mois_libelle,
    requete_filtres,  # noqa: F401 — réexporté pour l'écran (``tableau.requete_filtres``)
)
from binome.pilotage.definitions import definition_applicable
from binome.pilotage.forms import periode_par_defaut
from binome.pilotage.masquage import Grille, sensible
from binome.pilotage.selectors import Perimetre, champ_agent, parcours_du_perimetre


class _Construction:
    """Assemble les valeurs, déclare les relations additives, résout le masquage, puis met en forme."""

    def __init__(self, masquer: bool):
        self.masquer = masquer
        self.grille = Grille()
        self.masques: set[str] = set()

    def effectif(self, cle, valeur, *, implicite=False):
        return self.grille.effectif(cle, valeur, implicite=implicite)

    def resoudre(self):
        self.masques = self.grille.resoudre() if self.masquer else set()

    def compte(self, cle) -> Valeur:
        return Valeur(self.grille.valeurs[cle], ENTIER, cle in self.masques)

    def derive(self, nombre, format, *dependances, bases=()) -> Valeur:
        """Valeur dérivée : masquée si un effectif dont elle dépend l'est, ou si une base est de 1 à 4."""
        masque = self.masquer and (
            any(d in self.masques for d in dependances) or any(sensible(self.grille.valeurs[b]) for b in bases)
        )
        return Valeur(nombre, format, masque)


def _detail(numerateur: Valeur, denominateur: Valeur) -> str:
    return _("%(n)s sur %(d)s") % {"n": numerateur.texte, "d": denominateur.texte}


def construire(
    perimetre: Perimetre,
    modalite: str,
    periode: indicateurs.Periode,
    *,
    date_donnees: datetime.datetime,
) -> Tableau:
    """Calcule les indicateurs du périmètre (calcul direct), puis assemble le tableau masqué pour ce lecteur."""
    definition = definition_applicable(perimetre.code_departement, periode.au)
    seuil = national.seuil_sans_contact(perimetre)
    brut = calculer_brut(perimetre, modalite, periode, definition.codes, seuil, date_donnees.date())
    return assembler(perimetre, modalite, periode, definition, seuil, brut, date_donnees=date_donnees)


def calculer_brut(perimetre: Perimetre, modalite: str, periode, codes, seuil: int, jour: datetime.date) -> dict:
    """Les comptes bruts (jamais masqués) d'où se tire tout le tableau : ce que ``AgregatTableau`` garde."""
    parcours = parcours_du_perimetre(perimetre, modalite)
    fins_de_mois = [fin for _premier, _debut, fin in periode.mois()]
    c = indicateurs.calculer(
        parcours, periode, codes, seuil_sans_contact=seuil, date_donnees=jour, fins_de_mois=fins_de_mois
    )
    return {
        "c": c,
        "serie": indicateurs.serie_mensuelle(parcours, periode, codes, stock=c["stock_fins_de_mois"]),
        "ventilations": _ventilations(perimetre, parcours, periode, codes),
        "six_mois": suivi_sortie.comptes(parcours, periode, date_donnees=jour),
        "premier_rdv": delais_rendez_vous.comptes(parcours, periode, date_donnees=jour),
        "collectif": actions_collectives.comptes(perimetre, periode),
    }


def assembler(
    perimetre: Perimetre,
    modalite: str,
    periode: indicateurs.Periode,
    definition,
    seuil: int,
    brut: dict,
    *,
    date_donnees: datetime.datetime,
    precalcule: bool = False,
) -> Tableau:
    """Déclare les effectifs au masquage, le résout selon le lecteur, puis remplit le tableau (aucune requête)."""
    c, serie = brut["c"], brut["serie"]
    codes = definition.codes
    tableau = Tableau(
        perimetre=perimetre,
        modalite=modalite,
        periode=periode,
        definition=definition,
        date_donnees=date_donnees,
        masque=perimetre.masque,
        seuil_sans_contact=seuil,
        vide=c["presents"] == 0 and c["entrees"] == 0,
        precalcule=precalcule,
    )
    ventilations = [
        (cle, *_titres_ventilation(cle, perimetre), lignes, noms) for cle, lignes, noms in brut["ventilations"]
    ]

    b = _Construction(perimetre.masque)
    _declarer_effectifs(b, c, codes)
    _declarer_serie(b, serie)
    _declarer_ventilations(b, ventilations)
    six_mois, premier_rdv, collectif = brut["six_mois"], brut["premier_rdv"], brut["collectif"]
    suivi_sortie.declarer(b, six_mois)
    delais_rendez_vous.declarer(b, premier_rdv)
    actions_collectives.declarer(b, collectif)
    b.resoudre()
    valeurs_six_mois = suivi_sortie.valeurs(b, six_mois)
    valeurs_rdv = delais_rendez_vous.valeurs(b, premier_rdv)

    tableau.sections = [
        _section_flux(b, c),
        _section_profil(b, c),
        _section_suivi(b, c, seuil, perimetre.national),
        _section_cohortes(b, c),
        suivi_sortie.section(valeurs_six_mois),
        delais_rendez_vous.section(valeurs_rdv),
    ]
    tableau.motifs = _motifs(b, codes)
    tableau.serie = _serie(b, serie)
    tableau.comparaisons = _comparaisons(b, ventilations, perimetre, modalite, periode)
    tableau.graphiques = graphiques.du_tableau(tableau)
    tableau.effectifs = {**_effectifs(b, c), **valeurs_six_mois, **valeurs_rdv}
    actions_collectives.completer(tableau, b, collectif)
    return tableau


def _motifs(b: _Construction, codes) -> list[dict]:
    return [
        {
            "code": motif,
            "libelle": str(libelle_motif),
            "positif": motif in codes,
            "valeur": b.compte(f"motif:{motif}"),
        }
        for motif, libelle_motif in MotifSortie.choices
    ]


def _effectifs(b: _Construction, c: dict) -> dict[str, Valeur]:
    """Les comptes bruts, masqués comme à l'écran (``stats --masquer``)."""
    effectifs = {cle: b.compte(cle) for cle in EFFECTIFS}
    presents_sensible = b.masquer and sensible(c["presents"])
    effectifs["contacts_honores"] = Valeur(c["contacts_honores"], ENTIER, presents_sensible)
    effectifs["personnes_mois"] = Valeur(c["personnes_mois"], DECIMAL, presents_sensible)
    return effectifs


# --- Effectifs et relations additives (ce que le masquage protège) ----------------------------------------

EFFECTIFS = (
    "entrees",
    "en_cours_fin_periode",
    "sorties",
    "sorties_positives",
    "rsa",
    "qpv",
    "femmes",
    "hommes",
    "moins_26",
    "plus_55",
    "cite_0_2",
    "emploi_durable_6_mois",
    "emploi_durable_12_mois",
    "entrees_avec_orientation",
    "presents",
    "actifs_fin_periode",
    "sans_contact",
    "en_cours_avec_conseiller",
    "en_cours_avec_referent",
)


def _declarer_effectifs(b: _Construction, c: dict, codes) -> None:
    for cle in EFFECTIFS:
        b.effectif(cle, c[cle])
    # Sorties par motif : trois relations (toutes, positives, autres).
    b.effectif("sorties_autres", c["sorties"] - c["sorties_positives"], implicite=True)
    for motif in MotifSortie.values:
        b.effectif(f"motif:{motif}", c["sorties_par_motif"].get(motif, 0))
    b.grille.relation("sorties", [f"motif:{m}" for m in MotifSortie.values])
    b.grille.relation("sorties_positives", [f"motif:{m}" for m in MotifSortie.values if m in codes])
    b.grille.relation("sorties_autres", [f"motif:{m}" for m in MotifSortie.values if m not in codes])
    b.grille.relation("sorties", ["sorties_positives", "sorties_autres"])
    # Parts parmi les entrées : le complément implicite est protégé lui aussi.
    for cle in ("rsa", "qpv", "moins_26", "plus_55", "cite_0_2", "emploi_durable_6_mois", "emploi_durable_12_mois"):
        b.grille.relation("entrees", [cle])
    b.grille.relation("entrees", ["femmes", "hommes"])
    b.grille.relation("actifs_fin_periode", ["sans_contact"])


def _declarer_serie(b: _Construction, serie: list[dict]) -> None:
    """Série mensuelle : les mois partitionnent la période."""
    for i, ligne in enumerate(serie):
        b.effectif(f"m{i}:entrees", ligne["entrees"])
        b.effectif(f"m{i}:sorties", ligne["sorties"])
        b.effectif(f"m{i}:sorties_positives", ligne["sorties_positives"])
        b.effectif(f"m{i}:autres", ligne["sorties"] - ligne["sorties_positives"], implicite=True)
        b.effectif(f"m{i}:en_cours_fin_mois", ligne["en_cours_fin_mois"])
        b.grille.relation(f"m{i}:sorties", [f"m{i}:sorties_positives", f"m{i}:autres"])
    for colonne in ("entrees", "sorties", "sorties_positives"):
        b.grille.relation(colonne, [f"m{i}:{colonne}" for i in range(len(serie))])


def _declarer_ventilations(b: _Construction, ventilations: list) -> None:
    """Comparaisons entre territoires : chaque colonne se somme au total du périmètre."""
    for cle_table, _titre, _colonne, lignes, _libelles in ventilations:
        for cle_ligne, valeurs in lignes.items():
            prefixe = f"{cle_table}:{cle_ligne}"
            for colonne in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
                b.effectif(f"{prefixe}:{colonne}", valeurs[colonne])
            b.effectif(f"{prefixe}:autres", valeurs["sorties"] - valeurs["sorties_positives"], implicite=True)
            b.grille.relation(f"{prefixe}:sorties", [f"{prefixe}:sorties_positives", f"{prefixe}:autres"])
        for colonne in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
            b.grille.relation(colonne, [f"{cle_table}:{k}:{colonne}" for k in lignes])


# --- Sections de l'écran (valeurs déjà résolues par le masquage) --------------------------------------------


def _libelle(cle) -> str:
    return str(DEFINITIONS[cle][0])


def _section_flux(b: _Construction, c: dict) -> Section:
    entrees, sorties, positives = b.compte("entrees"), b.compte("sorties"), b.compte("sorties_positives")
    return Section(
        "flux",
        _("Entrées, sorties et personnes en cours"),
        [
            Ligne("entrees", _libelle("entrees"), entrees),
            Ligne("en_cours_fin_periode", _libelle("en_cours_fin_periode"), b.compte("en_cours_fin_periode")),
            Ligne("sorties", _libelle("sorties"), sorties),
            Ligne("sorties_positives", _libelle("sorties_positives"), positives),
            Ligne(
                "taux_sortie_positive",
                _libelle("taux_sortie_positive"),
                b.derive(c["taux_sortie_positive"], TAUX, "sorties_positives", "sorties"),
                _detail(positives, sorties),
            ),
            Ligne(
                "duree_moyenne_jours",
                _libelle("duree_moyenne_jours"),
                b.derive(c["duree_moyenne_jours"], JOURS, bases=["sorties"]),
            ),
            Ligne(
                "duree_mediane_jours",
                _libelle("duree_mediane_jours"),
                b.derive(c["duree_mediane_jours"], JOURS, bases=["sorties"]),
            ),
            Ligne(
                "delai_moyen_orientation_entree_jours",
                _libelle("delai_moyen_orientation_entree_jours"),
                b.derive(c["delai_moyen_orientation_entree_jours"], JOURS, bases=["entrees_avec_orientation"]),
            ),
        ],
    )


def _section_profil(b: _Construction, c: dict) -> Section:
    entrees = b.compte("entrees")

    def part(cle_indicateur, cle_compte):
        valeur = b.derive(c[cle_indicateur], TAUX, cle_compte, "entrees")
        return Ligne(cle_indicateur, _libelle(cle_indicateur), valeur, _detail(b.compte(cle_compte), entrees))

    return Section(
        "profil",
        _("Profil des personnes entrées dans la période"),
        [
            part("part_rsa", "rsa"),
            part("part_qpv", "qpv"),
            part("part_femmes", "femmes"),
            part("part_hommes", "hommes"),
            part("part_moins_26", "moins_26"),
            part("part_55_plus", "plus_55"),
            part("part_cite_0_2", "cite_0_2"),
        ],
    )


def _section_suivi(b: _Construction, c: dict, seuil: int, est_national: bool = False) -> Section:
    return Section(
        "suivi",
        _("Contacts et portefeuilles"),
        [
            Ligne(
                "contacts_par_personne_mois",
                _libelle("contacts_par_personne_mois"),
                b.derive(c["contacts_par_personne_mois"], DECIMAL, bases=["presents"]),
                _("%(c)s contacts pour %(pm)s personnes-mois")
                % {
                    "c": Valeur(c["contacts_honores"], ENTIER, b.masquer and sensible(c["presents"])).texte,
                    "pm": Valeur(c["personnes_mois"], DECIMAL, b.masquer and sensible(c["presents"])).texte,
                },
            ),
            Ligne(
                "part_sans_contact",
                _libelle("part_sans_contact"),
                b.derive(c["part_sans_contact"], TAUX, "sans_contact", "actifs_fin_periode"),
                _detail(b.compte("sans_contact"), b.compte("actifs_fin_periode")),
            ),
            Ligne(
                "portefeuille_moyen_conseiller",
                _libelle("portefeuille_moyen_conseiller"),
                b.derive(c["portefeuille_moyen_conseiller"], DECIMAL, bases=["en_cours_avec_conseiller"]),
                ngettext("%(n)s conseiller", "%(n)s conseillers", c["conseillers"]) % {"n": c["conseillers"]},
            ),
            Ligne(
                "portefeuille_moyen_referent",
                _libelle("portefeuille_moyen_referent"),
                b.derive(c["portefeuille_moyen_referent"], DECIMAL, bases=["en_cours_avec_referent"]),
                ngettext("%(n)s travailleur social", "%(n)s travailleurs sociaux", c["referents"])
                % {"n": c["referents"]},
            ),
        ],
        note=national.note_seuil(seuil, est_national),
    )


def _section_cohortes(b: _Construction, c: dict) -> Section:
    entrees = b.compte("entrees")
    return Section(
        "cohortes",
        _("Emploi durable des personnes entrées dans la période (cohorte)"),
        [
            Ligne(
                "taux_emploi_durable_6_mois",
                _libelle("taux_emploi_durable_6_mois"),
                b.derive(c["taux_emploi_durable_6_mois"], TAUX, "emploi_durable_6_mois", "entrees"),
                _detail(b.compte("emploi_durable_6_mois"), entrees),
            ),
            Ligne(
                "taux_emploi_durable_12_mois",
                _libelle("taux_emploi_durable_12_mois"),
                b.derive(c["taux_emploi_durable_12_mois"], TAUX, "emploi_durable_12_mois", "entrees"),
                _detail(b.compte("emploi_durable_12_mois"), entrees),
            ),
        ],
        note=_note_cohortes(c),
    )


def _note_cohortes(c: dict) -> str:
    if not c.get("cohorte_6_mois_complete", True):
        return _(
            "Cohorte incomplète : certaines personnes entrées dans la période n'ont pas encore 6 mois "
            "d'accompagnement ; les taux augmenteront encore."
        )
    if not c.get("cohorte_12_mois_complete", True):
        return _(
            "Cohorte incomplète à 12 mois : certaines personnes entrées dans la période n'ont pas encore 12 mois "
            "d'accompagnement."
        )
    return ""


def _serie(b: _Construction, serie: list[dict]) -> list[dict]:
    lignes = []
    for i, ligne in enumerate(serie):
        sorties = ligne["sorties"]
        valeurs = {
            "entrees": b.compte(f"m{i}:entrees"),
            "sorties": b.compte(f"m{i}:sorties"),
            "sorties_positives": b.compte(f"m{i}:sorties_positives"),
            "taux_sortie_positive": b.derive(
                indicateurs.rapport(ligne["sorties_positives"], sorties),
                TAUX,
                f"m{i}:sorties_positives",
                f"m{i}:sorties",
            ),
            "duree_moyenne_jours": b.derive(
                indicateurs.rapport(ligne["somme_duree_jours"], sorties, 1), JOURS, bases=[f"m{i}:sorties"]
            ),
            "en_cours_fin_mois": b.compte(f"m{i}:en_cours_fin_mois"),
        }
        lignes.append(
            {
                "mois": ligne["mois"],
                "libelle": mois_libelle(ligne["mois"]),
                "valeurs": valeurs,
                "cellules": [valeurs[cle] for cle, _libelle in COLONNES_SERIE],
            }
        )
    return lignes


def _ventilations(perimetre: Perimetre, parcours, periode, codes) -> list:
    """(clé, {clé de ligne: comptes}, {clé de ligne: libellé}) des comparaisons ; titres : ``_titres_ventilation``."""
    resultat = []
    if perimetre.niveau == "national":
        departements, noms = national.ventilation_departements(parcours, periode, codes)
        resultat.append(("departements", departements, noms))
    elif perimetre.niveau == "departement":
        deux = indicateurs.ventilations(parcours, periode, codes, ["organisation_conseiller", "organisation_referent"])
        agences, unites = deux["organisation_conseiller"], deux["organisation_referent"]
        noms = dict(Organisation.objects.filter(pk__in=[k for k in (*agences, *unites) if k]).values_list("pk", "nom"))
        resultat.append(("agences", agences, noms))
        resultat.append(("unites", unites, noms))
    elif perimetre.niveau == "organisation" and perimetre.detail_agents:
        agents = indicateurs.ventilation(parcours, periode, codes, champ_agent(perimetre.organisation))
        noms = {
            u.pk: u.get_full_name()
            for u in Utilisateur.objects.filter(pk__in=[k for k in agents if k]).only("prenom", "nom")
        }
        resultat.append(("agents", agents, noms))
    return resultat


def _titres_ventilation(cle: str, perimetre: Perimetre) -> tuple[str, str]:
    """(titre, intitulé de colonne) d'une comparaison, traduits à l'affichage (pas figés dans un agrégat)."""
    if cle == "departements":
        return _("Comparaison des départements"), _("Département")
    if cle == "agences":
        return _("Comparaison des agences France Travail"), _("Agence")
    if cle == "unites":
        return _("Comparaison des unités d'action sociale"), _("Unité ou conseil départemental")
    if champ_agent(perimetre.organisation) == "conseiller":
        return _("Comparaison des conseillers"), _("Agent")
    return _("Comparaison des travailleurs sociaux"), _("Agent")


def _comparaisons(b: _Construction, ventilations, perimetre: Perimetre, modalite, periode) -> list[Comparaison]:
    comparaisons = []
    for cle_table, titre, colonne, lignes, noms in ventilations:
        comparaison = Comparaison(cle_table, titre, colonne)
        ordre = sorted(lignes, key=lambda k: (k is None, str(noms.get(k, "")).lower(), k or 0))
        for cle_ligne in ordre:
            valeurs = lignes[cle_ligne]
            prefixe = f"{cle_table}:{cle_ligne}"
            requete = ""
            if cle_ligne is not None:
                if cle_table == "agents" and perimetre.detail_agents:
                    requete = requete_filtres({**perimetre.parametres(), "agent": cle_ligne}, modalite, periode)
                elif cle_table in ("agences", "unites") and perimetre.detail_organisations:
                    requete = requete_filtres(
                        {"departement": perimetre.departement.code, "organisation": cle_ligne}, modalite, periode
                    )
            cellules = _valeurs_ligne(b, prefixe, valeurs)
            comparaison.lignes.append(
                {
                    "libelle": noms.get(cle_ligne, "") if cle_ligne is not None else _("Non renseigné"),
                    "requete": requete,
                    "valeurs": cellules,
                    "cellules": [cellules[cle] for cle, _libelle in COLONNES_COMPARAISON],
                }
            )
        comparaisons.append(comparaison)
    return comparaisons


def _valeurs_ligne(b: _Construction, prefixe: str, valeurs: dict) -> dict:
    derivees = national.valeurs_derivees(valeurs)
    return {
        "entrees": b.compte(f"{prefixe}:entrees"),
        "en_cours_fin_periode": b.compte(f"{prefixe}:en_cours_fin_periode"),
        "sorties": b.compte(f"{prefixe}:sorties"),
        "sorties_positives": b.compte(f"{prefixe}:sorties_positives"),
        "taux_sortie_positive": b.derive(
            derivees["taux_sortie_positive"], TAUX, f"{prefixe}:sorties_positives", f"{prefixe}:sorties"
        ),
        "duree_moyenne_jours": b.derive(derivees["duree_moyenne_jours"], JOURS, bases=[f"{prefixe}:sorties"]),
    }


def resume(perimetre: Perimetre, *, aujourdhui: datetime.date) -> dict:
    """Quatre chiffres des 12 derniers mois pour l'accueil (masqués comme le tableau de bord). Trois requêtes."""
    periode = indicateurs.Periode(*periode_par_defaut(aujourdhui))
    definition = definition_applicable(perimetre.code_departement, periode.au)
    c = indicateurs.comptages(parcours_du_perimetre(perimetre, Modalite.GLOBAL), periode, definition.codes)
    b = _Construction(perimetre.masque)
    for cle in ("entrees", "en_cours_fin_periode", "sorties", "sorties_positives"):
        b.effectif(cle, c[cle])
    b.effectif("sorties_autres", c["sorties"] - c["sorties_positives"], implicite=True)
    b.grille.relation("sorties", ["sorties_positives", "sorties_autres"])
    b.resoudre()
    lignes = [
        Ligne("entrees", str(DEFINITIONS["entrees"][0]), b.compte("entrees")),
        Ligne("en_cours_fin_periode", _("Personnes en cours aujourd'hui"), b.compte("en_cours_fin_periode")),
        Ligne("sorties", str(DEFINITIONS["sorties"][0]), b.compte("sorties")),
        Ligne(
            "taux_sortie_positive",
            str(DEFINITIONS["taux_sortie_positive"][0]),
            b.derive(indicateurs.rapport(c["sorties_positives"], c["sorties"]), TAUX, "sorties_positives", "sorties"),
        ),
    ]
    return {
        "perimetre": perimetre,
        "periode": periode,
        "requete": requete_filtres(perimetre.parametres(), Modalite.GLOBAL, periode),
        "definition": definition,
        "lignes": lignes,
        "legende": legende_des(ligne.valeur for ligne in lignes),
    }
