"""Écritures du cycle du parcours (domaine.md §a.3) : orientation, diagnostic partagé, entrée et binôme,
suspension et reprise, renouvellement, social exclusif et coordination, sortie et suivi à 6 mois, non-retenue.

Chaque service : arguments nommés, une transaction ; le parcours est relu et verrouillé
(``select_for_update``) ; la garde de la machine à états (``enums.TRANSITIONS``) et les droits
(``selectors``) sont vérifiés ; l'historique (django-simple-history) et l'événement de chronologie (libellé
neutre, sans détail social ni de santé) sont écrits dans la même transaction. Erreur métier :
``ValidationError`` en français ; droit manquant : ``PermissionDenied``. Décisions : ``docs/parcours.md``.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, selectors
from binome.accompagnement.enums import (
    DECISIONS_AVEC_ENTREE,
    ETATS_AVANT_ENTREE,
    ETATS_CLOS,
    ETATS_EN_COURS,
    STATUTS_ORIENTATION_EN_ATTENTE,
    TRANSITIONS,
    Cote,
    DecisionDiagnostic,
    DomaineFrein,
    EtatParcours,
    Modalite,
    MotifNonRetenu,
    MotifSortie,
    MotifSuspension,
    NiveauFrein,
    ObjetCoordination,
    OrigineOrientation,
    SituationSortieFSE,
    StatutCoordination,
    StatutOrientation,
    TypeElementReferentiel,
    TypeEvenement,
    tranche_age,
)
from binome.accompagnement.models import (
    LONGUEUR_COORDINATION,
    LONGUEUR_TEXTE_COURT,
    DemandeCoordination,
    Diagnostic,
    ElementReferentiel,
    FreinDiagnostic,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    Sortie,
)
from binome.accompagnement.services.evenements import evenement_enregistrer
from binome.organisations.models import ParametresDepartement, TypeOrganisation

# --- Outils communs ---------------------------------------------------------------------------------------


def _aujourdhui() -> datetime.date:
    return timezone.localdate()


def _date(valeur: datetime.date) -> str:
    return date_format(valeur, "SHORT_DATE_FORMAT")


def _minuscule(libelle) -> str:
    """« Accompagnement global » → « accompagnement global » (au milieu d'une phrase)."""
    texte = str(libelle)
    return texte[:1].lower() + texte[1:]


def _tracer(objet, acteur, raison: str) -> None:
    objet._history_user = acteur
    objet._change_reason = raison


def _sauver(objet, acteur, raison: str) -> None:
    _tracer(objet, acteur, raison)
    objet.save()


def _verrouiller(parcours: Parcours) -> Parcours:
    """Relit le parcours sous verrou : l'état vérifié est celui de la base, pas celui d'un formulaire ancien."""
    return Parcours.objects.select_for_update().get(pk=parcours.pk)


def _exiger_modification(acteur, parcours: Parcours) -> None:
    if not selectors.peut_modifier(acteur, parcours):
        raise PermissionDenied(_("Vous ne pouvez pas modifier ce parcours."))


def _erreur_transition(parcours: Parcours, cible: str) -> ValidationError:
    return ValidationError(
        _("Action impossible : un parcours à l'état « %(etat)s » ne peut pas passer à l'état « %(cible)s ».")
        % {"etat": EtatParcours(parcours.etat).label, "cible": EtatParcours(cible).label},
        code="transition_interdite",
    )


def _transition(parcours: Parcours, cible: str) -> None:
    """Garde de la machine à états : ``cible`` doit être permise depuis l'état courant."""
    if cible not in TRANSITIONS.get(parcours.etat, ()):
        raise _erreur_transition(parcours, cible)
    parcours.etat = cible


def _evenement(parcours: Parcours, acteur, type_evenement: str, libelle: str, **options) -> None:
    evenement_enregistrer(
        personne=parcours.personne, parcours=parcours, type=type_evenement, libelle=libelle, acteur=acteur, **options
    )


def _exiger_date(valeur, champ: str, *, apres: datetime.date | None = None, libelle_apres: str = "") -> None:
    """Date obligatoire, pas dans le futur et, si ``apres`` est donné, pas avant cette date."""
    if valeur is None:
        raise ValidationError({champ: _("Indiquez la date.")})
    if valeur > _aujourdhui():
        raise ValidationError({champ: _("La date ne peut pas être dans le futur.")})
    if apres is not None and valeur < apres:
        raise ValidationError(
            {
                champ: _("La date ne peut pas précéder %(quoi)s (%(date)s).")
                % {"quoi": libelle_apres, "date": _date(apres)}
            }
        )


def _exiger_choix(valeur, choix, champ: str, message: str) -> None:
    if not valeur or valeur not in choix.values:
        raise ValidationError({champ: message})


def _texte(valeur, champ: str, *, obligatoire: bool, longueur: int, message: str = "") -> str:
    texte = (valeur or "").strip()
    if obligatoire and not texte:
        raise ValidationError({champ: message or _("Ce champ est obligatoire.")})
    if len(texte) > longueur:
        raise ValidationError(
            {
                champ: _("%(longueur)s caractères au plus (actuellement %(n)s).")
                % {"longueur": longueur, "n": len(texte)}
            }
        )
    return texte


def durees_departement(departement_id: str) -> tuple[int, int]:
    """(durée du parcours, durée du renouvellement) en mois, selon les paramètres du département."""
    lues = (
        ParametresDepartement.objects.filter(departement_id=departement_id)
        .values_list("duree_parcours_mois", "duree_renouvellement_mois")
        .first()
    )
    return lues or (calculs.DUREE_PARCOURS_MOIS_DEFAUT, calculs.DUREE_RENOUVELLEMENT_MOIS_DEFAUT)


def actions_possibles(parcours: Parcours) -> set[str]:
    """Actions que l'état du parcours permet (les droits de l'acteur sont vérifiés à part, par les sélecteurs).

    Sert aux écrans pour n'afficher que les boutons utiles ; chaque service revérifie sa garde.
    """
    etat = parcours.etat
    possibles = set()
    if etat == EtatParcours.REPERE:
        possibles.add("orienter")
    if etat in (EtatParcours.ORIENTATION_PROPOSEE, EtatParcours.DIAGNOSTIC_PARTAGE):
        possibles.add("diagnostic")
    if etat == EtatParcours.DIAGNOSTIC_PARTAGE:
        possibles.add("activer")
    if etat in ETATS_AVANT_ENTREE:
        possibles.add("non_retenu")
    if etat == EtatParcours.ACTIF:
        possibles.add("suspendre")
        if parcours.renouvele_le is None:
            possibles.add("renouveler")
    if etat == EtatParcours.SUSPENDU:
        possibles.add("reprendre")
    if etat in (EtatParcours.ACTIF, EtatParcours.RENOUVELE):
        possibles.add("social_exclusif")
    if etat in ETATS_EN_COURS:
        possibles.add("coordination")
    if etat == EtatParcours.SOCIAL_EXCLUSIF:
        possibles.add("retour_diagnostic")
    if EtatParcours.SORTI in TRANSITIONS.get(etat, ()):
        possibles.add("sortir")
    if etat == EtatParcours.SORTI:
        possibles.add("suivi_six_mois")
    return possibles


# --- Orientation ----------------------------------------------------------------------------------------


def _refuser_orientations_en_attente(parcours: Parcours, acteur, motif: str) -> None:
    for orientation in parcours.orientations.select_for_update().filter(statut__in=STATUTS_ORIENTATION_EN_ATTENTE):
        orientation.statut = StatutOrientation.REFUSEE
        orientation.motif_refus = orientation.motif_refus or motif[:LONGUEUR_TEXTE_COURT]
        orientation.traitee_par = orientation.traitee_par or acteur
        orientation.traitee_le = timezone.now()
        _sauver(orientation, acteur, "Parcours non retenu")


def _non_retenir(parcours: Parcours, acteur, *, motif: str, le: datetime.date) -> None:
    """Passe le parcours à ``NON_RETENU`` avec son motif ; les orientations en attente sont refusées."""
    _exiger_choix(motif, MotifNonRetenu, "motif", _("Indiquez le motif."))
    _transition(parcours, EtatParcours.NON_RETENU)
    parcours.motif_non_retenu = motif
    parcours.non_retenu_le = le
    _sauver(parcours, acteur, "Non retenu")
    _refuser_orientations_en_attente(parcours, acteur, str(MotifNonRetenu(motif).label))


@transaction.atomic
def orientation_proposer(
    *,
    acteur,
    personne: Personne,
    modalite_proposee: str,
    motif: str,
    organisation=None,
    relayee_partenaire: bool = False,
) -> Orientation:
    """Propose la personne pour l'accompagnement global ou social exclusif, avec un motif.

    L'orientation va à l'autre côté (une agence propose au Département, une organisation sociale à France
    Travail) : boîte de réception de ses professionnels qui couvrent la commune de la personne, et du
    référent orientation. Elle s'applique au parcours repéré de la personne ; sans parcours ouvert
    (personne sortie ou non retenue), elle **ouvre un nouveau parcours** (ré-entrée). ``relayee_partenaire`` :
    proposition reçue d'un partenaire et relayée par l'acteur (origine ``PARTENAIRE``).
    """
    if not selectors.peut_proposer_orientation(acteur, personne):
        raise PermissionDenied(_("Vous ne pouvez pas proposer d'orientation pour cette personne."))
    _exiger_choix(modalite_proposee, Modalite, "modalite_proposee", _("Choisissez la modalité proposée."))
    motif = _texte(
        motif,
        "motif",
        obligatoire=True,
        longueur=LONGUEUR_COORDINATION,
        message=_("Indiquez le motif de la proposition."),
    )
    habilitations = selectors.organisations_prescriptrices(acteur, personne.departement_id)
    if organisation is None:
        if len(habilitations) != 1:
            raise ValidationError(
                {"organisation": _("Précisez au titre de quelle organisation vous proposez cette orientation.")}
            )
        habilitation = habilitations[0]
    else:
        organisation_id = getattr(organisation, "pk", organisation)
        habilitation = next((h for h in habilitations if h.organisation_id == organisation_id), None)
        if habilitation is None:
            raise PermissionDenied(_("Vous ne proposez pas d'orientation au titre de cette organisation."))
    aujourdhui = _aujourdhui()
    parcours = Parcours.objects.select_for_update().filter(personne=personne).exclude(etat__in=ETATS_CLOS).first()
    if parcours is None:
        parcours = Parcours(
            personne=personne,
            departement_id=personne.departement_id,
            etat=EtatParcours.REPERE,
            date_reperage=aujourdhui,
            sexe=personne.sexe,
            cree_par=acteur,
        )
        _sauver(parcours, acteur, "Repérage (nouveau parcours)")
        _evenement(parcours, acteur, TypeEvenement.REPERAGE, _("Nouveau parcours : repérage"))
    elif parcours.etat != EtatParcours.REPERE:
        raise ValidationError(
            _(
                "Cette personne a déjà un parcours en cours (état : %(etat)s) : une nouvelle orientation "
                "n'est possible qu'après sa sortie."
            )
            % {"etat": EtatParcours(parcours.etat).label},
            code="parcours_en_cours",
        )
    else:
        _exiger_modification(acteur, parcours)
    _transition(parcours, EtatParcours.ORIENTATION_PROPOSEE)
    parcours.modalite = modalite_proposee
    parcours.date_orientation = aujourdhui
    _sauver(parcours, acteur, "Orientation proposée")
    depuis_agence = habilitation.organisation_type == TypeOrganisation.AGENCE_FT
    if relayee_partenaire:
        origine = OrigineOrientation.PARTENAIRE
    else:
        origine = OrigineOrientation.CONSEILLER_FT if depuis_agence else OrigineOrientation.TRAVAILLEUR_SOCIAL
    orientation = Orientation(
        parcours=parcours,
        origine=origine,
        modalite_proposee=modalite_proposee,
        motif=motif,
        date_proposition=aujourdhui,
        prescripteur=acteur,
        organisation_prescripteur_id=habilitation.organisation_id,
        cote_destinataire=Cote.DEPARTEMENT if depuis_agence else Cote.FRANCE_TRAVAIL,
    )
    _sauver(orientation, acteur, "Orientation proposée")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.ORIENTATION_PROPOSEE,
        _("Orientation proposée vers l'%(modalite)s par %(organisation)s")
        % {"modalite": _minuscule(Modalite(modalite_proposee).label), "organisation": habilitation.organisation_nom},
    )
    return orientation


