"""Import d'une liste de personnes (listes CAF/MSA de nouveaux bénéficiaires du RSA, extraits France Travail,
logiciel d'action sociale) : ``personnes_importer``. Le fichier est lu par ``binome.echanges.importation``.

Tout ou rien : chaque ligne est rapprochée d'un dossier **du département de l'administrateur seulement**
(``selectors.rapprocher_personnes`` : identifiant France Travail, puis numéro CAF/MSA, puis nom et date de
naissance), puis contrôlée comme une saisie (``personnes._valider``). S'il reste une seule anomalie,
``ListeRefusee`` est levée avec le résultat de **chaque** ligne et rien n'est écrit. Un rapprochement par le
nom et la date de naissance n'est appliqué qu'une fois confirmé (``confirmer_homonymes``).

Une personne créée est repérée comme par ``personne_creer`` (parcours à l'état repéré, point d'entrée
« reperage ») ; une personne déjà connue et listée comme nouvelle bénéficiaire du RSA sans parcours ouvert l'est
aussi. Le droit au RSA porté par la liste (statut, date, motif) est enregistré.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import machine
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Parcours, Personne
from binome.accompagnement.selectors.rapprochement import (
    CLE_NOM_NAISSANCE,
    Rapprochement,
    a_un_parcours_non_clos,
    rapprocher_personnes,
)
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.accompagnement.services.personnes import _nettoyer, _valider
from binome.comptes.models import Role
from binome.comptes.selectors import departements_du_role
from binome.core.historique import sauver
from binome.core.texte import normaliser
from binome.territoires.models import Commune

__all__ = ["LignePersonne", "ListeRefusee", "ResultatLigne", "personnes_importer"]

RAISON_HISTORIQUE = "Import d'une liste de personnes"

# Champs de la personne qu'une liste peut porter (une valeur vide ne remplace jamais une valeur connue).
CHAMPS_LISTE = (
    "nom",
    "prenom",
    "date_naissance",
    "sexe",
    "identifiant_ft",
    "organisme_allocataire",
    "numero_allocataire",
    "telephone",
    "courriel",
    "adresse",
    "complement_adresse",
    "droit_rsa",
    "droit_rsa_le",
    "droit_rsa_motif",
)

CREEE, MISE_A_JOUR, INCHANGEE, REFUSEE = "creee", "mise_a_jour", "inchangee", "refusee"
LIBELLES_ACTION = {
    CREEE: _("créée"),
    MISE_A_JOUR: _("mise à jour"),
    INCHANGEE: _("inchangée"),
    REFUSEE: _("refusée"),
}


@dataclass
class LignePersonne:
    """Une ligne bien formée : ``champs`` (sous-ensemble de ``CHAMPS_LISTE``, valeurs typées, vides omises),
    ``code_commune`` (INSEE) ou à défaut ``code_postal`` et ``nom_commune`` ; ``nouveau_rsa`` : la liste la
    donne comme nouvelle bénéficiaire du RSA à orienter."""

    numero: int
    champs: dict
    code_commune: str = ""
    code_postal: str = ""
    nom_commune: str = ""
    nouveau_rsa: bool = False


@dataclass
class ResultatLigne:
    numero: int
    action: str = ""
    personne_pk: int | None = None
    libelle: str = ""
    cle: str = ""  # clé de rapprochement retenue (vide : création)
    a_confirmer: bool = False  # rapprochement par le nom et la date de naissance
    raisons: list[str] = field(default_factory=list)

    @property
    def action_libelle(self) -> str:
        return str(LIBELLES_ACTION.get(self.action, self.action))


class ListeRefusee(ValidationError):
    """La liste est refusée en entier : ``resultats`` donne chaque ligne, refusée ou non, avec ses raisons."""

    def __init__(self, resultats: list[ResultatLigne]):
        self.resultats = sorted(resultats, key=lambda r: r.numero)
        messages = [
            _("Ligne %(n)s : %(raison)s") % {"n": r.numero, "raison": raison}
            for r in self.resultats
            for raison in r.raisons
        ]
        super().__init__(messages or [_("Liste refusée.")], code="liste_refusee")


def _communes(lignes: list[LignePersonne]) -> tuple[dict[str, Commune], dict[str, list[Commune]]]:
    """Communes des lignes (deux requêtes) : par code INSEE, et par code postal."""
    codes = {ligne.code_commune for ligne in lignes if ligne.code_commune}
    postaux = {ligne.code_postal for ligne in lignes if ligne.code_postal and not ligne.code_commune}
    par_insee = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=codes).select_related("departement")}
    par_postal: dict[str, list[Commune]] = {}
    for commune in Commune.objects.filter(code_postal__in=postaux).select_related("departement").order_by("pk"):
        par_postal.setdefault(commune.code_postal, []).append(commune)
    return par_insee, par_postal


def _commune_de(ligne: LignePersonne, communes) -> tuple[Commune | None, str]:
    par_insee, par_postal = communes
    if ligne.code_commune:
        commune = par_insee.get(ligne.code_commune)
        return commune, "" if commune else _("commune « %(c)s » inconnue (code INSEE)") % {"c": ligne.code_commune}
    if not ligne.code_postal:
        return None, ""
    candidates = par_postal.get(ligne.code_postal, [])
    if ligne.nom_commune and len(candidates) > 1:
        nom = normaliser(ligne.nom_commune)
        candidates = [c for c in candidates if normaliser(c.nom) == nom]
    if len(candidates) == 1:
        return candidates[0], ""
    return None, _("commune introuvable pour le code postal « %(cp)s » %(nom)s") % {
        "cp": ligne.code_postal,
        "nom": ligne.nom_commune,
    }


def _refuser_hors_departement(resultat: ResultatLigne, commune: Commune | None, departement: str) -> bool:
    if commune is None or commune.departement_id == departement:
        return False
    resultat.raisons.append(
        _(
            "la commune %(commune)s est dans le département %(autre)s, hors du vôtre (%(dept)s) : "
            "rien n'est fait pour cette personne"
        )
        % {"commune": commune.nom, "autre": commune.departement, "dept": departement}
    )
    return True


def _preparer(ligne, rapprochement: Rapprochement, commune, departement: str) -> tuple[Personne, list[str]]:
    """La personne telle qu'elle serait écrite (nouvelle, ou existante modifiée en mémoire) et ce qui change."""
    personne = rapprochement.personne or Personne(departement_id=departement)
    modifies = []
    for champ, valeur in ligne.champs.items():
        if valeur in ("", None) or getattr(personne, champ) == valeur:
            continue
        setattr(personne, champ, valeur)
        modifies.append(champ)
    if commune is not None and personne.commune_id != commune.pk:
        personne.commune = commune
        modifies.append("commune")
    if ligne.nouveau_rsa and not personne.beneficiaire_rsa:
        personne.beneficiaire_rsa = True
        modifies.append("beneficiaire_rsa")
    if ligne.nouveau_rsa and personne.inscrite_liste_rsa_le is None:
        # Départ du délai d'orientation : le jour où la liste la donne pour la première fois.
        personne.inscrite_liste_rsa_le = timezone.localdate()
        modifies.append("inscrite_liste_rsa_le")
    _nettoyer(personne)
    return personne, modifies


