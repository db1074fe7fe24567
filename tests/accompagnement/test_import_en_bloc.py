"""Import de parcours à l'échelle (issue 17) : l'écriture en bloc (``COPY`` sur PostgreSQL, ``executemany`` sur
SQLite) écrit exactement les lignes de l'ORM, historique compris ; tout ou rien sur un gros fichier ; mémoire
bornée (deux passes en flux : seul l'index compact des personnes croît avec le fichier)."""

import io
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from freezegun import freeze_time
from simple_history.utils import bulk_create_with_history

from binome.accompagnement import ecriture_en_bloc
from binome.accompagnement.fichier_import import COLONNES, COLONNES_FACULTATIVES, lire_csv, lire_fichier
from binome.accompagnement.models import Evenement, Parcours, Personne, Sortie
from binome.accompagnement.services import ImportRefuse, importation, importation_ecriture, parcours_importer
from tests.accompagnement.test_import_parcours import compteurs

pytestmark = pytest.mark.django_db

DONNEES = Path(__file__).parent / "donnees"
ENTETE = ",".join([*COLONNES, *COLONNES_FACULTATIVES])
CONSEILLER, SOCIALE = "claire.conseillere@exemple.gouv.fr", "sophie.sociale@exemple.gouv.fr"
# Fichier varié : personne à deux parcours dont la ligne la plus récente vient en premier, social exclusif, sans
# référent, sorties, dérogation FSE+, deux départements ; le second passage ajoute une sortie et des lignes.
PREMIER = f"""{ENTETE}
15,1234567A,Fictif,Amandine,1988-04-12,F,15187,oui,non,3-4,global,2024-01-08,2024-01-22,{CONSEILLER},{SOCIALE},,,,
15,2345678B,Exemple,Bruno,1975-11-30,H,15014,oui,oui,0-2,global,2024-09-02,2024-09-16,{CONSEILLER},,,,oui,OP-42
15,3456789C,Témoin,Camille,2001-07-05,X,15138,non,non,,social_exclusif,2024-05-06,2024-05-27,,{SOCIALE},,,,
15,2345678B,Exemple,Bruno,1975-11-30,H,15014,oui,oui,0-2,global,2023-03-01,2023-03-20,{CONSEILLER},{SOCIALE},2024-02-15,EMPLOI_DURABLE,non,
15,4567890D,Modèle,Denise,1966-02-28,F,15187,oui,non,5-8,global,2023-06-12,2023-07-03,,,2023-12-20,SANTE,,
14,5678901E,Essai,Éric,1990-09-09,H,14118,non,oui,3-4,global,2024-02-05,2024-02-19,camille.conseillere@exemple.gouv.fr,theo.social@exemple.gouv.fr,,,,
14,6789012F,Fictive,Fatou,1995-12-01,F,14366,oui,non,0-2,social_exclusif,2023-10-02,2023-10-16,,theo.social@exemple.gouv.fr,2024-06-28,REORIENTATION_SOCIAL,,
"""  # noqa: E501
SECOND = (
    PREMIER.replace(f"{CONSEILLER},{SOCIALE},,,,", f"{CONSEILLER},{SOCIALE},2024-11-04,FORMATION,,", 1)
    + f"""15,7890123G,Nouvelle,Gaëlle,1999-03-03,F,15014,non,non,3-4,global,2024-03-04,2024-03-18,{CONSEILLER},,,,,
15,3456789C,Témoin,Camille,2001-07-05,X,15138,non,non,,social_exclusif,2022-01-03,2022-01-17,,{SOCIALE},2023-01-10,AUTRE,,
"""
)
MODELES = [Personne, Parcours, Sortie, Evenement]


class EcritureParLOrm(ecriture_en_bloc.EcritureEnBloc):
    """La référence : les mêmes objets écrits par ``bulk_create`` et ``bulk_create_with_history``."""

    def ajouter(self, objets, modele):
        objets = list(objets)
        if hasattr(modele, "history"):
            bulk_create_with_history(objets, modele, default_user=self.acteur, default_change_reason=self.raison)
        else:
            modele.objects.bulk_create(objets)

    def vider(self):
        pass


