"""Import des parcours existants : fichier valide, ré-import, fichier refusé (rien d'écrit), --dry-run, commande."""

import datetime
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from binome.accompagnement import enums as e
from binome.accompagnement.fichier_import import lire_csv
from binome.accompagnement.models import Evenement, Parcours, PeriodeSuspension, Personne, Sortie
from binome.accompagnement.services import ImportRefuse, importation_ecriture, parcours_importer
from tests.accompagnement.factories import ParcoursFactory, PeriodeSuspensionFactory, PersonneFactory
from tests.accompagnement.test_import_regles import valeurs

pytestmark = pytest.mark.django_db

DONNEES = Path(__file__).parent / "donnees"
VALIDE = DONNEES / "parcours_valide.csv"
INVALIDES = DONNEES / "parcours_invalides.csv"


def compteurs() -> dict[str, int]:
    """Nombre de lignes de chaque table du projet (historiques compris)."""
    return {modele._meta.label: modele._default_manager.count() for modele in apps.get_models()}


def importer(chemin: Path = VALIDE, **options):
    return parcours_importer(lignes=lire_csv(chemin.read_bytes()), **options)


def commande(*args) -> tuple[str, str]:
    sortie, erreurs = io.StringIO(), io.StringIO()
    call_command("import_parcours", *map(str, args), "--sans-progression", stdout=sortie, stderr=erreurs)
    return sortie.getvalue(), erreurs.getvalue()


def test_fichier_valide_cree_personnes_parcours_sorties_et_chronologie(personas):
    rapport = importer()
    assert (rapport.lignes, rapport.personnes_creees, rapport.personnes_retrouvees) == (7, 6, 0)
    assert (rapport.parcours_crees, rapport.parcours_sortis, rapport.parcours_inchanges) == (7, 0, 0)
    assert rapport.resume() == (
        "Import terminé : 7 lignes valides, 6 personnes créées, 0 personnes déjà connues, 7 parcours créés, "
        "0 parcours clos (sortie ajoutée), 0 parcours inchangés."
    )
    assert Personne.objects.count() == 6
    assert Parcours.objects.count() == 7
    assert Sortie.objects.count() == 3
    etats = dict(Parcours.objects.values_list("personne__identifiant_ft", "etat").filter(date_sortie__isnull=True))
    assert etats == {
        "1234567A": e.EtatParcours.ACTIF,
        "2345678B": e.EtatParcours.ACTIF,
        "3456789C": e.EtatParcours.SOCIAL_EXCLUSIF,
        "5678901E": e.EtatParcours.ACTIF,
    }
    # Chronologie : une création par personne, une entrée par parcours, une sortie par parcours clos.
    assert Evenement.objects.filter(type=e.TypeEvenement.PERSONNE_CREEE).count() == 6
    assert Evenement.objects.filter(type=e.TypeEvenement.ENTREE).count() == 7
    assert Evenement.objects.filter(type=e.TypeEvenement.SORTIE).count() == 3
    assert all(libelle.startswith("Import : ") for libelle in Evenement.objects.values_list("libelle", flat=True))


