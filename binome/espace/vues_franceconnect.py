"""Connexion de la personne par FranceConnect : démarrage (``binome.identite.franceconnect``), retour et
rapprochement par l'identité pivot, jamais par l'adresse électronique.

- ``sub`` déjà confirmé par le référent pour un espace ouvert : la session s'ouvre ;
- sinon, une seule personne d'un espace ouvert a ce nom de naissance, ces prénoms et cette date de naissance : une
  demande de rapprochement attend la confirmation du référent (page « votre référent doit confirmer ») ;
- aucune ou plusieurs : page neutre, sans rien dire de qui existe ; le refus est au journal des accès.
"""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from binome.confiance.journal import journaliser
from binome.confiance.models import Action
from binome.espace import session
from binome.espace.acces import journaliser_personne
from binome.espace.selectors.connexion import espace_ouvert_par_sub, espaces_par_identite_pivot
from binome.espace.services.connexion import connexion_franceconnect, rapprochement_demander
from binome.espace.vues_connexion import CLE_ID_TOKEN, sans_cache
from binome.identite import franceconnect
from binome.identite.oidc import FournisseurIndisponible

FINALITE_CONNEXION_FC = _("Connexion à son espace par FranceConnect")


def demarrer(request):
    try:
        return franceconnect.DemarrageFranceConnect.as_view()(request)
    except FournisseurIndisponible:
        reponse = render(request, "espace/connexion_franceconnect_indisponible.html", {}, status=503)
        return sans_cache(reponse)


def _refuser(request, motif: str, *, personne=None):
    journaliser(
        request=request,
        action=Action.CONNEXION_REFUSEE,
        finalite=str(_("Connexion FranceConnect à l'espace refusée : %(motif)s") % {"motif": motif}),
        personne=personne,
        libelle_acteur=str(_("Personne connectée par FranceConnect")),
    )


def retour(request):
    try:
        identite = franceconnect.identite_du_retour(request)
    except franceconnect.RetourRefuse:
        _refuser(request, str(_("retour de FranceConnect invalide")))
        return sans_cache(render(request, "espace/connexion_franceconnect_erreur.html", {}, status=400))
    espace = espace_ouvert_par_sub(identite.sub)
    if espace is not None:
        espace = connexion_franceconnect(espace=espace)
        session.ouvrir(request, espace=espace, moyen=session.Moyen.FRANCECONNECT)
        request.session[CLE_ID_TOKEN] = identite.id_token
        journaliser_personne(request, espace, action=Action.CONNEXION, finalite=FINALITE_CONNEXION_FC)
        return redirect("espace:accueil")
    candidats = espaces_par_identite_pivot(identite.pivot)
    if len(candidats) != 1:
        _refuser(request, str(_("identité sans correspondance unique")))
        return sans_cache(render(request, "espace/connexion_franceconnect_inconnue.html", {}))
    rapprochement_demander(espace=candidats[0], sub=identite.sub, identite=identite.pivot)
    _refuser(request, str(_("rapprochement à confirmer par le référent")), personne=candidats[0].personne)
    return sans_cache(render(request, "espace/connexion_franceconnect_attente.html", {}))
