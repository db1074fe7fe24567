"""La compilation JIT de PostgreSQL est coupée sur les connexions de Binôme (docs/exploitation.md, « Mesures »)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_jit_coupe_sur_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL seulement : SQLite n'a pas de compilation JIT.")
    with connection.cursor() as curseur:
        curseur.execute("SHOW jit")
        assert curseur.fetchone()[0] == "off"
