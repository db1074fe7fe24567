"""Vues de la connexion par ProConnect : démarrage du flux, retour du fournisseur, refus, indisponibilité.

Le flux lui-même (code d'autorisation, PKCE S256, ``state``, ``nonce``, échange du code, vérification du jeton
d'identité) est celui de mozilla-django-oidc ; ces vues y ajoutent les pages françaises, le journal des accès, la
double authentification et ce que la déconnexion doit savoir (fournisseur de la session).
"""

import logging

import jwt
import requests
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from binome.confiance import double_facteur
from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.identite.oidc import AvecFournisseur, FournisseurIndisponible
from binome.identite.proconnect import PROCONNECT, Motif, Refus, multi_facteur
from binome.identite.session import retenir_fournisseur

journal = logging.getLogger(__name__)

ERREURS_RESEAU = (FournisseurIndisponible, requests.ConnectionError, requests.Timeout)


def indisponible(request):
    return render(request, "identite/indisponible.html", {"fournisseur": PROCONNECT.libelle}, status=503)


class DemarrageProConnect(AvecFournisseur, OIDCAuthenticationRequestView):
    fournisseur = PROCONNECT


class RetourProConnect(AvecFournisseur, OIDCAuthenticationCallbackView):
    fournisseur = PROCONNECT

    def get(self, request):
        try:
            return super().get(request)
        except ERREURS_RESEAU as erreur:
            journal.warning("ProConnect injoignable au retour : %s", type(erreur).__name__)
            return indisponible(request)
        except requests.HTTPError as erreur:
            if erreur.response is not None and erreur.response.status_code >= 500:
                journal.warning("ProConnect en erreur au retour (%s)", erreur.response.status_code)
                return indisponible(request)
            request.binome_refus_oidc = Refus(motif=Motif.REVENDICATIONS)
        except (SuspiciousOperation, jwt.PyJWTError) as erreur:
            # state inconnu, nonce, signature, émetteur ou audience du jeton d'identité, jeton expiré
            journal.warning("Retour de ProConnect refusé : %s", erreur)
            request.binome_refus_oidc = Refus(motif=Motif.REVENDICATIONS)
        return self.login_failure()

    def login_failure(self):
        request = self.request
        refus = getattr(request, "binome_refus_oidc", None) or Refus(motif=Motif.ECHEC)
        request.session.pop("oidc_id_token", None)
        journal.warning("Connexion par ProConnect refusée (motif : %s)", refus.motif)
        journaliser(
            action=Action.CONNEXION_REFUSEE,
            finalite=_("Connexion par ProConnect refusée (%(motif)s)") % {"motif": refus.motif},
            request=request,
            libelle_acteur=refus.adresse or _("ProConnect : compte inconnu"),
        )
        return render(
            request,
            "identite/refus.html",
            {"motif": refus.motif, "adresse": refus.adresse, "fournisseur": PROCONNECT.libelle},
            status=403,
        )

    def login_success(self):
        reponse = super().login_success()  # auth.login : signal user_logged_in (état du second facteur)
        request = self.request
        retenir_fournisseur(request, PROCONNECT)
        revendications = getattr(request, "binome_revendications_oidc", {})
        if multi_facteur(revendications):
            # Le fournisseur atteste une double authentification : Binôme ne redemande pas son second facteur.
            request.session[double_facteur.CLE_SESSION] = ""
        journaliser(
            action=Action.CONNEXION,
            finalite=_("Connexion par ProConnect")
            + (_(" (double authentification du fournisseur)") if multi_facteur(revendications) else ""),
            request=request,
            acteur=self.user,
        )
        return reponse


@require_GET
def demarrer(request):
    if not PROCONNECT.est_configure:
        raise Http404
    try:
        return DemarrageProConnect.as_view()(request)
    except ERREURS_RESEAU as erreur:
        journal.warning("ProConnect injoignable au démarrage : %s", type(erreur).__name__)
        return indisponible(request)


@require_GET
def retour(request):
    if not PROCONNECT.est_configure:
        raise Http404
    return RetourProConnect.as_view()(request)
