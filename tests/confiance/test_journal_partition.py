"""Journal des accès partitionné (issue 17) : plusieurs chaînes par département, chacune avec sa tête verrouillée.

Deux écrivains d'un même département sur deux chaînes ne s'attendent pas (PostgreSQL, deux connexions) ; la
vérification couvre toutes les chaînes, celles d'avant la partition comprises ; la purge ancre chaque chaîne.
"""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction
from django.test import RequestFactory
from django.utils import timezone
from freezegun import freeze_time

from binome.confiance.journal import chaine_verrouillee, journaliser, purger_journal
from binome.confiance.models import Action, ChaineJournal, EntreeJournal
from binome.confiance.scellement import departement_de_chaine, nom_chaine
from binome.confiance.verification import verifier_chaine


def _requete(ident: str):
    requete = RequestFactory().get("/test/")
    requete.binome_id_requete = ident
    return requete


def _ident_pour(chaine: str, departement: str = "15") -> str:
    """Un identifiant de requête que ``nom_chaine`` range dans ``chaine``."""
    return next(f"r{i}" for i in range(10_000) if nom_chaine(departement, f"r{i}") == chaine)


def _lire(departement="15", ident=""):
    return journaliser(
        action=Action.LECTURE,
        finalite="Test",
        objet=("test.objet", 1),
        departement=departement,
        request=_requete(ident),
    )


def test_nom_des_chaines(settings):
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 8
    noms = {nom_chaine("15", f"requete-{i}") for i in range(400)}
    assert noms == {f"15/{k}" for k in range(8)}
    assert nom_chaine("15", "a") == nom_chaine("15", "a")  # même clé, même chaîne
    assert nom_chaine("", "a").startswith("plateforme/")
    assert [departement_de_chaine(n) for n in ("15/3", "15", "2A/0", "plateforme/7", "plateforme")] == [
        "15",
        "15",
        "2A",
        "",
        "",
    ]
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 1
    assert (nom_chaine("15", "a"), nom_chaine("", "a")) == ("15", "plateforme")


@pytest.mark.django_db
def test_les_requetes_d_un_departement_se_repartissent_entre_ses_chaines(settings):
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 4
    entrees = [_lire(ident=f"req-{i}") for i in range(40)]
    chaines = {e.chaine for e in entrees}
    assert chaines == {"15/0", "15/1", "15/2", "15/3"}
    for chaine in chaines:
        rangs = [e.sequence for e in entrees if e.chaine == chaine]
        assert rangs == list(range(1, len(rangs) + 1))
    assert dict(ChaineJournal.objects.values_list("nom", "sequence")) == {
        c: sum(e.chaine == c for e in entrees) for c in chaines
    }
    assert verifier_chaine().intacte


@pytest.mark.django_db
def test_la_premiere_ecriture_d_un_departement_cree_toutes_ses_tetes(settings, django_assert_num_queries):
    """Les lectures suivantes trouvent leur tête quelle que soit leur chaîne : même nombre de requêtes chacune."""
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 4
    _lire(ident=_ident_pour("15/2"))
    assert dict(ChaineJournal.objects.filter(nom__startswith="15/").values_list("nom", "sequence")) == {
        "15/0": 0,
        "15/1": 0,
        "15/2": 1,
        "15/3": 0,
    }
    assert verifier_chaine().intacte  # une tête vide est une chaîne valide
    with django_assert_num_queries(5):  # point de sauvegarde, tête verrouillée, ligne, tête, libération
        _lire(ident=_ident_pour("15/0"))
    with django_assert_num_queries(5):
        _lire(ident=_ident_pour("15/3"))


