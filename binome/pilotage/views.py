"""Vues du pilotage : minces. Les droits viennent de ``selectors``, les chiffres de ``tableau``/``indicateurs``.

Tableaux de bord et exports : lectures seules, faites sur le réplica s'il existe (``lecture_sur_replica``,
``binome/core/routeur.py``). Les exports sont exposés par des routes nommées ``pilotage:export_*`` et journalisés par
``binome.confiance.journal.journaliser`` (la confiance est une couche sous le pilotage).

Exports en flux (issue 17) : un CSV est une ``StreamingHttpResponse`` dont les morceaux sont produits **après** la
sortie de la vue, donc hors du bloc ``lecture_sur_replica()`` du décorateur ; ``_sur_replica`` rouvre un bloc autour
de la production de chaque morceau (la requête de l'itérateur part sous le bloc, et le curseur nommé reste sur la
base choisie à sa première lecture) sans laisser le routage actif entre deux morceaux, chez l'appelant. Un XLSX est
écrit entièrement dans la vue, sous le bloc, dans un fichier temporaire que la ``FileResponse`` envoie ensuite.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from binome.accompagnement.enums import Modalite
from binome.confiance.journal import journaliser
from binome.core.forms import ajouter_erreurs
from binome.core.routeur import lecture_sur_replica
from binome.pilotage import agregats, definitions, exports, fse, selectors, services, tableau, taches
from binome.pilotage.forms import DefinitionForm, FiltreForm, FiltreNationalForm, periode_par_defaut
from binome.pilotage.indicateurs import Periode

TYPES_CONTENU = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _fil(*elements):
    return [{"titre": _("Pilotage"), "url": reverse("pilotage:tableau_de_bord")}, *elements]


def _periode_du_formulaire(form):
    return Periode(form.cleaned_data["du"], form.cleaned_data["au"]) if form.is_valid() else None


def _filtres_nationaux(request):
    """Filtres du niveau national : (formulaire, périmètre national, modalité, période ou ``None``) ; 403 sans droit
    au niveau national (``selectors.perimetre_national``)."""
    perimetre = selectors.perimetre_national(request.user)
    aujourdhui = timezone.localdate()
    du, au = periode_par_defaut(aujourdhui)
    donnees = {
        "modalite": request.GET.get("modalite") or Modalite.GLOBAL,
        "du": request.GET.get("du") or du.isoformat(),
        "au": request.GET.get("au") or au.isoformat(),
    }
    form = FiltreNationalForm(donnees, aujourdhui=aujourdhui)
    periode = _periode_du_formulaire(form)
    return form, perimetre, form.cleaned_data["modalite"] if periode else donnees["modalite"], periode


def _filtres(request):
    """Lit les filtres : (formulaire, périmètre, modalité, période) ; période ``None`` si le formulaire est invalide.

    403 sans droit au pilotage, 404 pour un territoire hors de portée (``selectors.perimetre_pour``).
    """
    acteur = request.user
    perimetre = selectors.perimetre_pour(
        acteur,
        departement=request.GET.get("departement"),
        organisation=request.GET.get("organisation"),
        agent=request.GET.get("agent"),
    )
    aujourdhui = timezone.localdate()
    du, au = periode_par_defaut(aujourdhui)
    donnees = {
        "departement": perimetre.departement.code,
        "organisation": str(perimetre.organisation.pk) if perimetre.organisation else "",
        "agent": str(perimetre.agent.pk) if perimetre.agent else "",
        "modalite": request.GET.get("modalite") or Modalite.GLOBAL,
        "du": request.GET.get("du") or du.isoformat(),
        "au": request.GET.get("au") or au.isoformat(),
    }
    agents = list(selectors.agents_pilotables(acteur, perimetre.organisation)) if perimetre.detail_agents else None
    form = FiltreForm(
        donnees,
        departements=selectors.departements_pilotables(acteur),
        organisations=list(selectors.organisations_pilotables(acteur, perimetre.departement.code)),
        agents=agents,
        aujourdhui=aujourdhui,
    )
    if not form.is_valid():
        return form, perimetre, donnees["modalite"], None
    periode = Periode(form.cleaned_data["du"], form.cleaned_data["au"])
    return form, perimetre, form.cleaned_data["modalite"], periode


def _journaliser(request, *, finalite: str, perimetre, periode, modalite) -> None:
    """Trace l'export dans le journal des accès (``binome.confiance.journal``, couche inférieure).

    Appelée avant de produire le fichier : si l'écriture du journal échoue, rien n'est servi.
    """
    cible = "/".join(
        str(v) for v in (*perimetre.parametres().values(), modalite, periode.du.isoformat(), periode.au.isoformat())
    )
    journaliser(
        request=request,
        action="EXPORT",
        finalite=finalite,
        objet=(request.resolver_match.view_name if request.resolver_match else "pilotage:export", cible),
        departement=perimetre.code_departement or "",
    )


@require_GET
@lecture_sur_replica()
def tableau_de_bord(request):
    if not selectors.a_acces(request.user) and selectors.a_acces_national(request.user):
        # Pilote national, administrateur de la plateforme : leur tableau de bord est le niveau national.
        return redirect("pilotage:national")
    form, perimetre, modalite, periode = _filtres(request)
    contexte = {
        "form": form,
        "perimetre": perimetre,
        "tableau": None,
        "requete": request.GET.urlencode(),
        "peut_exporter_fse": selectors.peut_exporter_fse(request.user, perimetre),
        "peut_gerer_definitions": selectors.peut_gerer_definitions(request.user, perimetre.departement.code),
        "peut_rafraichir": False,
        "fil_ariane": [{"titre": _("Pilotage")}],
    }
    if periode is not None:
        contexte["tableau"] = agregats.tableau_de_bord(perimetre, modalite, periode, maintenant=timezone.localtime())
        contexte["requete"] = tableau.requete_filtres(perimetre.parametres(), modalite, periode)
        contexte["remonter"] = _remonter(perimetre, modalite, periode)
    return render(request, "pilotage/tableau_de_bord.html", contexte)


@require_GET
@lecture_sur_replica()
def tableau_national(request):
    """Niveau national : tous les départements et leur comparaison, en agrégats masqués (jamais un dossier)."""
    form, perimetre, modalite, periode = _filtres_nationaux(request)
    contexte = {
        "form": form,
        "perimetre": perimetre,
        "tableau": None,
        "requete": request.GET.urlencode(),
        "peut_exporter_fse": False,
        "peut_gerer_definitions": False,
        "remonter": [],
        "fil_ariane": [{"titre": _("Pilotage national")}],
        "peut_rafraichir": selectors.peut_rafraichir_agregats(request.user),
    }
    if periode is not None:
        contexte["tableau"] = agregats.tableau_de_bord(perimetre, modalite, periode, maintenant=timezone.localtime())
        contexte["requete"] = tableau.requete_filtres({}, modalite, periode)
    return render(request, "pilotage/tableau_de_bord.html", contexte)


@require_POST
def rafraichir_agregats(request):
    """Met en file le recalcul des agrégats des tableaux de bord (super-administrateur de la plateforme)."""
    if not selectors.peut_rafraichir_agregats(request.user):
        raise PermissionDenied(_("Seul l'administrateur de la plateforme peut recalculer les chiffres."))
    taches.rafraichir_agregats.enqueue(demande_par_id=request.user.pk)
    messages.success(
        request,
        _(
            "Le recalcul des chiffres des tableaux de bord est demandé : la date du calcul affichée changera dès "
            "qu'il sera terminé."
        ),
    )
    return redirect("pilotage:national")


def _remonter(perimetre, modalite, periode) -> list[dict]:
    """Liens pour remonter d'un niveau (agent → organisation → département), selon les droits."""
    liens = []
    if perimetre.organisation is not None and perimetre.departement_entier:
        liens.append(
            {
                "titre": str(perimetre.departement),
                "requete": tableau.requete_filtres({"departement": perimetre.departement.code}, modalite, periode),
            }
        )
    if perimetre.agent is not None:
        liens.append(
            {
                "titre": perimetre.organisation.nom,
                "requete": tableau.requete_filtres(
                    {"departement": perimetre.departement.code, "organisation": perimetre.organisation.pk},
                    modalite,
                    periode,
                ),
            }
        )
    return liens


