from django.urls import path

from binome.confiance import views

app_name = "confiance"

urlpatterns = [
    # Journal des accès (administrateur départemental).
    path("journal/", views.journal, name="journal"),
    # Traçabilité et droits, depuis la fiche de la personne.
    path("personnes/<int:personne_pk>/consultations/", views.consultations_personne, name="consultations_personne"),
    path("personnes/<int:personne_pk>/historique/", views.historique_personne, name="historique_personne"),
    path("personnes/<int:personne_pk>/partages/", views.partages_personne, name="partages_personne"),
    path("personnes/<int:personne_pk>/droits/", views.droits_personne, name="droits_personne"),
    path("personnes/<int:personne_pk>/droits/notice/", views.notice_enregistrer, name="notice_enregistrer"),
    path(
        "personnes/<int:personne_pk>/droits/opposition/", views.opposition_enregistrer, name="opposition_enregistrer"
    ),
    path(
        "personnes/<int:personne_pk>/droits/opposition/retirer/",
        views.opposition_retirer,
        name="opposition_retirer",
    ),
    path(
        "personnes/<int:personne_pk>/droits/opposition/examiner/",
        views.opposition_examiner,
        name="opposition_examiner",
    ),
    # Oppositions à examiner (administrateur départemental).
    path("oppositions/", views.oppositions, name="oppositions"),
    path("personnes/<int:personne_pk>/releve/", views.export_personne, name="export_personne"),
    path("personnes/<int:personne_pk>/releve/imprimer/", views.impression_personne, name="impression_personne"),
    path("personnes/<int:personne_pk>/releve.json", views.export_personne_json, name="export_personne_json"),
    # Double authentification (TOTP).
    path("double-authentification/", views.double_facteur, name="double_facteur"),
    path("double-authentification/enroler/", views.double_facteur_enroler, name="double_facteur_enroler"),
    path("double-authentification/qr-code.svg", views.double_facteur_qr, name="double_facteur_qr"),
    path("double-authentification/verifier/", views.double_facteur_verifier, name="double_facteur_verifier"),
    path("double-authentification/desactiver/", views.double_facteur_desactiver, name="double_facteur_desactiver"),
]
