# Binôme — deux commandes : `make run` et `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installe

.PHONY: run test installer base lint pytest pytest-navigateur benchmark benchmark-charge nettoyer

$(STAMP): requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 ou plus récent est nécessaire.") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/dev.txt
	touch $(STAMP)

installer: $(STAMP)

## Base prête : migrations, référentiels et données de démonstration (idempotent).
base: $(STAMP)
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 $(MANAGE) charger_referentiels
	DEBUG=1 $(MANAGE) demo

## make run : installe, prépare la base, puis lance les processus du Procfile avec honcho — le serveur web sur
## http://127.0.0.1:8000 (autre port : make run PORT=8060), le travailleur (db_worker), le planificateur et le
## fournisseur OpenID de démonstration. Ctrl-C les arrête tous.
## ProConnect de démonstration : le fournisseur OpenID de test du Procfile (processus « oidc », port 9400), sauf si
## PROCONNECT_ISSUER est déjà fixé dans l'environnement ; il sert aussi FranceConnect pour l'espace de la personne
## (client « binome-franceconnect » ; la portée « profile » lui fait rendre noms et date de naissance).
PORT ?= 8000
PROCONNECT_ISSUER ?= http://127.0.0.1:9400
PROCONNECT_CLIENT_ID ?= binome-demo
PROCONNECT_CLIENT_SECRET ?= secret-de-demonstration
FRANCECONNECT_ISSUER ?= http://127.0.0.1:9400
FRANCECONNECT_CLIENT_ID ?= binome-franceconnect
FRANCECONNECT_CLIENT_SECRET ?= secret-de-demonstration-franceconnect
FRANCECONNECT_SCOPES ?= openid profile given_name family_name birthdate birthplace birthcountry gender
run: base
	DEBUG=1 PROCONNECT_ISSUER=$(PROCONNECT_ISSUER) PROCONNECT_CLIENT_ID=$(PROCONNECT_CLIENT_ID) \
	PROCONNECT_CLIENT_SECRET=$(PROCONNECT_CLIENT_SECRET) \
	FRANCECONNECT_ISSUER=$(FRANCECONNECT_ISSUER) FRANCECONNECT_CLIENT_ID=$(FRANCECONNECT_CLIENT_ID) \
	FRANCECONNECT_CLIENT_SECRET=$(FRANCECONNECT_CLIENT_SECRET) FRANCECONNECT_SCOPES="$(FRANCECONNECT_SCOPES)" \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

## make test : toute la barrière qualité (lint, migrations, tests).
test: $(STAMP) lint pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/djlint templates binome --lint
	$(MANAGE) makemigrations --check --dry-run --settings=binome.settings_test

## Tests en parallèle (pytest-xdist : un worker par cœur, chaque test au premier worker libre) et en ordre
## aléatoire (pytest-randomly : la graine est affichée en tête, « Using --randomly-seed=N »).
## Rejouer un ordre : make pytest PYTEST_ARGS="--randomly-seed=N" ; ordre du dépôt : PYTEST_ARGS="-p no:randomly" ;
## sans parallélisme : PYTEST_PARALLELE= (voir docs/exploitation.md).
PYTEST_PARALLELE ?= -n auto --dist load

pytest: $(STAMP)
	$(BIN)/pytest $(PYTEST_PARALLELE) $(PYTEST_ARGS)

## Mesures de performance (voir docs/exploitation.md) : DEBUG faux, donc des secrets jetables et un backend de
## courriel explicite (en mémoire : les mesures n'envoient rien, et la production exige sinon EMAIL_HOST).
CLE_JETABLE = $$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')
SANS_ENVOI = EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
## Base mesurée : celle que nomme DATABASE_URL si elle est fixée (les données générées y sont supprimées à la fin),
## sinon une base SQLite temporaire ; chaque mesure imprime en tête le moteur, la version et l'hôte mesurés.
## Petite taille : make benchmark BENCHMARK_ARGS_STATS="--parcours 2000" BENCHMARK_ARGS_RESSOURCES="--services 500"
## BENCHMARK_ARGS_IMPORT="--lignes 10000" (import_parcours : 100 000 lignes au préréglage national).
BASE_MESUREE = $(if $(DATABASE_URL),--base-dediee '$(DATABASE_URL)',)
## Préréglage de volume : make benchmark BENCHMARK_PREREGLAGE=moyen (national par défaut ; departemental, moyen, petit).
## Pages rendues sans manifeste des fichiers statiques (STATIC_MANIFESTE=0 : pas de collectstatic pour mesurer).
## Sorties : le tableau lisible et benchmark.json (effacé au départ, une section par commande).
BENCHMARK_PREREGLAGE ?= national
MESURE_ENV = SECRET_KEY=$(CLE_JETABLE) JOURNAL_CLE=$(CLE_JETABLE) $(SANS_ENVOI) STATIC_MANIFESTE=0
benchmark: $(STAMP)
	rm -f benchmark.json
	$(MESURE_ENV) $(MANAGE) benchmark_ressources $(BASE_MESUREE) --prereglage $(BENCHMARK_PREREGLAGE) $(BENCHMARK_ARGS_RESSOURCES)
	$(MESURE_ENV) $(MANAGE) benchmark_stats $(BASE_MESUREE) --prereglage $(BENCHMARK_PREREGLAGE) $(BENCHMARK_ARGS_STATS)
	$(MESURE_ENV) $(MANAGE) benchmark_import $(BASE_MESUREE) --prereglage $(BENCHMARK_PREREGLAGE) $(BENCHMARK_ARGS_IMPORT)

## Test de charge borné (locust sans interface, 50 clients, 60 s, contre gunicorn) : ajoute la section
## « benchmark_charge » à benchmark.json. Plus court : make benchmark-charge BENCHMARK_ARGS_CHARGE="--duree 20".
BENCHMARK_PREREGLAGE_CHARGE ?= petit
benchmark-charge: $(STAMP)
	$(MESURE_ENV) $(MANAGE) benchmark_charge $(BASE_MESUREE) --prereglage $(BENCHMARK_PREREGLAGE_CHARGE) $(BENCHMARK_ARGS_CHARGE)

nettoyer:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
