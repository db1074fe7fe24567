"""L'accueil « À faire », la cohérence de chaque ligne avec sa page cible, les compteurs différés du menu."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from binome.comptes.models import Role
from binome.portail.selectors import CATALOGUE
from binome.quotidien import a_faire as af
from binome.ressources.models import OrientationService
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome, personne_du
from tests.agenda.factories import RendezVousFactory
from tests.quotidien.donnees import JOUR, MAINTENANT, J, a, journee_de_claire
from tests.ressources.factories import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def journee(personas):
    with freeze_time(MAINTENANT):
        yield journee_de_claire(personas)


def _client(utilisateur) -> Client:
    client = Client()
    client.force_login(utilisateur)
    return client


def _section_a_faire(html: str) -> str:
    return html.split('id="a-faire"', 1)[1].split("</section>", 1)[0]


def _texte(html: str) -> str:
    """Le texte lu (balises retirées, blancs réduits, apostrophes décodées)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


# --- Chaque ligne = le nombre de sa page cible ---------------------------------------------------------------


def _nombre_de_la_page(client, ligne, html_accueil) -> int:
    """Le nombre que montre la page où la ligne mène : la liste paginée, ou la liste de l'accueil (agenda)."""
    chemin, _diese, ancre = ligne.url.partition("#")
    if ancre:
        bloc = html_accueil.split(f'id="{ancre}"', 1)[1].split("</ul>", 1)[0]
        return bloc.count("<li>")
    reponse = client.get(chemin)
    assert reponse.status_code == 200, ligne.url
    page = reponse.context.get("page") or reponse.context["recues"]  # ressources:orientations : deux listes
    return page.paginator.count


def _inactif_et_fiche(personas):
    """Un parcours suivi par un conseiller désactivé (vue équipe de Marc), une fiche à vérifier et une orientation
    qui attend la réponse du partenaire."""
    parti = f.agent("parti@exemple.gouv.fr", "Paul", "Parti", personas.cantal.agence, Role.CONSEILLER_FT)
    parcours_du_binome(personas, conseiller=parti, date_entree=JOUR - 2 * J)
    parti.is_active = False
    parti.save()
    fiche = service(
        organisation=personas.cantal.partenaire,
        departement=personas.cantal.departement,
        date_verification=JOUR - 400 * J,  # semestrielle : à vérifier depuis longtemps
    )
    for statut in ("ENVOYEE", "ACCEPTEE"):  # une orientation attend la réponse du partenaire, l'autre non
        OrientationService.objects.create(
            personne=personne_du(personas.cantal),
            service=fiche,
            emetteur=personas.conseiller,
            adhesion_le=JOUR,
            transmis_prenom="Julie",
            transmis_nom="Lacombe",
            expire_le=JOUR + 30 * J,
            statut=statut,
        )


@pytest.mark.parametrize(
    "nom", ["conseiller", "travailleur_social", "encadrant", "partenaire", "referent_orientation"]
)
def test_chaque_ligne_egale_le_nombre_de_sa_page(personas, journee, nom):
    with freeze_time(MAINTENANT):
        _inactif_et_fiche(personas)
        utilisateur = getattr(personas, nom)
        client = _client(utilisateur)
        html = client.get(reverse("core:accueil")).content.decode()
        lignes = af.a_faire(utilisateur)
        assert lignes, nom
        for ligne in lignes:
            assert f'href="{ligne.url}"' in html.replace("&amp;", "&"), ligne.cle
            assert _nombre_de_la_page(client, ligne, html) == ligne.nombre, (nom, ligne.cle)


def test_claire_a_une_ligne_de_chaque_sorte(personas, journee):
    with freeze_time(MAINTENANT):
        _inactif_et_fiche(personas)
        cles = {
            ligne.cle
            for nom in ("conseiller", "encadrant", "partenaire")
            for ligne in af.a_faire(getattr(personas, nom))
        }
    assert cles == set(af.CLES)


# --- L'accueil ------------------------------------------------------------------------------------------------


