"""Tests de cohérence : les règles de la maison, vérifiées sur tout le code et non au cas par cas.

1. Services : toute fonction publique d'un module ``services`` n'a que des paramètres nommés et s'exécute dans
   ``transaction.atomic`` (décorateur, ou ``with transaction.atomic(...)`` comme première instruction).
2. Historique : tout modèle de Binôme a ``history = HistoricalRecords()``, ou une exemption motivée.
3. Vues : aucune requête sur un modèle dans une vue (``Modele.objects``, ``get_object_or_404(Modele, …)``) ; le
   « qui voit quoi » se décide dans les sélecteurs.
4. Sélecteurs : toute requête qu'un sélecteur renvoie est ordonnée ; en test, une requête sans ordre rend ses
   lignes dans un ordre aléatoire (``tests/conftest.py``), ce qui fait échouer le test qui en dépendait.

Chaque vérificateur est lui-même testé sur un mauvais exemple : il sait échouer.
"""

import ast
import datetime
import importlib
import inspect
import pkgutil
import sys
import textwrap
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

import binome

# Écarts connus, corrigés en ce moment même dans d'autres branches (refonte « Maison », points 1 à 4) ; le
# responsable de la fusion vide ce dictionnaire. Le test échoue aussi quand une entrée ne viole plus la règle :
# la liste ne peut que raccourcir. Clé : « module.fonction ».
_LECTURE_DANS_SERVICES = "lecture ou calcul public dans un module de services, à paramètres positionnels (points 2, 4)"
EN_COURS_DE_CORRECTION: dict[str, str] = {}

RACINE = Path(binome.__file__).resolve().parent


def _fichiers(nom: str) -> list[Path]:
    """Les modules ``nom.py`` et ceux du paquet ``nom/`` de chaque application de Binôme."""
    fichiers = []
    for application in sorted(p for p in RACINE.iterdir() if p.is_dir()):
        if (application / f"{nom}.py").exists():
            fichiers.append(application / f"{nom}.py")
        if (application / nom).is_dir():
            fichiers.extend(sorted((application / nom).rglob("*.py")))
    return fichiers


def _module(chemin: Path) -> str:
    return ".".join(chemin.relative_to(RACINE.parent).with_suffix("").parts).removesuffix(".__init__")


def _comparer(violations: dict[str, str], *, domaine: str, autorisees=()) -> None:
    """Échoue sur une violation nouvelle, et sur une entrée d'EN_COURS_DE_CORRECTION de ce domaine corrigée."""
    en_cours = {cle for cle in EN_COURS_DE_CORRECTION if f".{domaine}." in f"{cle}."}
    nouvelles = {cle: motif for cle, motif in violations.items() if cle not in en_cours and cle not in autorisees}
    corrigees = sorted(en_cours - set(violations)) + sorted(set(autorisees) - set(violations))
    assert not nouvelles, "Règle enfreinte :\n" + "\n".join(f"  {cle} : {motif}" for cle, motif in nouvelles.items())
    assert not corrigees, "Corrigé : retirez d'EN_COURS_DE_CORRECTION (ou de la liste autorisée) :\n" + "\n".join(
        f"  {c}" for c in corrigees
    )


def test_comparer_echoue_sur_une_violation_nouvelle_et_sur_une_correction_non_retiree(monkeypatch):
    # Indépendant du contenu réel du dictionnaire (que le responsable de la fusion vide).
    monkeypatch.setattr(
        sys.modules[__name__], "EN_COURS_DE_CORRECTION", {"binome.a.services.f": "motif", "binome.a.views.v": "motif"}
    )
    _comparer({"binome.a.services.f": "motif"}, domaine="services")
    with pytest.raises(AssertionError, match="Règle enfreinte"):
        _comparer({"binome.a.services.f": "motif", "binome.a.services.g": "motif"}, domaine="services")
    with pytest.raises(AssertionError, match="retirez"):
        _comparer({}, domaine="services")
    _comparer(
        {"binome.a.views.w": "motif", "binome.a.views.v": "motif"}, domaine="views", autorisees={"binome.a.views.w"}
    )


