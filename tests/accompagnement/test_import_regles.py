"""Règles de validation de l'import des parcours, une par une (service ``parcours_importer``, sans la commande).

Chaque cas vérifie le numéro de ligne, la colonne et la raison en français, et que rien n'est écrit.
"""

import datetime

import pytest
from django.utils import timezone

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours, Personne
from binome.accompagnement.services import ImportRefuse, parcours_importer
from binome.comptes.models import Habilitation
from tests.accompagnement.factories import ParcoursFactory, PeriodeSuspensionFactory, PersonneFactory, SortieFactory

pytestmark = pytest.mark.django_db

VALIDE = {
    "departement": "15",
    "identifiant_ft": "1234567A",
    "nom": "Fictif",
    "prenom": "Amandine",
    "date_naissance": "1988-04-12",
    "sexe": "F",
    "code_commune": "15187",
    "rsa": "oui",
    "qpv": "non",
    "niveau_formation": "3-4",
    "modalite": "global",
    "date_orientation": "2024-01-08",
    "date_entree": "2024-01-22",
    "conseiller_email": "claire.conseillere@exemple.gouv.fr",
    "referent_social_email": "sophie.sociale@exemple.gouv.fr",
    "date_sortie": "",
    "motif_sortie": "",
}


def valeurs(**surcharges) -> dict[str, str]:
    return {**VALIDE, **surcharges}


def anomalies(lignes, **options) -> list[tuple[int, str, str]]:
    """Les anomalies (ligne, colonne, message) d'un import qui doit être refusé ; vérifie que rien n'est écrit."""
    avant = (Personne.objects.count(), Parcours.objects.count())
    with pytest.raises(ImportRefuse) as exc:
        parcours_importer(lignes=lignes, **options)
    assert (Personne.objects.count(), Parcours.objects.count()) == avant
    return [(a.ligne, a.colonne, a.message) for a in exc.value.anomalies]


def une_anomalie(**surcharges) -> tuple[int, str, str]:
    (anomalie,) = anomalies([valeurs(**surcharges)])
    return anomalie


