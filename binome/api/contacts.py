"""Routes des contacts d'un parcours : liste (pagination stable, ``modifie_depuis``) et saisie d'un contact."""

from django.http import HttpResponse
from ninja import Query, Router, Status

from binome.accompagnement import selectors
from binome.accompagnement import services as services_accompagnement
from binome.api.contrat import CREATION, LISTE, journal_api, reponses
from binome.api.idempotence import idempotent
from binome.api.pagination import ParametresPage, paginer
from binome.api.perimetre import AUTHENTIFICATIONS_DOSSIER
from binome.api.problemes import Probleme
from binome.api.schemas_contenu import ContactEntree, ContactSortie, PageContacts
from binome.api.versions import etag
from binome.confiance.models import Action as ActionJournal

routeur = Router(tags=["Contacts"], auth=AUTHENTIFICATIONS_DOSSIER)

_EXEMPLE_CONTACT = {
    "id": 41,
    "parcours": 34,
    "date": "2026-03-12",
    "canal": "PRESENTIEL",
    "type": "INDIVIDUEL",
    "presence": "HONORE",
    "participants": [7],
    "autres_participants": "",
    "prochaine_date": "2026-04-02",
    "note": "Point sur la recherche de formation.",
    "auteur": 7,
    "modifie_le": "2026-03-12T11:02:00+01:00",
}


def contact_vers_sortie(contact) -> dict:
    return {
        "id": contact.pk,
        "parcours": contact.parcours_id,
        "date": contact.date,
        "canal": contact.canal,
        "type": contact.type,
        "presence": contact.presence,
        "participants": sorted(p.pk for p in contact.participants.all()),
        "autres_participants": contact.autres_participants,
        "prochaine_date": contact.prochaine_date,
        "note": contact.note,
        "auteur": contact.auteur_id,
        "modifie_le": contact.modifie_le,
    }


@routeur.get(
    "/parcours/{parcours_pk}/contacts",
    response=PageContacts,
    summary="Contacts d'un parcours",
    description=(
        "Le journal des contacts avec la personne, trié par date de modification puis identifiant (ordre stable) ; "
        "`suivant` donne la page suivante. `modifie_depuis` ne renvoie que ce qui a changé depuis un instant."
    ),
    openapi_extra=reponses(LISTE, exemple={"resultats": [_EXEMPLE_CONTACT], "suivant": None}),
)
def lister_contacts(request, parcours_pk: int, page: Query[ParametresPage]):
    parcours = selectors.parcours_pour(request.auth, parcours_pk)
    resultat = paginer(request, selectors.contacts_du_parcours(parcours), page)
    journal_api(
        request,
        action=ActionJournal.LECTURE,
        finalite="Consultation des contacts (API)",
        objet=parcours,
        personne=parcours.personne,
    )
    return {"resultats": [contact_vers_sortie(c) for c in resultat["resultats"]], "suivant": resultat["suivant"]}


@routeur.post(
    "/parcours/{parcours_pk}/contacts",
    response={201: ContactSortie},
    summary="Enregistrer un contact",
    description=(
        "Saisit un contact qui a eu lieu (ou a été manqué) ; la note reste courte et neutre, le détail social va "
        "dans une note privée. Les participants sont choisis parmi le binôme et vous. En-tête `Idempotency-Key` "
        "honoré."
    ),
    openapi_extra=reponses(CREATION, exemple=_EXEMPLE_CONTACT, succes=201),
)
@idempotent
def creer_contact(request, response: HttpResponse, parcours_pk: int, donnees: ContactEntree):
    parcours = selectors.parcours_pour(request.auth, parcours_pk)
    possibles = {u.pk: u for u in selectors.participants_possibles(parcours, request.auth)}
    inconnus = sorted(set(donnees.participants) - set(possibles))
    if inconnus:
        raise Probleme(
            422,
            "Données invalides",
            "Un participant doit être un membre du binôme ou vous-même.",
            erreurs={"participants": [f"Participant inconnu : {pk}." for pk in inconnus]},
        )
    contact = services_accompagnement.contact_enregistrer(
        acteur=request.auth,
        parcours=parcours,
        date=donnees.date,
        canal=donnees.canal,
        type=donnees.type,
        presence=donnees.presence,
        participants=[possibles[pk] for pk in sorted(set(donnees.participants))],
        autres_participants=donnees.autres_participants,
        prochaine_date=donnees.prochaine_date,
        note=donnees.note,
    )
    journal_api(
        request,
        action=ActionJournal.SAISIE,
        finalite="Saisie d'un contact (API)",
        objet=contact,
        personne=parcours.personne,
    )
    response["ETag"] = etag(contact)
    return Status(201, contact_vers_sortie(contact))
