"""Administration technique (super-administrateur). Les administrateurs départementaux utilisent les écrans
de l'application, pas cette administration. Rien ne s'y supprime : on désactive."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from binome.comptes.models import Habilitation, Utilisateur


class HabilitationEnLigne(admin.TabularInline):
    model = Habilitation
    fk_name = "utilisateur"
    extra = 0
    fields = ["organisation", "role", "active", "cree_le", "cree_par"]
    readonly_fields = ["cree_le", "cree_par"]
    autocomplete_fields = ["organisation"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Utilisateur)
class UtilisateurAdmin(SimpleHistoryAdmin):
    list_display = ["email", "nom", "prenom", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "habilitations__role"]
    search_fields = ["email", "nom", "prenom"]
    ordering = ["nom", "prenom"]
    fieldsets = [
        (None, {"fields": ["email", "prenom", "nom", "telephone"]}),
        (_("Statut"), {"fields": ["is_active", "desactive_le", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    readonly_fields = ["desactive_le", "date_joined", "last_login"]
    inlines = [HabilitationEnLigne]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Habilitation)
class HabilitationAdmin(SimpleHistoryAdmin):
    list_display = ["utilisateur", "role", "organisation", "active", "cree_le"]
    list_filter = ["role", "active", "organisation__departement"]
    search_fields = ["utilisateur__email", "utilisateur__nom", "organisation__nom"]
    autocomplete_fields = ["utilisateur", "organisation"]
    readonly_fields = ["cree_le", "cree_par"]
    list_select_related = ["utilisateur", "organisation"]

    def has_delete_permission(self, request, obj=None):
        return False
