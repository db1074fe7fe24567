"""Vues de l'accompagnement, découpées par sujet ; les routes sont dans ``binome/accompagnement/urls.py``."""
