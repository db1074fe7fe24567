"""Portail : ce qui réunit les applications pour l'utilisateur connecté (accueil par rôle, contexte commun).

Couche du haut : lit les sélecteurs des applications ; aucune application ne l'importe.
"""
