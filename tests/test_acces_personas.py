"""Besoin d'en connaître, prouvé : chaque route est essayée par chaque persona, dont ceux de l'autre département.

Le test est généré depuis l'inventaire des routes (``tests/routes.py``, qui inclut l'API django-ninja) : une
nouvelle route est essayée sans rien écrire ici. Pour chaque route et chaque persona :

- les paramètres de la route sont résolus vers un dossier que le persona **ne doit pas** voir (celui de
  l'autre département, ou celui du Cantal pour qui ne voit aucun dossier) : GET et POST doivent répondre
  403, 404, 405 ou renvoyer vers la connexion, sans rien écrire ;
- quelle que soit la route, la réponse ne contient ni le nom ni le prénom d'une personne que le persona ne
  doit pas voir, ni les textes réservés au côté social (note privée non partagée, précision et situation
  d'un frein) pour qui n'est pas de ce côté ;
- les pages de lecture du dossier répondent 200 à ceux qui doivent les voir.

Un paramètre inconnu fait échouer le test avec la marche à suivre : déclarer la route au registre
(``binome/confiance/registre.py``, ``Declaration.parametres``) ou ajouter la correspondance ci-dessous.
``test_le_test_detecte_une_fuite`` prouve qu'une vérification retirée est détectée.
"""

import dataclasses
import datetime
import re

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from binome.accompagnement import services
from binome.accompagnement.enums import Cote
from binome.accompagnement.models import Evenement, Personne
from binome.comptes.models import Utilisateur
from binome.confiance import registre
from tests.collectif.factories import inscription_du_dossier
from tests.confiance.monde import creer_monde
from tests.echanges import outils_exports as echanges_outils
from tests.echanges.outils import importation_du_cantal
from tests.instances import outils as instances_outils
from tests.routes import Route, toutes_les_routes


def _convention_fse(monde) -> int:
    from binome.organisations.models import ConventionFSE

    convention, _cree = ConventionFSE.objects.get_or_create(
        departement=monde.personas.cantal.departement,
        defaults={"date_debut": datetime.date(2025, 1, 1), "identifiant_operation": "202500015"},
    )
    return convention.pk


ROUTES = [r for r in toutes_les_routes() if not r.nom.startswith("admin:")]
_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<nom>[^>]+)>")

# Domaines où une route peut ouvrir un dossier : GET et POST y sont essayés sur le dossier interdit.
DOMAINES_DOSSIER = ("accompagnement:", "confiance:", "api:", "v1:")

# Paramètre canonique (voir registre.PERSONNE_DEPUIS_KWARG) → objet du dossier.
OBJETS_DU_DOSSIER = {
    "personne_pk": lambda d: d.personne.pk,
    "parcours_pk": lambda d: d.parcours.pk,
    "orientation_pk": lambda d: d.orientation.pk,
    "diagnostic_pk": lambda d: d.diagnostic.pk,
    "frein_pk": lambda d: d.frein.pk,
    "plan_pk": lambda d: d.plan.pk,
    "objectif_pk": lambda d: d.objectif.pk,
    "action_pk": lambda d: d.action.pk,
    "contact_pk": lambda d: d.contact.pk,
    "sortie_pk": lambda d: d.sortie.pk,
    "suspension_pk": lambda d: d.suspension.pk,
    "coordination_pk": lambda d: d.coordination.pk,
    "demande_pk": lambda d: d.coordination.pk,
    "note_pk": lambda d: d.note_privee.pk,
    "evenement_pk": lambda d: d.evenement.pk,
    "orientation_service_pk": lambda d: d.orientation_service.pk,
    "rendez_vous_pk": lambda d: d.rendez_vous.pk,
    "version": lambda d: d.plan.version,
    "invitation_pk": lambda d: d.invitation.pk,
    # Actions collectives (issue 14, poste h1) : l'inscription du dossier à une séance de son département.
    "inscription_pk": lambda d: inscription_du_dossier(d).pk,
    # Instances (poste h3) : un dossier d'une instance sans membre, un manquement du parcours du dossier.
    "point_instance_pk": lambda d: instances_outils.point_du_dossier(d),
    "manquement_pk": lambda d: instances_outils.manquement_du_dossier(d),
}


