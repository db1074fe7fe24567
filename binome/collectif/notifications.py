"""Ce que la personne reçoit d'une séance collective : confirmation, modification, annulation, rappel.

Même mécanisme que les rendez-vous (``agenda/notifications.py``) : un courriel (texte, HTML et invitation iMIP de
``agenda/ics.py``, la seule fabrique de VEVENT) et un SMS par l'expéditeur configuré (``SMS_BACKEND``), mis en file
par ``collectif/envois.py`` ou la tâche planifiée du rappel (``collectif/taches.py``).

Chaque inscrit a **sa propre invitation** : UID = UID de la séance + identifiant de l'inscription, si bien qu'une
désinscription n'annule l'événement que dans l'agenda de la personne concernée. SEQUENCE = celui de la séance
(incrémenté par le service à chaque modification) ; une annulation porte SEQUENCE + 1.

Ce que disent les messages : « atelier collectif », la date, l'heure, la durée, le lieu, la structure qui
organise et son téléphone. Jamais le titre ni le thème de l'action (un « atelier surendettement » dit une
situation), jamais un détail social ou de santé.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from binome.agenda import ics
from binome.collectif.enums import StatutInscription, StatutSeance
from binome.collectif.models import Inscription, SeanceCollective
from binome.core import sms
from binome.core.courriels import PieceJointe, courriel

journal = logging.getLogger(__name__)

INSCRIT, MODIFIE, ANNULE, RAPPEL = "inscrit", "modifie", "annule", "rappel"
JOURS_AVANT_RAPPEL = 2
GABARIT = "collectif/courriels/seance"
LIBELLE = "Atelier collectif"


def _heure(moment: datetime.datetime) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _duree(minutes: int) -> str:
    heures, reste = divmod(minutes, 60)
    if not heures:
        return _("%(n)s minutes") % {"n": reste}
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"


def charger(inscription_id: int) -> Inscription | None:
    return (
        Inscription.objects.select_related(
            "parcours__personne", "seance__action__organisation", "seance__action__structure", "inscrite_par"
        )
        .prefetch_related("seance__animateurs")
        .filter(pk=inscription_id)
        .first()
    )


def _structure(action) -> tuple[str, str]:
    """(nom, téléphone) de qui organise : la structure partenaire de l'annuaire, sinon l'organisation."""
    porteur = action.structure if action.structure_id else action.organisation
    if porteur is None:
        return "", ""
    return porteur.nom, porteur.telephone or ""


def details(inscription: Inscription) -> dict:
    """Tout ce que les messages disent de la séance (courriel, SMS)."""
    seance = inscription.seance
    debut = timezone.localtime(seance.debut)
    personne = inscription.parcours.personne
    structure, telephone = _structure(seance.action)
    with translation.override("fr"):
        date = formats.date_format(debut, "l j F Y")
        date_courte = f"{formats.date_format(debut, 'D')}. {debut.day}/{debut.month:02d}"
    return {
        "personne": f"{personne.prenom} {personne.nom}".strip(),
        "date": date,
        "date_courte": date_courte,
        "heure": _heure(debut),
        "heure_courte": f"{debut.hour}h{debut.minute:02d}",
        "duree": _duree(seance.duree_minutes),
        "lieu": seance.lieu,
        "structure": structure,
        "structure_telephone": telephone,
        "contact": inscription.inscrite_par.get_full_name(),
        "contact_courriel": inscription.inscrite_par.email,
    }


def identifiant_invitation(inscription: Inscription) -> str:
    """UID de l'invitation d'une personne : la séance, l'inscription et sa demande. Une personne désinscrite puis
    réinscrite reçoit un nouvel objet d'agenda : l'ancien, annulé avec un SEQUENCE au-dessus de celui de la séance,
    ferait ignorer par les agendas une nouvelle invitation au SEQUENCE de la séance (RFC 5546 §2.1.5)."""
    return ics.uid(inscription.seance, complement=f"{inscription.pk}-{inscription.demande_le:%Y%m%dT%H%M%S%f}")


def invitation(inscription: Inscription, motif: str, infos: dict) -> bytes:
    seance = inscription.seance
    annule = motif == ANNULE
    personne = inscription.parcours.personne
    return ics.invitation_personne(
        identifiant=identifiant_invitation(inscription),
        debut=seance.debut,
        duree_minutes=seance.duree_minutes,
        sequence=seance.sequence + 1 if annule else seance.sequence,
        methode=ics.CANCEL if annule else ics.REQUEST,
        organisateur=inscription.inscrite_par,
        courriel=personne.courriel,
        nom=infos["personne"],
        professionnels=seance.animateurs.all(),
        resume=_(LIBELLE),
        lieu=infos["lieu"],
        description=_("Atelier organisé par %(structure)s. En cas d'empêchement, prévenez-nous.")
        % {"structure": infos["structure"] or _("votre accompagnement")},
    )


def message(inscription: Inscription, motif: str):
    """Le courriel : texte, HTML, l'invitation (``text/calendar; method=…``) et le même fichier joint."""
    infos = details(inscription)
    contenu = invitation(inscription, motif, infos)
    methode = ics.CANCEL if motif == ANNULE else ics.REQUEST
    courrier = courriel(
        a=[inscription.parcours.personne.courriel],
        gabarit=GABARIT,
        contexte={"motif": motif, **infos},
        html=True,
        alternatives=(PieceJointe("invitation.ics", contenu, f"text/calendar; method={methode}"),),
        pieces_jointes=(PieceJointe("invitation.ics", contenu, "application/ics"),),
    )
    if infos["contact_courriel"]:
        courrier.reply_to = [infos["contact_courriel"]]
    return courrier


