from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.comptes import desactivation, forms, selectors, services
from binome.comptes.invitations import duree_validite_jours, jeton_invitation
from binome.comptes.profil import sections as profil_sections
from binome.core.forms import ajouter_erreurs

TAILLE_PAGE = 50

# Points de branchement des couches plus hautes (binome.identite) : comptes ne les connaît pas.
# - ``SORTIES`` : fonctions ``(request) -> str | None`` lues AVANT la fin de la session ; la première adresse rendue
#   remplace la page de connexion après la déconnexion (fin de session chez le fournisseur d'identité) ;
# - ``CONNEXIONS_EXTERNES`` : fonctions ``(request) -> dict | None`` ; chaque dictionnaire (``gabarit`` et ses
#   variables) ajoute un bouton à la page de connexion (bouton ProConnect quand ProConnect est configuré).
SORTIES: list = []
CONNEXIONS_EXTERNES: list = []


class Connexion(auth_views.LoginView):
    template_name = "comptes/connexion.html"
    authentication_form = forms.FormulaireConnexion
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        contexte = super().get_context_data(**kwargs)
        contexte["connexions_externes"] = [
            bouton for fonction in CONNEXIONS_EXTERNES if (bouton := fonction(self.request))
        ]
        return contexte


class Deconnexion(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        sortie = next((adresse for fonction in SORTIES if (adresse := fonction(request))), None)
        reponse = super().post(request, *args, **kwargs)
        return redirect(sortie) if sortie else reponse


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


# --- Jetons d'API ---------------------------------------------------------------------------------------------


def _fil_jetons(*suite):
    return _fil_utilisateurs({"titre": _("Jetons d'API"), "url": reverse("comptes:utilisateurs_jetons")}, *suite)


@require_GET
def jetons_api(request):
    """Les jetons des comptes du périmètre de l'administrateur (``?compte=`` : ceux d'un compte)."""
    selectors.exiger_administration(request.user)
    compte = None
    if request.GET.get("compte", "").isdigit():
        compte = selectors.utilisateur_administrable(request.user, int(request.GET["compte"]))
    filtre = forms.FormulaireFiltreJetons(request.GET or None)
    criteres = filtre.cleaned_data if filtre.is_valid() else {}
    qs = selectors.jetons_api_administrables(
        request.user, utilisateur_pk=compte.pk if compte else None, validite=criteres.get("etat", "")
    )
    page = Paginator(qs, TAILLE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "comptes/jetons_api.html",
        {
            "page": page,
            "filtre": filtre,
            "filtre_actif": bool(criteres.get("etat")),
            "compte": compte,
            "fil_ariane": _fil_utilisateurs({"titre": _("Jetons d'API")}),
        },
    )


@require_http_methods(["GET", "POST"])
def jeton_api_creer(request, pk):
    """Création d'un jeton pour un compte ; le jeton en clair n'est montré qu'une fois, dans la réponse au POST
    (ni dans l'adresse, ni en session), qui ne doit pas être mise en cache."""
    selectors.exiger_administration(request.user)
    compte = selectors.utilisateur_administrable(request.user, pk)
    form = forms.FormulaireJetonApi(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jeton, clair = services.jeton_api_creer(
                acteur=request.user,
                utilisateur=compte,
                nom=form.cleaned_data["nom"],
                lecture_seule=form.lecture_seule,
                expire_le=form.cleaned_data["expire_le"],
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            reponse = render(
                request,
                "comptes/jeton_api_cree.html",
                {"jeton": jeton, "clair": clair, "compte": compte, "fil_ariane": _fil_jetons({"titre": jeton.nom})},
            )
            patch_cache_control(reponse, no_store=True, private=True)
            return reponse
    return render(
        request,
        "comptes/jeton_api_creer.html",
        {
            "form": form,
            "compte": compte,
            "sans_role": not selectors.habilitations(compte) and not compte.is_superuser,
            "fil_ariane": _fil_jetons({"titre": _("Nouveau jeton")}),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def jeton_api_revoquer(request, pk):
    """Confirmation (GET) puis révocation (POST) d'un jeton du périmètre."""
    selectors.exiger_administration(request.user)
    jeton = selectors.jeton_api_administrable(request.user, pk)
    if request.method == "POST":
        _executer(
            request,
            lambda: services.jeton_api_revoquer(acteur=request.user, jeton=jeton),
            _("Le jeton « %(nom)s » est révoqué : il n'est plus accepté par l'API.") % {"nom": jeton.nom},
        )
        return redirect(f"{reverse('comptes:utilisateurs_jetons')}?compte={jeton.utilisateur_id}")
    return render(
        request,
        "comptes/jeton_api_revoquer.html",
        {"jeton": jeton, "fil_ariane": _fil_jetons({"titre": _("Révoquer un jeton")})},
    )


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