def _jeton_du_cantal(monde) -> int:
    """Un jeton d'API du conseiller du Cantal (pages des jetons, issue 15, poste h1)."""
    from binome.comptes import services as services_comptes
    from binome.comptes.models import JetonApi

    jeton = JetonApi.objects.filter(utilisateur=monde.personas.conseiller).first()
    if jeton is None:
        jeton, _clair = services_comptes.jeton_api_creer(
            acteur=None, utilisateur=monde.personas.conseiller, nom="Jeton du Cantal"
        )
    return jeton.pk


# Routes hors dossier : valeur de leurs paramètres (objets du socle, de l'annuaire…).
PARAMETRES_HORS_DOSSIER = {
    "comptes:mot_de_passe_nouveau": {"uidb64": lambda m: "MQ", "token": lambda m: "jeton"},
    "comptes:invitation": {"uidb64": lambda m: "MQ", "token": lambda m: "jeton"},
    "comptes:utilisateur": {"pk": lambda m: m.personas.conseiller.pk},
    "comptes:habilitation_ajouter": {"pk": lambda m: m.personas.conseiller.pk},
    "comptes:habilitation_retirer": {
        "pk": lambda m: m.personas.conseiller.pk,
        "habilitation_pk": lambda m: m.personas.conseiller.habilitations.first().pk,
    },
    "comptes:utilisateur_desactiver": {"pk": lambda m: m.personas.conseiller.pk},
    "comptes:utilisateur_reactiver": {"pk": lambda m: m.personas.conseiller.pk},
    "comptes:utilisateur_renvoyer_invitation": {"pk": lambda m: m.personas.conseiller.pk},
    # Jetons d'API (issue 15, poste h1) : création pour le conseiller du Cantal, révocation d'un de ses jetons.
    "comptes:utilisateur_jeton_creer": {"pk": lambda m: m.personas.conseiller.pk},
    "comptes:utilisateurs_jeton_revoquer": {"pk": _jeton_du_cantal},
    "organisations:fiche": {"pk": lambda m: m.personas.cantal.agence.pk},
    "organisations:modifier": {"pk": lambda m: m.personas.cantal.agence.pk},
    "organisations:desactiver": {"pk": lambda m: m.personas.cantal.agence.pk},
    "organisations:reactiver": {"pk": lambda m: m.personas.cantal.agence.pk},
    "organisations:parametres": {"code": lambda m: "15"},
    # Fichiers envoyés (poste h5) : le Cantal, son premier destinataire et son premier fichier prêt.
    "echanges:exports": {"code": lambda m: "15"},
    "echanges:destinataire_creer": {"code": lambda m: "15"},
    "echanges:destinataire": {"pk": lambda m: echanges_outils.destinataire_du_cantal(m).pk},
    "echanges:fichier_telecharger": {"pk": lambda m: echanges_outils.fichier_du_cantal(m).pk},
    "organisations:conventions_fse": {"code": lambda m: "15"},
    "organisations:convention_fse_modifier": {"code": lambda m: "15", "pk": lambda m: _convention_fse(m)},
    "pilotage:definitions": {"code": lambda m: "15"},
    "ressources:signalement_traiter": {"pk": lambda m: 1},
    "ressources:correspondance_modifier": {"code": lambda m: "MOBILITE"},
    # Fichiers reçus (issue 15, poste h4) : un import de l'administratrice du Cantal (404 pour tout autre persona).
    **{
        f"echanges:{nom}": {"pk": lambda m: importation_du_cantal(m)}
        for nom in (
            "importation",
            "importation_correspondance",
            "importation_apercu",
            "importation_lancer",
            "importation_progression",
            "importation_rapport",
        )
    },
    # Lien de connexion à l'espace de la personne (issue 16, poste h2) : un jeton inconnu.
    "espace:lien": {"jeton": lambda m: "jeton-inconnu"},
    # Flux de l'agenda (poste h3) : un jeton inconnu, 404 pour tous (le jeton est l'autorisation).
    "agenda:abonnement_flux": {"jeton": lambda m: "jeton-inconnu"},
    # Actions collectives (poste h1) : l'action et la séance du Cantal où la personne du dossier est inscrite ;
    # la page de la séance ne la nomme qu'à qui ouvre son parcours.
    **{
        f"collectif:{nom}": {"pk": lambda m: inscription_du_dossier(m.cantal).seance.action_id}
        for nom in ("action", "action_modifier", "seance_creer")
    },
    **{
        f"collectif:{nom}": {"pk": lambda m: inscription_du_dossier(m.cantal).seance_id}
        for nom in ("seance", "seance_modifier", "seance_annuler", "inscrire", "presences")
    },
    # Publication d'une action collective dans l'annuaire (poste h2) : POST seulement ; une action inexistante (404).
    "collectif:action_publier": {"pk": lambda m: 999_999},
    "collectif:action_depublier": {"pk": lambda m: 999_999},
    # Instances (poste h3) : l'équipe pluridisciplinaire du Cantal où siège le membre de l'UDAF, une séance à venir
    # (dossier du Cantal à l'ordre du jour, avec sa synthèse) et une séance close (procès-verbal).
    **{
        f"instances:{nom}": {"pk": lambda m: instances_outils.instance_du_membre(m.personas).pk}
        for nom in ("instance", "modifier", "membre_ajouter", "seance_creer")
    },
    "instances:membre_retirer": {"pk": lambda m: instances_outils.membre_retirable(m.personas).pk},
    **{
        f"instances:{nom}": {"pk": lambda m: instances_outils.seance_du_membre(m).pk}
        for nom in ("seance", "inscrire", "inscrire_candidat", "presents", "cloturer")
    },
    **{
        f"instances:{nom}": {"pk": lambda m: instances_outils.seance_du_membre(m, close=True).pk}
        for nom in ("proces_verbal", "proces_verbal_pdf")
    },
}
# Paramètres de l'annuaire, identiques partout : un identifiant de service ou de structure inexistant suffit
# (l'annuaire ne contient pas de dossier personnel).
PARAMETRES_ANNUAIRE = {"service_id": lambda m: "service-inexistant", "structure_id": lambda m: "structure-inexistante"}