def test_accueil_de_claire(personas, journee):
    with freeze_time(MAINTENANT):
        html = _client(personas.conseiller).get(reverse("core:accueil")).content.decode()
    section = _section_a_faire(html)
    assert "<h2" in section and "À faire" in section
    # Le nombre en badge, puis le libellé : le lien se lit « 1 orientation attend un diagnostic ».
    assert "1 orientation attend un diagnostic" in _texte(section)
    assert "1 renouvellement attend votre accord" in _texte(section)
    assert re.search(r'<span class="fr-badge[^"]*">1</span>\s*orientation attend un diagnostic', section)
    # Rendez-vous du jour : l'heure et la personne par son prénom et son initiale, jamais son nom ni l'objet.
    jour = section.split('id="a-faire-rendez-vous"', 1)[1].split("</ul>", 1)[0]
    assert "14:30" in jour and "Corinne C." in jour and "Coord" not in jour
    assert journee.rendez_vous_du_jour.objet not in section
    presences = section.split('id="a-faire-presences"', 1)[1].split("</ul>", 1)[0]
    assert "Agathe A." in presences and "09:00" in presences


def test_etat_vide(personas):
    with freeze_time(MAINTENANT):
        html = _client(personas.conseiller).get(reverse("core:accueil")).content.decode()
        assert "Rien ne vous attend aujourd'hui." in _texte(_section_a_faire(html))
        # Un pilote n'a pas de « À faire » : ses sections restent celles de son rôle.
        html = _client(personas.pilote).get(reverse("core:accueil")).content.decode()
        assert 'id="a-faire"' not in html


def _portefeuille_de(personas, taille: int):
    for n in range(taille):
        parcours = parcours_du_binome(personas, date_entree=JOUR - 40 * J)
        RendezVousFactory(
            parcours=parcours,
            debut=a(JOUR, 15, n),
            organisateur=personas.conseiller,
            professionnels=[personas.conseiller],
        )
        RendezVousFactory(
            parcours=parcours,
            debut=a(JOUR - J, 9, n),
            organisateur=personas.conseiller,
            professionnels=[personas.conseiller],
        )


@pytest.mark.parametrize("url", ["core:accueil", "quotidien:compteurs"])
def test_requetes_independantes_du_portefeuille(personas, django_assert_max_num_queries, url):
    """Même plafond pour 2 et 12 personnes (lignes, rendez-vous, présences) : rien n'est lu personne par personne."""
    client = _client(personas.conseiller)
    with freeze_time(MAINTENANT):
        for taille in (2, 10):
            _portefeuille_de(personas, taille)
            # Lignes du portefeuille en une agrégation (Échelle) ; +2 : la ligne RSA à orienter (délais, compte).
            with django_assert_max_num_queries(19 if url == "core:accueil" else 12):
                assert client.get(reverse(url)).status_code == 200


# --- Les compteurs du menu ------------------------------------------------------------------------------------


def test_le_menu_rend_des_emplacements_sans_compter(personas, journee):
    with freeze_time(MAINTENANT):
        html = _client(personas.conseiller).get(reverse("accompagnement:personnes")).content.decode()
    menu = html.split('id="navigation-principale"', 1)[1].split("</nav>", 1)[0]
    for cle in ("total", "orientations", "coordinations", "contacts_en_retard"):
        assert f'id="compteur-menu-{cle}"' in menu
    assert "à traiter" not in menu and "à faire" not in menu
    assert f'hx-get="{reverse("quotidien:compteurs")}"' in menu and 'hx-trigger="load"' in menu
    # Le seul emplacement annoncé aux lecteurs d'écran : le total.
    assert menu.count('aria-live="polite"') == 1
    assert re.search(r'id="compteur-menu-total"\s+class="binome-compteur"\s+aria-live="polite"', menu)


