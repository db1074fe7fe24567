"""Sur un téléphone (375 px de large, issue 12 point 24) : les résultats de l'annuaire et les actions de la
fiche personne sont en haut de la page, aucune page ne défile de côté, et les lignes du portefeuille et des
contacts se lisent en cartes, colonne des alertes comprise."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.confiance.monde import creer_monde
from tests.navigateur.fixtures import oublier_la_session
from tests.ressources import factories as fr

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

LARGEUR = 375
HAUTEUR = 812
# Au-delà de deux écrans, la personne doit faire défiler longuement avant de voir ce qu'elle cherche.
SEUIL_PX = 2 * HAUTEUR


@pytest.fixture
def telephone(navigateur, live_server):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": LARGEUR, "height": HAUTEUR})
    onglet = contexte.new_page()
    erreurs = []
    onglet.on("pageerror", lambda exc: erreurs.append(str(exc)))
    yield onglet
    contexte.close()
    assert not erreurs, erreurs


def _connecter(page, live_server, utilisateur):
    from tests.factories import MOT_DE_PASSE

    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_load_state("networkidle")


def _ouvrir(page, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _haut(locator) -> float:
    """Position verticale dans la page (pas dans la fenêtre)."""
    return locator.evaluate("e => e.getBoundingClientRect().top + window.scrollY")


def _defilement_horizontal(page) -> list[str]:
    """La page défile de côté, ou un élément déborde (un tableau qui défile dans son cadre compris)."""
    return page.evaluate(
        """(largeur) => {
            const problemes = [];
            if (document.documentElement.scrollWidth > largeur) {
                problemes.push('page : ' + document.documentElement.scrollWidth + ' px');
            }
            for (const cadre of document.querySelectorAll('.fr-table, .fr-table__container, .fr-table table')) {
                if (cadre.scrollWidth > cadre.clientWidth + 1) {
                    problemes.push('tableau : ' + cadre.scrollWidth + ' > ' + cadre.clientWidth + ' px');
                }
            }
            return problemes;
        }""",
        LARGEUR,
    )


def _dans_l_ecran_en_largeur(locator) -> bool:
    return locator.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; }"
    )


@pytest.fixture
def monde(personas):
    monde = creer_monde(personas)
    saint_flour = next(iter(personas.cantal.communes.values()))
    for n in range(6):
        fr.service(nom=f"Atelier mobilité {n}", commune_obj=saint_flour)
    return monde


def test_annuaire_les_resultats_d_abord(monde, telephone, live_server):
    _connecter(telephone, live_server, monde.personas.conseiller)
    _ouvrir(telephone, f"{live_server.url}{reverse('ressources:recherche')}?thematique=mobilite")
    premier = telephone.locator(".binome-liste-resultats > li").first
    expect(premier).to_be_visible()
    assert _haut(premier) < SEUIL_PX, f"premier résultat à {_haut(premier):.0f} px"
    assert _defilement_horizontal(telephone) == []
    # Les filtres restent à portée : un bouton les déplie.
    bouton = telephone.get_by_role("button", name="Filtres de recherche")
    assert _haut(bouton) < _haut(premier)
    bouton.click()
    telephone.locator("#formulaire-recherche button[type=submit]").wait_for(state="visible")


def test_fiche_personne_les_actions_en_haut(monde, telephone, live_server):
    _connecter(telephone, live_server, monde.personas.conseiller)
    fiche = reverse("accompagnement:personne", kwargs={"pk": monde.cantal.personne.pk})
    _ouvrir(telephone, f"{live_server.url}{fiche}")
    for nom in ("Plan d'action", "Contacts"):
        lien = telephone.get_by_role("link", name=nom, exact=True).first
        expect(lien, nom).to_be_visible()
        assert _haut(lien) < SEUIL_PX, f"{nom} à {_haut(lien):.0f} px"
    assert _defilement_horizontal(telephone) == []


@pytest.mark.parametrize("page_tableau", ["portefeuille", "contacts"])
def test_tableaux_en_cartes_sans_defilement_de_cote(page_tableau, monde, telephone, live_server):
    _connecter(telephone, live_server, monde.personas.conseiller)
    if page_tableau == "portefeuille":
        chemin = reverse("accompagnement:portefeuille")
    else:
        chemin = reverse("accompagnement:contacts", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    _ouvrir(telephone, f"{live_server.url}{chemin}")
    lignes = telephone.locator(".fr-table tbody tr")
    assert lignes.count() >= 1
    assert _defilement_horizontal(telephone) == []
    # Chaque cellule de la première ligne est lisible sans défiler de côté, avec le nom de sa colonne.
    cellules = lignes.first.locator("td")
    for i in range(cellules.count()):
        cellule = cellules.nth(i)
        assert _dans_l_ecran_en_largeur(cellule), f"cellule {i} hors de l'écran"
        assert cellule.get_attribute("data-libelle"), f"cellule {i} sans le nom de sa colonne"
    if page_tableau == "portefeuille":
        alertes = lignes.first.locator("td[data-libelle='Alertes']")
        assert alertes.count() == 1 and _dans_l_ecran_en_largeur(alertes)


# Même classe de défaut ailleurs : les autres listes en tableau ne défilent pas de côté non plus.
AUTRES_PAGES = [
    ("conseiller", "accompagnement:personnes", {}),
    ("conseiller", "accompagnement:orientations", {}),
    ("conseiller", "confiance:historique_personne", {"personne_pk": "personne"}),
    ("conseiller", "confiance:consultations_personne", {"personne_pk": "personne"}),
    ("conseiller", "accompagnement:plan", {"parcours_pk": "parcours"}),
    ("encadrant", "accompagnement:equipe", {}),
    ("admin", "comptes:utilisateurs", {}),
    ("admin", "organisations:liste", {}),
    ("admin", "confiance:journal", {}),
]


def test_autres_listes_sans_defilement_de_cote(monde, telephone, live_server):
    problemes = []
    for persona in sorted({p for p, _n, _k in AUTRES_PAGES}):
        oublier_la_session(telephone)
        _connecter(telephone, live_server, getattr(monde.personas, persona))
        for _p, nom, kwargs in (page for page in AUTRES_PAGES if page[0] == persona):
            kwargs = {cle: getattr(monde.cantal, objet).pk for cle, objet in kwargs.items()}
            _ouvrir(telephone, f"{live_server.url}{reverse(nom, kwargs=kwargs)}")
            problemes += [f"{nom} : {p}" for p in _defilement_horizontal(telephone)]
    assert not problemes, "\n".join(problemes)
