"""Import d'une liste de personnes par l'administrateur départemental : correspondance enregistrée et réutilisée,
essai à blanc sans écriture, rapprochements (trois clés, dans le département seulement), tout ou rien, nouveaux
bénéficiaires du RSA à orienter, rapport CSV, journal, périmètre."""

import pytest
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.enums import DroitRsa, EtatParcours, OrganismeAllocataire
from binome.accompagnement.models import Parcours, Personne
from binome.confiance.models import EntreeJournal
from binome.echanges.importation.models import CorrespondanceColonnes, ImportListe, StatutImport
from tests.echanges.outils import D, deposer, fichier, personne, pk_depuis

pytestmark = pytest.mark.django_db

CORRESPONDANCE_FT = {
    "identifiant_ft": "Réf. demandeur",
    "nom": "Patronyme",
    "prenom": "Prénom usuel",
    "date_naissance": "Date naiss.",
    "code_commune": "Cne INSEE",
    "telephone": "Tél.",
    "courriel": "Mél",
}


def _correspondre(client, pk, colonnes):
    return client.post(reverse("echanges:importation_correspondance", args=[pk]), colonnes)


def _lancer(client, pk, mode="essai", **donnees):
    return client.post(reverse("echanges:importation_lancer", args=[pk]), {"mode": mode, **donnees})


def _importation(pk) -> ImportListe:
    return ImportListe.objects.get(pk=pk)


def _preparer_caf(client, contenu=None):
    pk = pk_depuis(deposer(client, "liste-caf.csv", contenu or fichier("liste-caf-nouveaux-rsa.csv")))
    # La correspondance proposée d'office (noms usuels) est acceptée telle quelle.
    proposee = _importation(pk).colonnes
    assert proposee["date_naissance"] == "Date de naissance"
    assert _correspondre(client, pk, proposee).status_code == 302
    return pk


def _empreinte():
    return (Personne.objects.count(), Parcours.objects.count(), Personne.history.count())


def test_liste_caf_essai_a_blanc_puis_import(personas, client_de):
    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    apercu = client.get(reverse("echanges:importation_apercu", args=[pk]))
    assert "Hélène" in apercu.content.decode() and "14/02/1988" in apercu.content.decode()

    avant = _empreinte()
    _lancer(client, pk)
    importation = _importation(pk)
    assert importation.statut == StatutImport.VERIFIE, importation.resultats
    assert [r["action"] for r in importation.resultats] == ["creee"] * 3
    assert _empreinte() == avant  # l'essai à blanc n'écrit rien

    _lancer(client, pk, mode="import")
    assert _importation(pk).statut == StatutImport.IMPORTE
    assert bytes(_importation(pk).contenu) == b""  # le fichier n'est plus gardé
    apercu = client.get(reverse("echanges:importation_apercu", args=[pk]))
    assert apercu.status_code == 302 and apercu["Location"] == reverse("echanges:importation", args=[pk])
    _lancer(client, pk)  # ni essai ni import une fois importée
    assert _importation(pk).statut == StatutImport.IMPORTE
    helene = Personne.objects.get(nom="Béraud")
    assert helene.departement_id == "15"
    assert (helene.organisme_allocataire, helene.numero_allocataire) == (OrganismeAllocataire.CAF, "1234567")
    assert helene.beneficiaire_rsa
    assert helene.inscrite_liste_rsa_le == timezone.localdate()
    assert (helene.droit_rsa, helene.droit_rsa_le) == (DroitRsa.OUVERT, D(2026, 11, 1))
    francois = Personne.objects.get(nom="Lefèvre")
    assert francois.droit_rsa == DroitRsa.SUSPENDU
    assert francois.droit_rsa_motif == "Défaut de déclaration trimestrielle"
    # Nouveaux bénéficiaires du RSA : à orienter (parcours repéré par le point d'entrée du repérage).
    assert list(Parcours.objects.filter(personne=helene).values_list("etat", flat=True)) == [EtatParcours.REPERE]
    assert Personne.history.filter(id=helene.pk).first().history_change_reason == "Import d'une liste de personnes"


def test_rapport_csv_et_journal(personas, client_de):
    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    _lancer(client, pk)
    _lancer(client, pk, mode="import")
    assert EntreeJournal.objects.filter(objet_id=str(pk), action="SAISIE", departement="15").exists()
    reponse = client.get(reverse("echanges:importation_rapport", args=[pk]))
    assert reponse["Content-Type"].startswith("text/csv")
    texte = reponse.content.decode("utf-8-sig")
    assert texte.splitlines()[0] == "ligne;résultat;personne;rapprochement;raisons"
    assert "2;créée;Hélène Béraud;;" in texte
    assert EntreeJournal.objects.filter(route="echanges:importation_rapport").exists()


