"""Import des parcours existants : écriture du plan contrôlé, par lots (insertions groupées, historique
compris). L'état de chaque parcours passe par la machine à états (point d'entrée ``import``, transition
``sortir``) ; fin prévue, copie figée et clôture d'une suspension par les règles de ``calculs``."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.fichier_import import LigneParcours
from binome.accompagnement.models import Evenement, Parcours, Personne, Sortie
from binome.accompagnement.services.importation_controle import Controle, Plan
from binome.comptes.models import Role
from binome.core.historique import sauver
from binome.core.texte import normaliser

RAISON_HISTORIQUE = "Import de parcours existants"
# Lignes écrites par lot (insertions groupées) : moins d'allers-retours qu'à 500, mémoire d'un lot toujours modeste.
TAILLE_LOT = 2000


def _a_midi(jour: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(12)))


def _modalite_et_fse(ligne) -> dict:
    """Modalité (actuelle et à l'entrée : celle de la ligne) et dérogation FSE+ des colonnes facultatives ; sans
    dérogation, la convention FSE+ du département décidera."""
    return {
        "modalite": ligne.modalite,
        "modalite_entree": ligne.modalite,
        "cofinance_fse": ligne.cofinance_fse,
        "identifiant_operation_fse": ligne.identifiant_operation_fse,
        "motif_derogation_fse": "" if ligne.cofinance_fse is None else "Import (colonne cofinance_fse)",
    }


class Ecriture:
    """Écrit le plan par lots de ``TAILLE_LOT`` lignes (insertions groupées, historique compris) :
    quelques requêtes par lot au lieu d'une demi-douzaine par ligne."""

    def __init__(self, plan: Plan, controle: Controle, acteur):
        self.plan = plan
        self.controle = controle
        self.acteur = acteur
        self.maintenant = timezone.now()
        self.duree = lambda dept: controle.durees.get(dept, calculs.DUREE_PARCOURS_MOIS_DEFAUT)
        self.historique = {"default_user": acteur, "default_change_reason": RAISON_HISTORIQUE}

    def executer(self, avancer: Callable[[int], None]):
        a_creer = self.plan.parcours_a_creer
        for debut in range(0, len(a_creer), TAILLE_LOT):
            lot = a_creer[debut : debut + TAILLE_LOT]
            self._personnes(lot)
            self._parcours(lot)
            avancer(len(lot))
        for ligne, parcours in self.plan.sorties_a_ajouter:
            self._sortie_ajoutee(ligne, parcours)
            avancer(1)

    def _creer(self, objets: list, modele) -> list:
        if not objets:
            return []
        if hasattr(modele, "history"):
            return bulk_create_with_history(objets, modele, batch_size=TAILLE_LOT, **self.historique)
        return modele.objects.bulk_create(objets, batch_size=TAILLE_LOT)

    def _evenement(self, *, personne, type, libelle, date, parcours=None) -> Evenement:
        """Même ligne de chronologie que ``evenement_enregistrer``, à insérer par lot."""
        return Evenement(
            personne=personne, parcours=parcours, type=type, libelle=libelle[:255], acteur=self.acteur, date=date
        )

    def _personnes(self, lot: list[LigneParcours]):
        nouvelles = []
        for ligne in lot:
            cle = ligne.cle[:2]
            if cle in self.plan.personnes:
                continue
            # La situation courante est celle du parcours le plus récent de la personne dans le fichier.
            source = self.plan.personnes_a_creer[cle]
            personne = Personne(
                departement_id=source.departement,
                identifiant_ft=source.identifiant_ft,
                nom=source.nom,
                prenom=source.prenom,
                nom_normalise=normaliser(source.nom),
                prenom_normalise=normaliser(source.prenom),
                date_naissance=source.date_naissance,
                sexe=source.sexe,
                commune_id=source.code_commune,
                beneficiaire_rsa=source.rsa,
                residence_qpv=source.qpv,
                niveau_formation=source.niveau_formation,
                cree_par=self.acteur,
            )
            self.plan.personnes[cle] = personne
            nouvelles.append(personne)
        self._creer(nouvelles, Personne)
        self._creer(
            [
                self._evenement(
                    personne=personne,
                    type=e.TypeEvenement.PERSONNE_CREEE,
                    libelle=_("Import : personne enregistrée depuis le suivi existant du département"),
                    date=self.maintenant,
                )
                for personne in nouvelles
            ],
            Evenement,
        )

    def _parcours(self, lot: list[LigneParcours]):
        binome = self.controle.habilitations
        utilisateurs = self.controle.utilisateurs
        parcours_crees = []
        for ligne in lot:
            conseiller = utilisateurs.get(ligne.conseiller_email)
            referent = utilisateurs.get(ligne.referent_social_email)
            parcours = Parcours(
                personne=self.plan.personnes[ligne.cle[:2]],
                departement_id=ligne.departement,
                **_modalite_et_fse(ligne),
                conseiller=conseiller,
                organisation_conseiller_id=(
                    binome[(conseiller.pk, Role.CONSEILLER_FT, ligne.departement)] if conseiller else None
                ),
                referent_social=referent,
                organisation_referent_id=(
                    binome[(referent.pk, Role.TRAVAILLEUR_SOCIAL, ligne.departement)] if referent else None
                ),
                date_reperage=ligne.date_orientation,
                date_orientation=ligne.date_orientation,
                date_entree=ligne.date_entree,
                date_fin_prevue=calculs.fin_prevue(ligne.date_entree, self.duree(ligne.departement)),
                date_sortie=ligne.date_sortie,
                motif_sortie=ligne.motif_sortie,
                # Copie figée des caractéristiques à l'entrée, telles que le fichier les donne.
                **calculs.caracteristiques_entree(
                    date_entree=ligne.date_entree,
                    sexe=ligne.sexe,
                    date_naissance=ligne.date_naissance,
                    commune_id=ligne.code_commune,
                    rsa=ligne.rsa,
                    qpv=ligne.qpv,
                    niveau_formation=ligne.niveau_formation,
                ),
                cree_par=self.acteur,
            )
            etat = machine.etat_apres_entree(
                sorti=ligne.date_sortie is not None, social_exclusif=ligne.modalite == e.Modalite.SOCIAL_EXCLUSIF
            )
            parcours_crees.append(machine.etablir_etat_initial(parcours, point_entree="import", etat_initial=etat))
        self._creer(parcours_crees, Parcours)
        evenements, sorties = [], []
        for ligne, parcours in zip(lot, parcours_crees):
            evenements.append(
                self._evenement(
                    personne=parcours.personne,
                    parcours=parcours,
                    type=machine.POINTS_ENTREE["import"].evenement,
                    libelle=_("Import : entrée en %(modalite)s (suivi existant du département)")
                    % {"modalite": str(e.Modalite(ligne.modalite).label).lower()},
                    date=_a_midi(ligne.date_entree),
                )
            )
            if ligne.date_sortie:
                sorties.append(self._nouvelle_sortie(ligne, parcours))
                evenements.append(self._evenement_sortie(ligne, parcours))
        self._creer(sorties, Sortie)
        self._creer(evenements, Evenement)

    def _nouvelle_sortie(self, ligne: LigneParcours, parcours: Parcours) -> Sortie:
        return Sortie(
            parcours=parcours,
            date=ligne.date_sortie,
            motif=ligne.motif_sortie,
            suivi_6_mois_echeance=calculs.ajouter_mois(ligne.date_sortie, calculs.DELAI_SUIVI_SORTIE_MOIS),
            saisie_par=self.acteur,
        )

    def _evenement_sortie(self, ligne: LigneParcours, parcours: Parcours) -> Evenement:
        return self._evenement(
            personne=parcours.personne,
            parcours=parcours,
            type=machine.transition("sortir").evenement,
            libelle=_("Import : sortie du parcours (suivi existant du département)"),
            date=_a_midi(ligne.date_sortie),
        )

    def _sortie_ajoutee(self, ligne: LigneParcours, parcours: Parcours):
        """Sortie apportée par le fichier d'un parcours en cours dans Binôme (comme ``parcours_sortir``)."""
        suspension = self.controle.suspensions_en_cours.get(parcours.pk)
        if suspension is not None:
            cloture = calculs.clore_suspension(
                debut=suspension.debut,
                fin=ligne.date_sortie,
                jours_suspendus=parcours.jours_suspendus,
                date_fin_prevue=parcours.date_fin_prevue,
            )
            suspension.fin = ligne.date_sortie
            sauver(suspension, acteur=self.acteur, raison=RAISON_HISTORIQUE, update_fields=["fin", "modifie_le"])
            parcours.jours_suspendus = cloture.jours_suspendus
            parcours.date_fin_prevue = cloture.date_fin_prevue
        machine.appliquer(parcours, "sortir")
        parcours.date_sortie = ligne.date_sortie
        parcours.motif_sortie = ligne.motif_sortie
        sauver(parcours, acteur=self.acteur, raison=RAISON_HISTORIQUE)
        sauver(self._nouvelle_sortie(ligne, parcours), acteur=self.acteur, raison=RAISON_HISTORIQUE)
        self._evenement_sortie(ligne, parcours).save()
