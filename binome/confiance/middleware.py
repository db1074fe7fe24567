"""Middlewares de la confiance : journal des accès, double authentification, taille des requêtes."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from binome.confiance import registre
from binome.confiance.double_facteur import A_ENROLER, A_VERIFIER, CLE_SESSION
from binome.confiance.journal import journaliser
from binome.confiance.models import Action

METHODES_LECTURE = ("GET", "HEAD")
# Attribut posé par une vue à jeton (``agenda.vues_abonnement``) : l'utilisateur à qui appartient le jeton.
ACTEUR_PAR_JETON = "binome_acteur_par_jeton"


def _chemin_sans_jeton(chemin: str, kwargs: dict) -> str:
    """Le chemin journalisé, sans le jeton d'une adresse secrète : le journal ne doit pas le révéler."""
    jeton = kwargs.get("jeton")
    return chemin.replace(jeton, "…") if jeton else chemin


class JournalAccesMiddleware:
    """Après une réponse réussie d'une route du registre, écrit la ligne du journal des accès.

    Lecture (GET/HEAD) : seulement sur un statut 200. Écriture (POST…) : sur un statut 2xx ou 3xx
    (redirection après enregistrement). Une erreur d'écriture du journal fait échouer la requête :
    aucun accès n'est servi sans trace.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        self._journaliser(request, reponse)
        return reponse

    def _journaliser(self, request, reponse):
        correspondance = getattr(request, "resolver_match", None)
        # Une route à jeton (flux de l'agenda) n'a pas de session : la vue désigne le propriétaire du jeton.
        utilisateur = getattr(request, ACTEUR_PAR_JETON, None) or getattr(request, "user", None)
        if correspondance is None or utilisateur is None or not utilisateur.is_authenticated:
            return
        decl = registre.declaration(correspondance.view_name or "")
        if decl is None:
            return
        if request.method in METHODES_LECTURE:
            if reponse.status_code != 200:
                return
            action = decl.action
        else:
            if not 200 <= reponse.status_code < 400:
                return
            action = decl.action if decl.action in (Action.EXPORT, Action.IMPRESSION) else Action.SAISIE
        objet_type, objet_id, personne_id, departement = registre.cible(correspondance.kwargs, decl)
        journaliser(
            request=request,
            acteur=utilisateur,
            chemin=_chemin_sans_jeton(request.path, correspondance.kwargs),
            action=action,
            finalite=str(decl.finalite),
            objet=(objet_type, objet_id) if objet_type else None,
            personne=personne_id,
            departement=departement,
            route=correspondance.view_name,
        )


class DoubleFacteurMiddleware:
    """Tant que le second facteur n'est pas vérifié, renvoie vers la vérification (appareil enrôlé) ou,
    pour les rôles qui l'exigent, vers l'enrôlement. L'état est calculé à la connexion et gardé en session
    (aucune requête de plus par page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        etat = request.session.get(CLE_SESSION, "") if hasattr(request, "session") else ""
        if etat and request.user.is_authenticated and not request.path.startswith(self._chemins_libres()):
            cible = "confiance:double_facteur_verifier" if etat == A_VERIFIER else "confiance:double_facteur_enroler"
            if etat in (A_VERIFIER, A_ENROLER):
                return HttpResponseRedirect(f"{reverse(cible)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _chemins_libres():
        return (
            reverse("confiance:double_facteur_verifier"),
            reverse("confiance:double_facteur_enroler"),
            reverse("confiance:double_facteur_qr"),
            reverse("comptes:deconnexion"),
            settings.STATIC_URL,
            "/sante/",
        )


class LimiteTailleRequeteMiddleware:
    """Refuse (413, page en français) une requête dont le corps dépasse ``BINOME_TAILLE_MAX_REQUETE``
    avant toute lecture du corps : un fichier trop gros n'est ni lu ni écrit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            taille = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            taille = 0
        limite = settings.BINOME_TAILLE_MAX_REQUETE
        if taille > limite:
            return TemplateResponse(
                request, "413.html", {"limite_mo": round(limite / (1024 * 1024), 1)}, status=413
            ).render()
        return self.get_response(request)
