"""Fichiers reçus : import de listes de personnes avec une correspondance de colonnes enregistrée par organisation
(``docs/echanges.md``, « Fichiers reçus »)."""
