"""Écriture en bloc de lignes neuves, historique (django-simple-history) compris : ``EcritureEnBloc``.

Pourquoi contourner l'ORM : à 100 000 lignes d'import, ``bulk_create`` et ``bulk_create_with_history`` passaient
les trois quarts du temps à préparer la requête (une instance historique par objet, puis des dizaines de
milliers de paramètres par ``INSERT``). Ici, les objets sont toujours des instances du modèle, construites par
le service (valeurs par défaut, machine à états, règles de ``calculs``) ; seule l'écriture change : sur
PostgreSQL un ``COPY … FROM STDIN`` par table, sur SQLite un ``executemany`` par lot. Les lignes écrites sont
celles qu'écrirait l'ORM (même préparation des valeurs champ par champ : ``pre_save`` puis
``get_db_prep_save``), ce que ``tests/accompagnement/test_import_en_bloc.py`` compare.

Limites voulues : insertions seulement (aucun signal, comme ``bulk_create``) ; les clés primaires sont réservées
d'avance (``reserver``) pour relier les objets entre eux et à leur historique sans relire la base.
"""

import operator
from collections.abc import Iterable

from django.db import connection, models
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils import timezone

# Champs dont la valeur Python s'écrit telle quelle (pas de conversion par le moteur) : évite un appel de
# ``get_db_prep_save`` par champ et par ligne, le plus gros coût restant.
_TELS_QUELS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
)


def _converteur(champ: models.Field, vendeur: str):
    """Fonction objet → valeur écrite pour ``champ``, la même que celle de ``bulk_create``."""
    attname = champ.attname
    horodate = isinstance(champ, models.DateField) and (champ.auto_now or champ.auto_now_add)
    if horodate:
        if vendeur == "postgresql" and type(champ) in (models.DateField, models.DateTimeField):
            # ``pre_save`` donne une date ou un instant aware (``timezone.now``), que psycopg adapte lui-même.
            return lambda objet: champ.pre_save(objet, True)
        return lambda objet: champ.get_db_prep_save(champ.pre_save(objet, True), connection)
    if champ.is_relation:
        # Clé étrangère vers une clé entière ou texte : la valeur de la colonne est déjà celle à écrire.
        if champ.many_to_one and isinstance(champ.target_field, _TELS_QUELS):
            return _tel_quel(attname)
        return lambda objet: champ.get_db_prep_save(getattr(objet, attname), connection)
    tel_quel = isinstance(champ, _TELS_QUELS)
    if not tel_quel and vendeur == "postgresql" and type(champ) in (models.DateField, models.DateTimeField):
        tel_quel = True  # psycopg adapte lui-même date et datetime (aware) ; Django ne les convertit pas.
    if tel_quel and type(champ).get_db_prep_save is models.Field.get_db_prep_save:
        return _tel_quel(attname)
    return lambda objet: champ.get_db_prep_save(getattr(objet, attname), connection)


def _tel_quel(attname: str):
    def lire(objet):
        return getattr(objet, attname)

    lire.tel_quel = True  # lu d'un coup avec les autres colonnes telles quelles (``_Table.valeurs``)
    return lire


