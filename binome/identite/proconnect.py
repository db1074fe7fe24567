"""ProConnect : la connexion des professionnels (agents publics et partenaires) par l'identité de leur structure.

Un compte Binôme n'est jamais créé par ProConnect : l'adresse électronique reçue est rapprochée (sans tenir compte
de la casse) d'un compte actif déjà créé ou invité par un administrateur. Une adresse inconnue, un compte désactivé ou
des revendications invalides sont refusés ; la vue de retour montre alors la page qui dit à qui s'adresser.
"""

from dataclasses import dataclass

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.core.validators import validate_email

from binome.identite.oidc import BackendOIDC, Fournisseur

# Valeurs de « acr » de ProConnect qui attestent une double authentification (documentation ProConnect, « niveaux
# d'assurance ») ; « amr » contient « mfa » dans le même cas (par exemple ["pwd", "totp", "mfa"]).
ACR_MULTI_FACTEUR = frozenset(
    {
        "eidas2",
        "eidas3",
        "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
        "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
    }
)

PROCONNECT = Fournisseur(
    code="proconnect",
    libelle="ProConnect",
    prefixe="PROCONNECT",
    scopes="openid email given_name usual_name siret uid",
    route_retour="identite:proconnect_retour",
    # « amr » n'est rendu par ProConnect que s'il est demandé (revendication du jeton d'identité).
    parametres={"claims": '{"id_token": {"amr": {"essential": true}, "acr": null}}'},
)


class Motif:
    INCONNU = "inconnu"
    DESACTIVE = "desactive"
    REVENDICATIONS = "revendications"
    ECHEC = "echec"


@dataclass(frozen=True)
class Refus:
    motif: str
    adresse: str = ""


def multi_facteur(revendications: dict) -> bool:
    """Le fournisseur déclare-t-il une connexion à plusieurs facteurs (``amr`` ou ``acr``) ?"""
    amr = revendications.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    return "mfa" in amr or revendications.get("acr") in ACR_MULTI_FACTEUR


def adresse_valide(valeur) -> str:
    """L'adresse électronique reçue, normalisée (minuscules, sans espaces), ou ``""`` si elle est invalide."""
    adresse = str(valeur or "").strip().lower()
    try:
        validate_email(adresse)
    except ValidationError:
        return ""
    return adresse


class BackendProConnect(BackendOIDC):
    fournisseur = PROCONNECT

    def _refuser(self, motif: str, adresse: str = ""):
        self.request.binome_refus_oidc = Refus(motif=motif, adresse=adresse)
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            infos = self.get_userinfo(access_token, id_token, payload)
        except SuspiciousOperation:
            return self._refuser(Motif.REVENDICATIONS)
        adresse = adresse_valide(infos.get("email"))
        # OIDC Core 5.3.2 : le « sub » des informations utilisateur doit être celui du jeton d'identité.
        if not adresse or not payload.get("sub") or infos.get("sub") != payload.get("sub"):
            return self._refuser(Motif.REVENDICATIONS, adresse)
        utilisateurs = list(self.UserModel.objects.filter(email__iexact=adresse)[:2])
        if len(utilisateurs) != 1:
            return self._refuser(Motif.INCONNU if not utilisateurs else Motif.REVENDICATIONS, adresse)
        utilisateur = utilisateurs[0]
        if not utilisateur.is_active:
            return self._refuser(Motif.DESACTIVE, adresse)
        # Gardé pour la vue de retour (double authentification) : rien de ProConnect n'est écrit en base.
        self.request.binome_revendications_oidc = {
            "amr": payload.get("amr", infos.get("amr")),
            "acr": payload.get("acr"),
        }
        return utilisateur

    def get_user(self, user_id):
        # La session ProConnect est relue par le backend qui l'a ouverte : un compte désactivé depuis perd sa session.
        utilisateur = super().get_user(user_id)
        return utilisateur if utilisateur is not None and utilisateur.is_active else None