def _nom_fichier(prefixe: str, perimetre, periode, extension: str) -> str:
    morceaux = [prefixe, perimetre.code_departement or "national"]
    if perimetre.organisation:
        morceaux.append(f"org{perimetre.organisation.pk}")
    if perimetre.agent:
        morceaux.append(f"agent{perimetre.agent.pk}")
    morceaux += [periode.du.isoformat(), periode.au.isoformat()]
    return "-".join(morceaux) + "." + extension


def _filtres_invalides(form) -> HttpResponse:
    erreurs = " ".join(str(m) for liste in form.errors.values() for m in liste)
    return HttpResponse(
        _("Filtres invalides : %(e)s") % {"e": erreurs}, status=400, content_type="text/plain; charset=utf-8"
    )


def _sur_replica(morceaux):
    """Produit chaque morceau de ``morceaux`` sous ``lecture_sur_replica()`` (un bloc par morceau : rien ne reste
    routé vers le réplica chez l'appelant entre deux morceaux, ni d'un fil ou d'un contexte à l'autre)."""
    iterateur = iter(morceaux)
    while True:
        with lecture_sur_replica():
            morceau = next(iterateur, None)
        if morceau is None:
            return
        yield morceau


def _piece_jointe(contenu, extension: str, nom: str) -> StreamingHttpResponse:
    """CSV : ``contenu`` est un itérateur d'octets, envoyé en flux ; XLSX : un fichier temporaire rembobiné."""
    if extension == "csv":
        reponse = StreamingHttpResponse(_sur_replica(contenu), content_type=TYPES_CONTENU[extension])
    else:
        reponse = FileResponse(contenu, content_type=TYPES_CONTENU[extension])
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    reponse["Cache-Control"] = "no-store"
    return reponse


