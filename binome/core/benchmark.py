"""Outils communs des commandes de mesure (``benchmark_ressources``, ``benchmark_stats``).

Une mesure se fait par défaut dans une base dédiée, jamais dans la base de travail : la commande se relance
elle-même dans un sous-processus avec ``DATABASE_URL`` pointant sur cette base (SQLite temporaire par défaut),
après ``migrate``.
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def base_mesuree(connexion=None) -> str:
    """La ligne d'en-tête de chaque mesure : moteur, version et hôte de la base mesurée (jamais d'identifiants).

    ``make benchmark`` mesure la base que nomme ``DATABASE_URL`` (issue 17) : cette ligne le prouve à la lecture.
    """
    from django.db import connection

    connexion = connexion or connection
    reglages = connexion.settings_dict
    with connexion.cursor() as curseur:
        if connexion.vendor == "postgresql":
            curseur.execute("SHOW server_version")
            version = curseur.fetchone()[0].split()[0]
            hote = f"{reglages.get('HOST') or 'socket locale'}:{reglages.get('PORT') or 5432}"
            return _("Base mesurée : PostgreSQL %(v)s, hôte %(h)s, base %(b)s") % {
                "v": version,
                "h": hote,
                "b": reglages["NAME"],
            }
        if connexion.vendor == "sqlite":
            curseur.execute("SELECT sqlite_version()")
            return _("Base mesurée : SQLite %(v)s, hôte %(h)s, fichier %(b)s") % {
                "v": curseur.fetchone()[0],
                "h": socket.gethostname(),
                "b": reglages["NAME"],
            }
    return _("Base mesurée : %(m)s, hôte %(h)s") % {"m": connexion.vendor, "h": reglages.get("HOST") or "?"}


def arguments_transmis(options: dict, valeurs: list[str], drapeaux: list[str]) -> list[str]:
    """Options de la commande à transmettre telles quelles au sous-processus."""
    arguments = []
    for nom in valeurs:
        arguments += [f"--{nom.replace('_', '-')}", str(options[nom])]
    arguments += [f"--{nom.replace('_', '-')}" for nom in drapeaux if options[nom]]
    return arguments


def mesurer_dans_base_dediee(*, commande: str, arguments: list[str], base_dediee: str, stdout) -> None:
    """Migre la base dédiée puis y lance ``commande --base-courante <arguments>``, en relayant sa sortie."""
    with tempfile.TemporaryDirectory(prefix=f"binome-{commande}-") as dossier:
        url = base_dediee or f"sqlite:///{Path(dossier) / 'benchmark.sqlite3'}"
        env = {**os.environ, "DATABASE_URL": url}
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        # Sans identifiants : seule la partie après « @ » de l'URL est affichée.
        stdout.write(_("Base dédiée : %(u)s") % {"u": url.split("@")[-1]})
        etapes = [
            [*manage, "migrate", "--noinput", "-v", "0"],
            [*manage, commande, "--base-courante", *arguments],
        ]
        for etape in etapes:
            resultat = subprocess.run(etape, env=env, stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
            stdout.write(resultat.stdout, ending="")
            if resultat.returncode != 0:
                raise CommandError(_("Échec de l'étape : %(c)s") % {"c": " ".join(etape[1:3])})


# --- Mesures (issue 17) : percentiles, plancher SQL, pages HTTP, benchmark.json -------------------------------------


def percentile(valeurs, rang: float) -> float:
    """Centile ``rang`` (0 à 100) par interpolation linéaire entre les deux valeurs encadrantes (« inclusive »)."""
    tries = sorted(valeurs)
    if not tries:
        raise ValueError("percentile d'une liste vide")
    position = (len(tries) - 1) * rang / 100
    bas = int(position)
    haut = min(bas + 1, len(tries) - 1)
    return tries[bas] + (tries[haut] - tries[bas]) * (position - bas)


def resume(durees_ms) -> dict:
    """p50, p95, minimum et maximum (ms, arrondis au centième) d'une série de durées."""
    return {
        "n": len(durees_ms),
        "p50": round(percentile(durees_ms, 50), 2),
        "p95": round(percentile(durees_ms, 95), 2),
        "min": round(min(durees_ms), 2),
        "max": round(max(durees_ms), 2),
    }