def texte_sms(inscription: Inscription, motif: str) -> str:
    """Le SMS : date, heure, lieu et structure ; le lieu puis la structure raccourcis pour tenir en 160 caractères."""
    gabarits = {
        INSCRIT: _("Atelier collectif le %(date)s à %(heure)s, %(lieu)s. %(structure)s"),
        MODIFIE: _("Atelier collectif modifié : le %(date)s à %(heure)s, %(lieu)s. %(structure)s"),
        ANNULE: _("Atelier collectif du %(date)s à %(heure)s : votre participation est annulée. %(structure)s"),
        RAPPEL: _("Rappel : atelier collectif le %(date)s à %(heure)s, %(lieu)s. %(structure)s"),
    }
    infos = details(inscription)
    valeurs = {**infos, "date": infos["date_courte"], "heure": infos["heure_courte"]}
    for champ in ("lieu", "structure"):
        exces = len((gabarits[motif] % valeurs).strip()) - sms.LONGUEUR_SMS
        if exces > 0 and valeurs[champ]:
            garde = max(len(valeurs[champ]) - exces - 1, 0)
            valeurs[champ] = f"{valeurs[champ][:garde].rstrip()}…" if garde else ""
    return (gabarits[motif] % valeurs).strip()


def envoyer(inscription: Inscription, motif: str) -> bool:
    """Courriel (si la personne en a un) et SMS (si son numéro est valide) ; vrai si un message est parti."""
    personne = inscription.parcours.personne
    parti = False
    if personne.anonymise_le:
        return parti
    with translation.override("fr"):
        if personne.courriel:
            parti = message(inscription, motif).send() == 1
        if personne.telephone:
            try:
                sms.envoyer(personne.telephone, texte_sms(inscription, motif))
                parti = True
            except sms.NumeroInvalide:
                journal.warning("Inscription %s : numéro de la personne invalide, aucun SMS.", inscription.pk)
    return parti


def _a_venir(inscription: Inscription) -> bool:
    seance = inscription.seance
    return seance.statut == StatutSeance.PLANIFIEE and seance.debut > timezone.now()


