"""Objets des fichiers envoyés pour le test d'accès généré (poste h5)."""

from django.core.files.base import ContentFile

from binome.echanges.exports.models import DestinataireExport, FichierExport, StatutFichier


def destinataire_du_cantal(monde) -> DestinataireExport:
    destinataire, _cree = DestinataireExport.objects.get_or_create(
        departement_id="15", nom="Logiciel social du Cantal", defaults={"type": "DEPARTEMENT", "format": "CSV"}
    )
    return destinataire


def fichier_du_cantal(monde) -> FichierExport:
    destinataire = destinataire_du_cantal(monde)
    fichier = FichierExport.objects.filter(destinataire=destinataire, statut=StatutFichier.PRET).first()
    if fichier is None:
        fichier = FichierExport(
            destinataire=destinataire, departement_id="15", format="CSV", du="2026-01-01", au="2026-01-31"
        )
        fichier.statut = StatutFichier.PRET
        fichier.fichier.save("essai.csv", ContentFile(b"id;type\r\n"), save=False)
        fichier.save()
    return fichier
