"""Routeur de base de données : le journal des accès dans une base à part (facultatif).

Activé par ``JOURNAL_DATABASE_URL`` (voir ``binome/settings.py`` et ``docs/exploitation.md``) : les tables
``confiance_entreejournal`` et ``confiance_chainejournal`` (têtes des chaînes) vivent alors dans la base
``journal``, que l'application n'utilise que pour y ajouter des lignes ; migrer avec ``migrate --database=journal``.
"""

ALIAS_JOURNAL = "journal"
# « tetejournal » : ancienne tête unique, créée puis supprimée par les migrations 0001 et 0002.
MODELES_JOURNAL = {"entreejournal", "chainejournal", "tetejournal"}


def _est_journal(modele) -> bool:
    return modele._meta.app_label == "confiance" and modele._meta.model_name in MODELES_JOURNAL


class RouteurJournal:
    def db_for_read(self, modele, **indices):
        return ALIAS_JOURNAL if _est_journal(modele) else None

    def db_for_write(self, modele, **indices):
        return ALIAS_JOURNAL if _est_journal(modele) else None

    def allow_relation(self, objet1, objet2, **indices):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **indices):
        dans_le_journal = app_label == "confiance" and model_name in MODELES_JOURNAL
        if db == ALIAS_JOURNAL:
            return dans_le_journal
        if dans_le_journal:
            return False
        return None
