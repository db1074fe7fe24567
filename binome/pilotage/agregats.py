"""Agrégats précalculés des tableaux de bord (issue 17) : la couture entre le calcul direct et sa copie en base.

**Ce qui est précalculé.** Pour la période par défaut du tableau de bord (les 12 mois qui se terminent le jour du
calcul, ``forms.periode_par_defaut``), chaque modalité, le niveau national et chaque département qui a des parcours :
les comptes bruts dont tout le tableau se tire (``tableau.calculer_brut`` : comptages, série mensuelle, comparaisons,
suivi à six mois, premier rendez-vous, actions collectives), rangés dans ``AgregatTableau``. Le calcul est le calcul
direct lui-même, rejoué par le travailleur : les chiffres lus sont ceux que le calcul direct donnait au moment du
rafraîchissement (``tests/pilotage/test_agregats.py`` le vérifie sur SQLite et PostgreSQL).

**Lecture** (``tableau_de_bord``) : une ligne lue par sa clé (territoire, modalité, du, au), décodée, puis masquée
selon le lecteur (``tableau.assembler``) ; la page indique « Chiffres calculés le … à … ». **Repli : le calcul
direct**, toujours juste, quand il n'y a pas de ligne pour cette clé (autre période, organisation, agent, aucun
rafraîchissement encore), ou quand la définition de la sortie positive ou le seuil d'alerte du département ont
changé depuis le calcul (la ligne n'est alors plus lue : jamais un chiffre tiré d'une autre définition).

**Rafraîchissement** : tâche planifiée ``rafraichir_agregats_pilotage`` (nuit), ou à la demande d'un
super-administrateur ; tout est calculé, puis les lignes sont remplacées en une transaction
(``services.agregats_rafraichir``) : un lecteur voit l'ancien jeu complet ou le nouveau, jamais un mélange.

**Encodage** : JSON étiqueté, sans perte, pour ce que contiennent les comptes (dates, clés de dictionnaire entières
ou nulles, ordre des clés) ; un type inattendu lève ``TypeError`` plutôt que de s'arrondir en silence.
"""

import datetime
import decimal
import time

from django.utils import timezone

from binome.accompagnement.enums import Modalite
from binome.accompagnement.models import Parcours
from binome.pilotage import national, tableau
from binome.pilotage.definitions import definition_applicable
from binome.pilotage.forms import periode_par_defaut
from binome.pilotage.indicateurs import Periode
from binome.pilotage.models import AgregatTableau
from binome.pilotage.selectors import Perimetre
from binome.territoires.models import Departement

NIVEAUX_PRECALCULES = ("national", "departement")

# --- Encodage JSON sans perte ---------------------------------------------------------------------------------


def encoder(valeur):
    """Valeur JSON étiquetée : dictionnaires à clés non textuelles, dates et décimaux gardent leur type."""
    if valeur is None or isinstance(valeur, bool | int | float | str):
        return valeur
    if isinstance(valeur, datetime.datetime):
        raise TypeError("Un agrégat ne garde pas d'horodatage.")
    if isinstance(valeur, datetime.date):
        return {"__date": valeur.isoformat()}
    if isinstance(valeur, decimal.Decimal):
        return {"__decimal": str(valeur)}
    if isinstance(valeur, dict):
        # Toujours en paires : le jsonb de PostgreSQL réordonne les clés d'un objet, et l'ordre compte (ordre de
        # déclaration au masquage, ordre d'affichage des thèmes).
        return {"__dict": [[encoder(cle), encoder(v)] for cle, v in valeur.items()]}
    if isinstance(valeur, list | tuple):
        return [encoder(v) for v in valeur]
    raise TypeError(f"Type non prévu dans un agrégat : {type(valeur).__name__}")


def _cle(valeur):
    return tuple(valeur) if isinstance(valeur, list) else valeur


def decoder(valeur):
    if isinstance(valeur, list):
        return [decoder(v) for v in valeur]
    if not isinstance(valeur, dict):
        return valeur
    if "__date" in valeur:
        return datetime.date.fromisoformat(valeur["__date"])
    if "__decimal" in valeur:
        return decimal.Decimal(valeur["__decimal"])
    return {_cle(decoder(cle)): decoder(v) for cle, v in valeur["__dict"]}


# --- Lecture : la couture ------------------------------------------------------------------------------------


def tableau_de_bord(perimetre: Perimetre, modalite: str, periode: Periode, *, maintenant: datetime.datetime):
    """Le tableau de bord : tiré de l'agrégat s'il y en a un valable pour cette clé, sinon calculé directement."""
    return lire(perimetre, modalite, periode) or tableau.construire(
        perimetre, modalite, periode, date_donnees=maintenant
    )


def lire(perimetre: Perimetre, modalite: str, periode: Periode):
    """Le tableau tiré de l'agrégat (masqué pour ce lecteur), ou ``None`` s'il n'y en a pas de valable."""
    if perimetre.niveau not in NIVEAUX_PRECALCULES:
        return None
    agregat = (
        AgregatTableau.objects.filter(
            territoire=perimetre.code_departement or "", modalite=modalite, du=periode.du, au=periode.au
        )
        .only("codes_positifs", "seuil_sans_contact", "donnees", "calcule_le")
        .first()
    )
    if agregat is None:
        return None
    definition = definition_applicable(perimetre.code_departement, periode.au)
    seuil = national.seuil_sans_contact(perimetre)
    if list(definition.codes) != list(agregat.codes_positifs) or seuil != agregat.seuil_sans_contact:
        return None  # définition ou seuil changés depuis le calcul : le calcul direct fait foi
    return tableau.assembler(
        perimetre,
        modalite,
        periode,
        definition,
        seuil,
        decoder(agregat.donnees),
        date_donnees=timezone.localtime(agregat.calcule_le),
        precalcule=True,
    )


# --- Calcul (sans écriture : ``services.agregats_rafraichir`` remplace les lignes) -------------------------------


def perimetres_precalcules() -> list[Perimetre]:
    """Le niveau national, puis chaque département qui a au moins un parcours."""
    codes = Parcours.objects.order_by().values("departement_id").distinct()
    departements = Departement.objects.filter(code__in=codes).order_by("code")
    return [
        Perimetre(departement=None, masque=True),
        *(Perimetre(departement=d, detail_organisations=True, departement_entier=True) for d in departements),
    ]


def calculer(*, periode: Periode | None = None, maintenant: datetime.datetime | None = None) -> list[AgregatTableau]:
    """Les agrégats de la période (par défaut : celle du tableau de bord ce jour-là), non enregistrés."""
    maintenant = timezone.localtime(maintenant or timezone.now())
    periode = periode or Periode(*periode_par_defaut(maintenant.date()))
    agregats = []
    for perimetre in perimetres_precalcules():
        definition = definition_applicable(perimetre.code_departement, periode.au)
        seuil = national.seuil_sans_contact(perimetre)
        for modalite in Modalite.values:
            debut = time.perf_counter()
            brut = tableau.calculer_brut(perimetre, modalite, periode, definition.codes, seuil, maintenant.date())
            agregats.append(
                AgregatTableau(
                    territoire=perimetre.code_departement or "",
                    modalite=modalite,
                    du=periode.du,
                    au=periode.au,
                    codes_positifs=list(definition.codes),
                    seuil_sans_contact=seuil,
                    donnees=encoder(brut),
                    calcule_le=maintenant,
                    duree_ms=round((time.perf_counter() - debut) * 1000),
                )
            )
    return agregats