def demain() -> str:
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("surcharges", "colonne", "message"),
    [
        ({"departement": ""}, "departement", "valeur obligatoire manquante"),
        ({"departement": "Cantal"}, "departement", "code de département « CANTAL » invalide (exemples : 15, 2A, 974)"),
        ({"identifiant_ft": ""}, "identifiant_ft", "valeur obligatoire manquante"),
        (
            {"identifiant_ft": "123 456"},
            "identifiant_ft",
            "identifiant « 123 456 » invalide (lettres et chiffres seulement, 20 caractères au plus)",
        ),
        (
            {"identifiant_ft": "A" * 21},
            "identifiant_ft",
            f"identifiant « {'A' * 21} » invalide (lettres et chiffres seulement, 20 caractères au plus)",
        ),
        ({"nom": ""}, "nom", "valeur obligatoire manquante"),
        ({"prenom": "  "}, "prenom", "valeur obligatoire manquante"),
        ({"nom": "N" * 101}, "nom", "100 caractères au plus"),
        ({"date_naissance": ""}, "date_naissance", "valeur obligatoire manquante"),
        (
            {"date_naissance": "12/04/1988"},
            "date_naissance",
            "date « 12/04/1988 » illisible : format attendu AAAA-MM-JJ",
        ),
        ({"date_naissance": "1987-02-29"}, "date_naissance", "date « 1987-02-29 » impossible (ce jour n'existe pas)"),
        ({"date_naissance": "1850-01-01"}, "date_naissance", "date « 1850-01-01 » invraisemblable"),
        (
            {"date_naissance": "2014-01-01"},
            "date_naissance",
            "âge à l'entrée invraisemblable (10 ans ; attendu de 16 à 99 ans)",
        ),
        ({"sexe": "M"}, "sexe", "valeur « M » inconnue (attendu : F, H ou X)"),
        ({"sexe": ""}, "sexe", "valeur obligatoire manquante (attendu : F, H ou X)"),
        ({"code_commune": ""}, "code_commune", "valeur obligatoire manquante"),
        (
            {"code_commune": "Saint-Flour"},
            "code_commune",
            "code INSEE « SAINT-FLOUR » invalide (5 caractères, par exemple 15187)",
        ),
        ({"code_commune": "15999"}, "code_commune", "commune « 15999 » inconnue du référentiel des communes"),
        (
            {"code_commune": "14118"},
            "code_commune",
            "la commune « 14118 » (Caen) n'est pas dans le département « 15 »",
        ),
        ({"rsa": "peut-être"}, "rsa", "valeur « peut-être » inconnue (attendu : oui ou non)"),
        ({"rsa": ""}, "rsa", "valeur obligatoire manquante (attendu : oui ou non)"),
        ({"qpv": "1"}, "qpv", "valeur « 1 » inconnue (attendu : oui ou non)"),
        ({"niveau_formation": "9"}, "niveau_formation", "valeur « 9 » inconnue (attendu : 0-2, 3-4, 5-8 ou vide)"),
        ({"modalite": "partiel"}, "modalite", "valeur « partiel » inconnue (attendu : global ou social_exclusif)"),
        ({"modalite": ""}, "modalite", "valeur obligatoire manquante (attendu : global ou social_exclusif)"),
        ({"date_orientation": ""}, "date_orientation", "valeur obligatoire manquante"),
        (
            {"date_orientation": "2024-02-01"},
            "date_orientation",
            "la date d'orientation est postérieure à la date d'entrée",
        ),
        ({"date_entree": ""}, "date_entree", "valeur obligatoire manquante"),
        ({"date_entree": "2024-02-30"}, "date_entree", "date « 2024-02-30 » impossible (ce jour n'existe pas)"),
        ({"date_entree": "2024-13-01"}, "date_entree", "date « 2024-13-01 » impossible (ce jour n'existe pas)"),
        ({"date_entree": "22/01/2024"}, "date_entree", "date « 22/01/2024 » illisible : format attendu AAAA-MM-JJ"),
        (
            {"conseiller_email": "claire.conseillere"},
            "conseiller_email",
            "adresse électronique « claire.conseillere » invalide",
        ),
        (
            {"conseiller_email": "inconnu@exemple.gouv.fr"},
            "conseiller_email",
            "aucun utilisateur de Binôme n'a l'adresse « inconnu@exemple.gouv.fr »",
        ),
        (
            {"conseiller_email": "sophie.sociale@exemple.gouv.fr"},
            "conseiller_email",
            "« sophie.sociale@exemple.gouv.fr » n'a pas d'habilitation active de conseiller France Travail "
            "dans le département « 15 »",
        ),
        (
            {"conseiller_email": "camille.conseillere@exemple.gouv.fr"},
            "conseiller_email",
            "« camille.conseillere@exemple.gouv.fr » n'a pas d'habilitation active de conseiller France Travail "
            "dans le département « 15 »",
        ),
        (
            {"referent_social_email": "claire.conseillere@exemple.gouv.fr"},
            "referent_social_email",
            "« claire.conseillere@exemple.gouv.fr » n'a pas d'habilitation active de travailleur social "
            "dans le département « 15 »",
        ),
        (
            {"referent_social_email": "theo.social@exemple.gouv.fr"},
            "referent_social_email",
            "« theo.social@exemple.gouv.fr » n'a pas d'habilitation active de travailleur social "
            "dans le département « 15 »",
        ),
        (
            {"date_sortie": "2024-01-21", "motif_sortie": "EMPLOI_DURABLE"},
            "date_sortie",
            "la date de sortie est antérieure à la date d'entrée",
        ),
        ({"date_sortie": "2024-06-30"}, "motif_sortie", "une date de sortie exige un motif de sortie"),
        ({"motif_sortie": "EMPLOI_DURABLE"}, "date_sortie", "un motif de sortie exige une date de sortie"),
        ({"date_sortie": "2024-06-30", "motif_sortie": "2024-06-30"}, "motif_sortie", "motif « 2024-06-30 » inconnu"),
    ],
)
def test_regle_de_validation(personas, surcharges, colonne, message):
    ligne, colonne_obtenue, message_obtenu = une_anomalie(**surcharges)
    assert (ligne, colonne_obtenue) == (2, colonne)
    assert message_obtenu.startswith(message)


