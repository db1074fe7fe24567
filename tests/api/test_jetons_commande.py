"""``manage.py jeton_api`` : le jeton seul sur la dernière ligne et utilisable, la liste sans secret, la révocation
par préfixe ou identifiant, les erreurs en français (CommandError : code de sortie 1), l'acteur « système »."""

import io

import pytest
from django.core.management import CommandError, call_command

from binome.comptes.models import JetonApi
from tests.api.outils import bearer

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_essai")]


def _commande(*arguments) -> list[str]:
    sortie = io.StringIO()
    call_command("jeton_api", *arguments, stdout=sortie)
    return sortie.getvalue().splitlines()


def test_creer_imprime_le_jeton_seul_sur_la_derniere_ligne(client, personas):
    lignes = _commande("creer", "--utilisateur", personas.conseiller.email.upper(), "--nom", "IODAS")
    clair = lignes[-1]
    assert clair.startswith("bnm_") and " " not in clair
    assert "IODAS" in lignes[0] and "lecture et écriture" in lignes[0] and "jamais" in lignes[0]
    jeton = JetonApi.objects.get()
    assert jeton.utilisateur == personas.conseiller and not jeton.lecture_seule and jeton.expire_le is None
    assert jeton.cree_par is None
    historique = jeton.history.get()
    assert historique.history_user is None and historique.history_change_reason == "Création du jeton d’API"
    # Utilisable tel quel, en lecture comme en écriture.
    assert client.get("/api/essai/lire", **bearer(clair)).json() == {"compte": personas.conseiller.email}
    cree = client.post("/api/essai/jetons", {"nom": "Écrit"}, content_type="application/json", **bearer(clair))
    assert cree.status_code == 201


def test_creer_lecture_seule_avec_echeance(client, personas):
    lignes = _commande(
        "creer",
        "--utilisateur",
        personas.conseiller.email,
        "--nom",
        "Lecture",
        "--lecture-seule",
        "--expire-le",
        "2099-12-31",
    )
    jeton = JetonApi.objects.get()
    assert jeton.lecture_seule and str(jeton.expire_le) == "2099-12-31"
    assert "lecture seule" in lignes[0] and "31/12/2099" in lignes[0]
    cree = client.post("/api/essai/jetons", {"nom": "x"}, content_type="application/json", **bearer(lignes[-1]))
    assert cree.status_code == 403


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--utilisateur", "personne@nulle-part.fr", "--nom", "X"], "Aucun compte n'a l'adresse"),
        (["--nom", "X", "--expire-le", "31/12/2099"], "Date d'expiration invalide"),
        (["--nom", "X", "--expire-le", "2000-01-01"], "La date d'expiration doit être dans le futur."),
        (["--nom", "   "], "Donnez un nom au jeton"),
    ],
)
def test_creer_erreurs_en_francais(personas, arguments, message):
    if "--utilisateur" not in arguments:
        arguments = ["--utilisateur", personas.conseiller.email, *arguments]
    with pytest.raises(CommandError, match=message):
        _commande("creer", *arguments)
    assert not JetonApi.objects.exists()


def test_creer_argument_manquant(personas):
    with pytest.raises(CommandError):
        _commande("creer", "--nom", "Sans compte")


def test_lister_sans_secret(personas):
    clair_a = _commande("creer", "--utilisateur", personas.conseiller.email, "--nom", "Alpha")[-1]
    clair_b = _commande("creer", "--utilisateur", personas.admin.email, "--nom", "Bêta")[-1]
    tout = "\n".join(_commande("lister"))
    assert "Alpha" in tout and "Bêta" in tout and clair_a[:10] in tout
    assert clair_a not in tout and clair_b not in tout
    du_conseiller = _commande("lister", "--utilisateur", personas.conseiller.email)
    assert len(du_conseiller) == 1 and "Alpha" in du_conseiller[0] and "actif" in du_conseiller[0]


def test_lister_vide(db):
    assert _commande("lister") == ["Aucun jeton."]


def test_revoquer_par_prefixe_puis_401(client, personas):
    clair = _commande("creer", "--utilisateur", personas.conseiller.email, "--nom", "À révoquer")[-1]
    assert client.get("/api/essai/lire", **bearer(clair)).status_code == 200
    lignes = _commande("revoquer", clair[:10])
    assert lignes == [f"Jeton « À révoquer » ({clair[:10]}…) révoqué."]
    jeton = JetonApi.objects.get()
    assert jeton.revoque_le is not None and jeton.revoque_par is None
    assert jeton.history.order_by("-history_id").first().history_change_reason == "Révocation du jeton d’API"
    assert client.get("/api/essai/lire", **bearer(clair)).status_code == 401
    with pytest.raises(CommandError, match="déjà révoqué"):
        _commande("revoquer", str(jeton.pk))
    assert "révoqué" in _commande("lister")[0]


def test_revoquer_par_identifiant_ou_jeton_entier(personas):
    clair_a = _commande("creer", "--utilisateur", personas.conseiller.email, "--nom", "A")[-1]
    _commande("creer", "--utilisateur", personas.conseiller.email, "--nom", "B")
    b = JetonApi.objects.get(nom="B")
    _commande("revoquer", str(b.pk))
    _commande("revoquer", clair_a)
    assert set(JetonApi.objects.filter(revoque_le__isnull=False).values_list("nom", flat=True)) == {"A", "B"}


@pytest.mark.parametrize(("texte", "message"), [("bnm_zzzzzz", "Aucun jeton ne correspond"), ("bnm", "au moins 6")])
def test_revoquer_erreurs(personas, texte, message):
    with pytest.raises(CommandError, match=message):
        _commande("revoquer", texte)