# --- 1. Services : paramètres nommés, transaction ------------------------------------------------------------

# Décorateurs (et gestionnaires de contexte) reconnus comme ouvrant la transaction.
ATOMIQUES = {"atomic"}

# Exceptions durables à la règle, chacune avec sa raison.
SERVICES_AUTORISES = {
    "binome.ressources.services.orientations.action_rattacher_service": "délègue sa seule écriture à "
    "accompagnement.services.plan.action_modifier, qui ouvre sa propre transaction durable (voir sa docstring)",
    "binome.accompagnement.services.importation_controle.cle_personne": "fonction pure (la clé de rapprochement "
    "d'une ligne du fichier), partagée par le contrôle et l'écriture de l'import : aucune écriture",
    "binome.pilotage.services.agregats_rafraichir": "calcule d'abord, hors transaction (lectures longues), puis "
    "remplace toutes les lignes dans un seul « with transaction.atomic() » : un lecteur voit l'ancien jeu ou "
    "le nouveau",
}


def _est_atomique(noeud) -> bool:
    if isinstance(noeud, ast.Call):
        noeud = noeud.func
    if isinstance(noeud, ast.Attribute):
        return noeud.attr in ATOMIQUES
    return isinstance(noeud, ast.Name) and noeud.id in ATOMIQUES


def violations_services(source: str, module: str) -> dict[str, str]:
    """Fonctions publiques de premier niveau à paramètres positionnels, ou hors de ``transaction.atomic``."""
    violations = {}
    for noeud in ast.parse(source).body:
        if not isinstance(noeud, ast.FunctionDef | ast.AsyncFunctionDef) or noeud.name.startswith("_"):
            continue
        problemes = []
        if noeud.args.posonlyargs or noeud.args.args or noeud.args.vararg:
            problemes.append("paramètres positionnels (mettez « * » en tête)")
        corps = noeud.body
        if corps and isinstance(corps[0], ast.Expr) and isinstance(corps[0].value, ast.Constant):
            corps = corps[1:]  # docstring
        decoree = any(_est_atomique(d) for d in noeud.decorator_list)
        englobee = (
            bool(corps)
            and isinstance(corps[0], ast.With)
            and any(_est_atomique(i.context_expr) for i in corps[0].items)
        )
        if not (decoree or englobee):
            problemes.append("hors de transaction.atomic (décorateur, ou « with » en première instruction)")
        if problemes:
            violations[f"{module}.{noeud.name}"] = " ; ".join(problemes)
    return violations


def test_le_verificateur_des_services_sait_echouer():
    source = textwrap.dedent(
        '''
        from django.db import transaction
        from django.db.transaction import atomic

        @transaction.atomic(durable=True)
        def bon_decore(*, acteur):
            """Docstring."""

        @atomic
        def bon_decore_nu(*, acteur): ...

        def bon_englobe(*, acteur):
            """Docstring."""
            with transaction.atomic():
                pass

        def _prive(objet): ...

        @transaction.atomic
        def positionnel(acteur, *, objet): ...

        def controle_avant(*, acteur):
            verifier(acteur)
            with transaction.atomic():
                pass

        def sans_transaction(*, acteur):
            return acteur

        @transaction.atomic
        def variadique(*args): ...
        '''
    )
    assert set(violations_services(source, "m")) == {
        "m.positionnel",
        "m.controle_avant",
        "m.sans_transaction",
        "m.variadique",
    }


def test_les_services_publics_ont_des_parametres_nommes_et_une_transaction():
    fichiers = _fichiers("services")
    assert fichiers, "aucun module de services trouvé"
    violations = {}
    for chemin in fichiers:
        if chemin.name.startswith("_") and chemin.name != "__init__.py":
            continue  # module privé du paquet (``services/_commun.py``) : aides internes, pas des services
        violations |= violations_services(chemin.read_text(encoding="utf-8"), _module(chemin))
    _comparer(violations, domaine="services", autorisees=SERVICES_AUTORISES)