def test_parcours_en_cours_binome_fin_prevue_et_copie_figee(personas):
    personas.cantal.departement.parametres.duree_parcours_mois = 18
    personas.cantal.departement.parametres.save()
    importer()
    parcours = Parcours.objects.get(personne__identifiant_ft="1234567A")
    personne = parcours.personne
    assert (personne.nom, personne.prenom, personne.date_naissance) == (
        "Fictif",
        "Amandine",
        datetime.date(1988, 4, 12),
    )
    assert personne.departement == personas.cantal.departement
    assert personne.commune == personas.cantal.communes["saint_flour"]
    assert (personne.beneficiaire_rsa, personne.residence_qpv) == (True, False)
    assert parcours.departement == personas.cantal.departement
    assert (parcours.etat, parcours.modalite) == (e.EtatParcours.ACTIF, e.Modalite.GLOBAL)
    assert (parcours.conseiller, parcours.organisation_conseiller) == (personas.conseiller, personas.cantal.agence)
    assert (parcours.referent_social, parcours.organisation_referent) == (
        personas.travailleur_social,
        personas.cantal.unite,
    )
    assert parcours.date_orientation == parcours.date_reperage == datetime.date(2024, 1, 8)
    assert parcours.date_entree == datetime.date(2024, 1, 22)
    # Fin prévue selon les paramètres du département (18 mois ici), pas la valeur par défaut.
    assert parcours.date_fin_prevue == datetime.date(2025, 7, 22)
    assert (parcours.date_sortie, parcours.motif_sortie, parcours.jours_suspendus) == (None, "", 0)
    # Copie figée à l'entrée.
    assert parcours.sexe == e.Sexe.FEMME
    assert parcours.age_entree == 35
    assert parcours.tranche_age_entree == e.TrancheAge.DE_30_A_44
    assert parcours.commune_entree == personas.cantal.communes["saint_flour"]
    assert (parcours.rsa_entree, parcours.qpv_entree) == (True, False)
    assert parcours.niveau_formation_entree == e.NiveauFormation.CITE_3_4
    # Historique : l'écriture est tracée, avec sa raison.
    assert parcours.history.get().history_change_reason == "Import de parcours existants"
    evenement = parcours.evenements.get()
    assert evenement.type == e.TypeEvenement.ENTREE
    assert evenement.libelle == "Import : entrée en accompagnement global (suivi existant du département)"
    assert evenement.date.date() == datetime.date(2024, 1, 22)


def test_parcours_sorti_et_reentree(personas):
    importer()
    bruno = Personne.objects.get(identifiant_ft="2345678B")
    ancien, nouveau = bruno.parcours.order_by("date_entree")
    assert ancien.etat == e.EtatParcours.SORTI
    assert (ancien.date_sortie, ancien.motif_sortie) == (datetime.date(2024, 2, 15), e.MotifSortie.EMPLOI_DURABLE)
    assert ancien.sortie.date == datetime.date(2024, 2, 15)
    assert ancien.sortie.motif == e.MotifSortie.EMPLOI_DURABLE
    assert ancien.sortie.suivi_6_mois_echeance == datetime.date(2024, 8, 15)
    assert ancien.evenements.filter(type=e.TypeEvenement.SORTIE).get().date.date() == datetime.date(2024, 2, 15)
    assert nouveau.etat == e.EtatParcours.ACTIF
    assert (nouveau.conseiller, nouveau.referent_social) == (personas.conseiller, None)
    # Social exclusif clos, dans le Calvados, sans conseiller.
    fatou = Parcours.objects.get(personne__identifiant_ft="6789012F")
    assert (fatou.etat, fatou.modalite, fatou.departement_id) == ("SORTI", "SOCIAL_EXCLUSIF", "14")
    assert (fatou.conseiller, fatou.organisation_referent) == (None, personas.calvados.unite)
    assert fatou.tranche_age_entree == e.TrancheAge.DE_26_A_29
    assert fatou.niveau_formation_entree == e.NiveauFormation.CITE_0_2


def test_reimport_identique_ne_change_rien(personas):
    importer()
    avant = compteurs()
    dates = list(Parcours.objects.order_by("pk").values_list("pk", "modifie_le"))
    rapport = importer()
    assert (rapport.personnes_creees, rapport.personnes_retrouvees) == (0, 6)
    assert (rapport.parcours_crees, rapport.parcours_sortis, rapport.parcours_inchanges) == (0, 0, 7)
    assert rapport.modifications == 0
    assert rapport.resume().startswith("Import terminé : aucune modification, tout était déjà à jour.")
    assert compteurs() == avant
    assert list(Parcours.objects.order_by("pk").values_list("pk", "modifie_le")) == dates


