"""Exports CSV / XLSX du tableau de bord et extrait FSE+ : lisibles, datés, masqués pour le pilote, journalisés."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from binome.accompagnement import enums as e
from binome.accompagnement import services
from binome.confiance.models import Action, EntreeJournal
from binome.pilotage import fse
from tests.pilotage.jeu import creer_jeu

pytestmark = pytest.mark.django_db
PERIODE = "du=2025-01-01&au=2025-06-30"
D = datetime.date


@pytest.fixture
def jeu(personas):
    return creer_jeu(personas)


def _csv(reponse) -> list[list[str]]:
    contenu = reponse.getvalue()  # réponse en flux : lue une seule fois
    assert contenu.startswith("\ufeff".encode())  # BOM pour Excel
    return list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))


def _valeur(lignes, libelle):
    return next(ligne[2] for ligne in lignes if len(ligne) > 2 and ligne[1] == libelle)


def test_export_csv_admin(personas, client_de, jeu):
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_csv')}?{PERIODE}")
    assert reponse.status_code == 200
    assert reponse["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="pilotage-15-2025-01-01-2025-06-30.csv"' == reponse["Content-Disposition"]
    lignes = _csv(reponse)
    entete = {ligne[0]: ligne[1] for ligne in lignes[1:7] if len(ligne) == 2}
    assert entete["Territoire"] == "Cantal (15)"
    assert entete["Période"] == "du 01/01/2025 au 30/06/2025"
    assert entete["Définition de la sortie positive"].startswith("Sortie positive : EMPLOI_DURABLE")
    assert "Données au" in entete and "Secret statistique" not in entete
    assert _valeur(lignes, "Entrées") == "5"
    assert _valeur(lignes, "Taux de sortie positive") == "0,75"
    assert _valeur(lignes, "Durée moyenne des parcours sortis") == "106,5"
    assert [
        "EMPLOI_DURABLE",
        "Emploi durable (CDI, CDD ou intérim de plus de 6 mois, titularisation)",
        "oui",
        "2",
    ] in lignes
    assert ["2025-01", "2", "0", "0", "", "", "5"] in lignes  # évolution mensuelle
    assert any(ligne[:1] == ["Définitions"] for ligne in lignes)


def test_export_csv_pilote_masque(personas, client_de, jeu):
    lignes = _csv(client_de(personas.pilote).get(f"{reverse('pilotage:export_csv')}?{PERIODE}"))
    assert any(ligne[0] == "Secret statistique" for ligne in lignes)
    assert _valeur(lignes, "Entrées") == "5"
    assert _valeur(lignes, "Sorties") == "< 5"
    assert _valeur(lignes, "Taux de sortie positive") == "s"  # taux dérivé d'une valeur cachée : secret, pas « < 5 »
    legende = {ligne[0]: ligne[1] for ligne in lignes if len(ligne) == 2}
    assert legende["Légende « < 5 »"].startswith("effectif de 1 à 4")
    assert legende["Légende « s »"].startswith("secret statistique")
    assert [
        "EMPLOI_DURABLE",
        "Emploi durable (CDI, CDD ou intérim de plus de 6 mois, titularisation)",
        "oui",
        "< 5",
    ] in lignes


def test_export_xlsx(personas, client_de, jeu):
    for persona, attendu in (("admin", 0.75), ("pilote", "s")):
        reponse = client_de(getattr(personas, persona)).get(f"{reverse('pilotage:export_xlsx')}?{PERIODE}")
        assert reponse.status_code == 200
        assert reponse["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        classeur = load_workbook(io.BytesIO(reponse.getvalue()))
        assert classeur.sheetnames[:3] == ["Indicateurs", "Sorties par motif", "Évolution mensuelle"]
        assert "Définitions" in classeur.sheetnames
        feuille = classeur["Indicateurs"]
        lignes = list(feuille.iter_rows(values_only=True))
        assert lignes[4][0] == "Définition de la sortie positive" and "EMPLOI_DURABLE" in lignes[4][1]
        assert lignes[5][0] == "Données au"
        taux = next(ligne for ligne in lignes if ligne[1] == "Taux de sortie positive")
        assert taux[2] == attendu
        legendes = [ligne[0] for ligne in lignes if ligne[0] and str(ligne[0]).startswith("Légende")]
        assert legendes == ([] if persona == "admin" else ["Légende « < 5 »", "Légende « s »"])
        if persona == "admin":
            cellule = next(c for c in feuille["C"] if c.value == 0.75)
            assert cellule.number_format == "0.0%"
        client_de(getattr(personas, persona)).logout()


def test_export_journalise(personas, client_de, jeu):
    client_de(personas.admin).get(f"{reverse('pilotage:export_csv')}?{PERIODE}")
    entree = EntreeJournal.objects.filter(finalite__startswith="Export du tableau de bord").get()
    assert (entree.action, entree.departement, entree.acteur_id) == (Action.EXPORT, "15", personas.admin.pk)
    assert entree.route == "pilotage:export_csv" and "2025-01-01/2025-06-30" in entree.objet_id


# --- Extrait FSE+ -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, statut", [("pilote", 403), ("admin", 200), ("encadrant", 200), ("conseiller", 403)])
def test_extrait_fse_reserve(personas, client_de, jeu, persona, statut):
    reponse = client_de(getattr(personas, persona)).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    assert reponse.status_code == statut


def test_extrait_fse_pilote_calvados_404(personas, client_de, jeu):
    reponse = client_de(personas.admin_calvados).get(f"{reverse('pilotage:export_fse')}?departement=15")
    assert reponse.status_code == 404


def test_extrait_fse_contenu(personas, client_de, jeu):
    c = jeu["C"]
    c.situation_marche_travail_entree = e.SituationMarcheTravail.CHOMEUR_LONGUE_DUREE
    c.nationalite_entree = e.Nationalite.HORS_UE
    c.sans_domicile_entree = True
    c.cofinance_fse = True
    c.identifiant_operation_fse = "202400123"
    c.save()
    a = jeu["A"]
    a.cofinance_fse = True
    a.save()
    a.sortie.suivi_6_mois_fait_le = D(2025, 9, 20)
    a.sortie.emploi_6_mois = True
    a.sortie.situation_amelioree_6_mois = True
    a.sortie.save()
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    contenu = reponse.getvalue().decode("utf-8-sig")  # réponse en flux : lue une seule fois
    lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=";"))
    assert list(lignes[0]) == fse.COLONNES
    assert len(lignes) == 2  # seuls les parcours cofinancés par défaut
    par_date = {ligne["date_entree"]: ligne for ligne in lignes}
    lc, la = par_date["2025-02-10"], par_date["2024-10-01"]
    assert lc["identifiant_participant"] == fse.identifiant_participant(c.personne_id)
    assert lc["identifiant_operation_fse"] == "202400123"
    # C : chômeur de longue durée, 18-25 ans, CITE 0-2, hors UE, sans domicile ; Saint-Flour (6 556 hab.) non rurale.
    attendu_c = {"EECO01": "1", "EECO02": "1", "EECO03": "1", "EECO04": "0", "EECO05": "0", "EECO06": "0"}
    attendu_c |= {"EECO07": "1", "EECO08": "0", "EECO09": "1", "EECO10": "0", "EECO11": "0", "EECO13": "1"}
    attendu_c |= {"EECO16": "1", "EECO17": "0", "EECO12": "", "EECO14": "", "EECO15": ""}
    assert {k: lc[k] for k in attendu_c} == attendu_c
    assert (lc["sortie_renseignee"], lc["EECR01"], lc["EECR04"], lc["EECR05"]) == ("0", "", "", "")
    # A : sortie en emploi (EECR04), suivi à 6 mois fait, en emploi et situation améliorée.
    assert (la["sortie_renseignee"], la["EECR01"], la["EECR02"], la["EECR03"], la["EECR04"]) == (
        "1",
        "0",
        "0",
        "0",
        "1",
    )
    assert (la["suivi_6_mois_renseigne"], la["EECR05"], la["EECR06"]) == ("1", "1", "1")
    # Aucune donnée d'identité.
    assert "Personne C" not in contenu and c.personne.identifiant_ft not in contenu
    # Le paramètre caché « tous=1 » n'existe plus (issue 12, point 3) : il ne change rien.
    tous = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}&tous=1")
    assert len(tous.getvalue().decode("utf-8-sig").strip().splitlines()) == 1 + 2


def _lignes_fse(client_de, personas) -> dict[str, dict]:
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    lignes = csv.DictReader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";")
    return {ligne["date_entree"]: ligne for ligne in lignes}


def test_extrait_fse_convention_du_departement_et_derogations(personas, client_de, jeu):
    """Issue 12, point 3 : la convention du département décide, la dérogation du parcours l'emporte."""
    from binome.administration import services as administration
    from binome.organisations.models import ConventionFSE

    assert _lignes_fse(client_de, personas) == {}  # ni convention ni dérogation : aucun participant
    administration.convention_fse_enregistrer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        date_debut=D(2025, 1, 1),
        date_fin=None,
        identifiant_operation="202500015",
    )
    # Entrées de 2025 présentes dans P : B C D I M ; A, F, H sont entrés avant la convention.
    lignes = _lignes_fse(client_de, personas)
    assert sorted(lignes) == ["2025-01-01", "2025-01-15", "2025-02-10", "2025-04-01", "2025-06-30"]
    assert {ligne["identifiant_operation_fse"] for ligne in lignes.values()} == {"202500015"}
    # Dérogations : A cofinancé (autre opération), B exclu.
    services.parcours_deroger_fse(
        acteur=personas.admin, parcours=jeu["A"], cofinance=True, identifiant_operation="202400999", motif="Accord AG"
    )
    services.parcours_deroger_fse(acteur=personas.encadrant, parcours=jeu["B"], cofinance=False, motif="Hors public")
    lignes = _lignes_fse(client_de, personas)
    assert sorted(lignes) == ["2024-10-01", "2025-01-15", "2025-02-10", "2025-04-01", "2025-06-30"]
    assert lignes["2024-10-01"]["identifiant_operation_fse"] == "202400999"
    with pytest.raises(PermissionDenied):  # le binôme ne déroge pas
        services.parcours_deroger_fse(acteur=personas.conseiller, parcours=jeu["C"], cofinance=False, motif="x")
    # Une convention qui chevauche est refusée ; le Calvados n'est pas administré par l'admin du Cantal.
    with pytest.raises(ValidationError):
        administration.convention_fse_enregistrer(
            acteur=personas.admin,
            departement=personas.cantal.departement,
            date_debut=D(2024, 6, 1),
            date_fin=D(2025, 2, 1),
            identifiant_operation="X",
        )
    with pytest.raises(PermissionDenied):
        administration.convention_fse_enregistrer(
            acteur=personas.admin,
            departement=personas.calvados.departement,
            date_debut=D(2025, 1, 1),
            identifiant_operation="X",
        )
    assert ConventionFSE.objects.count() == 1


