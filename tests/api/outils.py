"""Aides des tests de l'API."""


def bearer(clair: str) -> dict:
    """En-têtes du client de test Django pour ``Authorization: Bearer <clair>``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {clair}"}
