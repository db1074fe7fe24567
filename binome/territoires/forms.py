"""Champ de formulaire réutilisable : le choix d'une commune avec suggestions (htmx).

Usage (voir docs/donnees-de-reference.md) ::

    class PersonneFormulaire(FormulaireModele):
        commune = ChampCommune(label=_("Commune de résidence"))

et, dans le gabarit de la page, ``<script src="{% static 'binome/js/commune.js' %}"
nonce="{{ request.csp_nonce }}"></script>`` dans ``{% block js_page %}``.
"""

import json
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from binome.territoires.models import Commune
from binome.territoires.selectors import EXACTE, communes_rechercher

SUFFIXE_SAISIE = "_saisie"
_CODE_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class SelecteurCommune(forms.Widget):
    """Une saisie texte (nom, code postal ou code INSEE) et un champ caché qui porte le code INSEE choisi.

    Les suggestions viennent de la vue ``territoires:communes`` (htmx) ; ``commune.js`` gère le clavier
    (flèches, Entrée, Échap), le choix d'une suggestion et l'annonce aux lecteurs d'écran. Sans
    suggestion choisie, le texte saisi est interprété à la validation (« Saint-Flour », « 15187 »).
    """

    template_name = "territoires/widgets/selecteur_commune.html"
    departements: list[str] | None = None
    preferes: list[str] | None = None
    valeur_libre = False

    class Media:
        css = {"all": ["binome/css/commune.css"]}
        js = ["binome/js/commune.js"]

    def render(self, name, value, attrs=None, renderer=None):
        # Le gabarit est dans templates/ : il est rendu par le moteur du projet, pas par celui des formulaires.
        return super().render(name, value, attrs, renderer=TemplatesSetting())

    def value_from_datadict(self, data, files, name):
        return {"code": data.get(name, "").strip(), "saisie": data.get(name + SUFFIXE_SAISIE, "").strip()}

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + SUFFIXE_SAISIE not in data

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        code, saisie = _code_et_saisie(value)
        commune = value if isinstance(value, Commune) else _commune(code)
        if commune is not None:
            saisie = str(commune)
        else:
            saisie = saisie or (code if self.valeur_libre else "")
            code = ""
        attributs = dict(contexte["widget"]["attrs"])
        identifiant = attributs.get("id") or f"id_{name}"
        attributs["id"] = identifiant
        valeurs_htmx = {"departements": ",".join(self.departements)} if self.departements else {}
        if self.preferes:
            valeurs_htmx["preferes"] = ",".join(self.preferes)
        contexte["widget"].update(
            {
                "code": code,
                "saisie": saisie,
                "nom_saisie": name + SUFFIXE_SAISIE,
                "id_suggestions": identifiant + "-suggestions",
                "attributs_saisie": flatatt(attributs),
                "url": reverse("territoires:communes"),
                "valeurs_htmx": json.dumps(valeurs_htmx),
            }
        )
        return contexte


def _code_et_saisie(valeur) -> tuple[str, str]:
    if valeur is None or valeur == "":
        return "", ""
    if isinstance(valeur, Commune):
        return valeur.pk, str(valeur)
    if isinstance(valeur, dict):
        return valeur.get("code") or "", valeur.get("saisie") or ""
    return str(valeur), str(valeur)


def _commune(code: str) -> Commune | None:
    if not _CODE_INSEE.match(code):
        return None
    return Commune.objects.select_related("departement").filter(pk=code).first()


class ChampCommune(forms.Field):
    """Le choix d'une commune (ou d'un arrondissement) : renvoie une ``Commune``.

    ``departements`` (liste de codes) limite les suggestions et les communes acceptées ; ``preferes`` (liste de
    codes : les départements de l'utilisateur) les cherche d'abord là, puis partout (annuaire). ``valeur_libre`` :
    la valeur du champ caché peut aussi être un nom ou un code postal (paramètre d'un lien ou de l'API).
    """

    widget = SelecteurCommune
    default_error_messages = {
        "introuvable": _(
            "Aucune commune ne correspond à « %(saisie)s ». Vérifiez l'orthographe ou saisissez le code postal."
        ),
        "ambigu": _(
            "Plusieurs communes correspondent à « %(saisie)s » : choisissez-en une dans la liste des "
            "suggestions, ou ajoutez le code postal (par exemple « Saint-Martin 32300 »)."
        ),
        "hors_departements": _("La commune « %(commune)s » n'est pas dans les départements proposés (%(codes)s)."),
    }

    def __init__(self, *, departements=None, preferes=None, valeur_libre=False, **kwargs):
        self.departements = [str(code) for code in departements] if departements else None
        kwargs.setdefault("help_text", _("Nom de la commune ou code postal, puis choisissez parmi les suggestions."))
        super().__init__(**kwargs)
        self.widget.departements = self.departements
        self.preferes = preferes
        self.valeur_libre = self.widget.valeur_libre = valeur_libre

    @property
    def preferes(self) -> list[str] | None:
        return self.widget.preferes

    @preferes.setter
    def preferes(self, codes) -> None:
        self.widget.preferes = [str(code) for code in codes] if codes else None

    def prepare_value(self, value):
        return value

    def to_python(self, value) -> Commune | None:
        code, saisie = _code_et_saisie(value)
        if isinstance(value, Commune):
            commune = value
        else:
            commune = _commune(code)
        if commune is None:
            if self.valeur_libre:
                # Sans code choisi ni texte saisi, la valeur du champ elle-même : un lien ou l'API qui passe
                # « commune=Saint-Flour » ou un code postal (recherche de l'annuaire).
                saisie = saisie or code
            if not saisie:
                return None
            commune = self._interpreter(saisie)
        if self.departements and commune.departement_id not in self.departements:
            raise ValidationError(
                self.error_messages["hors_departements"],
                code="hors_departements",
                params={"commune": commune, "codes": ", ".join(self.departements)},
            )
        return commune

    def _interpreter(self, saisie: str) -> Commune:
        """Une saisie sans suggestion choisie : acceptée si elle désigne une seule commune."""
        resultats = communes_rechercher(saisie, departements=self.departements, preferes=self.preferes)
        exactes = [c for c in resultats if c.correspondance == EXACTE]
        if len(resultats) == 1:
            return resultats[0]
        if len(exactes) == 1:
            return exactes[0]
        if not resultats:
            raise ValidationError(self.error_messages["introuvable"], code="introuvable", params={"saisie": saisie})
        raise ValidationError(self.error_messages["ambigu"], code="ambigu", params={"saisie": saisie})

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_code, _saisie = _code_et_saisie(initial)
        try:
            commune = self.to_python(data)
        except ValidationError:
            return True
        return (commune.pk if commune else "") != (initial_code or "")
