"""Exports en flux (issue 17 « Échelle ») : mémoire bornée quel que soit le nombre de lignes, prouvée sans horloge.

- l'extrait FSE+ (CSV et XLSX) de 1 000 puis de 10 000 participants reste sous le **même plafond** de mémoire
  (``tracemalloc``, vue et envoi compris) et fait le même nombre de requêtes : les parcours sont lus par paquets
  (``QuerySet.iterator``, curseur nommé sur PostgreSQL), le fichier écrit par morceaux ou dans un fichier temporaire ;
  l'ancienne version (toutes les lignes en liste, le fichier entier en mémoire) dépassait le plafond d'un facteur 5 ;
- chaque export est une réponse en flux (``StreamingHttpResponse`` / ``FileResponse``), en-têtes inchangés ;
- la lecture des lignes, faite **après** la sortie de la vue, reste sous ``lecture_sur_replica()``.
"""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.core import routeur, tableur
from binome.pilotage import exports, fse
from tests.accompagnement.factories import ParcoursFactory, personne_du

pytestmark = pytest.mark.django_db

D = datetime.date
DEBUT = D(2021, 1, 1)
PERIODE = "du=2021-01-01&au=2025-06-30"
JOURS_PAR_PERSONNE = 1500  # entrées distinctes d'une même personne (une entrée par jour au plus)
# Plafond de mémoire allouée pendant un export (requête, vue et envoi compris) ; 10 000 lignes en liste
# dépassent 20 Mo.
PLAFOND = 6 * 1024 * 1024


def _participants(personas, jusqu_a: int) -> None:
    """Porte à ``jusqu_a`` le nombre de participants FSE+ (insertion groupée : parcours clos, entrées distinctes)."""
    deja = Parcours.objects.filter(departement_id="15").count()
    modele = ParcoursFactory.build(
        personne=personne_du(personas.cantal),
        etat=e.EtatParcours.SORTI,
        date_sortie=D(2025, 3, 1),
        motif_sortie=e.MotifSortie.EMPLOI_DURABLE,
        cofinance_fse=True,
        identifiant_operation_fse="202400123",
        date_fin_prevue=None,
    )
    copies, personne = [], None
    for numero in range(deja, jusqu_a):
        if personne is None or numero % JOURS_PAR_PERSONNE == 0:
            personne = personne_du(personas.cantal)
        copie = Parcours(**{c.attname: getattr(modele, c.attname) for c in Parcours._meta.concrete_fields})
        copie.pk = None
        copie.personne_id = personne.pk
        copie.date_entree = DEBUT + datetime.timedelta(days=numero % JOURS_PAR_PERSONNE)
        copies.append(copie)
    Parcours.objects.bulk_create(copies, batch_size=1000)


def _telecharger(client, route: str, requete: str) -> tuple[int, int, bytes]:
    """(pic de mémoire en octets, requêtes SQL, contenu) d'un export lu morceau par morceau, comme un serveur."""
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as requetes:
            reponse = client.get(f"{reverse(route)}?{requete}")
            assert reponse.status_code == 200
            assert isinstance(reponse, StreamingHttpResponse)
            taille, debut = 0, b""
            for morceau in reponse.streaming_content:
                taille += len(morceau)
                debut = debut or bytes(morceau[:4096])
            # Pas de reponse.close() ici : le client de test la ferme à la fin de l'itération, signal
            # request_finished débranché ; un second close() fermerait la connexion de la transaction de test.
        _courant, pic = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert taille > 0
    return pic, len(requetes), debut


