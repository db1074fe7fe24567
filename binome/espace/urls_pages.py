from django.urls import path

from binome.espace import vues_pages

urlpatterns = [
    path("mon-espace/", vues_pages.accueil, name="accueil"),
    path("mon-espace/mon-plan/", vues_pages.plan, name="plan"),
    path("mon-espace/mon-plan/contrat.pdf", vues_pages.plan_pdf, name="plan_pdf"),
    path("mon-espace/mes-rendez-vous/", vues_pages.rendez_vous, name="rendez_vous"),
    path(
        "mon-espace/mes-rendez-vous/<int:rendez_vous_pk>/calendrier.ics",
        vues_pages.rendez_vous_ics,
        name="rendez_vous_ics",
    ),
    path(
        "mon-espace/mes-rendez-vous/<int:rendez_vous_pk>/confirmer/",
        vues_pages.rendez_vous_confirmer,
        name="rendez_vous_confirmer",
    ),
    path(
        "mon-espace/mes-rendez-vous/<int:rendez_vous_pk>/annuler/",
        vues_pages.rendez_vous_annuler,
        name="rendez_vous_annuler",
    ),
    path("mon-espace/mes-seances/<int:inscription_pk>/calendrier.ics", vues_pages.seance_ics, name="seance_ics"),
    path("mon-espace/mes-contacts/", vues_pages.contacts, name="contacts"),
    path("mon-espace/mes-services/", vues_pages.services, name="services"),
]