def _export_tableau(request, extension: str, filtres=_filtres):
    form, perimetre, modalite, periode = filtres(request)
    if periode is None:
        return _filtres_invalides(form)
    donnees = tableau.construire(perimetre, modalite, periode, date_donnees=timezone.localtime())
    _journaliser(
        request,
        finalite=_("Export du tableau de bord du pilotage (%(format)s)") % {"format": extension.upper()},
        perimetre=perimetre,
        periode=periode,
        modalite=modalite,
    )
    contenu = exports.tableau_csv(donnees) if extension == "csv" else exports.tableau_xlsx(donnees)
    return _piece_jointe(contenu, extension, _nom_fichier("pilotage", perimetre, periode, extension))


@require_GET
@lecture_sur_replica()
def export_csv(request):
    return _export_tableau(request, "csv")


@require_GET
@lecture_sur_replica()
def export_xlsx(request):
    return _export_tableau(request, "xlsx")


@require_GET
@lecture_sur_replica()
def export_national_csv(request):
    return _export_tableau(request, "csv", _filtres_nationaux)


@require_GET
@lecture_sur_replica()
def export_national_xlsx(request):
    return _export_tableau(request, "xlsx", _filtres_nationaux)


@require_GET
@lecture_sur_replica()
def export_fse(request):
    """Extrait FSE+ participant par participant : administrateur départemental ou encadrant ; jamais le pilote."""
    form, perimetre, modalite, periode = _filtres(request)
    if not selectors.peut_exporter_fse(request.user, perimetre):
        raise PermissionDenied(_("L'extrait FSE+ par participant est réservé aux administrateurs et aux encadrants."))
    if periode is None:
        return _filtres_invalides(form)
    extension = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    maintenant = timezone.localtime()
    parcours = selectors.parcours_du_perimetre(perimetre, modalite)
    # Le nombre de lignes (une requête COUNT) est journalisé avant d'envoyer quoi que ce soit ; les lignes sont lues
    # ensuite, par paquets, pendant l'envoi.
    nombre = fse.nombre(parcours, periode)
    # CSV : cellules déjà écrites (neutralisées, mises en forme) par valeur distincte ; XLSX : valeurs.
    cellule = exports.cellule_csv if extension == "csv" else None
    lignes = fse.rangees(parcours, periode, date_extraction=maintenant.date().isoformat(), cellule=cellule)
    _journaliser(
        request,
        finalite=_("Extrait FSE+ participant par participant (%(format)s, %(n)s lignes)")
        % {"format": extension.upper(), "n": nombre},
        perimetre=perimetre,
        periode=periode,
        modalite=modalite,
    )
    if extension == "csv":
        contenu = exports.fse_csv(lignes)
    else:
        notice = [
            (_("Territoire"), perimetre.libelle),
            (_("Période"), f"{periode.du.isoformat()} — {periode.au.isoformat()}"),
            (_("Modalité"), str(Modalite(modalite).label)),
            (
                _("Parcours"),
                _(
                    "parcours cofinancés par le FSE+ : dérogation du parcours, sinon convention FSE+ du "
                    "département à la date d'entrée"
                ),
            ),
            (_("Données au"), maintenant.strftime("%d/%m/%Y %H:%M")),
            (_("Règles"), " ".join((fse.__doc__ or "").split())),
        ]
        contenu = exports.fse_xlsx(lignes, notice)
    return _piece_jointe(contenu, extension, _nom_fichier("fse", perimetre, periode, extension))


@require_http_methods(["GET", "POST"])
def definitions_sortie_positive(request, code: str):
    departement = selectors.departement_definitions(request.user, code)
    peut_gerer = selectors.peut_gerer_definitions(request.user, code)
    form = None
    if peut_gerer:
        applicable = definitions.definition_applicable(code, timezone.localdate())
        form = DefinitionForm(
            request.POST or None,
            initial={"codes": list(applicable.codes), "valable_a_partir_du": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.definition_sortie_positive_creer(
                    acteur=request.user, departement=departement, **form.cleaned_data
                )
            except ValidationError as erreur:
                ajouter_erreurs(form, erreur)
            else:
                messages.success(request, _("La nouvelle version de la définition est enregistrée."))
                return redirect("pilotage:definitions", code=code)
    elif request.method == "POST":
        raise PermissionDenied(_("Seul l'administrateur du département peut modifier cette définition."))
    return render(
        request,
        "pilotage/definitions.html",
        {
            "departement": departement,
            "versions": definitions.versions(code),
            "en_vigueur": definitions.definition_applicable(code, timezone.localdate()),
            "defaut": definitions.DEFINITION_PAR_DEFAUT,
            "form": form,
            "acces_tableau": selectors.a_acces(request.user),
            "aujourdhui": timezone.localdate(),
            "fil_ariane": _fil({"titre": _("Définition de la sortie positive — %(d)s") % {"d": departement}}),
        },
    )
