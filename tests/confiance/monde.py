"""Un monde complet pour les tests de la confiance : deux dossiers (Cantal, Calvados), chacun suivi par son
binôme, avec tous les objets d'un dossier et des marqueurs uniques pour détecter une fuite.

Chaque dossier porte des textes « secrets » réservés au côté social (note privée non partagée, précision et
situation d'un frein) : ils ne doivent jamais apparaître chez France Travail, ni ailleurs.
"""

import datetime
from dataclasses import dataclass

from binome.accompagnement import enums as e
from binome.accompagnement.models import Evenement, Personne
from tests.accompagnement import factories as fa

AUJOURDHUI = datetime.date(2025, 3, 3)


@dataclass
class Dossier:
    personne: Personne
    parcours: object
    parcours_sorti: object
    orientation: object
    diagnostic: object
    frein: object
    situation: object
    plan: object
    objectif: object
    action: object
    contact: object
    sortie: object
    suspension: object
    coordination: object
    note_privee: object
    note_partagee: object
    evenement: object
    orientation_service: object
    rendez_vous: object
    secrets: tuple[str, ...]
    # Rendez-vous avec le seul référent social : son objet relève du secret partagé (poste h1). Il n'est pas
    # dans ``secrets`` : le relevé du droit d'accès (qui montre ``secrets`` au côté social) ne le reprend pas.
    rendez_vous_social: object = None
    # Partenaires dans un parcours (issue 14, poste h4) : un partenaire invité, une action qui lui est confiée, un
    # contact auquel il participe. Dans le Cantal, le partenaire est le persona ``partenaire_invite``.
    invitation: object = None

    @property
    def secrets_agenda(self) -> tuple[str, ...]:
        return (self.rendez_vous_social.objet,) if self.rendez_vous_social else ()

    @property
    def noms(self) -> tuple[str, str]:
        return self.personne.nom, self.personne.prenom


def creer_dossier(personas, territoire, conseiller, referent, *, nom, prenom, marque) -> Dossier:
    personne = fa.personne_du(territoire, nom=nom, prenom=prenom, rqth=e.ReponseSensible.OUI)
    commun = {
        "personne": personne,
        "conseiller": conseiller,
        "organisation_conseiller": territoire.agence,
        "referent_social": referent,
        "organisation_referent": territoire.unite,
    }
    sorti = fa.ParcoursFactory(
        **commun,
        etat=e.EtatParcours.SORTI,
        date_reperage=AUJOURDHUI - datetime.timedelta(days=800),
        date_orientation=AUJOURDHUI - datetime.timedelta(days=790),
        date_entree=AUJOURDHUI - datetime.timedelta(days=780),
        date_fin_prevue=AUJOURDHUI - datetime.timedelta(days=415),
        date_sortie=AUJOURDHUI - datetime.timedelta(days=500),
        motif_sortie=e.MotifSortie.EMPLOI_TRANSITION,
    )
    sortie = fa.SortieFactory(
        parcours=sorti, date=sorti.date_sortie, motif=sorti.motif_sortie, precision=f"Précision sortie {marque}"
    )
    parcours = fa.ParcoursFactory(**commun, etat=e.EtatParcours.ACTIF)
    orientation = fa.OrientationFactory(
        parcours=parcours,
        prescripteur=conseiller,
        organisation_prescripteur=territoire.agence,
        statut=e.StatutOrientation.ACCEPTEE,
        motif=f"Motif d'orientation {marque}",
    )
    diagnostic = fa.DiagnosticFactory(parcours=parcours, orientation=orientation)
    situation = fa.ElementReferentielFactory(libelle=f"SITUATIONSECRETE{marque}", theme_code="sante")
    frein = fa.FreinDiagnosticFactory(
        diagnostic=diagnostic, domaine=e.DomaineFrein.SANTE, precision=f"PRECISIONSECRETE{marque}"
    )
    frein.situations.add(situation)
    plan = fa.PlanActionFactory(parcours=parcours)
    objectif = fa.ObjectifFactory(plan=plan, libelle_libre=f"Objectif {marque}")
    action = fa.ActionFactory(plan=plan, objectif=objectif, libelle_libre=f"Action {marque}")
    contact = fa.ContactFactory(parcours=parcours, auteur=conseiller, note=f"Contact neutre {marque}")
    suspension = fa.PeriodeSuspensionFactory(
        parcours=parcours, debut=AUJOURDHUI - datetime.timedelta(days=20), fin=AUJOURDHUI - datetime.timedelta(days=10)
    )
    coordination = fa.DemandeCoordinationFactory(parcours=parcours, auteur=referent, demande=f"Demande {marque}")
    note_privee = fa.NotePriveeFactory(
        personne=personne,
        parcours=parcours,
        auteur=referent,
        organisation=territoire.unite,
        texte=f"NOTESECRETE{marque}",
    )
    note_partagee = fa.NotePriveeFactory(
        personne=personne,
        parcours=parcours,
        auteur=referent,
        organisation=territoire.unite,
        texte=f"Note partagée {marque}",
        partagee_le=datetime.datetime(2025, 3, 1, 10, tzinfo=datetime.UTC),
        partagee_par=referent,
        finalite_partage=e.FinalitePartage.METTRE_EN_OEUVRE,
    )
    evenement = fa.EvenementFactory(personne=personne, parcours=parcours, acteur=conseiller)
    Evenement.objects.create(
        personne=personne,
        parcours=parcours,
        type=e.TypeEvenement.NOTE_PRIVEE,
        date=datetime.datetime(2025, 3, 2, 10, tzinfo=datetime.UTC),
        libelle=f"NOTESOCIALE{marque}",
        cote_social_seulement=True,
    )
    from binome.ressources.models import OrientationService
    from tests.ressources import factories as fr

    orientation_service = OrientationService.objects.create(
        personne=personne,
        action=action,
        service=fr.service(organisation=territoire.partenaire),
        emetteur=conseiller,
        organisation_emetteur=territoire.agence,
        adhesion_le=AUJOURDHUI,
        transmis_prenom=prenom,
        transmis_nom=nom,
        message=f"Message au partenaire {marque}",
        expire_le=AUJOURDHUI + datetime.timedelta(days=30),
    )
    from tests.agenda.factories import RendezVousFactory

    rendez_vous = RendezVousFactory(
        parcours=parcours,
        organisateur=conseiller,
        professionnels=[conseiller, referent],
        objet=f"Rendez-vous {marque}",
    )
    rendez_vous_social = RendezVousFactory(
        parcours=parcours,
        organisateur=referent,
        professionnels=[referent],
        debut=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=7),
        objet=f"RDVSECRET{marque}",
    )
    invitation = _invitation(personas, territoire, parcours, plan, conseiller, marque)
    return Dossier(
        personne=personne,
        parcours=parcours,
        parcours_sorti=sorti,
        orientation=orientation,
        diagnostic=diagnostic,
        frein=frein,
        situation=situation,
        plan=plan,
        objectif=objectif,
        action=action,
        contact=contact,
        sortie=sortie,
        suspension=suspension,
        coordination=coordination,
        note_privee=note_privee,
        note_partagee=note_partagee,
        evenement=evenement,
        orientation_service=orientation_service,
        rendez_vous=rendez_vous,
        secrets=(f"NOTESECRETE{marque}", f"PRECISIONSECRETE{marque}", f"SITUATIONSECRETE{marque}"),
        rendez_vous_social=rendez_vous_social,
        invitation=invitation,
    )


