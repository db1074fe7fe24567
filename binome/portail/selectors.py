"""Page d'accueil : une section par rôle de l'utilisateur connecté (couche du haut : lit comptes et organisations)."""

from django.utils.translation import gettext_lazy as _

from binome.administration.selectors import compter_perimetre
from binome.comptes.models import Role, Utilisateur
from binome.comptes.selectors import est_super_admin, habilitations
from binome.organisations.models import Organisation
from binome.territoires.models import Departement

SUPER_ADMIN = "SUPER_ADMIN"


def _section(cle: str, libelle, organisations: list[str], **donnees) -> dict:
    return {
        "cle": cle.lower(),
        "libelle": libelle,
        "gabarit": f"core/accueil/{cle.lower()}.html",
        "organisations": organisations,
        "donnees": donnees,
    }


def tableau_accueil(utilisateur) -> dict:
    """Ce que la page d'accueil montre à l'utilisateur : une section par rôle, dans l'ordre des rôles.

    Chaque section est rendue par ``templates/core/accueil/<role en minuscules>.html`` avec la variable
    ``section`` (``cle``, ``libelle``, ``organisations``, ``donnees``).
    """
    habs = habilitations(utilisateur)
    libelles = dict(Role.choices)
    sections = []
    for role in Role.values:
        organisations = [h.organisation_nom for h in habs if h.role == role]
        if not organisations:
            continue
        donnees = {}
        if role == Role.ADMIN_DEPARTEMENTAL:
            donnees["departements"] = compter_perimetre(utilisateur)
        sections.append(_section(role, libelles[role], organisations, **donnees))
    if est_super_admin(utilisateur):
        sections.append(
            _section(
                SUPER_ADMIN,
                _("Super-administrateur de la plateforme"),
                [],
                nb_departements=Departement.objects.filter(organisations__isnull=False).distinct().count(),
                nb_organisations=Organisation.objects.filter(active=True).count(),
                nb_utilisateurs=Utilisateur.objects.filter(is_active=True).count(),
            )
        )
    return {
        "habilitations": [
            {"role": h.role, "libelle": libelles.get(h.role, h.role), "organisation": h.organisation_nom} for h in habs
        ],
        "roles": {h.role for h in habs},
        "sections": sections,
    }
