"""Administration Django des territoires : consultation seule (les données viennent de ``charger_referentiels``)."""

from django.contrib import admin

from binome.territoires.models import CodePostal, Commune, CommuneDeleguee, Departement, Region


class LectureSeule(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(LectureSeule):
    list_display = ["code", "nom"]
    search_fields = ["code", "nom"]


@admin.register(Departement)
class DepartementAdmin(LectureSeule):
    list_display = ["code", "nom", "region"]
    list_select_related = ["region"]
    list_filter = ["region"]
    search_fields = ["code", "nom"]


class CodePostalEnLigne(admin.TabularInline):
    model = CodePostal
    fields = ["code_postal", "libelle_acheminement"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CommuneDelegueeEnLigne(admin.TabularInline):
    model = CommuneDeleguee
    fields = ["nom", "code_postal", "population"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Commune)
class CommuneAdmin(LectureSeule):
    list_display = ["code_insee", "nom", "type", "code_postal", "departement", "population"]
    list_select_related = ["departement"]
    list_filter = ["type", "departement__region"]
    search_fields = ["=code_insee", "nom", "=code_postal"]
    inlines = [CodePostalEnLigne, CommuneDelegueeEnLigne]
    show_full_result_count = False


@admin.register(CommuneDeleguee)
class CommuneDelegueeAdmin(LectureSeule):
    list_display = ["nom", "commune", "code_postal", "population"]
    list_select_related = ["commune__departement"]
    search_fields = ["nom", "=code_insee"]


@admin.register(CodePostal)
class CodePostalAdmin(LectureSeule):
    list_display = ["code_postal", "commune", "libelle_acheminement"]
    list_select_related = ["commune__departement"]
    search_fields = ["=code_postal", "libelle_acheminement"]
    show_full_result_count = False
