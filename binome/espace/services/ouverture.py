"""Ouverture et fermeture de l'espace de la personne (accord de la personne enregistré, historique)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from binome.core.historique import sauver
from binome.espace.models import EspacePersonne
from binome.espace.selectors.ouverture import peut_gerer_espace


@transaction.atomic(durable=True)
def espace_ouvrir(*, acteur, personne, accord_le) -> EspacePersonne:
    """Ouvre (ou rouvre) l'espace de ``personne`` ; ``accord_le`` : date de l'accord recueilli auprès d'elle."""
    if not peut_gerer_espace(acteur, personne):
        raise PermissionDenied(_("Vous ne pouvez pas ouvrir l'espace de cette personne."))
    if personne.anonymise_le is not None:
        raise ValidationError(_("Le dossier de cette personne est anonymisé."))
    if accord_le is None or accord_le > timezone.localdate():
        raise ValidationError({"accord_le": _("Indiquez la date de l'accord de la personne (aujourd'hui ou avant).")})
    espace = EspacePersonne.objects.select_for_update().filter(personne=personne).first()
    if espace is not None and espace.est_ouvert:
        raise ValidationError(_("L'espace de cette personne est déjà ouvert."))
    espace = espace or EspacePersonne(personne=personne)
    espace.accord_le = accord_le
    espace.ouvert_le, espace.ouvert_par = timezone.now(), acteur
    espace.ferme_le, espace.ferme_par, espace.ferme_par_la_personne = None, None, False
    return sauver(espace, acteur=acteur, raison=_("Ouverture de l'espace de la personne, avec son accord"))


@transaction.atomic(durable=True)
def espace_fermer(*, acteur, espace: EspacePersonne, par_la_personne: bool = False) -> EspacePersonne:
    """Ferme l'espace : par un référent (``acteur``) ou par la personne elle-même (``acteur`` vide)."""
    espace = EspacePersonne.objects.select_for_update().get(pk=espace.pk)
    if par_la_personne:
        if acteur is not None:
            raise PermissionDenied(_("Seule la personne ferme elle-même son espace."))
    elif not peut_gerer_espace(acteur, espace.personne):
        raise PermissionDenied(_("Vous ne pouvez pas fermer l'espace de cette personne."))
    if not espace.est_ouvert:
        raise ValidationError(_("Cet espace est déjà fermé."))
    espace.ferme_le, espace.ferme_par, espace.ferme_par_la_personne = timezone.now(), acteur, par_la_personne
    raison = _("Fermeture de l'espace par la personne") if par_la_personne else _("Fermeture de l'espace")
    return sauver(espace, acteur=acteur, raison=raison)
