"""Les droits de la personne dans son espace : ce que Binôme sait d'elle, qui a consulté son dossier, notice
d'information en français facile (publique : liée depuis la confirmation du premier rendez-vous), opposition,
fermeture de l'espace. Vues minces : lectures par ``selectors.droits``, écritures par les services existants."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from binome.confiance.services import personne_opposition_enregistrer
from binome.core.forms import ajouter_erreurs
from binome.core.selectors import informations_editeur
from binome.espace import session
from binome.espace.acces import espace_requis
from binome.espace.forms_droits import FormulaireFermeture, FormulaireOppositionPersonne
from binome.espace.selectors import droits
from binome.espace.services.ouverture import espace_fermer

TAILLE_PAGE_CONSULTATIONS = 20


@require_GET
@espace_requis
def donnees(request):
    return render(request, "espace/donnees.html", {"donnees": droits.donnees_de(request.espace)})


@require_GET
@espace_requis
def consultations(request):
    page = Paginator(droits.consultations_de(request.espace.personne), TAILLE_PAGE_CONSULTATIONS).get_page(
        request.GET.get("page")
    )
    return render(request, "espace/consultations.html", {"page": page})


@require_GET
def notice(request):
    """Publique : la personne la lit avant même d'avoir un espace (lien du premier rendez-vous)."""
    espace = session.espace_de(request)
    contexte = {
        "editeur": informations_editeur(),
        "conservation_mois": droits.conservation_mois(espace),
        "journal_jours": droits.conservation_journal_jours(),
        "connectee": espace is not None,
    }
    return render(request, "espace/notice.html", contexte)


@require_http_methods(["GET", "POST"])
@espace_requis
def opposition(request):
    espace = request.espace
    form = FormulaireOppositionPersonne(request.POST or None)
    if request.method == "POST" and droits.personne_peut_s_opposer(espace) and form.is_valid():
        try:
            personne_opposition_enregistrer(
                acteur=None,
                personne=espace.personne,
                date=timezone.localdate(),
                motif=form.cleaned_data["motif"],
                par_la_personne=True,
            )
        except ValidationError as erreur:
            ajouter_erreurs(form, erreur)
        else:
            messages.success(request, _("Votre opposition est enregistrée. Votre référent va vous contacter."))
            return redirect("espace:opposition")
    statut = 400 if request.method == "POST" else 200
    contexte = {"form": form, "personne": espace.personne, "peut_s_opposer": droits.personne_peut_s_opposer(espace)}
    return render(request, "espace/opposition.html", contexte, status=statut)


@require_http_methods(["GET", "POST"])
@espace_requis
def fermer(request):
    form = FormulaireFermeture(request.POST or None)
    if request.method == "POST" and form.is_valid():
        espace_fermer(acteur=None, espace=request.espace, par_la_personne=True)
        session.fermer(request)
        return render(request, "espace/fermer_fait.html", {})
    statut = 400 if request.method == "POST" else 200
    return render(request, "espace/fermer.html", {"form": form}, status=statut)
