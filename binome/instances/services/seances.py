"""Séances d'une instance : ordre du jour, synthèses, présents, décisions écrites au parcours, procès-verbal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement import selectors as accompagnement
from binome.accompagnement.enums import TypeEvenement
from binome.accompagnement.models import Parcours
from binome.core.historique import sauver
from binome.instances import selectors
from binome.instances.enums import MotifInscription, NatureInstance, StatutManquement, StatutSeance, SuiteManquement
from binome.instances.models import LONGUEUR_DECISION, LONGUEUR_SYNTHESE, Manquement, PointOrdreDuJour, SeanceInstance
from binome.instances.ordre_du_jour import q_territoire
from binome.instances.reference import reference_dossier
from binome.instances.services._commun import chronologie, jour, refuser_si, texte

_REFUS_ANIMER = gettext_lazy(
    "Seuls l'administrateur départemental, la présidence et le secrétariat de l'instance préparent la séance."
)


def _seance_verrouillee(seance) -> SeanceInstance:
    return SeanceInstance.objects.select_for_update().select_related("instance").get(pk=seance.pk)


@transaction.atomic(durable=True)
def seance_creer(*, acteur, instance, date, lieu) -> SeanceInstance:
    refuser_si(not selectors.anime(acteur, instance), str(_REFUS_ANIMER))
    if date is None:
        raise ValidationError({"date": _("Indiquez la date de la séance.")})
    seance = SeanceInstance(
        instance=instance, date=date, lieu=texte(lieu, "lieu", obligatoire=True, longueur=255), cree_par=acteur
    )
    return sauver(seance, acteur=acteur, raison=_("Création d'une séance"))


def _valider_motif(seance, parcours, motif, precision, manquement) -> str:
    if motif not in MotifInscription.values:
        raise ValidationError({"motif": _("Choisissez le motif.")})
    precision = texte(precision, "precision", obligatoire=motif == MotifInscription.AJOUT_REFERENT, longueur=255)
    if motif == MotifInscription.MANQUEMENT:
        if seance.instance.nature != NatureInstance.EQUIPE_PLURIDISCIPLINAIRE:
            raise ValidationError({"motif": _("Seule une équipe pluridisciplinaire rend un avis sur un manquement.")})
        if (
            manquement is None
            or manquement.parcours_id != parcours.pk
            or manquement.statut != StatutManquement.CONSTATE
        ):
            raise ValidationError({"motif": _("Choisissez un manquement constaté de ce parcours.")})
    elif manquement is not None:
        raise ValidationError({"motif": _("Un manquement s'inscrit avec le motif « manquement ».")})
    return precision


@transaction.atomic(durable=True)
def point_inscrire(*, acteur, seance, parcours, motif, precision="", manquement=None) -> PointOrdreDuJour:
    """Inscrit un dossier : qui anime la séance (depuis les dossiers en attente), ou le référent qui suit le
    parcours (avec un motif). Le dossier n'y figure que par sa référence pseudonyme."""
    seance = _seance_verrouillee(seance)
    refuser_si(
        not selectors.peut_inscrire(acteur, seance), _("Vous ne pouvez pas inscrire de dossier à cette séance.")
    )
    if not selectors.anime(acteur, seance.instance):
        refuser_si(not accompagnement.peut_modifier(acteur, parcours), _("Vous ne suivez pas ce parcours."))
    if not Parcours.objects.filter(q_territoire(seance.instance), pk=parcours.pk).exists():
        raise ValidationError(_("Ce dossier n'est pas du territoire de l'instance."))
    if seance.points.filter(parcours=parcours).exists():
        raise ValidationError(_("Ce dossier est déjà à l'ordre du jour de la séance."))
    point = PointOrdreDuJour(
        seance=seance,
        parcours=parcours,
        reference=reference_dossier(departement_code=parcours.departement_id, parcours_pk=parcours.pk),
        motif=motif,
        precision=_valider_motif(seance, parcours, motif, precision, manquement),
        manquement=manquement,
        inscrit_par=acteur,
    )
    sauver(point, acteur=acteur, raison=_("Inscription à l'ordre du jour"))
    chronologie(
        parcours,
        acteur=acteur,
        type_evenement=TypeEvenement.INSTANCE_INSCRIPTION,
        libelle=_("Dossier inscrit à l'ordre du jour : %(instance)s, séance du %(date)s (%(motif)s)")
        % {"instance": seance.instance.nom, "date": jour(seance.date), "motif": point.get_motif_display()},
    )
    return point


@transaction.atomic(durable=True)
def point_retirer(*, acteur, point) -> None:
    point = PointOrdreDuJour.objects.select_for_update().select_related("seance__instance").get(pk=point.pk)
    refuser_si(not selectors.peut_decider(acteur, point), str(_REFUS_ANIMER))
    point.delete()


