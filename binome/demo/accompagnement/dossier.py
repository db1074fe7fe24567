"""Démonstration de l'accompagnement : un dossier et son scénario (dates, puis étapes du parcours)."""

import datetime
import random

from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import (
    Evenement,
)
from binome.demo.accompagnement.avant_entree import AvantEntree
from binome.demo.accompagnement.contexte import _Contexte
from binome.demo.accompagnement.donnees import MOTIFS_SORTIE, Portefeuille
from binome.demo.accompagnement.entree import Accompagnement
from binome.demo.accompagnement.outils import _a_midi, _Lots, _pondere
from binome.demo.accompagnement.suivi import Suivi


class Dossier(AvantEntree, Accompagnement, Suivi):
    """Un dossier : personne, parcours et tout ce que son scénario implique, aux dates du scénario."""

    def __init__(self, contexte: _Contexte, lots: _Lots, portefeuille: Portefeuille, identifiant: str, scenario: str):
        self.c = contexte
        self.lots = lots
        self.p = portefeuille
        self.scenario = scenario
        self.rng = random.Random(identifiant)
        self.t = timezone.localdate()
        self.identifiant = identifiant
        self.conseiller = contexte.agents[portefeuille.conseiller]
        self.suspendu_le: datetime.date | None = None
        self.suspensions: list[tuple[datetime.date, datetime.date]] = []

    # --- Outils ------------------------------------------------------------------------------------

    def jours(self, minimum: int, maximum: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(minimum, maximum))

    def evenement(self, type_evenement, libelle: str, le: datetime.date, acteur, *, social=False):
        self.lots.ajouter(
            Evenement(
                personne=self.personne,
                parcours=self.parcours,
                type=type_evenement,
                libelle=libelle[:255],
                date=_a_midi(le),
                acteur=acteur,
                cote_social_seulement=social,
            )
        )

    # --- Construction ------------------------------------------------------------------------------

    def construire(self):
        s = self.scenario
        if s.startswith("sorti"):
            self._dates_sortie()
        elif s in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie", "diagnostic"):
            self._dates_avant_entree()
        elif s == "non_retenu":
            self.entree = None
            self.orientation_le = self.t - self.jours(20, 200)
        else:
            self._dates_en_cours()
        self._personne()
        self._parcours()
        if s in ("orientation", "orientation_ancienne", "orientation_recue", "diagnostic_planifie"):
            self._orientation()
            return
        if s == "non_retenu":
            self._non_retenu()
            return
        self._orientation()
        self._diagnostic()
        if s == "diagnostic":
            return
        self._entree()
        self._plan()
        self._suspensions()
        self._renouvellement()
        self._contacts()
        self._coordination_et_notes()
        if self.sortie:
            self._sortie()
        self.lots.ajouter(self.parcours, acteur=self.conseiller.utilisateur, le=self.entree)

    def _dates_en_cours(self):
        s, t = self.scenario, self.t
        self.sortie = None
        if s == "actif_fin_terme":
            self.entree = t - self.jours(338, 360)
        elif s == "renouvele":
            self.entree = t - self.jours(400, 530)
        elif s == "actif_suspension_close":
            self.entree = t - self.jours(130, 320)
        elif s in ("suspendu", "actif_sans_contact", "actif_retard"):
            self.entree = t - self.jours(70, 320)
        else:
            self.entree = t - self.jours(20, 320)
        if s == "suspendu":
            self.suspendu_le = t - self.jours(5, 45)
        self.diagnostic_le = self.entree - self.jours(0, 7)
        self.orientation_le = self.diagnostic_le - self.jours(6, 28)

    def _dates_sortie(self):
        s, t = self.scenario, self.t
        self.motif = _pondere(self.rng, MOTIFS_SORTIE)
        duree_min = 330 if self.motif == e.MotifSortie.DUREE_MAX else 90
        if s == "sorti_suivi_du":
            self.sortie = t - self.jours(190, 235)
            self.entree = self.sortie - self.jours(duree_min, 400)
        elif s == "sorti_recent":
            self.sortie = t - self.jours(7, 170)
            self.entree = self.sortie - self.jours(duree_min, 420)
        else:
            # Entrées étalées sur deux ans : le pilotage montre des tendances.
            self.entree = t - self.jours(290, 730)
            self.sortie = min(self.entree + self.jours(duree_min, 420), t - self.jours(200, 215))
            self.entree = min(self.entree, self.sortie - datetime.timedelta(days=duree_min))
        self.diagnostic_le = self.entree - self.jours(0, 7)
        self.orientation_le = self.diagnostic_le - self.jours(6, 28)

    def _dates_avant_entree(self):
        s, t = self.scenario, self.t
        self.entree = self.sortie = None
        if s == "orientation_ancienne":
            self.orientation_le = t - self.jours(25, 50)
        elif s == "diagnostic":
            self.diagnostic_le = t - self.jours(1, 12)
            self.orientation_le = self.diagnostic_le - self.jours(6, 20)
        else:
            self.orientation_le = t - self.jours(1, 18)

    def _fin(self) -> datetime.date:
        """Dernier jour d'accompagnement observé : sortie, début de la suspension en cours ou aujourd'hui."""
        return self.sortie or self.suspendu_le or self.t