def test_trois_cles_de_rapprochement_dans_le_departement_seulement(personas, client_de):
    cantal, calvados = personas.cantal, personas.calvados
    par_ft = personne(cantal, nom="Vidal", prenom="Mathilde", date_naissance=D(1990, 5, 17), identifiant_ft="1234567A")
    par_nom = personne(cantal, nom="Roux", prenom="Julien", date_naissance=D(1982, 12, 8))
    # Homonyme du Calvados (même nom, même naissance, même identifiant) : jamais touché depuis le Cantal.
    homonyme = personne(
        calvados, nom="Vidal", prenom="Mathilde", date_naissance=D(1990, 5, 17), identifiant_ft="1234567A",
        commune="caen",
    )  # fmt: skip
    client = client_de(personas.admin)
    pk = pk_depuis(deposer(client, "ft.xlsx", fichier("extrait-france-travail.xlsx"), source="FRANCE_TRAVAIL"))
    assert _correspondre(client, pk, CORRESPONDANCE_FT).status_code == 302
    _lancer(client, pk)
    resultats = {r["ligne"]: r for r in _importation(pk).resultats}
    assert resultats[5]["personne"] == par_ft.pk and resultats[5]["cle"] == "identifiant France Travail"
    assert resultats[6]["personne"] == par_nom.pk and resultats[6]["a_confirmer"]

    # Sans confirmation, l'import n'est pas lancé ; confirmé, il l'est.
    _lancer(client, pk, mode="import")
    assert _importation(pk).statut == StatutImport.VERIFIE
    _lancer(client, pk, mode="import", confirmer_homonymes="on")
    assert _importation(pk).statut == StatutImport.IMPORTE
    par_ft.refresh_from_db()
    par_nom.refresh_from_db()
    assert par_ft.telephone == "0612345678" and par_ft.courriel == "mathilde.vidal@exemple.fr"
    assert par_nom.identifiant_ft == "2345678B"
    avant = homonyme.history.count()
    homonyme.refresh_from_db()
    assert (homonyme.telephone, homonyme.courriel, homonyme.history.count()) == ("", "", avant)
    assert Personne.objects.count() == 3


def test_rapprochement_par_numero_allocataire(personas, client_de):
    existante = personne(
        personas.cantal, nom="Béraud", prenom="Hélène", date_naissance=D(1988, 2, 14),
        organisme_allocataire="CAF", numero_allocataire="1234567",
    )  # fmt: skip
    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    _lancer(client, pk)
    ligne = next(r for r in _importation(pk).resultats if r["ligne"] == 2)
    assert (ligne["personne"], ligne["cle"], ligne["action"]) == (
        existante.pk,
        "numéro d'allocataire CAF/MSA",
        "mise_a_jour",
    )
    _lancer(client, pk, mode="import")
    existante.refresh_from_db()
    assert existante.droit_rsa == DroitRsa.OUVERT and existante.inscrite_liste_rsa_le == timezone.localdate()
    assert Parcours.objects.filter(personne=existante, etat=EtatParcours.REPERE).count() == 1
    assert Personne.objects.filter(nom_normalise="beraud").count() == 1


def test_mauvais_fichier_refuse_en_entier_avec_les_raisons_par_ligne(personas, client_de):
    client = client_de(personas.admin)
    pk = _preparer_caf(client, fichier("liste-mauvaise.csv"))
    avant = _empreinte()
    _lancer(client, pk)
    importation = _importation(pk)
    assert importation.statut == StatutImport.REFUSE
    raisons = {r["ligne"]: " ".join(r["raisons"]) for r in importation.resultats if r["raisons"]}
    assert set(raisons) == {2, 3, 4}
    assert "31/02/1980" in raisons[2]
    assert "Calvados" in raisons[3] and "hors du vôtre" in raisons[3]
    assert "colonne « Nom »" in raisons[4]
    page = client.get(reverse("echanges:importation", args=[pk])).content.decode()
    assert "Fichier refusé en entier" in page and "hors du vôtre" in page
    # L'import reste impossible ; rien n'a été écrit.
    _lancer(client, pk, mode="import")
    assert _importation(pk).statut == StatutImport.REFUSE
    assert _empreinte() == avant


def test_tout_ou_rien_a_l_ecriture(personas, client_de, monkeypatch):
    """Une erreur pendant l'écriture de la troisième personne annule les deux premières."""
    from binome.accompagnement.services import importation_personnes

    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    _lancer(client, pk)
    ecrire = importation_personnes._ecrire
    appels = []

    def ecrire_puis_echouer(ligne, *args, **kwargs):
        appels.append(ligne.numero)
        if len(appels) == 3:
            raise RuntimeError("panne simulée")
        return ecrire(ligne, *args, **kwargs)

    monkeypatch.setattr(importation_personnes, "_ecrire", ecrire_puis_echouer)
    avant = _empreinte()
    _lancer(client, pk, mode="import")
    assert _importation(pk).statut == StatutImport.ECHEC
    assert _empreinte() == avant


