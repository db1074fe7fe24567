"""Rapprochement des lignes d'une liste reçue avec les dossiers existants, **dans un département seulement**.

Trois clés, dans cet ordre : identifiant France Travail ; numéro d'allocataire avec son organisme (CAF ou MSA) ;
nom (normalisé) et date de naissance — cette dernière n'est qu'une présomption, que l'administrateur confirme
avant l'import. Une personne d'un autre département n'est jamais lue : l'homonyme du Calvados reste inconnu d'un
import du Cantal. Trois requêtes pour tout le fichier, quel que soit son nombre de lignes.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement.enums import ETATS_CLOS
from binome.accompagnement.models import Personne
from binome.core.texte import normaliser

CLE_IDENTIFIANT_FT = "identifiant_ft"
CLE_ALLOCATAIRE = "allocataire"
CLE_NOM_NAISSANCE = "nom_naissance"
LIBELLES_CLES = {
    CLE_IDENTIFIANT_FT: gettext_lazy("identifiant France Travail"),
    CLE_ALLOCATAIRE: gettext_lazy("numéro d'allocataire CAF/MSA"),
    CLE_NOM_NAISSANCE: gettext_lazy("nom et date de naissance (à confirmer)"),
}


@dataclass
class Rapprochement:
    """La personne retrouvée (ou ``None`` : à créer), la clé qui l'a trouvée, et les raisons d'un refus."""

    personne: Personne | None = None
    cle: str = ""
    raisons: list[str] = field(default_factory=list)


def _cles(ligne) -> tuple[str, tuple[str, str] | None, tuple[str, object] | None]:
    champs = ligne.champs
    identifiant = (champs.get("identifiant_ft") or "").strip().upper()
    numero = (champs.get("numero_allocataire") or "").strip()
    organisme = champs.get("organisme_allocataire") or ""
    allocataire = (organisme, numero) if numero and organisme else None
    nom, naissance = normaliser(champs.get("nom") or ""), champs.get("date_naissance")
    return identifiant, allocataire, ((nom, naissance) if nom and naissance else None)


def _index(departement: str, lignes, verrouiller: bool):
    identifiants, allocataires, noms = set(), set(), set()
    for ligne in lignes:
        identifiant, allocataire, nom = _cles(ligne)
        identifiants.add(identifiant) if identifiant else None
        allocataires.add(allocataire) if allocataire else None
        noms.add(nom) if nom else None
    qs = Personne.objects.filter(departement_id=departement).order_by("pk")
    if verrouiller:
        qs = qs.select_for_update()
    par_identifiant = {p.identifiant_ft.upper(): p for p in qs.filter(identifiant_ft__in=identifiants)}
    par_allocataire: dict[tuple, list[Personne]] = {}
    if allocataires:
        condition = Q()
        for organisme, numero in allocataires:
            condition |= Q(organisme_allocataire=organisme, numero_allocataire=numero)
        for p in qs.filter(condition):
            par_allocataire.setdefault((p.organisme_allocataire, p.numero_allocataire), []).append(p)
    par_nom: dict[tuple, list[Personne]] = {}
    if noms:
        qs_noms = qs.filter(
            nom_normalise__in={n for n, _d in noms}, date_naissance__in={d for _n, d in noms}, anonymise_le=None
        )
        for p in qs_noms:
            par_nom.setdefault((p.nom_normalise, p.date_naissance), []).append(p)
    return par_identifiant, par_allocataire, par_nom


def _unique(candidats: list[Personne], libelle) -> tuple[Personne | None, str]:
    if len(candidats) > 1:
        return None, _("plusieurs dossiers du département ont le même %(cle)s : rapprochement impossible") % {
            "cle": libelle
        }
    return (candidats[0] if candidats else None), ""


def _rapprocher(ligne, index) -> Rapprochement:
    par_identifiant, par_allocataire, par_nom = index
    identifiant, allocataire, nom = _cles(ligne)
    trouves = []  # (clé, personne) dans l'ordre des clés
    raisons = []
    if identifiant and identifiant in par_identifiant:
        trouves.append((CLE_IDENTIFIANT_FT, par_identifiant[identifiant]))
    if allocataire:
        personne, raison = _unique(par_allocataire.get(allocataire, []), LIBELLES_CLES[CLE_ALLOCATAIRE])
        raisons += [raison] if raison else []
        trouves += [(CLE_ALLOCATAIRE, personne)] if personne else []
    if not trouves and nom:
        personne, raison = _unique(par_nom.get(nom, []), _("nom et date de naissance"))
        raisons += [raison] if raison else []
        trouves += [(CLE_NOM_NAISSANCE, personne)] if personne else []
    personnes = {p.pk for _cle, p in trouves}
    if len(personnes) > 1:
        raisons.append(_("l'identifiant France Travail et le numéro d'allocataire désignent deux dossiers différents"))
    if raisons:
        return Rapprochement(raisons=raisons)
    if not trouves:
        return Rapprochement()
    cle, personne = trouves[0]
    return Rapprochement(personne=personne, cle=cle)


def rapprocher_personnes(*, departement: str, lignes, verrouiller: bool = False) -> dict[int, Rapprochement]:
    """{numéro de ligne: rapprochement} ; deux lignes du fichier qui désignent la même personne sont refusées.

    ``lignes`` : objets à attributs ``numero`` et ``champs`` (``LignePersonne`` de l'import). ``verrouiller`` :
    les dossiers retrouvés sont verrouillés (``select_for_update``) jusqu'à la fin de la transaction d'écriture.
    """
    index = _index(departement, lignes, verrouiller)
    resultat, vues = {}, {}
    for ligne in lignes:
        rapprochement = _rapprocher(ligne, index)
        identifiant, allocataire, nom = _cles(ligne)
        cle_fichier = ("p", rapprochement.personne.pk) if rapprochement.personne else identifiant or allocataire or nom
        if cle_fichier and cle_fichier in vues:
            rapprochement.raisons.append(
                _("la même personne figure déjà ligne %(n)s du fichier") % {"n": vues[cle_fichier]}
            )
        elif cle_fichier:
            vues[cle_fichier] = ligne.numero
        resultat[ligne.numero] = rapprochement
    return resultat


def a_un_parcours_non_clos(personne: Personne) -> bool:
    """Un parcours repéré, en orientation ou en cours : la personne n'est pas à repérer de nouveau."""
    return personne.parcours.exclude(etat__in=ETATS_CLOS).exists()