def _orientation_a_traiter(acteur, orientation: Orientation) -> tuple[Orientation, Parcours]:
    if not selectors.peut_traiter_orientation(acteur, orientation):
        raise PermissionDenied(_("Cette orientation n'est pas dans votre boîte de réception."))
    orientation = Orientation.objects.select_for_update().get(pk=orientation.pk)
    if orientation.statut not in STATUTS_ORIENTATION_EN_ATTENTE:
        raise ValidationError(_("Cette orientation a déjà été traitée."), code="orientation_traitee")
    return orientation, _verrouiller(orientation.parcours)


@transaction.atomic
def orientation_planifier_diagnostic(
    *, acteur, orientation: Orientation, date_diagnostic: datetime.date
) -> Orientation:
    """Le côté destinataire planifie le diagnostic partagé (une nouvelle date remplace la précédente)."""
    orientation, parcours = _orientation_a_traiter(acteur, orientation)
    if parcours.etat != EtatParcours.ORIENTATION_PROPOSEE:
        raise ValidationError(
            _("Le diagnostic ne se planifie que pour une orientation proposée (état actuel : %(etat)s).")
            % {"etat": EtatParcours(parcours.etat).label},
            code="transition_interdite",
        )
    if date_diagnostic is None:
        raise ValidationError({"date_diagnostic": _("Indiquez la date du diagnostic.")})
    if date_diagnostic < orientation.date_proposition:
        raise ValidationError(
            {
                "date_diagnostic": _("Le diagnostic ne peut pas précéder la proposition (%(date)s).")
                % {"date": _date(orientation.date_proposition)}
            }
        )
    orientation.statut = StatutOrientation.DIAGNOSTIC_PLANIFIE
    orientation.date_diagnostic_planifiee = date_diagnostic
    orientation.traitee_par = acteur
    orientation.traitee_le = timezone.now()
    _sauver(orientation, acteur, "Diagnostic planifié")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.ORIENTATION_TRAITEE,
        _("Diagnostic partagé planifié le %(date)s") % {"date": _date(date_diagnostic)},
    )
    return orientation


