"""Administration technique de l'accompagnement.

Seul le référentiel (données non personnelles) y figure. Les dossiers personnels ne sont volontairement
pas enregistrés dans l'administration Django : le super-administrateur de la plateforme n'a pas accès
aux dossiers (besoin d'en connaître) ; ils ne se lisent qu'à travers ``selectors.py``.
"""

from django.contrib import admin

from binome.accompagnement.models import ElementReferentiel


@admin.register(ElementReferentiel)
class ElementReferentielAdmin(admin.ModelAdmin):
    list_display = ["libelle", "type", "theme_libelle", "domaine_frein", "actif"]
    list_filter = ["type", "domaine_frein", "actif", "theme_libelle"]
    search_fields = ["libelle", "theme_libelle"]
    ordering = ["type", "theme_libelle", "libelle"]
