from django.db.models import QuerySet

from binome.comptes.selectors import departements_administres
from binome.organisations.models import Organisation


def organisations_administrables(acteur) -> QuerySet[Organisation]:
    """Organisations qu'un administrateur peut voir et modifier : celles de ses départements."""
    departements = departements_administres(acteur)
    qs = Organisation.objects.select_related("departement", "parent")
    if departements is None:
        return qs
    return qs.filter(departement__in=departements)