@transaction.atomic
def orientation_refuser(*, acteur, orientation: Orientation, motif: str, precision: str = "") -> Orientation:
    """Le côté destinataire refuse l'orientation, avec un motif codé (et une précision) : le parcours n'est
    pas retenu."""
    orientation, parcours = _orientation_a_traiter(acteur, orientation)
    _exiger_choix(motif, MotifNonRetenu, "motif", _("Indiquez le motif du refus."))
    precision = _texte(precision, "precision", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT)
    orientation.statut = StatutOrientation.REFUSEE
    orientation.motif_refus = precision or str(MotifNonRetenu(motif).label)
    orientation.traitee_par = acteur
    orientation.traitee_le = timezone.now()
    _sauver(orientation, acteur, "Orientation refusée")
    _non_retenir(parcours, acteur, motif=motif, le=_aujourdhui())
    _evenement(
        parcours,
        acteur,
        TypeEvenement.ORIENTATION_TRAITEE,
        _("Orientation refusée (%(motif)s) : parcours non retenu") % {"motif": MotifNonRetenu(motif).label},
    )
    return orientation


@transaction.atomic
def parcours_non_retenu(*, acteur, parcours: Parcours, motif: str) -> Parcours:
    """Clôt un parcours avant l'entrée (repéré, orientation proposée, diagnostic partagé) : refus de la
    personne, non éligible, injoignable… Les orientations en attente sont refusées."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    _non_retenir(parcours, acteur, motif=motif, le=_aujourdhui())
    _evenement(
        parcours,
        acteur,
        TypeEvenement.NON_RETENU,
        _("Parcours non retenu (%(motif)s)") % {"motif": MotifNonRetenu(motif).label},
    )
    return parcours


# --- Diagnostic partagé -----------------------------------------------------------------------------------


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


@transaction.atomic
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
    _exiger_modification(acteur, parcours)
    detail_autorise = selectors.voit_detail_social(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat == EtatParcours.ORIENTATION_PROPOSEE:
        _transition(parcours, EtatParcours.DIAGNOSTIC_PARTAGE)
    elif parcours.etat != EtatParcours.DIAGNOSTIC_PARTAGE:
        raise ValidationError(
            _(
                "Un diagnostic partagé suit une orientation proposée ou un retour du social exclusif "
                "(état actuel : %(etat)s)."
            )
            % {"etat": EtatParcours(parcours.etat).label},
            code="transition_interdite",
        )
    _exiger_date(date, "date", apres=parcours.date_reperage, libelle_apres=_("le repérage"))
    lignes = _valider_freins(freins, detail_autorise=detail_autorise)
    _exiger_choix(decision, DecisionDiagnostic, "decision", _("Indiquez la décision prise ensemble."))
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
        _exiger_date(adhesion_le, "adhesion_le")
    elif adhesion_le is not None:
        _exiger_date(adhesion_le, "adhesion_le")
    if decision == DecisionDiagnostic.NON_RETENU:
        _exiger_choix(motif_non_retenu, MotifNonRetenu, "motif_non_retenu", _("Indiquez le motif de non-retenue."))
    elif motif_non_retenu and motif_non_retenu not in MotifNonRetenu.values:
        raise ValidationError({"motif_non_retenu": _("Motif inconnu.")})
    decision_le = decision_le or date
    _exiger_date(decision_le, "decision_le", apres=date, libelle_apres=_("le diagnostic"))
    if signe_le is not None:
        _exiger_date(signe_le, "signe_le", apres=date, libelle_apres=_("le diagnostic"))
    if date_revue is not None and date_revue < date:
        raise ValidationError({"date_revue": _("La date de revue ne peut pas précéder le diagnostic.")})
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
        autres_participants=_texte(
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
        precision_non_retenu=_texte(
            precision_non_retenu, "precision_non_retenu", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT
        ),
        signe_le=signe_le,
        date_revue=date_revue,
        cree_par=acteur,
    )
    diagnostic.full_clean(exclude=["parcours", "orientation", "conseiller", "travailleur_social", "cree_par"])
    _sauver(diagnostic, acteur, "Diagnostic partagé")
    diagnostic.situations_professionnelles.set(professionnelles)
    for domaine, niveau, situations, precision in lignes:
        frein = FreinDiagnostic(diagnostic=diagnostic, domaine=domaine, niveau=niveau, precision=precision)
        _sauver(frein, acteur, "Diagnostic partagé")
        if situations:
            frein.situations.set(situations)
    if parcours.etat == EtatParcours.DIAGNOSTIC_PARTAGE and decision not in DECISIONS_AVEC_ENTREE:
        _non_retenir(parcours, acteur, motif=motif_non_retenu or MotifNonRetenu.NON_ELIGIBLE, le=decision_le)
    else:
        _sauver(parcours, acteur, "Diagnostic partagé")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.DIAGNOSTIC,
        _("Diagnostic partagé du %(date)s : %(decision)s")
        % {"date": _date(date), "decision": DecisionDiagnostic(decision).label},
    )
    return diagnostic


# --- Entrée et binôme ---------------------------------------------------------------------------------------


def _figer_caracteristiques(parcours: Parcours, personne: Personne, date_entree: datetime.date) -> None:
    """Copie figée à l'entrée : les indicateurs ne bougent plus quand la personne évolue."""
    age = calculs.age_a(personne.date_naissance, date_entree)
    parcours.sexe = personne.sexe
    parcours.age_entree = age
    parcours.tranche_age_entree = tranche_age(age)
    parcours.commune_entree_id = personne.commune_id
    parcours.rsa_entree = personne.beneficiaire_rsa
    parcours.qpv_entree = personne.residence_qpv
    parcours.niveau_formation_entree = personne.niveau_formation
    parcours.situation_marche_travail_entree = personne.situation_marche_travail
    parcours.parent_isole_entree = personne.parent_isole
    parcours.sans_domicile_entree = personne.sans_domicile
    parcours.nationalite_entree = personne.nationalite


