"""Les processus de Binôme : le Procfile (``make run``) et les unités systemd de ``deploiement/`` lancent les mêmes,
et chaque commande lancée existe.

Trois processus : le serveur web (``runserver`` en développement, gunicorn en production), le travailleur
(``manage.py db_worker``) et le planificateur (``manage.py planificateur``). Aucun minuteur systemd : le
planificateur est un service. Voir docs/exploitation.md, « Processus ».
"""

import configparser
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands
from honcho.environ import parse_procfile

RACINE = Path(__file__).resolve().parents[1]
DEPLOIEMENT = RACINE / "deploiement"

# Rôle dans le Procfile → unité systemd qui tient le même rôle en production.
UNITES = {
    "web": "binome-web.service",
    "worker": "binome-travailleur.service",
    "planificateur": "binome-planificateur.service",
}
# Processus du Procfile propres au développement (aucune unité systemd), avec leur raison.
DEVELOPPEMENT_SEULEMENT = {
    "oidc": "fournisseur OpenID Connect de démonstration (ProConnect de make run), jamais déployé",
}


def _procfile() -> dict[str, list[str]]:
    procfile = parse_procfile((RACINE / "Procfile").read_text(encoding="utf-8"))
    return {nom: shlex.split(commande) for nom, commande in procfile.processes.items()}


def _unite(nom: str) -> configparser.ConfigParser:
    unite = configparser.ConfigParser(interpolation=None, strict=True)
    unite.optionxform = str  # clés systemd sensibles à la casse
    unite.read_string((DEPLOIEMENT / nom).read_text(encoding="utf-8"))
    return unite


def _commande_django(argv: list[str]) -> str | None:
    """``… manage.py <commande> …`` → ``<commande>`` ; ``None`` si ce n'est pas une commande Django."""
    for position, mot in enumerate(argv[:-1]):
        if mot.endswith("manage.py"):
            return argv[position + 1]
    return None


def _role(argv: list[str]) -> str:
    """Ce que lance une ligne de commande : une commande Django, ou l'application WSGI servie par gunicorn."""
    commande = _commande_django(argv)
    if commande in {"runserver", None}:
        if commande is None:
            assert Path(argv[0]).name == "gunicorn", argv
            assert argv[-1] == settings.WSGI_APPLICATION.rsplit(".", 1)[0], "gunicorn sert l'application du projet"
        return "serveur web"
    return commande


def test_les_unites_sont_exactement_celles_du_procfile():
    assert set(_procfile()) - set(DEVELOPPEMENT_SEULEMENT) == set(UNITES)
    assert sorted(p.name for p in DEPLOIEMENT.glob("*.service")) == sorted(UNITES.values())


def test_aucun_minuteur_ni_fichier_de_deploiement_hors_du_dossier():
    hors_du_dossier = [
        p.relative_to(RACINE)
        for motif in ("*.service", "*.timer", "gunicorn.conf.py", "*nginx*", "*.env.exemple")
        for p in RACINE.rglob(motif)
        if not {".venv", ".git", "node_modules"} & set(p.relative_to(RACINE).parts) and p.parent != DEPLOIEMENT
    ]
    assert hors_du_dossier == []
    assert list(DEPLOIEMENT.glob("*.timer")) == []


