"""Issue 17, « Échelle » : une lecture simple n'écrit rien d'autre que sa ligne du journal des accès.

Connexion par le vrai formulaire (mot de passe : ``last_login``, axes, double facteur et session s'écrivent là),
puis les pages du test de charge (``deploiement/charge/locustfile.py``), deux fois chacune : toutes les requêtes SQL
sont capturées et les seules écritures (INSERT, UPDATE, DELETE, verrou ``FOR UPDATE``) doivent porter sur les tables
du journal ; une page du registre en écrit exactement une ligne, une autre aucune.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.confiance import registre
from binome.pilotage.forms import periode_par_defaut
from tests.factories import MOT_DE_PASSE

TABLES_DU_JOURNAL = {"confiance_entreejournal", "confiance_chainejournal"}
ECRITURE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
VERROU = re.compile(r'^\s*SELECT\b.*\bFROM\s+"?(\w+)"?.*\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b', re.IGNORECASE | re.DOTALL)


def ecritures(requetes) -> list[str]:
    """Les tables écrites (ou verrouillées en écriture) par les requêtes capturées, dans l'ordre."""
    tables = []
    for requete in requetes:
        trouvee = ECRITURE.match(requete["sql"]) or VERROU.match(requete["sql"])
        if trouvee:
            tables.append(trouvee.group(1))
    return tables


def test_le_detecteur_reconnait_les_ecritures():
    requetes = [
        {"sql": 'UPDATE "auth_user" SET "last_login" = 1'},
        {"sql": 'INSERT INTO "django_session" ("session_key") VALUES (1)'},
        {"sql": 'DELETE FROM "axes_accessattempt" WHERE 1'},
        {"sql": 'SELECT "x"."id" FROM "confiance_chainejournal" WHERE "nom" = 1 LIMIT 1 FOR UPDATE'},
        {"sql": 'SELECT "accompagnement_personne"."id" FROM "accompagnement_personne"'},
    ]
    assert ecritures(requetes) == ["auth_user", "django_session", "axes_accessattempt", "confiance_chainejournal"]


def _connecter(utilisateur) -> Client:
    client = Client()
    reponse = client.post(reverse("comptes:connexion"), {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 302 and client.session.get("_auth_user_id") == str(utilisateur.pk)
    return client


@pytest.mark.django_db
def test_les_pages_de_lecture_n_ecrivent_que_le_journal(monde):
    p, dossier = monde.personas, monde.cantal
    du, au = periode_par_defaut(timezone.localdate())
    pages = [
        (p.conseiller, reverse("accompagnement:portefeuille")),
        (p.conseiller, reverse("accompagnement:personne", args=[dossier.personne.pk])),
        (p.conseiller, reverse("accompagnement:contacts", args=[dossier.parcours.pk])),
        (p.conseiller, reverse("accompagnement:personnes") + "?q=martin"),
        (p.pilote, f"{reverse('pilotage:tableau_de_bord')}?departement=15&du={du}&au={au}"),
    ]
    clients = {u: _connecter(u) for u in {p.conseiller, p.pilote}}
    journalisees = 0
    for utilisateur, adresse in pages * 2:
        with CaptureQueriesContext(connection) as capture:
            reponse = clients[utilisateur].get(adresse)
        assert reponse.status_code == 200, adresse
        tables = ecritures(capture.captured_queries)
        assert set(tables) <= TABLES_DU_JOURNAL, (adresse, tables)
        if registre.declaration(reponse.resolver_match.view_name) is not None:
            assert tables.count("confiance_entreejournal") == 1, (adresse, tables)
            journalisees += 1
        else:
            assert tables == [], (adresse, tables)
    assert journalisees >= 6  # portefeuille, fiche et contacts au moins, deux fois
