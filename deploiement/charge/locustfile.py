"""Test de charge borné de Binôme (issue 17) : pages mixtes authentifiées, lancé par ``manage.py benchmark_charge``.

Le plan (fichier JSON nommé par ``BINOME_CHARGE_PLAN``, écrit par la commande) donne les comptes de mesure (connexion
par mot de passe, sans double facteur), les dossiers, les adresses, le nombre de clients et la durée de la mesure.

Deux temps : chaque utilisateur simulé se connecte une fois par le formulaire (``on_start``), puis attend que tous
le soient. Alors seulement les compteurs sont remis à zéro, le fichier ``repere`` du plan est écrit (la commande y
prend son premier relevé de processeur) et la mesure dure ``duree`` secondes : les connexions (argon2, coûteuses
exprès) ne comptent ni dans le débit ni dans les centiles, qui ne portent que sur les pages. Pages enchaînées sans
temps d'attente (débit maximal du serveur). Cible : ``--host http://127.0.0.1:PORT`` seulement (boucle locale).
"""

import json
import os
import random
import re
import time

import gevent
from gevent.event import Event
from locust import HttpUser, task

PLAN = json.loads(open(os.environ["BINOME_CHARGE_PLAN"], encoding="utf-8").read())  # noqa: SIM115
JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

_connectes = {"nombre": 0, "refusees": 0}
_tous_connectes = Event()


def _ouvrir_la_mesure(environment) -> None:
    """Tous connectés : compteurs à zéro, repère pour la commande, fin programmée après ``duree`` secondes."""
    environment.stats.reset_all()
    with open(PLAN["repere"], "w", encoding="utf-8") as fichier:
        json.dump({"debut": time.time(), "connexions_refusees": _connectes["refusees"]}, fichier)
    gevent.spawn_later(PLAN["duree"], environment.runner.quit)
    _tous_connectes.set()


class _Connecte(HttpUser):
    abstract = True
    compte = ""

    def on_start(self):
        try:
            self._connecter()
        finally:
            _connectes["nombre"] += 1
            if _connectes["nombre"] == PLAN["clients"]:
                _ouvrir_la_mesure(self.environment)
        _tous_connectes.wait()

    def _connecter(self):
        page = self.client.get("/connexion/", name="connexion (formulaire)")
        jeton = JETON.search(page.text)
        donnees = {"username": PLAN["comptes"][self.compte], "password": PLAN["mot_de_passe"]}
        donnees["csrfmiddlewaretoken"] = jeton.group(1) if jeton else ""
        with self.client.post("/connexion/", data=donnees, name="connexion", catch_response=True) as reponse:
            if "sessionid" not in self.client.cookies:
                _connectes["refusees"] += 1
                reponse.failure("connexion refusée")

    def lire(self, adresse: str, nom: str) -> None:
        """Une page : erreur si elle n'est pas servie telle quelle (renvoi vers la connexion compris)."""
        with self.client.get(adresse, name=nom, catch_response=True, allow_redirects=False) as reponse:
            if reponse.status_code != 200:
                reponse.failure(f"statut {reponse.status_code}")


class Conseiller(_Connecte):
    """Les pages du quotidien : portefeuille, fiche, contacts, recherche de personne."""

    weight = 9
    compte = "conseiller"

    @task(3)
    def portefeuille(self):
        self.lire(PLAN["portefeuille"], "portefeuille")

    @task(2)
    def fiche(self):
        personne = random.choice(PLAN["dossiers"])[1]
        self.lire(PLAN["fiche"].format(personne), "fiche personne")

    @task(2)
    def contacts(self):
        parcours = random.choice(PLAN["dossiers"])[0]
        self.lire(PLAN["contacts"].format(parcours), "contacts")

    @task(2)
    def recherche(self):
        self.lire(PLAN["recherche"], "recherche de personne")


class Pilote(_Connecte):
    """Le tableau de bord départemental."""

    weight = 1
    compte = "pilote"

    @task
    def tableau_de_bord(self):
        self.lire(PLAN["tableau_de_bord"], "tableau de bord")
