"""Imports de l'annuaire : fichier data·inclusion (JSON) et tableur départemental (CSV).

Ce module lit et valide ; les écritures sont faites par ``binome.ressources.services.importation``.

Chaque enregistrement est validé par les modèles du paquet ``data-inclusion-schema`` ; un
enregistrement invalide, ou un service dont la structure est inconnue, est écarté et signalé
(identifiant ou ligne, et raison). Les enregistrements valides sont créés ou mis à jour par leur
identifiant ; un enregistrement identique à ce qui est en base n'est pas réécrit (un second import
du même fichier ne change rien, pas même l'historique). Un champ absent de l'enregistrement (clé JSON,
colonne du tableur) garde sa valeur. Un import n'écrit que dans son département et jamais sur une fiche
d'une autre source (``importation_perimetre``) : le reste est écarté, ligne par ligne.
"""

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pydantic
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core import lecture_csv
from binome.core.lecture_csv import FichierCSVRefuse
from binome.core.tableur import ecrivain_csv
from binome.core.texte import normaliser
from binome.ressources import datainclusion as di
from binome.ressources import importation_perimetre as perimetre
from binome.ressources import referentiels as ref
from binome.ressources.models import Structure
from binome.ressources.services import importation as ecritures

STRUCTURE = "structure"
SERVICE = "service"
# Fichier data·inclusion : 200 Mo, bien au-delà des services d'un département.
TAILLE_MAX_JSON = 200 * 1024 * 1024


@dataclass
class Rejet:
    genre: str
    id: str
    raison: str
    ligne: int | None = None

    def __str__(self):
        prefixe = _("ligne %(n)s") % {"n": self.ligne} if self.ligne else self.genre
        return f"{prefixe} · {self.id or '?'} : {self.raison}"


@dataclass
class Rapport:
    crees: dict[str, int] = field(default_factory=lambda: {STRUCTURE: 0, SERVICE: 0})
    modifies: dict[str, int] = field(default_factory=lambda: {STRUCTURE: 0, SERVICE: 0})
    inchanges: dict[str, int] = field(default_factory=lambda: {STRUCTURE: 0, SERVICE: 0})
    rejets: list[Rejet] = field(default_factory=list)
    verification_seulement: bool = False

    @property
    def valides(self) -> int:
        return sum(self.crees.values()) + sum(self.modifies.values()) + sum(self.inchanges.values())

    def resume(self) -> str:
        return _(
            "Structures : %(sc)s créées, %(sm)s mises à jour, %(si)s inchangées. "
            "Services : %(vc)s créés, %(vm)s mis à jour, %(vi)s inchangés. %(r)s enregistrements écartés."
        ) % {
            "sc": self.crees[STRUCTURE],
            "sm": self.modifies[STRUCTURE],
            "si": self.inchanges[STRUCTURE],
            "vc": self.crees[SERVICE],
            "vm": self.modifies[SERVICE],
            "vi": self.inchanges[SERVICE],
            "r": len(self.rejets),
        }


@dataclass
class Enregistrement:
    """Un enregistrement validé, prêt à écrire : champs data·inclusion + champs Binôme éventuels."""

    champs: dict
    extras: dict = field(default_factory=dict)
    ligne: int | None = None


def _identifiant(brut) -> str:
    if isinstance(brut, dict):
        return str(brut.get("id") or "")
    return ""


def _controle_id(ident: str) -> str | None:
    if "/" in ident or any(c.isspace() for c in ident):
        return _("identifiant inutilisable (espace ou « / »)")
    if len(ident) > 255:
        return _("identifiant trop long (255 caractères au plus)")
    return None


def valider_structures(bruts: Iterable, rapport: Rapport, lignes: list | None = None) -> dict[str, Enregistrement]:
    valides: dict[str, Enregistrement] = {}
    for index, brut in enumerate(bruts):
        ligne = lignes[index] if lignes else None
        ident = _identifiant(brut)
        extras = {}
        if isinstance(brut, dict) and "_binome" in brut:
            brut = dict(brut)
            extras = brut.pop("_binome")
        try:
            modele = di.valider_structure(brut)
        except pydantic.ValidationError as exc:
            rapport.rejets.append(Rejet(STRUCTURE, ident, di.expliquer(exc), ligne))
            continue
        probleme = _controle_id(modele.id)
        if probleme:
            rapport.rejets.append(Rejet(STRUCTURE, ident, probleme, ligne))
            continue
        # Un champ absent de l'enregistrement garde sa valeur en base (il n'est pas écrit).
        champs = {nom: valeur for nom, valeur in di.champs_structure(modele).items() if nom in brut}
        if modele.id in valides:
            if valides[modele.id].champs != champs:
                rapport.rejets.append(
                    Rejet(
                        STRUCTURE, ident, _("identifiant en double dans le fichier, avec un contenu différent"), ligne
                    )
                )
            continue
        valides[modele.id] = Enregistrement(champs, extras, ligne)
    return valides