class _Fabrique:
    """Construit les objets neufs d'un modèle par le chemin positionnel de ``Model.__init__`` (celui des lectures
    en base, sans l'examen des arguments nommés champ par champ) : mêmes valeurs par défaut, évaluées de même
    (une fois si elles sont fixes, à chaque objet si elles sont appelables)."""

    def __init__(self, modele):
        champs = modele._meta.concrete_fields
        self.modele = modele
        self.position = {champ.attname: i for i, champ in enumerate(champs)}
        self.position["pk"] = self.position[modele._meta.pk.attname]
        # Clé étrangère donnée par son objet (``cree_par=utilisateur``) : sa clé, comme ``Model.__init__``.
        self.relations = {champ.name: i for i, champ in enumerate(champs) if champ.is_relation}
        self.appelables = [
            (i, champ) for i, champ in enumerate(champs) if champ.has_default() and callable(champ.default)
        ]
        fixes = {i for i, _c in self.appelables}
        self.defauts = [None if i in fixes else champ.get_default() for i, champ in enumerate(champs)]
        self.attnames = [champ.attname for champ in champs]
        # Sans récepteur de pre_init ni de post_init, ``Model.__init__`` positionnel revient à remplir ``__dict__``
        # (les descripteurs des clés étrangères n'ont rien en cache à oublier sur un objet neuf) : fait directement.
        self.direct = not (pre_init.has_listeners(modele) or post_init.has_listeners(modele))

    def __call__(self, valeurs: dict):
        ligne = self.defauts.copy()
        donnees = set()
        for nom, valeur in valeurs.items():
            i = self.position.get(nom)
            if i is None:
                if nom not in self.relations:
                    raise TypeError(f"{self.modele.__name__}() : champ « {nom} » inconnu")
                i = self.relations[nom]
                valeur = None if valeur is None else valeur.pk
            ligne[i] = valeur
            donnees.add(i)
        for i, champ in self.appelables:
            if i not in donnees:
                ligne[i] = champ.get_default()
        if not self.direct:
            return self.modele(*ligne)
        objet = self.modele.__new__(self.modele)
        objet._state = ModelState()
        objet.__dict__.update(zip(self.attnames, ligne))
        return objet


_FABRIQUES: dict = {}


def neuf(modele, **valeurs):
    """``modele(**valeurs)``, plus vite : l'objet neuf et ses valeurs sont les mêmes (voir ``_Fabrique``)."""
    fabrique = _FABRIQUES.get(modele)
    if fabrique is None:
        fabrique = _FABRIQUES[modele] = _Fabrique(modele)
    return fabrique(valeurs)


class _Table:
    """Colonnes et convertisseurs d'un modèle (sans la clé primaire si la base la donne)."""

    def __init__(self, modele, *, avec_pk: bool, vendeur: str):
        self.modele = modele
        champs = [c for c in modele._meta.concrete_fields if avec_pk or not c.primary_key]
        self.nom = modele._meta.db_table
        self.colonnes = [c.column for c in champs]
        self.attnames = [c.attname for c in champs]
        converteurs = [_converteur(c, vendeur) for c in champs]
        # Les colonnes écrites telles quelles sont lues d'un coup (``attrgetter``, en C) ; seules les autres passent
        # par leur convertisseur : un appel par ligne au lieu d'un par colonne et par ligne.
        self._lire = operator.attrgetter(*self.attnames) if len(self.attnames) > 1 else None
        self._a_convertir = [
            (i, convertir) for i, convertir in enumerate(converteurs) if not getattr(convertir, "tel_quel", False)
        ]
        self.converteurs = converteurs

    def valeurs(self, objet) -> list:
        if self._lire is None:
            return [convertir(objet) for convertir in self.converteurs]
        ligne = list(self._lire(objet))
        for i, convertir in self._a_convertir:
            ligne[i] = convertir(objet)
        return ligne


