"""Routes des tests navigateur du sélecteur : celles de Binôme et une page d'essai du champ ``ChampCommune``."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from binome.core.forms import Formulaire
from binome.territoires.forms import ChampCommune
from binome.urls import urlpatterns as routes_binome


class FormulaireEssai(Formulaire):
    commune = ChampCommune(label="Commune de résidence")


GABARIT = """{% extends "base.html" %}{% load static %}
{% block titre %}Essai du sélecteur de commune{% endblock titre %}
{% block content %}
  <h1>Essai du sélecteur de commune</h1>
  {% if commune %}<p id="resultat">Commune choisie : {{ commune.code_insee }}</p>{% endif %}
  <form method="post">{% csrf_token %}{{ form }}<button class="fr-btn" type="submit">Valider</button></form>
{% endblock content %}
{% block js_page %}
  <script src="{% static 'binome/js/commune.js' %}" nonce="{{ request.csp_nonce }}"></script>
{% endblock js_page %}"""


def essai(request):
    formulaire = FormulaireEssai(data=request.POST or None)
    commune = formulaire.cleaned_data["commune"] if formulaire.is_bound and formulaire.is_valid() else None
    gabarit = engines["django"].from_string(GABARIT)
    return HttpResponse(gabarit.render({"form": formulaire, "commune": commune}, request))


urlpatterns = [path("essai-commune/", essai), *routes_binome]