def test_motif_de_sortie_inconnu_liste_les_codes_admis(personas):
    _, _, message = une_anomalie(date_sortie="2024-06-30", motif_sortie="EMBAUCHE")
    assert message == (
        "motif « EMBAUCHE » inconnu (codes admis : EMPLOI_DURABLE, EMPLOI_TRANSITION, CREATION_ENTREPRISE, "
        "FORMATION, REORIENTATION_SOCIAL, REORIENTATION_AUTRE, DUREE_MAX, ABANDON, DEMENAGEMENT, SANTE, "
        "RADIATION, AUTRE)"
    )


def test_departement_inconnu(personas):
    assert anomalies([valeurs(departement="99")]) == [(2, "departement", "département « 99 » inconnu de Binôme")]
    # « 1 » : zéro initial perdu par le tableur, lu « 01 ».
    assert anomalies([valeurs(departement="1")]) == [(2, "departement", "département « 01 » inconnu de Binôme")]


def test_dates_dans_le_futur(personas):
    assert anomalies([valeurs(date_entree=demain())]) == [(2, "date_entree", "la date d'entrée est dans le futur")]
    assert anomalies([valeurs(date_sortie=demain(), motif_sortie="FORMATION")]) == [
        (2, "date_sortie", "la date de sortie est dans le futur")
    ]


def test_utilisateur_desactive_ou_habilitation_retiree(personas):
    personas.conseiller.is_active = False
    personas.conseiller.save()
    assert une_anomalie() == (
        2,
        "conseiller_email",
        "le compte « claire.conseillere@exemple.gouv.fr » est désactivé",
    )
    Habilitation.objects.filter(utilisateur=personas.travailleur_social).update(active=False)
    assert ("referent_social_email") in [a[1] for a in anomalies([valeurs()])]


def test_toutes_les_anomalies_d_une_ligne_sont_rapportees(personas):
    resultat = anomalies([valeurs(sexe="M", rsa="?", qpv="?", modalite="?", date_entree="2024-02-30")])
    assert [colonne for _, colonne, _ in resultat] == ["date_entree", "modalite", "qpv", "rsa", "sexe"]


def test_tolerances_de_casse_et_de_zeros(personas):
    rapport = parcours_importer(
        lignes=[
            valeurs(
                sexe="f",
                rsa="OUI",
                qpv="Non",
                modalite="GLOBAL",
                niveau_formation="",
                identifiant_ft="1234567a",
                conseiller_email="Claire.Conseillere@Exemple.gouv.fr",
                date_sortie="2024-06-30",
                motif_sortie="emploi_durable",
            )
        ]
    )
    assert rapport.parcours_crees == 1
    parcours = Parcours.objects.get()
    assert parcours.personne.identifiant_ft == "1234567A"
    assert parcours.sexe == e.Sexe.FEMME
    assert parcours.rsa_entree is True
    assert parcours.qpv_entree is False
    assert parcours.niveau_formation_entree == e.NiveauFormation.NON_RENSEIGNE
    assert parcours.motif_sortie == e.MotifSortie.EMPLOI_DURABLE
    assert parcours.conseiller == personas.conseiller


# --- Entre les lignes du fichier --------------------------------------------------------------------


def test_meme_cle_deux_fois_dans_le_fichier(personas):
    assert anomalies([valeurs(), valeurs(), valeurs(conseiller_email="")]) == [
        (3, "", "même parcours (département, identifiant France Travail, date d'entrée) que la ligne 2"),
        (4, "", "même parcours (département, identifiant France Travail, date d'entrée) que la ligne 2"),
    ]


def test_meme_identifiant_autre_identite(personas):
    premiere = valeurs(date_sortie="2024-03-01", motif_sortie="ABANDON")
    seconde = valeurs(nom="Autre", date_orientation="2024-09-01", date_entree="2024-09-02")
    assert anomalies([premiere, seconde]) == [
        (
            3,
            "identifiant_ft",
            "même identifiant France Travail que la ligne 2 mais nom, prénom ou date de naissance différents",
        )
    ]


def test_meme_identifiant_dans_deux_departements_deux_personnes(personas):
    calvados = valeurs(
        departement="14", code_commune="14118", conseiller_email="", referent_social_email="", nom="Autre"
    )
    rapport = parcours_importer(lignes=[valeurs(), calvados])
    assert (rapport.personnes_creees, rapport.parcours_crees) == (2, 2)


