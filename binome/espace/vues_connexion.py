"""Connexion de la personne à son espace (poste h2 : lien à usage unique, FranceConnect)."""

from django.shortcuts import render


def connexion(request):
    return render(request, "espace/connexion.html", {})
