import pytest
from tests.pilotage.jeu import creer_jeu

pytestmark = pytest.mark.django_db

def test_smoke(personas, client_de):
    creer_jeu(personas)
    for p in (personas.admin, personas.pilote, personas.encadrant):
        c = client_de(p)
        r = c.get("/pilotage/?du=2025-01-01&au=2025-06-30")
        assert r.status_code == 200, r.content[:2000]
        r = c.get("/pilotage/export.csv?du=2025-01-01&au=2025-06-30")
        assert r.status_code == 200
        r = c.get("/pilotage/export.xlsx?du=2025-01-01&au=2025-06-30")
        assert r.status_code == 200
        c.logout()
    c = client_de(personas.pilote)
    r = c.get("/pilotage/?du=2025-01-01&au=2025-06-30")
    open("/tmp/pilote.html","wb").write(r.content)
    r = c.get("/pilotage/export.csv?du=2025-01-01&au=2025-06-30")
    open("/tmp/pilote.csv","wb").write(r.content)
    r = c.get("/")
    open("/tmp/accueil.html","wb").write(r.content)
    c.logout()
    c = client_de(personas.admin)
    r = c.get("/pilotage/export-fse/?du=2025-01-01&au=2025-06-30&tous=1")
    open("/tmp/fse.csv","wb").write(r.content)
    r = c.get("/pilotage/definitions/15/")
    assert r.status_code == 200
