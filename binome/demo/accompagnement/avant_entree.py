"""Démonstration de l'accompagnement : étapes d'un dossier avant l'entrée."""

import datetime

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Diagnostic,
    Evenement,
    FreinDiagnostic,
    Orientation,
    Parcours,
    Personne,
)
from binome.core.texte import normaliser
from binome.demo.accompagnement.donnees import CODES_ROME, NOMS, PRENOMS_F, PRENOMS_H, RUES
from binome.demo.accompagnement.outils import _a_midi, _Agent, _libelle, _pondere


class AvantEntree:
    """Repérage, personne, orientation, non-retenue et diagnostic partagé d'un dossier de démonstration."""

    def _personne(self):
        # Long : une personne fictive est une table de tirages pondérés, un champ par ligne.
        rng = self.rng
        sexe = _pondere(rng, [(e.Sexe.FEMME, 52), (e.Sexe.HOMME, 46), (e.Sexe.NON_BINAIRE, 2)])
        if self.scenario == "actif_permis":
            sexe, prenom, nom = e.Sexe.FEMME, "Julie", "Lacombe"
        else:
            prenom = rng.choice(PRENOMS_H if sexe == e.Sexe.HOMME else PRENOMS_F)
            nom = rng.choice(NOMS)
        reference = self.entree or self.t
        naissance = reference - datetime.timedelta(days=365 * rng.randint(19, 61) + rng.randint(0, 364))
        communes = self.c.communes_agence.get(self.conseiller.organisation.pk) or [("", 100, "")]
        code, population, _nom = rng.choices(communes, weights=[pop**0.6 for _c, pop, _n in communes])[0]
        self.commune = code or None
        unite = self.c.unite_de_commune.get(code)
        declare = self.c.agents[self.p.referent]
        if declare.organisation.pk != unite:
            declare = self.c.travailleurs_par_unite.get(unite) or declare
        self.referent = declare
        self.personne = self.lots.ajouter(
            Personne(
                departement_id=self.p.departement,
                identifiant_ft=self.identifiant,
                nom=nom,
                prenom=prenom,
                nom_normalise=normaliser(nom),
                prenom_normalise=normaliser(prenom),
                date_naissance=naissance,
                sexe=sexe,
                telephone=f"0639980{rng.randint(100, 999)}",
                courriel=f"{normaliser(prenom).replace(' ', '-')}.{normaliser(nom).replace(' ', '-')}@exemple.test"
                if rng.random() < 0.6
                else "",
                adresse=f"{rng.randint(1, 60)} {rng.choice(RUES)}",
                commune_id=self.commune,
                beneficiaire_rsa=rng.random() < 0.65,
                beneficiaire_are=rng.random() < 0.15,
                beneficiaire_ass=rng.random() < 0.08,
                beneficiaire_aah=rng.random() < 0.05,
                beneficiaire_prime_activite=rng.random() < 0.10,
                residence_qpv=population > 15000 and rng.random() < 0.35,
                niveau_formation=_pondere(
                    rng,
                    [
                        (e.NiveauFormation.CITE_0_2, 40),
                        (e.NiveauFormation.CITE_3_4, 45),
                        (e.NiveauFormation.CITE_5_8, 10),
                        (e.NiveauFormation.NON_RENSEIGNE, 5),
                    ],
                ),
                parent_isole=rng.random() < 0.18,
                sans_domicile=rng.random() < 0.04,
                nationalite=_pondere(
                    rng,
                    [
                        (e.Nationalite.FRANCE, 85),
                        (e.Nationalite.UE, 4),
                        (e.Nationalite.HORS_UE, 8),
                        (e.Nationalite.NON_RENSEIGNE, 3),
                    ],
                ),
                situation_marche_travail=_pondere(
                    rng,
                    [
                        (e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE, 50),
                        (e.SituationMarcheTravail.CHOMEUR, 30),
                        (e.SituationMarcheTravail.INACTIF, 15),
                        (e.SituationMarcheTravail.EMPLOYE, 5),
                    ],
                ),
                rqth=_pondere(
                    rng,
                    [
                        (e.ReponseSensible.NON, 70),
                        (e.ReponseSensible.OUI, 8),
                        (e.ReponseSensible.NE_SOUHAITE_PAS, 4),
                        (e.ReponseSensible.NON_RENSEIGNE, 18),
                    ],
                ),
                notice_remise_le=self.orientation_le,
                cree_par=self.prescripteur().utilisateur,
            ),
            acteur=self.prescripteur().utilisateur,
            le=self.orientation_le,
        )
        self.lots.ajouter(
            Evenement(
                personne=self.personne,
                type=e.TypeEvenement.PERSONNE_CREEE,
                libelle="Personne enregistrée",
                date=_a_midi(self.orientation_le),
                acteur=self.prescripteur().utilisateur,
            )
        )

    def prescripteur(self) -> _Agent:
        """Qui a proposé l'orientation : le conseiller, sauf pour les orientations reçues du Département
        (et une sur quatre des autres)."""
        if not hasattr(self, "_prescripteur"):
            depuis_departement = self.scenario == "orientation_recue" or (
                self.scenario not in ("orientation", "orientation_ancienne") and self.rng.random() < 0.25
            )
            self._prescripteur = self.referent if depuis_departement else self.conseiller
            self._depuis_departement = depuis_departement
        return self._prescripteur

    def _parcours(self):
        modalite = e.Modalite.SOCIAL_EXCLUSIF if self.scenario == "social_exclusif" else e.Modalite.GLOBAL
        # Comme les services : un parcours naît repéré (point d'entrée « reperage ») puis il est orienté.
        self.parcours = Parcours(
            personne=self.personne,
            departement_id=self.p.departement,
            modalite=modalite,
            date_reperage=self.orientation_le,
            date_orientation=self.orientation_le,
            sexe=self.personne.sexe,
            cree_par=self.prescripteur().utilisateur,
        )
        reperage = machine.POINTS_ENTREE["reperage"]
        machine.etablir_etat_initial(self.parcours, point_entree=reperage.nom)
        machine.appliquer(self.parcours, "orienter")
        prescripteur = self.prescripteur()
        self.evenement(
            reperage.evenement, "Nouveau parcours : repérage", self.orientation_le, prescripteur.utilisateur
        )
        if self.scenario in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie"):
            self.lots.ajouter(self.parcours, acteur=prescripteur.utilisateur, le=self.orientation_le)
        elif self.scenario == "diagnostic":
            self.lots.ajouter(self.parcours, acteur=prescripteur.utilisateur, le=self.diagnostic_le)

    def _destinataire(self) -> _Agent:
        return self.conseiller if self._depuis_departement else self.referent

    def _orientation(self):
        prescripteur = self.prescripteur()
        destinataire = self._destinataire()
        if self.scenario in ("orientation", "orientation_ancienne", "orientation_recue", "non_retenu"):
            statut, planifiee, traitee = e.StatutOrientation.PROPOSEE, None, None
        elif self.scenario in ("diagnostic_planifie", "diagnostic"):
            statut = e.StatutOrientation.DIAGNOSTIC_PLANIFIE
            if self.scenario == "diagnostic":
                planifiee = self.diagnostic_le
            else:
                decalage = self.jours(2, 15)
                planifiee = self.t + decalage
                if decalage.days <= 5:  # un diagnostic sur trois environ : date passée, pas encore tenu (alerte)
                    planifiee = max(self.orientation_le + datetime.timedelta(days=1), self.t - decalage)
            traitee = self.orientation_le + self.jours(1, 4)
        else:
            statut, planifiee, traitee = e.StatutOrientation.ACCEPTEE, self.diagnostic_le, self.orientation_le
            traitee += self.jours(1, 4)
        traitee = min(traitee, self.t) if traitee else None
        self.lots.ajouter(
            Orientation(
                parcours=self.parcours,
                origine=e.OrigineOrientation.TRAVAILLEUR_SOCIAL
                if self._depuis_departement
                else e.OrigineOrientation.CONSEILLER_FT,
                modalite_proposee=self.parcours.modalite,
                motif=self.rng.choice(
                    (
                        "Freins sociaux (logement, mobilité) qui pèsent sur la recherche d'emploi.",
                        "Difficultés de garde d'enfants et de mobilité identifiées en entretien.",
                        "Situation budgétaire fragile ; besoin d'un accompagnement conjoint.",
                        "Projet professionnel à construire, freins périphériques multiples.",
                    )
                ),
                date_proposition=self.orientation_le,
                prescripteur=prescripteur.utilisateur,
                organisation_prescripteur=prescripteur.organisation,
                cote_destinataire=e.Cote.FRANCE_TRAVAIL if self._depuis_departement else e.Cote.DEPARTEMENT,
                statut=statut,
                date_diagnostic_planifiee=planifiee,
                traitee_par=destinataire.utilisateur if traitee else None,
                traitee_le=_a_midi(traitee) if traitee else None,
            ),
            acteur=prescripteur.utilisateur,
            le=self.orientation_le,
        )
        self.evenement(
            e.TypeEvenement.ORIENTATION_PROPOSEE,
            f"Orientation proposée ({_libelle(e.Modalite, self.parcours.modalite)}) "
            f"par {prescripteur.organisation.nom}",
            self.orientation_le,
            prescripteur.utilisateur,
        )
        if traitee:
            self.evenement(
                e.TypeEvenement.ORIENTATION_TRAITEE,
                f"Diagnostic partagé planifié le {planifiee:%d/%m/%Y}",
                traitee,
                destinataire.utilisateur,
            )

    def _non_retenu(self):
        rng = self.rng
        self._orientation()
        motif = rng.choice([e.MotifNonRetenu.REFUS_PERSONNE, e.MotifNonRetenu.FREINS_NON_BLOQUANTS])
        le = min(self.orientation_le + self.jours(10, 25), self.t)
        orientation = self.lots.objets[Orientation][-1]
        orientation.statut = e.StatutOrientation.REFUSEE
        orientation.motif_refus = _libelle(e.MotifNonRetenu, motif)
        orientation.traitee_par = self._destinataire().utilisateur
        orientation.traitee_le = _a_midi(le)
        orientation.date_diagnostic_planifiee = None
        machine.appliquer(self.parcours, "refuser_orientation")
        self.parcours.non_retenu_le = le
        self.parcours.motif_non_retenu = motif
        self.lots.ajouter(self.parcours, acteur=self._destinataire().utilisateur, le=le)
        self.evenement(
            e.TypeEvenement.ORIENTATION_TRAITEE,
            f"Orientation refusée ({_libelle(e.MotifNonRetenu, motif)}) : parcours non retenu",
            le,
            self._destinataire().utilisateur,
        )

    def _diagnostic(self):
        # Long : les dix domaines, la décision et les situations du référentiel d'un même diagnostic fictif.
        rng = self.rng
        domaines = list(e.DomaineFrein.values)
        bloquants = rng.sample(domaines, rng.randint(1, 4))
        if self.scenario == "actif_permis" and e.DomaineFrein.MOBILITE not in bloquants:
            bloquants[0] = e.DomaineFrein.MOBILITE
        self.freins = {}
        for domaine in domaines:
            if domaine in bloquants:
                niveau = e.NiveauFrein.FORT if rng.random() < 0.45 else e.NiveauFrein.MOYEN
            else:
                niveau = e.NiveauFrein.SANS_IMPACT
            self.freins[domaine] = niveau
        if self.scenario == "actif_permis":
            self.freins[e.DomaineFrein.MOBILITE] = e.NiveauFrein.FORT
        decision = (
            e.DecisionDiagnostic.SOCIAL_EXCLUSIF if self.scenario == "social_exclusif" else e.DecisionDiagnostic.GLOBAL
        )
        transition = machine.appliquer(self.parcours, "diagnostiquer")
        activite = rng.random() < 0.4
        qualification = rng.choice(e.Qualification.values)
        aspiration = rng.choice(e.Aspiration.values)
        diagnostic = self.lots.ajouter(
            Diagnostic(
                parcours=self.parcours,
                orientation=self.lots.objets[Orientation][-1],
                date=self.diagnostic_le,
                conseiller=self.conseiller.utilisateur,
                travailleur_social=self.referent.utilisateur,
                activite_2_dernieres_annees=activite,
                duree_hors_emploi=rng.choice(e.DureeHorsEmploi.values),
                qualification=qualification,
                aspiration=aspiration,
                projet_rome=rng.choice(CODES_ROME),
                adhesion=True,
                adhesion_le=self.diagnostic_le,
                decision_suggeree=calculs.suggerer_decision(
                    activite_2_dernieres_annees=activite,
                    qualification=qualification,
                    aspiration=aspiration,
                    niveaux_freins=self.freins,
                ),
                decision=decision,
                decision_le=self.diagnostic_le,
                signe_le=self.diagnostic_le,
                date_revue=calculs.ajouter_mois(self.diagnostic_le, 6),
                cree_par=self.referent.utilisateur,
            ),
            acteur=self.referent.utilisateur,
            le=self.diagnostic_le,
        )
        for domaine, niveau in self.freins.items():
            frein = self.lots.ajouter(
                FreinDiagnostic(diagnostic=diagnostic, domaine=domaine, niveau=niveau),
                acteur=self.referent.utilisateur,
                le=self.diagnostic_le,
            )
            if niveau == e.NiveauFrein.SANS_IMPACT or not self.c.situations[domaine]:
                continue
            if self.scenario == "actif_permis" and domaine == e.DomaineFrein.MOBILITE and self.c.permis:
                situations = [self.c.permis]
            else:
                situations = rng.sample(
                    self.c.situations[domaine], min(len(self.c.situations[domaine]), rng.randint(1, 2))
                )
            self.lots.situations.append((frein, situations))
        self.evenement(
            transition.evenement,
            f"Diagnostic partagé du {self.diagnostic_le:%d/%m/%Y} : {_libelle(e.DecisionDiagnostic, decision)}",
            self.diagnostic_le,
            self.referent.utilisateur,
        )
