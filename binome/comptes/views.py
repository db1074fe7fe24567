from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.comptes import desactivation, forms, selectors, services
from binome.comptes.invitations import duree_validite_jours, jeton_invitation
from binome.comptes.profil import sections as profil_sections
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50


def _fil_utilisateurs(*suite):
    return [{"titre": _("Utilisateurs"), "url": reverse("comptes:utilisateurs")}, *suite]


def _url_site(request) -> str:
    return request.build_absolute_uri("/")


@require_GET
def profil(request):
    return render(
        request,
        "comptes/profil.html",
        {
            "habilitations": selectors.habilitations(request.user),
            "sections_profil": profil_sections(request),
            "fil_ariane": [{"titre": _("Mon profil")}],
        },
    )


class ChangementMotDePasse(auth_views.PasswordChangeView):
    template_name = "comptes/mot_de_passe_changer.html"
    form_class = forms.FormulaireChangementMotDePasse
    success_url = reverse_lazy("comptes:profil")
    extra_context = {
        "fil_ariane": [
            {"titre": _("Mon profil"), "url": reverse_lazy("comptes:profil")},
            {"titre": _("Changer mon mot de passe")},
        ]
    }

    def form_valid(self, form):
        reponse = super().form_valid(form)
        messages.success(self.request, _("Votre mot de passe a été changé."))
        return reponse


@require_GET
def utilisateurs(request):
    selectors.exiger_administration(request.user)
    filtre = forms.FormulaireRechercheUtilisateurs(request.GET or None)
    criteres = filtre.cleaned_data if filtre.is_valid() else {}
    qs = selectors.utilisateurs_liste(request.user, recherche=criteres.get("q", ""), statut=criteres.get("statut", ""))
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "comptes/utilisateurs.html",
        {"page": page, "filtre": filtre, "fil_ariane": [{"titre": _("Utilisateurs")}]},
    )


@require_http_methods(["GET", "POST"])
def utilisateur_inviter(request):
    selectors.exiger_administration(request.user)
    form = forms.FormulaireInvitation(request.POST or None, acteur=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            utilisateur, cree = services.utilisateur_inviter(
                acteur=request.user, url_site=_url_site(request), **form.cleaned_data
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            if cree:
                messages.success(
                    request,
                    _("Invitation envoyée à %(email)s : le lien est valable %(jours)s jours.")
                    % {"email": utilisateur.email, "jours": duree_validite_jours()},
                )
            else:
                messages.info(
                    request,
                    _("Un compte existait déjà pour %(email)s : le rôle lui a été ajouté, sans nouvelle invitation.")
                    % {"email": utilisateur.email},
                )
            return redirect("comptes:utilisateur", pk=utilisateur.pk)
    return render(
        request,
        "comptes/utilisateur_inviter.html",
        {"form": form, "fil_ariane": _fil_utilisateurs({"titre": _("Inviter un utilisateur")})},
    )


def _rendre_fiche(request, utilisateur, form_habilitation, statut=200):
    return render(
        request,
        "comptes/utilisateur.html",
        {
            "personne": utilisateur,
            "habilitations": selectors.habilitations_de(request.user, utilisateur),
            "hors_perimetre": selectors.habilitations_hors_perimetre(request.user, utilisateur),
            "invitation_en_attente": selectors.invitation_en_attente(utilisateur),
            "parcours_a_reaffecter": desactivation.parcours_a_reaffecter(utilisateur),
            "form_habilitation": form_habilitation,
            "fil_ariane": _fil_utilisateurs({"titre": str(utilisateur)}),
        },
        status=statut,
    )


@require_GET
def utilisateur(request, pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    return _rendre_fiche(request, personne, forms.FormulaireHabilitation(acteur=request.user))


@require_POST
def habilitation_ajouter(request, pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    form = forms.FormulaireHabilitation(request.POST, acteur=request.user)
    if form.is_valid():
        try:
            services.habilitation_ajouter(acteur=request.user, utilisateur=personne, **form.cleaned_data)
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Le rôle a été attribué."))
            return redirect("comptes:utilisateur", pk=personne.pk)
    return _rendre_fiche(request, personne, form, statut=400)


def _executer(request, action, message_succes):
    try:
        action()
    except ValidationError as erreur:
        messages.error(request, " ".join(erreur.messages))
    else:
        messages.success(request, message_succes)


@require_POST
def habilitation_retirer(request, pk, habilitation_pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    habilitation = selectors.habilitation_administrable(request.user, personne, habilitation_pk)
    _executer(
        request,
        lambda: services.habilitation_retirer(acteur=request.user, habilitation=habilitation),
        _("Le rôle a été retiré."),
    )
    return redirect("comptes:utilisateur", pk=personne.pk)


@require_POST
def utilisateur_desactiver(request, pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    _executer(
        request,
        lambda: services.utilisateur_desactiver(acteur=request.user, utilisateur=personne),
        _("Le compte est désactivé : cette personne ne peut plus se connecter."),
    )
    return redirect("comptes:utilisateur", pk=personne.pk)


@require_POST
def utilisateur_reactiver(request, pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    _executer(
        request,
        lambda: services.utilisateur_reactiver(acteur=request.user, utilisateur=personne),
        _("Le compte est réactivé."),
    )
    return redirect("comptes:utilisateur", pk=personne.pk)


@require_POST
def utilisateur_renvoyer_invitation(request, pk):
    selectors.exiger_administration(request.user)
    personne = selectors.utilisateur_administrable(request.user, pk)
    _executer(
        request,
        lambda: services.utilisateur_renvoyer_invitation(
            acteur=request.user, utilisateur=personne, url_site=_url_site(request)
        ),
        _("Une nouvelle invitation a été envoyée à %(email)s.") % {"email": personne.email},
    )
    return redirect("comptes:utilisateur", pk=personne.pk)


class AcceptationInvitation(auth_views.PasswordResetConfirmView):
    """Page publique : la personne invitée choisit son mot de passe puis se retrouve connectée."""

    template_name = "comptes/invitation.html"
    form_class = forms.FormulaireNouveauMotDePasse
    token_generator = jeton_invitation
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("core:accueil")
    reset_url_token = "choisir-mot-de-passe"

    def get_user(self, uidb64):
        utilisateur = super().get_user(uidb64)
        if utilisateur is None or not utilisateur.is_active:
            return None
        return utilisateur

    def form_valid(self, form):
        reponse = super().form_valid(form)
        messages.success(self.request, _("Bienvenue ! Votre compte est activé."))
        return reponse
