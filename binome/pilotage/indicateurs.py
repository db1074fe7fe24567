"""Indicateurs du comité de pilotage : fonctions pures sur un ``QuerySet[Parcours]`` déjà filtré.

Le filtre de territoire est posé par l'appelant (``selectors.parcours_du_perimetre`` ou la commande ``stats``),
la modalité par ``de_modalite`` ; ces fonctions ne décident jamais qui voit quoi. **Modalité** : une entrée se
compte dans sa modalité à l'entrée (``Parcours.modalite_entree``), un parcours en cours ou présent dans la
modalité en vigueur à la date regardée (``q_modalite_au``, d'après les ``ChangementModalite`` datés), une sortie
dans la modalité à la sortie : un changement postérieur ne réécrit pas une période passée. Chaque fonction fait
un nombre fixe de requêtes agrégées (``aggregate``/``annotate`` avec ``Count``, ``Sum`` et filtres conditionnels),
indépendant du nombre de parcours ; rien n'est chargé ligne à ligne. Formules : ``docs/pilotage.md``
et ``domaine.md`` §c. Les bornes de la période sont incluses.

Les comptes renvoyés sont bruts (jamais masqués) : le masquage « < 5 » est l'affaire de la présentation
(``tableau.py``), selon le droit de celui qui regarde.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, DateField, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate, TruncMonth
from django.db.models.lookups import Exact, GreaterThan, GreaterThanOrEqual, LessThanOrEqual

from binome.accompagnement import enums as e
from binome.accompagnement.models import ChangementModalite, Contact, PeriodeSuspension
from binome.agenda.enums import StatutRendezVous
from binome.agenda.models import RendezVous
from binome.pilotage.sql import EcartJours, medianes

JOURS_PAR_MOIS = 30.4375  # 365,25 / 12 : conversion des jours de présence en « personnes-mois »
SEUIL_SANS_CONTACT_JOURS = 15
COHORTE_6_MOIS_JOURS = 183
COHORTE_12_MOIS_JOURS = 365
MOIS_MAXIMUM = 60  # une période de pilotage couvre au plus 5 ans


@dataclass(frozen=True)
class Periode:
    """Période de pilotage ``[du, au]``, bornes incluses."""

    du: datetime.date
    au: datetime.date

    def __post_init__(self):
        if self.du > self.au:
            raise ValueError("La date de début doit précéder la date de fin.")

    def mois(self) -> list[tuple[datetime.date, datetime.date, datetime.date]]:
        """Mois couverts : (premier jour du mois, début dans la période, fin dans la période)."""
        resultat = []
        premier = self.du.replace(day=1)
        while premier <= self.au:
            suivant = (premier + datetime.timedelta(days=32)).replace(day=1)
            resultat.append((premier, max(premier, self.du), min(suivant - datetime.timedelta(days=1), self.au)))
            premier = suivant
        return resultat


def _date(valeur: datetime.date) -> Value:
    return Value(valeur, output_field=DateField())


# --- Modalité ----------------------------------------------------------------------------------------------------

MODALITE_PILOTEE = "modalite_pilotee"


def de_modalite(parcours, modalite: str):
    """Les parcours qui ont eu la modalité ``modalite`` (à l'entrée, aujourd'hui ou entre les deux), avec la
    modalité pilotée posée sur le queryset (alias) : chaque indicateur l'applique à la date qu'il regarde."""
    candidats = Q(modalite_entree=modalite) | Q(modalite=modalite) | Q(modalite_changee_le__isnull=False)
    return parcours.filter(candidats).alias(**{MODALITE_PILOTEE: Value(modalite)})


def modalite_pilotee(parcours) -> str | None:
    """La modalité posée par ``de_modalite`` ; ``None`` : le queryset est pris tel quel."""
    expression = parcours.query.annotations.get(MODALITE_PILOTEE)
    return None if expression is None else expression.value


def q_modalite_au(jour: datetime.date, modalite: str | None) -> Q:
    """La modalité en vigueur le ``jour`` est ``modalite`` : la modalité actuelle si elle n'a pas changé depuis,
    sinon l'ancienne modalité du premier changement postérieur (sous-requête lue pour ces seuls parcours)."""
    if modalite is None:
        return Q()
    premier_apres = (
        ChangementModalite.objects.filter(parcours=OuterRef("pk"), date__gt=jour)
        .order_by("date", "pk")
        .values("ancienne")[:1]
    )
    inchangee = Q(modalite_changee_le__isnull=True) | Q(modalite_changee_le__lte=jour)
    return (inchangee & Q(modalite=modalite)) | (
        Q(modalite_changee_le__gt=jour) & Exact(Subquery(premier_apres), Value(modalite))
    )


