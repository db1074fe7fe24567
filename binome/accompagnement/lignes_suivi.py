"""Lignes du tableau du portefeuille et de la vue équipe, rendues en Python (issue 17).

Le moteur de gabarits coûtait ~1 ms par ligne (trois adresses, dates, badges d'alerte inclus, traductions) : 25 lignes
pesaient autant que le SQL de la page. Même HTML que l'ancienne boucle de ``_tableau_suivi.html`` et de
``_badges_alertes.html`` (à l'espace près : ``tests/accompagnement/test_lignes_suivi.py`` le compare à l'ancien
gabarit, gardé dans les tests), mêmes échappements : les variables échappées, les textes traduits non.

Ce qui ne dépend pas de la ligne est calculé une fois par tableau (``_Mise``) : traductions, libellés des états et
modalités (``get_etat_display`` hache tous les choix traduits à chaque appel), adresses (un ``reverse`` par route).
"""

from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop, ngettext

from binome.accompagnement import machine
from binome.accompagnement.models import Parcours
from binome.accompagnement.views.suivi_outils import ROUTE_FICHE_PERSONNE
from binome.core.rendu_html import jour, valeur

# Clé fictive d'une adresse modèle : elle n'apparaît qu'une fois dans l'adresse (vérifié par ``split``).
_JALON = 2147483646


def _adresse(nom: str, cle: str):
    """``pk → adresse`` de la route ``nom`` (échappée), pour un seul ``reverse`` par tableau."""
    avant, apres = valeur(reverse(nom, kwargs={cle: _JALON})).split(str(_JALON))
    return lambda pk: f"{avant}{int(pk)}{apres}"


def _libelles(champ: str) -> dict:
    return {cle: valeur(libelle) for cle, libelle in Parcours._meta.get_field(champ).flatchoices}


class _Mise:
    """Ce qui est commun aux lignes d'un tableau, dans la langue active."""

    def __init__(self, equipe: bool):
        self.equipe = equipe
        self.etats, self.modalites = _libelles("etat"), _libelles("modalite")
        self.fiche = _adresse(ROUTE_FICHE_PERSONNE, "pk")
        self.plan = _adresse("accompagnement:plan", "parcours_pk")
        self.contacts = _adresse("accompagnement:contacts", "parcours_pk")
        self.planifier = _adresse("agenda:planifier", "parcours_pk")
        self.reaffecter = _adresse("accompagnement:reaffecter", "parcours_pk")
        self.suivi_six_mois = _adresse("accompagnement:suivi_six_mois", "pk")
        # ``gettext_noop`` : les textes restent extraits par ``makemessages`` ; traduits ici, une fois par tableau.
        self.textes = {
            cle: gettext(texte)
            for cle, texte in {
                "aucun": gettext_noop("Aucun"),
                "aucune_alerte": gettext_noop("Aucune alerte"),
                "plan": gettext_noop("Plan"),
                "contacts": gettext_noop("Contacts"),
                "rendez_vous": gettext_noop("Rendez-vous"),
                "reaffecter": gettext_noop("Réaffecter"),
                "fin_terme": gettext_noop("Fin de terme : revue à prévoir"),
                "diagnostic": gettext_noop("Diagnostic planifié en retard"),
                "six_mois": gettext_noop("Suivi à 6 mois à faire"),
                "faire_six_mois": gettext_noop("Faire le suivi à 6 mois"),
                "agent_inactif": gettext_noop("Agent désactivé : à réaffecter"),
            }.items()
        }


def _badge(classes: str, texte: str, *, a_la_ligne: bool = False, lien: str = "") -> str:
    # ``a_la_ligne`` : le texte était sur sa propre ligne dans le gabarit (espaces autour, comme avant).
    texte = f"\n{texte}\n" if a_la_ligne else texte
    return f'<li>\n<p class="fr-badge {classes} fr-badge--sm">{texte}</p>\n{lien}</li>\n'


