"""Droits de la personne : relevé de tout ce qui est détenu (lisible et JSON), en lecture seule.

La notice d'information et l'opposition s'enregistrent par ``binome.confiance.services.droits`` ; la
rectification passe par les formulaires ordinaires du dossier (historisés)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from binome.accompagnement import selectors as acc
from binome.accompagnement.models import Personne
from binome.confiance import selectors
from binome.confiance.models import EntreeJournal

# Champs jamais exportés : techniques ou recalculés.
_EXCLUS = {"id", "nom_normalise", "prenom_normalise", "recherche_normalise", "password"}


def _valeur_json(instance, champ):
    valeur = getattr(instance, champ.attname)
    if isinstance(champ, models.ForeignKey):
        cible = getattr(instance, champ.name)
        return None if cible is None else str(cible)
    if isinstance(valeur, datetime.datetime | datetime.date):
        return valeur.isoformat()
    return valeur


def _valeur_lisible(instance, champ):
    if champ.choices:
        return getattr(instance, f"get_{champ.name}_display")() if getattr(instance, champ.attname) else ""
    valeur = (
        getattr(instance, champ.name) if isinstance(champ, models.ForeignKey) else getattr(instance, champ.attname)
    )
    if valeur is None or valeur == "":
        return ""
    if isinstance(valeur, bool):
        return _("oui") if valeur else _("non")
    if isinstance(valeur, datetime.datetime):
        return date_format(timezone.localtime(valeur), "SHORT_DATETIME_FORMAT")
    if isinstance(valeur, datetime.date):
        return date_format(valeur, "SHORT_DATE_FORMAT")
    return str(valeur)


def _champs(instance, *, social, parent=None):
    """Champs d'un objet : (liste lisible [(libellé, valeur)], dictionnaire JSON). Les champs réservés au
    côté social (``secret_partage``) n'y sont que pour lui."""
    lisibles, donnees = [], {}
    for champ in instance._meta.concrete_fields:
        if champ.name in _EXCLUS or champ.name == parent or acc.champ_masque(instance, champ.name, cote_social=social):
            continue
        if isinstance(champ, models.JSONField):
            donnees[champ.name] = getattr(instance, champ.attname)
            continue
        donnees[champ.name] = _valeur_json(instance, champ)
        valeur = _valeur_lisible(instance, champ)
        if valeur != "":
            lisibles.append((str(champ.verbose_name), valeur))
    return lisibles, donnees


def _bloc(titre, instance, *, social, parent=None, m2m=()):
    lignes, donnees = _champs(instance, social=social, parent=parent)
    for nom in m2m:
        if acc.champ_masque(instance, nom, cote_social=social):
            continue
        elements = [str(o) for o in getattr(instance, nom).all()]
        donnees[nom] = elements
        if elements:
            lignes.append((str(instance._meta.get_field(nom).verbose_name), ", ".join(elements)))
    return {"titre": titre, "lignes": lignes, "donnees": donnees, "blocs": []}


