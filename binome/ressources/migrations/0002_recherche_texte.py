"""Index plein texte de l'annuaire (FTS5 sur SQLite, GIN tsvector sur PostgreSQL).

Copie figée de ``binome.ressources.index_texte`` (installer, désinstaller) à la date de cette migration : une
migration n'importe pas le code vivant de l'application. Après chaque ``migrate``, l'application réinstalle
l'index manquant avec le code vivant (signal ``post_migrate``, voir ``binome/ressources/apps.py``).
"""

from django.db import migrations

SQLITE_TABLE = """CREATE VIRTUAL TABLE IF NOT EXISTS ressources_service_fts USING fts5(
    texte_recherche, content='ressources_service', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')"""
SQLITE_DECLENCHEURS = {
    "ressources_service_fts_ai": """CREATE TRIGGER ressources_service_fts_ai AFTER INSERT ON ressources_service BEGIN
        INSERT INTO ressources_service_fts(rowid, texte_recherche) VALUES (new.rowid, new.texte_recherche);
    END""",
    "ressources_service_fts_ad": """CREATE TRIGGER ressources_service_fts_ad AFTER DELETE ON ressources_service BEGIN
        INSERT INTO ressources_service_fts(ressources_service_fts, rowid, texte_recherche)
        VALUES ('delete', old.rowid, old.texte_recherche);
    END""",
    "ressources_service_fts_au": """CREATE TRIGGER ressources_service_fts_au AFTER UPDATE OF texte_recherche
        ON ressources_service BEGIN
        INSERT INTO ressources_service_fts(ressources_service_fts, rowid, texte_recherche)
        VALUES ('delete', old.rowid, old.texte_recherche);
        INSERT INTO ressources_service_fts(rowid, texte_recherche) VALUES (new.rowid, new.texte_recherche);
    END""",
}
POSTGRESQL_INDEX = (
    "CREATE INDEX IF NOT EXISTS ressources_service_texte_gin ON ressources_service "
    "USING gin (to_tsvector('simple'::regconfig, texte_recherche))"
)


def creer(apps, schema_editor):
    connexion = schema_editor.connection
    with connexion.cursor() as curseur:
        if "ressources_service" not in connexion.introspection.table_names(curseur):
            return
        if connexion.vendor == "postgresql":
            curseur.execute(POSTGRESQL_INDEX)
        elif connexion.vendor == "sqlite":
            curseur.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
            presents = {ligne[0] for ligne in curseur.fetchall()}
            manquants = [nom for nom in SQLITE_DECLENCHEURS if nom not in presents]
            if "ressources_service_fts" in presents and not manquants:
                return
            curseur.execute(SQLITE_TABLE)
            for nom in manquants:
                curseur.execute(SQLITE_DECLENCHEURS[nom])
            curseur.execute("INSERT INTO ressources_service_fts(ressources_service_fts) VALUES ('rebuild')")


def supprimer(apps, schema_editor):
    connexion = schema_editor.connection
    with connexion.cursor() as curseur:
        if connexion.vendor == "postgresql":
            curseur.execute("DROP INDEX IF EXISTS ressources_service_texte_gin")
        elif connexion.vendor == "sqlite":
            for nom in SQLITE_DECLENCHEURS:
                curseur.execute(f"DROP TRIGGER IF EXISTS {nom}")
            curseur.execute("DROP TABLE IF EXISTS ressources_service_fts")


class Migration(migrations.Migration):
    dependencies = [("ressources", "0001_initial")]

    operations = [migrations.RunPython(creer, supprimer)]
