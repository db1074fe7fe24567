"""Du plan d'action au service : ouvrir l'annuaire pré-filtré depuis un frein ou une action.

L'URL de l'annuaire porte le contexte : ``commune`` (celle de la personne), ``frein`` (domaine ou
situation) et ``personne`` / ``action``. Sur les résultats et la fiche, « Rattacher à l'action » et
« Orienter la personne » s'appuient sur ce contexte ; l'accès à la personne et à l'action est
vérifié par ``binome.accompagnement.selectors`` à chaque requête.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from binome.ressources import freins, selectors


@dataclass
class ContextePlan:
    personne: object
    action: object | None = None
    libelle: str = ""
    parametres: list[tuple[str, str]] = field(default_factory=list)

    @property
    def action_id(self):
        return self.action.pk if self.action is not None else None

    @property
    def personne_id(self):
        return self.personne.pk


def frein_de_l_action(action) -> str:
    """Frein d'une action du référentiel : le domaine de son thème (« mobilite » → MOBILITE)."""
    element = action.element_referentiel
    if element is None:
        return ""
    if getattr(element, "domaine_frein", ""):
        return element.domaine_frein
    return freins.DOMAINE_DU_THEME.get(element.theme_code, "")


def url_annuaire(personne, *, frein: str = "", action=None) -> str:
    """Annuaire pré-filtré près de la commune de la personne, pour un frein (domaine ou situation) ou une action."""
    parametres = {"personne": personne.pk}
    if personne.commune_id:
        parametres["commune"] = personne.commune_id
    if action is not None:
        parametres["action"] = action.pk
        frein = frein or frein_de_l_action(action)
    if frein:
        parametres["frein"] = frein
    return reverse("ressources:recherche") + "?" + urlencode(parametres)


def url_annuaire_situation(personne, element_referentiel) -> str:
    """Depuis une situation du référentiel (frein détaillé du diagnostic)."""
    return url_annuaire(
        personne, frein=freins.cle_situation(element_referentiel.theme_code, element_referentiel.libelle)
    )


def contexte_depuis_requete(request) -> ContextePlan | None:
    """Contexte « plan d'action » de l'URL, si l'acteur a accès à la personne (et à l'action) ; sinon rien."""
    personne_id = request.GET.get("personne") or request.POST.get("personne")
    action_id = request.GET.get("action") or request.POST.get("action")
    if not (personne_id or action_id):
        return None
    try:
        action = selectors.action_pour(request.user, int(action_id)) if action_id else None
        personne = (
            action.plan.parcours.personne
            if action is not None
            else selectors.personne_pour(request.user, int(personne_id))
        )
    except (Http404, ValueError):
        return None
    libelle = str(personne)
    if action is not None:
        libelle = f"{personne} — {action.libelle}"
    parametres = [("personne", str(personne.pk))]
    if action is not None:
        parametres.append(("action", str(action.pk)))
    return ContextePlan(personne=personne, action=action, libelle=libelle, parametres=parametres)
