"""Outils des tests des fichiers reçus : fichiers d'exemple, personnes existantes, parcours d'un import."""

import datetime
from pathlib import Path

from django.urls import reverse

from binome.accompagnement.models import Personne

FICHIERS = Path(__file__).resolve().parent / "fichiers"


def fichier(nom: str) -> bytes:
    return (FICHIERS / nom).read_bytes()


def personne(territoire, *, nom, prenom, date_naissance, commune="saint_flour", **champs) -> Personne:
    """Une personne existante, écrite directement (le service de création n'est pas l'objet de ces tests)."""
    return Personne.objects.create(
        departement=territoire.departement,
        commune=territoire.communes[commune],
        nom=nom,
        prenom=prenom,
        date_naissance=date_naissance,
        **champs,
    )


def deposer(client, nom_fichier: str, contenu: bytes, *, source: str = "CAF"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("echanges:importation_deposer"),
        {"source": source, "fichier": SimpleUploadedFile(nom_fichier, contenu)},
    )


def pk_depuis(reponse) -> int:
    """L'import créé, lu dans la redirection vers sa correspondance."""
    assert reponse.status_code == 302, reponse.content.decode()[:2000]
    return int(reponse["Location"].rstrip("/").split("/")[-2])


D = datetime.date


def importation_du_cantal(monde) -> int:
    """Un import de la liste CAF d'exemple par l'administratrice du Cantal, prêt pour l'essai à blanc (test d'accès
    généré : seule l'administratrice du Cantal l'ouvre)."""
    from binome.echanges.importation import champs, lecture
    from binome.echanges.importation.models import ImportListe, StatutImport

    personas = monde.personas
    existant = ImportListe.objects.filter(departement=personas.cantal.departement).order_by("pk").first()
    if existant:
        return existant.pk
    contenu = fichier("liste-caf-nouveaux-rsa.csv")
    tableau = lecture.lire(contenu)
    return ImportListe.objects.create(
        departement=personas.cantal.departement,
        organisation=personas.cantal.cd,
        source="CAF",
        auteur=personas.admin,
        nom_fichier="liste-caf.csv",
        contenu=contenu,
        entetes=tableau.entetes,
        colonnes=champs.proposer(tableau.entetes),
        statut=StatutImport.PRET,
        lignes_total=len(tableau.lignes),
    ).pk