# Qui voit quel dossier (politique de binome.accompagnement.selectors), et qui voit son côté social.
VOIT = {
    "cantal": {"conseiller", "travailleur_social", "encadrant", "encadrant_social", "admin"},
    "calvados": {"conseiller_calvados", "travailleur_social_calvados", "admin_calvados"},
}
COTE_SOCIAL = {"cantal": {"travailleur_social", "encadrant_social"}, "calvados": {"travailleur_social_calvados"}}
# Le partenaire destinataire d'une orientation vers son service voit ce qu'elle transmet (nom, prénom, message),
# sur les seuls écrans de l'orientation ; jamais le dossier.
VOIT_EN_PLUS = {
    "ressources:orientations": {"cantal": {"partenaire"}},
    "ressources:orientation": {"cantal": {"partenaire"}},
    # Le partenaire invité dans le parcours du Cantal (issue 14) voit, sur ses seules pages, l'identité minimale.
    "accompagnement:parcours_partages": {"cantal": {"partenaire_invite"}},
    "accompagnement:parcours_partage": {"cantal": {"partenaire_invite"}},
    "accompagnement:parcours_partage_action": {"cantal": {"partenaire_invite"}},
    "accompagnement:parcours_partage_contact": {"cantal": {"partenaire_invite"}},
}


def voit_sur(route_nom: str) -> dict[str, set[str]]:
    en_plus = VOIT_EN_PLUS.get(route_nom, {})
    return {cle: VOIT[cle] | en_plus.get(cle, set()) for cle in VOIT}


