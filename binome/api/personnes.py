"""Routes des personnes : liste (celle de la page « Personnes »), fiche, enregistrement, modification.

Mêmes sélecteurs et services que les pages : ``personnes_liste`` (la liste du navigateur, recherche comprise),
``personne_pour`` (404 hors périmètre), ``personne_creer`` (doublons probables : 409 tant que la création n'est pas
confirmée), ``personne_modifier`` (verrou optimiste : ``If-Match``, 412). Secret partagé champ par champ : la RQTH
et le motif du droit au RSA ne sortent qu'au côté social (``voit_cote_social``), ``null`` pour les autres.
Journal : le registre (``confiance/registre.py``) déclare ces routes, comme les pages ; la création, qui n'a pas
de personne dans son chemin, écrit sa ligne avec la personne créée.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from binome.accompagnement import selectors, services
from binome.accompagnement.selectors import api_v1
from binome.api.contrat import reponses
from binome.api.idempotence import idempotent
from binome.api.pagination import ParametresPage, paginer
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.problemes import Probleme
from binome.api.schemas import PagePersonnes, PersonneCreation, PersonneModification, PersonneSortie
from binome.api.versions import etag, version_exigee
from binome.confiance.journal import journaliser
from binome.confiance.models import Action

routeur = Router(tags=["Personnes"], auth=AUTHENTIFICATIONS_DOSSIER)

# Champs réservés au côté social : la déclaration du secret partagé, et le motif du droit au RSA (issue 15).
CHAMPS_COTE_SOCIAL = (*selectors.CHAMPS_SANTE_PERSONNE, "droit_rsa_motif")
# Champs lus tels quels sur le modèle.
_CHAMPS_LUS = (
    *services.CHAMPS_PERSONNE,
    "droit_rsa",
    "droit_rsa_le",
    "droit_rsa_motif",
    "inscrite_liste_rsa_le",
    "rqth",
    "opposition_le",
    "cree_le",
    "modifie_le",
)
# Champs qui acceptent ``null`` dans une modification ; ailleurs, ``null`` veut dire « inchangé ».
_EFFACABLES = ("notice_remise_le",)


def representer(personne, *, cote_social: bool) -> dict:
    donnees = {champ: getattr(personne, champ) for champ in _CHAMPS_LUS}
    masques = [] if cote_social else sorted(CHAMPS_COTE_SOCIAL)
    for champ in masques:
        donnees[champ] = None
    etat = getattr(personne, "etat_en_cours", None)
    donnees.update(
        id=personne.pk,
        departement=personne.departement_id,
        commune=personne.commune_id,
        anonymisee=personne.anonymise_le is not None,
        etat_parcours_en_cours=etat or None,
        champs_masques=masques,
    )
    return donnees


def _exiger_liste(acteur) -> None:
    if not selectors.consulte_des_dossiers(acteur):
        raise PermissionDenied(_("Votre rôle ne donne pas accès aux dossiers des personnes."))


@routeur.get(
    "",
    url_name="personnes",
    response=PagePersonnes,
    openapi_extra=reponses((400, 422)),
    summary="Lister les personnes",
    description=(
        "Exactement la liste de la page « Personnes » du compte (même sélecteur, même recherche « q »), triée "
        "par date de modification puis identifiant ; « modifie_depuis » pour une synchronisation incrémentale."
    ),
)
def lister_personnes(request, parametres: Query[ParametresPage], q: str = ""):
    acteur = request.auth
    _exiger_liste(acteur)
    page = paginer(request, selectors.personnes_liste(acteur, recherche=q), parametres)
    sociales = api_v1.personnes_cote_social(acteur, [p.pk for p in page["resultats"]])
    page["resultats"] = [representer(p, cote_social=p.pk in sociales) for p in page["resultats"]]
    return page


@routeur.get(
    "/{personne_id}",
    url_name="personne",
    response=PersonneSortie,
    openapi_extra=reponses((404, 422)),
    summary="Fiche d'une personne",
    description="Renvoie l'en-tête ETag, à renvoyer en If-Match pour la modifier.",
)
def fiche_personne(request, personne_id: int, response: HttpResponse):
    acteur = request.auth
    personne = selectors.personne_pour(acteur, personne_id)
    personne.etat_en_cours = api_v1.etat_en_cours(personne)
    response["ETag"] = etag(personne)
    return representer(personne, cote_social=selectors.voit_cote_social(acteur, personne))


def _commune(code, departements):
    commune = api_v1.commune_saisie(code, departements=departements)
    if commune is None:
        raise ValidationError({"commune": _("Commune inconnue ou hors des départements où vous pouvez agir.")})
    return commune


def _refus_doublons(doublons) -> Probleme:
    meme_identifiant = any(d.meme_identifiant_ft for d in doublons)
    detail = (
        _("Une personne porte déjà cet identifiant France Travail dans ce département.")
        if meme_identifiant
        else _(
            "Une personne du même nom, née le même jour, a déjà un dossier dans ce département. Vérifiez qu'il ne "
            "s'agit pas de la même personne, puis renvoyez la demande avec « confirmer_doublon » à vrai."
        )
    )
    return Probleme(
        409,
        _("Doublon probable"),
        detail,
        code="identifiant_ft_existant" if meme_identifiant else "doublon_probable",
        extensions={
            "doublons": [
                {
                    "id": d.personne.pk if d.accessible else None,
                    "meme_identifiant_ft": d.meme_identifiant_ft,
                    "meme_nom_et_naissance": d.meme_nom_et_naissance,
                }
                for d in doublons
            ]
        },
    )


@routeur.post(
    "",
    url_name="personnes",
    response={201: PersonneSortie},
    openapi_extra=reponses((400, 409, 422)),
    summary="Enregistrer une personne (repérage)",
    description=(
        "Crée la personne et son parcours « repéré ». Doublon probable (même nom et même date de naissance) : 409 "
        "« doublon_probable » avec les doublons ; renvoyez alors « confirmer_doublon » à vrai. Même identifiant "
        "France Travail : toujours 409. En-tête « Idempotency-Key » honoré."
    ),
)
@idempotent
def creer_personne(request, donnees: PersonneCreation, response: HttpResponse):
    acteur = request.auth
    departements = selectors.departements_creation_personne(acteur)
    if not departements:
        raise PermissionDenied(_("Votre rôle ne permet pas d'enregistrer une personne."))
    champs = donnees.dict()
    confirmer = champs.pop("confirmer_doublon")
    champs["commune"] = _commune(champs["commune"], departements)
    doublons = selectors.personnes_doublons_probables(
        acteur,
        departement=champs["commune"].departement_id,
        identifiant_ft=champs["identifiant_ft"],
        nom=champs["nom"],
        date_naissance=champs["date_naissance"],
    )
    if doublons and (not confirmer or any(d.meme_identifiant_ft for d in doublons)):
        raise _refus_doublons(doublons)
    personne = services.personne_creer(acteur=acteur, confirmer_doublon=bool(doublons), **champs)
    journaliser(
        action=Action.SAISIE,
        finalite=_("Enregistrement d'une personne (API)"),
        request=request,
        objet=personne,
        personne=personne,
    )
    personne.etat_en_cours = api_v1.etat_en_cours(personne)
    response["ETag"] = etag(personne)
    response["Location"] = reverse("v1:personne", args=[personne.pk])
    return Status(201, representer(personne, cote_social=selectors.voit_cote_social(acteur, personne)))


@routeur.patch(
    "/{personne_id}",
    url_name="personne",
    response=PersonneSortie,
    openapi_extra=reponses((400, 404, 409, 412, 422, 428)),
    summary="Modifier une personne",
    description=(
        "Modification partielle : seuls les champs envoyés changent. Exige If-Match (l'ETag lu) : 428 sans, "
        "412 si la fiche a changé entre-temps (rien n'est écrit). La RQTH ne se modifie que du côté social (403)."
    ),
)
def modifier_personne(request, personne_id: int, donnees: PersonneModification, response: HttpResponse):
    acteur = request.auth
    personne = selectors.personne_pour(acteur, personne_id)
    version = version_exigee(request)
    champs = {c: v for c, v in donnees.dict(exclude_unset=True).items() if v is not None or c in _EFFACABLES}
    if "commune" in champs:
        champs["commune"] = _commune(champs["commune"], [personne.departement_id])
    personne = services.personne_modifier(acteur=acteur, personne=personne, version=version, **champs)
    personne.etat_en_cours = api_v1.etat_en_cours(personne)
    response["ETag"] = etag(personne)
    return representer(personne, cote_social=selectors.voit_cote_social(acteur, personne))