def valider_services(
    bruts: Iterable, structures_connues: set[str], rapport: Rapport, lignes: list | None = None
) -> dict[str, Enregistrement]:
    bruts = list(bruts)
    valides: dict[str, Enregistrement] = {}
    a_verifier: set[str] = set()
    for index, brut in enumerate(bruts):
        ligne = lignes[index] if lignes else None
        ident = _identifiant(brut)
        extras = {}
        if isinstance(brut, dict) and "_binome" in brut:
            brut = dict(brut)
            extras = brut.pop("_binome")
        try:
            modele = di.valider_service(brut)
        except pydantic.ValidationError as exc:
            rapport.rejets.append(Rejet(SERVICE, ident, di.expliquer(exc), ligne))
            continue
        probleme = _controle_id(modele.id)
        if probleme:
            rapport.rejets.append(Rejet(SERVICE, ident, probleme, ligne))
            continue
        if modele.id in valides:
            rapport.rejets.append(Rejet(SERVICE, ident, _("identifiant en double dans le fichier"), ligne))
            continue
        inconnus = [str(c) for c in modele.zone_eligibilite or [] if not ref.type_de_zone(str(c))]
        if inconnus:
            raison = _("zone_eligibilite : codes inconnus du COG : %(c)s") % {"c": ", ".join(inconnus)}
            rapport.rejets.append(Rejet(SERVICE, ident, raison, ligne))
            continue
        champs = {nom: valeur for nom, valeur in di.champs_service(modele).items() if nom in brut}
        valides[modele.id] = Enregistrement(champs, extras, ligne)
        if modele.structure_id not in structures_connues:
            a_verifier.add(modele.structure_id)
    # Structures citées mais absentes du fichier : connues en base ?
    en_base = set()
    liste = sorted(a_verifier)
    for debut in range(0, len(liste), 900):
        en_base.update(Structure.objects.filter(pk__in=liste[debut : debut + 900]).values_list("pk", flat=True))
    for ident in list(valides):
        structure_id = valides[ident].champs["structure_id"]
        if structure_id not in structures_connues and structure_id not in en_base:
            rapport.rejets.append(
                Rejet(
                    SERVICE,
                    ident,
                    _("structure inconnue : « %(id)s »") % {"id": structure_id},
                    valides[ident].ligne,
                )
            )
            del valides[ident]
    return valides


def _ecrire(
    structures: dict[str, Enregistrement],
    services: dict[str, Enregistrement],
    rapport: Rapport,
    *,
    acteur,
    progression,
) -> None:
    """Écrit les fiches validées, lot par lot, par les services de l'annuaire ; reporte les comptes."""
    barre = progression(len(structures) + len(services)) if progression else None
    for genre, importer, valides in (
        (STRUCTURE, ecritures.structures_importer, structures),
        (SERVICE, ecritures.services_importer, services),
    ):
        elements = list(valides.items())
        for debut in range(0, len(elements), ecritures.TAILLE_LOT):
            lot = elements[debut : debut + ecritures.TAILLE_LOT]
            comptes = importer(acteur=acteur, fiches={ident: {**e.champs, **e.extras} for ident, e in lot})
            rapport.crees[genre] += comptes.crees
            rapport.modifies[genre] += comptes.modifies
            rapport.inchanges[genre] += comptes.inchanges
            if barre:
                barre.update(len(lot))
    if barre:
        barre.close()


def _perimetre(genre: str, valides: dict[str, Enregistrement], decision, rapport: Rapport) -> None:
    """Écarte les fiches que le périmètre refuse (``importation_perimetre``), situe celles sans adresse."""
    for ident, raison in decision.refus.items():
        rapport.rejets.append(Rejet(genre, ident, raison, valides.pop(ident).ligne))
    for ident in decision.a_situer:
        valides[ident].extras["departement_id"] = decision.departements[ident]


def _filtrer_structures(bruts, rapport, lignes, departement) -> tuple[dict[str, Enregistrement], object]:
    structures = valider_structures(bruts, rapport, lignes)
    decision = perimetre.structures({k: e.champs for k, e in structures.items()}, departement=departement)
    _perimetre(STRUCTURE, structures, decision, rapport)
    return structures, decision