def _membre_valide(possibles, utilisateur, organisation, champ: str, message: str) -> None:
    if utilisateur is None or organisation is None:
        raise ValidationError({champ: message})
    if not possibles.filter(utilisateur=utilisateur, organisation=organisation).exists():
        raise ValidationError({champ: message})


@transaction.atomic
def parcours_activer(
    *,
    acteur,
    parcours: Parcours,
    conseiller,
    organisation_conseiller,
    referent_social,
    organisation_referent,
    date_entree: datetime.date | None = None,
) -> Parcours:
    """Entrée en accompagnement : le binôme (conseiller France Travail de son agence, référent social de son
    unité ou du conseil départemental) est désigné et le parcours devient ``ACTIF`` (décision ``GLOBAL``) ou
    ``SOCIAL_EXCLUSIF`` selon le dernier diagnostic, qui doit décider l'entrée avec l'adhésion de la personne.

    Première entrée : date d'entrée (pas avant le diagnostic), fin prévue = entrée +
    ``ParametresDepartement.duree_parcours_mois`` et copie figée des caractéristiques de la personne.
    Retour du social exclusif (le parcours a déjà une entrée) : la date d'entrée, la fin prévue et la copie
    figée sont conservées ; seuls la modalité et le binôme changent.
    """
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat != EtatParcours.DIAGNOSTIC_PARTAGE:
        raise _erreur_transition(parcours, EtatParcours.ACTIF)
    diagnostic = Diagnostic.objects.filter(parcours=parcours).order_by("-date", "-pk").first()
    if diagnostic is None or diagnostic.decision not in DECISIONS_AVEC_ENTREE:
        raise ValidationError(
            _(
                "L'entrée suit un diagnostic partagé qui décide l'accompagnement global ou social exclusif, "
                "avec l'adhésion de la personne."
            ),
            code="diagnostic_manquant",
        )
    if not diagnostic.adhesion:
        raise ValidationError(_("L'entrée exige l'adhésion de la personne."), code="adhesion_manquante")
    _membre_valide(
        selectors.conseillers_possibles(parcours.departement_id),
        conseiller,
        organisation_conseiller,
        "conseiller",
        _("Choisissez un conseiller France Travail et son agence, dans le département de la personne."),
    )
    _membre_valide(
        selectors.referents_possibles(parcours.departement_id),
        referent_social,
        organisation_referent,
        "referent_social",
        _("Choisissez un travailleur social et son organisation, dans le département de la personne."),
    )
    premiere_entree = parcours.date_entree is None
    if premiere_entree:
        _exiger_date(date_entree, "date_entree", apres=diagnostic.date, libelle_apres=_("le diagnostic partagé"))
        if Parcours.objects.filter(personne_id=parcours.personne_id, date_entree=date_entree).exists():
            raise ValidationError(
                {"date_entree": _("Un autre parcours de cette personne commence déjà à cette date.")}
            )
        duree_mois, _renouvellement = durees_departement(parcours.departement_id)
        parcours.date_entree = date_entree
        parcours.date_fin_prevue = calculs.fin_prevue(date_entree, duree_mois)
        _figer_caracteristiques(parcours, parcours.personne, date_entree)
    global_ = diagnostic.decision == DecisionDiagnostic.GLOBAL
    _transition(parcours, EtatParcours.ACTIF if global_ else EtatParcours.SOCIAL_EXCLUSIF)
    parcours.modalite = Modalite.GLOBAL if global_ else Modalite.SOCIAL_EXCLUSIF
    parcours.conseiller = conseiller
    parcours.organisation_conseiller = organisation_conseiller
    parcours.referent_social = referent_social
    parcours.organisation_referent = organisation_referent
    _sauver(parcours, acteur, "Entrée" if premiere_entree else "Retour après diagnostic")
    for orientation in parcours.orientations.select_for_update().filter(statut__in=STATUTS_ORIENTATION_EN_ATTENTE):
        orientation.statut = StatutOrientation.ACCEPTEE
        orientation.traitee_par = orientation.traitee_par or acteur
        orientation.traitee_le = orientation.traitee_le or timezone.now()
        _sauver(orientation, acteur, "Entrée")
    modalite = _minuscule(Modalite(parcours.modalite).label)
    libelle = (
        _("Entrée en %(modalite)s le %(date)s") % {"modalite": modalite, "date": _date(parcours.date_entree)}
        if premiere_entree
        else _("Reprise en %(modalite)s après un nouveau diagnostic") % {"modalite": modalite}
    )
    _evenement(parcours, acteur, TypeEvenement.ENTREE, libelle)
    return parcours