def test_deux_parcours_en_cours_pour_une_personne(personas):
    seconde = valeurs(date_orientation="2024-09-01", date_entree="2024-09-02")
    resultat = anomalies([valeurs(), seconde])
    assert (
        2,
        "date_entree",
        "la personne a déjà un parcours en cours : le parcours de la ligne 3 (un seul à la fois)",
    ) in resultat
    assert (
        3,
        "date_entree",
        "la personne a déjà un parcours en cours : le parcours de la ligne 2 (un seul à la fois)",
    ) in resultat


def test_parcours_qui_se_chevauchent(personas):
    premiere = valeurs(date_sortie="2024-10-01", motif_sortie="ABANDON")
    seconde = valeurs(date_orientation="2024-09-01", date_entree="2024-09-02")
    assert anomalies([premiere, seconde]) == [
        (2, "date_entree", "ce parcours chevauche le parcours de la ligne 3"),
        (3, "date_entree", "ce parcours chevauche le parcours de la ligne 2"),
    ]


def test_reentree_apres_sortie_acceptee(personas):
    premiere = valeurs(date_sortie="2024-06-01", motif_sortie="ABANDON")
    seconde = valeurs(date_orientation="2024-09-01", date_entree="2024-09-02")
    rapport = parcours_importer(lignes=[seconde, premiere])
    assert (rapport.personnes_creees, rapport.parcours_crees) == (1, 2)
    assert list(Parcours.objects.order_by("date_entree").values_list("etat", flat=True)) == ["SORTI", "ACTIF"]


# --- Avec ce que Binôme contient déjà ----------------------------------------------------------------


def personne_connue(personas, **champs):
    return PersonneFactory(
        departement=personas.cantal.departement,
        commune=personas.cantal.communes["saint_flour"],
        identifiant_ft="1234567A",
        nom="Fictif",
        prenom="Amandine",
        date_naissance=datetime.date(1988, 4, 12),
        **champs,
    )


def test_identifiant_connu_pour_une_autre_personne(personas):
    personne_connue(personas)
    assert une_anomalie(nom="Quelquun") == (
        2,
        "identifiant_ft",
        "cet identifiant France Travail désigne dans Binôme une autre personne (nom ou date de naissance "
        "différents) : vérifiez l'identifiant",
    )
    assert une_anomalie(date_naissance="1988-04-13")[1] == "identifiant_ft"


def test_personne_avec_un_parcours_en_cours_dans_binome(personas):
    personne = personne_connue(personas)
    ParcoursFactory(personne=personne, date_entree=datetime.date(2023, 5, 2))
    assert une_anomalie() == (
        2,
        "date_entree",
        "la personne a déjà un parcours en cours : un parcours enregistré dans Binôme (entrée le 02/05/2023) "
        "(un seul à la fois)",
    )


def test_personne_avec_une_orientation_en_attente_dans_binome(personas):
    personne = personne_connue(personas)
    ParcoursFactory(personne=personne, etat=e.EtatParcours.ORIENTATION_PROPOSEE)
    assert une_anomalie()[2] == (
        "la personne a déjà un parcours en cours : un parcours en cours dans Binôme (état « Orientation proposée ») "
        "(un seul à la fois)"
    )
    # Un parcours clos dans le fichier, antérieur, reste importable.
    rapport = parcours_importer(lignes=[valeurs(date_sortie="2024-03-01", motif_sortie="ABANDON")])
    assert (rapport.personnes_retrouvees, rapport.parcours_crees) == (1, 1)


def test_parcours_sorti_dans_binome_presente_en_cours(personas):
    personne = personne_connue(personas)
    SortieFactory(
        parcours__personne=personne,
        parcours__date_entree=datetime.date(2024, 1, 22),
        parcours__date_sortie=datetime.date(2024, 8, 1),
    )
    resultat = anomalies([valeurs()])
    assert (
        2,
        "date_sortie",
        "ce parcours est clos dans Binôme (sortie le 01/08/2024) ; le fichier le présente en cours",
    ) in resultat
    assert anomalies([valeurs(date_sortie="2024-08-02", motif_sortie="EMPLOI_DURABLE")]) == [
        (
            2,
            "date_sortie",
            "ce parcours est déjà clos dans Binôme avec une autre sortie (le 01/08/2024, motif EMPLOI_DURABLE) ; "
            "une sortie enregistrée ne se modifie pas par import",
        )
    ]