PERSONAS = (
    "conseiller",
    "travailleur_social",
    "referent_orientation",
    "encadrant",
    "encadrant_social",
    "pilote",
    "admin",
    "partenaire",
    "conseiller_calvados",
    "travailleur_social_calvados",
    "admin_calvados",
    "pilote_calvados",
    "super_admin",
    "pilote_national",
    "partenaire_invite",
    "membre_instance",
)

# Pages de lecture du dossier : 200 attendu pour ceux qui voient le dossier (route → personas concernés ;
# None = tous ceux qui voient le dossier).
PAGES_DE_LECTURE = {
    "accompagnement:personne": None,
    "accompagnement:plan": None,
    "accompagnement:plan_imprimer": None,
    "accompagnement:plan_pdf": None,
    "accompagnement:contacts": None,
    "agenda:rendez_vous": None,
    "agenda:planifier": {"conseiller", "travailleur_social", "encadrant", "encadrant_social"},
    "accompagnement:notes_privees": COTE_SOCIAL["cantal"],
    "confiance:consultations_personne": None,
    "confiance:historique_personne": None,
    "confiance:partages_personne": None,
    "confiance:droits_personne": None,
    "confiance:export_personne": None,
    "confiance:export_personne_json": None,
    "agenda:convocation": None,
    "accompagnement:partenaires": None,
    "accompagnement:parcours_partage": {"partenaire_invite"},
    "collectif:inscrire_parcours": {"conseiller", "travailleur_social", "encadrant", "encadrant_social"},
    # API v1 (issue 15, poste h2), en session : fiches de la personne, du parcours, de l’orientation, de la sortie.
    "v1:personne": None,
    "v1:parcours": None,
    "v1:orientation": None,
    "v1:sortie": None,
}


class ParametreInconnu(AssertionError):
    pass


def parametres(route: Route, monde, dossier) -> dict:
    """Valeurs des paramètres de la route, résolus vers les objets de ``dossier`` (ou du socle)."""
    decl = registre.REGISTRE.get(route.nom)
    alias = decl.parametres if decl else {}
    valeurs = {}
    for m in _PARAM.finditer(route.gabarit):
        nom = m.group("nom")
        canonique = alias.get(nom, nom)
        hors_dossier = {**PARAMETRES_ANNUAIRE, **PARAMETRES_HORS_DOSSIER.get(route.nom, {})}
        if canonique in OBJETS_DU_DOSSIER:
            valeurs[nom] = OBJETS_DU_DOSSIER[canonique](dossier)
        elif nom in hors_dossier:
            valeurs[nom] = hors_dossier[nom](monde)
        else:
            raise ParametreInconnu(
                f"Route {route.nom} ({route.gabarit}) : paramètre « {nom} » inconnu. S'il désigne un objet du "
                "dossier, déclarez-le dans binome/confiance/registre.py (Declaration.parametres, ex. "
                "{'pk': 'parcours_pk'}) ; sinon ajoutez sa valeur à PARAMETRES_HORS_DOSSIER dans "
                "tests/test_acces_personas.py."
            )
    return valeurs


def _a_des_parametres_de_dossier(route: Route) -> bool:
    decl = registre.REGISTRE.get(route.nom)
    alias = decl.parametres if decl else {}
    return any(alias.get(m.group("nom"), m.group("nom")) in OBJETS_DU_DOSSIER for m in _PARAM.finditer(route.gabarit))


def _ecritures() -> tuple:
    """Empreinte des écritures : toute sauvegarde d'un objet historisé ajoute une ligne d'historique."""
    modeles = [m for m in apps.get_models() if m.__name__.startswith("Historical")]
    return (*(m.objects.count() for m in modeles), Evenement.objects.count(), Personne.objects.count())


def _refus(reponse) -> bool:
    if reponse.status_code in (401, 403, 404, 405):
        return True
    # Une route de l'espace de la personne renvoie vers la connexion de l'espace (issue 16, poste h3).
    return reponse.status_code == 302 and reponse["Location"].startswith(("/connexion/", "/mon-espace/connexion/"))


