"""Récapitulatif d'erreurs des formulaires (DSFR), rendu une fois par ``templates/base.html``.

Toute page qui étend ``base.html`` et porte dans son contexte un formulaire envoyé et refusé affiche en haut un
récapitulatif : « Le formulaire contient N erreurs », un lien vers chaque champ en erreur, les erreurs générales
(non liées à un champ) en texte. ``static/binome/js/binome.js`` y place le focus au chargement. Le récapitulatif ne
dépend pas de la mise en page du formulaire (``{{ form }}`` ou champ par champ) : il lit les formulaires du
contexte, quel que soit leur nom.
"""

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class Erreur:
    message: str
    libelle: str = ""
    ancre: str = ""


def _ancre(champ: forms.BoundField) -> str:
    """L'identifiant de l'élément qui reçoit le focus : celui que vise le libellé, sinon la première case."""
    identifiant = champ.id_for_label
    if not identifiant and champ.auto_id:
        identifiant = f"{champ.auto_id}_0"
    return identifiant or ""


def erreurs_du_formulaire(formulaire: forms.BaseForm) -> list[Erreur]:
    """Les erreurs générales, puis celles des champs dans l'ordre du formulaire (un message par ligne)."""
    erreurs = [Erreur(message=str(m)) for m in formulaire.non_field_errors()]
    for champ in formulaire:
        for message in champ.errors:
            if champ.is_hidden:
                erreurs.append(Erreur(message=str(message), libelle=str(champ.label or "")))
            else:
                erreurs.append(Erreur(message=str(message), libelle=str(champ.label or ""), ancre=_ancre(champ)))
    return erreurs


def formulaires_refuses(contexte) -> list[forms.BaseForm]:
    vus, refuses = set(), []
    for valeur in contexte.flatten().values():
        if isinstance(valeur, forms.BaseForm) and id(valeur) not in vus and valeur.is_bound and valeur.errors:
            vus.add(id(valeur))
            refuses.append(valeur)
    return refuses


@register.inclusion_tag("core/_recapitulatif_erreurs.html", takes_context=True)
def recapitulatif_erreurs(context):
    erreurs = [e for formulaire in formulaires_refuses(context) for e in erreurs_du_formulaire(formulaire)]
    return {"erreurs": erreurs, "nombre": len(erreurs)}