def _filtrer_services(bruts, structures, decision, rapport, lignes, departement) -> dict[str, Enregistrement]:
    services = valider_services(bruts, set(structures), rapport, lignes)
    decision = perimetre.services({k: e.champs for k, e in services.items()}, decision, departement=departement)
    _perimetre(SERVICE, services, decision, rapport)
    return services


def importer_data_inclusion(donnees, *, departement: str | None = None, acteur=None, progression=None) -> Rapport:
    """Importe ``{"structures": [...], "services": [...]}`` ; ``progression(total)`` renvoie une barre (tqdm).

    ``departement`` : seules les fiches de ce département sont écrites (``importation_perimetre``) ; ``None``
    (démonstration, appel interne) n'écarte que les fiches d'une autre source."""
    if not isinstance(donnees, dict):
        raise ValueError(_('Le fichier doit contenir un objet JSON {"structures": [...], "services": [...]}.'))
    structures_brutes = donnees.get("structures", [])
    services_bruts = donnees.get("services", [])
    if not isinstance(structures_brutes, list) or not isinstance(services_bruts, list):
        raise ValueError(_("« structures » et « services » doivent être des listes."))
    rapport = Rapport()
    structures, decision = _filtrer_structures(structures_brutes, rapport, None, departement)
    services = _filtrer_services(services_bruts, structures, decision, rapport, None, departement)
    _ecrire(structures, services, rapport, acteur=acteur, progression=progression)
    return rapport


# --- Import CSV départemental ------------------------------------------------------------------------------

SEPARATEUR_LISTE = ","
COLONNES_CSV = [
    ("id", _("Identifiant local du service (facultatif : déduit du nom de la structure et du service)")),
    ("structure_id", _("Identifiant local de la structure (facultatif : déduit de son nom)")),
    ("structure_nom", _("Nom de la structure (obligatoire si elle n'existe pas encore)")),
    ("structure_siret", _("SIRET de la structure (14 chiffres)")),
    ("structure_telephone", _("Téléphone de la structure")),
    ("structure_courriel", _("Courriel de la structure")),
    ("structure_site_web", _("Site web de la structure")),
    ("nom", _("Nom du service (obligatoire, 3 à 150 caractères)")),
    ("description", _("Description (obligatoire, 5 caractères au moins ; idéalement 200 à 2 000)")),
    ("type", _("Type : accompagnement, aide-financiere, aide-materielle, atelier, formation, information")),
    ("thematiques", _("Thématiques data·inclusion séparées par des virgules (ex. mobilite--preparer-un-permis)")),
    ("frais", _("gratuit ou payant")),
    ("frais_precisions", _("Précisions sur les frais")),
    ("publics", _("Publics séparés par des virgules (ex. jeunes, femmes ; ou tous-publics seul)")),
    ("publics_precisions", _("Précisions sur les publics")),
    ("conditions_acces", _("Conditions d'accès")),
    ("documents_a_fournir", _("Documents à fournir")),
    ("modes_accueil", _("en-presentiel, a-distance (séparés par des virgules)")),
    ("adresse", _("Adresse")),
    ("complement_adresse", _("Complément d'adresse")),
    ("code_postal", _("Code postal")),
    ("commune", _("Commune")),
    ("code_insee", _("Code INSEE de la commune")),
    ("latitude", _("Latitude (facultative : centre de la commune à défaut)")),
    ("longitude", _("Longitude")),
    ("zone_eligibilite", _("Codes commune, département, EPCI ou france, séparés par des virgules")),
    ("modes_mobilisation", _("envoyer-un-courriel, se-presenter, telephoner, utiliser-lien-mobilisation")),
    ("mobilisable_par", _("usagers, professionnels")),
    ("mobilisation_precisions", _("Précisions sur la mobilisation")),
    ("lien_mobilisation", _("Lien de mobilisation (adresse web)")),
    ("telephone", _("Téléphone du service")),
    ("courriel", _("Courriel du service")),
    ("contact_nom_prenom", _("Nom et prénom du contact")),
    ("contact_reserve_professionnels", _("oui si le contact ne doit pas sortir de Binôme")),
    ("horaires_accueil", _("Horaires au format OpenStreetMap (ex. Mo-Fr 09:00-12:00)")),
    ("volume_horaire_hebdomadaire", _("Heures par semaine")),
    ("nombre_semaines", _("Nombre de semaines")),
    ("date_maj", _("Date de mise à jour AAAA-MM-JJ (facultative : aujourd'hui)")),
]
NOMS_COLONNES = [nom for nom, _aide in COLONNES_CSV]
COLONNES_OBLIGATOIRES = {"nom", "description"}