def _contenu(reponse) -> str:
    if getattr(reponse, "streaming", False):
        return b"".join(reponse.streaming_content).decode("utf-8", errors="ignore")
    return reponse.content.decode("utf-8", errors="ignore")


def _interdits(monde, persona: str, voit=VOIT) -> list[str]:
    """Textes que ce persona ne doit jamais lire."""
    textes = []
    for cle, dossier in (("cantal", monde.cantal), ("calvados", monde.calvados)):
        if persona not in voit[cle]:
            textes += [dossier.personne.nom, dossier.personne.prenom]
        if persona not in COTE_SOCIAL[cle]:
            textes += [*dossier.secrets, *dossier.secrets_agenda]
    return textes


def _dossier_interdit(monde, persona: str, voit=VOIT):
    return monde.calvados if persona in voit["cantal"] else monde.cantal


def _dossier_visible(monde, persona: str, voit=VOIT):
    if persona in voit["cantal"]:
        return monde.cantal
    if persona in voit["calvados"]:
        return monde.calvados
    return None


def verifier_route(route: Route, monde, personas=PERSONAS) -> list[str]:
    """Essaie la route sous chaque persona ; renvoie la liste des fuites constatées (vide si aucune).

    Sur le dossier interdit : GET (et POST dans les domaines du dossier) doivent être refusés, sans écriture.
    Sur son propre dossier : GET ne doit montrer ni l'autre dossier ni, hors du côté social, le secret social.
    Dans tous les cas, la réponse ne contient aucun texte interdit au persona.
    """
    problemes = []
    dossier_route = _a_des_parametres_de_dossier(route)
    essayer_post = route.nom.startswith(DOMAINES_DOSSIER) or dossier_route
    voit = voit_sur(route.nom)
    for nom in personas:
        client = Client(raise_request_exception=False)
        client.force_login(getattr(monde.personas, nom))
        interdits = _interdits(monde, nom, voit)
        essais = [("GET", client.get, _dossier_interdit(monde, nom, voit))]
        if essayer_post:
            essais.append(("POST", client.post, _dossier_interdit(monde, nom, voit)))
        if dossier_route and _dossier_visible(monde, nom, voit) is not None:
            essais.append(("GET", client.get, _dossier_visible(monde, nom, voit)))
        for methode, appel, dossier in essais:
            chemin = route.chemin(**parametres(route, monde, dossier))
            interdit = dossier is _dossier_interdit(monde, nom, voit)
            avant = _ecritures() if methode == "POST" else None
            reponse = appel(chemin)
            if dossier_route and interdit and not _refus(reponse):
                problemes.append(
                    f"{methode} {chemin} ({route.nom}) en {nom} : {reponse.status_code} au lieu d'un refus"
                )
            contenu = _contenu(reponse)
            for texte in interdits:
                if texte in contenu:
                    problemes.append(f"{methode} {chemin} ({route.nom}) en {nom} : la réponse contient « {texte} »")
            if avant is not None and _ecritures() != avant:
                problemes.append(f"{methode} {chemin} ({route.nom}) en {nom} : une écriture a eu lieu")
    return problemes


@pytest.fixture
def monde(personas):
    return creer_monde(personas)


def test_chaque_persona_est_essaye():
    """Un persona ajouté à ``tests/personas.py`` (un nouveau rôle) est essayé sur chaque route."""
    from tests.personas import Personas

    declares = {champ.name for champ in dataclasses.fields(Personas) if champ.type is Utilisateur}
    assert set(PERSONAS) == declares, sorted(declares ^ set(PERSONAS))


def test_inventaire_couvre_les_dossiers_et_l_api():
    noms = {r.nom for r in ROUTES}
    assert "confiance:export_personne" in noms
    assert any(r.gabarit.startswith("api/") for r in ROUTES), "les routes de l'API doivent être essayées"
    assert set(PAGES_DE_LECTURE) <= noms, sorted(set(PAGES_DE_LECTURE) - noms)


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.nom or r.gabarit)
def test_aucune_fuite(route, monde):
    problemes = verifier_route(route, monde)
    assert not problemes, "\n".join(problemes)


