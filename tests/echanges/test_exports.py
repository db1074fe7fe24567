"""Fichiers envoyés (issue 15, point 5) : événements de parcours en CSV et JSON, schéma validé, pseudonymes par
destinataire, identités seulement sur décision journalisée, fichiers mensuels sans doublon, accès réservé."""

import csv
import datetime
import io
import json
from pathlib import Path

import jsonschema
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from binome.accompagnement import enums as e
from binome.accompagnement.models import ChangementModalite
from binome.confiance.models import EntreeJournal
from binome.echanges.exports import production, services, taches
from binome.echanges.exports.models import DestinataireExport, FichierExport, StatutFichier
from tests.accompagnement.factories import EvenementFactory, SortieFactory, parcours_du_binome, personne_du

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(settings.BASE_DIR) / "docs/schemas/evenements-parcours.schema.json").read_text())
DU, AU = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)


def _a(jour, heure=10):
    return datetime.datetime.combine(jour, datetime.time(heure), tzinfo=datetime.UTC)


@pytest.fixture
def dossier(personas):
    """Une personne du Cantal (Zoé Zébulon) : entrée, suspension, changement de modalité, sortie et suivi à six
    mois en octobre ; une note privée (jamais exportée) et une entrée hors période ; une entrée dans le Calvados."""
    personne = personne_du(personas.cantal, nom="Zébulon", prenom="Zoé", identifiant_ft="FT99887766")
    sortie_le = DU + datetime.timedelta(days=20)
    parcours = parcours_du_binome(
        personas,
        personne=personne,
        etat=e.EtatParcours.SORTI,
        date_entree=DU + datetime.timedelta(days=2),
        date_sortie=sortie_le,
        motif_sortie="FORMATION",
    )
    SortieFactory(parcours=parcours, situation_fse="EECR02", emploi_6_mois=True, situation_amelioree_6_mois=False)
    for jour, type_ in (
        (2, e.TypeEvenement.ENTREE),
        (5, e.TypeEvenement.SUSPENSION),
        (20, e.TypeEvenement.SORTIE),
        (28, e.TypeEvenement.SUIVI_6_MOIS),
        (6, e.TypeEvenement.CONTACT),  # pas un événement exporté
    ):
        EvenementFactory(personne=personne, parcours=parcours, type=type_, date=_a(DU + datetime.timedelta(days=jour)))
    EvenementFactory(
        personne=personne, parcours=parcours, type=e.TypeEvenement.NOTE_PRIVEE, date=_a(DU), cote_social_seulement=True
    )
    EvenementFactory(
        personne=personne, parcours=parcours, type=e.TypeEvenement.ENTREE, date=_a(AU, 23) + datetime.timedelta(days=2)
    )
    ChangementModalite.objects.create(
        parcours=parcours, ancienne="GLOBAL", nouvelle="SOCIAL_EXCLUSIF", date=DU + datetime.timedelta(days=10)
    )
    autre = parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
    )
    EvenementFactory(personne=autre.personne, parcours=autre, type=e.TypeEvenement.ENTREE, date=_a(DU))
    return parcours


def _destinataire(personas, nom="Logiciel social", type_="DEPARTEMENT", format_="JSON"):
    return services.destinataire_enregistrer(
        acteur=personas.admin, departement=personas.cantal.departement, nom=nom, type=type_, format=format_
    )


def _produire(personas, destinataire, format_, du=DU, au=AU):
    fichier = services.fichier_demander(acteur=personas.admin, destinataire=destinataire, du=du, au=au, format=format_)
    taches.produire_fichier.enqueue(fichier.pk)  # moteur immédiat des tests : produit tout de suite
    fichier.refresh_from_db()
    assert fichier.statut == StatutFichier.PRET, fichier.erreur
    with fichier.fichier.open("rb") as flux:
        return fichier, flux.read().decode("utf-8")


def test_le_json_suit_le_schema_et_porte_les_evenements_de_la_periode(personas, dossier):
    fichier, contenu = _produire(personas, _destinataire(personas), "JSON")
    document = json.loads(contenu)
    jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)
    types = [ev["type"] for ev in document["evenements"]]
    assert types == ["ENTREE", "SUSPENSION", "CHANGEMENT_MODALITE", "SORTIE", "SUIVI_6_MOIS"]
    sortie, suivi = document["evenements"][3:]
    assert sortie["motif_sortie"] == "FORMATION" and sortie["situation_sortie"] == "EECR02"
    assert suivi["emploi_6_mois"] is True and suivi["situation_amelioree_6_mois"] is False
    changement = document["evenements"][2]
    assert (changement["ancienne_modalite"], changement["modalite"]) == ("GLOBAL", "SOCIAL_EXCLUSIF")
    assert document["identites"] is False and "Zébulon" not in contenu and "FT99887766" not in contenu
    assert fichier.nb_evenements == 5 and len(fichier.empreinte) == 64
    assert fichier.conserver_jusqu_au == timezone.localdate() + datetime.timedelta(days=90)