@pytest.mark.parametrize("format_fichier", ["csv", "xlsx"])
def test_extrait_fse_memoire_et_requetes_independantes_du_nombre_de_lignes(
    personas, client_de, format_fichier, settings
):
    # Le nombre de requêtes ne doit pas dépendre de l'horloge : sur une machine lente, plus de 3 minutes entre deux
    # téléchargements feraient prolonger la session (binome.core.session), 3 requêtes de plus.
    settings.SESSION_PROLONGATION_SECONDES = 24 * 3600
    client = client_de(personas.admin)
    requete = PERIODE + ("&format=xlsx" if format_fichier == "xlsx" else "")
    _participants(personas, 10)
    _telecharger(client, "pilotage:export_fse", requete)  # caches, traductions, session : hors mesure
    mesures = {}
    for nombre in (1_000, 10_000):
        _participants(personas, nombre)
        assert fse.nombre(Parcours.objects.filter(departement_id="15"), fse.Periode(DEBUT, D(2025, 6, 30))) == nombre
        mesures[nombre] = _telecharger(client, "pilotage:export_fse", requete)
    (pic_petit, requetes_petit, _d), (pic_grand, requetes_grand, debut) = mesures[1_000], mesures[10_000]
    assert pic_petit < PLAFOND and pic_grand < PLAFOND, (pic_petit, pic_grand)
    assert requetes_petit == requetes_grand, (requetes_petit, requetes_grand)
    if format_fichier == "csv":
        assert debut.startswith("\ufeff".encode()) and b"identifiant_participant;" in debut