# --- 2. Historique -------------------------------------------------------------------------------------------

SANS_HISTORIQUE = {
    "territoires.Region": "référentiel public (COG de l'INSEE) rechargé par charger_referentiels ; source versionnée",
    "territoires.Departement": "référentiel public (COG de l'INSEE), idem",
    "territoires.Commune": "référentiel public (COG de l'INSEE), idem",
    "territoires.CodePostal": "référentiel public (base officielle des codes postaux), idem",
    "territoires.CommuneDeleguee": "référentiel public (COG de l'INSEE), idem",
    "accompagnement.ElementReferentiel": "référentiel national livré dans le dépôt (data/) : l'historique est git",
    "pilotage.AgregatTableau": "chiffres agrégés recalculés chaque nuit depuis les données historisées (aucune donnée "
    "personnelle) ; chaque ligne porte calcule_le, demande_par et duree_ms",
    "accompagnement.Evenement": "chronologie du dossier : lignes écrites une fois par les services, jamais modifiées",
    "ressources.ServiceThematique": "index de recherche recalculé depuis le Service (historisé) à chaque écriture",
    "ressources.ZoneEligibilite": "table dérivée de Service.zone_eligibilite (historisé), recalculée à l'écriture",
    "ressources.AppartenanceEpci": "référentiel public (EPCI de l'INSEE) rechargé par charger_referentiels",
    "pilotage.DefinitionSortiePositive": "versions jamais modifiées : la table des versions est l'historique",
    "confiance.EntreeJournal": "journal des accès immuable et chaîné par empreintes : il est lui-même une trace",
    "confiance.ChaineJournal": "tête technique d'une chaîne du journal (rang, empreinte, ancre, sceau)",
    "confiance.ExecutionPlanifiee": "réclamation (tâche planifiée, date) écrite une fois : elle est la trace",
    "accompagnement.AvisAffectation": (
        "file d'avis pour le résumé par courriel ; la réaffectation elle-même est historisée (Parcours, chronologie)"
    ),
    "quotidien.ResumeEnvoye": "réclamation d'un envoi, écrite une fois avant le courriel : elle est sa propre trace",
    "echanges.ImportListe": (
        "suivi technique d'un import (fichier, progression, rapport) : ses effets sont historisés sur chaque personne "
        "(« Import d'une liste de personnes ») et le fichier n'a pas à être recopié dans une table d'historique"
    ),
    "espace.LienConnexion": (
        "lien de connexion à usage unique (empreinte seule, 15 minutes) ; chaque connexion est au journal des accès"
    ),
    "api.CleIdempotence": (
        "mémoire technique d'une réponse à rejouer (Idempotency-Key), purgée après 24 h ; la création qu'elle "
        "protège est historisée par son propre service"
    ),
    "echanges.ParcoursTransfere": "origine d'un parcours reçu, écrite une fois à l'import ; transfert au journal",
    "echanges.FichierExport": (
        "fichier produit une fois par le travailleur ; sa demande et sa production sont au journal des accès"
    ),
}


def _modeles_de_binome():
    return [
        modele
        for modele in apps.get_models()
        if modele._meta.app_config.name.startswith("binome.") and not hasattr(modele, "instance_type")
    ]


def modeles_sans_historique(modeles) -> set[str]:
    """Libellés des modèles sans ``HistoricalRecords`` (django-simple-history)."""
    return {m._meta.label for m in modeles if not getattr(m._meta, "simple_history_manager_attribute", None)}


def test_le_verificateur_de_l_historique_sait_echouer():
    from binome.accompagnement.models import Personne
    from binome.territoires.models import Region

    assert modeles_sans_historique([Region, Personne]) == {"territoires.Region"}


def test_chaque_modele_a_un_historique_ou_une_exemption_motivee():
    modeles = _modeles_de_binome()
    assert len(modeles) > 20
    sans = modeles_sans_historique(modeles)
    manquants = sorted(sans - set(SANS_HISTORIQUE))
    assert not manquants, f"Ajoutez history = HistoricalRecords() (ou une exemption motivée) à : {manquants}"
    perimees = sorted(set(SANS_HISTORIQUE) - sans)
    assert not perimees, f"Exemptions sans objet (modèle historisé ou disparu) à retirer : {perimees}"
    assert all(motif.strip() for motif in SANS_HISTORIQUE.values())


