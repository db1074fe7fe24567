from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from binome.comptes import forms, views

app_name = "comptes"

urlpatterns = [
    path("connexion/", views.Connexion.as_view(), name="connexion"),
    path("deconnexion/", views.Deconnexion.as_view(), name="deconnexion"),
    path("profil/", views.profil, name="profil"),
    path("profil/mot-de-passe/", views.ChangementMotDePasse.as_view(), name="mot_de_passe_changer"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(
            template_name="comptes/mot_de_passe_oublie.html",
            email_template_name="comptes/courriels/mot_de_passe_oublie.txt",
            subject_template_name="comptes/courriels/mot_de_passe_oublie_sujet.txt",
            form_class=forms.FormulaireMotDePasseOublie,
            success_url=reverse_lazy("comptes:mot_de_passe_envoye"),
        ),
        name="mot_de_passe_oublie",
    ),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="comptes/mot_de_passe_envoye.html"),
        name="mot_de_passe_envoye",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="comptes/mot_de_passe_nouveau.html",
            form_class=forms.FormulaireNouveauMotDePasse,
            success_url=reverse_lazy("comptes:mot_de_passe_change"),
        ),
        name="mot_de_passe_nouveau",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordResetCompleteView.as_view(template_name="comptes/mot_de_passe_change.html"),
        name="mot_de_passe_change",
    ),
    path("invitation/<uidb64>/<token>/", views.AcceptationInvitation.as_view(), name="invitation"),
    path("utilisateurs/", views.utilisateurs, name="utilisateurs"),
    path("utilisateurs/inviter/", views.utilisateur_inviter, name="utilisateur_inviter"),
    path("utilisateurs/<int:pk>/", views.utilisateur, name="utilisateur"),
    # Jetons d'API : noms en « utilisateur… » pour que l'entrée « Utilisateurs » du menu reste active.
    path("utilisateurs/jetons-api/", views.jetons_api, name="utilisateurs_jetons"),
    path("utilisateurs/<int:pk>/jetons-api/creer/", views.jeton_api_creer, name="utilisateur_jeton_creer"),
    path("utilisateurs/jetons-api/<int:pk>/revoquer/", views.jeton_api_revoquer, name="utilisateurs_jeton_revoquer"),
    path("utilisateurs/<int:pk>/roles/ajouter/", views.habilitation_ajouter, name="habilitation_ajouter"),
    path(
        "utilisateurs/<int:pk>/roles/<int:habilitation_pk>/retirer/",
        views.habilitation_retirer,
        name="habilitation_retirer",
    ),
    path("utilisateurs/<int:pk>/desactiver/", views.utilisateur_desactiver, name="utilisateur_desactiver"),
    path("utilisateurs/<int:pk>/reactiver/", views.utilisateur_reactiver, name="utilisateur_reactiver"),
    path(
        "utilisateurs/<int:pk>/renvoyer-invitation/",
        views.utilisateur_renvoyer_invitation,
        name="utilisateur_renvoyer_invitation",
    ),
]