def _chronometrer(fonction, repetitions: int) -> list[float]:
    durees = []
    for _i in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return durees


_CONTROLE_TRANSACTION = ("SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT")


def capturer_sql(fonction) -> list[str]:
    """Les requêtes SQL (texte complet, paramètres compris) qu'exécute ``fonction``, hors contrôle transactionnel."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as capture:
        fonction()
    return [
        q["sql"] for q in capture.captured_queries if not q["sql"].lstrip().upper().startswith(_CONTROLE_TRANSACTION)
    ]


def rejouer_sql(requetes: list[str]) -> int:
    """Rejoue ``requetes`` en SQL brut (curseur de la base, lignes lues), dans une transaction annulée.

    Les écritures (session, journal des accès) passent chacune dans un point de sauvegarde : une écriture refusée
    au rejeu (ligne déjà insérée par la page) est comptée et n'interrompt pas les suivantes. Rend ce compte."""
    from django.db import DatabaseError, connection, transaction

    refusees = 0
    with transaction.atomic(), connection.cursor() as curseur:
        for sql in requetes:
            if sql.lstrip().upper().startswith(("SELECT", "WITH", "PRAGMA", "EXPLAIN")):
                curseur.execute(sql)
                curseur.fetchall()
                continue
            try:
                with transaction.atomic():
                    curseur.execute(sql)
            except DatabaseError:
                refusees += 1
        transaction.set_rollback(True)
    return refusees


def plancher_sql(requetes: list[str], repetitions: int) -> dict:
    """Le plancher : les mêmes requêtes rejouées seules, ``repetitions`` fois (après un rejeu d'échauffement)."""
    refusees = rejouer_sql(requetes)
    plancher = resume(_chronometrer(lambda: rejouer_sql(requetes), repetitions))
    return {**plancher, "requetes": len(requetes), "ecritures_refusees": refusees}


def mesurer(fonction, *, libelle: str, repetitions: int, genre: str = "fonction", **details) -> dict:
    """Mesure ``fonction`` (p50/p95 sur ``repetitions`` après échauffement), son plancher SQL et le ratio des p50.

    La même fonction sert aux fonctions Python et aux pages HTTP (``mesurer_page``)."""
    fonction()  # échauffement (caches de la base, des gabarits et du système)
    requetes = capturer_sql(fonction)
    temps = resume(_chronometrer(fonction, repetitions))
    plancher = plancher_sql(requetes, repetitions)
    ratio = round(temps["p50"] / plancher["p50"], 1) if plancher["p50"] > 0 else None
    return {"libelle": libelle, "genre": genre, **details, "temps": temps, "plancher_sql": plancher, "ratio": ratio}


def client_connecte(utilisateur):
    """Un client de test Django connecté sous ``utilisateur`` (session ouverte sans double facteur)."""
    from django.test import Client

    hotes = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    client = Client(HTTP_HOST=hotes[0] if hotes else "testserver")
    client.force_login(utilisateur)
    return client


def mesurer_page(client, url: str, *, libelle: str, repetitions: int, objectif: str = "") -> dict:
    """Mesure une page par le client de test : temps serveur (sans réseau), plancher SQL de la page, ratio."""
    secure = settings.SECURE_SSL_REDIRECT

    def charger():
        reponse = client.get(url, secure=secure)
        if reponse.status_code != 200:
            raise CommandError(_("%(u)s : réponse %(s)s") % {"u": url, "s": reponse.status_code})
        return reponse

    mesure = mesurer(charger, libelle=libelle, repetitions=repetitions, genre="page", url=url.split("?")[0])
    mesure["objectif"] = objectif
    return mesure