# --- 3. Vues : pas de requête sur un modèle ------------------------------------------------------------------

# Vues autorisées à interroger un modèle directement, chacune avec sa raison (aucune aujourd'hui).
VUES_AUTORISEES: dict[str, str] = {}

_RACCOURCIS = {"get_object_or_404", "get_list_or_404"}


def violations_vues(source: str, module: str) -> dict[str, str]:
    """Requêtes sur un modèle dans une vue : ``X.objects``, ``X._default_manager``, ``get_object_or_404(X, …)``
    avec ``X`` une classe (nom en majuscule). Clé : la fonction ou la classe de premier niveau qui la contient."""
    violations = {}
    for noeud in ast.parse(source).body:
        nom = getattr(noeud, "name", "<module>")
        for sous in ast.walk(noeud):
            requete = None
            if isinstance(sous, ast.Attribute) and sous.attr in ("objects", "_default_manager"):
                requete = ast.unparse(sous)
            elif (
                isinstance(sous, ast.Call)
                and isinstance(sous.func, ast.Name)
                and sous.func.id in _RACCOURCIS
                and sous.args
                and isinstance(sous.args[0], ast.Name)
                and sous.args[0].id[:1].isupper()
            ):
                requete = f"{sous.func.id}({sous.args[0].id}, …)"
            if requete:
                violations.setdefault(f"{module}.{nom}", f"requête sur un modèle ligne {sous.lineno} : {requete}")
    return violations


def test_le_verificateur_des_vues_sait_echouer():
    source = textwrap.dedent(
        """
        from django.shortcuts import get_object_or_404

        def bonne(request, pk):
            objet = get_object_or_404(selectors.objets_visibles(request.user), pk=pk)
            return render(request, "x.html", {"objet": objet, "liste": selectors.liste(request.user)})

        def par_le_gestionnaire(request):
            return Personne.objects.filter(cree_par=request.user)

        def par_le_raccourci(request, pk):
            return get_object_or_404(Personne, pk=pk)

        class Vue(View):
            def get(self, request):
                return Service._default_manager.all()
        """
    )
    assert set(violations_vues(source, "m")) == {"m.par_le_gestionnaire", "m.par_le_raccourci", "m.Vue"}


def test_aucune_vue_n_interroge_un_modele():
    fichiers = _fichiers("views")
    assert fichiers, "aucun module de vues trouvé"
    violations = {}
    for chemin in fichiers:
        violations |= violations_vues(chemin.read_text(encoding="utf-8"), _module(chemin))
    _comparer(violations, domaine="views", autorisees=VUES_AUTORISEES)


# --- 4. Sélecteurs : requêtes ordonnées ----------------------------------------------------------------------


def _modules_selecteurs():
    """Les modules ``selectors`` de chaque application (et les sous-modules d'un paquet ``selectors``)."""
    modules = []
    for application in apps.get_app_configs():
        if not application.name.startswith("binome."):
            continue
        try:
            module = importlib.import_module(f"{application.name}.selectors")
        except ModuleNotFoundError:
            continue
        modules.append(module)
        if hasattr(module, "__path__"):
            modules.extend(
                importlib.import_module(info.name)
                for info in pkgutil.walk_packages(module.__path__, prefix=f"{module.__name__}.")
            )
    return modules


def _selecteurs():
    for module in _modules_selecteurs():
        for nom, fonction in sorted(vars(module).items()):
            if not nom.startswith("_") and inspect.isfunction(fonction) and fonction.__module__ == module.__name__:
                yield fonction


def requetes_sans_ordre(resultat) -> bool:
    """Vrai si le résultat est (ou contient, pour un dictionnaire) une requête sans ordre garanti."""
    if isinstance(resultat, dict):
        return any(requetes_sans_ordre(valeur) for valeur in resultat.values())
    return isinstance(resultat, QuerySet) and not resultat.ordered


