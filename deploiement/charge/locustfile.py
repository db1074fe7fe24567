"""Test de charge borné de Binôme (issue 17) : pages mixtes authentifiées, lancé par ``manage.py benchmark_charge``.

Le plan (fichier JSON nommé par ``BINOME_CHARGE_PLAN``, écrit par la commande) donne les comptes de mesure (connexion
par mot de passe, sans double facteur), les dossiers et les adresses des tableaux de bord. Chaque utilisateur simulé
se connecte une fois par le formulaire, puis enchaîne les pages sans temps d'attente (débit maximal du serveur).
Cible : ``--host http://127.0.0.1:PORT`` seulement (boucle locale).
"""

import json
import os
import random
import re

from locust import HttpUser, task

PLAN = json.loads(open(os.environ["BINOME_CHARGE_PLAN"], encoding="utf-8").read())  # noqa: SIM115
JETON = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Connecte(HttpUser):
    abstract = True
    compte = ""

    def on_start(self):
        page = self.client.get("/connexion/", name="connexion (formulaire)")
        jeton = JETON.search(page.text)
        donnees = {"username": PLAN["comptes"][self.compte], "password": PLAN["mot_de_passe"]}
        donnees["csrfmiddlewaretoken"] = jeton.group(1) if jeton else ""
        with self.client.post("/connexion/", data=donnees, name="connexion", catch_response=True) as reponse:
            if "sessionid" not in self.client.cookies:
                reponse.failure("connexion refusée")


class Conseiller(_Connecte):
    """Les pages du quotidien : portefeuille, fiche, contacts, recherche de personne."""

    weight = 9
    compte = "conseiller"

    @task(3)
    def portefeuille(self):
        self.client.get(PLAN["portefeuille"], name="portefeuille")

    @task(2)
    def fiche(self):
        personne = random.choice(PLAN["dossiers"])[1]
        self.client.get(PLAN["fiche"].format(personne), name="fiche personne")

    @task(2)
    def contacts(self):
        parcours = random.choice(PLAN["dossiers"])[0]
        self.client.get(PLAN["contacts"].format(parcours), name="contacts")

    @task(2)
    def recherche(self):
        self.client.get(PLAN["recherche"], name="recherche de personne")


class Pilote(_Connecte):
    """Le tableau de bord départemental."""

    weight = 1
    compte = "pilote"

    @task
    def tableau_de_bord(self):
        self.client.get(PLAN["tableau_de_bord"], name="tableau de bord")
