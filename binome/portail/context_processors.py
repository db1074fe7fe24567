from django.conf import settings

from binome.comptes.selectors import est_super_admin, habilitations
from binome.portail.selectors import menu_pour
from binome.quotidien.a_faire import TOTAL


def binome(request):
    """Contexte commun : nom du produit, habilitations de la personne connectée (en-tête) et menu.

    ``menu`` : les entrées de ``binome.portail.selectors.menu_pour``, chacune avec ``active`` (la page
    courante est dans sa section). Aucune liste de rôles dans les gabarits : le menu vient du sélecteur.
    Aucun nombre n'est compté ici : une entrée à compteur rend un emplacement (``compteur``, la clé de la ligne
    « À faire »), rempli après la page par ``quotidien:compteurs`` ; ``annonce`` : le seul emplacement lu par
    les lecteurs d'écran quand il se remplit (le total de l'accueil).
    """
    utilisateur = getattr(request, "user", None)
    connecte = bool(utilisateur is not None and utilisateur.is_authenticated)
    resolution = getattr(request, "resolver_match", None)
    view_name = (resolution.view_name or "") if resolution is not None else ""
    menu = [
        {
            "libelle": entree.libelle,
            "url_name": entree.url_name,
            "active": entree.est_active(view_name),
            "compteur": entree.compteur or "",
            "annonce": entree.compteur == TOTAL,
        }
        for entree in menu_pour(utilisateur)
    ]
    return {
        "nom_produit": settings.BINOME_NOM_PRODUIT,
        "habilitations_actives": habilitations(utilisateur) if connecte else [],
        "est_super_admin": connecte and est_super_admin(utilisateur),
        "menu": menu,
        "compteurs_du_menu": any(entree["compteur"] for entree in menu),
    }