def _invitation(personas, territoire, parcours, plan, conseiller, marque):
    """Partenaire invité (issue 14) : action confiée et contact partagé, marqués pour repérer une fuite."""
    from django.utils import timezone

    from binome.accompagnement.models import InvitationPartenaire
    from binome.comptes.models import Role
    from tests import factories as f

    if territoire is personas.cantal:
        partenaire = personas.partenaire_invite
        organisation = partenaire.habilitations.get().organisation
    else:
        organisation = territoire.partenaire
        courriel = f"partenaire.{marque.lower()}@exemple.org"
        partenaire = f.agent(courriel, "Invitée", marque, organisation, Role.PARTENAIRE)
    fa.ActionFactory(
        plan=plan, porteur=e.Porteur.PARTENAIRE, partenaire=partenaire, libelle_libre=f"Action confiée {marque}"
    )
    contact = fa.ContactFactory(parcours=parcours, auteur=conseiller, note=f"Contact avec le partenaire {marque}")
    contact.participants.set([conseiller, partenaire])
    return InvitationPartenaire.objects.create(
        parcours=parcours,
        partenaire=partenaire,
        organisation=organisation,
        objet=f"Mesure d'accompagnement budgétaire {marque}",
        accord_le=AUJOURDHUI,
        expire_le=timezone.localdate() + datetime.timedelta(days=180),
        invitee_par=conseiller,
    )


@dataclass
class Monde:
    personas: object
    cantal: Dossier
    calvados: Dossier


def creer_monde(personas) -> Monde:
    return Monde(
        personas=personas,
        cantal=creer_dossier(
            personas,
            personas.cantal,
            personas.conseiller,
            personas.travailleur_social,
            nom="Quatrefages",
            prenom="Ysaline",
            marque="CANTAL",
        ),
        calvados=creer_dossier(
            personas,
            personas.calvados,
            personas.conseiller_calvados,
            personas.travailleur_social_calvados,
            nom="Brossolette",
            prenom="Eulalie",
            marque="CALVADOS",
        ),
    )