@transaction.atomic(durable=True)
def synthese_rediger(*, acteur, point, synthese) -> PointOrdreDuJour:
    """La synthèse pour l'instance : la seule chose du dossier que lisent les membres."""
    point = (
        PointOrdreDuJour.objects.select_for_update().select_related("seance__instance", "parcours").get(pk=point.pk)
    )
    refuser_si(
        not selectors.peut_rediger_synthese(acteur, point), _("Seul un référent du parcours rédige sa synthèse.")
    )
    point.synthese = texte(synthese, "synthese", obligatoire=True, longueur=LONGUEUR_SYNTHESE)
    point.synthese_par, point.synthese_le = acteur, timezone.now()
    return sauver(point, acteur=acteur, raison=_("Synthèse pour l'instance"))


@transaction.atomic(durable=True)
def presents_enregistrer(*, acteur, seance, presents, autres_presents="") -> SeanceInstance:
    seance = _seance_verrouillee(seance)
    refuser_si(not selectors.peut_preparer(acteur, seance), str(_REFUS_ANIMER))
    membres = {m.pk for m in selectors.membres_de(seance.instance)}
    if any(m.pk not in membres for m in presents):
        raise ValidationError({"presents": _("Choisissez des membres de l'instance.")})
    seance.autres_presents = texte(autres_presents, "autres_presents", obligatoire=False, longueur=255)
    sauver(seance, acteur=acteur, raison=_("Présents à la séance"))
    seance.presents.set(presents)
    return seance


def _avis_manquement(point, avis_manquement: str) -> None:
    manquement = Manquement.objects.select_for_update().get(pk=point.manquement_id)
    if avis_manquement not in SuiteManquement.values:
        raise ValidationError({"avis_manquement": _("Choisissez l'avis de l'équipe pluridisciplinaire.")})
    # Jour de la séance en heure locale : en UTC, une séance tenue avant 1 h (2 h l'été) tomberait la veille.
    jour_seance = timezone.localtime(point.seance.date).date()
    if manquement.invitee_le is None or manquement.invitee_le > jour_seance:
        raise ValidationError(
            {"avis_manquement": _("La personne doit avoir été invitée devant l'équipe avant que l'avis soit rendu.")}
        )
    manquement.avis, manquement.avis_le = avis_manquement, jour_seance
    manquement.statut = StatutManquement.AVIS_RENDU
    sauver(manquement, acteur=None, raison=_("Avis de l'équipe pluridisciplinaire"))


@transaction.atomic(durable=True)
def decision_enregistrer(*, acteur, point, avis="", decision, suites="", avis_manquement="") -> PointOrdreDuJour:
    """Avis, décision et suites du dossier ; écrits à la chronologie du parcours. Le dossier se ferme aux membres."""
    point = (
        PointOrdreDuJour.objects.select_for_update()
        .select_related("seance__instance", "parcours__personne")
        .get(pk=point.pk)
    )
    refuser_si(not selectors.peut_decider(acteur, point), str(_REFUS_ANIMER))
    if point.seance.date > timezone.now():
        raise ValidationError(_("La décision s'enregistre une fois la séance tenue."))
    point.avis = texte(avis, "avis", obligatoire=False, longueur=LONGUEUR_DECISION)
    point.decision = texte(decision, "decision", obligatoire=True, longueur=LONGUEUR_DECISION)
    point.suites = texte(suites, "suites", obligatoire=False, longueur=LONGUEUR_DECISION)
    if point.motif == MotifInscription.MANQUEMENT:
        _avis_manquement(point, avis_manquement)
    point.decide_le, point.decide_par = timezone.now(), acteur
    sauver(point, acteur=acteur, raison=_("Décision de l'instance"))
    chronologie(
        point.parcours,
        acteur=acteur,
        type_evenement=TypeEvenement.INSTANCE_DECISION,
        libelle=_("%(instance)s, séance du %(date)s : %(decision)s")
        % {"instance": point.seance.instance.nom, "date": jour(point.seance.date), "decision": point.decision},
    )
    return point


@transaction.atomic(durable=True)
def proces_verbal_etablir(*, acteur, seance) -> SeanceInstance:
    """Clôt la séance : tous les dossiers ont leur décision ; le procès-verbal se génère depuis la séance."""
    seance = _seance_verrouillee(seance)
    refuser_si(not selectors.peut_preparer(acteur, seance), str(_REFUS_ANIMER))
    en_attente = list(seance.points.filter(decide_le__isnull=True).order_by("pk").values_list("reference", flat=True))
    if en_attente:
        raise ValidationError(
            _("Enregistrez d'abord la décision de chaque dossier (%(references)s), ou retirez-le de l'ordre du jour.")
            % {"references": ", ".join(en_attente)}
        )
    if seance.date > timezone.now():
        raise ValidationError(_("Le procès-verbal s'établit une fois la séance tenue."))
    seance.statut, seance.proces_verbal_le, seance.proces_verbal_par = StatutSeance.CLOSE, timezone.now(), acteur
    return sauver(seance, acteur=acteur, raison=_("Procès-verbal établi"))