def q_entree(periode: Periode, modalite: str | None = None) -> Q:
    """Entré dans la période (dans ``modalite`` à l'entrée, si elle est donnée)."""
    q = Q(date_entree__gte=periode.du, date_entree__lte=periode.au)
    return q if modalite is None else q & Q(modalite_entree=modalite)


def q_sortie(periode: Periode, modalite: str | None = None) -> Q:
    """Sorti dans la période (dans ``modalite`` à la sortie : un parcours sorti ne change plus de modalité)."""
    q = Q(date_sortie__gte=periode.du, date_sortie__lte=periode.au)
    return q if modalite is None else q & Q(modalite=modalite)


def fin_ou_jamais():
    """Fin du parcours : sa date de sortie ou, pour un parcours entré puis non retenu (retour du social exclusif
    sans nouvelle entrée, ``docs/parcours.md``), sa date de non-retenue ; le 31/12/9999 s'il n'est pas fini.

    Sert dans les clauses ``WHERE`` à la place de « sortie nulle OU sortie ≥ x » : cette forme n'invite pas
    SQLite à combiner deux parcours de l'index sur la date de sortie puis à relire chaque ligne (dix fois plus
    lent qu'un parcours de la table sur le volume national) ; sur un département, l'index (département,
    modalité, date d'entrée) reste utilisé.
    """
    return Coalesce("date_sortie", "non_retenu_le", _date(datetime.date.max))


def q_en_cours(jour: datetime.date, modalite: str | None = None) -> Q:
    """Entré au plus tard ce jour-là et pas encore sorti (une sortie ce jour-là compte comme sortie ; un parcours
    entré puis non retenu cesse d'être en cours à sa date de non-retenue), dans ``modalite`` ce jour-là."""
    return Q(date_entree__lte=jour) & GreaterThan(fin_ou_jamais(), _date(jour)) & q_modalite_au(jour, modalite)


def q_present(periode: Periode, modalite: str | None = None) -> Q:
    """Parcours en accompagnement au moins un jour de la période ; avec ``modalite`` : celle en vigueur au dernier
    jour de la période (ou à la fin du parcours, après laquelle elle ne change plus)."""
    q = Q(date_entree__lte=periode.au) & GreaterThanOrEqual(fin_ou_jamais(), _date(periode.du))
    return q & q_modalite_au(periode.au, modalite)


def duree_jours():
    """Durée d'un parcours sorti : sortie − entrée − jours suspendus."""
    return EcartJours("date_sortie", "date_entree") - F("jours_suspendus")


def jours_presence(periode: Periode):
    """Jours de présence dans la période (bornes incluses) d'un parcours présent."""
    fin = Least(Coalesce("date_sortie", "non_retenu_le", _date(periode.au)), _date(periode.au))
    debut = Greatest("date_entree", _date(periode.du))
    return EcartJours(fin, debut) + Value(1)


def _arrondi(valeur, chiffres):
    return None if valeur is None else round(valeur, chiffres)


def rapport(numerateur, denominateur, chiffres=4):
    """``numerateur / denominateur`` arrondi, ou ``None`` quand le dénominateur est nul."""
    if not denominateur or numerateur is None:
        return None
    return round(numerateur / denominateur, chiffres)


# --- Comptages principaux : une requête ----------------------------------------------------------------------


