"""Index plein texte de ``ressources_service.texte_recherche``, propre à chaque moteur.

- SQLite : table virtuelle FTS5 à contenu externe (la table des services, par ``rowid``),
  tenue à jour par déclencheurs.
- PostgreSQL : index GIN sur ``to_tsvector('simple', texte_recherche)`` (le texte est déjà
  normalisé : sans accents, en minuscules).

``installer`` est idempotente. Elle est appelée par la migration 0002 et après chaque
``migrate`` (signal ``post_migrate``) : sur SQLite, une migration qui modifie la table des services
la recrée (et perd ses déclencheurs) ; l'index est alors reconstruit. ``reconstruire`` sert aussi
après un ``VACUUM`` (qui peut renuméroter les rowid) : ``manage.py reconstruire_index_ressources``.
"""

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


def _table_existe(curseur, connexion) -> bool:
    return "ressources_service" in connexion.introspection.table_names(curseur)


def installer(connexion) -> bool:
    """Crée ce qui manque ; renvoie ``True`` si l'index a dû être (re)construit."""
    with connexion.cursor() as curseur:
        if not _table_existe(curseur, connexion):
            return False
        if connexion.vendor == "postgresql":
            curseur.execute(POSTGRESQL_INDEX)
            return False
        if connexion.vendor != "sqlite":
            return False
        curseur.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        presents = {ligne[0] for ligne in curseur.fetchall()}
        manquants = [nom for nom in SQLITE_DECLENCHEURS if nom not in presents]
        if "ressources_service_fts" in presents and not manquants:
            return False
        curseur.execute(SQLITE_TABLE)
        for nom in manquants:
            curseur.execute(SQLITE_DECLENCHEURS[nom])
        curseur.execute("INSERT INTO ressources_service_fts(ressources_service_fts) VALUES ('rebuild')")
        return True


def reconstruire(connexion) -> None:
    installer(connexion)
    if connexion.vendor == "sqlite":
        with connexion.cursor() as curseur:
            curseur.execute("INSERT INTO ressources_service_fts(ressources_service_fts) VALUES ('rebuild')")


def desinstaller(connexion) -> None:
    with connexion.cursor() as curseur:
        if connexion.vendor == "postgresql":
            curseur.execute("DROP INDEX IF EXISTS ressources_service_texte_gin")
        elif connexion.vendor == "sqlite":
            for nom in SQLITE_DECLENCHEURS:
                curseur.execute(f"DROP TRIGGER IF EXISTS {nom}")
            curseur.execute("DROP TABLE IF EXISTS ressources_service_fts")
