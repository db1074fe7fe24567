"""« À faire » : ce qui attend chaque professionnel, une ligne par chose à faire.

Chaque ligne est **comptée par une seule fonction**, celle de la page où la chose se fait (boîte des
orientations, boîte des coordinations, portefeuille filtré par alerte, vue équipe, gestion des fiches, agenda) :
l'accueil, les compteurs du menu et le résumé par courriel (``quotidien``) lisent ce module et rien d'autre.
Une ligne ne concerne que qui peut ouvrir sa page cible (même prédicat que le menu) ; une ligne à zéro est
masquée.

- ``a_faire(utilisateur)`` : les lignes non nulles, dans l'ordre de ``LIGNES`` ;
- ``personnes_de_la_ligne(utilisateur, cle)`` : les parcours concernés (pour nommer la personne par son prénom
  et son initiale dans le résumé), ``[]`` pour une ligne sans personne (fiches à vérifier) ;
- ``rendez_vous_du_jour`` / ``presences`` : les listes montrées sous les lignes de l'agenda.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.alertes import Alerte
from binome.accompagnement.models import Parcours
from binome.agenda import selectors as agenda
from binome.core import texte
from binome.ressources import selectors as ressources


@dataclass(frozen=True)
class LigneAFaire:
    cle: str  # stable : « orientations », « coordinations », « contacts_en_retard »…
    libelle: str  # en français, accordé au nombre
    nombre: int
    url: str  # l'endroit où la chose se fait (filtre compris)

    @property
    def texte(self) -> str:
        """Le libellé sans son nombre en tête, quand la page montre le nombre à part (badge)."""
        return self.libelle.removeprefix(f"{self.nombre} ")


@dataclass(frozen=True)
class _Definition:
    cle: str
    concerne: Callable  # (utilisateur) -> bool : le prédicat de la page cible
    compter: Callable  # (utilisateur, moment) -> int : la fonction de la page cible
    libelle: Callable[[int], str]
    url: Callable[[], str]
    parcours: Callable | None = None  # (utilisateur, moment) -> QuerySet de parcours concernés
    dans_le_total: bool = True
    alerte_portefeuille: str = ""  # lignes du portefeuille : comptées ensemble (``_nombres_du_portefeuille``)


@dataclass(frozen=True)
class _Moment:
    """Le jour considéré et l'instant de référence (maintenant, ou minuit du jour demandé)."""

    jour: datetime.date
    maintenant: datetime.datetime

    @classmethod
    def de(cls, aujourdhui: datetime.date | None) -> "_Moment":
        if aujourdhui is None or aujourdhui == timezone.localdate():
            return cls(timezone.localdate(), timezone.now())
        return cls(aujourdhui, _minuit(aujourdhui))

    @property
    def demain(self) -> datetime.datetime:
        return _minuit(self.jour + datetime.timedelta(days=1))

    @property
    def lundi_prochain(self) -> datetime.datetime:
        return _minuit(self.jour + datetime.timedelta(days=7 - self.jour.weekday()))


def _minuit(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min))


def _url(nom: str, requete: str = "", ancre: str = "") -> Callable[[], str]:
    def construire() -> str:
        return reverse(nom) + (f"?{requete}" if requete else "") + (f"#{ancre}" if ancre else "")

    return construire


# --- Parcours concernés (résumé par courriel) -------------------------------------------------------------


def _parcours_des(qs) -> Callable:
    """Parcours d'une liste de demandes, d'orientations ou de rendez-vous (``parcours_id``)."""

    def parcours(utilisateur, moment):
        return Parcours.objects.filter(pk__in=qs(utilisateur, moment).values("parcours_id"))

    return parcours


def _parcours_du_portefeuille(alerte: str) -> Callable:
    def parcours(utilisateur, moment):
        qs = accompagnement.portefeuille(utilisateur, aujourdhui=moment.jour)
        return accompagnement.filtrer_suivi(qs, alerte=alerte, acteur=utilisateur)

    return parcours


def _parcours_de_l_equipe(alerte: str) -> Callable:
    def parcours(utilisateur, moment):
        qs = accompagnement.parcours_equipe(utilisateur, aujourdhui=moment.jour)
        return accompagnement.filtrer_suivi(qs, alerte=alerte)

    return parcours


