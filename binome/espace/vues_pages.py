"""Pages de l'espace de la personne (mobile d'abord) : chaque vue passe par ``espace_requis``."""

from django.shortcuts import render

from binome.espace.acces import espace_requis


@espace_requis
def accueil(request):
    return render(request, "espace/accueil.html", {"espace": request.espace, "personne": request.espace.personne})