def _tout_effacer():
    for modele in reversed(MODELES):
        if hasattr(modele, "history"):
            modele.history.model.objects.all()._raw_delete(connection.alias)
        modele.objects.all()._raw_delete(connection.alias)


def _instantane() -> dict[str, list]:
    """Toutes les lignes des tables écrites, clés techniques remplacées par les clés métier."""
    personnes = dict(Personne.objects.values_list("pk", "identifiant_ft"))
    parcours = {pk: (personnes[p], d) for pk, p, d in Parcours.objects.values_list("pk", "personne_id", "date_entree")}
    sorties = {pk: parcours[p] for pk, p in Sortie.objects.values_list("pk", "parcours_id")}
    propres = {Personne: personnes, Parcours: parcours, Sortie: sorties}
    resultat = {}
    for modele in MODELES:
        tables = [(modele, modele)]
        if hasattr(modele, "history"):
            tables.append((modele.history.model, modele))
        for table, origine in tables:
            lignes = []
            for ligne in table.objects.values():
                ligne.pop("history_id", None)
                identifiant = ligne.pop("id")
                if origine in propres:
                    ligne["id"] = propres[origine][identifiant]
                if "personne_id" in ligne:
                    ligne["personne_id"] = personnes[ligne["personne_id"]]
                if "parcours_id" in ligne:
                    ligne["parcours_id"] = parcours.get(ligne["parcours_id"])
                lignes.append(ligne)
            resultat[table._meta.label] = sorted(lignes, key=lambda ligne: repr(sorted(ligne.items(), key=str)))
    return resultat


def _deux_imports(acteur) -> dict[str, list]:
    with freeze_time("2026-03-02 10:00:00"):
        parcours_importer(lignes=lire_csv(PREMIER.encode()))
        rapport = parcours_importer(lignes=lire_csv(SECOND.encode()), acteur=acteur)
    assert (rapport.parcours_crees, rapport.parcours_sortis, rapport.parcours_inchanges) == (2, 1, 6)
    return _instantane()


def test_l_ecriture_en_bloc_ecrit_les_lignes_de_l_orm(personas, monkeypatch):
    en_bloc = _deux_imports(personas.super_admin)
    _tout_effacer()
    monkeypatch.setattr(importation_ecriture, "EcritureEnBloc", EcritureParLOrm)
    # Les objets aussi sont ceux de l'ORM : ``Model(**valeurs)`` au lieu de la construction rapide (``neuf``).
    monkeypatch.setattr(importation_ecriture, "neuf", lambda modele, **valeurs: modele(**valeurs))
    par_l_orm = _deux_imports(personas.super_admin)
    assert en_bloc == par_l_orm
    # Rien de vide : chaque table et chaque historique a ses lignes, auteur et raison compris.
    assert {table: len(lignes) for table, lignes in en_bloc.items()} == {
        "accompagnement.Personne": 7,
        "accompagnement.HistoricalPersonne": 7,
        "accompagnement.Parcours": 9,
        "accompagnement.HistoricalParcours": 10,  # neuf créations, une sortie ajoutée (par l'ORM)
        "accompagnement.Sortie": 5,
        "accompagnement.HistoricalSortie": 5,
        "accompagnement.Evenement": 21,
    }
    creations = [h for h in en_bloc["accompagnement.HistoricalParcours"] if h["history_type"] == "+"]
    assert {(h["history_user_id"], h["history_change_reason"]) for h in creations} == {
        (None, importation_ecriture.RAISON_HISTORIQUE),
        (personas.super_admin.pk, importation_ecriture.RAISON_HISTORIQUE),
    }
    # La situation de Bruno vient de son parcours le plus récent (ligne 3), qui suit sa première ligne écrite.
    bruno = Personne.objects.get(identifiant_ft="2345678B")
    assert list(bruno.parcours.order_by("date_entree").values_list("cofinance_fse", flat=True)) == [False, True]


