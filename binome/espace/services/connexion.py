"""Connexion de la personne : lien à usage unique (création limitée, consommation par UPDATE conditionnel) et
rapprochement FranceConnect (demande à la première connexion, décision du référent).

Le jeton du lien n'est jamais gardé : seule son empreinte SHA-256 est en base. La consommation est un seul
``UPDATE … WHERE utilise_le IS NULL AND expire_le > maintenant`` : deux clics simultanés n'ouvrent qu'une session.
"""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core.historique import sauver
from binome.espace.jetons import empreinte, empreinte_ip
from binome.espace.models import EspacePersonne, LienConnexion, RapprochementFranceConnect, StatutRapprochement
from binome.espace.selectors.ouverture import peut_gerer_espace
from binome.espace.session import Moyen

DUREE_LIEN = datetime.timedelta(minutes=15)
FENETRE_LIMITE = datetime.timedelta(minutes=15)
LIENS_PAR_ESPACE = 3  # par quart d'heure
LIENS_PAR_IP = 10  # par quart d'heure, tous espaces confondus


@transaction.atomic(durable=True)
def lien_creer(*, espace: EspacePersonne, ip: str) -> str | None:
    """Un nouveau lien pour ``espace`` ; renvoie le jeton en clair (à envoyer, jamais gardé) ou ``None`` si l'espace
    est fermé ou si la limite (par espace, par adresse IP) est atteinte."""
    espace = EspacePersonne.objects.select_for_update().get(pk=espace.pk)  # limite par espace sans course
    if not espace.est_ouvert:
        return None
    maintenant = timezone.now()
    recents = LienConnexion.objects.filter(cree_le__gt=maintenant - FENETRE_LIMITE)
    if recents.filter(espace=espace).count() >= LIENS_PAR_ESPACE:
        return None
    ip_hmac = empreinte_ip(ip)
    if ip_hmac and recents.filter(ip_empreinte=ip_hmac).count() >= LIENS_PAR_IP:
        return None
    jeton = secrets.token_urlsafe(32)
    LienConnexion.objects.create(
        espace=espace,
        empreinte=empreinte(jeton),
        cree_le=maintenant,
        expire_le=maintenant + DUREE_LIEN,
        ip_empreinte=ip_hmac,
    )
    return jeton


@transaction.atomic(durable=True)
def lien_consommer(*, jeton: str) -> EspacePersonne | None:
    """Consomme le lien (une seule fois, avant son expiration, espace ouvert) ; renvoie l'espace ou ``None``."""
    maintenant = timezone.now()
    lien = LienConnexion.objects.filter(empreinte=empreinte(jeton or "")).values("pk", "espace_id").first()
    if lien is None:
        return None
    consomme = LienConnexion.objects.filter(
        pk=lien["pk"],
        utilise_le__isnull=True,
        expire_le__gt=maintenant,
        espace__ferme_le__isnull=True,
        espace__personne__anonymise_le__isnull=True,
    ).update(utilise_le=maintenant)
    if consomme != 1:
        return None
    return _connexion_enregistrer(espace_id=lien["espace_id"], maintenant=maintenant, moyen=Moyen.LIEN)


def _connexion_enregistrer(*, espace_id: int, maintenant, moyen: str) -> EspacePersonne:
    """Dernière connexion et son moyen (hors historique : la connexion est au journal des accès)."""
    EspacePersonne.objects.filter(pk=espace_id).update(
        derniere_connexion_le=maintenant, derniere_connexion_moyen=moyen
    )
    return EspacePersonne.objects.select_related("personne").get(pk=espace_id)


@transaction.atomic(durable=True)
def connexion_franceconnect(*, espace: EspacePersonne) -> EspacePersonne:
    """Connexion FranceConnect d'un ``sub`` confirmé : dernière connexion."""
    return _connexion_enregistrer(espace_id=espace.pk, maintenant=timezone.now(), moyen=Moyen.FRANCECONNECT)


@transaction.atomic(durable=True)
def rapprochement_demander(*, espace: EspacePersonne, sub: str, identite: dict) -> RapprochementFranceConnect:
    """Première connexion FranceConnect : l'identité pivot désigne ``espace`` ; le référent confirmera.

    Une demande déjà en attente pour ce ``sub`` est reprise (identité mise à jour), jamais doublée."""
    attente = RapprochementFranceConnect.objects.select_for_update().filter(
        espace=espace, sub=sub, statut=StatutRapprochement.EN_ATTENTE
    )
    rapprochement = attente.first() or RapprochementFranceConnect(espace=espace, sub=sub)
    rapprochement.identite = identite
    try:
        with transaction.atomic():
            return sauver(rapprochement, acteur=None, raison=_("Première connexion FranceConnect : à confirmer"))
    except IntegrityError:  # demande concurrente du même sub : elle existe déjà
        return attente.get()


@transaction.atomic(durable=True)
def rapprochement_decider(
    *, acteur, rapprochement: RapprochementFranceConnect, confirmer: bool
) -> RapprochementFranceConnect:
    """Le référent confirme (le ``sub`` est rattaché à l'espace) ou refuse la demande en attente."""
    rapprochement = (
        RapprochementFranceConnect.objects.select_for_update()
        .select_related("espace", "espace__personne")
        .get(pk=rapprochement.pk)
    )
    espace = rapprochement.espace
    if not peut_gerer_espace(acteur, espace.personne):
        raise PermissionDenied(_("Vous ne pouvez pas gérer l'espace de cette personne."))
    if rapprochement.statut != StatutRapprochement.EN_ATTENTE:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if confirmer and not espace.est_ouvert:
        raise ValidationError(_("L'espace de cette personne est fermé."))
    rapprochement.statut = StatutRapprochement.CONFIRME if confirmer else StatutRapprochement.REFUSE
    rapprochement.decide_le, rapprochement.decide_par = timezone.now(), acteur
    if confirmer:
        espace.franceconnect_sub = rapprochement.sub
        sauver(espace, acteur=acteur, raison=_("Identité FranceConnect confirmée par le référent"))
    raison = _("Rapprochement FranceConnect confirmé") if confirmer else _("Rapprochement FranceConnect refusé")
    return sauver(rapprochement, acteur=acteur, raison=raison)
