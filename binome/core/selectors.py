from binome.comptes.models import Role
from binome.comptes.selectors import habilitations


def tableau_accueil(utilisateur) -> dict:
    """Ce que la page d'accueil montre à l'utilisateur, selon ses rôles."""
    habs = habilitations(utilisateur)
    libelles = dict(Role.choices)
    return {
        "habilitations": [
            {"role": h.role, "libelle": libelles.get(h.role, h.role), "organisation": h.organisation_nom} for h in habs
        ],
        "roles": {h.role for h in habs},
    }
