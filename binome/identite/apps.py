from django.apps import AppConfig


class IdentiteConfig(AppConfig):
    name = "binome.identite"
    label = "identite"
    verbose_name = "Identité : connexion par ProConnect et FranceConnect"

    def ready(self):
        from binome.comptes import views as vues_comptes
        from binome.identite import branchements

        if branchements.sortie_proconnect not in vues_comptes.SORTIES:
            vues_comptes.SORTIES.append(branchements.sortie_proconnect)
        if branchements.bouton_proconnect not in vues_comptes.CONNEXIONS_EXTERNES:
            vues_comptes.CONNEXIONS_EXTERNES.append(branchements.bouton_proconnect)
