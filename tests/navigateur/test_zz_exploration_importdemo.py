import pytest
pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]
import tests.navigateur.test_parcours_bout_en_bout as t

def test_explorer(personas, page, connecter, live_server):
    try:
        t.test_parcours_de_bout_en_bout(personas, page, connecter, live_server)
    finally:
        with open("/tmp/importdemo_nav/page.html", "w") as fichier:
            fichier.write(page.content())
        print("URL", page.url)