def test_sortie_anterieure_a_la_suspension_en_cours(personas):
    personne = personne_connue(personas)
    PeriodeSuspensionFactory(
        parcours__personne=personne, parcours__date_entree=datetime.date(2024, 1, 22), debut=datetime.date(2024, 5, 1)
    )
    assert une_anomalie(date_sortie="2024-04-30", motif_sortie="SANTE") == (
        2,
        "date_sortie",
        "la sortie du 30/04/2024 précède le début de la suspension en cours dans Binôme (01/05/2024)",
    )


def test_parcours_non_retenu_de_meme_cle(personas):
    personne = personne_connue(personas)
    ParcoursFactory(personne=personne, etat=e.EtatParcours.NON_RETENU, date_entree=datetime.date(2024, 1, 22))
    assert une_anomalie() == (
        2,
        "date_entree",
        "ce parcours existe dans Binôme dans l'état « Non retenu », qu'un import ne peut pas modifier",
    )


# --- Acteur ---------------------------------------------------------------------------------------------


def test_acteur_doit_administrer_le_departement(personas):
    calvados = valeurs(departement="14", code_commune="14118", conseiller_email="", referent_social_email="")
    assert anomalies([valeurs(), calvados], acteur=personas.admin) == [
        (3, "departement", "vous n'administrez pas le département « 14 »")
    ]
    assert anomalies([valeurs()], acteur=personas.conseiller) == [
        (2, "departement", "vous n'administrez pas le département « 15 »")
    ]
    rapport = parcours_importer(lignes=[valeurs()], acteur=personas.admin)
    assert rapport.parcours_crees == 1
    parcours = Parcours.objects.get()
    assert parcours.cree_par == personas.admin
    assert parcours.history.get().history_user == personas.admin
    assert parcours.evenements.get().acteur == personas.admin


def test_super_admin_importe_partout(personas):
    calvados = valeurs(departement="14", code_commune="14118", conseiller_email="", referent_social_email="")
    assert parcours_importer(lignes=[valeurs(), calvados], acteur=personas.super_admin).parcours_crees == 2


def test_aucune_ligne(personas):
    with pytest.raises(ImportRefuse) as exc:
        parcours_importer(lignes=[])
    assert exc.value.messages == ["Aucune ligne de parcours à importer"]


def test_personnes_connues_retrouvees_par_l_index_sauf_identifiant_en_minuscules(personas):
    """Un département aux identifiants tous en majuscules est lu par comparaison exacte (servie par l'index, pas
    UPPER() sur chaque personne du département) ; un département qui en a un en minuscules garde UPPER()."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PersonneFactory(
        departement=personas.cantal.departement,
        identifiant_ft="1234567a",
        nom="Fictif",
        date_naissance=datetime.date(1988, 4, 12),
    )
    PersonneFactory(
        departement=personas.calvados.departement,
        identifiant_ft="5678901E",
        nom="Essai",
        date_naissance=datetime.date(1990, 9, 9),
    )
    calvados = valeurs(
        departement="14",
        identifiant_ft="5678901e",
        nom="Essai",
        prenom="Éric",
        date_naissance="1990-09-09",
        code_commune="14118",
        conseiller_email="camille.conseillere@exemple.gouv.fr",
        referent_social_email="theo.social@exemple.gouv.fr",
    )
    with CaptureQueriesContext(connection) as requetes:
        rapport = parcours_importer(lignes=[valeurs(), calvados], dry_run=True)
    assert (rapport.personnes_retrouvees, rapport.personnes_creees) == (2, 0)
    lectures = [r["sql"] for r in requetes if 'FROM "accompagnement_personne"' in r["sql"] and " IN (" in r["sql"]]
    assert len(lectures) == 2, lectures
    cantal, calvados_sql = sorted(lectures, key=lambda sql: "'14'" in sql or "= 14" in sql)
    assert 'UPPER("accompagnement_personne"."identifiant_ft") IN' in cantal
    assert 'UPPER("accompagnement_personne"."identifiant_ft") IN' not in calvados_sql