def test_le_verificateur_d_ordre_sait_echouer(db):
    from binome.comptes.models import Habilitation, Utilisateur

    assert requetes_sans_ordre(Habilitation.objects.filter(active=True))
    assert requetes_sans_ordre({"a": Utilisateur.objects.all(), "b": Habilitation.objects.all()})
    assert not requetes_sans_ordre(Habilitation.objects.order_by("pk"))
    assert not requetes_sans_ordre(Utilisateur.objects.all())  # Meta.ordering
    assert not requetes_sans_ordre([1, 2])


@pytest.fixture
def arguments(personas):
    """Valeurs des paramètres obligatoires des sélecteurs, par nom de paramètre."""
    from binome.accompagnement.enums import Modalite, TypeElementReferentiel
    from binome.accompagnement.models import InvitationPartenaire
    from binome.pilotage.selectors import perimetre_pour
    from tests.accompagnement import factories as fa

    parcours = fa.parcours_du_binome(personas)
    plan = fa.PlanActionFactory(parcours=parcours)
    fa.ObjectifFactory(plan=plan)
    return {
        "personne": parcours.personne,
        "parcours": parcours,
        "plan": plan,
        "departement": personas.cantal.departement,
        "departement_code": personas.cantal.departement.code,
        "organisation": personas.cantal.agence,
        "utilisateur": personas.conseiller,
        "pks": [parcours.pk],
        "debut": timezone.now() - datetime.timedelta(days=7),
        "fin": timezone.now() + datetime.timedelta(days=7),
        "avant": timezone.now(),
        "type_element": TypeElementReferentiel.values[0],
        "modalite": Modalite.GLOBAL,
        "perimetre": perimetre_pour(personas.admin),
        # filtrer_suivi(qs) : la liste de suivi annotée (alertes) que renvoie le sélecteur « portefeuille ».
        "qs": next(f for f in _selecteurs() if f.__name__ == "portefeuille")(personas.conseiller),
        # Partenaires dans un parcours (issue 14, poste h4) : une invitation du persona « partenaire ».
        "invitation": InvitationPartenaire.objects.create(
            parcours=parcours,
            partenaire=personas.partenaire,
            organisation=personas.cantal.partenaire,
            objet="Suivi",
            accord_le=timezone.localdate(),
            expire_le=timezone.localdate(),
            invitee_par=personas.conseiller,
        ),
    }


def test_les_selecteurs_renvoient_des_requetes_ordonnees(personas, arguments):
    acteurs = [
        personas.super_admin,
        personas.admin,
        personas.conseiller,
        personas.travailleur_social,
        personas.encadrant,
        personas.pilote,
        personas.partenaire,
    ]
    sans_ordre, non_appeles, appeles = {}, [], 0
    for selecteur in _selecteurs():
        cle = f"{selecteur.__module__}.{selecteur.__name__}"
        signature = inspect.signature(selecteur)
        obligatoires = [
            p.name
            for p in signature.parameters.values()
            if p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]
        connus = {nom: arguments[nom] for nom in obligatoires if nom in arguments}
        if len(connus) + ("acteur" in obligatoires) < len(obligatoires):
            if "QuerySet" in str(signature.return_annotation):
                non_appeles.append(cle)
            continue  # un sélecteur qui renvoie un objet (``pk``…) ou une valeur
        for acteur in acteurs if "acteur" in obligatoires else [None]:
            valeurs = connus if acteur is None else {**connus, "acteur": acteur}
            try:
                resultat = selecteur(**valeurs)
            except (PermissionDenied, Http404):
                continue
            appeles += 1
            if requetes_sans_ordre(resultat):
                sans_ordre.setdefault(cle, "requête sans order_by")
    assert not non_appeles, (
        f"Donnez une valeur aux paramètres de ces sélecteurs (fixture « arguments ») : {non_appeles}"
    )
    assert appeles > 50
    _comparer(sans_ordre, domaine="selectors")


