"""Index trigrammes (PostgreSQL seulement) pour la recherche d'une personne par fragment.

``q_recherche_personne`` cherche des « contient » (``LIKE '%…%'``) sur le nom et le prénom normalisés et, pour
une saisie d'au moins trois caractères, sur l'identifiant France Travail et le numéro d'allocataire (``icontains``,
soit ``UPPER(col) LIKE UPPER(…)``). Un index B-tree ne sert pas ces motifs ; un index GIN ``gin_trgm_ops`` les
sert dès trois caractères, et les quatre conditions réunies par OU deviennent un ``BitmapOr`` d'index plutôt
qu'un parcours de la table. ``pg_trgm`` est une extension « trusted » (PostgreSQL ≥ 13) : le propriétaire de la
base peut la créer. Sur SQLite, rien n'est fait (la table d'un département est petite). Les index sont hors de
l'état des modèles (expressions et classes d'opérateurs propres à PostgreSQL) : ``makemigrations`` les ignore.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = {
    "personne_nom_trgm": "nom_normalise gin_trgm_ops",
    "personne_prenom_trgm": "prenom_normalise gin_trgm_ops",
    "personne_idft_trgm": "UPPER(identifiant_ft) gin_trgm_ops",
    "personne_alloc_trgm": "UPPER(numero_allocataire) gin_trgm_ops",
}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom, expression in INDEX.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {nom} ON accompagnement_personne USING gin ({expression})")


def supprimer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom in INDEX:
        schema_editor.execute(f"DROP INDEX IF EXISTS {nom}")


class Migration(migrations.Migration):
    dependencies = [("accompagnement", "0010_evenement_rendez_vous")]

    operations = [TrigramExtension(), migrations.RunPython(creer, supprimer)]