def test_reimport_avec_sortie_ajoutee_met_a_jour_le_parcours(personas):
    importer()
    contenu = VALIDE.read_text().replace(
        "claire.conseillere@exemple.gouv.fr,sophie.sociale@exemple.gouv.fr,,\n",
        "claire.conseillere@exemple.gouv.fr,sophie.sociale@exemple.gouv.fr,2024-11-04,FORMATION\n",
        1,
    )
    avant = compteurs()
    rapport = parcours_importer(lignes=lire_csv(contenu.encode()))
    assert (rapport.parcours_crees, rapport.parcours_sortis, rapport.parcours_inchanges) == (0, 1, 6)
    parcours = Parcours.objects.get(personne__identifiant_ft="1234567A")
    assert (parcours.etat, parcours.date_sortie, parcours.motif_sortie) == (
        "SORTI",
        datetime.date(2024, 11, 4),
        "FORMATION",
    )
    assert parcours.sortie.suivi_6_mois_echeance == datetime.date(2025, 5, 4)
    apres = compteurs()
    assert apres["accompagnement.Sortie"] == avant["accompagnement.Sortie"] + 1
    assert apres["accompagnement.Evenement"] == avant["accompagnement.Evenement"] + 1
    assert apres["accompagnement.Parcours"] == avant["accompagnement.Parcours"]
    assert apres["accompagnement.HistoricalParcours"] == avant["accompagnement.HistoricalParcours"] + 1
    # Un troisième passage du même fichier ne change plus rien.
    assert parcours_importer(lignes=lire_csv(contenu.encode())).modifications == 0


def test_sortie_ajoutee_a_un_parcours_suspendu_clot_la_suspension(personas):
    personne = PersonneFactory(
        departement=personas.cantal.departement,
        identifiant_ft="1234567A",
        nom="Fictif",
        prenom="Amandine",
        date_naissance=datetime.date(1988, 4, 12),
    )
    suspension = PeriodeSuspensionFactory(
        parcours__personne=personne,
        parcours__date_entree=datetime.date(2024, 1, 22),
        parcours__jours_suspendus=10,
        debut=datetime.date(2024, 5, 1),
    )
    fin_prevue_avant = suspension.parcours.date_fin_prevue
    rapport = parcours_importer(lignes=[valeurs(date_sortie="2024-05-31", motif_sortie="SANTE")])
    assert (rapport.personnes_retrouvees, rapport.parcours_sortis) == (1, 1)
    suspension.refresh_from_db()
    parcours = suspension.parcours
    parcours.refresh_from_db()
    assert suspension.fin == datetime.date(2024, 5, 31)
    assert parcours.jours_suspendus == 10 + 30
    # Comme la sortie saisie dans l'application : la fin prévue est repoussée des jours suspendus.
    assert parcours.date_fin_prevue == fin_prevue_avant + datetime.timedelta(days=30)
    assert parcours.etat == e.EtatParcours.SORTI
    assert not PeriodeSuspension.objects.filter(fin__isnull=True).exists()


def test_personne_connue_retrouvee_sans_etre_modifiee(personas):
    personne = PersonneFactory(
        departement=personas.cantal.departement,
        identifiant_ft="1234567a",
        nom="FICTIF",
        prenom="Amandine",
        date_naissance=datetime.date(1988, 4, 12),
        telephone="0600000000",
    )
    ancien = ParcoursFactory(
        personne=personne,
        etat=e.EtatParcours.SORTI,
        date_entree=datetime.date(2022, 1, 3),
        date_sortie=datetime.date(2022, 12, 1),
        motif_sortie=e.MotifSortie.ABANDON,
    )
    rapport = parcours_importer(lignes=[valeurs()])
    assert (rapport.personnes_creees, rapport.personnes_retrouvees, rapport.parcours_crees) == (0, 1, 1)
    personne.refresh_from_db()
    assert (personne.nom, personne.identifiant_ft, personne.telephone) == ("FICTIF", "1234567a", "0600000000")
    assert personne.parcours.exclude(pk=ancien.pk).get().date_entree == datetime.date(2024, 1, 22)
    assert not personne.evenements.filter(type=e.TypeEvenement.PERSONNE_CREEE).exists()


