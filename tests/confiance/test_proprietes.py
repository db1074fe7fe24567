"""Mauvaises saisies (hypothesis) : analyseurs d'import et formulaires à saisie libre.

Pour toute entrée : pas de plantage (seules des erreurs de validation sont levées), rien d'écrit à moitié,
un message en français.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from binome.accompagnement.models import Parcours, Personne
from binome.confiance import forms as formulaires
from tests import factories as f

pytestmark = pytest.mark.django_db

ANGLAIS = re.compile(r"\b(Enter a|This field|Ensure this|is required|is not|invalid|must be|Select a)\b")
REGLAGES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
TEXTE = st.text(max_size=300)
# Valeurs telles que lire_csv peut les produire : jamais de caractère nul (le fichier qui en contient est refusé
# en entier, voir test_lecture_csv_parcours_octets_quelconques).
TEXTE_CSV = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60)


def _en_francais(messages):
    texte = " ".join(str(m) for m in messages)
    assert texte.strip(), "message vide"
    assert not ANGLAIS.search(texte), texte


# --- Import des parcours (binome.accompagnement) -----------------------------------------------------------


@REGLAGES
@given(contenu=st.binary(max_size=2000))
def test_lecture_csv_parcours_octets_quelconques(contenu):
    from binome.accompagnement.fichier_import import FichierRefuse, lire_csv

    try:
        lignes = lire_csv(contenu)
    except FichierRefuse as refus:
        _en_francais(refus.messages)
    else:
        assert all(ligne.numero >= 2 for ligne in lignes)


def _ligne_parcours():
    from binome.accompagnement.fichier_import import COLONNES

    valides = {
        "departement": st.sampled_from(["15", "14", "99", "", "2A"]),
        "identifiant_ft": st.sampled_from(["1234567A", "", "abc", "7654321Z"]),
        "date_naissance": st.sampled_from(["1988-04-12", "2030-01-01", "12/04/1988", ""]),
        "sexe": st.sampled_from(["F", "H", "X", "Z", ""]),
        "code_commune": st.sampled_from(["15187", "14118", "00000", ""]),
        "rsa": st.sampled_from(["oui", "non", "peut-être"]),
        "qpv": st.sampled_from(["oui", "non", ""]),
        "niveau_formation": st.sampled_from(["0-2", "3-4", "9", ""]),
        "modalite": st.sampled_from(["global", "social_exclusif", "autre"]),
        "date_orientation": st.sampled_from(["2024-01-08", "", "2024-13-40"]),
        "date_entree": st.sampled_from(["2024-01-22", "", "hier"]),
        "conseiller_email": st.sampled_from(["claire.conseillere@exemple.gouv.fr", "", "pas-un-courriel"]),
        "referent_social_email": st.sampled_from(["sophie.sociale@exemple.gouv.fr", ""]),
        "date_sortie": st.sampled_from(["", "2024-06-30", "2023-01-01"]),
        "motif_sortie": st.sampled_from(["", "EMPLOI_DURABLE", "INCONNU"]),
    }
    return st.fixed_dictionaries({c: st.one_of(valides.get(c, TEXTE_CSV), TEXTE_CSV) for c in COLONNES})


@REGLAGES
@given(lignes=st.lists(_ligne_parcours(), min_size=1, max_size=4))
def test_import_parcours_tout_ou_rien(personas, lignes):
    from binome.accompagnement.services.importation import parcours_importer

    avant = (Personne.objects.count(), Parcours.objects.count(), Personne.history.count())
    try:
        rapport = parcours_importer(acteur=personas.admin, lignes=lignes)
    except ValidationError as refus:
        _en_francais(refus.messages)
        assert (Personne.objects.count(), Parcours.objects.count(), Personne.history.count()) == avant
    else:
        assert Parcours.objects.count() - avant[1] == rapport.parcours_crees


# --- Import de l'annuaire (binome.ressources) --------------------------------------------------------------


@REGLAGES
@example(contenu="\r0")
@example(contenu="nom;id\na;b;c\n")
@given(contenu=st.one_of(TEXTE, st.binary(max_size=300)))
def test_lecture_csv_annuaire_quelconque(contenu):
    """Toute entrée : des lignes et des colonnes manquantes, ou une erreur de validation en français."""
    from binome.core.lecture_csv import FichierCSVRefuse
    from binome.ressources.importation import lire_csv

    try:
        lignes, manquantes = lire_csv(contenu)
    except FichierCSVRefuse as refus:
        _en_francais(refus.messages)
    else:
        assert isinstance(lignes, list) and isinstance(manquantes, list)


@pytest.mark.parametrize(
    "contenu",
    [b"\x9d\x81 binaire", "\r0", "nom;id\n\x9d".encode("utf-16"), "nom;id\na;b;c\n"],
    ids=["binaire", "retour-chariot", "utf-16", "valeur-en-trop"],
)
def test_import_csv_annuaire_fichier_invalide_refuse_proprement(personas, contenu):
    from binome.ressources.importation import importer_csv

    rapport = importer_csv(contenu, departement_code="15", acteur=personas.admin)
    assert rapport.rejets


@REGLAGES
@given(
    lignes=st.lists(
        st.fixed_dictionaries(
            {
                "structure_nom": st.one_of(st.just("Mobilité solidaire"), TEXTE_CSV),
                "nom": st.one_of(st.just("Garage solidaire"), TEXTE_CSV),
                "thematiques": st.one_of(st.just("mobilite--acceder-a-un-vehicule"), TEXTE_CSV),
                "code_postal": st.one_of(st.just("15100"), TEXTE_CSV),
                "commune": st.one_of(st.just("Saint-Flour"), TEXTE_CSV),
                "courriel": st.one_of(st.just("contact@exemple.org"), TEXTE_CSV),
            }
        ),
        min_size=1,
        max_size=3,
    )
)
def test_import_csv_annuaire_sans_plantage(personas, lignes):
    import csv
    import io

    from binome.ressources.importation import importer_csv, modele_csv
    from binome.ressources.models import Service

    entete = next(csv.reader(io.StringIO(modele_csv()), delimiter=";" if ";" in modele_csv().split("\n")[0] else ","))
    tampon = io.StringIO()
    ecrivain = csv.DictWriter(tampon, fieldnames=entete, delimiter=";", extrasaction="ignore")
    ecrivain.writeheader()
    for ligne in lignes:
        ecrivain.writerow(ligne)
    avant = Service.objects.count()
    rapport = importer_csv(tampon.getvalue(), departement_code="15", acteur=personas.admin, verifier_seulement=True)
    assert Service.objects.count() == avant  # vérification seule : rien n'est écrit
    for rejet in rapport.rejets:
        assert str(rejet).strip()
    assert rapport.resume().startswith("Structures :")


@REGLAGES
@given(
    donnees=st.recursive(
        st.none() | st.booleans() | st.integers() | TEXTE_CSV,
        lambda enfants: st.lists(enfants, max_size=3) | st.dictionaries(TEXTE_CSV, enfants, max_size=3),
        max_leaves=10,
    )
)
def test_import_data_inclusion_quelconque(personas, donnees):
    from binome.ressources.importation import importer_data_inclusion
    from binome.ressources.models import Service, Structure

    avant = (Structure.objects.count(), Service.objects.count())
    try:
        rapport = importer_data_inclusion(donnees)
    except ValueError as refus:
        _en_francais([refus])
        assert (Structure.objects.count(), Service.objects.count()) == avant
    else:
        assert Structure.objects.count() - avant[0] == rapport.crees["structure"]


# --- Formulaires à saisie libre ------------------------------------------------------------------------------


@REGLAGES
@given(donnees=st.dictionaries(st.sampled_from(["acteur", "action", "dossier", "du", "au", "finalite"]), TEXTE))
def test_formulaire_recherche_journal(donnees):
    form = formulaires.FormulaireRechercheJournal(donnees)
    if not form.is_valid():
        _en_francais(e for erreurs in form.errors.values() for e in erreurs)


@REGLAGES
@given(code=TEXTE)
def test_formulaire_code(code):
    form = formulaires.FormulaireCode({"code": code})
    if form.is_valid():
        assert re.fullmatch(r"\d{6}", form.cleaned_data["code"])
    else:
        _en_francais(form.errors["code"])


@REGLAGES
@given(date=TEXTE, informee=st.sampled_from(["", "on", "non"]))
def test_formulaires_droits(date, informee):
    for form in (
        formulaires.FormulaireNotice({"date": date}),
        formulaires.FormulaireOpposition({"date": date, "informee": informee}),
    ):
        if form.is_valid():
            assert form.cleaned_data["date"] <= timezone.localdate()
        else:
            _en_francais(e for erreurs in form.errors.values() for e in erreurs)


@REGLAGES
@given(date=TEXTE)
def test_saisie_de_la_notice_par_http(monde, date):
    """Par l'écran : jamais d'erreur serveur, jamais d'écriture sur une saisie refusée."""
    client = Client()
    client.force_login(monde.personas.conseiller)
    personne = monde.cantal.personne
    avant = Personne.objects.get(pk=personne.pk).notice_remise_le
    reponse = client.post(reverse("confiance:notice_enregistrer", kwargs={"personne_pk": personne.pk}), {"date": date})
    assert reponse.status_code in (302, 400)
    if reponse.status_code == 400:
        assert Personne.objects.get(pk=personne.pk).notice_remise_le == avant
        assert "fr-error-text" in reponse.content.decode() or "fr-alert" in reponse.content.decode()


@REGLAGES
@given(courriel=TEXTE, mot_de_passe=TEXTE)
def test_connexion_saisie_quelconque(personas, courriel, mot_de_passe):
    reponse = Client().post(reverse("comptes:connexion"), {"username": courriel, "password": mot_de_passe})
    assert reponse.status_code in (200, 429)
    if reponse.status_code == 200:
        assert "_auth_user_id" not in reponse.client.session if hasattr(reponse, "client") else True
    assert f.MOT_DE_PASSE not in reponse.content.decode()
