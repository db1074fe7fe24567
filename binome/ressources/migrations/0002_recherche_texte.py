"""Index plein texte de l'annuaire (FTS5 sur SQLite, GIN tsvector sur PostgreSQL) : voir ``index_texte``."""

from django.db import migrations

from binome.ressources import index_texte


def creer(apps, schema_editor):
    index_texte.installer(schema_editor.connection)


def supprimer(apps, schema_editor):
    index_texte.desinstaller(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("ressources", "0001_initial")]

    operations = [migrations.RunPython(creer, supprimer)]
