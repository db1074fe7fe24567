"""Démonstration de l'accompagnement : entrée, plan, suspensions et renouvellement d'un dossier."""

import datetime

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Action,
    Objectif,
    PeriodeSuspension,
    PlanAction,
)
from binome.demo.accompagnement.donnees import TRIS_PROFESSIONNELS
from binome.demo.accompagnement.outils import _libelle, _pondere
from binome.demo.accompagnement.plan_fige import _copie_figee


class Accompagnement:
    """Entrée, plan signé, suspensions et renouvellement d'un dossier de démonstration."""

    def _entree(self):
        parcours, personne = self.parcours, self.personne
        duree_mois, _renouvellement = self.c.duree(self.p.departement)
        social = self.scenario == "social_exclusif"
        transition = machine.appliquer(parcours, "activer_social_exclusif" if social else "activer")
        parcours.modalite = parcours.modalite_entree = e.Modalite.SOCIAL_EXCLUSIF if social else e.Modalite.GLOBAL
        parcours.conseiller = self.conseiller.utilisateur
        parcours.organisation_conseiller = self.conseiller.organisation
        parcours.referent_social = self.referent.utilisateur
        parcours.organisation_referent = self.referent.organisation
        parcours.date_entree = self.entree
        parcours.date_fin_prevue = calculs.fin_prevue(self.entree, duree_mois)
        # Copie figée à l'entrée : la même règle que ``services.parcours_activer``.
        for champ, valeur in calculs.caracteristiques_de_la_personne(personne, self.entree).items():
            setattr(parcours, champ, valeur)
        self.evenement(
            transition.evenement,
            f"Entrée en {_libelle(e.Modalite, parcours.modalite)} le {self.entree:%d/%m/%Y}",
            self.entree,
            self.conseiller.utilisateur,
        )

    def _plan(self):
        # Long : objectifs et actions tirés du référentiel, statuts selon l'échéance, puis la copie figée.
        rng = self.rng
        signe = min(self.entree + self.jours(2, 20), self.t)
        plan = PlanAction(
            parcours=self.parcours,
            version=1,
            signe_le=signe,
            heures_hebdomadaires=self.c.heures(self.p.departement),
            cree_par=self.conseiller.utilisateur,
            modifie_par=self.conseiller.utilisateur,
        )
        if self.personne.beneficiaire_rsa and rng.random() < 0.1:
            plan.heures_hebdomadaires = 10
            plan.motif_reduction_heures = "Contraintes de garde d'enfants."
        objectifs, actions = [], []
        sociaux = [d for d, n in self.freins.items() if n != e.NiveauFrein.SANS_IMPACT]
        theme_pro = rng.choice(TRIS_PROFESSIONNELS)
        cibles = [(None, theme_pro)] + [(d, None) for d in sociaux[:2]]
        fin = self._fin()
        for domaine, theme in cibles:
            candidats = self.c.objectifs_domaine[domaine] if domaine else self.c.objectifs_theme[theme]
            element = rng.choice(candidats) if candidats else None
            objectif = Objectif(
                plan=plan,
                element_referentiel=element,
                libelle_libre="" if element else "Lever le frein identifié au diagnostic",
                cote=e.CotePlan.SOCIAL if domaine else e.CotePlan.EMPLOI,
                porteur=e.Porteur.REFERENT_SOCIAL if domaine else e.Porteur.PERSONNE,
                echeance=signe + self.jours(90, 240),
                statut=e.StatutAction.EN_COURS,
                modifie_par=self.conseiller.utilisateur,
            )
            objectifs.append(objectif)
            theme_action = (
                (element.theme_code if element else "")
                if domaine
                else ("formation" if theme == "se_former" else "emploi")
            )
            pool = self.c.actions_theme.get(theme_action) or []
            for _ in range(rng.randint(1, 2)):
                action_element = rng.choice(pool) if pool else None
                echeance = signe + self.jours(20, 160)
                if echeance < fin:
                    statut = _pondere(rng, [(e.StatutAction.REALISEE, 80), (e.StatutAction.ABANDONNEE, 20)])
                else:
                    statut = _pondere(rng, [(e.StatutAction.A_FAIRE, 50), (e.StatutAction.EN_COURS, 50)])
                actions.append(
                    Action(
                        plan=plan,
                        objectif=objectif,
                        element_referentiel=action_element,
                        libelle_libre="" if action_element else "Rendez-vous avec le partenaire",
                        cote=e.CotePlan.PARTENAIRE if domaine and rng.random() < 0.4 else objectif.cote,
                        porteur=rng.choice([e.Porteur.PERSONNE, e.Porteur.CONSEILLER, e.Porteur.REFERENT_SOCIAL]),
                        echeance=echeance,
                        statut=statut,
                        modifie_par=self.conseiller.utilisateur,
                    )
                )
        if self.scenario == "actif_permis" and self.c.actions_theme.get("mobilite"):
            permis = [a for a in self.c.actions_theme["mobilite"] if "permis" in a.libelle.lower()]
            actions.append(
                Action(
                    plan=plan,
                    objectif=objectifs[-1],
                    element_referentiel=permis[0] if permis else None,
                    libelle_libre="" if permis else "Inscription au code de la route",
                    cote=e.CotePlan.PARTENAIRE,
                    porteur=e.Porteur.PARTENAIRE,
                    porteur_precision="Auto-école sociale",
                    echeance=self.t + datetime.timedelta(days=30),
                    statut=e.StatutAction.EN_COURS,
                    modifie_par=self.conseiller.utilisateur,
                )
            )
        if self.scenario == "actif_retard":
            for action in actions[: rng.randint(1, 2)]:
                action.echeance = self.t - self.jours(3, min(40, max(3, (self.t - signe).days)))
                action.echeance = max(action.echeance, signe)
                action.statut = rng.choice([e.StatutAction.A_FAIRE, e.StatutAction.EN_COURS])
            if all(a.echeance >= self.t for a in actions):
                actions[0].echeance = max(signe, self.t - datetime.timedelta(days=1))
        plan.copie_figee = _copie_figee(plan, self.parcours, objectifs, actions, self.conseiller.utilisateur)
        self.lots.ajouter(plan, acteur=self.conseiller.utilisateur, le=signe)
        for objet in objectifs + actions:
            self.lots.ajouter(objet, acteur=self.conseiller.utilisateur, le=signe)
        self.evenement(
            e.TypeEvenement.PLAN_MODIFIE, "Plan d'action ouvert (version 1)", signe, self.conseiller.utilisateur
        )
        self.evenement(
            e.TypeEvenement.PLAN_SIGNE, "Plan d'action signé (version 1)", signe, self.conseiller.utilisateur
        )

    def _suspensions(self):
        # Long : deux scénarios (suspension en cours, suspension close) partagent les mêmes objets.
        parcours = self.parcours
        if self.scenario == "suspendu":
            debut = self.suspendu_le
            suspension = machine.appliquer(parcours, "suspendre")
            self.lots.ajouter(
                PeriodeSuspension(
                    parcours=parcours,
                    debut=debut,
                    motif=self.rng.choice(e.MotifSuspension.values),
                    cree_par=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=debut,
            )
            self.evenement(
                suspension.evenement,
                f"Accompagnement suspendu à partir du {debut:%d/%m/%Y}",
                debut,
                self.conseiller.utilisateur,
            )
        elif self.scenario == "actif_suspension_close" or (self.sortie and self.rng.random() < 0.1):
            fin_observee = self._fin()
            if (fin_observee - self.entree).days < 90:
                return
            debut = self.entree + self.jours(30, (fin_observee - self.entree).days - 60)
            fin = debut + self.jours(15, 45)
            # Suspendu puis repris, avec la règle de clôture des services (jours cumulés, fin prévue repoussée).
            suspension = machine.appliquer(parcours, "suspendre")
            reprise = machine.appliquer(parcours, "reprendre")
            cloture = calculs.clore_suspension(
                debut=debut,
                fin=fin,
                jours_suspendus=parcours.jours_suspendus,
                date_fin_prevue=parcours.date_fin_prevue,
            )
            jours = cloture.jours
            self.suspensions.append((debut, fin))
            parcours.jours_suspendus = cloture.jours_suspendus
            parcours.date_fin_prevue = cloture.date_fin_prevue
            self.lots.ajouter(
                PeriodeSuspension(
                    parcours=parcours,
                    debut=debut,
                    fin=fin,
                    motif=self.rng.choice(e.MotifSuspension.values),
                    cree_par=self.conseiller.utilisateur,
                ),
                acteur=self.conseiller.utilisateur,
                le=fin,
            )
            self.evenement(
                suspension.evenement,
                f"Accompagnement suspendu à partir du {debut:%d/%m/%Y}",
                debut,
                self.conseiller.utilisateur,
            )
            self.evenement(
                reprise.evenement,
                f"Reprise de l'accompagnement le {fin:%d/%m/%Y} ({jours} jours suspendus)",
                fin,
                self.conseiller.utilisateur,
            )

    def _renouvellement(self):
        if self.scenario != "renouvele" and not (self.sortie and (self.sortie - self.entree).days > 380):
            return
        parcours = self.parcours
        _duree, renouvellement_mois = self.c.duree(self.p.departement)
        parcours.fenetre_renouvellement_jours = self.c.fenetre_renouvellement(self.p.departement)
        # Décidé dans la fenêtre avant la fin prévue (garde de la machine), au plus tard à la sortie ou aujourd'hui.
        ouverture = calculs.ouverture_renouvellement(parcours.date_fin_prevue, parcours.fenetre_renouvellement_jours)
        accord = min(parcours.date_fin_prevue - self.jours(10, 25), self.sortie or self.t)
        if accord - datetime.timedelta(days=2) < ouverture:
            return  # la fenêtre n'est pas (encore) ouverte : le parcours reste actif
        parcours.accord_renouvellement_personne_le = accord - datetime.timedelta(days=2)
        parcours.accord_renouvellement_conseiller_le = accord - datetime.timedelta(days=2)
        parcours.accord_renouvellement_referent_le = accord
        renouvellement = machine.appliquer(parcours, "renouveler")  # puis, s'il y a lieu, la sortie
        parcours.renouvele_le = accord
        parcours.motif_renouvellement = self.rng.choice(
            ("Formation qualifiante en cours.", "Démarches de logement à finaliser.", "Reprise d'emploi à consolider.")
        )
        parcours.date_fin_prevue = calculs.fin_prevue_renouvelee(parcours.date_fin_prevue, renouvellement_mois)
        self.evenement(
            renouvellement.evenement,
            "Accord du conseiller France Travail pour le renouvellement",
            parcours.accord_renouvellement_conseiller_le,
            self.conseiller.utilisateur,
        )
        self.evenement(
            renouvellement.evenement,
            "Accord du référent social pour le renouvellement",
            accord,
            self.referent.utilisateur,
        )
        self.evenement(
            renouvellement.evenement,
            f"Parcours renouvelé jusqu'au {parcours.date_fin_prevue:%d/%m/%Y}",
            accord,
            self.referent.utilisateur,
        )
