"""Jetons de l'API : génération et empreinte (le jeton en clair n'est jamais stocké).

Un jeton vaut ``bnm_`` suivi de 43 caractères aléatoires (256 bits, ``secrets.token_urlsafe(32)``) ; le préfixe
``bnm_`` le rend reconnaissable par les outils de détection de secrets. L'empreinte est un SHA-256 : pour un
secret aléatoire de cette taille, un hachage lent (fait pour les mots de passe) n'apporte rien et coûterait à
chaque requête.
"""

import hashlib
import secrets

PREFIXE = "bnm_"
LONGUEUR_PREFIXE_AFFICHE = 10  # « bnm_ » + 6 caractères : assez pour reconnaître un jeton dans une liste


def nouveau_jeton() -> str:
    return PREFIXE + secrets.token_urlsafe(32)


def empreinte(jeton_clair: str) -> str:
    return hashlib.sha256(jeton_clair.encode()).hexdigest()


def prefixe_affiche(jeton_clair: str) -> str:
    return jeton_clair[:LONGUEUR_PREFIXE_AFFICHE]