def _ligne_portefeuille(cle, alerte, libelle, **autres) -> _Definition:
    return _Definition(
        cle=cle,
        concerne=accompagnement.a_un_portefeuille,
        compter=lambda u, m: accompagnement.compter_portefeuille(u, alerte=alerte, aujourdhui=m.jour),
        libelle=libelle,
        url=_url("accompagnement:portefeuille", f"alerte={alerte}"),
        parcours=_parcours_du_portefeuille(alerte),
        alerte_portefeuille=alerte,
        **autres,
    )


# --- L'agenda ----------------------------------------------------------------------------------------------


def rendez_vous_du_jour(utilisateur, *, aujourdhui: datetime.date | None = None):
    """Les rendez-vous planifiés de l'utilisateur ce jour (``agenda.selectors.agenda_de``)."""
    moment = _Moment.de(aujourdhui)
    return agenda.agenda_de(utilisateur, debut=_minuit(moment.jour), fin=moment.demain)


def rendez_vous_de_la_semaine(utilisateur, *, aujourdhui: datetime.date | None = None):
    """Les rendez-vous planifiés de l'utilisateur après ce jour, jusqu'à dimanche inclus."""
    moment = _Moment.de(aujourdhui)
    return agenda.agenda_de(utilisateur, debut=moment.demain, fin=moment.lundi_prochain)


def presences(utilisateur, *, aujourdhui: datetime.date | None = None):
    """Les rendez-vous passés de l'utilisateur dont la présence n'est pas saisie (``presences_a_saisir``)."""
    return agenda.presences_a_saisir(utilisateur, avant=_Moment.de(aujourdhui).maintenant)


def url_presence(rendez_vous) -> str:
    """Page de saisie de la présence du rendez-vous."""
    return reverse("agenda:presence", kwargs={"pk": rendez_vous.pk})


def _connecte(utilisateur) -> bool:
    return bool(utilisateur is not None and utilisateur.is_authenticated)


# --- Les lignes, dans l'ordre d'affichage ----------------------------------------------------------------

