"""Le résumé contre les vraies pièces : la vraie page « À faire » (poste h4) et un vrai serveur SMTP (poste h2).

Tant que ces pièces ne sont pas sur main, les tests concernés sont sautés avec la raison (``importorskip``, fixture
``serveur_smtp`` absente) ; après la fusion, ils tournent sans rien changer ici.
"""

import datetime
import re

import pytest
from django.core import mail
from freezegun import freeze_time

from binome.accompagnement.models import Personne
from binome.comptes.models import FrequenceResume
from binome.quotidien import resumes
from binome.quotidien.models import ResumeEnvoye
from tests.accompagnement.factories import NotePriveeFactory, personne_du
from tests.agenda.factories import RendezVousFactory
from tests.quotidien.faux_a_faire import installer, lignes_du_texte

pytestmark = pytest.mark.django_db

ENTITE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
SECRETS = ("Violences conjugales", "surendettement", "Suivi en addictologie", "RQTH")


@pytest.fixture
def serveur(request):
    try:
        return request.getfixturevalue("serveur_smtp")
    except pytest.FixtureLookupError:
        pytest.skip("fixture serveur_smtp (poste h2, tests/conftest.py) pas encore sur main")


def _secrets(personas, journee):
    """Ce qui ne doit jamais sortir : note privée, santé, objet d'un rendez-vous social."""
    personne = journee.sans_contact.personne
    Personne.objects.filter(pk=personne.pk).update(rqth=True)
    NotePriveeFactory(personne=personne, texte="Violences conjugales", organisation=personas.cantal.unite)
    RendezVousFactory(
        parcours=journee.sans_contact,
        objet="Dossier de surendettement — Suivi en addictologie",
        debut=journee.rendez_vous_jeudi.debut,
        organisateur=personas.travailleur_social,
        professionnels=[personas.travailleur_social, personas.conseiller],
    )


def test_les_nombres_du_resume_sont_ceux_de_la_page_a_faire(personas):
    a_faire = pytest.importorskip("binome.quotidien.a_faire", reason="page « À faire » (poste h4) pas encore sur main")
    donnees = pytest.importorskip("tests.quotidien.donnees")
    with freeze_time(donnees.MAINTENANT):  # un mercredi : quotidien oui, hebdomadaire non
        journee = donnees.journee_de_claire(personas)
        _secrets(personas, journee)

        assert resumes.envoyer_resumes() == 2  # Claire et Sophie ; ni l'encadrant (lundi) ni le pilote
        assert resumes.envoyer_resumes() == 0  # relance : rien ne part deux fois

        par_destinataire = {m.to[0]: m for m in mail.outbox}
        assert set(par_destinataire) == {personas.conseiller.email, personas.travailleur_social.email}
        for utilisateur in (personas.conseiller, personas.travailleur_social):
            message = par_destinataire[utilisateur.email]
            attendu = {ligne.libelle: ligne.nombre for ligne in a_faire.a_faire(utilisateur)}
            assert attendu
            assert lignes_du_texte(message.body) == attendu
            contenu = message.subject + message.body + message.alternatives[0][0]
            assert not any(secret in contenu for secret in SECRETS)
            assert not ENTITE.search(message.body)
        texte_claire = par_destinataire[personas.conseiller.email].body
        assert "Samuel S." in texte_claire and "Silence" not in texte_claire
    assert ResumeEnvoye.objects.filter(date=donnees.JOUR).count() == 2


def test_le_resume_traverse_un_vrai_serveur_smtp(personas, monkeypatch, serveur, settings):
    settings.BINOME_URL_SITE = "https://binome.exemple.gouv.fr"
    lundi, mardi = datetime.date(2026, 12, 7), datetime.date(2026, 12, 8)
    a_faire = installer(monkeypatch)
    zoe = personne_du(personas.cantal, prenom="Zoé", nom="O'Neil")
    a_faire.ajouter(personas.conseiller, "orientations", "orientations à traiter d'urgence & plus", [zoe])
    a_faire.ajouter(personas.encadrant, "equipe", "parcours à réaffecter", [zoe, zoe])
    personas.travailleur_social.frequence_resume = FrequenceResume.AUCUN
    personas.travailleur_social.save()
    a_faire.ajouter(personas.travailleur_social, "x", "chose", [zoe])

    assert resumes.envoyer_resumes(mardi) == 1  # Claire seule : l'encadrant est hebdomadaire, Sophie a dit non
    assert resumes.envoyer_resumes(mardi) == 0
    assert resumes.envoyer_resumes(lundi) == 2

    assert mail.outbox == []  # tout est passé par le serveur SMTP
    destinataires = [recu.destinataires for recu in serveur.recus]
    assert destinataires == [(personas.conseiller.email,), (personas.conseiller.email,), (personas.encadrant.email,)]
    recu = serveur.recus[0]
    texte = recu.texte().replace("\r\n", "\n")  # SMTP transporte des fins de ligne CRLF
    assert lignes_du_texte(texte) == {"1 orientations à traiter d'urgence & plus": 1}
    assert "\n  Zoé O.\n" in texte and "O'Neil" not in texte
    assert not ENTITE.search(texte) and not ENTITE.search(recu.message["Subject"])
    assert "https://binome.exemple.gouv.fr/" in texte
    html = recu.texte("text/html")
    assert "d&#x27;urgence &amp; plus" in html  # la partie HTML, elle, reste échappée
