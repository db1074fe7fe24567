from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Préfixes accessibles sans être connecté. Tout le reste exige une connexion :
# une nouvelle route est protégée par défaut (voir tests/test_acces_anonyme.py).
CHEMINS_PUBLICS = (
    "/connexion/",
    "/mot-de-passe/",
    "/invitation/",
    "/mentions-legales/",
    "/donnees-personnelles/",
    "/accessibilite/",
    "/static/",
    "/sante/",
    "/api/",  # l'API fait sa propre authentification et répond 401, pas une redirection
    "/agenda/abonnement/",
    # espace de la personne accompagnée : sa propre session, vérifiée par binome.espace.acces.espace_requis
    "/mon-espace/",  # flux .ics d'un agenda : le jeton de l'adresse est l'autorisation (404 sinon)
)


class ConnexionObligatoireMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(CHEMINS_PUBLICS):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)