def test_le_fragment_des_compteurs(personas, journee):
    with freeze_time(MAINTENANT):
        reponse = _client(personas.conseiller).get(reverse("quotidien:compteurs"))
        lignes = {ligne.cle: ligne.nombre for ligne in af.a_faire(personas.conseiller)}
        total = af.total(af.a_faire(personas.conseiller))
    assert total == sum(lignes.values()) - lignes["rendez_vous_semaine"]
    html = reponse.content.decode()
    assert "no-cache" in reponse["Cache-Control"] or "max-age=0" in reponse["Cache-Control"]
    assert "<html" not in html and "<nav" not in html
    ids = re.findall(r'id="compteur-menu-([a-z_]+)" hx-swap-oob="innerHTML"', html)
    assert ids == ["total", "orientations", "coordinations", "contacts_en_retard"]
    total = (
        af.total(af.a_faire(personas.conseiller))
        if False
        else sum(n for cle, n in lignes.items() if cle != "rendez_vous_semaine")
    )
    bloc = html.split('id="compteur-menu-total"', 1)[1].split('id="compteur-menu-orientations"', 1)[0]
    assert f"{total} à faire" in re.sub(r"\s+", " ", bloc)
    bloc = html.split('id="compteur-menu-contacts_en_retard"', 1)[1]
    assert f"{lignes['contacts_en_retard']} à traiter" in re.sub(r"\s+", " ", bloc)


def test_le_fragment_n_a_que_les_emplacements_du_menu(personas):
    """Chaque badge du fragment a son emplacement dans le menu de la même personne (sinon htmx signale une erreur)."""
    for nom in ("conseiller", "travailleur_social", "encadrant", "partenaire", "pilote", "admin", "super_admin"):
        client = _client(getattr(personas, nom))
        menu = client.get(reverse("core:accueil")).content.decode().split('id="navigation-principale"', 1)[1]
        emplacements = set(re.findall(r'id="compteur-menu-([a-z_]+)"', menu.split("</nav>", 1)[0]))
        badges = re.findall(
            r'id="compteur-menu-([a-z_]+)"', client.get(reverse("quotidien:compteurs")).content.decode()
        )
        assert set(badges) == emplacements, nom


def test_les_cles_du_menu_sont_des_lignes_a_faire():
    cles = {entree.compteur for entree, _p in CATALOGUE if entree.compteur}
    assert cles == set(af.COMPTEURS_DU_MENU) and cles - {af.TOTAL} <= set(af.CLES)


def test_compteurs_refuses_a_l_anonyme(client):
    reponse = client.get(reverse("quotidien:compteurs"))
    assert reponse.status_code == 302 and reponse["Location"].startswith("/connexion/")


def test_un_jour_donne(personas, journee):
    with freeze_time(MAINTENANT):
        jeudi = {c.cle: c.nombre for c in af.compteurs_menu(personas.conseiller, aujourdhui=JOUR + J)}
    assert jeudi["total"] >= 1 and datetime.date(2025, 3, 6).weekday() == 3


# --- Coût fixe (Échelle) : les lignes du portefeuille comptées ensemble ---------------------------------------


@pytest.mark.parametrize("url", ["core:accueil", "quotidien:compteurs"])
def test_lignes_du_portefeuille_comptees_en_une_fois(personas, journee, monkeypatch, url):
    """Les quatre lignes du portefeuille : expressions d'alerte construites une fois, une seule agrégation, et
    chaque nombre égal à celui de ``compter_portefeuille`` (la page cible)."""
    from binome.accompagnement import alertes
    from binome.accompagnement import selectors as accompagnement

    construites = []
    vraies = alertes.expressions_alertes
    monkeypatch.setattr(alertes, "expressions_alertes", lambda **kw: construites.append(1) or vraies(**kw))
    with freeze_time(MAINTENANT):
        assert _client(personas.conseiller).get(reverse(url)).status_code == 200
        # Avant : une fois par ligne (4), puis une de plus pour les chiffres de l'accueil ; la liste du portefeuille
        # est maintenant résolue une fois par page (``selectors.suivi._liste_memorisee``).
        assert len(construites) == 1
        definitions = [d for d in af.LIGNES if d.alerte_portefeuille]
        assert len(definitions) == 4
        nombres = accompagnement.compter_portefeuille_par_alerte(
            personas.conseiller, alertes_demandees=[d.alerte_portefeuille for d in definitions]
        )
        for definition in definitions:
            attendu = accompagnement.compter_portefeuille(personas.conseiller, alerte=definition.alerte_portefeuille)
            assert nombres[definition.alerte_portefeuille] == attendu, definition.cle
        assert nombres[accompagnement.ATTEND_MON_ACCORD] == 1  # la journée de Claire : un accord attendu
