"""Ce que la personne reçoit d'un rendez-vous : le courriel (texte, HTML, invitation iMIP) et le SMS.

Appelé par les tâches de ``agenda/taches.py`` (jamais dans la transaction d'un service). Rien d'autre que la date,
l'heure, la durée, le lieu (ou le lien, ou le numéro), la structure et le professionnel à prévenir : ni l'objet
saisi (il peut relever du secret partagé), ni le motif d'une annulation, ni aucun détail social ou de santé.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from binome.agenda import ics
from binome.agenda.enums import CanalRendezVous, StatutRendezVous
from binome.agenda.models import RendezVous
from binome.core import sms
from binome.core.courriels import PieceJointe, courriel

journal = logging.getLogger(__name__)

PLANIFIE, MODIFIE, ANNULE, RAPPEL = "planifie", "modifie", "annule", "rappel"
MOTIFS = (PLANIFIE, MODIFIE, ANNULE, RAPPEL)
JOURS_AVANT_RAPPEL = 2
GABARIT = "agenda/courriels/rendez_vous"


def charger(rendez_vous_id: int) -> RendezVous | None:
    return (
        RendezVous.objects.select_related(
            "parcours__personne",
            "parcours__organisation_conseiller__commune",
            "parcours__organisation_referent__commune",
            "organisateur",
        )
        .prefetch_related("professionnels")
        .filter(pk=rendez_vous_id)
        .first()
    )


def structure(rendez_vous):
    """La structure de l'organisateur dans ce parcours (celle du référent social ou l'agence), ou ``None``."""
    parcours = rendez_vous.parcours
    if rendez_vous.organisateur_id == parcours.referent_social_id and parcours.organisation_referent_id:
        return parcours.organisation_referent
    return parcours.organisation_conseiller or parcours.organisation_referent


def _heure(moment: datetime.datetime) -> str:
    return f"{moment.hour} h {moment.minute:02d}" if moment.minute else f"{moment.hour} h"


def _duree(minutes: int) -> str:
    heures, reste = divmod(minutes, 60)
    if not heures:
        return _("%(n)s minutes") % {"n": reste}
    return f"{heures} h {reste:02d}" if reste else f"{heures} h"


def ou(rendez_vous) -> str:
    """Où a lieu le rendez-vous, en une ligne (LOCATION de l'invitation, SMS)."""
    canal = rendez_vous.canal
    if canal == CanalRendezVous.TELEPHONE:
        numero = rendez_vous.telephone
        return _("Par téléphone (%(numero)s)") % {"numero": numero} if numero else _("Par téléphone")
    if canal == CanalRendezVous.VISIO:
        return _("En visioconférence")
    if canal == CanalRendezVous.VISITE_DOMICILE:
        return _("À votre domicile")
    return rendez_vous.lieu


def details(rendez_vous) -> dict:
    """Tout ce que les messages à la personne disent du rendez-vous (courriel, SMS, convocation postale)."""
    debut = timezone.localtime(rendez_vous.debut)
    organisation = structure(rendez_vous)
    personne = rendez_vous.parcours.personne
    with translation.override("fr"):
        date = formats.date_format(debut, "l j F Y")
        date_courte = f"{formats.date_format(debut, 'D')}. {debut.day}/{debut.month:02d}"
    return {
        "personne": f"{personne.prenom} {personne.nom}".strip(),
        "date": date,
        "date_courte": date_courte,
        "heure": _heure(debut),
        "heure_courte": f"{debut.hour}h{debut.minute:02d}",
        "duree": _duree(rendez_vous.duree_minutes),
        "canal": rendez_vous.canal,
        "ou": ou(rendez_vous),
        "lieu": rendez_vous.lieu,
        "telephone": rendez_vous.telephone,
        "lien_visio": rendez_vous.lien_visio if rendez_vous.canal == CanalRendezVous.VISIO else "",
        "structure": organisation.nom if organisation else "",
        "structure_telephone": organisation.telephone if organisation else "",
        "organisateur": rendez_vous.organisateur.get_full_name(),
        "organisateur_courriel": rendez_vous.organisateur.email,
    }


def invitation(rendez_vous, motif: str, infos: dict) -> bytes:
    methode = ics.CANCEL if motif == ANNULE else ics.REQUEST
    description = _("Avec %(organisateur)s%(structure)s. En cas d'empêchement, prévenez-nous.") % {
        "organisateur": infos["organisateur"],
        "structure": f" ({infos['structure']})" if infos["structure"] else "",
    }
    return ics.invitation(
        rendez_vous,
        methode=methode,
        resume=_("Rendez-vous d'accompagnement"),
        lieu=infos["lien_visio"] or infos["ou"],
        description=description,
        url=infos["lien_visio"],
    )


def lien_notice(rendez_vous, motif: str) -> str:
    """L'adresse absolue de la notice d'information en FALC (espace de la personne, page publique), dans la seule
    confirmation du premier rendez-vous de la personne ; vide sinon."""
    if motif != PLANIFIE:
        return ""
    personne_id = rendez_vous.parcours.personne_id
    if RendezVous.objects.filter(parcours__personne_id=personne_id, pk__lt=rendez_vous.pk).exists():
        return ""
    return settings.BINOME_URL_SITE.rstrip("/") + reverse("espace:notice")


def message(rendez_vous, motif: str, *, notice: str = ""):
    """Le courriel à la personne : texte, HTML, et l'invitation (``text/calendar; method=…`` et ``.ics`` joint) ;
    ``notice`` : lien vers la notice d'information (premier rendez-vous)."""
    infos = details(rendez_vous)
    contenu = invitation(rendez_vous, motif, infos)
    methode = ics.CANCEL if motif == ANNULE else ics.REQUEST
    courrier = courriel(
        a=[rendez_vous.parcours.personne.courriel],
        gabarit=GABARIT,
        contexte={"motif": motif, **infos, "lien_notice": notice},
        html=True,
        alternatives=(PieceJointe("invitation.ics", contenu, f"text/calendar; method={methode}"),),
        pieces_jointes=(PieceJointe("invitation.ics", contenu, "application/ics"),),
    )
    if infos["organisateur_courriel"]:
        courrier.reply_to = [infos["organisateur_courriel"]]
    return courrier


def texte_sms(rendez_vous, motif: str, *, notice: str = "") -> str:
    """Le SMS : date, heure, lieu et structure, sans autre détail ; raccourci pour tenir en 160 caractères.
    ``notice`` (premier rendez-vous) : le lien vers la notice d'information, jamais raccourci."""
    infos = details(rendez_vous)
    gabarits = {
        PLANIFIE: _("Rendez-vous d'accompagnement le %(date)s à %(heure)s, %(ou)s. %(structure)s"),
        MODIFIE: _("Rendez-vous d'accompagnement modifié : le %(date)s à %(heure)s, %(ou)s. %(structure)s"),
        ANNULE: _("Rendez-vous d'accompagnement du %(date)s à %(heure)s annulé. %(structure)s"),
        RAPPEL: _("Rappel : rendez-vous d'accompagnement le %(date)s à %(heure)s, %(ou)s. %(structure)s"),
    }
    if notice:
        gabarits = {cle: gabarit + _(" Vos droits : %(notice)s") for cle, gabarit in gabarits.items()}
    valeurs = {**infos, "date": infos["date_courte"], "heure": infos["heure_courte"], "notice": notice}
    # Le lieu, puis la structure, raccourcis si le SMS déborde ; avec le lien de la notice, la structure d'abord
    # (le lieu reste lisible : la structure est aussi dans le courriel et l'invitation).
    for champ in ("structure", "ou") if notice else ("ou", "structure"):
        texte = " ".join((gabarits[motif] % valeurs).split())
        exces = len(texte) - sms.LONGUEUR_SMS
        if exces > 0 and valeurs[champ]:
            garde = max(len(valeurs[champ]) - exces - 1, 0)
            valeurs[champ] = f"{valeurs[champ][:garde].rstrip()}…" if garde else ""
    return " ".join((gabarits[motif] % valeurs).split())


def envoyer(rendez_vous, motif: str) -> tuple[bool, bool]:
    """Envoie le courriel (si la personne a un courriel) et le SMS (si elle a un numéro valide)."""
    personne = rendez_vous.parcours.personne
    courriel_parti = sms_parti = False
    if personne.anonymise_le:
        return courriel_parti, sms_parti
    notice = lien_notice(rendez_vous, motif)
    with translation.override("fr"):
        if personne.courriel:
            courriel_parti = message(rendez_vous, motif, notice=notice).send() == 1
        if personne.telephone:
            try:
                sms.envoyer(personne.telephone, texte_sms(rendez_vous, motif, notice=notice))
                sms_parti = True
            except sms.NumeroInvalide:
                journal.warning("Rendez-vous %s : numéro de la personne invalide, aucun SMS.", rendez_vous.pk)
    return courriel_parti, sms_parti


def annoncer(*, rendez_vous_id: int, motif: str) -> bool:
    """Confirmation, modification ou annulation ; horodate ``confirmation_envoyee_le``. Vrai si un message part."""
    if motif not in (PLANIFIE, MODIFIE, ANNULE):
        raise ValueError(motif)
    rendez_vous = charger(rendez_vous_id)
    attendu = StatutRendezVous.ANNULE if motif == ANNULE else StatutRendezVous.PLANIFIE
    if rendez_vous is None or rendez_vous.statut != attendu:
        return False  # annulé avant l'envoi de sa confirmation, ou supprimé : le message suivant suffit
    parti = any(envoyer(rendez_vous, motif))
    if parti and motif != ANNULE:
        # Écriture technique (``update``, sans historique) ; une modification rouvre le rappel de la nouvelle date.
        champs = {"confirmation_envoyee_le": timezone.now()}
        if motif == MODIFIE:
            champs["rappel_envoye_le"] = None
        RendezVous.objects.filter(pk=rendez_vous.pk).update(**champs)
    return parti


def a_rappeler(jour: datetime.date):
    """Les rendez-vous PLANIFIE du ``jour`` (heure de Paris) dont le rappel n'est pas parti, joignables."""
    debut = timezone.make_aware(datetime.datetime.combine(jour, datetime.time.min), ics.FUSEAU)
    joignable = ~Q(parcours__personne__courriel="") | ~Q(parcours__personne__telephone="")
    return (
        RendezVous.objects.filter(
            joignable,
            statut=StatutRendezVous.PLANIFIE,
            rappel_envoye_le__isnull=True,
            parcours__personne__anonymise_le__isnull=True,
            debut__gte=debut,
            debut__lt=debut + datetime.timedelta(days=1),
        )
        .order_by("debut", "pk")
        .values_list("pk", flat=True)
    )


def rappels_envoyer(*, aujourdhui: datetime.date | None = None) -> int:
    """Rappel J-2 (courriel avec la même invitation REQUEST, SMS), une seule fois par rendez-vous.

    Chaque rendez-vous est réservé avant l'envoi (``rappel_envoye_le`` posé par un ``update`` conditionnel) :
    relancée, ou lancée par deux travailleurs à la fois, la tâche ne renvoie rien. Un envoi en échec libère la
    réservation (la tâche du lendemain ne le reprendra pas : J-2 est passé).
    """
    jour = (aujourdhui or timezone.localdate()) + datetime.timedelta(days=JOURS_AVANT_RAPPEL)
    envoyes = 0
    for pk in list(a_rappeler(jour)):
        if not RendezVous.objects.filter(pk=pk, rappel_envoye_le__isnull=True).update(rappel_envoye_le=timezone.now()):
            continue  # réservé par un autre travailleur
        try:
            envoyer(charger(pk), RAPPEL)
        except Exception:
            RendezVous.objects.filter(pk=pk).update(rappel_envoye_le=None)
            journal.exception("Rendez-vous %s : rappel non envoyé.", pk)
            continue
        envoyes += 1
    return envoyes


def professionnels_prevenir_annulation(*, rendez_vous_id: int) -> int:
    """Courriel aux professionnels attendus (l'organisateur compris) : la personne a annulé ce rendez-vous depuis son
    espace. Prénom et initiale de la personne, date, heure et lien vers le rendez-vous ; ni l'objet ni le motif."""
    rendez_vous = charger(rendez_vous_id)
    if rendez_vous is None or rendez_vous.statut != StatutRendezVous.ANNULE:
        return 0
    personne = rendez_vous.parcours.personne
    destinataires = sorted({p.email for p in [*rendez_vous.professionnels.all(), rendez_vous.organisateur] if p.email})
    if not destinataires or personne.anonymise_le:
        return 0
    infos = details(rendez_vous)
    adresse = f"{settings.BINOME_URL_SITE.rstrip('/')}{reverse('agenda:rendez_vous', args=[rendez_vous.pk])}"
    with translation.override("fr"):
        message = courriel(
            a=destinataires,
            gabarit="agenda/courriels/annule_par_la_personne",
            contexte={
                "personne": f"{personne.prenom} {personne.nom[:1]}." if personne.nom else personne.prenom,
                "date": infos["date"],
                "heure": infos["heure"],
                "adresse": adresse,
            },
        )
        return message.send()