# --- Suspension et reprise ------------------------------------------------------------------------------


def _clore_suspension(parcours: Parcours, acteur, fin: datetime.date, raison: str) -> int:
    """Clôt la suspension en cours à ``fin`` (jour de la reprise) ; renvoie les jours suspendus.

    Décision : la fin prévue est **repoussée** d'autant de jours (une suspension ne consomme pas la durée
    d'accompagnement) et ``jours_suspendus`` cumule les périodes closes.
    """
    periode = parcours.suspensions.select_for_update().filter(fin__isnull=True).first()
    if periode is None:
        raise ValidationError(_("Ce parcours n'a pas de suspension en cours."), code="sans_suspension")
    if fin < periode.debut:
        raise ValidationError(
            {
                "date": _("La date ne peut pas précéder le début de la suspension (%(date)s).")
                % {"date": _date(periode.debut)}
            }
        )
    jours = calculs.jours_entre(periode.debut, fin)
    periode.fin = fin
    _sauver(periode, acteur, raison)
    parcours.jours_suspendus += jours
    if parcours.date_fin_prevue:
        parcours.date_fin_prevue += datetime.timedelta(days=jours)
    return jours


@transaction.atomic
def parcours_suspendre(*, acteur, parcours: Parcours, debut: datetime.date, motif: str) -> PeriodeSuspension:
    """Suspend un parcours actif (arrêt maladie, formation courte…) à partir de ``debut``.

    Gardes : état ``ACTIF`` ; début ni dans le futur, ni avant l'entrée, ni avant la fin de la suspension
    précédente (pas de chevauchement). Le motif est une donnée potentiellement de santé : il n'apparaît pas
    dans la chronologie et n'est affiché qu'au côté social.
    """
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    _transition(parcours, EtatParcours.SUSPENDU)
    _exiger_choix(motif, MotifSuspension, "motif", _("Indiquez le motif de la suspension."))
    _exiger_date(debut, "debut", apres=parcours.date_entree, libelle_apres=_("l'entrée"))
    precedente = parcours.suspensions.order_by("-debut", "-pk").first()
    if precedente is not None and (precedente.fin is None or debut < precedente.fin):
        raise ValidationError(
            {
                "debut": _("Cette suspension chevauche la précédente (du %(debut)s au %(fin)s).")
                % {"debut": _date(precedente.debut), "fin": _date(precedente.fin) if precedente.fin else "…"}
            },
            code="chevauchement",
        )
    periode = PeriodeSuspension(parcours=parcours, debut=debut, motif=motif, cree_par=acteur)
    _sauver(periode, acteur, "Suspension")
    _sauver(parcours, acteur, "Suspension")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.SUSPENSION,
        _("Accompagnement suspendu à partir du %(date)s") % {"date": _date(debut)},
    )
    return periode


