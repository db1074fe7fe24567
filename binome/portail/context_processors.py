from django.conf import settings

from binome.comptes.selectors import habilitations


def binome(request):
    """Contexte commun : nom du produit et habilitations de la personne connectée (navigation par rôle)."""
    utilisateur = getattr(request, "user", None)
    habs = habilitations(utilisateur) if utilisateur is not None else []
    return {
        "nom_produit": settings.BINOME_NOM_PRODUIT,
        "habilitations_actives": habs,
        "roles_actifs": {h.role for h in habs},
        "est_super_admin": bool(utilisateur and utilisateur.is_authenticated and utilisateur.is_superuser),
    }
