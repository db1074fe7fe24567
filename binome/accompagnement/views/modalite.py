"""Passage en accompagnement social exclusif : décision conjointe des deux membres du binôme, motivée, qui devient
un changement de modalité daté (``services.parcours_basculer_social_exclusif``, issue 12, point 2)."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from binome.accompagnement import forms as f
from binome.accompagnement import selectors, services
from binome.accompagnement.views.parcours import _action


def _date_ou_attente(jour) -> str:
    return date_format(jour, "SHORT_DATE_FORMAT") if jour else _("en attente")


@require_http_methods(["GET", "POST"])
def parcours_social_exclusif(request, pk):
    proposition = selectors.proposition_social_exclusif(selectors.parcours_pour(request.user, pk))
    en_attente = ""
    if proposition is not None:
        en_attente = _(
            " Proposé par %(auteur)s, motif : « %(motif)s ». Accord du conseiller France Travail : %(ft)s ; "
            "accord du référent social : %(social)s."
        ) % {
            "auteur": proposition.propose_par or "—",
            "motif": proposition.motif,
            "ft": _date_ou_attente(proposition.accord_conseiller_le),
            "social": _date_ou_attente(proposition.accord_referent_le),
        }
    return _action(
        request,
        pk,
        action="social_exclusif",
        formulaire=f.FormulaireSocialExclusif,
        service=services.parcours_basculer_social_exclusif,
        titre=_("Passer en accompagnement social exclusif"),
        message=_(
            "Votre accord est enregistré : le parcours passe en accompagnement social exclusif quand les deux "
            "membres du binôme ont donné le leur."
        ),
        description=_(
            "Décision conjointe des deux membres du binôme, quand les difficultés sociales empêchent toute "
            "recherche d'emploi : le premier accord donne le motif, le second fait entrer le changement en "
            "vigueur à sa date. Le binôme reste désigné ; chacun peut demander à l'autre de revoir la situation, "
            "jusqu'au retour vers un diagnostic partagé."
        )
        + en_attente,
    )