@transaction.atomic
def parcours_reprendre(*, acteur, parcours: Parcours, date: datetime.date) -> Parcours:
    """Reprise d'un parcours suspendu le jour ``date`` : la suspension est close, ses jours cumulés dans
    ``jours_suspendus`` et la fin prévue repoussée d'autant."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    _transition(parcours, EtatParcours.ACTIF)
    _exiger_date(date, "date")
    jours = _clore_suspension(parcours, acteur, date, "Reprise")
    _sauver(parcours, acteur, "Reprise")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.REPRISE,
        _("Reprise de l'accompagnement le %(date)s (%(jours)s jours suspendus)")
        % {"date": _date(date), "jours": jours},
    )
    return parcours


# --- Renouvellement (décision conjointe) ------------------------------------------------------------------


@transaction.atomic
def parcours_renouveler(*, acteur, parcours: Parcours, motif: str = "") -> Parcours:
    """Donne l'accord de l'acteur (membre du binôme) au renouvellement ; le parcours est renouvelé quand les
    deux membres ont donné le leur.

    Une seule fois par parcours, depuis l'état ``ACTIF``. Le motif est demandé au premier accord. Au second,
    le parcours passe à ``RENOUVELE`` et sa fin prévue est repoussée de
    ``ParametresDepartement.duree_renouvellement_mois``.
    """
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.renouvele_le is not None:
        raise ValidationError(
            _("Ce parcours a déjà été renouvelé le %(date)s : un seul renouvellement est possible.")
            % {"date": _date(parcours.renouvele_le)},
            code="deja_renouvele",
        )
    if EtatParcours.RENOUVELE not in TRANSITIONS.get(parcours.etat, ()):
        raise _erreur_transition(parcours, EtatParcours.RENOUVELE)
    cote = selectors.membre_du_binome(acteur, parcours)
    if cote is None:
        raise PermissionDenied(_("Seuls les deux membres du binôme donnent leur accord au renouvellement."))
    premier_accord = (
        parcours.accord_renouvellement_conseiller_le is None and parcours.accord_renouvellement_referent_le is None
    )
    motif = _texte(
        motif,
        "motif",
        obligatoire=premier_accord,
        longueur=LONGUEUR_TEXTE_COURT,
        message=_("Indiquez le motif du renouvellement."),
    )
    aujourdhui = _aujourdhui()
    if cote == Cote.FRANCE_TRAVAIL:
        if parcours.accord_renouvellement_conseiller_le:
            raise ValidationError(
                _("Vous avez déjà donné votre accord le %(date)s ; il manque celui du référent social.")
                % {"date": _date(parcours.accord_renouvellement_conseiller_le)},
                code="accord_deja_donne",
            )
        parcours.accord_renouvellement_conseiller_le = aujourdhui
        libelle = _("Accord du conseiller France Travail pour le renouvellement")
    else:
        if parcours.accord_renouvellement_referent_le:
            raise ValidationError(
                _("Vous avez déjà donné votre accord le %(date)s ; il manque celui du conseiller France Travail.")
                % {"date": _date(parcours.accord_renouvellement_referent_le)},
                code="accord_deja_donne",
            )
        parcours.accord_renouvellement_referent_le = aujourdhui
        libelle = _("Accord du référent social pour le renouvellement")
    if motif and not parcours.motif_renouvellement:
        parcours.motif_renouvellement = motif
    _evenement(parcours, acteur, TypeEvenement.RENOUVELLEMENT, libelle)
    if parcours.accord_renouvellement_conseiller_le and parcours.accord_renouvellement_referent_le:
        _transition(parcours, EtatParcours.RENOUVELE)
        parcours.renouvele_le = aujourdhui
        _duree, renouvellement_mois = durees_departement(parcours.departement_id)
        parcours.date_fin_prevue = calculs.ajouter_mois(parcours.date_fin_prevue, renouvellement_mois)
        _sauver(parcours, acteur, "Renouvellement")
        _evenement(
            parcours,
            acteur,
            TypeEvenement.RENOUVELLEMENT,
            _("Parcours renouvelé jusqu'au %(date)s") % {"date": _date(parcours.date_fin_prevue)},
        )
    else:
        _sauver(parcours, acteur, "Accord de renouvellement")
    return parcours


# --- Social exclusif et coordination ---------------------------------------------------------------------


@transaction.atomic
def parcours_basculer_social_exclusif(*, acteur, parcours: Parcours) -> Parcours:
    """Les freins sociaux empêchent toute recherche d'emploi : le Département prend la main (modalité
    ``SOCIAL_EXCLUSIF``). Depuis ``ACTIF`` ou ``RENOUVELE`` ; le binôme reste désigné."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat not in (EtatParcours.ACTIF, EtatParcours.RENOUVELE):
        raise ValidationError(
            _("Seul un parcours actif ou renouvelé bascule en social exclusif (état actuel : %(etat)s).")
            % {"etat": EtatParcours(parcours.etat).label},
            code="transition_interdite",
        )
    _transition(parcours, EtatParcours.SOCIAL_EXCLUSIF)
    parcours.modalite = Modalite.SOCIAL_EXCLUSIF
    _sauver(parcours, acteur, "Bascule en social exclusif")
    _evenement(parcours, acteur, TypeEvenement.ENTREE, _("Bascule en accompagnement social exclusif"))
    return parcours