def test_en_test_une_requete_sans_ordre_est_rendue_dans_un_ordre_aleatoire(db):
    from binome.comptes.models import Habilitation
    from binome.organisations.models import Organisation

    def aleatoire(qs) -> bool:
        return " ORDER BY RAND" in str(qs.query).upper()  # RANDOM() ou RAND() selon la base

    assert aleatoire(Habilitation.objects.filter(active=True))
    assert not aleatoire(Habilitation.objects.order_by("pk"))
    assert not aleatoire(Organisation.objects.all())  # Meta.ordering
    assert not aleatoire(Habilitation.objects.order_by())  # ordre retiré exprès (agrégats, sous-requêtes)
    assert not aleatoire(Habilitation.objects.values("role").distinct())


# --- 5. Tests : aucune mesure de durée -----------------------------------------------------------------------

# La performance se mesure par ``make benchmark`` ; un test n'affirme rien sur une durée (machine chargée, CI).
HORLOGES = {"time", "perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time", "time_ns"}
# Usages de l'horloge qui ne mesurent pas une durée, avec leur raison.
HORLOGE_AUTORISEE = {
    "tests/confiance/test_double_facteur.py": "calcule un code TOTP à un instant donné (time.time() + décalage)",
    "tests/fournisseur_oidc.py": "attend au plus 30 s que le processus du fournisseur OpenID de test réponde",
    "tests/confiance/test_deux_travailleurs.py": "échéance d'attente des vrais processus travailleurs et de leur "
    "file (et heure de Paris figée pour le planificateur) : ne mesure aucune durée",
    "tests/test_cache_partage.py": "attend au plus quelques secondes que les vrais serveurs gunicorn répondent",
}


def mesures_de_duree(source: str) -> list[str]:
    """Appels d'horloge (``time.perf_counter()``…) et imports de ``timeit`` dans un module de test."""
    trouves = []
    for noeud in ast.walk(ast.parse(source)):
        if isinstance(noeud, ast.Import) and any(alias.name == "timeit" for alias in noeud.names):
            trouves.append(f"ligne {noeud.lineno} : import timeit")
        elif isinstance(noeud, ast.ImportFrom) and noeud.module in ("time", "timeit"):
            noms = {alias.name for alias in noeud.names}
            if noeud.module == "timeit" or noms & HORLOGES:
                trouves.append(f"ligne {noeud.lineno} : from {noeud.module} import {', '.join(sorted(noms))}")
        elif (
            isinstance(noeud, ast.Attribute)
            and isinstance(noeud.value, ast.Name)
            and noeud.value.id == "time"
            and noeud.attr in HORLOGES
        ):
            trouves.append(f"ligne {noeud.lineno} : {ast.unparse(noeud)}")
    return trouves


def test_le_verificateur_de_durees_sait_echouer():
    source = textwrap.dedent(
        """
        import time
        import timeit
        from time import perf_counter

        def test_lent():
            debut = time.perf_counter()
            assert time.monotonic() - debut < 1.0

        def test_dates(freezer):
            assert datetime.date.today()
        """
    )
    assert len(mesures_de_duree(source)) == 4


def test_aucun_test_ne_mesure_une_duree():
    racine_tests = Path(__file__).resolve().parent
    fautifs = {}
    for chemin in sorted(racine_tests.rglob("*.py")):
        relatif = chemin.relative_to(racine_tests.parent).as_posix()
        if chemin == Path(__file__).resolve() or relatif in HORLOGE_AUTORISEE:
            continue
        trouves = mesures_de_duree(chemin.read_text(encoding="utf-8"))
        if trouves:
            fautifs[relatif] = trouves
    assert not fautifs, f"Mesures de durée dans les tests (comptez les requêtes, vérifiez le résultat) : {fautifs}"
    assert all(
        mesures_de_duree((racine_tests.parent / chemin).read_text(encoding="utf-8")) for chemin in HORLOGE_AUTORISEE
    ), "Autorisation sans objet dans HORLOGE_AUTORISEE"
