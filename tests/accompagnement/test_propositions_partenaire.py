"""Issue 12, point 15 : une structure partenaire ne pouvait pas proposer une personne pour l'accompagnement
global (403) ; elle le peut, puis ne voit que le statut de sa proposition."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import Cote, EtatParcours, OrigineOrientation, StatutOrientation

pytestmark = pytest.mark.django_db


def _champs(personas, **autres):
    return {
        "nom": "Delorme",
        "prenom": "Isabelle",
        "date_naissance": datetime.date(1985, 4, 2),
        "commune": next(iter(personas.cantal.communes.values())),
        "cote_destinataire": Cote.DEPARTEMENT,
        "motif": "Sans emploi depuis deux ans, difficultés de logement.",
        **autres,
    }


def test_le_partenaire_propose_et_l_orientation_arrive_dans_la_boite(personas):
    orientation = services.proposition_partenaire_creer(acteur=personas.partenaire, **_champs(personas))
    assert (orientation.origine, orientation.statut, orientation.organisation_prescripteur) == (
        OrigineOrientation.PARTENAIRE,
        StatutOrientation.PROPOSEE,
        personas.cantal.partenaire,
    )
    assert orientation.parcours.etat == EtatParcours.ORIENTATION_PROPOSEE
    assert orientation in selectors.orientations_a_traiter(personas.travailleur_social)
    # Le partenaire ne voit que le statut : ni la personne, ni le parcours, ni l'orientation comme dossier.
    assert not selectors.personnes_visibles(personas.partenaire).exists()
    assert not selectors.parcours_visibles(personas.partenaire).exists()
    (proposition,) = selectors.propositions(selectors.propositions_du_partenaire(personas.partenaire))
    assert (proposition.personne, str(proposition.statut)) == ("Isabelle Delorme", "Proposée")


def test_seule_une_structure_partenaire_du_departement_propose(personas):
    for nom in ("pilote", "admin", "conseiller", "pilote_calvados"):
        with pytest.raises(PermissionDenied):
            services.proposition_partenaire_creer(acteur=getattr(personas, nom), **_champs(personas))


def test_une_personne_deja_connue_n_est_pas_recreee(personas):
    services.proposition_partenaire_creer(acteur=personas.partenaire, **_champs(personas))
    with pytest.raises(ValidationError) as erreur:
        services.proposition_partenaire_creer(acteur=personas.partenaire, **_champs(personas))
    assert erreur.value.code == "deja_connue"


def test_proposer_par_l_ecran(personas, client_de):
    client = client_de(personas.partenaire)
    url = reverse("accompagnement:proposition_creer")
    assert client.get(url).status_code == 200
    champs = _champs(personas)
    donnees = {**champs, "commune": champs["commune"].code_insee, "date_naissance": "1985-04-02"}
    reponse = client.post(url, donnees)
    assert reponse.status_code == 302 and reponse["Location"] == reverse("accompagnement:propositions")
    page = client.get(reverse("accompagnement:propositions")).content.decode()
    assert "Isabelle Delorme" in page and "Proposée" in page
    personne_id = selectors.propositions_du_partenaire(personas.partenaire)[0].parcours.personne_id
    assert reverse("accompagnement:personne", args=[personne_id]) not in page
    for nom in ("conseiller", "pilote"):
        assert client_de(getattr(personas, nom)).get(url).status_code == 403
