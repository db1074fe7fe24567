"""Cartes de la liste de résultats de l'annuaire, rendues en Python (issue 17, page de recherche).

Le moteur de gabarits coûtait ~1 ms par carte (une vingtaine de balises, traductions et filtres chacune) : plus que
le SQL de la page entière. Ce rendu produit le même HTML que l'ancienne boucle de ``_resultats.html`` (à l'espace
près : ``tests/ressources/test_cartes.py`` le compare à l'ancien gabarit), avec les mêmes échappements : les variables
échappées, les textes traduits non (littéraux du gabarit, sûrs).
"""

from urllib.parse import quote

from django.middleware.csrf import get_token
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from binome.core.rendu_html import jour as _jour
from binome.core.rendu_html import valeur as _v
from binome.ressources.horaires import en_texte
from binome.ressources.recherche import GROUPE_PRESENTIEL

# Les seules colonnes que lisent les cartes (``charger(seulement=…)``) : les autres (listes JSON décodées une à une,
# textes) coûtaient plus à instancier que la requête elle-même. Une colonne oubliée coûterait une requête par carte :
# ``tests/ressources/test_cartes.py`` compte les requêtes de la page.
COLONNES = (
    "id",
    "nom",
    "structure__nom",
    "commune",
    "horaires_accueil",
    "en_presentiel",
    "a_distance",
    "fermeture_debut",
    "fermeture_fin",
    "frequence_verification",
    "date_prochaine_verification",
    "date_verification",
    "date_maj",
    "type",
    "frais",
)


def _badge(classes: str, texte: str, *, a_la_ligne: bool = False) -> str:
    # ``a_la_ligne`` : le texte était sur sa propre ligne dans le gabarit (espaces autour, comme avant).
    texte = f"\n{texte}\n" if a_la_ligne else texte
    return f'<li>\n<p class="fr-badge {classes}">{texte}</p>\n</li>\n'


def _badges(r, aujourdhui) -> str:
    s = r.service
    badges = ""
    if r.groupe == GROUPE_PRESENTIEL and r.distance_km is not None:
        texte = gettext("%(d)s km") % {"d": _v(floatformat(r.distance_km, 1))}
        badges += _badge("fr-badge--info fr-badge--no-icon", texte, a_la_ligne=True)
    elif s.a_distance:
        badges += _badge("fr-badge--new fr-badge--no-icon", gettext("À distance"))
    if s.est_ferme(aujourdhui):
        if s.fermeture_fin:
            texte = gettext("Fermé jusqu'au %(fin)s") % {"fin": _v(_jour(s.fermeture_fin))}
        else:
            texte = gettext("Fermé temporairement")
        badges += _badge("fr-badge--error", texte, a_la_ligne=True)
    elif s.fermeture_a_venir(aujourdhui):
        texte = gettext("Fermeture à partir du %(debut)s") % {"debut": _v(_jour(s.fermeture_debut))}
        badges += _badge("fr-badge--warning", texte, a_la_ligne=True)
    if s.a_verifier(aujourdhui):
        badges += _badge("fr-badge--warning fr-badge--no-icon", gettext("À vérifier"))
    return badges


def _fin(s, contexte_plan, jeton) -> str:
    detail = gettext("Informations vérifiées le %(date)s") % {"date": _v(_jour(s.date_fraicheur))}
    if s.type:
        detail += f"\n· {_v(s.get_type_display())}"
    if s.frais:
        detail += f"\n· {_v(s.get_frais_display())}"
    html = f'<div class="fr-card__end">\n<p class="fr-card__detail">\n{detail}\n</p>\n'
    if contexte_plan and contexte_plan.action_id:
        bouton = gettext("Rattacher à l'action du plan")
        html += (
            f'<form method="post"\naction="{_v(reverse("ressources:rattacher", args=[s.pk]))}"\nclass="fr-mt-1w">\n'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{_v(jeton)}">\n'
            f'<input type="hidden" name="action" value="{_v(contexte_plan.action_id)}">\n'
            f'<button type="submit"\nclass="fr-btn fr-btn--sm fr-btn--secondary">'
            f"{bouton}</button>\n</form>\n"
        )
    return html + "</div>\n"


def _carte(r, *, suffixe_lien: str, contexte_plan, jeton, aujourdhui) -> str:
    s = r.service
    lien = f"{_v(reverse('ressources:service', args=[s.pk]))}{suffixe_lien}"
    desc = _v(s.structure.nom) + (f" · {_v(s.commune)}" if s.commune else "")
    horaires = ""
    if s.horaires_accueil:
        horaires = f'<p class="fr-card__detail fr-icon-time-line">{_v(en_texte(s.horaires_accueil))}</p>\n'
    return (
        '<li class="fr-card fr-card--horizontal fr-mb-2w">\n<div class="fr-card__body">\n'
        '<div class="fr-card__content">\n<h3 class="fr-card__title">\n'
        f'<a href="{lien}">{_v(s.nom)}</a>\n</h3>\n<p class="fr-card__desc">{desc}</p>\n{horaires}'
        f'<div class="fr-card__start">\n<ul class="fr-badges-group">\n{_badges(r, aujourdhui)}</ul>\n</div>\n'
        f"{_fin(s, contexte_plan, jeton)}</div>\n</div>\n</li>\n"
    )


def cartes(resultats, *, request, criteres_url: str, contexte_plan, aujourdhui) -> str:
    """Les ``<li>`` des résultats d'une page, dans l'ordre ; ce qui ne dépend pas de la carte est calculé une fois."""
    suffixe_lien = "?retour=" + _v(quote(criteres_url, safe="/"))
    if contexte_plan:
        suffixe_lien += f"&amp;personne={_v(contexte_plan.personne_id)}"
        if contexte_plan.action_id:
            suffixe_lien += f"&amp;action={_v(contexte_plan.action_id)}"
    # Un seul jeton pour la page, comme ``{% csrf_token %}`` (évalué une fois par contexte).
    jeton = get_token(request) if contexte_plan and contexte_plan.action_id else ""
    return mark_safe(  # noqa: S308 — chaque valeur est échappée par ``_v``
        "".join(
            _carte(r, suffixe_lien=suffixe_lien, contexte_plan=contexte_plan, jeton=jeton, aujourdhui=aujourdhui)
            for r in resultats
        )
    )