def _badges_alertes(p, m: _Mise) -> str:
    """Les alertes d'un parcours annoté par ``binome.accompagnement.alertes`` (aucune requête)."""
    t = m.textes
    if not p.nb_alertes:
        return f'<span class="fr-sr-only">{t["aucune_alerte"]}</span>'
    badges = ""
    if p.alerte_sans_contact:
        texte = gettext("Sans contact depuis plus de %(jours)s j") % {"jours": valeur(p.seuil_sans_contact)}
        badges += _badge("fr-badge--warning", texte, a_la_ligne=True)
    if p.alerte_fin_terme:
        badges += _badge("fr-badge--info", t["fin_terme"])
    if p.alerte_orientation:
        texte = gettext("Orientation sans diagnostic depuis plus de %(jours)s j") % {
            "jours": valeur(p.seuil_orientation)
        }
        badges += _badge("fr-badge--warning", texte, a_la_ligne=True)
    if p.alerte_diagnostic_en_retard:
        badges += _badge("fr-badge--warning", t["diagnostic"])
    if p.alerte_actions_en_retard:
        n = p.nb_actions_en_retard
        texte = ngettext("%(nombre)s action en retard", "%(nombre)s actions en retard", n) % {"nombre": valeur(n)}
        badges += _badge("fr-badge--error", texte, a_la_ligne=True)
    if p.alerte_suivi_6_mois:
        lien = f'<a class="fr-link fr-link--sm"\nhref="{m.suivi_six_mois(p.pk)}">{t["faire_six_mois"]}</a>\n'
        badges += _badge("fr-badge--new", t["six_mois"], lien=lien)
    if p.alerte_agent_inactif:
        badges += _badge("fr-badge--error", t["agent_inactif"])
    return f'<ul class="binome-badges">\n{badges}</ul>\n'


def _lien(adresse: str, texte: str) -> str:
    return f'<li>\n<a class="fr-link fr-text--sm"\nhref="{adresse}">{texte}</a>\n</li>\n'


def _ligne(p, m: _Mise) -> str:
    t = m.textes
    personne = valeur(p.personne)
    html = "<tr>\n"
    if m.equipe:
        selection = gettext("Sélectionner %(personne)s") % {"personne": personne}
        html += (
            '<td>\n<div class="fr-checkbox-group fr-checkbox-group--sm">\n'
            f'<input type="checkbox"\nid="selection-{valeur(p.pk)}"\nname="parcours"\nvalue="{valeur(p.pk)}"\n'
            'form="selection-reaffectation">\n'
            f'<label class="fr-label" for="selection-{valeur(p.pk)}">\n'
            f'<span class="fr-sr-only">{selection}</span>\n</label>\n</div>\n</td>\n'
        )
    html += f'<td>\n<a href="{m.fiche(p.personne_id)}">{personne}</a>\n</td>\n'
    # Une valeur hors des choix s'affiche telle quelle, comme ``get_etat_display``.
    etat, modalite = m.etats.get(p.etat, valeur(p.etat)), m.modalites.get(p.modalite, valeur(p.modalite))
    html += f'<td>\n{etat}\n<br>\n<span class="fr-text--xs">{modalite}</span>\n</td>\n'
    if m.equipe:
        conseiller = valeur(p.conseiller.get_full_name()) if p.conseiller else "—"
        referent = valeur(p.referent_social.get_full_name()) if p.referent_social else "—"
        html += f'<td class="fr-text--sm">\n{conseiller}\n<br>\n{referent}\n</td>\n'
    entree = jour(p.date_entree) if p.date_entree else "—"
    dernier = jour(p.dernier_contact) if p.dernier_contact else t["aucun"]
    prochain = jour(p.prochain_contact) if p.prochain_contact else "—"
    html += f"<td>\n{entree}\n</td>\n<td>\n{dernier}\n</td>\n<td>\n{prochain}\n</td>\n"
    html += f"<td>\n{_badges_alertes(p, m)}\n</td>\n"
    liens = _lien(m.plan(p.pk), t["plan"]) + _lien(m.contacts(p.pk), t["contacts"])
    if not machine.est_clos(p):
        liens += _lien(m.planifier(p.pk), t["rendez_vous"])
    if m.equipe:
        liens += _lien(m.reaffecter(p.pk), t["reaffecter"])
    html += f'<td>\n<ul class="fr-links-group">\n{liens}</ul>\n</td>\n'
    return html + "</tr>\n"


def lignes(parcours, *, equipe: bool) -> str:
    """Les ``<tr>`` d'une page de la liste (parcours annotés par ``selectors.lignes_de_la_page``), dans l'ordre."""
    mise = _Mise(equipe)
    return mark_safe("".join(_ligne(p, mise) for p in parcours))  # noqa: S308 — valeurs échappées