LIGNES: tuple[_Definition, ...] = (
    _Definition(
        cle="rendez_vous_aujourdhui",
        concerne=accompagnement.a_un_portefeuille,
        compter=lambda u, m: rendez_vous_du_jour(u, aujourdhui=m.jour).count(),
        libelle=lambda n: ngettext("%(n)s rendez-vous aujourd'hui", "%(n)s rendez-vous aujourd'hui", n),
        url=_url("core:accueil", ancre="a-faire-rendez-vous"),
        parcours=_parcours_des(lambda u, m: rendez_vous_du_jour(u, aujourdhui=m.jour)),
    ),
    _Definition(
        cle="presences_a_saisir",
        concerne=accompagnement.a_un_portefeuille,
        compter=lambda u, m: presences(u, aujourdhui=m.jour).count(),
        libelle=lambda n: ngettext(
            "%(n)s rendez-vous passé dont la présence est à saisir",
            "%(n)s rendez-vous passés dont la présence est à saisir",
            n,
        ),
        url=_url("core:accueil", ancre="a-faire-presences"),
        parcours=_parcours_des(lambda u, m: presences(u, aujourdhui=m.jour)),
    ),
    _Definition(
        cle="orientations",
        concerne=accompagnement.recoit_des_orientations,
        compter=lambda u, m: accompagnement.compter_orientations_a_traiter(u),
        libelle=lambda n: ngettext(
            "%(n)s orientation attend un diagnostic", "%(n)s orientations attendent un diagnostic", n
        ),
        url=_url("accompagnement:orientations"),
        parcours=_parcours_des(lambda u, m: accompagnement.orientations_a_traiter(u)),
    ),
    _Definition(
        cle="coordinations",
        concerne=accompagnement.recoit_des_coordinations,
        compter=lambda u, m: accompagnement.compter_coordinations_a_traiter(u),
        libelle=lambda n: ngettext(
            "%(n)s demande de coordination attend votre réponse",
            "%(n)s demandes de coordination attendent votre réponse",
            n,
        ),
        url=_url("accompagnement:coordinations"),
        parcours=_parcours_des(lambda u, m: accompagnement.coordinations_a_traiter(u)),
    ),
    _Definition(
        cle="orientations_rsa",
        concerne=accompagnement.consulte_des_dossiers,
        compter=lambda u, m: accompagnement.compter_a_orienter_rsa(u, aujourdhui=m.jour),
        libelle=lambda n: ngettext(
            "%(n)s nouveau bénéficiaire du RSA à orienter (échéance proche ou dépassée)",
            "%(n)s nouveaux bénéficiaires du RSA à orienter (échéance proche ou dépassée)",
            n,
        ),
        url=_url("accompagnement:personnes", "a_orienter=rsa_alerte"),
    ),
    _ligne_portefeuille(
        "contacts_en_retard",
        Alerte.SANS_CONTACT,
        lambda n: ngettext(
            "%(n)s personne sans contact depuis plus de quinze jours (selon le rythme du département)",
            "%(n)s personnes sans contact depuis plus de quinze jours (selon le rythme du département)",
            n,
        ),
    ),
    _ligne_portefeuille(
        "renouvellements",
        accompagnement.ATTEND_MON_ACCORD,
        lambda n: ngettext(
            "%(n)s renouvellement attend votre accord", "%(n)s renouvellements attendent votre accord", n
        ),
    ),
    _ligne_portefeuille(
        "actions_en_retard",
        Alerte.ACTIONS_EN_RETARD,
        lambda n: ngettext("%(n)s personne a des actions en retard", "%(n)s personnes ont des actions en retard", n),
    ),
    _ligne_portefeuille(
        "suivis_6_mois",
        Alerte.SUIVI_6_MOIS,
        lambda n: ngettext("%(n)s suivi à six mois à faire", "%(n)s suivis à six mois à faire", n),
    ),
    _Definition(
        cle="parcours_a_reaffecter",
        concerne=accompagnement.encadre_une_equipe,
        compter=lambda u, m: accompagnement.compter_equipe(u, alerte=Alerte.AGENT_INACTIF, aujourdhui=m.jour),
        libelle=lambda n: ngettext(
            "%(n)s parcours suivi par un agent désactivé (à réaffecter)",
            "%(n)s parcours suivis par un agent désactivé (à réaffecter)",
            n,
        ),
        url=_url("accompagnement:equipe", f"alerte={Alerte.AGENT_INACTIF}"),
        parcours=_parcours_de_l_equipe(Alerte.AGENT_INACTIF),
    ),
    _Definition(
        cle="orientations_services",
        concerne=ressources.maintient_en_partenaire,
        compter=lambda u, m: ressources.compter_orientations_a_repondre(u),
        libelle=lambda n: ngettext(
            "%(n)s orientation vers vos services attend votre réponse",
            "%(n)s orientations vers vos services attendent votre réponse",
            n,
        ),
        url=_url("ressources:orientations", "a_repondre=1"),
    ),
    _Definition(
        cle="services_a_verifier",
        concerne=ressources.maintient_en_partenaire,
        compter=lambda u, m: ressources.compter_services_a_verifier(u),
        libelle=lambda n: ngettext("%(n)s fiche de service à vérifier", "%(n)s fiches de service à vérifier", n),
        url=_url("ressources:gestion", "a_verifier=1"),
    ),
    _Definition(
        cle="rendez_vous_semaine",
        concerne=accompagnement.a_un_portefeuille,
        compter=lambda u, m: rendez_vous_de_la_semaine(u, aujourdhui=m.jour).count(),
        libelle=lambda n: ngettext(
            "%(n)s autre rendez-vous d'ici dimanche", "%(n)s autres rendez-vous d'ici dimanche", n
        ),
        url=_url("core:accueil", ancre="a-faire-semaine"),
        parcours=_parcours_des(lambda u, m: rendez_vous_de_la_semaine(u, aujourdhui=m.jour)),
        dans_le_total=False,  # à venir, pas à faire
    ),
)
CLES = tuple(d.cle for d in LIGNES)
_PAR_CLE = {d.cle: d for d in LIGNES}
TITRE = _("À faire")


def definitions_pour(utilisateur) -> list[_Definition]:
    """Les lignes qui concernent l'utilisateur (qu'elles soient à zéro ou non)."""
    if not _connecte(utilisateur):
        return []
    return [d for d in LIGNES if d.concerne(utilisateur)]


def ligne(utilisateur, cle: str, *, aujourdhui: datetime.date | None = None) -> LigneAFaire | None:
    """La ligne ``cle`` (même à zéro) ; ``None`` si elle ne concerne pas l'utilisateur."""
    definition = _PAR_CLE[cle]
    if not (_connecte(utilisateur) and definition.concerne(utilisateur)):
        return None
    return _construire(definition, utilisateur, _Moment.de(aujourdhui))


