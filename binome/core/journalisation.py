"""Filtre des journaux applicatifs : aucune donnée personnelle n'y est écrite.

Les vues et services ne journalisent que des identifiants ; ce filtre est le filet de sécurité des
bibliothèques (serveur de développement, erreurs de Django, tâches, axes…). Il masque, dans le message final et
dans la trace d'une exception :

- les adresses électroniques et les numéros de téléphone français ;
- toute chaîne de requête (``/personnes/?q=Dupont`` → ``/personnes/?[paramètres masqués]``) : la recherche de
  personnes passe des noms en GET, et le référent d'une page en contient aussi ;
- le jeton d'une adresse d'abonnement à l'agenda (``/agenda/abonnement/[jeton masqué].ics``) et celui d'un lien de
  connexion à l'espace de la personne (``/mon-espace/connexion/lien/[jeton masqué]/``) ;
- les valeurs des paramètres GET et POST de la requête jointe à l'enregistrement (``django.request`` joint la
  requête : un message d'exception qui recopierait la saisie est masqué aussi).

Il est posé sur le gestionnaire de la console (tout ce qui s'écrit) et sur les journaux qui portent une requête ou
une tâche (``django.server``, ``django.request``, ``django.security.csrf``, ``django_tasks``…), pour que
l'enregistrement lui-même soit masqué avant tout gestionnaire (voir ``binome/settings.py``).
"""

import logging
import re
import traceback

_COURRIEL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TELEPHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
# « ? » collé à un chemin ou une adresse, suivi de paramètres (pas le « ? » d'une phrase, précédé d'une espace).
_CHAINE_DE_REQUETE = re.compile(r"(?<=[^\s?])\?[^\s\"'<>]+")
# Jeton d'une adresse d'abonnement à l'agenda (``/agenda/abonnement/<jeton>.ics``) : il vaut un mot de passe.
_JETON_AGENDA = re.compile(r"(/agenda/abonnement/)[^/\s\"'<>?]+(\.ics)")
# Jeton d'un lien de connexion à l'espace de la personne (``/mon-espace/connexion/lien/<jeton>/``, issue 16).
_JETON_LIEN_ESPACE = re.compile(r"(/mon-espace/connexion/lien/)[^/\s\"'<>?]+")
# Détail d'une violation d'unicité PostgreSQL : « Key (nom, prenom)=(Dupont, Jean) already exists. »
_DETAIL_CLE = re.compile(r"(Key \([^)]*\)=)\([^\n]*?\)")
LONGUEUR_MIN_VALEUR = 3
# Journaux des tâches de fond : la trace d'une exception y perd son message (voir _trace_sans_message).
JOURNAUX_DES_TACHES = ("django_tasks",)  # django_tasks et django_tasks_db


def masquer(texte: str, valeurs: tuple[str, ...] = ()) -> str:
    for valeur in sorted(valeurs, key=len, reverse=True):
        texte = texte.replace(valeur, "[donnée masquée]")
    texte = _CHAINE_DE_REQUETE.sub("?[paramètres masqués]", texte)
    texte = _JETON_AGENDA.sub(r"\1[jeton masqué]\2", texte)
    texte = _JETON_LIEN_ESPACE.sub(r"\1[jeton masqué]", texte)
    texte = _DETAIL_CLE.sub(r"\1([valeurs masquées])", texte)
    return _TELEPHONE.sub("[téléphone masqué]", _COURRIEL.sub("[courriel masqué]", texte))


def _valeurs_de_la_requete(record: logging.LogRecord) -> tuple[str, ...]:
    requete = getattr(record, "request", None)
    valeurs = set()
    for parametres in (getattr(requete, "GET", None), getattr(requete, "POST", None)):
        if parametres is None:
            continue
        for _cle, liste in parametres.lists():
            valeurs.update(v.strip() for v in liste if len(v.strip()) >= LONGUEUR_MIN_VALEUR)
    return tuple(valeurs)


def _trace_sans_message(exc_info) -> str:
    """Trace d'une tâche en échec : les lignes du code et le type de l'exception, sans son message (une tâche
    manipule des dossiers : le message peut recopier un nom)."""
    type_, _valeur, pile = exc_info
    lignes = ["Traceback (most recent call last):\n", *traceback.format_tb(pile)]
    return "".join(lignes) + f"{type_.__module__}.{type_.__qualname__}: [message masqué]"


class FiltreDonneesPersonnelles(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "binome_masque", False):
            return True
        try:
            valeurs = _valeurs_de_la_requete(record)
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — un message mal formé reste tel quel
            return True
        masque = masquer(message, valeurs)
        if masque != message:
            record.msg, record.args = masque, None
        if record.exc_info and record.name.startswith(JOURNAUX_DES_TACHES):
            record.exc_text = _trace_sans_message(record.exc_info)
        elif record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            # La trace masquée remplace l'exception : aucun gestionnaire ne la reformate avec ses valeurs.
            record.exc_text, record.exc_info = masquer(record.exc_text, valeurs), None
        if record.stack_info:
            record.stack_info = masquer(record.stack_info, valeurs)
        record.binome_masque = True
        return True