def releve_personne(acteur, personne: Personne) -> dict:
    """Tout ce que Binôme détient sur la personne et que l'acteur peut voir, en un relevé structuré :
    ``blocs`` (lisible) et ``json`` (fichier). Le côté social (notes privées non partagées, RQTH, détail
    des freins) n'y figure que si l'acteur le voit ; sinon le relevé le signale."""
    if not selectors.peut_exporter(acteur, personne):
        raise PermissionDenied(_("Vous ne pouvez pas exporter ce dossier."))
    social = acc.voit_cote_social(acteur, personne)
    racine = _bloc(_("Identité, coordonnées et situation"), personne, social=social)
    blocs = [racine]
    parcours_json = []
    parcours = acc.parcours_de(acteur, personne).prefetch_related(
        "suspensions",
        "orientations",
        "diagnostics__freins__situations",
        "diagnostics__situations_professionnelles",
        "plans__objectifs__element_referentiel",
        "plans__actions__element_referentiel",
        "contacts__participants",
        "coordinations",
        "sortie",
    )
    for un_parcours in parcours:
        bloc = _bloc(
            _("Parcours du %(date)s") % {"date": date_format(un_parcours.date_reperage, "SHORT_DATE_FORMAT")},
            un_parcours,
            social=social,
            parent="personne",
        )
        for suspension in un_parcours.suspensions.all():
            bloc["blocs"].append(_bloc(_("Suspension"), suspension, social=social, parent="parcours"))
        for orientation in un_parcours.orientations.all():
            bloc["blocs"].append(_bloc(_("Orientation"), orientation, social=social, parent="parcours"))
        for diagnostic in un_parcours.diagnostics.all():
            sous = _bloc(
                _("Diagnostic partagé"),
                diagnostic,
                social=social,
                parent="parcours",
                m2m=("situations_professionnelles",),
            )
            for frein in diagnostic.freins.all():
                sous["blocs"].append(_bloc(_("Frein"), frein, social=social, parent="diagnostic", m2m=("situations",)))
            bloc["blocs"].append(sous)
        for plan in un_parcours.plans.all():
            sous = _bloc(
                _("Plan d'action, version %(v)s") % {"v": plan.version}, plan, social=social, parent="parcours"
            )
            for objectif in plan.objectifs.all():
                sous["blocs"].append(
                    _bloc(_("Objectif : %(l)s") % {"l": objectif.libelle}, objectif, social=social, parent="plan")
                )
            for action in plan.actions.all():
                sous["blocs"].append(
                    _bloc(_("Action : %(l)s") % {"l": action.libelle}, action, social=social, parent="plan")
                )
            bloc["blocs"].append(sous)
        for contact in un_parcours.contacts.all():
            bloc["blocs"].append(_bloc(_("Contact"), contact, social=social, parent="parcours", m2m=("participants",)))
        sortie = getattr(un_parcours, "sortie", None)
        if sortie is not None:
            bloc["blocs"].append(_bloc(_("Sortie"), sortie, social=social, parent="parcours"))
        for coordination in un_parcours.coordinations.all():
            bloc["blocs"].append(_bloc(_("Demande de coordination"), coordination, social=social, parent="parcours"))
        blocs.append(bloc)
        parcours_json.append(_json_bloc(bloc))

    notes = acc.notes_privees_visibles(acteur, personne)
    notes_blocs = [_bloc(_("Note privée"), note, social=social, parent="personne") for note in notes]
    chronologie = [
        {"date": ev.date.isoformat(), "type": ev.get_type_display(), "libelle": ev.libelle}
        for ev in acc.evenements_visibles(acteur, personne)
    ]
    consultations = [
        {
            "date": entree.horodatage.isoformat(),
            "acteur": entree.acteur_libelle,
            "roles": entree.roles,
            "organisations": entree.organisations,
            "action": entree.get_action_display(),
            "finalite": entree.finalite,
        }
        for entree in EntreeJournal.objects.filter(personne_id=personne.pk).order_by("-horodatage")[:500]
    ]
    genere_le = timezone.now()
    return {
        "blocs": blocs,
        "notes": notes_blocs,
        "chronologie": chronologie,
        "consultations": consultations,
        "cote_social_inclus": social,
        "genere_le": genere_le,
        "json": {
            "genere_le": genere_le.isoformat(),
            "genere_par": acteur.get_full_name(),
            "cote_social_inclus": social,
            "personne": racine["donnees"],
            "parcours": parcours_json,
            "notes_privees": [n["donnees"] for n in notes_blocs],
            "chronologie": chronologie,
            "consultations": consultations,
        },
    }


def _json_bloc(bloc) -> dict:
    donnees = dict(bloc["donnees"])
    if bloc["blocs"]:
        donnees["elements"] = [{"type": sous["titre"], **_json_bloc(sous)} for sous in bloc["blocs"]]
    return donnees