@pytest.mark.django_db
@pytest.mark.parametrize("nom_route", sorted(PAGES_DE_LECTURE))
def test_pages_de_lecture_ouvertes_a_qui_doit_les_voir(nom_route, monde):
    route = next(r for r in ROUTES if r.nom == nom_route)
    personas = PAGES_DE_LECTURE[nom_route] or VOIT["cantal"]
    chemin = route.chemin(**parametres(route, monde, monde.cantal))
    for nom in sorted(personas):
        client = Client()
        client.force_login(getattr(monde.personas, nom))
        reponse = client.get(chemin)
        assert reponse.status_code == 200, f"{chemin} en {nom} : {reponse.status_code}"
        contenu = _contenu(reponse)
        if nom not in COTE_SOCIAL["cantal"]:
            for secret in (*monde.cantal.secrets, *monde.cantal.secrets_agenda):
                assert secret not in contenu, f"{chemin} en {nom} : secret social « {secret} » affiché"


# --- Le test du test ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_le_test_detecte_une_fuite(monde, monkeypatch):
    """Retirer une vérification (ici : ``personnes_visibles`` rendu permissif, donc ``personne_pour`` aussi)
    fait apparaître des fuites : le test généré échouerait."""
    from binome.accompagnement.selectors import acces as selectors

    route = next(r for r in ROUTES if r.nom == "confiance:consultations_personne")
    assert verifier_route(route, monde, personas=("conseiller_calvados", "pilote")) == []
    monkeypatch.setattr(selectors, "personnes_visibles", lambda acteur: Personne.objects.all())
    problemes = verifier_route(route, monde, personas=("conseiller_calvados", "pilote"))
    assert any("conseiller_calvados : 200 au lieu d'un refus" in p for p in problemes), problemes
    assert any("la réponse contient « Quatrefages »" in p for p in problemes), problemes


@pytest.mark.django_db
def test_le_test_detecte_un_secret_social_affiche(monde, monkeypatch):
    """Montrer le côté social à France Travail (``voit_cote_social`` toujours vrai) est détecté."""
    from binome.accompagnement.selectors import acces as selectors

    route = next(r for r in ROUTES if r.nom == "confiance:export_personne")
    assert verifier_route(route, monde, personas=("conseiller_calvados",)) == []
    monkeypatch.setattr(selectors, "voit_cote_social", lambda acteur, personne: True)
    problemes = verifier_route(route, monde, personas=("conseiller_calvados",))
    assert any("NOTESECRETECALVADOS" in p for p in problemes), problemes


def test_un_parametre_inconnu_fait_echouer(monde=None):
    route = Route(nom="accompagnement:nouvelle_route", gabarit="accompagnement/truc/<int:machin_pk>/")
    with pytest.raises(ParametreInconnu, match="paramètre « machin_pk » inconnu"):
        parametres(route, None, None)


class _DossierPropose:
    """Le dossier né d'une proposition du partenaire ; les objets qu'il n'a pas (diagnostic, plan…) sont pris au
    dossier du Cantal, que le partenaire ne voit pas non plus."""

    def __init__(self, orientation, repli):
        self.orientation, self.parcours, self.personne = (
            orientation,
            orientation.parcours,
            orientation.parcours.personne,
        )
        self._repli = repli

    def __getattr__(self, nom):
        return getattr(self._repli, nom)


