"""Écritures de l'adresse d'abonnement à l'agenda : créer (ou régénérer), changer l'option, révoquer.

Chaque professionnel a au plus une adresse (``AbonnementCalendrier``, une ligne par utilisateur). Le jeton n'est
jamais gardé : la base n'en a que l'empreinte SHA-256 (``agenda.jetons``), l'adresse complète n'est montrée
qu'une fois, au retour de ``abonnement_creer``. Régénérer remplace l'empreinte : l'ancienne adresse cesse
aussitôt de marcher. Révoquer supprime la ligne (l'historique garde la suppression et son auteur).

Services (arguments nommés, transaction durable, ligne d'historique avec l'auteur et le motif) ; seule la date
de dernière lecture est écrite sans historique, par ``update()``, à chaque lecture du flux.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.agenda import selectors
from binome.agenda.jetons import empreinte_du_jeton, nouveau_jeton
from binome.agenda.models import AbonnementCalendrier
from binome.core.historique import sauver, tracer


def _exiger_agenda(acteur) -> None:
    if not selectors.peut_s_abonner(acteur):
        raise PermissionDenied(_("Votre rôle ne reçoit pas de rendez-vous : aucun agenda à partager."))


@transaction.atomic(durable=True)
def abonnement_creer(*, acteur) -> tuple[AbonnementCalendrier, str]:
    """Crée l'adresse d'abonnement de l'acteur, ou la régénère : renvoie l'abonnement et le jeton (en clair,
    à montrer une seule fois). L'option « prénoms et initiales » est gardée lors d'une régénération."""
    _exiger_agenda(acteur)
    jeton = nouveau_jeton()
    abonnement = AbonnementCalendrier.objects.select_for_update().filter(utilisateur=acteur).first()
    if abonnement is None:
        abonnement = AbonnementCalendrier(utilisateur=acteur)
        raison = _("Adresse d'abonnement à l'agenda créée")
    else:
        abonnement.cree_le = timezone.now()
        abonnement.dernier_acces_le = None
        raison = _("Adresse d'abonnement à l'agenda régénérée (l'ancienne ne marche plus)")
    abonnement.empreinte = empreinte_du_jeton(jeton)
    sauver(abonnement, acteur=acteur, raison=raison)
    return abonnement, jeton


@transaction.atomic(durable=True)
def abonnement_changer_option(*, acteur, avec_prenoms: bool) -> AbonnementCalendrier | None:
    """Montre (ou non) le prénom et l'initiale du nom des personnes dans le flux. Sans adresse : rien à faire."""
    abonnement = AbonnementCalendrier.objects.select_for_update().filter(utilisateur=acteur).first()
    if abonnement is None or abonnement.avec_prenoms == bool(avec_prenoms):
        return abonnement
    abonnement.avec_prenoms = bool(avec_prenoms)
    raison = (
        _("Flux de l'agenda : prénoms et initiales montrés")
        if avec_prenoms
        else _("Flux de l'agenda : libellé neutre")
    )
    return sauver(abonnement, acteur=acteur, raison=raison)


@transaction.atomic(durable=True)
def abonnement_revoquer(*, acteur) -> bool:
    """Supprime l'adresse d'abonnement de l'acteur : le flux répond aussitôt 404. Vrai s'il y en avait une."""
    abonnement = AbonnementCalendrier.objects.select_for_update().filter(utilisateur=acteur).first()
    if abonnement is None:
        return False
    tracer(abonnement, acteur=acteur, raison=_("Adresse d'abonnement à l'agenda révoquée"))
    abonnement.delete()
    return True


def abonnement_noter_lecture(*, abonnement: AbonnementCalendrier) -> None:
    """Date de la dernière lecture du flux, par ``update()`` : ni historique, ni signal, une requête."""
    maintenant = timezone.now()
    AbonnementCalendrier.objects.filter(pk=abonnement.pk).update(dernier_acces_le=maintenant)
    abonnement.dernier_acces_le = maintenant