@pytest.mark.django_db
def test_les_chaines_d_avant_la_partition_restent_verifiees_et_purgees(settings):
    maintenant = timezone.now()
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 1
    with freeze_time(maintenant - datetime.timedelta(days=400)):
        anciennes = [_lire(ident=f"a{i}") for i in range(3)]
    recente_ancienne_chaine = _lire(ident="a9")
    assert {e.chaine for e in anciennes} == {"15"}
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 8
    with freeze_time(maintenant - datetime.timedelta(days=400)):
        partitionnees = [_lire(ident=f"p{i}") for i in range(12)]
    nouvelles = [_lire(ident=f"n{i}") for i in range(12)]
    assert all(e.chaine.startswith("15/") for e in partitionnees + nouvelles)
    assert verifier_chaine().intacte
    assert purger_journal(maintenant=maintenant) == 3 + 12
    assert set(EntreeJournal.objects.filter(action=Action.LECTURE).values_list("pk", flat=True)) == {
        e.pk for e in [recente_ancienne_chaine, *nouvelles]
    }
    assert ChaineJournal.objects.get(nom="15").ancre_sequence == 3  # ancienne chaîne ancrée sur sa ligne purgée
    rapport = verifier_chaine()
    assert rapport.intacte, rapport.anomalies
    assert "15" in rapport.tetes and len(rapport.tetes) >= 3


@pytest.mark.django_db
@pytest.mark.parametrize("rang_chaine", [0, 1, 2, 3])
def test_une_ligne_alteree_est_detectee_dans_n_importe_quelle_chaine(settings, rang_chaine):
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 1
    _lire(ident="avant")  # chaîne « 15 », d'avant la partition
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 3
    for i in range(30):
        _lire(ident=f"x{i}")
    chaines = sorted(ChaineJournal.objects.values_list("nom", flat=True))
    assert chaines == ["15", "15/0", "15/1", "15/2"]
    cible = EntreeJournal.objects.filter(chaine=chaines[rang_chaine]).order_by("sequence").first()
    with connection.cursor() as curseur:
        curseur.execute("UPDATE confiance_entreejournal SET finalite = 'falsifié' WHERE id = %s", [cible.pk])
    anomalies = verifier_chaine().anomalies
    assert anomalies == [
        f"Ligne {cible.pk} ({cible.chaine} n° {cible.sequence}) : contenu modifié après écriture (ou clé inconnue)."
    ]


@pytest.mark.django_db
def test_une_ligne_deplacee_dans_la_chaine_d_un_autre_departement_est_detectee(settings):
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 2
    entree = _lire(ident=_ident_pour("15/1"))
    _lire(departement="14", ident="y")
    with connection.cursor() as curseur:
        curseur.execute("UPDATE confiance_entreejournal SET departement = '14' WHERE id = %s", [entree.pk])
    assert any(f"Ligne {entree.pk} (15/1 n° 1)" in a for a in verifier_chaine().anomalies)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite verrouille toute la base à l'écriture")
def test_deux_ecrivains_sur_deux_chaines_d_un_departement_ne_s_attendent_pas(settings):
    """Une transaction tient la tête de « 15/0 » ; une autre connexion (``lock_timeout`` de 300 ms) écrit dans
    « 15/1 » sans attendre, mais n'obtient pas « 15/0 »."""
    settings.JOURNAL_CHAINES_PAR_DEPARTEMENT = 2
    _lire(ident=_ident_pour("15/0"))
    _lire(ident=_ident_pour("15/1"))
    tenue, relachee, resultats = threading.Event(), threading.Event(), {}

    def premier_ecrivain():
        try:
            with transaction.atomic():
                chaine_verrouillee("default", "15/0")
                tenue.set()
                relachee.wait(30)
        finally:
            connections.close_all()

    def second_ecrivain(chaine):
        try:
            with transaction.atomic():
                with connection.cursor() as curseur:
                    curseur.execute("SET LOCAL lock_timeout = '300ms'")
                resultats[chaine] = _lire(ident=_ident_pour(chaine)).chaine
        except OperationalError as erreur:
            resultats[chaine] = type(erreur.__cause__).__name__
        finally:
            connections.close_all()

    premier = threading.Thread(target=premier_ecrivain)
    premier.start()
    assert tenue.wait(30)
    try:
        for chaine in ("15/1", "15/0"):
            second = threading.Thread(target=second_ecrivain, args=(chaine,))
            second.start()
            second.join(30)
    finally:
        relachee.set()
        premier.join(30)
    assert resultats == {"15/1": "15/1", "15/0": "LockNotAvailable"}
    assert verifier_chaine().intacte