def test_correspondance_enregistree_et_reutilisee(personas, client_de):
    client = client_de(personas.admin)
    pk = pk_depuis(deposer(client, "ft.xlsx", fichier("extrait-france-travail.xlsx"), source="FRANCE_TRAVAIL"))
    assert _importation(pk).colonnes.get("identifiant_ft") is None  # « Réf. demandeur » : nom inconnu
    _correspondre(client, pk, CORRESPONDANCE_FT)
    enregistree = CorrespondanceColonnes.objects.get(organisation=personas.cantal.cd, source="FRANCE_TRAVAIL")
    assert enregistree.colonnes == CORRESPONDANCE_FT
    second = pk_depuis(deposer(client, "ft-2.xlsx", fichier("extrait-france-travail.xlsx"), source="FRANCE_TRAVAIL"))
    assert _importation(second).colonnes == CORRESPONDANCE_FT
    page = client.get(reverse("echanges:importation_correspondance", args=[second])).content.decode()
    assert '<option value="Réf. demandeur" selected>' in page
    # Une autre source n'hérite pas de cette correspondance.
    autre = pk_depuis(deposer(client, "ft-3.xlsx", fichier("extrait-france-travail.xlsx"), source="CAF"))
    assert _importation(autre).colonnes.get("identifiant_ft") is None


def test_correspondance_incomplete_refusee(personas, client_de):
    client = client_de(personas.admin)
    pk = pk_depuis(deposer(client, "ft.xlsx", fichier("extrait-france-travail.xlsx"), source="FRANCE_TRAVAIL"))
    reponse = _correspondre(client, pk, {"nom": "Patronyme", "prenom": "Patronyme"})
    assert reponse.status_code == 200
    texte = reponse.content.decode()
    assert "Une colonne ne porte qu&#x27;un champ" in texte or "Une colonne ne porte qu'un champ" in texte
    assert _importation(pk).statut == StatutImport.A_CORRESPONDRE


def test_import_sans_essai_a_blanc_refuse(personas, client_de):
    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    _lancer(client, pk, mode="import")
    assert _importation(pk).statut == StatutImport.PRET
    assert Personne.objects.count() == 0


def test_type_de_fichier_refuse_avec_un_message_en_francais(personas, client_de):
    client = client_de(personas.admin)
    reponse = deposer(client, "liste.pdf", b"%PDF-1.4")
    assert reponse.status_code == 200
    assert "Type de fichier refusé" in reponse.content.decode()
    reponse = deposer(client, "liste.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "ni un CSV ni un classeur" in reponse.content.decode()
    assert not ImportListe.objects.exists()


@pytest.mark.parametrize("persona", ["conseiller", "pilote", "travailleur_social", "super_admin"])
def test_refuse_a_qui_n_administre_pas_le_departement(personas, client_de, persona):
    client = client_de(getattr(personas, persona))
    assert client.get(reverse("echanges:importations")).status_code == 403
    assert deposer(client, "liste.csv", fichier("liste-caf-nouveaux-rsa.csv")).status_code == 403


def test_l_admin_du_calvados_ne_voit_pas_l_import_du_cantal(personas, client_de):
    pk = _preparer_caf(client_de(personas.admin))
    client = client_de(personas.admin_calvados)
    assert client.get(reverse("echanges:importations")).status_code == 200
    for nom in ("importation", "importation_correspondance", "importation_apercu", "importation_rapport"):
        assert client.get(reverse(f"echanges:{nom}", args=[pk])).status_code == 404, nom
    assert _lancer(client, pk).status_code == 404
    assert _importation(pk).statut == StatutImport.PRET


def test_liste_des_imports_paginee(personas, client_de, django_assert_max_num_queries):
    client = client_de(personas.admin)
    for i in range(3):
        deposer(client, f"liste-{i}.csv", fichier("liste-caf-nouveaux-rsa.csv"))
    with django_assert_max_num_queries(12):
        page = client.get(reverse("echanges:importations"))
    assert page.content.decode().count("liste-") == 3
    vide = client_de(personas.admin_calvados).get(reverse("echanges:importations")).content.decode()
    assert "Aucune liste déposée" in vide


def test_progression_rafraichie_par_htmx_puis_page_entiere(personas, client_de):
    client = client_de(personas.admin)
    pk = _preparer_caf(client)
    ImportListe.objects.filter(pk=pk).update(statut=StatutImport.EN_COURS, essai=True, lignes_traitees=1)
    page = client.get(reverse("echanges:importation", args=[pk])).content.decode()
    url = reverse("echanges:importation_progression", args=[pk])
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert 'value="33"' in page and "1 lignes lues sur 3" in page
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert 'id="progression"' in fragment.content.decode() and "HX-Refresh" not in fragment
    ImportListe.objects.filter(pk=pk).update(statut=StatutImport.VERIFIE)
    fin = client.get(url, headers={"HX-Request": "true"})
    assert fin["HX-Refresh"] == "true"


def test_le_travailleur_ne_traite_qu_un_import_en_file(personas, client_de):
    from binome.echanges.importation import traitement

    pk = _preparer_caf(client_de(personas.admin))
    assert traitement.traiter(pk) == ""  # prêt, pas en file : rien n'est fait
    assert _importation(pk).statut == StatutImport.PRET