def source_departementale(departement_code: str) -> str:
    return f"cd{departement_code.lower()}"


def _slug(texte: str) -> str:
    return normaliser(texte).replace(" ", "-")[:80]


def _liste(valeur: str) -> list[str] | None:
    elements = [v.strip() for v in (valeur or "").replace(";", SEPARATEUR_LISTE).split(SEPARATEUR_LISTE)]
    elements = [v for v in elements if v]
    return elements or None


def _ou_none(valeur: str):
    valeur = (valeur or "").strip()
    return valeur or None


def modele_csv() -> str:
    """Le modèle à remplir : en-têtes, puis une ligne d'exemple."""
    tampon = io.StringIO()
    ecrivain = ecrivain_csv(tampon, delimiter=";")
    ecrivain.writerow(NOMS_COLONNES)
    exemple = {
        "structure_nom": "Auto-école solidaire du Haut-Cantal",
        "nom": "Préparation au code de la route",
        "description": "Séances collectives de préparation à l'examen du code de la route, "
        "avec un formateur, pour les personnes accompagnées vers l'emploi.",
        "type": "formation",
        "thematiques": "mobilite--preparer-un-permis",
        "frais": "gratuit",
        "publics": "demandeurs-emploi, beneficiaires-des-minimas-sociaux",
        "modes_accueil": "en-presentiel",
        "adresse": "2 place d'Armes",
        "code_postal": "15100",
        "commune": "Saint-Flour",
        "code_insee": "15187",
        "zone_eligibilite": "15",
        "modes_mobilisation": "telephoner",
        "mobilisable_par": "professionnels",
        "telephone": "0471000000",
        "contact_reserve_professionnels": "oui",
        "horaires_accueil": "Mo-Fr 09:00-12:00",
    }
    ecrivain.writerow([exemple.get(nom, "") for nom in NOMS_COLONNES])
    return tampon.getvalue()


CLE_VALEURS_EN_TROP = "__valeurs_en_trop__"
# 10 Mo : plusieurs dizaines de milliers de fiches, bien au-delà de l'annuaire d'un département.
TAILLE_MAX_CSV = 10 * 1024 * 1024


def lire_csv(contenu: str | bytes) -> tuple[list[tuple[int, dict]], list[str]]:
    """Lignes du tableur ``(numéro dans le fichier, valeurs par colonne)`` et colonnes obligatoires manquantes.

    Encodage, séparateur, taille (``TAILLE_MAX_CSV``) et numérotation : politique commune de
    ``binome.core.lecture_csv.lire_csv``, qui lève ``FichierCSVRefuse`` (message en français) pour un fichier
    inutilisable. Une ligne qui a plus de valeurs que l'en-tête porte la clé ``CLE_VALEURS_EN_TROP`` : l'import
    la rejette avec son numéro ; une ligne qui en a moins est complétée de valeurs vides.
    """
    fichier = lecture_csv.lire_csv(contenu, taille_max=TAILLE_MAX_CSV)
    colonnes = fichier.entete
    manquantes = sorted(COLONNES_OBLIGATOIRES - set(colonnes))
    lignes = []
    for lue in fichier.lignes:
        valeurs = dict(zip(colonnes, lue.valeurs + [""] * (len(colonnes) - len(lue.valeurs)), strict=False))
        if len(lue.valeurs) > len(colonnes):
            valeurs[CLE_VALEURS_EN_TROP] = "oui"
        lignes.append((lue.numero, valeurs))
    return lignes, manquantes


_OUI = {"oui", "o", "vrai", "1", "x", "yes"}
# Champ de la structure ← colonne du tableur.
_COLONNES_STRUCTURE = [(f, f"structure_{f}") for f in ("siret", "telephone", "courriel", "site_web")] + [
    (f, f) for f in ("adresse", "code_postal", "commune", "code_insee")
]


