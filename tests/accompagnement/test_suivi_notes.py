"""Notes privées : écrites par le côté social, jamais vues de France Travail sauf partage motivé."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import FinalitePartage, TypeEvenement
from binome.accompagnement.models import Evenement, NotePrivee
from tests.accompagnement.factories import parcours_du_binome

pytestmark = pytest.mark.django_db

SECRET = "Suivi addictologie en cours au CSAPA."


@pytest.fixture
def parcours(personas):
    return parcours_du_binome(personas)


@pytest.fixture
def note(personas, parcours):
    return services.note_privee_ecrire(
        acteur=personas.travailleur_social, personne=parcours.personne, texte=SECRET, parcours=parcours
    )


def test_le_travailleur_social_ecrit_une_note(personas, parcours, note):
    assert note.organisation == personas.cantal.unite
    assert note.auteur == personas.travailleur_social
    assert not note.est_partagee
    evenement = Evenement.objects.get(type=TypeEvenement.NOTE_PRIVEE)
    assert evenement.cote_social_seulement
    assert SECRET not in evenement.libelle
    with pytest.raises(ValidationError):
        services.note_privee_ecrire(acteur=personas.travailleur_social, personne=parcours.personne, texte="   ")


@pytest.mark.parametrize(
    "persona", ["conseiller", "encadrant", "admin", "pilote", "partenaire", "travailleur_social_calvados"]
)
def test_seul_le_cote_social_ecrit(personas, parcours, persona):
    with pytest.raises(PermissionDenied):
        services.note_privee_ecrire(acteur=getattr(personas, persona), personne=parcours.personne, texte="Note")
    assert not NotePrivee.objects.exists()


def test_l_encadrante_sociale_ecrit_aussi(personas, parcours):
    note = services.note_privee_ecrire(acteur=personas.encadrant_social, personne=parcours.personne, texte="Note")
    assert note.organisation == personas.cantal.unite


@pytest.mark.parametrize("persona", ["conseiller", "encadrant", "admin"])
def test_france_travail_ne_voit_ni_le_contenu_ni_l_existence(personas, parcours, note, client_de, persona):
    acteur = getattr(personas, persona)
    assert list(selectors.notes_privees_visibles(acteur, parcours.personne)) == []
    assert selectors.partage_du_dossier(acteur, parcours.personne)["nb_notes"] is None
    page = client_de(acteur).get(reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id}))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert SECRET not in contenu
    assert "Non partagée" not in contenu  # ni le statut d'une note qu'il ne doit pas connaître
    assert "Le côté social n'a partagé aucune note avec vous." in contenu
    assert "Ce qui est partagé avec qui" in contenu
    assert "Nouvelle note privée" not in contenu
    # Ni la chronologie.
    assert not selectors.evenements_visibles(acteur, parcours.personne).filter(type=TypeEvenement.NOTE_PRIVEE).exists()


def test_le_cote_social_voit_et_sait_ce_qui_est_partage(personas, parcours, note, client_de):
    page = client_de(personas.travailleur_social).get(
        reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id})
    )
    contenu = page.content.decode()
    assert SECRET in contenu
    assert "Non partagée : côté social seulement" in contenu
    assert "Ce qui est partagé avec qui" in contenu
    assert "Partager avec le binôme" in contenu


def test_partage_exige_finalite_et_information_de_la_personne(personas, parcours, note):
    with pytest.raises(ValidationError) as erreur:
        services.note_privee_partager(
            acteur=personas.travailleur_social, note=note, finalite_partage="", personne_informee_le=None
        )
    assert set(erreur.value.error_dict) == {"finalite_partage", "personne_informee_le"}
    with pytest.raises(ValidationError) as erreur:
        services.note_privee_partager(
            acteur=personas.travailleur_social,
            note=note,
            finalite_partage=FinalitePartage.EVALUER,
            personne_informee_le=timezone.localdate() + datetime.timedelta(days=1),
        )
    assert "personne_informee_le" in erreur.value.error_dict
    with pytest.raises(PermissionDenied):
        services.note_privee_partager(
            acteur=personas.conseiller,
            note=note,
            finalite_partage=FinalitePartage.EVALUER,
            personne_informee_le=timezone.localdate(),
        )
    note.refresh_from_db()
    assert not note.est_partagee


def test_une_note_partagee_est_lue_par_france_travail_avec_sa_finalite(personas, parcours, note, client_de):
    services.note_privee_partager(
        acteur=personas.travailleur_social,
        note=note,
        finalite_partage=FinalitePartage.METTRE_EN_OEUVRE,
        precision_finalite="Adapter les horaires de la formation",
        personne_informee_le=timezone.localdate(),
    )
    note.refresh_from_db()
    assert note.est_partagee and note.partagee_par == personas.travailleur_social
    secrete = services.note_privee_ecrire(
        acteur=personas.travailleur_social, personne=parcours.personne, texte="Autre"
    )
    assert list(selectors.notes_privees_visibles(personas.conseiller, parcours.personne)) == [note]
    contenu = (
        client_de(personas.conseiller)
        .get(reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id}))
        .content.decode()
    )
    assert SECRET in contenu
    assert "Mettre en œuvre les mesures d&#x27;action sociale" in contenu
    assert "Adapter les horaires de la formation" in contenu
    assert secrete.texte not in contenu
    evenement = Evenement.objects.get(libelle__startswith="Note privée partagée")
    assert not evenement.cote_social_seulement
    with pytest.raises(ValidationError, match="déjà partagée"):
        services.note_privee_partager(
            acteur=personas.travailleur_social,
            note=note,
            finalite_partage=FinalitePartage.EVALUER,
            personne_informee_le=timezone.localdate(),
        )


def test_ecrans_ecrire_et_partager(personas, parcours, client_de):
    client = client_de(personas.travailleur_social)
    url = reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id})
    assert client.post(url, {"texte": ""}).status_code == 400
    assert client.post(url, {"texte": SECRET}).status_code == 302
    note = NotePrivee.objects.get()
    url_partage = reverse(
        "accompagnement:note_privee_partager", kwargs={"personne_pk": parcours.personne_id, "pk": note.pk}
    )
    assert client.get(url_partage).status_code == 200
    reponse = client.post(url_partage, {"precision_finalite": "Sans finalité"})
    assert reponse.status_code == 400
    reponse = client.post(
        url_partage,
        {"finalite_partage": "DECIDER", "personne_informee_le": timezone.localdate().isoformat()},
    )
    assert reponse.status_code == 302
    note.refresh_from_db()
    assert note.finalite_partage == FinalitePartage.DECIDER
    # France Travail ne peut ni écrire ni ouvrir le partage.
    conseiller = client_de(personas.conseiller)
    assert conseiller.post(url, {"texte": "Essai"}).status_code == 403
    assert conseiller.get(url_partage).status_code == 404


@pytest.mark.parametrize("persona", ["pilote", "partenaire", "travailleur_social_calvados"])
def test_hors_dossier_les_notes_sont_introuvables(personas, parcours, note, client_de, persona):
    client = client_de(getattr(personas, persona))
    url = reverse("accompagnement:notes_privees", kwargs={"personne_pk": parcours.personne_id})
    assert client.get(url).status_code == 404
    assert client.post(url, {"texte": "x"}).status_code in (403, 404)


def test_section_de_la_fiche(personas, parcours, note):
    from django.template.loader import render_to_string

    def rendre(acteur):
        return render_to_string(
            "accompagnement/suivi/_fiche_notes_privees.html", {"personne": parcours.personne, "user": acteur}
        )

    social = rendre(personas.travailleur_social)
    assert SECRET in social
    assert "Non partagée" in social
    assert "Ce qui est partagé avec qui" in social
    assert "écrire ou partager une note" in social
    conseiller = rendre(personas.conseiller)
    assert SECRET not in conseiller
    assert "Non partagée" not in conseiller
    assert "Ce qui est partagé avec qui" in conseiller
    assert "Le côté social n'a partagé aucune note avec vous." in conseiller
    services.note_privee_partager(
        acteur=personas.travailleur_social,
        note=note,
        finalite_partage=FinalitePartage.EVALUER,
        personne_informee_le=timezone.localdate(),
    )
    conseiller = rendre(personas.conseiller)
    assert SECRET in conseiller
    assert "Évaluer la situation" in conseiller