def annoncer_inscription(inscription_id: int) -> bool:
    """Confirmation d'une inscription sur une place (rien pour la liste d'attente) ; horodate la confirmation."""
    inscription = charger(inscription_id)
    if inscription is None or inscription.statut != StatutInscription.INSCRITE or not _a_venir(inscription):
        return False
    parti = envoyer(inscription, INSCRIT)
    if parti:  # écriture technique, sans historique (comme les rendez-vous)
        Inscription.objects.filter(pk=inscription.pk).update(confirmation_envoyee_le=timezone.now())
    return parti


def annoncer_modification_seance(seance_id: int) -> int:
    """Nouvelle invitation (même UID, SEQUENCE de la séance) à chaque inscrit ; le rappel de la nouvelle date est
    rouvert. Renvoie le nombre de personnes prévenues."""
    seance = SeanceCollective.objects.filter(pk=seance_id, statut=StatutSeance.PLANIFIEE).first()
    if seance is None or seance.debut <= timezone.now():
        return 0
    prevenues = 0
    identifiants = seance.inscriptions.filter(statut=StatutInscription.INSCRITE).order_by("pk")
    for pk in list(identifiants.values_list("pk", flat=True)):
        if envoyer(charger(pk), MODIFIE):
            Inscription.objects.filter(pk=pk).update(confirmation_envoyee_le=timezone.now(), rappel_envoye_le=None)
            prevenues += 1
    return prevenues


def annoncer_annulation(inscription_id: int) -> bool:
    """Désinscription, ou séance annulée : METHOD:CANCEL à qui avait reçu l'invitation (et à lui seul)."""
    inscription = charger(inscription_id)
    if inscription is None or inscription.confirmation_envoyee_le is None:
        return False  # rien n'avait été annoncé (liste d'attente, personne injoignable) : rien à retirer
    annulee = inscription.statut == StatutInscription.DESINSCRITE or inscription.seance.statut == StatutSeance.ANNULEE
    if not annulee or inscription.seance.debut <= timezone.now():
        return False
    return envoyer(inscription, ANNULE)


def a_rappeler(jour: datetime.date):
    """Inscriptions sur une place d'une séance planifiée du ``jour`` (heure de Paris), sans rappel, joignables."""
    debut = timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min), ics.FUSEAU)
    personne = "parcours__personne__"
    joignable = ~Q(**{f"{personne}courriel": ""}) | ~Q(**{f"{personne}telephone": ""})
    return (
        Inscription.objects.filter(
            joignable,
            statut=StatutInscription.INSCRITE,
            rappel_envoye_le__isnull=True,
            seance__statut=StatutSeance.PLANIFIEE,
            seance__debut__gte=debut,
            seance__debut__lt=debut + datetime.timedelta(days=1),
            **{f"{personne}anonymise_le__isnull": True},
        )
        .order_by("seance__debut", "pk")
        .values_list("pk", flat=True)
    )


def rappels_envoyer(*, aujourdhui: datetime.date | None = None) -> int:
    """Rappel J-2 (courriel avec la même invitation REQUEST, SMS), une seule fois par inscription.

    Chaque inscription est réservée avant l'envoi (``rappel_envoye_le`` posé par un ``update`` conditionnel) :
    relancée, ou lancée par deux travailleurs à la fois, la tâche ne renvoie rien. Un envoi en échec libère la
    réservation."""
    jour = (aujourdhui or timezone.localdate()) + datetime.timedelta(days=JOURS_AVANT_RAPPEL)
    envoyes = 0
    for pk in list(a_rappeler(jour)):
        libre = Inscription.objects.filter(pk=pk, rappel_envoye_le__isnull=True)
        if not libre.update(rappel_envoye_le=timezone.now()):
            continue  # réservée par un autre travailleur
        try:
            parti = envoyer(charger(pk), RAPPEL)
        except Exception:
            Inscription.objects.filter(pk=pk).update(rappel_envoye_le=None)
            journal.exception("Inscription %s : rappel non envoyé.", pk)
            continue
        envoyes += int(parti)
    return envoyes
