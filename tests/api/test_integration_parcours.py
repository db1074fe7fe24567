"""Issue 15, « Done when » : sur la démonstration, un jeton créé pour une conseillère de la démo liste exactement les
personnes qu'elle voit dans le navigateur, et mène une personne de l'orientation à la sortie (puis au suivi à six
mois) par l'API seule ; le second membre du binôme agit avec son propre jeton quand la machine exige les deux."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.accompagnement import enums as e
from binome.accompagnement.models import Parcours
from binome.comptes.models import Utilisateur
from binome.confiance.models import EntreeJournal
from tests.api.outils import client_jeton, creer_jeton, tout_lire
from tests.demo.test_demo_accompagnement import demo as demo_accompagnement  # noqa: F401 — fixture partagée

pytestmark = pytest.mark.django_db

CONSEILLERE = "claire.martin@francetravail.test"  # France Travail Saint-Flour
TRAVAILLEUSE_SOCIALE = "sophie.bernard@cantal.test"  # Maison des solidarités de Saint-Flour
SAINT_FLOUR = "15187"
_LIEN_PERSONNE = re.compile(r'href="/accompagnement/personnes/(\d+)/"')


def _vues_dans_le_navigateur(utilisateur) -> set[int]:
    """Les personnes de la page « Personnes » du compte, page après page, telles que le navigateur les montre."""
    navigateur = Client()
    navigateur.force_login(utilisateur)
    vues, numero = set(), 1
    while True:
        page = navigateur.get(reverse("accompagnement:personnes"), {"page": numero})
        assert page.status_code == 200
        vues |= {int(pk) for pk in _LIEN_PERSONNE.findall(page.content.decode())}
        if numero >= page.context["page"].paginator.num_pages:
            return vues
        numero += 1


def _poster(client, parcours_id: int, action: str, corps: dict | None = None, statut: int = 200) -> dict:
    reponse = client.post(f"/api/v1/parcours/{parcours_id}/{action}", corps or {}, content_type="application/json")
    assert reponse.status_code == statut, (action, reponse.content.decode())
    return reponse.json()


def _membre(membres: list[dict], courriel: str) -> dict:
    return next(m for m in membres if m["compte"]["courriel"] == courriel)


def test_la_liste_du_jeton_est_celle_du_navigateur(demo_accompagnement):  # noqa: F811
    claire = Utilisateur.objects.get(email=CONSEILLERE)
    client = client_jeton(creer_jeton(claire, nom="Logiciel de l'agence"))
    par_api = {p["id"] for p in tout_lire(client, "/api/v1/personnes", taille=37)}
    navigateur = _vues_dans_le_navigateur(claire)
    assert len(navigateur) > 10
    assert par_api == navigateur


def test_de_l_orientation_a_la_sortie_par_l_api_seule(demo_accompagnement):  # noqa: F811
    claire = Utilisateur.objects.get(email=CONSEILLERE)
    sophie = Utilisateur.objects.get(email=TRAVAILLEUSE_SOCIALE)
    ft = client_jeton(creer_jeton(claire, nom="Logiciel de l'agence"))
    social = client_jeton(creer_jeton(sophie, nom="Logiciel social du département"))
    aujourdhui = timezone.localdate().isoformat()

    # Repérage par la conseillère, puis orientation vers le Département.
    creation = ft.post(
        "/api/v1/personnes",
        {"nom": "Parapi", "prenom": "Élodie", "date_naissance": "1987-05-04", "commune": SAINT_FLOUR},
        content_type="application/json",
    )
    assert creation.status_code == 201, creation.content
    personne_id = creation.json()["id"]
    (parcours,) = tout_lire(ft, "/api/v1/parcours", personne=personne_id)
    pid = parcours["id"]
    assert parcours["etat"] == "REPERE"
    assert "orienter" in ft.get(f"/api/v1/parcours/{pid}").json()["actions_possibles"]
    fiche = _poster(ft, pid, "orienter", {"modalite_proposee": "GLOBAL", "motif": "Freins sociaux et projet à bâtir."})
    assert fiche["etat"] == "ORIENTATION_PROPOSEE"

    # La travailleuse sociale reçoit l'orientation : diagnostic planifié, diagnostic partagé, entrée.
    recue = social.get(f"/api/v1/parcours/{pid}").json()
    assert {"planifier-diagnostic", "refuser-orientation"} <= set(recue["actions_possibles"])
    _poster(social, pid, "planifier-diagnostic", {"date_diagnostic": aujourdhui})
    freins = {domaine: {"niveau": "SANS_IMPACT"} for domaine in e.DomaineFrein.values}
    freins["MOBILITE"] = {"niveau": "FORT"}
    diagnostic = {
        "date": aujourdhui,
        "freins": freins,
        "decision": "GLOBAL",
        "adhesion": True,
        "adhesion_le": aujourdhui,
        "conseiller_id": claire.pk,
        "travailleur_social_id": sophie.pk,
    }
    assert _poster(social, pid, "diagnostiquer", diagnostic)["etat"] == "DIAGNOSTIC_PARTAGE"
    membres = social.get(f"/api/v1/parcours/{pid}/membres-possibles").json()
    conseillere, referente = (
        _membre(membres["conseillers"], CONSEILLERE),
        _membre(membres["referents"], TRAVAILLEUSE_SOCIALE),
    )
    entree = {
        "conseiller_id": conseillere["compte"]["id"],
        "organisation_conseiller_id": conseillere["organisation"]["id"],
        "referent_social_id": referente["compte"]["id"],
        "organisation_referent_id": referente["organisation"]["id"],
        "date_entree": aujourdhui,
    }
    fiche = _poster(social, pid, "activer", entree)
    assert fiche["etat"] == "ACTIF" and fiche["conseiller"]["compte"]["courriel"] == CONSEILLERE

    # Une garde de la machine refuse en 409, avec son message français et son code.
    refus = _poster(ft, pid, "renouveler", {"motif": "Poursuivre", "accord_personne": True}, statut=409)
    assert refus["code"] == "hors_fenetre_renouvellement" and "fin prévue" in refus["detail"]

    # Suspension et reprise ; coordination demandée par France Travail, acceptée par le Département.
    assert _poster(ft, pid, "suspendre", {"debut": aujourdhui, "motif": "MALADIE"})["etat"] == "SUSPENDU"
    assert _poster(ft, pid, "reprendre", {"date": aujourdhui})["etat"] == "ACTIF"
    fiche = _poster(ft, pid, "demander-coordination", {"objet": "POINT_SITUATION", "demande": "Point mobilité ?"})
    (demande,) = fiche["coordinations"]
    fiche = _poster(social, pid, f"coordinations/{demande['id']}/repondre", {"reponse": "D'accord.", "accord": True})
    assert fiche["coordinations"][0]["statut"] == "REPONDUE"

    # Passage en social exclusif : décision conjointe, effective au second accord (chacun son jeton).
    assert _poster(ft, pid, "basculer-social-exclusif", {"motif": "Santé d'abord."})["etat"] == "ACTIF"
    assert _poster(social, pid, "basculer-social-exclusif")["etat"] == "SOCIAL_EXCLUSIF"

    # Sortie, puis suivi à six mois quand l'échéance est passée.
    fiche = _poster(social, pid, "sortir", {"date": aujourdhui, "motif": "EMPLOI_DURABLE", "situation_fse": "EECR04"})
    assert fiche["etat"] == "SORTI" and fiche["sortie_id"]
    assert _poster(social, pid, "suivi-six-mois", {"fait_le": aujourdhui, "emploi_6_mois": True}, statut=422)
    plus_tard = timezone.localdate() + datetime.timedelta(days=200)
    with freeze_time(plus_tard):
        suivi = {"fait_le": plus_tard.isoformat(), "emploi_6_mois": True, "situation_amelioree_6_mois": True}
        _poster(social, pid, "suivi-six-mois", suivi)
    sortie = ft.get(f"/api/v1/sorties/{fiche['sortie_id']}").json()
    assert sortie["suivi_6_mois_fait_le"] == plus_tard.isoformat() and sortie["emploi_6_mois"] is True

    parcours_en_base = Parcours.objects.get(pk=pid)
    assert parcours_en_base.etat == e.EtatParcours.SORTI and parcours_en_base.motif_sortie == "EMPLOI_DURABLE"
    # Chaque action est au journal des accès, avec la personne et le compte qui a agi.
    routes = set(EntreeJournal.objects.filter(personne_id=personne_id).values_list("route", flat=True))
    assert {"v1:personnes", "v1:parcours_orienter", "v1:parcours_activer", "v1:parcours_sortir"} <= routes
    assert EntreeJournal.objects.filter(personne_id=personne_id, acteur_id=sophie.pk, action="SAISIE").exists()
