"""Recherche à partir des paramètres d'une requête : partagée par la vue HTML et l'API REST."""

from django.core.paginator import Paginator

from binome.comptes.selectors import habilitations
from binome.ressources import referentiels as ref
from binome.ressources import selectors
from binome.ressources.forms import RechercheForm
from binome.ressources.recherche import RAYON_KM_DEFAUT, Criteres, charger, rechercher

TAILLE_PAGE = 20


def departements_acteur(acteur) -> list[str]:
    """Les départements des habilitations de l'acteur : ceux où la commune est cherchée d'abord."""
    return sorted({h.departement_code for h in habilitations(acteur) if h.departement_code})


def criteres_depuis(form: RechercheForm, acteur) -> tuple[Criteres, list[str]]:
    """Critères d'un formulaire valide ; le frein devient ses thématiques (correspondance du département)."""
    donnees = form.cleaned_data
    commune = donnees.get("commune")
    thematiques = sorted(ref.etendre_thematiques([donnees["thematique"]])) if donnees.get("thematique") else []
    thematiques_frein = []
    if donnees.get("frein"):
        departement = selectors.departement_de_reference(acteur, commune)
        thematiques_frein = selectors.thematiques_du_frein(donnees["frein"], departement)
        # Frein et thématique se combinent : la thématique précise le frein.
        thematiques = [t for t in thematiques if t in thematiques_frein] if thematiques else list(thematiques_frein)
        if not thematiques:
            # Un frein sans correspondance (ou sans intersection) ne doit pas afficher tout l'annuaire.
            thematiques = ["__aucune__"]
    criteres = Criteres(
        commune=commune,
        rayon_km=donnees.get("rayon"),
        thematiques=thematiques,
        publics=donnees.get("publics") or [],
        modes_accueil=donnees.get("modes_accueil") or [],
        types=donnees.get("types") or [],
        frais=donnees.get("frais") or [],
        texte=donnees.get("q") or "",
    )
    return criteres, thematiques_frein


def executer_recherche(request, donnees_get, *, taille_page: int = TAILLE_PAGE, colonnes=()):
    """Recherche commune à la vue HTML et à l'API : (formulaire, page de résultats ou None, thématiques du frein) ;
    ``colonnes`` : celles des fiches à lire (``charger``), toutes par défaut."""
    if donnees_get:
        donnees_get = donnees_get.copy()
        if not donnees_get.get("rayon"):
            donnees_get["rayon"] = str(RAYON_KM_DEFAUT)
    form = RechercheForm(donnees_get or None, departements_preferes=departements_acteur(request.user))
    if not donnees_get or not form.is_valid():
        return form, None, []
    commune = form.cleaned_data.get("commune")
    if commune is not None:
        # Le formulaire réaffiché montre la commune reconnue (« Saint-Flour (15100) ») plutôt que la saisie.
        donnees_get["commune"] = commune.pk
    criteres, thematiques_frein = criteres_depuis(form, request.user)
    base = selectors.services_publies(request.user)
    candidats = rechercher(base, criteres)
    page = Paginator(candidats, taille_page).get_page(donnees_get.get("page"))
    page.resultats = charger(base, list(page.object_list), seulement=colonnes)
    return form, page, thematiques_frein
