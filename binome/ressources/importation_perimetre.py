"""Périmètre d'un import de l'annuaire : ce qu'un import a le droit d'écrire, fiche par fiche.

Le département importé vient du sélecteur (``selectors.departement_parametrable_pour`` pour l'écran,
``--departement`` pour les commandes). Une fiche validée est **refusée**, avec sa raison, si :

- une fiche de même identifiant existe déjà, venue d'une **autre source** (jamais écrasée, quel que soit
  l'import) ;
- la fiche existante est dans un **autre département** que celui de l'import ;
- la fiche est **située** (code INSEE, à défaut la fiche existante ou, pour un service, sa structure) dans un
  autre département, ou son code INSEE n'est connu d'aucun département.

Une fiche qu'aucune adresse ne situe prend le département de l'import. Sans département (``None`` : la
démonstration, appel interne), seule la règle de la source s'applique.

Lecture seule : les écritures restent dans ``binome.ressources.services.importation``.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from binome.ressources.derives import departements_des_codes
from binome.ressources.models import Service, Structure
from binome.territoires.models import Departement


@dataclass
class Decision:
    refus: dict[str, str] = field(default_factory=dict)
    # Département où se trouvera chaque fiche acceptée (``None`` : non situable, hors département d'import).
    departements: dict[str, str | None] = field(default_factory=dict)
    # Fiches nouvelles qu'aucune adresse ne situe : elles prennent le département de l'import.
    a_situer: set[str] = field(default_factory=set)


def _par_lots(modele, identifiants: list[str]) -> dict:
    resultat = {}
    for debut in range(0, len(identifiants), 900):
        resultat.update(modele.objects.in_bulk(identifiants[debut : debut + 900]))
    return resultat


def _nom(code: str | None) -> str:
    departement = Departement.objects.filter(code=code).first() if code else None
    return departement.nom if departement else "?"


def _raison(*, source: str, existant, situe: str | None, code_insee: str, departement: str | None) -> str | None:
    if existant is not None and existant.source != source:
        return _(
            "une fiche de même identifiant existe déjà, venue d'une autre source (« %(s)s ») : elle n'est pas écrasée"
        ) % {"s": existant.source}
    if departement is None:
        return None
    if existant is not None and existant.departement_id not in (None, departement):
        return _(
            "la fiche existante est dans le département %(d)s (%(nom)s), hors du département %(p)s importé : "
            "elle n'est pas modifiée"
        ) % {"d": existant.departement_id, "nom": _nom(existant.departement_id), "p": departement}
    if code_insee and situe is None:
        return _("code INSEE « %(c)s » inconnu : la fiche ne peut pas être située dans le département %(p)s") % {
            "c": code_insee,
            "p": departement,
        }
    if situe not in (None, departement):
        return _("située dans le département %(d)s (%(nom)s), hors du département %(p)s importé") % {
            "d": situe,
            "nom": _nom(situe),
            "p": departement,
        }
    return None


def _decider(fiches: dict[str, dict], existants: dict, situer, departement: str | None) -> Decision:
    decision = Decision()
    codes = departements_des_codes(champs.get("code_insee") or "" for champs in fiches.values())
    for ident, champs in fiches.items():
        existant = existants.get(ident)
        code_insee = champs.get("code_insee") or ""
        situe = codes.get(code_insee) if code_insee else situer(champs, existant)
        raison = _raison(
            source=champs["source"], existant=existant, situe=situe, code_insee=code_insee, departement=departement
        )
        if raison:
            decision.refus[ident] = raison
            continue
        if situe is None and existant is None and departement is not None:
            decision.a_situer.add(ident)
            situe = departement
        decision.departements[ident] = situe
    return decision


def structures(fiches: dict[str, dict], *, departement: str | None) -> Decision:
    """Décision sur les structures validées ``{identifiant: champs}`` d'un import."""
    existants = _par_lots(Structure, sorted(fiches))
    return _decider(
        fiches, existants, lambda _champs, existant: existant.departement_id if existant else None, departement
    )


def services(fiches: dict[str, dict], structures_du_fichier: Decision, *, departement: str | None) -> Decision:
    """Décision sur les services validés ; une structure absente du fichier est lue en base."""
    existants = _par_lots(Service, sorted(fiches))
    hors_fichier = sorted({c["structure_id"] for c in fiches.values()} - set(structures_du_fichier.departements))
    en_base = {pk: s.departement_id for pk, s in _par_lots(Structure, hors_fichier).items()}

    def situer(champs, existant):
        if existant is not None:
            return existant.departement_id
        sid = champs["structure_id"]
        return structures_du_fichier.departements.get(sid, en_base.get(sid))

    return _decider(fiches, existants, situer, departement)