def test_extrait_fse_complet_et_journalise_avec_son_nombre_de_lignes(personas, client_de):
    from binome.confiance.models import EntreeJournal

    _participants(personas, 2 * tableur.TAILLE_PAQUET + 7)  # plusieurs paquets et plusieurs morceaux
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    lignes = list(csv.DictReader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(lignes) == 2 * tableur.TAILLE_PAQUET + 7
    dates = [ligne["date_entree"] for ligne in lignes]
    assert dates == sorted(dates)  # dans l'ordre
    assert len({(ligne["identifiant_participant"], ligne["date_entree"]) for ligne in lignes}) == len(lignes)
    entree = EntreeJournal.objects.get(route="pilotage:export_fse")
    assert f"(CSV, {len(lignes)} lignes)" in entree.finalite
    classeur = load_workbook(
        io.BytesIO(client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}&format=xlsx").getvalue())
    )
    assert classeur["Participants"].max_row == 1 + len(lignes)


def test_les_lignes_se_lisent_sous_le_bloc_du_replica_pendant_l_envoi(monkeypatch, personas, client_de):
    _participants(personas, 30)
    vus: list[bool] = []
    origine = fse.rangee

    def espion(*args, **kwargs):
        vus.append(routeur._bloc_courant.get() is not None)
        return origine(*args, **kwargs)

    monkeypatch.setattr(fse, "rangee", espion)
    reponse = client_de(personas.admin).get(f"{reverse('pilotage:export_fse')}?{PERIODE}")
    assert vus == []  # rien n'est lu avant l'envoi : la vue est déjà sortie de son bloc
    assert routeur._bloc_courant.get() is None
    iterateur = iter(reponse.streaming_content)
    next(iterateur)
    assert routeur._bloc_courant.get() is None  # entre deux morceaux, le routage n'est pas laissé ouvert
    list(iterateur)
    assert len(vus) == 30 and all(vus)


@pytest.mark.parametrize(
    ("persona", "route", "requete", "classe", "nom"),
    [
        ("admin", "pilotage:export_csv", PERIODE, StreamingHttpResponse, "pilotage-15-2021-01-01-2025-06-30.csv"),
        ("admin", "pilotage:export_xlsx", PERIODE, FileResponse, "pilotage-15-2021-01-01-2025-06-30.xlsx"),
        ("admin", "pilotage:export_fse", PERIODE, StreamingHttpResponse, "fse-15-2021-01-01-2025-06-30.csv"),
        ("pilote_national", "pilotage:export_national_csv", PERIODE, StreamingHttpResponse, None),
        ("pilote_national", "pilotage:export_national_xlsx", PERIODE, FileResponse, None),
        ("conseiller", "accompagnement:portefeuille_export", "", StreamingHttpResponse, "portefeuille.csv"),
    ],
)
def test_chaque_export_est_en_flux_avec_ses_en_tetes(personas, client_de, persona, route, requete, classe, nom):
    reponse = client_de(getattr(personas, persona)).get(f"{reverse(route)}?{requete}")
    assert reponse.status_code == 200 and isinstance(reponse, classe)
    if nom:
        assert reponse["Content-Disposition"] == f'attachment; filename="{nom}"'
    attendu = "text/csv; charset=utf-8" if classe is not FileResponse else "application/vnd.openxmlformats"
    assert reponse["Content-Type"].startswith(attendu)
    assert reponse.getvalue()


# --- Contenu identique au chemin de référence (issue 17 : CSV ≤ 2× son SQL, sans changer un octet) -----------------
VALEURS_PIEGES = [
    True,
    1,
    1.0,
    False,
    0,
    0.0,
    None,
    "",
    "=SOMME(A1)",
    "+33 6",
    "-2",
    "@x",
    "\tt",
    "#N/A",
    "texte",
    -3,
    2.5,
    D(2024, 1, 31),
    datetime.time(8, 30),
    10**20,
]


def _reference_csv(lignes, *, champs=None, formater=None) -> bytes:
    """Le CSV écrit cellule par cellule par ``ecrivain_csv`` (``csv.writer`` / ``csv.DictWriter``), en un bloc."""
    tampon = io.StringIO()
    tampon.write(tableur.BOM)
    ecrivain = tableur.ecrivain_csv(tampon, champs=champs, formater=formater, **exports.OPTIONS_CSV)
    if champs is not None:
        ecrivain.writeheader()
    ecrivain.writerows(lignes)
    return tampon.getvalue().encode()


@pytest.mark.parametrize("formater", [None, exports._csv_nombre])
def test_flux_csv_ecrit_exactement_ce_qu_ecrit_la_reference(monkeypatch, formater):
    # Petits paquets : plusieurs morceaux ; valeurs répétées (tables) et égales de types différents (True, 1, 1.0).
    monkeypatch.setattr(tableur, "LIGNES_PAR_MORCEAU", 7)
    lignes = [[VALEURS_PIEGES[(i * 7 + j) % len(VALEURS_PIEGES)] for j in range(5)] for i in range(60)]
    morceaux = list(tableur.flux_csv(iter(lignes), formater=formater, **exports.OPTIONS_CSV))
    assert len(morceaux) == 9
    assert b"".join(morceaux) == _reference_csv(lignes, formater=formater)


def test_flux_csv_dictionnaires_meme_contenu_cle_absente_et_cle_de_trop(monkeypatch):
    monkeypatch.setattr(tableur, "LIGNES_PAR_MORCEAU", 3)
    champs = ["a", "b", "c"]
    lignes = [dict(zip(champs, VALEURS_PIEGES[i : i + 3], strict=True)) for i in range(len(VALEURS_PIEGES) - 3)]
    lignes.append({"c": "=1", "a": 5})  # clé absente : valeur par défaut de csv.DictWriter
    flux = b"".join(tableur.flux_csv(iter(lignes), champs=champs, formater=exports._csv_nombre, **exports.OPTIONS_CSV))
    assert flux == _reference_csv(lignes, champs=champs, formater=exports._csv_nombre)
    with pytest.raises(ValueError, match="dict contains fields not in fieldnames"):
        b"".join(tableur.flux_csv(iter([{"a": 1, "b": 2, "z": 3}]), champs=champs))


def test_cellules_xlsx_sans_style_meme_classeur_que_cellule_par_cellule():
    from openpyxl import Workbook

    def classeur(ligne_de):
        livre = Workbook(write_only=True)
        feuille = livre.create_sheet("a")
        for _ in range(3):
            feuille.append(ligne_de(feuille))
        tampon = io.BytesIO()
        livre.save(tampon)
        lu = load_workbook(io.BytesIO(tampon.getvalue()))["a"]
        return [[(c.value, c.data_type, c.quotePrefix, c.number_format) for c in rangee] for rangee in lu.iter_rows()]

    rapide = classeur(lambda feuille: tableur.cellules_xlsx(feuille, VALEURS_PIEGES))
    assert rapide == classeur(lambda feuille: [tableur.cellule_xlsx(feuille, v) for v in VALEURS_PIEGES])
    textes = {valeur: type_ for valeur, type_, _p, _f in rapide[0] if isinstance(valeur, str)}
    assert textes["=SOMME(A1)"] == "s" and textes["#N/A"] == "s"