@pytest.mark.django_db
def test_le_partenaire_qui_propose_voit_le_statut_rien_du_dossier(monde):
    """Issue 12, point 15 : après sa proposition, le partenaire voit son statut ; toute route du dossier qu'il a
    fait naître lui est refusée et aucune autre page ne montre la personne."""
    partenaire = monde.personas.partenaire
    orientation = services.proposition_partenaire_creer(
        acteur=partenaire,
        nom="Proposéeparpartenaire",
        prenom="Ingrid",
        date_naissance=datetime.date(1980, 1, 1),
        commune=next(iter(monde.personas.cantal.communes.values())),
        cote_destinataire=Cote.FRANCE_TRAVAIL,
        motif="Motif de la proposition.",
    )
    dossier = _DossierPropose(orientation, monde.cantal)
    client = Client(raise_request_exception=False)
    client.force_login(partenaire)
    problemes = []
    for route in ROUTES:
        chemin = route.chemin(**parametres(route, monde, dossier))
        reponse = client.get(chemin)
        # Les écrans d'une orientation vers son service (VOIT_EN_PLUS) restent ouverts au partenaire destinataire.
        if _a_des_parametres_de_dossier(route) and route.nom not in VOIT_EN_PLUS and not _refus(reponse):
            problemes.append(f"GET {chemin} ({route.nom}) : {reponse.status_code} au lieu d'un refus")
        if route.nom != "accompagnement:propositions" and "Proposéeparpartenaire" in _contenu(reponse):
            problemes.append(f"GET {chemin} ({route.nom}) montre la personne proposée")
    assert not problemes, "\n".join(problemes)
    page = _contenu(client.get(reverse("accompagnement:propositions")))
    assert "Ingrid Proposéeparpartenaire" in page and "Proposée" in page


# --- La personne accompagnée (issue 16) : son espace, et rien d'autre --------------------------------------------

# Le persona « personne » : Ysaline Quatrefages, la personne du dossier du Cantal, avec son espace ouvert. Elle n'a pas
# de compte (``test_chaque_persona_est_essaye`` ne compte que les professionnels) : sa session est celle de l'espace.
PREFIXE_ESPACE = "mon-espace/"
# Routes de l'espace qui en sortent (la session se ferme) : ni 200 attendu, ni refus.
SORTIES_DE_L_ESPACE = {"espace:deconnexion"}


def _attendu_sans_objet(route, personne) -> bool:
    """Une page de l'espace qui répond 404 tant que son objet n'existe pas : le PDF du plan sans plan signé."""
    from binome.espace.selectors.pages import parcours_courant, plan_signe

    return route.nom == "espace:plan_pdf" and plan_signe(parcours_courant(personne)) is None


def _client_personne(espace) -> Client:
    from tests.espace_outils import connecter_personne

    client = Client(raise_request_exception=False)
    connecter_personne(client, espace)
    return client


def _page_gardee(reponse) -> bool:
    """Page de l'espace qui exige la session de la personne : l'anonyme est renvoyé vers sa connexion."""
    return reponse.status_code == 302 and reponse["Location"] == reverse("espace:connexion")


def _interdits_a_la_personne(monde) -> list[str]:
    """Le nom de l'autre personne ; ce qui est écrit pour les seuls professionnels, dans son dossier ou l'autre."""
    dossiers = (monde.cantal, monde.calvados)
    return [*monde.calvados.noms, *(t for d in dossiers for t in (*d.secrets, *d.secrets_agenda))]


def _essayer_l_objet_d_une_autre(route, monde, client) -> list[str]:
    """Une route de l'espace avec l'identifiant d'un objet de l'autre dossier : 404 (405 pour la mauvaise méthode),
    sans écriture."""
    chemin = route.chemin(**parametres(route, monde, monde.calvados))
    avant = _ecritures()
    statuts = [client.get(chemin).status_code, client.post(chemin).status_code]
    problemes = []
    if 404 not in statuts or not set(statuts) <= {404, 405}:
        problemes.append(f"{chemin} ({route.nom}) : {statuts} pour l'objet d'une autre personne, 404 attendu")
    if _ecritures() != avant:
        problemes.append(f"{chemin} ({route.nom}) : une écriture a eu lieu sur l'objet d'une autre personne")
    return problemes