def test_extrait_fse_motif_sans_situation_et_participation_d_un_jour(personas, jeu):
    from binome.accompagnement.models import Parcours

    b = jeu["B"]
    b.sortie.situation_fse = ""
    b.sortie.save()
    m = jeu["M"]
    Parcours.objects.filter(pk=m.pk).update(date_sortie=m.date_entree)  # un jour : pas un participant FSE+
    lignes = list(
        fse.lignes(
            Parcours.objects.filter(departement_id="15", modalite=e.Modalite.GLOBAL),
            fse.Periode(D(2025, 1, 1), D(2025, 6, 30)),
            date_extraction="2026-11-25",
            cofinances_seulement=False,
        )
    )
    assert m.date_entree.isoformat() not in {ligne["date_entree"] for ligne in lignes}
    ligne_b = next(ligne for ligne in lignes if ligne["date_entree"] == "2025-01-01")
    assert (ligne_b["EECR02"], ligne_b["EECR04"]) == (1, 0)  # formation → en formation (EECR02)


def test_extrait_fse_xlsx(personas, client_de, jeu):
    from binome.organisations.models import ConventionFSE

    ConventionFSE.objects.create(departement_id="15", date_debut=D(2024, 1, 1), identifiant_operation="202400015")
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}&format=xlsx")
    assert reponse.status_code == 200
    classeur = load_workbook(io.BytesIO(reponse.getvalue()))
    assert classeur.sheetnames == ["Participants", "Notice"]
    lignes = list(classeur["Participants"].iter_rows(values_only=True))
    assert list(lignes[0]) == fse.COLONNES and len(lignes) == 9
    notice = dict(classeur["Notice"].iter_rows(values_only=True))
    assert "Données au" in notice and "EECO17" in notice["Règles"]
