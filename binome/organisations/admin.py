from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from binome.organisations.models import ConventionFSE, Organisation, ParametresDepartement


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["nom", "type", "categorie_partenaire", "departement", "active"]
    list_filter = ["type", "active", "departement"]
    search_fields = ["nom"]
    raw_id_fields = ["communes", "commune"]
    autocomplete_fields = ["parent"]
    list_select_related = ["departement"]
    readonly_fields = ["cree_le", "modifie_le"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ParametresDepartement)
class ParametresDepartementAdmin(SimpleHistoryAdmin):
    list_display = ["departement", "libelle_unite_action_sociale", "duree_parcours_mois", "conservation_mois"]
    readonly_fields = ["cree_le", "modifie_le"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConventionFSE)
class ConventionFSEAdmin(SimpleHistoryAdmin):
    list_display = ["departement", "identifiant_operation", "date_debut", "date_fin"]
    list_filter = ["departement"]
    readonly_fields = ["cree_le", "modifie_le"]
