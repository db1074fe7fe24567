from django.conf import settings

from binome.comptes.selectors import est_super_admin, habilitations
from binome.portail.selectors import menu_pour


def binome(request):
    """Contexte commun : nom du produit, habilitations de la personne connectée (en-tête) et menu.

    ``menu`` : les entrées de ``binome.portail.selectors.menu_pour``, chacune avec ``active`` (la page
    courante est dans sa section). Aucune liste de rôles dans les gabarits : le menu vient du sélecteur.
    """
    utilisateur = getattr(request, "user", None)
    connecte = bool(utilisateur is not None and utilisateur.is_authenticated)
    resolution = getattr(request, "resolver_match", None)
    view_name = (resolution.view_name or "") if resolution is not None else ""
    return {
        "nom_produit": settings.BINOME_NOM_PRODUIT,
        "habilitations_actives": habilitations(utilisateur) if connecte else [],
        "est_super_admin": connecte and est_super_admin(utilisateur),
        "menu": [
            {
                "libelle": entree.libelle,
                "url_name": entree.url_name,
                "active": entree.est_active(view_name),
                "nombre": entree.compteur(utilisateur) if entree.compteur else 0,
            }
            for entree in menu_pour(utilisateur)
        ],
    }