def test_fichier_avec_lignes_invalides_refuse_en_entier(personas):
    avant = compteurs()
    with pytest.raises(ImportRefuse) as exc:
        importer(INVALIDES)
    assert compteurs() == avant
    lignes = {}
    for anomalie in exc.value.anomalies:
        lignes.setdefault(anomalie.ligne, []).append(f"{anomalie.colonne} : {anomalie.message}")
    # La ligne 2 est valide mais n'est pas écrite ; la ligne 5 est vide (ignorée).
    assert sorted(lignes) == [3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert lignes[3] == ["date_entree : date « 2024-02-30 » impossible (ce jour n'existe pas)"]
    assert lignes[4] == ["date_sortie : la date de sortie est antérieure à la date d'entrée"]
    assert lignes[6][0].startswith("motif_sortie : motif « EMBAUCHE » inconnu (codes admis : EMPLOI_DURABLE,")
    assert lignes[7] == ["code_commune : la commune « 14118 » (Caen) n'est pas dans le département « 15 »"]
    assert lignes[8] == ["departement : département « 99 » inconnu de Binôme"]
    assert lignes[9] == ["conseiller_email : aucun utilisateur de Binôme n'a l'adresse « inconnu@exemple.gouv.fr »"]
    assert sorted(lignes[10]) == [
        "conseiller_email : « sophie.sociale@exemple.gouv.fr » n'a pas d'habilitation active de conseiller "
        "France Travail dans le département « 15 »",
        "modalite : valeur « partiel » inconnue (attendu : global ou social_exclusif)",
        "niveau_formation : valeur « 9 » inconnue (attendu : 0-2, 3-4, 5-8 ou vide)",
        "rsa : valeur « peut-être » inconnue (attendu : oui ou non)",
        "sexe : valeur « M » inconnue (attendu : F, H ou X)",
    ]
    assert lignes[11] == [" : même parcours (département, identifiant France Travail, date d'entrée) que la ligne 2"]
    assert lignes[12] == ["date_sortie : un motif de sortie exige une date de sortie"]
    # Les messages sont prêts à afficher, dans l'ordre des lignes.
    assert (
        exc.value.messages[0]
        == "Ligne 3, colonne « date_entree » : date « 2024-02-30 » impossible (ce jour n'existe pas)"
    )
    assert exc.value.messages[-1] == "Ligne 12, colonne « date_sortie » : un motif de sortie exige une date de sortie"


def test_dry_run_valide_sans_ecrire(personas):
    avant = compteurs()
    rapport = importer(dry_run=True)
    assert compteurs() == avant
    assert (rapport.personnes_creees, rapport.parcours_crees, rapport.parcours_inchanges) == (6, 7, 0)
    assert rapport.resume().startswith(
        "Vérification seulement, rien n'a été enregistré. Le fichier est valide ; il donnerait : 7 lignes valides, "
        "6 personnes créées"
    )
    with pytest.raises(ImportRefuse):
        importer(INVALIDES, dry_run=True)
    assert compteurs() == avant


def test_barre_de_progression_par_lots(personas, monkeypatch):
    monkeypatch.setattr(importation_ecriture, "TAILLE_LOT", 3)
    appels = []

    class Barre:
        def __init__(self, total):
            appels.append(("total", total))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            appels.append(("fin",))

        def update(self, n):
            appels.append(("avance", n))

    importer(progression=Barre)
    assert appels == [("total", 7), ("avance", 3), ("avance", 3), ("avance", 1), ("fin",)]
    assert Parcours.objects.count() == 7


# --- La commande -----------------------------------------------------------------------------------------


def test_commande_fichier_valide_puis_reimport(personas):
    sortie, _ = commande(VALIDE)
    assert "Import terminé : 7 lignes valides, 6 personnes créées" in sortie
    assert Parcours.objects.count() == 7
    sortie, _ = commande(VALIDE)
    assert "aucune modification, tout était déjà à jour" in sortie
    assert "7 parcours inchangés" in sortie
    assert Parcours.objects.count() == 7


def test_commande_dry_run(personas):
    sortie, _ = commande(VALIDE, "--dry-run")
    assert sortie.startswith("Vérification seulement, rien n'a été enregistré.")
    assert Parcours.objects.count() == 0


def test_commande_fichier_refuse_code_de_sortie_non_nul(personas):
    avant = compteurs()
    erreurs = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import_parcours", str(INVALIDES), "--sans-progression", stderr=erreurs)
    assert str(exc.value) == "Fichier refusé : 9 lignes en erreur (détail ci-dessus). Rien n'a été enregistré."
    assert exc.value.returncode == 1
    detail = erreurs.getvalue().splitlines()
    assert detail[0] == "Ligne 3, colonne « date_entree » : date « 2024-02-30 » impossible (ce jour n'existe pas)"
    assert "Ligne 8, colonne « departement » : département « 99 » inconnu de Binôme" in detail
    assert compteurs() == avant


def test_commande_fichier_illisible(personas, tmp_path):
    illisible = tmp_path / "illisible.csv"
    illisible.write_bytes(VALIDE.read_bytes() + b"\x81\x9d\n")
    with pytest.raises(
        CommandError, match="Fichier refusé, rien n'a été enregistré. Le fichier n'est pas un texte lisible"
    ):
        commande(illisible)
    with pytest.raises(CommandError, match="Fichier introuvable"):
        commande(tmp_path / "absent.csv")
    vide = tmp_path / "vide.csv"
    vide.write_bytes(b"")
    with pytest.raises(CommandError, match="Le fichier est vide."):
        commande(vide)
    assert Parcours.objects.count() == 0


def test_commande_avec_acteur(personas):
    with pytest.raises(CommandError, match="Aucun utilisateur actif n'a l'adresse « personne@exemple.gouv.fr »"):
        commande(VALIDE, "--acteur", "personne@exemple.gouv.fr")
    # L'administratrice du Cantal n'administre pas le Calvados : fichier refusé (lignes 7 et 8).
    with pytest.raises(CommandError, match="2 lignes en erreur"):
        commande(VALIDE, "--acteur", personas.admin.email)
    commande(VALIDE, "--acteur", personas.super_admin.email)
    assert set(Parcours.objects.values_list("cree_par", flat=True)) == {personas.super_admin.pk}


def test_commande_limitee_a_un_departement(personas):
    """Même règle que les imports de l'annuaire : ``--departement`` refuse toute ligne d'un autre département."""
    erreurs = io.StringIO()
    with pytest.raises(CommandError, match="2 lignes en erreur"):
        call_command("import_parcours", str(VALIDE), "--departement", "15", "--sans-progression", stderr=erreurs)
    assert "département « 14 » hors du département « 15 » importé" in erreurs.getvalue()
    assert Parcours.objects.count() == 0


def test_modalite_a_l_entree_et_colonnes_facultatives_fse(personas):
    """Issue 12, points 2 et 3 : un parcours importé en social exclusif y est entré ; ``cofinance_fse`` et
    ``identifiant_operation_fse`` (facultatives) posent la dérogation FSE+ du parcours."""
    from binome.accompagnement.cofinancement import cofinancement_du_parcours

    lignes = VALIDE.read_text(encoding="utf-8").splitlines()
    entete, donnees = lignes[0], lignes[1:]
    supplements = [",oui,202400777", ",non,", ",,"] + [",,"] * (len(donnees) - 3)
    contenu = "\n".join(
        [entete + ",cofinance_fse,identifiant_operation_fse"]
        + [ligne + suite for ligne, suite in zip(donnees, supplements, strict=True)]
    )
    parcours_importer(lignes=lire_csv(contenu.encode()))
    social = Parcours.objects.get(personne__identifiant_ft="3456789C")
    assert (social.modalite, social.modalite_entree) == (e.Modalite.SOCIAL_EXCLUSIF, e.Modalite.SOCIAL_EXCLUSIF)
    assert set(Parcours.objects.values_list("modalite_entree", flat=True)) <= set(e.Modalite.values)
    par_valeur = {p.cofinance_fse: p for p in Parcours.objects.all()}
    assert set(par_valeur) == {True, False, None}
    assert cofinancement_du_parcours(par_valeur[True]) == (True, "202400777")
    assert cofinancement_du_parcours(par_valeur[False]) == (False, "")
    assert par_valeur[True].motif_derogation_fse.startswith("Import")
    with pytest.raises(Exception, match="identifiant d'opération exige"):
        incoherent = "\n".join([entete + ",cofinance_fse,identifiant_operation_fse", donnees[0] + ",non,X"])
        parcours_importer(lignes=lire_csv(incoherent.encode()))
