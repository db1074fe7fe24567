"""Routes de l'annuaire : recherche de services et fiche de service."""

from datetime import date

from django.http import QueryDict
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status

from binome.api.contrat import LECTURE, LISTE, reponses
from binome.api.problemes import Probleme
from binome.ressources import datainclusion as di
from binome.ressources import selectors
from binome.ressources.requetes import executer_recherche

routeur = Router(tags=["Annuaire des ressources"])

TAILLE_PAGE_API = 50


class ParametresRecherche(Schema):
    commune: str = Field("", description="Code INSEE, code postal ou nom de la commune de la personne.")
    rayon: int = Field(30, description="Distance en km (5, 10, 20, 30, 50 ou 100).")
    frein: str = Field(
        "", description="Domaine du diagnostic (MOBILITE…) ou situation (mobilite:permis-et-ou-code-en-cours)."
    )
    thematique: str = Field("", description="Catégorie (mobilite) ou sous-thématique data·inclusion.")
    q: str = Field("", description="Mots-clés, sans accents ni casse.")
    publics: list[str] = Field([], description="Publics data·inclusion (tous-publics est toujours inclus).")
    modes_accueil: list[str] = Field([])
    types: list[str] = Field([])
    frais: list[str] = Field([])
    page: int = 1


class StructureCourte(Schema):
    id: str
    nom: str


class ResultatService(Schema):
    id: str
    nom: str
    structure: StructureCourte
    commune: str
    groupe: str = Field(description="PRESENTIEL (trié par distance) ou DISTANCE (après le présentiel).")
    distance_km: float | None
    thematiques: list[str]
    ferme: bool
    fermeture_fin: date | None
    a_verifier: bool
    date_verification: date | None
    url: str


class PageResultats(Schema):
    nombre: int
    page: int
    pages: int
    resultats: list[ResultatService]


class FicheService(Schema):
    data_inclusion: dict = Field(description="Le service au format data·inclusion v1 (contact compris).")
    structure: dict = Field(description="Sa structure au format data·inclusion v1.")
    documents_a_fournir: str
    contact_reserve_professionnels: bool
    fermeture_debut: date | None
    fermeture_fin: date | None
    fermeture_message: str
    ferme: bool
    date_verification: date | None
    date_prochaine_verification: date | None
    a_verifier: bool
    score_qualite: float | None
    organisation_mainteneuse: str | None


_EXEMPLE_RESULTAT = {
    "id": "dora--1a2b3c",
    "nom": "Auto-école sociale",
    "structure": {"id": "dora--9z8y", "nom": "Mobilité 15"},
    "commune": "Saint-Flour",
    "groupe": "PRESENTIEL",
    "distance_km": 2.4,
    "thematiques": ["mobilite--preparer-son-permis-de-conduire"],
    "ferme": False,
    "fermeture_fin": None,
    "a_verifier": False,
    "date_verification": "2026-01-15",
    "url": "/ressources/services/dora--1a2b3c/",
}


@routeur.get(
    "",
    response=PageResultats,
    summary="Rechercher des services",
    description=(
        "Recherche dans l'annuaire des ressources sociales autour d'une commune : le présentiel trié par distance, "
        "puis les services à distance. Aucune donnée personnelle."
    ),
    openapi_extra=reponses(LISTE, exemple={"nombre": 1, "page": 1, "pages": 1, "resultats": [_EXEMPLE_RESULTAT]}),
)
def rechercher_services(request, parametres: Query[ParametresRecherche]):
    donnees = QueryDict(mutable=True)
    for nom, valeur in parametres.dict().items():
        if isinstance(valeur, list):
            donnees.setlist(nom, valeur)
        elif valeur not in ("", None):
            donnees[nom] = str(valeur)
    donnees.setdefault("recherche", "1")
    form, page, _thematiques = executer_recherche(request, donnees, taille_page=TAILLE_PAGE_API)
    if page is None:
        erreurs = {champ: [str(e) for e in liste] for champ, liste in form.errors.items()}
        raise Probleme(422, "Paramètres invalides", "La recherche est incomplète ou invalide.", erreurs=erreurs)
    resultats = [
        {
            "id": r.service.pk,
            "nom": r.service.nom,
            "structure": {"id": r.service.structure_id, "nom": r.service.structure.nom},
            "commune": r.service.commune,
            "groupe": r.groupe,
            "distance_km": round(r.distance_km, 2) if r.distance_km is not None else None,
            "thematiques": r.service.thematiques,
            "ferme": r.service.est_ferme(),
            "fermeture_fin": r.service.fermeture_fin,
            "a_verifier": r.service.a_verifier(),
            "date_verification": r.service.date_verification,
            "url": reverse("ressources:service", args=[r.service.pk]),
        }
        for r in page.resultats
    ]
    return Status(
        200,
        {
            "nombre": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "resultats": resultats,
        },
    )


@routeur.get(
    "/{service_id}",
    response=FicheService,
    summary="Fiche d'un service",
    description=(
        "Le service au format data·inclusion v1 et sa structure ; le contact réservé aux professionnels n'est "
        "donné qu'à qui peut le voir."
    ),
    openapi_extra=reponses(
        LECTURE,
        exemple={
            "data_inclusion": {"id": "dora--1a2b3c", "nom": "Auto-école sociale"},
            "structure": {"id": "dora--9z8y", "nom": "Mobilité 15"},
            "documents_a_fournir": "",
            "contact_reserve_professionnels": False,
            "fermeture_debut": None,
            "fermeture_fin": None,
            "fermeture_message": "",
            "ferme": False,
            "date_verification": "2026-01-15",
            "date_prochaine_verification": "2026-07-15",
            "a_verifier": False,
            "score_qualite": 0.8,
            "organisation_mainteneuse": None,
        },
    ),
)
def fiche_service(request, service_id: str):
    service = selectors.service_pour(request.auth, service_id)
    if not selectors.est_professionnel(request.auth):
        raise Probleme(403, "Accès refusé", "L'annuaire est réservé aux professionnels.")
    return {
        "data_inclusion": di.service_vers_di(
            service, avec_contact_reserve=selectors.voit_contact(request.auth, service)
        ),
        "structure": di.structure_vers_di(service.structure),
        "documents_a_fournir": service.documents_a_fournir,
        "contact_reserve_professionnels": service.contact_reserve_professionnels,
        "fermeture_debut": service.fermeture_debut,
        "fermeture_fin": service.fermeture_fin,
        "fermeture_message": service.fermeture_message,
        "ferme": service.est_ferme(),
        "date_verification": service.date_verification,
        "date_prochaine_verification": service.date_prochaine_verification,
        "a_verifier": service.a_verifier(),
        "score_qualite": service.score_qualite,
        "organisation_mainteneuse": service.organisation.nom if service.organisation else None,
    }
