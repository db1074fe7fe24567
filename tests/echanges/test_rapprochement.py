"""Le service d'import des personnes, appelé directement : rapprochements ambigus, doublons dans le fichier, commune
par code postal, périmètre de l'acteur."""

import pytest
from django.core.exceptions import PermissionDenied

from binome.accompagnement.models import Personne
from binome.accompagnement.services.importation_personnes import LignePersonne, ListeRefusee, personnes_importer
from tests.echanges.outils import D, personne

pytestmark = pytest.mark.django_db


def _ligne(numero, *, code_commune="15187", **champs):
    base = {"nom": "Vidal", "prenom": "Mathilde", "date_naissance": D(1990, 5, 17)}
    return LignePersonne(numero=numero, champs={**base, **champs}, code_commune=code_commune)


def _importer(acteur, lignes, departement="15", **options):
    return personnes_importer(acteur=acteur, departement=departement, lignes=lignes, libelle_liste="essai", **options)


def _raisons(refus) -> dict[int, str]:
    return {r.numero: " ".join(r.raisons) for r in refus.value.resultats if r.raisons}


def test_identifiant_et_numero_designant_deux_dossiers_refuses(personas):
    personne(personas.cantal, nom="Vidal", prenom="Mathilde", date_naissance=D(1990, 5, 17), identifiant_ft="A1")
    personne(
        personas.cantal, nom="Autre", prenom="Zoé", date_naissance=D(1980, 1, 1),
        organisme_allocataire="CAF", numero_allocataire="999",
    )  # fmt: skip
    with pytest.raises(ListeRefusee) as refus:
        _importer(
            personas.admin, [_ligne(2, identifiant_ft="A1", organisme_allocataire="CAF", numero_allocataire="999")]
        )
    assert "deux dossiers différents" in _raisons(refus)[2]


def test_la_meme_personne_deux_fois_dans_le_fichier(personas):
    with pytest.raises(ListeRefusee) as refus:
        _importer(personas.admin, [_ligne(2, identifiant_ft="B2"), _ligne(3, identifiant_ft="B2")], dry_run=True)
    assert _raisons(refus) == {3: "la même personne figure déjà ligne 2 du fichier"}


def test_deux_homonymes_dans_le_departement_rendent_le_rapprochement_impossible(personas):
    for _ in range(2):
        personne(personas.cantal, nom="Vidal", prenom="Mathilde", date_naissance=D(1990, 5, 17))
    with pytest.raises(ListeRefusee) as refus:
        _importer(personas.admin, [_ligne(2)], dry_run=True)
    assert "plusieurs dossiers" in _raisons(refus)[2]


def test_commune_par_code_postal_et_nom(personas):
    ligne = LignePersonne(
        numero=2,
        champs={"nom": "Roux", "prenom": "Léa", "date_naissance": D(1991, 4, 12)},
        code_postal="15100",
        nom_commune="SAINT FLOUR",
    )
    (resultat,) = _importer(personas.admin, [ligne])
    assert resultat.action == "creee"
    assert Personne.objects.get(pk=resultat.personne_pk).commune.nom == "Saint-Flour"


def test_dossier_anonymise_refuse(personas):
    from django.utils import timezone

    personne(
        personas.cantal, nom="Vidal", prenom="Mathilde", date_naissance=D(1990, 5, 17), identifiant_ft="C3",
        anonymise_le=timezone.now(),
    )  # fmt: skip
    with pytest.raises(ListeRefusee) as refus:
        _importer(personas.admin, [_ligne(2, identifiant_ft="C3")], dry_run=True)
    assert "anonymisé" in _raisons(refus)[2]


@pytest.mark.parametrize("persona", ["admin_calvados", "conseiller", "super_admin"])
def test_seul_l_administrateur_du_departement_importe(personas, persona):
    with pytest.raises(PermissionDenied):
        _importer(getattr(personas, persona), [_ligne(2)], dry_run=True)


def test_l_admin_du_calvados_ne_touche_pas_le_cantal_par_une_commune_du_cantal(personas):
    """Depuis le Calvados, une ligne d'une commune du Cantal est refusée : rien n'est écrit dans le Cantal."""
    with pytest.raises(ListeRefusee) as refus:
        _importer(personas.admin_calvados, [_ligne(2, identifiant_ft="D4")], departement="14")
    assert "hors du vôtre" in _raisons(refus)[2]
    assert not Personne.objects.exists()
