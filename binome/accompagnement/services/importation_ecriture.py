"""Import des parcours existants : écriture du plan contrôlé, par lots (écriture en bloc, historique
compris, voir ``binome.accompagnement.ecriture_en_bloc``). L'état de chaque parcours passe par la machine à
états (point d'entrée ``import``, transition ``sortir``) ; fin prévue, copie figée et clôture d'une suspension
par les règles de ``calculs``."""

import datetime
from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from binome.accompagnement import calculs, machine
from binome.accompagnement import enums as e
from binome.accompagnement.ecriture_en_bloc import EcritureEnBloc, neuf
from binome.accompagnement.fichier_import import LigneParcours
from binome.accompagnement.models import Evenement, Parcours, PeriodeSuspension, Personne, Sortie
from binome.accompagnement.services.importation_controle import (
    Controle,
    FichePersonne,
    Plan,
    cle_personne,
    normaliser,
)
from binome.comptes.models import Role
from binome.core.historique import sauver

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
    """Écrit les parcours à créer lot par lot (``ecrire_lot``, ``TAILLE_LOT`` lignes au plus) par l'écriture en
    bloc (``COPY`` sur PostgreSQL, historique compris) : quelques requêtes par lot, aucune ligne gardée après."""

    def __init__(self, plan: Plan, controle: Controle, acteur):
        self.plan = plan
        self.controle = controle
        self.acteur = acteur
        self.maintenant = timezone.now()
        self.duree = lambda dept: controle.durees.get(dept, calculs.DUREE_PARCOURS_MOIS_DEFAUT)
        self.bloc = EcritureEnBloc(acteur=acteur, raison=RAISON_HISTORIQUE)
        # Libellés de la chronologie, traduits une fois pour tout l'import (et non à chaque ligne).
        self.libelle_personne = _("Import : personne enregistrée depuis le suivi existant du département")
        self.libelle_entree = {
            modalite: _("Import : entrée en %(modalite)s (suivi existant du département)")
            % {"modalite": str(modalite.label).lower()}
            for modalite in e.Modalite
        }
        self.libelle_sortie = _("Import : sortie du parcours (suivi existant du département)")

    def ecrire_lot(self, lot: list[LigneParcours]):
        fiches = [self.plan.personnes[cle_personne(ligne)] for ligne in lot]
        self._reserver_personnes(fiches)
        self._personnes(lot, fiches)
        self._parcours(lot, fiches)
        self.bloc.vider()

    def ecrire_sorties(self, avancer: Callable[[int], None]):
        """Sorties apportées par le fichier à des parcours en cours dans Binôme : rares, par l'ORM."""
        for parcours_pk, date_sortie, motif in self.plan.sorties_a_ajouter.values():
            parcours = Parcours.objects.get(pk=parcours_pk)
            self._sortie_ajoutee(date_sortie, motif, parcours)
            avancer(1)

    def _reserver_personnes(self, fiches: list[FichePersonne]):
        """Clé de chaque personne à créer dès sa première ligne à écrire : ses parcours peuvent précéder, dans le
        fichier, la ligne dont elle tire sa situation (contraintes de clé étrangère différées)."""
        sans_cle = list({id(f): f for f in fiches if f.existante is None and f.pk is None}.values())
        for fiche, pk in zip(sans_cle, self.bloc.reserver(Personne, len(sans_cle))):
            fiche.pk = pk

    def _evenement(self, *, personne_id, type, libelle, date, parcours_id=None) -> Evenement:
        """Même ligne de chronologie que ``evenement_enregistrer``, à insérer par lot."""
        return neuf(
            Evenement,
            personne_id=personne_id,
            parcours_id=parcours_id,
            type=type,
            libelle=libelle[:255],
            acteur=self.acteur,
            date=date,
        )

    def _personnes(self, lot: list[LigneParcours], fiches: list[FichePersonne]):
        nouvelles = []
        for source, fiche in zip(lot, fiches):
            # La situation courante est celle du parcours le plus récent de la personne dans le fichier.
            if fiche.existante is not None or fiche.source != source.numero:
                continue
            nouvelles.append(
                neuf(
                    Personne,
                    pk=fiche.pk,
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
            )
        self.bloc.ajouter(nouvelles, Personne)
        self.bloc.ajouter(
            [
                self._evenement(
                    personne_id=personne.pk,
                    type=e.TypeEvenement.PERSONNE_CREEE,
                    libelle=self.libelle_personne,
                    date=self.maintenant,
                )
                for personne in nouvelles
            ],
            Evenement,
        )

    def _parcours(self, lot: list[LigneParcours], fiches: list[FichePersonne]):
        binome = self.controle.habilitations
        utilisateurs = self.controle.utilisateurs
        parcours_crees = []
        for ligne, fiche in zip(lot, fiches):
            conseiller = utilisateurs.get(ligne.conseiller_email)
            referent = utilisateurs.get(ligne.referent_social_email)
            parcours = neuf(
                Parcours,
                personne_id=fiche.existante or fiche.pk,
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
        for parcours, pk in zip(parcours_crees, self.bloc.reserver(Parcours, len(parcours_crees))):
            parcours.pk = pk
        self.bloc.ajouter(parcours_crees, Parcours)
        evenements, sorties = [], []
        for ligne, parcours in zip(lot, parcours_crees):
            evenements.append(
                self._evenement(
                    personne_id=parcours.personne_id,
                    parcours_id=parcours.pk,
                    type=machine.POINTS_ENTREE["import"].evenement,
                    libelle=self.libelle_entree[ligne.modalite],
                    date=_a_midi(ligne.date_entree),
                )
            )
            if ligne.date_sortie:
                sorties.append(self._nouvelle_sortie(ligne.date_sortie, ligne.motif_sortie, parcours))
                evenements.append(self._evenement_sortie(ligne.date_sortie, parcours))
        for sortie, pk in zip(sorties, self.bloc.reserver(Sortie, len(sorties))):
            sortie.pk = pk
        self.bloc.ajouter(sorties, Sortie)
        self.bloc.ajouter(evenements, Evenement)

    def _nouvelle_sortie(self, date_sortie: datetime.date, motif: str, parcours: Parcours) -> Sortie:
        return neuf(
            Sortie,
            parcours_id=parcours.pk,
            date=date_sortie,
            motif=motif,
            suivi_6_mois_echeance=calculs.ajouter_mois(date_sortie, calculs.DELAI_SUIVI_SORTIE_MOIS),
            saisie_par=self.acteur,
        )

    def _evenement_sortie(self, date_sortie: datetime.date, parcours: Parcours) -> Evenement:
        return self._evenement(
            personne_id=parcours.personne_id,
            parcours_id=parcours.pk,
            type=machine.transition("sortir").evenement,
            libelle=self.libelle_sortie,
            date=_a_midi(date_sortie),
        )

    def _sortie_ajoutee(self, date_sortie: datetime.date, motif: str, parcours: Parcours):
        """Sortie apportée par le fichier d'un parcours en cours dans Binôme (comme ``parcours_sortir``)."""
        suspension = PeriodeSuspension.objects.filter(parcours=parcours, fin__isnull=True).first()
        if suspension is not None:
            cloture = calculs.clore_suspension(
                debut=suspension.debut,
                fin=date_sortie,
                jours_suspendus=parcours.jours_suspendus,
                date_fin_prevue=parcours.date_fin_prevue,
            )
            suspension.fin = date_sortie
            sauver(suspension, acteur=self.acteur, raison=RAISON_HISTORIQUE, update_fields=["fin", "modifie_le"])
            parcours.jours_suspendus = cloture.jours_suspendus
            parcours.date_fin_prevue = cloture.date_fin_prevue
        machine.appliquer(parcours, "sortir")
        parcours.date_sortie = date_sortie
        parcours.motif_sortie = motif
        sauver(parcours, acteur=self.acteur, raison=RAISON_HISTORIQUE)
        sauver(self._nouvelle_sortie(date_sortie, motif, parcours), acteur=self.acteur, raison=RAISON_HISTORIQUE)
        self._evenement_sortie(date_sortie, parcours).save()
