"""Expressions SQL portables (SQLite et PostgreSQL) dont les indicateurs ont besoin.

- ``EcartJours(fin, debut)`` : nombre entier de jours entre deux dates. PostgreSQL soustrait deux dates
  et renvoie un entier ; SQLite passe par ``julianday``. Pas de fonction Python par ligne, donc pas de
  coût caché sur un million de parcours.
- ``medianes(...)`` : la médiane, derrière une seule fonction (la « couture ») :
  * PostgreSQL : l'agrégat ordonné ``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``, calculé par la base ;
  * SQLite (qui n'a pas de percentile) : la base renvoie l'**histogramme** des valeurs
    (``GROUP BY valeur`` avec un compte), et la médiane se lit sur cet histogramme cumulé. Les durées
    sont des nombres entiers de jours : il y a au plus quelques centaines de valeurs distinctes, quelle
    que soit la taille de la population. Une requête, un transfert borné, un calcul exact identique à
    ``percentile_cont`` (moyenne des deux valeurs centrales quand l'effectif est pair).
  Les deux variantes acceptent un regroupement (par mois, par territoire) sans requête supplémentaire.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, Count, FloatField, Func, IntegerField


class EcartJours(Func):
    """``fin − debut`` en jours entiers (``NULL`` si l'une des dates est nulle)."""

    arity = 2
    output_field = IntegerField()

    def _compiler(self, compiler):
        fin, params_fin = compiler.compile(self.source_expressions[0])
        debut, params_debut = compiler.compile(self.source_expressions[1])
        return fin, debut, (*params_fin, *params_debut)

    def as_sql(self, compiler, connection, **extra_context):
        fin, debut, params = self._compiler(compiler)
        return f"({fin} - {debut})", params

    def as_sqlite(self, compiler, connection, **extra_context):
        fin, debut, params = self._compiler(compiler)
        return f"CAST(ROUND(julianday({fin}) - julianday({debut})) AS INTEGER)", params


class PercentileCont(Aggregate):
    """Médiane continue (PostgreSQL) : ``percentile_cont(0.5) WITHIN GROUP (ORDER BY expr)``."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False


def _mediane_histogramme(histogramme: list[tuple[int, int]]) -> float | None:
    """Médiane d'une liste (valeur, effectif) triée par valeur ; ``None`` si l'effectif total est nul."""
    total = sum(n for _v, n in histogramme)
    if total == 0:
        return None
    # Rangs (à partir de 0) des deux valeurs centrales ; identiques si l'effectif est impair.
    rangs = ((total - 1) // 2, total // 2)
    trouvees = []
    cumul = 0
    for valeur, n in histogramme:
        debut = cumul
        cumul += n
        for rang in rangs:
            if debut <= rang < cumul:
                trouvees.append(valeur)
        if len(trouvees) == 2:
            break
    return (trouvees[0] + trouvees[1]) / 2


def utilise_percentile() -> bool:
    return connection.vendor == "postgresql"


def medianes(queryset, expression, groupe: str | None = None) -> dict:
    """Médiane de ``expression`` sur ``queryset``, par valeur de ``groupe`` (ou sous la clé ``None``).

    Une seule requête quel que soit le nombre de lignes ou de groupes. Les valeurs nulles sont ignorées.
    """
    qs = queryset.order_by().annotate(_valeur_mediane=expression).filter(_valeur_mediane__isnull=False)
    if utilise_percentile():
        if groupe is None:
            return {None: qs.aggregate(m=PercentileCont("_valeur_mediane"))["m"]}
        lignes = qs.values(groupe).annotate(m=PercentileCont("_valeur_mediane")).values_list(groupe, "m")
        return dict(lignes)
    champs = ["_valeur_mediane"] if groupe is None else [groupe, "_valeur_mediane"]
    lignes = qs.values(*champs).annotate(n=Count("pk")).order_by(*champs)
    histogrammes = defaultdict(list)
    for ligne in lignes:
        cle = None if groupe is None else ligne[groupe]
        histogrammes[cle].append((ligne["_valeur_mediane"], ligne["n"]))
    if groupe is None and not histogrammes:
        return {None: None}
    return {cle: _mediane_histogramme(h) for cle, h in histogrammes.items()}
