from django.apps import AppConfig


class QuotidienConfig(AppConfig):
    name = "binome.quotidien"
    label = "quotidien"
    verbose_name = "Quotidien"

    def ready(self):
        # « Mon profil » (comptes, couche inférieure) montre la fréquence du résumé par courriel (poste h5).
        from binome.comptes import profil as profil_comptes
        from binome.quotidien.profil import section as section_resume

        profil_comptes.brancher(section_resume)
