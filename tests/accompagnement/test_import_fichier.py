"""Lecture du fichier d'import des parcours : encodage, en-tête, découpage et numérotation des lignes."""

import pytest

from binome.accompagnement import fichier_import as imp
from binome.accompagnement.fichier_import import COLONNES, FichierRefuse, lire_csv

ENTETE = ",".join(COLONNES)
LIGNE = (
    "15,1234567A,Fictif,Amandine,1988-04-12,F,15187,oui,non,3-4,global,2024-01-08,2024-01-22,"
    "claire.conseillere@exemple.gouv.fr,,,"
)


def fichier(*lignes: str, entete: str = ENTETE, fin: str = "\n") -> bytes:
    return (fin.join([entete, *lignes]) + fin).encode()


def refus(contenu: bytes) -> str:
    with pytest.raises(FichierRefuse) as exc:
        lire_csv(contenu)
    return " ".join(exc.value.messages)


def test_fichier_correct_lignes_numerotees_comme_dans_le_fichier():
    lignes = lire_csv(fichier(LIGNE, "", LIGNE.replace("1234567A", "7654321Z"), ",,,,,,,,,,,,,,,,"))
    # L'en-tête est la ligne 1 ; la ligne vide (4) et la ligne de seuls séparateurs (5) sont ignorées.
    assert [ligne.numero for ligne in lignes] == [2, 4]
    assert lignes[0].valeurs["identifiant_ft"] == "1234567A"
    assert lignes[0].valeurs["referent_social_email"] == ""
    assert lignes[1].valeurs["identifiant_ft"] == "7654321Z"
    assert all(ligne.erreur == "" for ligne in lignes)


def test_bom_utf8_fins_de_ligne_windows_et_accents():
    contenu = b"\xef\xbb\xbf" + fichier(LIGNE.replace("Fictif", "Lefèvre-Œuvray"), fin="\r\n")
    (ligne,) = lire_csv(contenu)
    assert ligne.valeurs["departement"] == "15"
    assert ligne.valeurs["nom"] == "Lefèvre-Œuvray"


def test_point_virgule_accepte_et_espaces_retires():
    entete = ";".join(f" {nom} " for nom in COLONNES)
    (ligne,) = lire_csv(fichier(LIGNE.replace(",", " ; "), entete=entete))
    assert ligne.valeurs["nom"] == "Fictif"
    assert ligne.valeurs["conseiller_email"] == "claire.conseillere@exemple.gouv.fr"


def test_valeur_entre_guillemets_sur_plusieurs_lignes_garde_la_numerotation():
    avec_retour = LIGNE.replace("Fictif", '"Fictif\nsur deux lignes"')
    lignes = lire_csv(fichier(avec_retour, LIGNE.replace("1234567A", "7654321Z")))
    assert [ligne.numero for ligne in lignes] == [2, 4]
    assert lignes[0].valeurs["nom"] == "Fictif\nsur deux lignes"


def test_nombre_de_valeurs_incorrect_signale_sur_la_ligne():
    lignes = lire_csv(fichier(LIGNE + ",en trop", LIGNE))
    assert lignes[0].numero == 2
    assert lignes[0].erreur == "18 valeurs au lieu de 17 (un séparateur en trop ou manquant ?)"
    assert lignes[1].erreur == ""


def test_fichier_windows_1252_accepte():
    # Politique commune des imports (binome.core.lecture_csv) : Windows-1252 à défaut d'UTF-8.
    contenu = fichier(LIGNE, LIGNE.replace("Fictif", "Lefèvre")).decode().encode("cp1252")
    assert lire_csv(contenu)[1].valeurs["nom"] == "Lefèvre"


def test_fichier_illisible_message_clair():
    # 0x81 n'existe ni en UTF-8 (octet isolé) ni en Windows-1252.
    contenu = fichier(LIGNE, LIGNE.replace("Fictif", "Lefèvre")).replace("è".encode(), b"\x81")
    message = refus(contenu)
    assert "n'est pas un texte lisible" in message
    assert "ligne 3" in message
    assert "CSV UTF-8" in message


@pytest.mark.parametrize("contenu", [b"", b"   \n\n", b"\xef\xbb\xbf"])
def test_fichier_vide(contenu):
    assert refus(contenu) == "Le fichier est vide."


def test_en_tete_seul():
    assert refus(fichier()) == "Le fichier ne contient que l'en-tête : aucun parcours à importer."
    assert "aucun parcours" in refus(fichier(",,,,,,,,,,,,,,,,", ""))


def test_colonne_manquante():
    entete = ENTETE.replace(",motif_sortie", "")
    message = refus(fichier(LIGNE[:-1], entete=entete))
    assert message.startswith("En-tête (ligne 1) refusé : colonnes manquantes : « motif_sortie ».")
    assert "Colonnes attendues : departement, identifiant_ft," in message


def test_colonne_en_trop():
    assert "colonne inconnue « commentaire »" in refus(fichier(LIGNE + ",", entete=ENTETE + ",commentaire"))


def test_colonne_mal_nommee_avec_suggestion():
    message = refus(fichier(LIGNE, entete=ENTETE.replace("date_entree", "date_entre")))
    assert "colonnes manquantes : « date_entree »" in message
    assert "colonne inconnue « date_entre » (vouliez-vous écrire « date_entree » ?)" in message


def test_colonne_en_double_et_colonne_sans_nom():
    message = refus(fichier(LIGNE + ",,", entete=ENTETE + ",nom,"))
    assert "colonnes en double : « nom »" in message
    assert "une colonne n'a pas de nom" in message


def test_noms_de_colonnes_sensibles_a_la_casse():
    assert "colonne inconnue « Departement »" in refus(
        fichier(LIGNE, entete=ENTETE.replace("departement", "Departement"))
    )


def test_taille_maximale_par_defaut_dix_mo():
    assert imp.TAILLE_MAX == 10 * 1024 * 1024
    with pytest.raises(FichierRefuse, match="taille maximale de 10 Mo"):
        lire_csv(b"x" * (imp.TAILLE_MAX + 1))


def test_fichier_binaire():
    assert "caractères nuls" in refus(ENTETE.encode() + b"\n\x00\x00\n")
