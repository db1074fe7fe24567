"""La recherche d'une personne par une saisie libre : une définition pour la liste des personnes et le portefeuille.

- chaque mot (sans accents) dans le nom ou le prénom ;
- ou un **fragment** d'identifiant France Travail ou de numéro d'allocataire : la saisie, sans espace, d'au moins
  ``LONGUEUR_MIN_FRAGMENT`` caractères, contenue dans l'identifiant (insensible à la casse) ; une saisie plus
  courte ne trouve que l'identifiant exact.

Sur PostgreSQL, ces « contient » (``LIKE '%…%'``) sont servis par des index trigrammes (``pg_trgm``, migration
``accompagnement.0011_recherche_trigrammes``) : trois caractères au moins, c'est la longueur d'un trigramme, en
dessous de laquelle l'index ne sert plus. Voir docs/architecture.md.
"""

from django.db.models import Q

from binome.core.texte import normaliser

LONGUEUR_MIN_FRAGMENT = 3


def q_recherche_personne(saisie: str, *, chemin: str = "") -> Q | None:
    """Condition de recherche sur une personne (``chemin`` : « personne__ » depuis un parcours) ; ``None`` si la
    saisie est vide."""
    saisie = (saisie or "").strip()
    mots = normaliser(saisie).split()
    if not mots:
        return None
    par_nom = Q()
    for mot in mots:
        par_nom &= Q(**{f"{chemin}nom_normalise__contains": mot}) | Q(**{f"{chemin}prenom_normalise__contains": mot})
    identifiant = saisie.upper()
    if " " in identifiant:
        return par_nom
    if len(identifiant) < LONGUEUR_MIN_FRAGMENT:
        return par_nom | Q(**{f"{chemin}identifiant_ft__iexact": identifiant})
    return (
        par_nom
        | Q(**{f"{chemin}identifiant_ft__icontains": identifiant})
        | Q(**{f"{chemin}numero_allocataire__icontains": identifiant})
    )
