"""Journal des accès : une chaîne scellée par HMAC par département (et « plateforme »), têtes scellées.

Reprise des données : l'ancienne chaîne unique (SHA-256 sans clé) est d'abord vérifiée comme le faisait
l'ancienne commande ; puis chaque ligne est rangée dans la chaîne de son département, numérotée dans l'ordre
d'écriture et **rescellée** avec ``JOURNAL_CLE``. Si l'ancienne chaîne est cassée, la migration s'arrête (un
rescellement blanchirait l'altération) ; voir docs/donnees-personnelles.md, « Journal des accès ».
Les fonctions de calcul sont recopiées ici, figées (les migrations n'importent pas le code de l'application).
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

CHAMPS = (
    "horodatage", "acteur_id", "acteur_libelle", "roles", "organisations", "action", "route", "methode",
    "chemin", "objet_type", "objet_id", "personne_id", "departement", "finalite", "id_requete",
)
LOT = 2000


def _canonique(entree):
    valeurs = {}
    for champ in CHAMPS:
        valeur = getattr(entree, champ)
        if champ == "horodatage" and valeur is not None:
            valeur = valeur.isoformat(timespec="microseconds")
        valeurs[champ] = valeur
    return json.dumps(valeurs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _sceller(cle, message):
    return hmac.new(cle, message.encode(), hashlib.sha256).hexdigest()


def resceller(apps, schema_editor):
    alias = schema_editor.connection.alias
    Entree = apps.get_model("confiance", "EntreeJournal")
    Tete = apps.get_model("confiance", "TeteJournal")
    Chaine = apps.get_model("confiance", "ChaineJournal")
    cle = settings.JOURNAL_CLE.encode()
    cle_id = hashlib.sha256(b"binome-journal-cle:" + cle).hexdigest()[:8]
    tete = Tete.objects.using(alias).filter(pk=1).first()
    ancienne_precedente = tete.ancre if tete is not None else ""
    anomalies, etats, dernier_pk = 0, {}, 0
    while True:
        lot = list(Entree.objects.using(alias).filter(pk__gt=dernier_pk).order_by("pk")[:LOT])
        if not lot:
            break
        for entree in lot:
            canonique = _canonique(entree)
            ancienne = hashlib.sha256((entree.empreinte_precedente + canonique).encode()).hexdigest()
            if entree.empreinte_precedente != ancienne_precedente or ancienne != entree.empreinte:
                anomalies += 1
            ancienne_precedente = entree.empreinte
            nom = entree.departement or "plateforme"
            sequence, precedente = etats.get(nom, (0, ""))
            entree.chaine, entree.sequence, entree.cle = nom, sequence + 1, cle_id
            entree.empreinte_precedente = precedente
            entree.empreinte = _sceller(cle, f"{cle_id}|{nom}|{entree.sequence}|{precedente}|{canonique}")
            etats[nom] = (entree.sequence, entree.empreinte)
        Entree.objects.using(alias).bulk_update(lot, ["chaine", "sequence", "cle", "empreinte_precedente", "empreinte"])
        dernier_pk = lot[-1].pk
    if tete is not None and ancienne_precedente != tete.derniere_empreinte:
        anomalies += 1
    if anomalies and not getattr(settings, "JOURNAL_REPRISE_MALGRE_ANOMALIES", False):
        raise RuntimeError(
            f"Journal des accès : l'ancienne chaîne présente {anomalies} anomalie(s) ; migration arrêtée pour ne "
            "pas resceller une altération. Voir docs/donnees-personnelles.md (JOURNAL_REPRISE_MALGRE_ANOMALIES)."
        )
    for nom, (sequence, empreinte) in sorted(etats.items()):
        message = f"tete|{cle_id}|{nom}|{sequence}|{empreinte}|0|"
        Chaine.objects.using(alias).create(
            nom=nom, sequence=sequence, derniere_empreinte=empreinte, cle=cle_id, sceau=_sceller(cle, message)
        )


class Migration(migrations.Migration):

    dependencies = [
        ("confiance", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ChaineJournal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nom", models.CharField(max_length=12, unique=True, verbose_name="chaîne")),
                ("sequence", models.PositiveBigIntegerField(default=0, verbose_name="dernier numéro")),
                ("derniere_empreinte", models.CharField(blank=True, max_length=64)),
                ("ancre_sequence", models.PositiveBigIntegerField(default=0)),
                ("ancre_empreinte", models.CharField(blank=True, max_length=64)),
                ("purge_le", models.DateTimeField(blank=True, null=True)),
                ("cle", models.CharField(max_length=8)),
                ("sceau", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "chaîne du journal des accès",
                "verbose_name_plural": "chaînes du journal des accès",
                "ordering": ["nom"],
            },
        ),
        migrations.AddField(
            model_name="entreejournal",
            name="chaine",
            field=models.CharField(default="", max_length=12, verbose_name="chaîne"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entreejournal",
            name="sequence",
            field=models.PositiveBigIntegerField(default=0, verbose_name="numéro dans la chaîne"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="entreejournal",
            name="cle",
            field=models.CharField(default="", max_length=8, verbose_name="identifiant de la clé de scellement"),
            preserve_default=False,
        ),
        migrations.RunPython(resceller, migrations.RunPython.noop, hints={"model_name": "entreejournal"}),
        migrations.AddConstraint(
            model_name="entreejournal",
            constraint=models.UniqueConstraint(fields=("chaine", "sequence"), name="journal_chaine_sequence"),
        ),
        migrations.DeleteModel(name="TeteJournal"),
    ]