@pytest.mark.parametrize("nom", sorted(UNITES))
def test_le_procfile_et_l_unite_lancent_le_meme_processus(nom):
    unite = _unite(UNITES[nom])
    service = unite["Service"]
    argv = shlex.split(service["ExecStart"])
    assert _role(argv) == _role(_procfile()[nom])
    assert service["Restart"] == "always", "un processus arrêté est relancé"
    assert service["WorkingDirectory"] == "/srv/binome" and argv[0].startswith("/srv/binome/.venv/bin/")
    assert service["EnvironmentFile"] == "/etc/binome/binome.env"
    assert unite["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.parametrize("argv", [shlex.split(_unite(u)["Service"]["ExecStart"]) for u in UNITES.values()])
def test_chaque_unite_pointe_vers_une_commande_qui_existe(argv):
    commande = _commande_django(argv)
    if commande is not None:
        assert commande in get_commands(), f"manage.py {commande} : commande inconnue de Django"
    else:
        configuration = argv[argv.index("--config") + 1]
        assert (RACINE / configuration).is_file()


@pytest.mark.parametrize("nom", sorted(UNITES))
def test_chaque_ligne_du_procfile_pointe_vers_une_commande_qui_existe(nom):
    commande = _commande_django(_procfile()[nom])
    assert commande in get_commands(), f"Procfile {nom} : manage.py {commande} inconnue de Django"


def test_make_run_lance_le_procfile_avec_honcho():
    makefile = (RACINE / "Makefile").read_text(encoding="utf-8")
    cible = re.search(r"^run: .*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    assert "honcho start" in cible and "--procfile Procfile" in cible and "DEBUG=1" in cible
    assert re.search(r"^PORT \?= 8000$", makefile, re.MULTILINE)
    assert _procfile()["web"][-1] == "127.0.0.1:$PORT"


def test_le_fichier_d_environnement_d_exemple_ne_porte_aucun_secret():
    lignes = (DEPLOIEMENT / "binome.env.exemple").read_text(encoding="utf-8").splitlines()
    valeurs = dict(ligne.split("=", 1) for ligne in lignes if ligne and not ligne.startswith("#"))
    assert {"DATABASE_URL", "SECRET_KEY", "JOURNAL_CLE", "EMAIL_HOST", "ALLOWED_HOSTS"} <= set(valeurs)
    assert valeurs["DEBUG"] == "0"
    for secret in ("SECRET_KEY", "JOURNAL_CLE", "EMAIL_HOST_PASSWORD"):
        assert "remplacer" in valeurs[secret]
    # Chaque variable de l'exemple est lue par les réglages : une faute de frappe n'y resterait pas inaperçue.
    reglages = (RACINE / "binome" / "settings.py").read_text(encoding="utf-8")
    inconnues = [nom for nom in valeurs if f'"{nom}"' not in reglages]
    assert inconnues == []


# --- Plusieurs machines (issue 17, « Échelle ») : docs/exploitation.md, « Topologie de production » ---------------


def _gunicorn(monkeypatch, **variables) -> dict:
    import runpy

    monkeypatch.delenv("GUNICORN_MANDATAIRES", raising=False)
    for nom, valeur in variables.items():
        monkeypatch.setenv(nom, valeur)
    return runpy.run_path(str(DEPLOIEMENT / "gunicorn.conf.py"))


def test_gunicorn_journal_sans_chaine_de_requete_et_mandataires_reglables(monkeypatch):
    reglages = _gunicorn(monkeypatch)
    assert "%(U)s" in reglages["access_log_format"]
    for atome in ("%(r)s", "%(q)s", "%(f)s"):
        assert atome not in reglages["access_log_format"]
    assert reglages["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert reglages["workers"] >= 2
    assert _gunicorn(monkeypatch, GUNICORN_MANDATAIRES="10.0.0.10")["forwarded_allow_ips"] == "10.0.0.10"


def _nginx() -> str:
    return (DEPLOIEMENT / "nginx-binome.conf.exemple").read_text(encoding="utf-8")


def test_nginx_repartit_entre_plusieurs_serveurs_d_application():
    texte = _nginx()
    amont = re.search(r"^upstream (\w+) \{\n((?:.*\n)*?)\}", texte, re.MULTILINE)
    assert amont, "un amont nommé"
    serveurs = re.findall(r"^\s*server ([\w.:-]+)", amont.group(2), re.MULTILINE)
    assert len(serveurs) >= 2 and len(set(serveurs)) == len(serveurs)
    assert re.search(rf"^\s*proxy_pass http://{amont.group(1)};", texte, re.MULTILINE)
    for entete in ("Host $host", "X-Forwarded-For $proxy_add_x_forwarded_for", "X-Forwarded-Proto $scheme"):
        assert re.search(rf"^\s*proxy_set_header {re.escape(entete)};", texte, re.MULTILINE), entete
    assert "X-Forwarded-Host" in texte


def test_nginx_journal_sans_chaine_de_requete_ni_referent():
    formats = re.findall(r"^log_format \w+ ((?:'[^']*'\s*)+);", _nginx(), re.MULTILINE)
    assert len(formats) == 1 and "$uri" in formats[0]
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer", "$arg_"):
        assert variable not in formats[0], variable


def test_l_exemple_d_environnement_annonce_les_reglages_de_l_echelle():
    lignes = (DEPLOIEMENT / "binome.env.exemple").read_text(encoding="utf-8").splitlines()
    commentees = dict(ligne[1:].split("=", 1) for ligne in lignes if re.match(r"^#[A-Z_]+=", ligne))
    assert {"DATABASE_REPLICA_URL", "DB_RESERVE_TAILLE", "DERRIERE_PROXY", "GUNICORN_MANDATAIRES"} <= set(commentees)
    lues = (RACINE / "binome" / "settings.py").read_text(encoding="utf-8") + (
        DEPLOIEMENT / "gunicorn.conf.py"
    ).read_text(encoding="utf-8")
    assert [nom for nom in commentees if f'"{nom}"' not in lues] == []
    assert "remplacer" in commentees["DATABASE_REPLICA_URL"]


def test_la_ci_pose_ci_pour_que_le_test_du_replica_ne_soit_jamais_ignore():
    script = (RACINE / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r'^export CI="\$\{CI:-true\}"$', script, re.MULTILINE)
    assert script.index("export CI=") < script.index("\nmake test")


# --- Test de charge (``benchmark_charge`` et ``deploiement/charge/locustfile.py``) : sans le lancer ---------------


def _plan_de_charge():
    from types import SimpleNamespace

    from binome.pilotage.management.commands.benchmark_charge import Command

    comptes = {"conseiller": SimpleNamespace(email="c@x"), "pilote": SimpleNamespace(email="p@x"), "dossiers": []}
    return Command._plan(comptes, "75", clients=50, duree=60, repere="/tmp/repere.json")


def test_le_melange_de_charge_couvre_les_cinq_pages_et_le_serveur_les_reconnait():
    from binome.pilotage.management.commands.benchmark_charge import LOCUSTFILE, Command

    texte = LOCUSTFILE.read_text(encoding="utf-8")
    pages = set(re.findall(r'self\.lire\(PLAN\[.*?, "([^"]+)"\)', texte))
    assert pages == {"portefeuille", "fiche personne", "contacts", "recherche de personne", "tableau de bord"}
    assert "connexion" not in " ".join(pages)
    plan = _plan_de_charge()
    classer = Command.classeur(plan)
    chemins = {
        plan["portefeuille"]: "portefeuille",
        plan["fiche"].format(12): "fiche personne",
        plan["contacts"].format(34): "contacts",
        plan["recherche"].split("?")[0]: "recherche de personne",
        plan["tableau_de_bord"].split("?")[0]: "tableau de bord",
        "/connexion/": None,
        plan["fiche"].format(12) + "modifier/": None,
    }
    assert {chemin: classer(chemin) for chemin in chemins} == chemins


def test_durees_cote_serveur_lues_dans_le_journal_d_acces(tmp_path):
    from binome.pilotage.management.commands import benchmark_charge as charge

    plan = _plan_de_charge()
    journal = tmp_path / "acces.log"
    lignes = [f"/connexion/ 302 {900_000 + i}" for i in range(50)]  # argon2 : hors mesure
    lignes += [f"{plan['portefeuille']} 200 {ms * 1000}" for ms in range(1, 101)]
    lignes += [f"{plan['fiche'].format(7)} 200 40000", "ligne illisible"]
    journal.write_text("\n".join(lignes), encoding="utf-8")
    durees = charge.durees_serveur(journal, charge.Command.classeur(plan))
    assert durees["requetes"] == 101
    assert durees["pages"]["portefeuille"] == {"requetes": 100, "p50_ms": 50.5, "p95_ms": 95.0}
    assert durees["pages"]["fiche personne"]["p50_ms"] == 40.0
    assert charge.durees_serveur(tmp_path / "acces.log", lambda chemin: None)["requetes"] == 0
    commande = charge.commande_gunicorn(8123, 2, threads=4, journal_acces=str(journal))
    assert (
        commande[commande.index("--worker-class") + 1] == "gthread"
        and commande[commande.index("--threads") + 1] == "4"
    )
    assert commande[commande.index("--access-logformat") + 1] == charge.FORMAT_JOURNAL_ACCES == "%(U)s %(s)s %(D)s"
    assert "--threads" not in charge.commande_gunicorn(8123, 2)


def test_les_compteurs_des_connexions_remis_a_zero_sont_omis(tmp_path):
    from binome.pilotage.management.commands.benchmark_charge import lire_resultats

    (tmp_path / "locust_stats.csv").write_text(
        "Type,Name,Request Count,Failure Count,Requests/s,50%,95%\n"
        "POST,connexion,0,0,0.0,N/A,N/A\nGET,portefeuille,300,0,10.0,40,90\n,Aggregated,300,0,10.0,40,90\n",
        encoding="utf-8",
    )
    assert set(lire_resultats(str(tmp_path / "locust"))["pages"]) == {"portefeuille"}
