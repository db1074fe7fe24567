"""Limitation de débit du flux d'abonnement : un agenda le relit toutes les heures, pas toutes les secondes.

Deux compteurs dans le cache de Django (fenêtres fixes) :

- par adresse du client, les jetons **inconnus** : au-delà de ``ECHECS_MAX`` en ``FENETRE_ECHECS`` secondes,
  cette adresse reçoit 429 sans recherche en base (un essai de jetons au hasard ne charge pas la base ; il est de
  toute façon vain : 256 bits) ; les lectures réussies ne comptent pas, un agenda en nuage qui lit les flux de
  nombreux abonnés depuis une même adresse n'est pas gêné ;
- par abonnement, les lectures : au-delà de ``LECTURES_MAX`` par heure, 429 (un client mal réglé qui relit sans
  arrêt) ; seul cet abonnement est freiné.
"""

from django.core.cache import cache

ECHECS_MAX = 20
FENETRE_ECHECS = 10 * 60
LECTURES_MAX = 60
FENETRE_LECTURES = 60 * 60


def _compter(cle: str, fenetre: int) -> int:
    if cache.add(cle, 1, fenetre):
        return 1
    try:
        return cache.incr(cle)
    except ValueError:  # expirée entre les deux appels
        cache.set(cle, 1, fenetre)
        return 1


def adresse_bloquee(ip: str) -> bool:
    return (cache.get(f"agenda:flux:echecs:{ip}") or 0) >= ECHECS_MAX


def noter_echec(ip: str) -> None:
    _compter(f"agenda:flux:echecs:{ip}", FENETRE_ECHECS)


def lecture_permise(empreinte: str) -> bool:
    return _compter(f"agenda:flux:lectures:{empreinte}", FENETRE_LECTURES) <= LECTURES_MAX
