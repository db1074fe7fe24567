"""Démonstration de l'accompagnement : contacts, coordination, notes privées et sortie d'un dossier."""

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Contact,
    DemandeCoordination,
    NotePrivee,
    Sortie,
)
from binome.demo.accompagnement.donnees import NOTES_CONTACT, NOTES_PRIVEES, SITUATION_FSE
from binome.demo.accompagnement.outils import _a_midi, _libelle, _pondere


class Suivi:
    """Contacts, coordination, notes privées et sortie d'un dossier de démonstration."""

    def _contacts(self):
        # Long : le calendrier des contacts (rythme, suspensions, présence, auteur) se lit d'un trait.
        rng = self.rng
        fin = self._fin()
        if self.scenario == "actif_sans_contact":
            dernier = self.t - self.jours(20, 50)
        elif self.sortie:
            dernier = self.sortie - self.jours(0, 10)
        elif self.suspendu_le:
            dernier = self.suspendu_le - self.jours(1, 10)
        else:
            dernier = self.t - self.jours(1, 12)
        dates = []
        jour = min(dernier, fin)
        while jour > self.entree:
            if not any(debut <= jour < fin for debut, fin in self.suspensions):
                dates.append(jour)
            jour -= self.jours(12, 24)
        dates.reverse()
        social = self.scenario == "social_exclusif"
        derniere_honoree = None
        for index, jour in enumerate(dates):
            dernier_contact = index == len(dates) - 1
            presence = (
                e.PresenceContact.HONORE
                if dernier_contact
                else _pondere(
                    rng,
                    [(e.PresenceContact.HONORE, 85), (e.PresenceContact.MANQUE, 10), (e.PresenceContact.EXCUSE, 5)],
                )
            )
            type_contact = e.TypeContact.TRIPARTITE if index % 5 == 0 else e.TypeContact.INDIVIDUEL
            auteur = (
                self.referent
                if social or (index % 2 and type_contact == e.TypeContact.INDIVIDUEL)
                else self.conseiller
            )
            contact = self.lots.ajouter(
                Contact(
                    parcours=self.parcours,
                    date=jour,
                    canal=_pondere(
                        rng,
                        [
                            (e.CanalContact.PRESENTIEL, 55),
                            (e.CanalContact.TELEPHONE, 30),
                            (e.CanalContact.VISIO, 7),
                            (e.CanalContact.VISITE_DOMICILE, 5),
                            (e.CanalContact.COURRIEL, 3),
                        ],
                    ),
                    type=type_contact,
                    presence=presence,
                    prochaine_date=jour + self.jours(10, 20) if dernier_contact and not self.sortie else None,
                    note=rng.choice(NOTES_CONTACT),
                    auteur=auteur.utilisateur,
                ),
                acteur=auteur.utilisateur,
                le=jour,
            )
            presents = [auteur.utilisateur]
            if type_contact == e.TypeContact.TRIPARTITE:
                presents = [self.conseiller.utilisateur, self.referent.utilisateur]
            self.lots.participants.append((contact, presents))
            if presence == e.PresenceContact.HONORE:
                derniere_honoree = jour
            self.evenement(
                e.TypeEvenement.CONTACT,
                f"Contact {_libelle(e.TypeContact, contact.type).lower()} "
                f"({_libelle(e.CanalContact, contact.canal).lower()}) : "
                f"{_libelle(e.PresenceContact, contact.presence).lower()}",
                jour,
                auteur.utilisateur,
            )
        if self.scenario == "actif_sans_contact" and rng.random() < 0.5:
            # Un rendez-vous manqué depuis : l'alerte porte sur le dernier contact honoré.
            jour = self.t - self.jours(2, 10)
            contact = self.lots.ajouter(
                Contact(
                    parcours=self.parcours,
                    date=jour,
                    canal=e.CanalContact.TELEPHONE,
                    presence=e.PresenceContact.MANQUE,
                    prochaine_date=self.t + self.jours(3, 10),
                    auteur=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=jour,
            )
            self.lots.participants.append((contact, [self.conseiller.utilisateur]))
            self.evenement(
                e.TypeEvenement.CONTACT, "Contact individuel (téléphone) : manqué", jour, self.conseiller.utilisateur
            )
        self.personne.dernier_contact_le = derniere_honoree

    def _coordination_et_notes(self):
        rng = self.rng
        if self.scenario == "social_exclusif" and rng.random() < 0.6:
            demandee = min(self.entree + self.jours(20, 90), self.t)
            repondue = rng.random() < 0.6
            repondue_le = min(demandee + self.jours(1, 6), self.t) if repondue else None
            self.lots.ajouter(
                DemandeCoordination(
                    parcours=self.parcours,
                    objet=e.ObjetCoordination.POINT_SITUATION,
                    demande="Point d'étape sur la situation avant le prochain comité.",
                    auteur=self.referent.utilisateur,
                    cote_auteur=e.Cote.DEPARTEMENT,
                    cote_destinataire=e.Cote.FRANCE_TRAVAIL,
                    demandee_le=_a_midi(demandee),
                    statut=e.StatutCoordination.REPONDUE if repondue else e.StatutCoordination.OUVERTE,
                    reponse="Pas d'offre adaptée pour l'instant ; point à refaire dans deux mois." if repondue else "",
                    repondu_par=self.conseiller.utilisateur if repondue else None,
                    repondue_le=_a_midi(repondue_le) if repondue else None,
                    accord=True if repondue else None,
                ),
                acteur=self.referent.utilisateur,
                le=demandee,
            )
            self.evenement(
                e.TypeEvenement.COORDINATION,
                "Demande de coordination (Point de situation) adressée au côté France Travail",
                demandee,
                self.referent.utilisateur,
            )
            if repondue:
                self.evenement(
                    e.TypeEvenement.REPONSE_COORDINATION,
                    "Accord à la demande de coordination (Point de situation)",
                    repondue_le,
                    self.conseiller.utilisateur,
                )
        if rng.random() < 0.15:
            le = min(self.diagnostic_le + self.jours(5, 60), self.t)
            partagee = rng.random() < 0.4
            self.lots.ajouter(
                NotePrivee(
                    personne=self.personne,
                    parcours=self.parcours,
                    auteur=self.referent.utilisateur,
                    organisation=self.referent.organisation,
                    texte=rng.choice(NOTES_PRIVEES),
                    partagee_le=_a_midi(le) if partagee else None,
                    partagee_par=self.referent.utilisateur if partagee else None,
                    finalite_partage=e.FinalitePartage.METTRE_EN_OEUVRE if partagee else "",
                    personne_informee_le=le if partagee else None,
                ),
                acteur=self.referent.utilisateur,
                le=le,
            )
            self.evenement(
                e.TypeEvenement.NOTE_PRIVEE, "Note privée ajoutée", le, self.referent.utilisateur, social=True
            )

    def _sortie(self):
        parcours, rng = self.parcours, self.rng
        sortie = machine.appliquer(parcours, "sortir")
        parcours.date_sortie = self.sortie
        parcours.motif_sortie = self.motif
        echeance = calculs.ajouter_mois(self.sortie, calculs.DELAI_SUIVI_SORTIE_MOIS)
        fait = None
        if self.scenario == "sorti" and echeance <= self.t:
            fait = min(echeance + self.jours(0, 20), self.t)
        emploi = self.motif in (e.MotifSortie.EMPLOI_DURABLE, e.MotifSortie.EMPLOI_TRANSITION)
        self.lots.ajouter(
            Sortie(
                parcours=parcours,
                date=self.sortie,
                motif=self.motif,
                situation_fse=SITUATION_FSE.get(self.motif, e.SituationSortieFSE.EECR01),
                suivi_6_mois_echeance=echeance,
                suivi_6_mois_fait_le=fait,
                emploi_6_mois=(emploi or rng.random() < 0.25) if fait else None,
                situation_amelioree_6_mois=(rng.random() < 0.7) if fait else None,
                saisie_par=self.conseiller.utilisateur,
            ),
            acteur=self.conseiller.utilisateur,
            le=fait or self.sortie,
        )
        self.evenement(
            sortie.evenement,
            f"Sortie de l'accompagnement le {self.sortie:%d/%m/%Y}",
            self.sortie,
            self.conseiller.utilisateur,
        )
        if fait:
            self.evenement(
                e.TypeEvenement.SUIVI_6_MOIS, "Suivi à 6 mois enregistré", fait, self.conseiller.utilisateur
            )