def _construire(definition: _Definition, utilisateur, moment: _Moment, nombre: int | None = None) -> LigneAFaire:
    if nombre is None:
        nombre = definition.compter(utilisateur, moment)
    return LigneAFaire(
        cle=definition.cle, libelle=definition.libelle(nombre) % {"n": nombre}, nombre=nombre, url=definition.url()
    )


def _toutes_les_lignes(utilisateur, moment: _Moment) -> list[LigneAFaire]:
    """Les lignes qui concernent l'utilisateur, zéro compris. Les lignes du portefeuille sont comptées en une
    requête (``compter_portefeuille_par_alerte``, mêmes nombres que ``compter_portefeuille``) : les expressions
    d'alerte, coûteuses à construire et à compiler, ne le sont qu'une fois par page."""
    definitions = definitions_pour(utilisateur)
    du_portefeuille = [d.alerte_portefeuille for d in definitions if d.alerte_portefeuille]
    nombres = (
        accompagnement.compter_portefeuille_par_alerte(
            utilisateur, alertes_demandees=du_portefeuille, aujourdhui=moment.jour
        )
        if du_portefeuille
        else {}
    )
    return [_construire(d, utilisateur, moment, nombres.get(d.alerte_portefeuille)) for d in definitions]


def a_faire(utilisateur, *, aujourdhui: datetime.date | None = None) -> list[LigneAFaire]:
    """Ce qui attend l'utilisateur : les lignes non nulles qui le concernent, dans l'ordre de ``LIGNES``."""
    if not _connecte(utilisateur):
        return []
    return [ligne for ligne in _toutes_les_lignes(utilisateur, _Moment.de(aujourdhui)) if ligne.nombre]


def total(lignes: list[LigneAFaire]) -> int:
    """Le nombre du compteur « Accueil » : les lignes à faire (les rendez-vous à venir ne sont pas à faire)."""
    return sum(ligne.nombre for ligne in lignes if _PAR_CLE[ligne.cle].dans_le_total)


def personnes_de_la_ligne(
    utilisateur, cle: str, *, aujourdhui: datetime.date | None = None, limite: int = 10
) -> list[Parcours]:
    """Les parcours concernés par la ligne ``cle`` (au plus ``limite``, personne chargée), pour nommer la
    personne par son prénom et son initiale ; ``[]`` si la ligne ne concerne pas l'utilisateur ou n'a pas de
    personne (fiches de service à vérifier)."""
    definition = _PAR_CLE[cle]
    if definition.parcours is None or not (_connecte(utilisateur) and definition.concerne(utilisateur)):
        return []
    qs = definition.parcours(utilisateur, _Moment.de(aujourdhui))
    return list(
        Parcours.objects.filter(pk__in=qs.values("pk"))
        .select_related("personne")
        .order_by("personne__prenom_normalise", "personne__nom_normalise", "pk")[:limite]
    )


def prenom_initiale(personne) -> str:
    """« Isabelle D. » : comment « À faire » nomme une personne (``core.texte.prenom_initiale``)."""
    return texte.prenom_initiale(personne.prenom, personne.nom) or _("une personne")


# --- Compteurs du menu (chargés après la page : ``quotidien:compteurs``) ----------------------------------

TOTAL = "total"
# Clés que le menu peut afficher (``portail.selectors.EntreeMenu.compteur``) : le total (entrée « Accueil »)
# et les lignes dont la page cible est une entrée du menu, avec le même prédicat.
COMPTEURS_DU_MENU = (TOTAL, "orientations", "coordinations", "contacts_en_retard")


@dataclass(frozen=True)
class Compteur:
    cle: str
    nombre: int


def compteurs_menu(utilisateur, *, aujourdhui: datetime.date | None = None) -> list[Compteur]:
    """Les nombres du menu, un par clé de ``COMPTEURS_DU_MENU`` qui concerne l'utilisateur (zéro compris :
    le badge est alors vidé) ; mêmes fonctions que la page « À faire »."""
    if not _connecte(utilisateur):
        return []
    lignes = _toutes_les_lignes(utilisateur, _Moment.de(aujourdhui))
    nombres = {ligne.cle: ligne.nombre for ligne in lignes}
    compteurs = [Compteur(TOTAL, total(lignes))]
    return compteurs + [Compteur(cle, nombres[cle]) for cle in COMPTEURS_DU_MENU[1:] if cle in nombres]
