"""Migration ``confiance.0002_chaines_scellees`` : l'ancienne chaîne unique (SHA-256 sans clé) est vérifiée puis
rescellée, département par département ; une ancienne chaîne cassée arrête la migration."""

import datetime
import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from binome.confiance.models import ChaineJournal, EntreeJournal
from binome.confiance.verification import verifier_chaine

pytestmark = pytest.mark.django_db(transaction=True)

AVANT, APRES = [("confiance", "0001_initial")], [("confiance", "0002_chaines_scellees")]
CHAMPS = EntreeJournal.CHAMPS_EMPREINTE


def _migrer(cible):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(cible)
    return executor.loader.project_state(cible).apps


def _ecrire_a_l_ancienne(apps, departements):
    """Lignes telles que l'ancienne version les écrivait : une chaîne, SHA-256 sans clé."""
    Entree, Tete = apps.get_model("confiance", "EntreeJournal"), apps.get_model("confiance", "TeteJournal")
    precedente, debut = "", timezone.now() - datetime.timedelta(days=1)
    for i, departement in enumerate(departements):
        valeurs = {c: "" for c in CHAMPS} | {"acteur_id": None, "personne_id": None, "departement": departement}
        valeurs |= {"horodatage": debut + datetime.timedelta(minutes=i), "action": "LECTURE", "finalite": f"n{i}"}
        canonique = dict(valeurs, horodatage=valeurs["horodatage"].isoformat(timespec="microseconds"))
        texte = json.dumps(canonique, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        empreinte = hashlib.sha256((precedente + texte).encode()).hexdigest()
        Entree.objects.create(**valeurs, empreinte_precedente=precedente, empreinte=empreinte)
        precedente = empreinte
    Tete.objects.update_or_create(pk=1, defaults={"derniere_empreinte": precedente})


def test_la_chaine_existante_est_reprise_et_rescellee():
    try:
        _ecrire_a_l_ancienne(_migrer(AVANT), ["15", "14", "", "15", "15"])
        _migrer(APRES)
        rangs = list(EntreeJournal.objects.order_by("pk").values_list("chaine", "sequence", "finalite"))
        assert rangs == [("15", 1, "n0"), ("14", 1, "n1"), ("plateforme", 1, "n2"), ("15", 2, "n3"), ("15", 3, "n4")]
        assert dict(ChaineJournal.objects.values_list("nom", "sequence")) == {"15": 3, "14": 1, "plateforme": 1}
        assert verifier_chaine().intacte
    finally:
        _migrer(_derniere())


def test_une_ancienne_chaine_cassee_arrete_la_migration():
    try:
        apps = _migrer(AVANT)
        _ecrire_a_l_ancienne(apps, ["15", "15", "15"])
        apps.get_model("confiance", "EntreeJournal").objects.filter(finalite="n1").update(finalite="falsifié")
        with pytest.raises(RuntimeError, match="l'ancienne chaîne présente 1 anomalie"):
            _migrer(APRES)
    finally:
        apps = _migrer(AVANT)
        apps.get_model("confiance", "EntreeJournal").objects.all().delete()
        apps.get_model("confiance", "TeteJournal").objects.update(derniere_empreinte="", ancre="")
        _migrer(_derniere())


def _derniere():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "confiance"]
