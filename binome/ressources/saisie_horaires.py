"""Saisie des horaires d'accueil jour par jour (matin, après-midi) ; la valeur enregistrée reste OpenStreetMap.

Un champ avancé reçoit une valeur OSM que le tableau ne sait pas exprimer (jours fériés, périodes de l'année…),
validée par la bibliothèque ``opening_hours``. Une valeur enregistrée que le tableau sait exprimer y est
réaffichée ; sinon elle reste dans le champ avancé, intacte.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.ressources import horaires

PLAGES = (gettext_lazy("matin"), gettext_lazy("après-midi"))
SUFFIXE_AVANCE = "_avance"
_HEURE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


def _nom(nom: str, jour: int, plage: int, borne: str) -> str:
    return f"{nom}_{jour}_{plage}_{borne}"


def semaine_du_tableau(valeur: str) -> horaires.Semaine | None:
    """La semaine d'une valeur OSM si le tableau sait l'afficher (deux plages par jour au plus), sinon ``None``."""
    semaine = horaires.lire(valeur)
    if semaine is None or any(len(plages) > len(PLAGES) for plages in semaine):
        return None
    return semaine


class SaisieHoraires(forms.Widget):
    """Sept lignes (jours) de deux plages (ouverture, fermeture), puis le champ avancé."""

    template_name = "ressources/widgets/saisie_horaires.html"

    def render(self, name, value, attrs=None, renderer=None):
        return super().render(name, value, attrs, renderer=TemplatesSetting())

    def id_for_label(self, id_):
        return f"{id_}_0_0_debut" if id_ else id_

    def value_from_datadict(self, data, files, name):
        def heure(j, p, borne):
            return data.get(_nom(name, j, p, borne), "").strip()[:5]

        jours = [[(heure(j, p, "debut"), heure(j, p, "fin")) for p in range(len(PLAGES))] for j in range(7)]
        return {"jours": jours, "avance": data.get(name + SUFFIXE_AVANCE, "").strip()}

    def value_omitted_from_data(self, data, files, name):
        return not any(cle.startswith(name) for cle in data)

    def get_context(self, name, value, attrs):
        contexte = super().get_context(name, value, attrs)
        if isinstance(value, dict):
            jours, avance = value["jours"], value["avance"]
        else:
            semaine = semaine_du_tableau(value or "")
            avance = "" if semaine is not None else value
            jours = [
                [semaine[j][p] if semaine and p < len(semaine[j]) else ("", "") for p in range(len(PLAGES))]
                for j in range(7)
            ]
        identifiant = contexte["widget"]["attrs"].get("id") or f"id_{name}"
        lignes = []
        for j, nom_jour in enumerate(horaires.NOMS_JOURS):
            plages = []
            for p, nom_plage in enumerate(PLAGES):
                plages.append(
                    {
                        "libelle": f"{str(nom_jour).capitalize()}, {nom_plage}",
                        "debut": (_nom(name, j, p, "debut"), _nom(identifiant, j, p, "debut"), jours[j][p][0]),
                        "fin": (_nom(name, j, p, "fin"), _nom(identifiant, j, p, "fin"), jours[j][p][1]),
                    }
                )
            lignes.append({"jour": str(nom_jour).capitalize(), "plages": plages})
        contexte["widget"].update(
            {
                "lignes": lignes,
                "plages": PLAGES,
                "avance": (name + SUFFIXE_AVANCE, identifiant + SUFFIXE_AVANCE, avance),
                "traduction": horaires.en_francais(value) if isinstance(value, str) and value else None,
            }
        )
        return contexte


class ChampHoraires(forms.Field):
    """Renvoie la valeur OSM : celle du champ avancé s'il est rempli, sinon celle écrite depuis le tableau."""

    widget = SaisieHoraires
    template_name = "ressources/champ_horaires.html"

    def __init__(self, *, max_length=500, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value

    def to_python(self, value) -> str:
        if not isinstance(value, dict):
            return (value or "").strip()
        avance = value["avance"]
        rempli = any(debut or fin for jour in value["jours"] for debut, fin in jour)
        if avance and rempli:
            raise ValidationError(_("Remplissez le tableau ou le champ avancé, pas les deux."), code="les_deux")
        if avance:
            if not horaires.est_valide(avance):
                raise ValidationError(
                    _(
                        "« %(valeur)s » n'est pas une valeur OpenStreetMap valide "
                        "(exemple : Mo-Fr 09:00-12:00; PH off)."
                    ),
                    code="osm",
                    params={"valeur": avance},
                )
            resultat = avance
        else:
            resultat = horaires.ecrire(self._semaine(value["jours"]))
        if len(resultat) > self.max_length:
            raise ValidationError(_("Ces horaires sont trop longs pour être enregistrés."), code="longueur")
        return resultat

    def _semaine(self, jours) -> horaires.Semaine:
        erreurs, semaine = [], []
        for j, plages_saisies in enumerate(jours):
            nom_jour = str(horaires.NOMS_JOURS[j]).capitalize()
            plages = []
            for p, (debut, fin) in enumerate(plages_saisies):
                if not debut and not fin:
                    continue
                quoi = {"jour": nom_jour, "plage": PLAGES[p]}
                if not (_HEURE.match(debut) and _HEURE.match(fin)):
                    erreurs.append(_("%(jour)s, %(plage)s : indiquez l'heure d'ouverture et de fermeture.") % quoi)
                elif not debut < fin:
                    erreurs.append(_("%(jour)s, %(plage)s : la fermeture doit suivre l'ouverture.") % quoi)
                else:
                    plages.append((debut, fin))
            plages.sort()
            if any(plages[i][0] < plages[i - 1][1] for i in range(1, len(plages))):
                erreurs.append(_("%(jour)s : les plages se chevauchent.") % {"jour": nom_jour})
            semaine.append(tuple(plages))
        if erreurs:
            raise ValidationError(erreurs)
        return tuple(semaine)