def mesurer_export(client, url: str, *, libelle: str, repetitions: int, objectif: str = "") -> dict:
    """Mesure un export **lu jusqu'au bout** (réponse en flux consommée) : temps serveur, plancher SQL (le ``SELECT``
    du curseur serveur rejoué, ``sans_curseur_serveur``), ratio, nombre de lignes et lignes/s."""
    secure = settings.SECURE_SSL_REDIRECT
    tailles = []

    def charger():
        reponse = client.get(url, secure=secure)
        if reponse.status_code != 200:
            raise CommandError(_("%(u)s : réponse %(s)s") % {"u": url, "s": reponse.status_code})
        contenu = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
        tailles.append(len(contenu))
        return contenu

    contenu = charger()  # échauffement
    requetes = sans_curseur_serveur(capturer_sql(charger))
    temps = resume(_chronometrer(charger, repetitions))
    plancher = plancher_sql(requetes, repetitions)
    ratio = round(temps["p50"] / plancher["p50"], 1) if plancher["p50"] > 0 else None
    lignes = _lignes_de_l_export(contenu)
    return {
        "libelle": libelle,
        "genre": "export",
        "url": url.split("?")[0],
        "objectif": objectif,
        "temps": temps,
        "plancher_sql": plancher,
        "ratio": ratio,
        "lignes": lignes,
        "octets": tailles[-1],
        "lignes_par_s": round(lignes / (temps["p50"] / 1000)) if temps["p50"] > 0 else None,
    }


def _lignes_de_l_export(contenu: bytes) -> int:
    """Lignes de données d'un export : CSV (en-tête ôté) ou classeur XLSX (en-tête ôté)."""
    if contenu[:2] == b"PK":
        import io

        from openpyxl import load_workbook

        # Écrit en mode « write-only » : pas de dimension enregistrée, on compte les lignes de la plus longue feuille
        # (les données ; la notice est courte).
        classeur = load_workbook(io.BytesIO(contenu), read_only=True)
        return max(max(sum(1 for _ligne in feuille.iter_rows()) - 1, 0) for feuille in classeur.worksheets)
    return max(contenu.count(b"\n") - 1, 0)


