from tests.identite.fournisseur_local import fournisseur_local  # noqa: F401 (fixture des tests de l'identité)