def _cote_de(acteur, parcours: Parcours) -> str:
    cote = selectors.cote_dans_parcours(acteur, parcours)
    if cote is None:
        raise PermissionDenied(_("Vous n'intervenez pas dans ce parcours au titre d'un des deux côtés du binôme."))
    return cote


@transaction.atomic
def coordination_demander(*, acteur, parcours: Parcours, objet: str, demande: str) -> DemandeCoordination:
    """Un côté (France Travail ou Département) demande à l'autre de revoir une situation ; l'autre répond.

    Parcours en cours seulement ; l'objet « retour vers un diagnostic partagé » ne vaut qu'en social exclusif.
    """
    _exiger_modification(acteur, parcours)
    cote = _cote_de(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat not in ETATS_EN_COURS:
        raise ValidationError(
            _("Une demande de coordination concerne un parcours en cours."), code="transition_interdite"
        )
    _exiger_choix(objet, ObjetCoordination, "objet", _("Choisissez l'objet de la demande."))
    if objet == ObjetCoordination.RETOUR_DIAGNOSTIC and parcours.etat != EtatParcours.SOCIAL_EXCLUSIF:
        raise ValidationError(
            {"objet": _("Le retour vers un diagnostic partagé concerne un parcours en social exclusif.")}
        )
    texte = _texte(demande, "demande", obligatoire=True, longueur=LONGUEUR_COORDINATION)
    destinataire = Cote.DEPARTEMENT if cote == Cote.FRANCE_TRAVAIL else Cote.FRANCE_TRAVAIL
    coordination = DemandeCoordination(
        parcours=parcours,
        objet=objet,
        demande=texte,
        auteur=acteur,
        cote_auteur=cote,
        cote_destinataire=destinataire,
        demandee_le=timezone.now(),
    )
    _sauver(coordination, acteur, "Demande de coordination")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.COORDINATION,
        _("Demande de coordination (%(objet)s) adressée au côté %(cote)s")
        % {"objet": ObjetCoordination(objet).label, "cote": Cote(destinataire).label},
    )
    return coordination


@transaction.atomic
def coordination_repondre(*, acteur, demande: DemandeCoordination, reponse: str) -> DemandeCoordination:
    """Le côté destinataire répond à une demande de coordination ouverte."""
    parcours = demande.parcours
    _exiger_modification(acteur, parcours)
    if _cote_de(acteur, parcours) != demande.cote_destinataire:
        raise PermissionDenied(_("Seul le côté à qui la demande est adressée y répond."))
    demande = DemandeCoordination.objects.select_for_update().get(pk=demande.pk)
    if demande.statut != StatutCoordination.OUVERTE:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."), code="deja_repondue")
    demande.reponse = _texte(reponse, "reponse", obligatoire=True, longueur=LONGUEUR_COORDINATION)
    demande.statut = StatutCoordination.REPONDUE
    demande.repondu_par = acteur
    demande.repondue_le = timezone.now()
    _sauver(demande, acteur, "Réponse de coordination")
    _evenement(
        parcours,
        acteur,
        TypeEvenement.COORDINATION,
        _("Réponse à la demande de coordination (%(objet)s)") % {"objet": ObjetCoordination(demande.objet).label},
    )
    return demande