def machine() -> dict:
    """La machine de la mesure : cœurs, mémoire, hôte, système, Python, date (UTC)."""
    import datetime
    import platform

    memoire = 0
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as fichier:
        for ligne in fichier:
            if ligne.startswith("MemTotal:"):
                memoire = int(ligne.split()[1]) // 1024
    return {
        "coeurs": os.cpu_count(),
        "memoire_mio": memoire,
        "hote": socket.gethostname(),
        "systeme": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def ligne_lisible(mesure: dict) -> str:
    t, p = mesure["temps"], mesure["plancher_sql"]
    ratio = "—" if mesure["ratio"] is None else f"{mesure['ratio']:.1f}×"
    return (
        f"  {mesure['libelle'][:58]:<58} {t['p50']:8.1f} {t['p95']:8.1f} {p['p50']:8.1f} {p['requetes']:5d} {ratio:>7}"
    )


def entete_lisible() -> str:
    return "  " + f"{_('Mesure'):<58} {'p50':>8} {'p95':>8} {_('SQL p50'):>8} {_('req.'):>5} {_('ratio'):>7}"


def tableau_lisible(mesures: list[dict]) -> str:
    """Le tableau imprimé : une ligne par mesure (ms), p50 et p95 du temps, p50 du plancher SQL, requêtes, ratio."""
    return "\n".join([entete_lisible(), *(ligne_lisible(m) for m in mesures)])


CHEMIN_JSON = "benchmark.json"


def ecrire_json(section: str, contenu: dict, *, chemin: str = CHEMIN_JSON, connexion=None) -> dict:
    """Écrit (ou complète) ``benchmark.json`` : une section par commande, chacune avec sa base mesurée ; la machine.

    Les sections déjà écrites par les autres commandes du même passage sont gardées (``make benchmark`` efface le
    fichier au départ) ; rend le document écrit."""
    import json

    document = {}
    with contextlib.suppress(OSError, ValueError):
        document = json.loads(Path(chemin).read_text(encoding="utf-8"))
    base = base_mesuree(connexion)
    document.update({"base": base, "machine": machine()})
    document.setdefault("sections", {})[section] = {"base": base, **contenu}
    Path(chemin).write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return document


def chemin_absolu(chemin: str) -> Path:
    return Path(chemin).resolve()


# --- Les objectifs de l'issue 17 : valeur mesurée, objectif, écart ---------------------------------------------------

PETITE_PAGE = "petite_page"
ANNUAIRE = "annuaire"
TABLEAU_DEPARTEMENT = "tableau_departement"
TABLEAU_NATIONAL = "tableau_national"
EXPORT_CSV = "export_csv"  # CSV ≤ 2 × son SQL
EXPORT_XLSX = "export_xlsx"  # lignes/s rapportées (pas de plafond dans l'issue)
_PLAFONDS = {  # objectif → (percentile comparé, plafond en ms)
    ANNUAIRE: ("p95", 50.0),
    TABLEAU_DEPARTEMENT: ("p50", 300.0),
    TABLEAU_NATIONAL: ("p50", 1000.0),
}
_HORS_MESURE = [
    gettext_lazy("Vue équipe, portefeuille : constant en taille du périmètre"),
    gettext_lazy("Exports (CSV, XLSX, FSE+) : en flux, mémoire bornée"),
    gettext_lazy("import_parcours : 100 000 lignes ≤ 60 s"),
]


def _ligne_objectif(libelle, valeur, objectif, ecart, atteint) -> dict:
    return {"mesure": libelle, "valeur": valeur, "objectif": objectif, "ecart": ecart, "atteint": atteint}


def _objectifs_pages(mesures: list[dict]) -> list[dict]:
    lignes = []
    for m in mesures:
        cle = m.get("objectif")
        if cle == PETITE_PAGE:
            plafond = 3 * m["plancher_sql"]["p50"] + 10
            valeur, nom = m["temps"]["p50"], "p50"
            texte = f"p50 ≤ 3 × {m['plancher_sql']['p50']:.1f} + 10 = {plafond:.1f} ms"
        elif cle in _PLAFONDS:
            nom, plafond = _PLAFONDS[cle]
            valeur, texte = m["temps"][nom], f"{nom} ≤ {plafond:.0f} ms"
        elif cle == EXPORT_CSV and m["ratio"] is not None:
            sql = m["plancher_sql"]["p50"]
            valeur = f"{m['ratio']:.1f}× ({m['temps']['p50']:.0f} ms)"
            texte = _("≤ 2 × son SQL (%(s).0f ms), %(n)s lignes") % {"s": sql, "n": m["lignes"]}
            ecart = f"{m['temps']['p50'] - 2 * sql:+.0f} ms"
            lignes.append(_ligne_objectif(m["libelle"], valeur, texte, ecart, m["ratio"] <= 2))
            continue
        elif cle == EXPORT_XLSX:
            valeur = _("%(v)s lignes/s") % {"v": m["lignes_par_s"]}
            texte = _("lignes/s rapportées (%(n)s lignes)") % {"n": m["lignes"]}
            lignes.append(_ligne_objectif(m["libelle"], valeur, texte, "—", None))
            continue
        else:
            continue
        ecart = f"{valeur - plafond:+.1f} ms ({valeur / plafond:.1f}×)"
        ligne = _ligne_objectif(m["libelle"], f"{nom} {valeur:.1f} ms", texte, ecart, valeur <= plafond)
        lignes.append({**ligne, "cle": cle, "seuil_ms": round(plafond, 1), "mesure_ms": valeur})
    return lignes


def _bilan_petites_pages(lignes: list[dict]) -> list[dict]:
    """Une ligne de synthèse de l'objectif « petite page » : pages atteintes sur mesurées, la plus éloignée de son
    seuil (p50 / seuil), atteint si toutes le sont."""
    petites = [ligne for ligne in lignes if ligne.get("cle") == PETITE_PAGE]
    if not petites:
        return []
    pire = max(petites, key=lambda ligne: ligne["mesure_ms"] / ligne["seuil_ms"])
    atteintes = sum(1 for ligne in petites if ligne["atteint"])
    libelle = _("Petites pages : %(a)s atteintes sur %(n)s") % {"a": atteintes, "n": len(petites)}
    valeur = _("pire : %(r).1f× seuil") % {"r": pire["mesure_ms"] / pire["seuil_ms"]}
    texte = _("p50 ≤ 3 × SQL p50 + 10 ms, chacune")
    return [_ligne_objectif(libelle, valeur, texte, pire["mesure"][:22], atteintes == len(petites))]


def _objectifs_charge(charge: dict) -> list[dict]:
    libelle = _("Charge mixte, %(c)s clients, %(d)s s") % {"c": charge["clients"], "d": charge["duree_s"]}
    rps, erreurs, p95 = charge["requetes_par_s"], charge["erreurs"], charge["p95_ms"]
    return [
        _ligne_objectif(libelle, f"{rps:.1f} req/s", "≥ 150 req/s", f"{rps - 150:+.1f} req/s", rps >= 150),
        _ligne_objectif(libelle, f"{erreurs} erreurs", "0 erreur", f"{erreurs:+d}", erreurs == 0),
        _ligne_objectif(libelle, f"p95 {p95:.0f} ms", "p95 ≤ 100 ms", f"{p95 - 100:+.0f} ms", p95 <= 100),
    ]


def objectifs(document: dict) -> list[dict]:
    """Une ligne par objectif de l'issue 17 que couvrent les sections de ``document`` (``benchmark.json``)."""
    lignes = []
    sections = document.get("sections", {})
    for section in sections.values():
        lignes += _objectifs_pages(section.get("mesures", []))
    lignes += _bilan_petites_pages(lignes)
    if "benchmark_charge" in sections:
        lignes += _objectifs_charge(sections["benchmark_charge"])
    for section in sections.values():
        lignes += section.get("objectifs", [])  # évalués par leur commande (benchmark_import)
    hors = [h for h in _HORS_MESURE if "benchmark_import" not in sections or "import_parcours" not in str(h)]
    lignes += [_ligne_objectif(libelle, "—", _("hors de make benchmark (tests)"), "—", None) for libelle in hors]
    return lignes


def tableau_objectifs(document: dict) -> str:
    """Le tableau des objectifs : mesure, valeur mesurée, objectif, écart, atteint (oui / NON / —)."""
    etats = {True: _("oui"), False: _("NON"), None: "—"}
    lignes = [_("Objectifs de l'issue 17 (%(b)s) :") % {"b": document.get("base", "?")}]
    lignes.append(f"  {_('Mesure'):<52} {_('Valeur'):<18} {_('Objectif'):<34} {_('Écart'):<22} {_('Atteint')}")
    for o in objectifs(document):
        debut = f"  {o['mesure'][:52]:<52} {o['valeur']:<18} {o['objectif'][:34]:<34}"
        lignes.append(f"{debut} {o['ecart']:<22} {etats[o['atteint']]}")
    return "\n".join(lignes)


# --- Plancher SQL des exports en flux (issue 17, poste h6) -----------------------------------------------------------
_CURSEUR_SERVEUR = re.compile(r'^\s*DECLARE\s+"[^"]+"\s+.*?\bCURSOR\b.*?\bFOR\s+', re.IGNORECASE | re.DOTALL)


def sans_curseur_serveur(requetes: list[str]) -> list[str]:
    """Les requêtes d'un export lu par ``QuerySet.iterator()`` sur PostgreSQL, telles que le plancher les rejoue.

    Django y ouvre un curseur nommé (``DECLARE "…" NO SCROLL CURSOR WITH HOLD FOR SELECT …``, puis des ``FETCH`` non
    capturés) : ``rejouer_sql`` ne rejouerait pas le ``DECLARE``, et le plancher serait nul. On rejoue le ``SELECT``
    lui-même, toutes ses lignes lues : le temps de la base et du transfert, sans Python autour."""
    return [_CURSEUR_SERVEUR.sub("", sql, count=1) for sql in requetes]