def _fichier(chemin: Path, nombre: int, *, fautive: int | None = None, debut: int = 0) -> Path:
    """``nombre`` personnes à un parcours en cours ; ``fautive`` : numéro de ligne (fichier) à la commune inconnue."""
    lignes = [",".join(COLONNES)]
    for n in range(nombre):
        commune = "99999" if fautive == n + 2 else ("15187", "15014", "15138")[n % 3]
        lignes.append(
            f"15,{debut + n:07d}Z,Fictif,Amandine,1988-04-12,F,{commune},oui,non,3-4,global,2024-01-08,2024-01-22,"
            f"{CONSEILLER},{SOCIALE},,"
        )
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")
    return chemin


def test_une_ligne_refusee_au_milieu_d_un_gros_fichier_ne_laisse_rien(personas, tmp_path, monkeypatch):
    monkeypatch.setattr(importation, "LOT_CONTROLE", 200)
    avant = compteurs()
    with pytest.raises(CommandError, match="1 ligne en erreur"):
        call_command(
            "import_parcours",
            str(_fichier(tmp_path / "f.csv", 3000, fautive=1501)),
            "--sans-progression",
            stderr=(erreurs := io.StringIO()),
        )
    assert erreurs.getvalue().startswith("Ligne 1501, colonne « code_commune » : commune « 99999 » inconnue")
    assert compteurs() == avant


def test_un_echec_pendant_l_ecriture_par_lots_ne_laisse_rien(personas, tmp_path, monkeypatch):
    """Des lots sont déjà écrits quand la base refuse le troisième : la transaction unique les annule."""
    monkeypatch.setattr(importation_ecriture, "TAILLE_LOT", 100)
    ecrits = []
    ecrire_lot = importation_ecriture.Ecriture.ecrire_lot

    def ecrire_ou_echouer(self, lot):
        if len(ecrits) == 2:
            raise IntegrityError("refus simulé de la base")
        ecrire_lot(self, lot)
        ecrits.append(len(lot))

    monkeypatch.setattr(importation_ecriture.Ecriture, "ecrire_lot", ecrire_ou_echouer)
    avant = compteurs()
    chemin = _fichier(tmp_path / "f.csv", 500)
    with pytest.raises(ImportRefuse, match="a refusé l'écriture"):
        parcours_importer(lignes=lambda: lire_fichier(chemin))
    assert ecrits == [100, 100]
    assert compteurs() == avant


def _pic_d_import(chemin: Path) -> int:
    tracemalloc.start()
    try:
        rapport = parcours_importer(lignes=lambda: lire_fichier(chemin))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        assert rapport.parcours_crees > 0


def test_memoire_bornee_sauf_l_index_compact_des_personnes(personas, tmp_path):
    """2 000 puis 20 000 lignes : le pic ne croît que de l'index des personnes (quelques centaines d'octets par
    personne), pas des lignes (l'ancien import les gardait toutes, objets du modèle compris : plusieurs Kio)."""
    petit = _pic_d_import(_fichier(tmp_path / "petit.csv", 2_000))
    grand = _pic_d_import(_fichier(tmp_path / "grand.csv", 20_000, debut=2_000))
    assert Parcours.objects.count() == 22_000
    par_ligne = (grand - petit) / 18_000
    assert par_ligne < 600, (petit, grand, par_ligne)
    assert grand < 3 * petit, (petit, grand)


def test_le_fichier_de_la_mesure_est_valide(personas, tmp_path):
    """``benchmark_import`` mesure un import réussi : son fichier généré passe tous les contrôles."""
    import random

    from binome.accompagnement.management.commands import benchmark_import as mesure

    conseiller, social = mesure._agents("15")
    chemin = tmp_path / "mesure.csv"
    lignes = mesure.generer(chemin, 300, "15", ["15187", "15014"], conseiller, social, random.Random(1))
    rapport = parcours_importer(lignes=lambda: lire_fichier(chemin))
    assert (rapport.lignes, rapport.parcours_crees) == (lignes, 300)
    assert 0 < rapport.personnes_creees < 300  # des personnes à deux parcours
    assert Sortie.objects.count() > 0
    assert mesure.nettoyer() == rapport.personnes_creees
    assert not Parcours.objects.exists()