@transaction.atomic
def parcours_retour_diagnostic(*, acteur, parcours: Parcours) -> Parcours:
    """Chemin du retour du social exclusif vers l'accompagnement global : après une demande de coordination
    « retour vers un diagnostic partagé » à laquelle l'autre côté a répondu, le parcours revient à
    ``DIAGNOSTIC_PARTAGE`` (la demande est close). Un nouveau diagnostic puis ``parcours_activer`` suivent."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat != EtatParcours.SOCIAL_EXCLUSIF:
        raise ValidationError(
            _("Seul un parcours en social exclusif revient vers un diagnostic partagé (état actuel : %(etat)s).")
            % {"etat": EtatParcours(parcours.etat).label},
            code="transition_interdite",
        )
    demande = (
        parcours.coordinations.select_for_update()
        .filter(objet=ObjetCoordination.RETOUR_DIAGNOSTIC, statut=StatutCoordination.REPONDUE)
        .order_by("-repondue_le", "-pk")
        .first()
    )
    if demande is None:
        raise ValidationError(
            _(
                "Le retour vers un diagnostic partagé suit une demande de coordination « retour vers un "
                "diagnostic partagé » à laquelle l'autre côté a répondu."
            ),
            code="coordination_manquante",
        )
    demande.statut = StatutCoordination.CLOSE
    _sauver(demande, acteur, "Retour vers un diagnostic partagé")
    _transition(parcours, EtatParcours.DIAGNOSTIC_PARTAGE)
    _sauver(parcours, acteur, "Retour vers un diagnostic partagé")
    _evenement(parcours, acteur, TypeEvenement.DIAGNOSTIC, _("Retour vers un diagnostic partagé"))
    return parcours


# --- Sortie et suivi à 6 mois -----------------------------------------------------------------------------


@transaction.atomic
def parcours_sortir(
    *,
    acteur,
    parcours: Parcours,
    date: datetime.date,
    motif: str,
    situation_fse: str,
    precision: str = "",
) -> Sortie:
    """Sortie d'un parcours en cours : date, motif (domaine.md §a.5), situation à la sortie (FSE+ EECR01-04)
    et échéance du suivi à 6 mois (date de sortie + 6 mois). Une suspension en cours est close à la date de
    sortie. Une ré-entrée ouvrira un nouveau parcours (``orientation_proposer``)."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if EtatParcours.SORTI not in TRANSITIONS.get(parcours.etat, ()):
        raise _erreur_transition(parcours, EtatParcours.SORTI)
    _exiger_choix(motif, MotifSortie, "motif", _("Indiquez le motif de sortie."))
    _exiger_choix(situation_fse, SituationSortieFSE, "situation_fse", _("Indiquez la situation à la sortie (FSE+)."))
    _exiger_date(date, "date", apres=parcours.date_entree, libelle_apres=_("l'entrée"))
    if parcours.etat == EtatParcours.SUSPENDU:
        _clore_suspension(parcours, acteur, date, "Sortie")
    sortie = Sortie(
        parcours=parcours,
        date=date,
        motif=motif,
        precision=_texte(precision, "precision", obligatoire=False, longueur=LONGUEUR_TEXTE_COURT),
        situation_fse=situation_fse,
        suivi_6_mois_echeance=calculs.ajouter_mois(date, calculs.DELAI_SUIVI_SORTIE_MOIS),
        saisie_par=acteur,
    )
    _sauver(sortie, acteur, "Sortie")
    _transition(parcours, EtatParcours.SORTI)
    parcours.date_sortie = date
    parcours.motif_sortie = motif
    _sauver(parcours, acteur, "Sortie")
    _evenement(
        parcours, acteur, TypeEvenement.SORTIE, _("Sortie de l'accompagnement le %(date)s") % {"date": _date(date)}
    )
    return sortie


@transaction.atomic
def suivi_six_mois_enregistrer(
    *,
    acteur,
    parcours: Parcours,
    fait_le: datetime.date,
    emploi_6_mois: bool | None,
    situation_amelioree_6_mois: bool | None,
) -> Sortie:
    """Résultats FSE+ six mois après la sortie : en emploi (EECR05), situation améliorée (EECR06).
    Une seule fois, à partir de l'échéance, par le binôme ou ses encadrants."""
    _exiger_modification(acteur, parcours)
    parcours = _verrouiller(parcours)
    if parcours.etat != EtatParcours.SORTI:
        raise ValidationError(_("Le suivi à 6 mois concerne un parcours sorti."), code="transition_interdite")
    sortie = Sortie.objects.select_for_update().get(parcours=parcours)
    if sortie.suivi_6_mois_fait_le is not None:
        raise ValidationError(
            _("Le suivi à 6 mois a déjà été enregistré le %(date)s.") % {"date": _date(sortie.suivi_6_mois_fait_le)},
            code="deja_fait",
        )
    _exiger_date(fait_le, "fait_le", apres=sortie.suivi_6_mois_echeance, libelle_apres=_("l'échéance du suivi"))
    if emploi_6_mois is None:
        raise ValidationError({"emploi_6_mois": _("Indiquez si la personne est en emploi.")})
    if situation_amelioree_6_mois is None:
        raise ValidationError({"situation_amelioree_6_mois": _("Indiquez si sa situation s'est améliorée.")})
    sortie.suivi_6_mois_fait_le = fait_le
    sortie.emploi_6_mois = emploi_6_mois
    sortie.situation_amelioree_6_mois = situation_amelioree_6_mois
    _sauver(sortie, acteur, "Suivi à 6 mois")
    _evenement(parcours, acteur, TypeEvenement.SUIVI_6_MOIS, _("Suivi à 6 mois enregistré"))
    return sortie


__all__ = [
    "actions_possibles",
    "coordination_demander",
    "coordination_repondre",
    "diagnostic_enregistrer",
    "durees_departement",
    "orientation_planifier_diagnostic",
    "orientation_proposer",
    "orientation_refuser",
    "parcours_activer",
    "parcours_basculer_social_exclusif",
    "parcours_non_retenu",
    "parcours_renouveler",
    "parcours_reprendre",
    "parcours_retour_diagnostic",
    "parcours_sortir",
    "parcours_suspendre",
    "suivi_six_mois_enregistrer",
]