def _messages(erreur: ValidationError) -> list[str]:
    if hasattr(erreur, "error_dict"):
        return [
            f"{Personne._meta.get_field(champ).verbose_name if champ != '__all__' else ''} : {m}".lstrip(" :")
            for champ, liste in erreur.message_dict.items()
            for m in liste
        ]
    return list(erreur.messages)


def _controler(ligne, rapprochement, communes, departement, confirmer_homonymes):
    """Le résultat d'une ligne et, si elle est acceptée, (personne préparée, champs modifiés)."""
    resultat = ResultatLigne(numero=ligne.numero, raisons=list(rapprochement.raisons))
    commune, erreur_commune = _commune_de(ligne, communes)
    if erreur_commune:
        resultat.raisons.append(erreur_commune)
    if _refuser_hors_departement(resultat, commune, departement) or resultat.raisons:
        resultat.action = REFUSEE
        return resultat, None
    personne, modifies = _preparer(ligne, rapprochement, commune, departement)
    resultat.libelle = str(personne)
    resultat.cle = rapprochement.cle
    resultat.personne_pk = personne.pk
    resultat.a_confirmer = rapprochement.cle == CLE_NOM_NAISSANCE
    if personne.anonymise_le:
        resultat.raisons.append(_("ce dossier a été anonymisé : il ne se modifie plus"))
    elif resultat.a_confirmer and not confirmer_homonymes:
        resultat.raisons.append(
            _("rapprochée par le nom et la date de naissance seulement : confirmez qu'il s'agit de la même personne")
        )
    try:
        _valider(personne)
    except ValidationError as erreur:
        resultat.raisons.extend(_messages(erreur))
    if resultat.raisons:
        resultat.action = REFUSEE
        return resultat, None
    resultat.action = CREEE if personne.pk is None else (MISE_A_JOUR if modifies else INCHANGEE)
    return resultat, (personne, modifies)