def _contacts_du_parcours(periode: Periode) -> Subquery:
    """Sous-requête corrélée : contacts honorés du parcours datés dans la période et pendant l'accompagnement
    (entre l'entrée et la fin). Servie par l'index (parcours, date) des contacts."""
    debut = Greatest(OuterRef("date_entree"), _date(periode.du))
    fin = Least(Coalesce(OuterRef("date_sortie"), OuterRef("non_retenu_le"), _date(periode.au)), _date(periode.au))
    contacts = (
        Contact.objects.filter(parcours=OuterRef("pk"), presence=e.PresenceContact.HONORE)
        .filter(GreaterThanOrEqual(F("date"), debut), LessThanOrEqual(F("date"), fin))
        .order_by()
        .values("parcours")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(contacts, output_field=IntegerField())


def _conditions_sans_contact(jour: datetime.date, seuil: int, modalite: str | None = None) -> tuple[Q, Q]:
    """(parcours actif le ``jour`` : en cours et pas suspendu ce jour-là ; actif et sans contact honoré ni
    entrée depuis plus de ``seuil`` jours)."""
    limite = jour - datetime.timedelta(days=seuil)
    contact_recent = Contact.objects.filter(
        parcours=OuterRef("pk"), presence=e.PresenceContact.HONORE, date__gte=limite, date__lte=jour
    )
    suspendu = PeriodeSuspension.objects.filter(parcours=OuterRef("pk"), debut__lte=jour).filter(
        Q(fin__isnull=True) | Q(fin__gte=jour)
    )
    actif = q_en_cours(jour, modalite) & ~Exists(suspendu)
    return actif, actif & Q(date_entree__lt=limite) & ~Exists(contact_recent)


def comptages(
    parcours,
    periode: Periode,
    codes_positifs,
    *,
    seuil_sans_contact: int = SEUIL_SANS_CONTACT_JOURS,
    fins_de_mois=(),
) -> dict:
    """Tous les comptes et sommes de la période, en **une seule** requête agrégée. Les lignes lues sont limitées
    aux parcours présents dans la période (entrée ≤ fin et pas finis avant le début) : entrées, sorties, stock en
    fin de période, cohorte des entrants, contacts (sous-requête corrélée, index des contacts), alerte sans contact
    et, si ``fins_de_mois`` est donné, le stock à chacune de ces dates (clé ``stock_fins_de_mois``)."""
    m = modalite_pilotee(parcours)
    entree = q_entree(periode, m)
    sortie = q_sortie(periode, m)
    en_cours = q_en_cours(periode.au, m)
    present = q_present(periode, m)
    positive = sortie & Q(motif_sortie__in=list(codes_positifs))
    ecart_sortie = EcartJours("date_sortie", "date_entree")
    durable = entree & Q(motif_sortie=e.MotifSortie.EMPLOI_DURABLE, date_sortie__isnull=False)
    actif, alerte = _conditions_sans_contact(periode.au, seuil_sans_contact, m)
    stocks = {f"stock_{i}": Count("pk", filter=q_en_cours(fin, m)) for i, fin in enumerate(fins_de_mois)}
    agregats = (
        parcours.order_by()
        .filter(q_present(periode))
        .aggregate(
            entrees=Count("pk", filter=entree),
            en_cours_fin_periode=Count("pk", filter=en_cours),
            presents=Count("pk", filter=present),
            jours_presence=Sum(jours_presence(periode), filter=present),
            contacts_honores=Sum(Coalesce(_contacts_du_parcours(periode), 0), filter=present),
            actifs_fin_periode=Count("pk", filter=actif),
            sans_contact=Count("pk", filter=alerte),
            sorties=Count("pk", filter=sortie),
            sorties_positives=Count("pk", filter=positive),
            somme_duree_jours=Sum(duree_jours(), filter=sortie),
            entrees_avec_orientation=Count("pk", filter=entree & Q(date_orientation__isnull=False)),
            somme_delai_jours=Sum(EcartJours("date_entree", "date_orientation"), filter=entree),
            rsa=Count("pk", filter=entree & Q(rsa_entree=True)),
            qpv=Count("pk", filter=entree & Q(qpv_entree=True)),
            femmes=Count("pk", filter=entree & Q(sexe=e.Sexe.FEMME)),
            hommes=Count("pk", filter=entree & Q(sexe=e.Sexe.HOMME)),
            moins_26=Count(
                "pk", filter=entree & Q(tranche_age_entree__in=[e.TrancheAge.MOINS_18, e.TrancheAge.DE_18_A_25])
            ),
            plus_55=Count("pk", filter=entree & Q(tranche_age_entree=e.TrancheAge.PLUS_55)),
            cite_0_2=Count("pk", filter=entree & Q(niveau_formation_entree=e.NiveauFormation.CITE_0_2)),
            en_cours_avec_conseiller=Count("pk", filter=en_cours & Q(conseiller__isnull=False)),
            conseillers=Count("conseiller", filter=en_cours, distinct=True),
            en_cours_avec_referent=Count("pk", filter=en_cours & Q(referent_social__isnull=False)),
            referents=Count("referent_social", filter=en_cours, distinct=True),
            emploi_durable_6_mois=Count("pk", filter=durable & LessThanOrEqual(ecart_sortie, COHORTE_6_MOIS_JOURS)),
            emploi_durable_12_mois=Count("pk", filter=durable & LessThanOrEqual(ecart_sortie, COHORTE_12_MOIS_JOURS)),
            **stocks,
        )
    )
    resultat = {cle: (valeur or 0) for cle, valeur in agregats.items() if not cle.startswith("stock_")}
    resultat["stock_fins_de_mois"] = [agregats[f"stock_{i}"] or 0 for i in range(len(fins_de_mois))]
    return resultat


# --- Ventilations et indicateurs complémentaires -------------------------------------------------------------


def sorties_par_motif(parcours, periode: Periode) -> dict[str, int]:
    """Sorties de la période par code de motif (motifs sans sortie absents)."""
    lignes = (
        parcours.order_by()
        .filter(q_sortie(periode, modalite_pilotee(parcours)))
        .values("motif_sortie")
        .annotate(n=Count("pk"))
        .values_list("motif_sortie", "n")
    )
    return {motif: n for motif, n in lignes}


def duree_mediane(parcours, periode: Periode) -> float | None:
    """Médiane de (sortie − entrée − jours suspendus) sur les sorties de la période, en jours."""
    return medianes(parcours.filter(q_sortie(periode, modalite_pilotee(parcours))), duree_jours())[None]


def contacts_honores(parcours, periode: Periode) -> int:
    """Contacts honorés datés dans la période, pendant l'accompagnement (entre l'entrée et la sortie)."""
    presents = parcours.order_by().filter(q_present(periode, modalite_pilotee(parcours))).values("pk")
    return (
        Contact.objects.filter(
            parcours__in=presents, presence=e.PresenceContact.HONORE, date__gte=periode.du, date__lte=periode.au
        )
        .filter(date__gte=F("parcours__date_entree"))
        .filter(
            LessThanOrEqual(
                F("date"), Coalesce("parcours__date_sortie", "parcours__non_retenu_le", _date(datetime.date.max))
            )
        )
        .count()
    )


def sans_contact(parcours, jour: datetime.date, seuil: int = SEUIL_SANS_CONTACT_JOURS) -> dict[str, int]:
    """Parcours actifs au ``jour`` (en cours, hors suspension en cours ce jour-là) et, parmi eux, ceux sans
    contact honoré depuis plus de ``seuil`` jours (l'entrée compte comme point de départ)."""
    actif, alerte = _conditions_sans_contact(jour, seuil, modalite_pilotee(parcours))
    agregats = (
        parcours.order_by()
        .filter(q_en_cours(jour))
        .aggregate(actifs=Count("pk", filter=actif), sans_contact=Count("pk", filter=alerte))
    )
    return {cle: valeur or 0 for cle, valeur in agregats.items()}


def serie_mensuelle(parcours, periode: Periode, codes_positifs, *, stock=None) -> list[dict]:
    """Par mois de la période (bornés à la période) : entrées, sorties, sorties positives, somme des durées
    des sorties, parcours en cours au dernier jour du mois. Trois requêtes quel que soit le nombre de mois ;
    deux si ``stock`` (en cours à chaque fin de mois, déjà calculé par ``comptages``) est fourni."""
    mois = periode.mois()
    m = modalite_pilotee(parcours)
    base = parcours.order_by()
    entrees = dict(
        base.filter(q_entree(periode, m))
        .annotate(mois=TruncMonth("date_entree"))
        .values("mois")
        .annotate(n=Count("pk"))
        .values_list("mois", "n")
    )
    sorties = {
        ligne["mois"]: ligne
        for ligne in base.filter(q_sortie(periode, m))
        .annotate(mois=TruncMonth("date_sortie"))
        .values("mois")
        .annotate(
            n=Count("pk"),
            positives=Count("pk", filter=Q(motif_sortie__in=list(codes_positifs))),
            somme_duree=Sum(duree_jours()),
        )
    }
    if stock is None:
        premiere_fin = mois[0][2]
        lignes_stock = base.filter(Q(date_entree__lte=periode.au) & GreaterThan(fin_ou_jamais(), _date(premiere_fin)))
        agregats = lignes_stock.aggregate(
            **{f"m{i}": Count("pk", filter=q_en_cours(fin, m)) for i, (_p, _d, fin) in enumerate(mois)}
        )
        stock = [agregats[f"m{i}"] or 0 for i in range(len(mois))]
    resultat = []
    for i, (premier, debut, fin) in enumerate(mois):
        ligne_sorties = sorties.get(premier, {})
        resultat.append(
            {
                "mois": premier,
                "du": debut,
                "au": fin,
                "entrees": entrees.get(premier, 0),
                "sorties": ligne_sorties.get("n", 0),
                "sorties_positives": ligne_sorties.get("positives", 0),
                "somme_duree_jours": ligne_sorties.get("somme_duree") or 0,
                "en_cours_fin_mois": stock[i],
            }
        )
    return resultat


def ventilation(parcours, periode: Periode, codes_positifs, champ: str) -> dict:
    """Comptes principaux par valeur de ``champ`` (organisation, conseiller…) ; la clé ``None`` regroupe les
    parcours sans valeur. Une requête."""
    return ventilations(parcours, periode, codes_positifs, [champ])[champ]


def ventilations(parcours, periode: Periode, codes_positifs, champs: list[str]) -> dict[str, dict]:
    """``ventilation`` pour plusieurs champs à la fois, en une seule requête : les lignes sont regroupées par
    combinaison de valeurs, puis sommées par champ (les comptes et les sommes sont additifs)."""
    m = modalite_pilotee(parcours)
    entree = q_entree(periode, m)
    sortie = q_sortie(periode, m)
    lignes = (
        parcours.order_by()
        .filter(q_present(periode, m) | entree)  # pas de ligne vide pour un parcours d'une autre modalité
        .values(*champs)
        .annotate(
            entrees=Count("pk", filter=entree),
            en_cours_fin_periode=Count("pk", filter=q_en_cours(periode.au, m)),
            sorties=Count("pk", filter=sortie),
            sorties_positives=Count("pk", filter=sortie & Q(motif_sortie__in=list(codes_positifs))),
            somme_duree_jours=Sum(duree_jours(), filter=sortie),
        )
    )
    resultat = {champ: {} for champ in champs}
    for ligne in lignes:
        cles = {champ: ligne.pop(champ) for champ in champs}
        for champ, cle in cles.items():
            cumul = resultat[champ].setdefault(cle, dict.fromkeys(ligne, 0))
            for nom, valeur in ligne.items():
                cumul[nom] += valeur or 0
    return resultat


# --- Premier rendez-vous honoré après la décision d'orientation (délais des conventions départementales) -----

DELAIS_PREMIER_RENDEZ_VOUS_JOURS = (15, 30)


def delai_premier_rendez_vous():
    """Jours entre la décision d'orientation (``Parcours.date_orientation``) et le jour (heure de Paris) du premier
    rendez-vous HONORÉ de ce jour-là ou postérieur ; ``NULL`` sans rendez-vous honoré. Sous-requête corrélée servie
    par l'index (parcours, début) des rendez-vous ; un rendez-vous manqué, excusé, annulé ou planifié ne compte pas."""
    jour = TruncDate("debut", tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    premier = (
        RendezVous.objects.filter(parcours=OuterRef("pk"), statut=StatutRendezVous.HONORE)
        .annotate(jour=jour)
        .filter(jour__gte=OuterRef("date_orientation"))
        .order_by("debut", "pk")
        .values("jour")[:1]
    )
    return EcartJours(Subquery(premier, output_field=DateField()), "date_orientation")


def premier_rendez_vous(parcours, periode: Periode, *, date_donnees: datetime.date) -> dict:
    """Décisions d'orientation de la période (jusqu'à la date des données ; orientation non retenue avant l'entrée
    exclue) ; pour chaque délai N : celles dont les N jours sont écoulés (``echues_N``) et, parmi elles, celles dont le
    premier rendez-vous honoré tombe dans les N jours (``dans_N``) ; médiane du délai des personnes reçues.
    Deux requêtes."""
    m = modalite_pilotee(parcours)
    fin = min(periode.au, date_donnees)
    decisions = parcours.order_by().filter(
        Q(date_orientation__gte=periode.du, date_orientation__lte=fin)
        & ~Q(non_retenu_le__isnull=False, date_entree__isnull=True)
        & q_modalite_au(fin, m)
    )
    echues = {
        n: Q(date_orientation__lte=date_donnees - datetime.timedelta(days=n)) for n in DELAIS_PREMIER_RENDEZ_VOUS_JOURS
    }
    agregats = decisions.annotate(delai_rdv=delai_premier_rendez_vous()).aggregate(
        decisions=Count("pk"),
        avec_rendez_vous=Count("pk", filter=Q(delai_rdv__isnull=False)),
        **{f"echues_{n}": Count("pk", filter=q) for n, q in echues.items()},
        **{f"dans_{n}": Count("pk", filter=q & Q(delai_rdv__lte=n)) for n, q in echues.items()},
    )
    resultat = {cle: valeur or 0 for cle, valeur in agregats.items()}
    resultat["delai_median_jours"] = _arrondi(medianes(decisions, delai_premier_rendez_vous())[None], 1)
    return resultat


# --- Tout le tableau -------------------------------------------------------------------------------------------


def calculer(
    parcours,
    periode: Periode,
    codes_positifs,
    *,
    seuil_sans_contact: int = SEUIL_SANS_CONTACT_JOURS,
    date_donnees: datetime.date | None = None,
    fins_de_mois=(),
) -> dict:
    """Les comptes bruts et les indicateurs dérivés (non masqués) de la période. Trois requêtes."""
    c = comptages(parcours, periode, codes_positifs, seuil_sans_contact=seuil_sans_contact, fins_de_mois=fins_de_mois)
    c["sorties_par_motif"] = sorties_par_motif(parcours, periode)
    c["duree_mediane_jours"] = _arrondi(duree_mediane(parcours, periode), 1)
    c["seuil_sans_contact_jours"] = seuil_sans_contact
    c.update(derives(c))
    if date_donnees is not None:
        c["cohorte_6_mois_complete"] = periode.au + datetime.timedelta(days=COHORTE_6_MOIS_JOURS) <= date_donnees
        c["cohorte_12_mois_complete"] = periode.au + datetime.timedelta(days=COHORTE_12_MOIS_JOURS) <= date_donnees
    return c


def derives(c: dict) -> dict:
    """Taux, moyennes et parts calculés à partir des comptes."""
    personnes_mois = c["jours_presence"] / JOURS_PAR_MOIS if c["jours_presence"] else 0
    return {
        "taux_sortie_positive": rapport(c["sorties_positives"], c["sorties"]),
        "duree_moyenne_jours": rapport(c["somme_duree_jours"], c["sorties"], 1),
        "delai_moyen_orientation_entree_jours": rapport(c["somme_delai_jours"], c["entrees_avec_orientation"], 1),
        "part_rsa": rapport(c["rsa"], c["entrees"]),
        "part_qpv": rapport(c["qpv"], c["entrees"]),
        "part_femmes": rapport(c["femmes"], c["entrees"]),
        "part_hommes": rapport(c["hommes"], c["entrees"]),
        "part_moins_26": rapport(c["moins_26"], c["entrees"]),
        "part_55_plus": rapport(c["plus_55"], c["entrees"]),
        "part_cite_0_2": rapport(c["cite_0_2"], c["entrees"]),
        "personnes_mois": round(personnes_mois, 2),
        "contacts_par_personne_mois": rapport(c.get("contacts_honores", 0), personnes_mois, 2),
        "part_sans_contact": rapport(c.get("sans_contact", 0), c.get("actifs_fin_periode", 0)),
        "portefeuille_moyen_conseiller": rapport(c["en_cours_avec_conseiller"], c["conseillers"], 1),
        "portefeuille_moyen_referent": rapport(c["en_cours_avec_referent"], c["referents"], 1),
        "taux_emploi_durable_6_mois": rapport(c["emploi_durable_6_mois"], c["entrees"]),
        "taux_emploi_durable_12_mois": rapport(c["emploi_durable_12_mois"], c["entrees"]),
    }


# Clés de ``manage.py stats --format json`` (contrat : ne pas en retirer).
CLES_STATS = (
    "entrees",
    "en_cours_fin_periode",
    "sorties",
    "sorties_par_motif",
    "sorties_positives",
    "taux_sortie_positive",
    "definition_sortie_positive",
    "duree_moyenne_jours",
    "part_rsa",
    "part_qpv",
    "part_femmes",
    "part_hommes",
)