def ligne_vers_di(ligne: dict, *, source: str, aujourdhui: date) -> tuple[dict | None, dict]:
    """Une ligne du tableur → (structure data·inclusion ou None, service data·inclusion + champs Binôme)."""
    structure_local = ligne.get("structure_id") or _slug(ligne.get("structure_nom", ""))
    structure_id = f"{source}--{structure_local}" if structure_local else ""
    service_local = ligne.get("id") or _slug(f"{structure_local} {ligne.get('nom', '')}")
    date_maj = ligne.get("date_maj") or aujourdhui.isoformat()
    # Une colonne absente du tableur n'est pas écrite (la fiche garde sa valeur) ; une date de mise à jour non
    # donnée ne compte pas comme une modification (``ecritures.DATE_MAJ_PAR_DEFAUT``).
    par_defaut = {ecritures.DATE_MAJ_PAR_DEFAUT: True} if not ligne.get("date_maj") else {}
    structure = None
    if ligne.get("structure_nom"):
        structure = {"source": source, "id": structure_id, "nom": ligne["structure_nom"], "date_maj": date_maj}
        for nom, colonne in _COLONNES_STRUCTURE:
            if colonne in ligne:
                structure[nom] = _ou_none(ligne[colonne])
        if par_defaut:
            structure["_binome"] = dict(par_defaut)
    service = {
        "source": source,
        "id": f"{source}--{service_local}" if service_local else "",
        "structure_id": structure_id,
        "nom": ligne.get("nom", ""),
        "description": ligne.get("description", ""),
        "date_maj": date_maj,
    }
    for nom in (
        "type",
        "frais",
        "frais_precisions",
        "publics_precisions",
        "conditions_acces",
        "adresse",
        "complement_adresse",
        "code_postal",
        "commune",
        "code_insee",
        "latitude",
        "longitude",
        "mobilisation_precisions",
        "lien_mobilisation",
        "telephone",
        "courriel",
        "contact_nom_prenom",
        "horaires_accueil",
        "volume_horaire_hebdomadaire",
        "nombre_semaines",
    ):
        if nom in ligne:
            service[nom] = _ou_none(ligne[nom])
    for nom in (
        "thematiques",
        "publics",
        "modes_accueil",
        "zone_eligibilite",
        "modes_mobilisation",
        "mobilisable_par",
    ):
        if nom in ligne:
            service[nom] = _liste(ligne[nom])
    service["_binome"] = dict(par_defaut)
    if "contact_reserve_professionnels" in ligne:
        service["_binome"]["contact_reserve_professionnels"] = ligne["contact_reserve_professionnels"].lower() in _OUI
    if "documents_a_fournir" in ligne:
        service["_binome"]["documents_a_fournir"] = ligne["documents_a_fournir"]
    return structure, service


def importer_csv(
    contenu, *, departement_code: str, acteur=None, verifier_seulement=False, progression=None
) -> Rapport:
    """Importe le tableur d'un département (source ``cd<code>``) ; erreurs rapportées par numéro de ligne."""
    rapport = Rapport(verification_seulement=verifier_seulement)
    try:
        lignes, manquantes = lire_csv(contenu)
    except FichierCSVRefuse as refus:
        rapport.rejets.append(Rejet("fichier", "", " ".join(refus.messages), 1))
        return rapport
    if manquantes:
        rapport.rejets.append(
            Rejet("fichier", "", _("colonnes obligatoires absentes : %(c)s") % {"c": ", ".join(manquantes)}, 1)
        )
        return rapport
    source = source_departementale(departement_code)
    aujourdhui = timezone.localdate()
    structures_brutes, lignes_structures, services_bruts, lignes_services = [], [], [], []
    for numero, ligne in lignes:
        if ligne.pop(CLE_VALEURS_EN_TROP, None):
            rapport.rejets.append(
                Rejet("ligne", "", _("la ligne a plus de valeurs que l'en-tête n'a de colonnes"), numero)
            )
            continue
        if not any(ligne.values()):
            continue
        structure, service = ligne_vers_di(ligne, source=source, aujourdhui=aujourdhui)
        if structure:
            structures_brutes.append(structure)
            lignes_structures.append(numero)
        services_bruts.append(service)
        lignes_services.append(numero)
    structures, decision = _filtrer_structures(structures_brutes, rapport, lignes_structures, departement_code)
    services = _filtrer_services(services_bruts, structures, decision, rapport, lignes_services, departement_code)
    # Une ligne dont la structure est invalide n'importe pas non plus son service.
    lignes_en_erreur = {r.ligne for r in rapport.rejets}
    services = {k: v for k, v in services.items() if v.ligne not in lignes_en_erreur}
    structures = {
        k: v
        for k, v in structures.items()
        if v.ligne not in lignes_en_erreur or k in {s.champs["structure_id"] for s in services.values()}
    }
    rapport.rejets.sort(key=lambda r: (r.ligne or 0, r.genre))
    if verifier_seulement:
        return rapport
    _ecrire(structures, services, rapport, acteur=acteur, progression=progression)
    return rapport