def test_un_document_hors_schema_est_refuse():
    """Le test du schéma peut échouer : un type inconnu et un pseudonyme mal formé sont refusés."""
    evenement = {c: None for c in SCHEMA["$defs"]["evenement"]["required"]}
    evenement.update(
        id="E1", type="INCONNU", date="2026-10-01", departement="15", personne="x", parcours="y", modalite="GLOBAL"
    )
    document = {
        "version": "1.0",
        "departement": "15",
        "destinataire": {"nom": "X", "type": "DEPARTEMENT"},
        "periode": {"du": "2026-10-01", "au": "2026-10-31"},
        "identites": False,
        "produit_le": "2026-11-01T02:30:00+01:00",
        "evenements": [evenement],
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_le_schema_suit_les_enumerations_du_code():
    proprietes = SCHEMA["$defs"]["evenement"]["properties"]
    assert proprietes["type"]["enum"] == list(production.TYPES_EXPORTES)
    assert set(proprietes["motif_sortie"]["enum"]) == {*e.MotifSortie.values, None}
    assert set(proprietes["modalite"]["enum"]) == set(e.Modalite.values)
    assert SCHEMA["$defs"]["evenement"]["required"] == list(production.COLONNES)


def test_le_csv_a_les_memes_evenements(personas, dossier):
    _fichier, contenu = _produire(personas, _destinataire(personas), "CSV")
    lignes = list(csv.DictReader(io.StringIO(contenu), delimiter=";"))
    assert list(lignes[0]) == list(production.COLONNES)
    assert [ligne["type"] for ligne in lignes] == [
        "ENTREE",
        "SUSPENSION",
        "CHANGEMENT_MODALITE",
        "SORTIE",
        "SUIVI_6_MOIS",
    ]
    assert lignes[3]["motif_sortie"] == "FORMATION" and lignes[4]["emploi_6_mois"] == "1"
    assert "Zébulon" not in contenu


def test_pseudonymes_stables_par_destinataire_et_differents_entre_destinataires(personas, dossier):
    departement = _destinataire(personas)
    france_travail = _destinataire(personas, nom="France Travail", type_="FRANCE_TRAVAIL")
    lire = lambda d: json.loads(_produire(personas, d, "JSON")[1])  # noqa: E731
    premier, second, ft = lire(departement), lire(departement), lire(france_travail)
    pseudos = lambda doc: {ev["personne"] for ev in doc["evenements"]}  # noqa: E731
    assert pseudos(premier) == pseudos(second) and len(pseudos(premier)) == 1
    assert pseudos(ft).isdisjoint(pseudos(premier))
    assert pseudos(premier) == {production.pseudonyme(departement.pk, "personne", dossier.personne_id)}


def test_identites_seulement_apres_la_decision_journalisee(personas, dossier):
    destinataire = _destinataire(personas)
    with pytest.raises(ValidationError):  # une autorisation sans base légale est refusée
        services.destinataire_identites_regler(acteur=personas.admin, destinataire=destinataire, autorisees=True)
    with pytest.raises(PermissionDenied):  # l'administrateur d'un autre département ne décide pas
        services.destinataire_identites_regler(
            acteur=personas.admin_calvados, destinataire=destinataire, autorisees=True, base_legale="Convention"
        )
    assert not EntreeJournal.objects.filter(action="DROITS").exists()
    services.destinataire_identites_regler(
        acteur=personas.admin, destinataire=destinataire, autorisees=True, base_legale="Convention du 2 mars 2026"
    )
    destinataire.refresh_from_db()
    assert destinataire.identites_decidees_par == personas.admin and destinataire.identites_decidees_le
    assert destinataire.history.first().history_change_reason == "Identités autorisées"
    decision = EntreeJournal.objects.get(action="DROITS")
    assert decision.departement == "15" and decision.objet_id == str(destinataire.pk)
    fichier, contenu = _produire(personas, destinataire, "JSON")
    document = json.loads(contenu)
    jsonschema.validate(document, SCHEMA)
    assert document["identites"] is True
    assert document["evenements"][0]["identite"]["nom"] == "Zébulon"
    assert document["evenements"][0]["identite"]["identifiant_ft"] == "FT99887766"
    assert EntreeJournal.objects.filter(action="EXPORT", objet_id=str(fichier.pk), finalite__contains="identités")


def test_chaque_fichier_produit_est_journalise(personas, dossier):
    fichier, _contenu = _produire(personas, _destinataire(personas), "CSV")
    entree = EntreeJournal.objects.get(action="EXPORT", objet_id=str(fichier.pk))
    assert entree.acteur_id == personas.admin.pk and "pseudonymes" in entree.finalite


def test_fichiers_mensuels_sans_doublon_et_effacement(personas, dossier):
    _destinataire(personas)
    inactif = _destinataire(personas, nom="Ancien logiciel")
    services.destinataire_enregistrer(
        acteur=personas.admin,
        departement=personas.cantal.departement,
        destinataire=inactif,
        nom=inactif.nom,
        type="DEPARTEMENT",
        format="CSV",
        actif=False,
    )
    with freeze_time("2026-11-03 03:00"):
        assert taches.exports_quotidiens.enqueue().return_value == 1  # l'actif seulement
    with freeze_time("2026-11-04 03:00"):
        assert taches.exports_quotidiens.enqueue().return_value == 0  # rattrapage quotidien : pas de doublon
    assert FichierExport.objects.filter(mensuel=True, du=DU, au=AU, demande_par=None).count() == 1
    fichier = FichierExport.objects.get()
    assert fichier.statut == StatutFichier.PRET and fichier.nb_evenements == 5
    nom = fichier.fichier.name
    assert services.fichiers_expires_effacer(le=fichier.conserver_jusqu_au) == 0
    assert services.fichiers_expires_effacer(le=fichier.conserver_jusqu_au + datetime.timedelta(days=1)) == 1
    fichier.refresh_from_db()
    assert fichier.statut == StatutFichier.EFFACE and not fichier.fichier
    assert not fichier.fichier.storage.exists(nom)


def test_la_tache_quotidienne_est_planifiee():
    from binome.confiance import planification

    assert "exports_evenements" in {t.nom for t in planification.TACHES_PLANIFIEES}


def test_pages_de_l_administrateur(personas, dossier, client_de, django_assert_max_num_queries):
    client = client_de(personas.admin)
    reponse = client.post(
        reverse("echanges:destinataire_creer", kwargs={"code": "15"}),
        {"nom": "France Travail Auvergne", "type": "FRANCE_TRAVAIL", "format": "CSV", "actif": "on"},
    )
    destinataire = DestinataireExport.objects.get()
    assert reponse.status_code == 302
    reponse = client.post(
        reverse("echanges:exports", kwargs={"code": "15"}),
        {"destinataire": destinataire.pk, "du": "2026-10-01", "au": "2026-10-31", "format": "JSON"},
    )
    assert reponse.status_code == 302
    for _i in range(3):
        taches.produire_fichier.enqueue(
            services.fichier_demander(acteur=personas.admin, destinataire=destinataire, du=DU, au=AU, format="CSV").pk
        )
    with django_assert_max_num_queries(12):
        reponse = client.get(reverse("echanges:exports", kwargs={"code": "15"}))
    assert reponse.status_code == 200 and "France Travail Auvergne" in reponse.content.decode()
    fichier = FichierExport.objects.filter(format="JSON").get()
    avant = EntreeJournal.objects.filter(action="EXPORT").count()
    reponse = client.get(reverse("echanges:fichier_telecharger", kwargs={"pk": fichier.pk}))
    assert reponse.status_code == 200 and json.loads(b"".join(reponse.streaming_content))["evenements"]
    assert EntreeJournal.objects.filter(action="EXPORT").count() == avant + 1
    # Le réglage des identités par la page : refus sans base légale, puis enregistrement.
    url = reverse("echanges:destinataire", kwargs={"pk": destinataire.pk})
    reponse = client.post(url, {"formulaire": "identites", "autorisees": "on", "base_legale": ""})
    assert reponse.status_code == 200 and "base légale" in reponse.content.decode()
    reponse = client.post(url, {"formulaire": "identites", "autorisees": "on", "base_legale": "Convention FT"})
    destinataire.refresh_from_db()
    assert reponse.status_code == 302 and destinataire.identites_autorisees


@pytest.mark.parametrize("persona", ["admin_calvados", "conseiller", "pilote"])
def test_refus_hors_du_departement_administre(personas, persona, client_de):
    destinataire = _destinataire(personas)
    client = client_de(getattr(personas, persona))
    assert client.get(reverse("echanges:exports", kwargs={"code": "15"})).status_code == 403
    assert client.get(reverse("echanges:destinataire", kwargs={"pk": destinataire.pk})).status_code == 404
    with pytest.raises(PermissionDenied):
        services.fichier_demander(
            acteur=getattr(personas, persona), destinataire=destinataire, du=DU, au=AU, format="CSV"
        )
