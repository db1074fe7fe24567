"""Fichiers envoyés : export des événements de parcours vers le système du département et France Travail."""
