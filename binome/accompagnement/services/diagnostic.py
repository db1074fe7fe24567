"""Diagnostic partagé et décision conjointe (toujours humaine).

Transitions : ``diagnostiquer`` (orientation proposée → diagnostic partagé), ``rediagnostiquer`` (second
diagnostic avant l'entrée ou après un retour du social exclusif), ``conclure_sans_entree`` (décision sans
entrée → non retenu). Conventions : ``services/_commun.py``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine, selectors
from binome.accompagnement.enums import (
    DECISIONS_AVEC_ENTREE,
    DecisionDiagnostic,
    DomaineFrein,
    MotifNonRetenu,
    NiveauFrein,
    TypeElementReferentiel,
)
from binome.accompagnement.models import (
    LONGUEUR_TEXTE_COURT,
    Diagnostic,
    ElementReferentiel,
    FreinDiagnostic,
    Parcours,
)
from binome.accompagnement.services._commun import (
    date_courte,
    evenement,
    exiger_choix,
    exiger_date,
    exiger_droits,
    texte,
    verrouiller,
)
from binome.accompagnement.services.orientation import _non_retenir
from binome.core.historique import sauver


def _situations_valides(situations, *, domaine: str = "", professionnelles: bool = False) -> list:
    situations = list(situations or [])
    if not situations:
        return []
    pks = [getattr(s, "pk", s) for s in situations]
    attendues = ElementReferentiel.objects.filter(pk__in=pks, type=TypeElementReferentiel.SITUATION, actif=True)
    attendues = attendues.filter(domaine_frein="") if professionnelles else attendues.filter(domaine_frein=domaine)
    trouvees = list(attendues)
    if len(trouvees) != len(set(pks)):
        champ = "situations_professionnelles" if professionnelles else f"situations_{domaine}"
        raise ValidationError({champ: _("Une des situations choisies n'appartient pas à ce domaine du référentiel.")})
    return trouvees


def _valider_freins(freins: dict, *, detail_autorise: bool) -> list[tuple[str, str, list, str]]:
    """Un niveau pour chaque domaine ; situations et précision réservées au côté social."""
    inconnus = set(freins or {}) - set(DomaineFrein.values)
    if inconnus:
        raise ValidationError(
            _("Domaine de frein inconnu : %(domaines)s.") % {"domaines": ", ".join(sorted(inconnus))}
        )
    erreurs = {}
    lignes = []
    for domaine in DomaineFrein.values:
        saisie = (freins or {}).get(domaine) or {}
        niveau = saisie.get("niveau") or ""
        if niveau not in NiveauFrein.values:
            erreurs[f"frein_{domaine}"] = _("Évaluez ce domaine : impact fort, moyen ou sans impact.")
            continue
        situations = saisie.get("situations") or []
        precision = (saisie.get("precision") or "").strip()
        if (situations or precision) and not detail_autorise:
            raise PermissionDenied(_("Le détail des freins (situations, précision) est réservé au côté social."))
        if len(precision) > LONGUEUR_TEXTE_COURT:
            erreurs[f"precision_{domaine}"] = _("%(longueur)s caractères au plus.") % {
                "longueur": LONGUEUR_TEXTE_COURT
            }
            continue
        lignes.append((domaine, niveau, _situations_valides(situations, domaine=domaine), precision))
    if erreurs:
        raise ValidationError(erreurs)
    return lignes


def _participant(utilisateur, possibles, champ: str, message: str):
    if utilisateur is None:
        return None
    if not possibles.filter(utilisateur=utilisateur).exists():
        raise ValidationError({champ: message})
    return utilisateur


def _valider_decision(
    *, date, decision, adhesion, adhesion_le, decision_le, motif_non_retenu, signe_le, date_revue
) -> datetime.date:
    """Décision conjointe : adhésion datée pour une entrée, motif d'une non-retenue, dates cohérentes avec le
    diagnostic. Renvoie la date de la décision (celle du diagnostic par défaut)."""
    exiger_choix(decision, DecisionDiagnostic, "decision", _("Indiquez la décision prise ensemble."))
    if decision in DECISIONS_AVEC_ENTREE:
        if adhesion is not True:
            raise ValidationError(
                {
                    "adhesion": _(
                        "L'entrée en accompagnement exige l'adhésion de la personne : "
                        "elle ne se fait jamais contre sa volonté."
                    )
                },
                code="adhesion_manquante",
            )
        exiger_date(adhesion_le, "adhesion_le")
    elif adhesion_le is not None:
        exiger_date(adhesion_le, "adhesion_le")
    if decision == DecisionDiagnostic.NON_RETENU:
        exiger_choix(motif_non_retenu, MotifNonRetenu, "motif_non_retenu", _("Indiquez le motif de non-retenue."))
    elif motif_non_retenu and motif_non_retenu not in MotifNonRetenu.values:
        raise ValidationError({"motif_non_retenu": _("Motif inconnu.")})
    decision_le = decision_le or date
    exiger_date(decision_le, "decision_le", apres=date, libelle_apres=_("le diagnostic"))
    if signe_le is not None:
        exiger_date(signe_le, "signe_le", apres=date, libelle_apres=_("le diagnostic"))
    if date_revue is not None and date_revue < date:
        raise ValidationError({"date_revue": _("La date de revue ne peut pas précéder le diagnostic.")})
    return decision_le


def _enregistrer_freins(diagnostic: Diagnostic, lignes, professionnelles, acteur) -> None:
    diagnostic.situations_professionnelles.set(professionnelles)
    for domaine, niveau, situations, precision in lignes:
        frein = FreinDiagnostic(diagnostic=diagnostic, domaine=domaine, niveau=niveau, precision=precision)
        sauver(frein, acteur=acteur, raison="Diagnostic partagé")
        if situations:
            frein.situations.set(situations)


@transaction.atomic(durable=True)
def diagnostic_enregistrer(
    *,
    acteur,
    parcours: Parcours,
    date: datetime.date,
    freins: dict,
    decision: str,
    adhesion: bool | None = None,
    adhesion_le: datetime.date | None = None,
    decision_le: datetime.date | None = None,
    motif_non_retenu: str = "",
    precision_non_retenu: str = "",
    personne_presente: bool = True,
    conseiller=None,
    travailleur_social=None,
    autres_participants: str = "",
    activite_2_dernieres_annees: bool | None = None,
    duree_hors_emploi: str = "",
    qualification: str = "",
    aspiration: str = "",
    projet_rome: str = "",
    situations_professionnelles=(),
    signe_le: datetime.date | None = None,
    date_revue: datetime.date | None = None,
) -> Diagnostic:
    """Enregistre le diagnostic partagé et la décision conjointe (toujours humaine).

    ``freins`` : ``{domaine: {"niveau": ..., "situations": [...], "precision": ...}}`` pour chacun des dix
    domaines ; situations et précision sont réservées au côté social (``selectors.voit_detail_social``).
    Un parcours à l'état ``ORIENTATION_PROPOSEE`` passe à ``DIAGNOSTIC_PARTAGE`` ; un second diagnostic est
    possible tant que l'entrée n'a pas eu lieu (et après un retour du social exclusif).

    Décision : ``GLOBAL`` ou ``SOCIAL_EXCLUSIF`` exigent l'adhésion datée de la personne (jamais contre sa
    volonté) et attendent l'activation du binôme (``parcours_activer``) ; ``NON_RETENU`` (motif obligatoire)
    et les autres modalités France Travail closent le parcours (``NON_RETENU``). La suggestion calculée par
    ``calculs.suggerer_decision`` est enregistrée à titre indicatif et n'est jamais appliquée.
    """
    # Long : un argument nommé par champ du formulaire du diagnostic, recopiés un à un dans l'objet.
    exiger_droits(acteur, "diagnostiquer", parcours)
    detail_autorise = selectors.voit_detail_social(acteur, parcours)
    parcours = verrouiller(parcours)
    transition = machine.parmi(parcours, "diagnostiquer", "rediagnostiquer")
    machine.appliquer(parcours, transition.nom)
    exiger_date(date, "date", apres=parcours.date_reperage, libelle_apres=_("le repérage"))
    lignes = _valider_freins(freins, detail_autorise=detail_autorise)
    decision_le = _valider_decision(
        date=date,
        decision=decision,
        adhesion=adhesion,
        adhesion_le=adhesion_le,
        decision_le=decision_le,
        motif_non_retenu=motif_non_retenu,
        signe_le=signe_le,
        date_revue=date_revue,
    )
    conseiller = _participant(
        conseiller,
        selectors.conseillers_possibles(parcours.departement_id),
        "conseiller",
        _("Choisissez un conseiller France Travail du département."),
    )
    travailleur_social = _participant(
        travailleur_social,
        selectors.referents_possibles(parcours.departement_id),
        "travailleur_social",
        _("Choisissez un travailleur social du département."),
    )
    professionnelles = _situations_valides(situations_professionnelles, professionnelles=True)
    diagnostic = Diagnostic(
        parcours=parcours,
        orientation=parcours.orientations.order_by("-date_proposition", "-pk").first(),
        date=date,
        personne_presente=bool(personne_presente),
        conseiller=conseiller,
        travailleur_social=travailleur_social,
        autres_participants=texte(
            autres_participants, "autres_participants", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT
        ),
        activite_2_dernieres_annees=activite_2_dernieres_annees,
        duree_hors_emploi=duree_hors_emploi or "",
        qualification=qualification or "",
        aspiration=aspiration or "",
        projet_rome=(projet_rome or "").strip().upper(),
        adhesion=adhesion,
        adhesion_le=adhesion_le,
        decision_suggeree=calculs.suggerer_decision(
            activite_2_dernieres_annees=activite_2_dernieres_annees,
            qualification=qualification,
            aspiration=aspiration,
            niveaux_freins={domaine: niveau for domaine, niveau, _s, _p in lignes},
        ),
        decision=decision,
        decision_le=decision_le,
        motif_non_retenu=motif_non_retenu or "",
        precision_non_retenu=texte(
            precision_non_retenu, "precision_non_retenu", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT
        ),
        signe_le=signe_le,
        date_revue=date_revue,
        cree_par=acteur,
    )
    diagnostic.full_clean(exclude=["parcours", "orientation", "conseiller", "travailleur_social", "cree_par"])
    sauver(diagnostic, acteur=acteur, raison="Diagnostic partagé")
    _enregistrer_freins(diagnostic, lignes, professionnelles, acteur)
    if decision not in DECISIONS_AVEC_ENTREE:
        _non_retenir(
            parcours,
            acteur,
            transition="conclure_sans_entree",
            motif=motif_non_retenu or MotifNonRetenu.NON_ELIGIBLE,
            le=decision_le,
        )
    else:
        sauver(parcours, acteur=acteur, raison="Diagnostic partagé")
    evenement(
        parcours,
        acteur,
        transition.evenement,
        _("Diagnostic partagé du %(date)s : %(decision)s")
        % {"date": date_courte(date), "decision": DecisionDiagnostic(decision).label},
    )
    return diagnostic


__all__ = ["diagnostic_enregistrer"]
