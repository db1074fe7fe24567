import re

from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from binome.territoires.selectors import communes_rechercher

LONGUEUR_MAX_SAISIE = 100
_CODE_DEPARTEMENT = re.compile(r"^(\d{2,3}|2[AB])$")


def _departements(valeur: str) -> list[str] | None:
    """« 15,14 » → ["15", "14"] ; les valeurs mal formées sont ignorées."""
    codes = [code.strip().upper() for code in valeur.split(",")]
    return [code for code in codes if _CODE_DEPARTEMENT.match(code)] or None


def _veut_json(request) -> bool:
    if request.GET.get("format") == "json":
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _en_json(commune) -> dict:
    return {
        "code_insee": commune.code_insee,
        "nom": commune.nom,
        "type": commune.type,
        "libelle": str(commune),
        "code_postal": commune.code_postal,
        "codes_postaux": [c.code_postal for c in commune.codes_postaux.all()],
        "departement": {"code": commune.departement_id, "nom": commune.departement.nom},
        "latitude": commune.latitude,
        "longitude": commune.longitude,
        "population": commune.population,
        "commune_deleguee": commune.deleguee.nom if commune.deleguee else None,
    }


@require_GET
def communes(request):
    """Suggestions de communes pour une saisie (``?q=``) : fragment HTML pour htmx, ou JSON. ``departements`` :
    seulement ces départements ; ``preferes`` : ces départements d'abord, partout si rien n'y correspond."""
    saisie = request.GET.get("q", "").strip()[:LONGUEUR_MAX_SAISIE]
    departements = _departements(request.GET.get("departements", ""))
    preferes = _departements(request.GET.get("preferes", ""))
    resultats = communes_rechercher(saisie, departements=departements, preferes=preferes)
    if _veut_json(request):
        prefetch_related_objects(resultats, "codes_postaux")
        return JsonResponse({"q": saisie, "resultats": [_en_json(c) for c in resultats]})
    return render(request, "territoires/suggestions_communes.html", {"saisie": saisie, "resultats": resultats})