def verifier_personne(monde, routes=ROUTES) -> list[str]:
    """Chaque route essayée par la personne : ses pages d'espace lui répondent 200 ; hors de son espace, elle reçoit
    exactement ce que reçoit un visiteur anonyme (connexion des professionnels, 401 de l'API, pages publiques) ;
    aucune réponse ne contient un texte qui lui est interdit."""
    from tests.espace_outils import espace_ouvert

    espace = espace_ouvert(monde.cantal.personne)
    interdits = _interdits_a_la_personne(monde)
    problemes = []
    for route in routes:
        client, anonyme = _client_personne(espace), Client(raise_request_exception=False)
        chemin = route.chemin(**parametres(route, monde, monde.cantal))
        reponse, reponse_anonyme = client.get(chemin), anonyme.get(chemin)
        if route.gabarit.startswith(PREFIXE_ESPACE):
            ouverte = reponse.status_code in (200, 405) or route.nom in SORTIES_DE_L_ESPACE
            ouverte = ouverte or (reponse.status_code == 404 and _attendu_sans_objet(route, espace.personne))
            if _page_gardee(reponse_anonyme) and not ouverte:
                problemes.append(f"GET {chemin} ({route.nom}) : {reponse.status_code} pour sa propre page")
            if _a_des_parametres_de_dossier(route):
                problemes += _essayer_l_objet_d_une_autre(route, monde, _client_personne(espace))
        elif (reponse.status_code, reponse.get("Location")) != (
            reponse_anonyme.status_code,
            reponse_anonyme.get("Location"),
        ):
            problemes.append(
                f"GET {chemin} ({route.nom}) : {reponse.status_code} pour la personne, "
                f"{reponse_anonyme.status_code} pour un visiteur anonyme"
            )
        contenu = _contenu(reponse)
        problemes += [
            f"GET {chemin} ({route.nom}) : la réponse contient « {texte} »" for texte in interdits if texte in contenu
        ]
    return problemes


@pytest.mark.django_db
def test_la_personne_n_ouvre_que_son_espace(monde):
    assert verifier_personne(monde) == []
    # Ce que « recevoir ce que reçoit l'anonyme » veut dire : la connexion des professionnels, 401 pour l'API.
    client = _client_personne(monde.cantal.personne.espace)
    fiche = client.get(reverse("accompagnement:personne", kwargs={"pk": monde.cantal.personne.pk}))
    assert fiche.status_code == 302 and fiche["Location"].startswith(reverse("comptes:connexion"))
    assert client.get(reverse("v1:personne", args=[monde.cantal.personne.pk])).status_code == 401
    assert client.get(reverse("espace:donnees")).status_code == 200


@pytest.mark.django_db
def test_aucun_professionnel_n_ouvre_l_espace(monde):
    """Les pages gardées de l'espace renvoient chaque professionnel connecté vers la connexion de l'espace."""
    anonyme = Client()
    gardees = [r for r in ROUTES if r.gabarit.startswith(PREFIXE_ESPACE)]
    gardees = [r for r in gardees if _page_gardee(anonyme.get(r.chemin(**parametres(r, monde, monde.cantal))))]
    assert {"espace:accueil", "espace:donnees", "espace:consultations", "espace:opposition", "espace:fermer"} <= {
        r.nom for r in gardees
    }
    problemes = []
    for nom in PERSONAS:
        client = Client(raise_request_exception=False)
        client.force_login(getattr(monde.personas, nom))
        for route in gardees:
            reponse = client.get(route.chemin(**parametres(route, monde, monde.cantal)))
            if not _page_gardee(reponse):
                problemes.append(f"{route.nom} en {nom} : {reponse.status_code} au lieu de la connexion de l'espace")
    assert not problemes, "\n".join(problemes)


@pytest.mark.django_db
def test_le_test_de_la_personne_detecte_une_fuite(monde, monkeypatch):
    """Test du test : un espace qui montrerait le dossier d'une autre personne est détecté."""
    from binome.espace import acces
    from tests.espace_outils import espace_ouvert

    autre = espace_ouvert(monde.calvados.personne)
    routes = [r for r in ROUTES if r.nom == "espace:donnees"]
    assert verifier_personne(monde, routes) == []
    monkeypatch.setattr(acces, "espace_de", lambda request: autre)
    problemes = verifier_personne(monde, routes)
    assert any("la réponse contient « Brossolette »" in p for p in problemes), problemes