class EcritureEnBloc:
    """Accumule des objets neufs par table et les écrit d'un coup (``vider``) ; à utiliser dans une transaction.

    ``historique`` : (acteur, raison) notés sur chaque ligne historique (type « + »), comme
    ``bulk_create_with_history(default_user=…, default_change_reason=…)``.
    """

    def __init__(self, *, acteur, raison: str):
        self.vendeur = connection.vendor
        self.acteur = acteur
        self.acteur_id = acteur.pk if acteur is not None else None
        self.raison = raison
        self._tables: dict = {}
        self._lignes: dict[str, list] = {}  # table → lignes à écrire (ordre d'ajout)
        self._ordre: list[str] = []  # tables dans l'ordre de leur premier ajout
        self._prochain_sqlite: dict[str, int] = {}

    # --- Clés primaires ------------------------------------------------------------------------------

    def reserver(self, modele, nombre: int) -> list[int]:
        """``nombre`` clés primaires neuves pour ``modele`` : tirées de la séquence (PostgreSQL), ou au-delà de la
        plus grande clé connue (SQLite, dont l'écriture est de toute façon exclusive pendant la transaction)."""
        if nombre <= 0:
            return []
        table = modele._meta.db_table
        colonne = modele._meta.pk.column
        with connection.cursor() as curseur:
            if self.vendeur == "postgresql":
                curseur.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, colonne, nombre],
                )
                return [ligne[0] for ligne in curseur.fetchall()]
            if table not in self._prochain_sqlite:
                curseur.execute(f'SELECT MAX("{colonne}") FROM "{table}"')  # noqa: S608 (nom de table du modèle)
                plus_grande = curseur.fetchone()[0] or 0
                curseur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                sequence = curseur.fetchone()
                self._prochain_sqlite[table] = max(plus_grande, sequence[0] if sequence else 0) + 1
        debut = self._prochain_sqlite[table]
        self._prochain_sqlite[table] = debut + nombre
        return list(range(debut, debut + nombre))

    # --- Lignes ----------------------------------------------------------------------------------------

    def _table(self, modele, *, avec_pk: bool) -> _Table:
        cle = (modele, avec_pk)
        if cle not in self._tables:
            self._tables[cle] = _Table(modele, avec_pk=avec_pk, vendeur=self.vendeur)
        return self._tables[cle]

    def _ajouter_ligne(self, table: _Table, ligne: list):
        if table.nom not in self._lignes:
            self._lignes[table.nom] = []
            self._ordre.append(table.nom)
        self._lignes[table.nom].append(ligne)

    def ajouter(self, objets: Iterable[models.Model], modele):
        """Objets neufs de ``modele`` ; s'il a un historique, leur clé primaire doit être réservée
        (``reserver``) et chacun reçoit sa ligne historique « + »."""
        historise = hasattr(modele, "history")
        table = self._table(modele, avec_pk=historise)
        if historise:
            table_h = self._table(modele.history.model, avec_pk=False)
            en_plus = {
                "history_date": timezone.now(),
                "history_change_reason": self.raison,
                "history_type": "+",
                "history_user_id": self.acteur_id,
            }
            en_plus = {
                champ.attname: champ.get_db_prep_save(en_plus[champ.attname], connection)
                for champ in modele.history.model._meta.concrete_fields
                if champ.attname in en_plus
            }
            # La ligne historique reprend les valeurs de la ligne écrite, colonne par colonne.
            sources = [
                (table.attnames.index(nom), None) if nom in table.attnames else (None, en_plus[nom])
                for nom in table_h.attnames
            ]
        for objet in objets:
            if historise and objet.pk is None:
                raise ValueError(f"{modele.__name__} : clé primaire à réserver avant l'écriture en bloc")
            ligne = table.valeurs(objet)
            self._ajouter_ligne(table, ligne)
            if historise:
                self._ajouter_ligne(table_h, [ligne[i] if i is not None else v for i, v in sources])
            objet._state.adding = False
            objet._state.db = connection.alias

    def vider(self):
        """Écrit tout ce qui a été ajouté, table par table (les clés étrangères sont vérifiées en fin de
        transaction : contraintes différées de Django)."""
        colonnes = {t.nom: t.colonnes for t in self._tables.values()}
        with connection.cursor() as curseur:
            for nom in self._ordre:
                lignes = self._lignes[nom]
                if not lignes:
                    continue
                liste = ", ".join(f'"{c}"' for c in colonnes[nom])
                if self.vendeur == "postgresql":
                    with curseur.cursor.copy(f'COPY "{nom}" ({liste}) FROM STDIN') as copie:
                        for ligne in lignes:
                            copie.write_row(ligne)
                else:
                    marques = ", ".join(["%s"] * len(colonnes[nom]))
                    curseur.executemany(f'INSERT INTO "{nom}" ({liste}) VALUES ({marques})', lignes)  # noqa: S608
                lignes.clear()