def _reperer(personne: Personne, *, acteur, aujourdhui: datetime.date, libelle: str) -> None:
    """Un parcours à l'état repéré, par le point d'entrée déclaré du repérage."""
    parcours = Parcours(
        personne=personne,
        departement_id=personne.departement_id,
        date_reperage=aujourdhui,
        sexe=personne.sexe,
        cree_par=acteur,
    )
    point = machine.POINTS_ENTREE["reperage"]
    machine.etablir_etat_initial(parcours, point_entree=point.nom)
    sauver(parcours, acteur=acteur, raison=RAISON_HISTORIQUE)
    evenement_enregistrer(personne=personne, parcours=parcours, type=point.evenement, libelle=libelle, acteur=acteur)


def _ecrire(ligne: LignePersonne, personne: Personne, modifies: list[str], *, acteur, aujourdhui, libelle_liste):
    nouvelle = personne.pk is None
    if nouvelle:
        personne.cree_par = acteur
    if modifies or nouvelle:
        sauver(personne, acteur=acteur, raison=RAISON_HISTORIQUE)
        evenement_enregistrer(
            personne=personne,
            type=TypeEvenement.PERSONNE_CREEE if nouvelle else TypeEvenement.PERSONNE_MODIFIEE,
            libelle=_("Personne enregistrée (%(liste)s)") % {"liste": libelle_liste}
            if nouvelle
            else _("Informations de la personne mises à jour (%(liste)s)") % {"liste": libelle_liste},
            acteur=acteur,
        )
    ouvert = not nouvelle and a_un_parcours_non_clos(personne)
    if nouvelle or (ligne.nouveau_rsa and not ouvert):
        _reperer(
            personne,
            acteur=acteur,
            aujourdhui=aujourdhui,
            libelle=_("Repérage (%(liste)s)") % {"liste": libelle_liste},
        )


@transaction.atomic(durable=True)
def personnes_importer(
    *,
    acteur,
    departement: str,
    lignes: list[LignePersonne],
    libelle_liste: str,
    dry_run: bool = False,
    confirmer_homonymes: bool = False,
) -> list[ResultatLigne]:
    """Importe la liste dans ``departement`` (que l'acteur doit administrer) ; tout ou rien.

    Renvoie le résultat de chaque ligne (créée, mise à jour, inchangée). ``dry_run`` : tout est contrôlé, rien
    n'est écrit. Lève ``ListeRefusee`` (avec chaque ligne et ses raisons) dès qu'une ligne est refusée.
    """
    if departement not in departements_du_role(acteur, Role.ADMIN_DEPARTEMENTAL):
        raise PermissionDenied(_("Vous n'administrez pas ce département."))
    if not lignes:
        raise ListeRefusee([ResultatLigne(numero=0, action=REFUSEE, raisons=[_("aucune personne à importer")])])
    rapprochements = rapprocher_personnes(departement=departement, lignes=lignes, verrouiller=not dry_run)
    communes = _communes(lignes)
    resultats, a_ecrire = [], []
    for ligne in lignes:
        resultat, preparee = _controler(
            ligne, rapprochements[ligne.numero], communes, departement, confirmer_homonymes
        )
        resultats.append(resultat)
        if preparee:
            a_ecrire.append((ligne, *preparee))
    if any(r.raisons for r in resultats):
        raise ListeRefusee(resultats)
    if dry_run:
        return resultats
    aujourdhui = timezone.localdate()
    for (ligne, personne, modifies), resultat in zip(a_ecrire, resultats, strict=True):
        _ecrire(ligne, personne, modifies, acteur=acteur, aujourdhui=aujourdhui, libelle_liste=libelle_liste)
        resultat.personne_pk = personne.pk
    return resultats
