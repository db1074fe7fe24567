"""Résumés par courriel : contenu (les nombres de « À faire », prénom + initiale, aucun secret, texte sans entités
HTML), fréquence (quotidien du lundi au vendredi, hebdomadaire le lundi, jamais), un seul envoi par jour même
relancé ou disputé par deux travailleurs, rien d'envoyé quand rien n'attend.

La page « À faire » (poste h4) est ici remplacée par ``tests/quotidien/faux_a_faire.py`` ; le test contre le vrai
module est dans ``test_resumes_a_faire.py``."""

import datetime
import re
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from binome.accompagnement.models import AvisAffectation
from binome.comptes.models import FrequenceResume
from binome.quotidien import resumes
from binome.quotidien.models import ResumeEnvoye
from tests.accompagnement.factories import NotePriveeFactory, parcours_du_binome, personne_du
from tests.agenda.factories import RendezVousFactory
from tests.quotidien.faux_a_faire import installer, lignes_du_texte

pytestmark = pytest.mark.django_db

LUNDI = datetime.date(2026, 12, 7)
MARDI = datetime.date(2026, 12, 8)
SAMEDI = datetime.date(2026, 12, 12)
ENTITE = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


@pytest.fixture
def a_faire(monkeypatch):
    return installer(monkeypatch)


def _texte(message) -> str:
    return message.body


def _html(message) -> str:
    [(contenu, type_mime)] = message.alternatives
    assert type_mime == "text/html"
    return contenu


def test_le_resume_du_conseiller_reprend_chaque_nombre_de_la_page_a_faire(personas, a_faire, settings):
    settings.BINOME_URL_SITE = "https://binome.exemple.gouv.fr"
    claire = personas.conseiller
    personnes = [personne_du(personas.cantal, prenom=f"Prénom{i}", nom=f"Nom{i}") for i in range(7)]
    a_faire.ajouter(claire, "orientations", "Orientations à diagnostiquer", personnes[:2], url="/orientations/")
    a_faire.ajouter(claire, "contacts", "Contacts en retard", personnes, url="/portefeuille/?retard=1")

    assert resumes.envoyer_resumes(LUNDI) == 1

    [message] = mail.outbox
    assert message.to == [claire.email]
    assert "lundi 7 décembre 2026" in message.subject
    texte = _texte(message)
    attendu = {ligne.libelle: ligne.nombre for ligne in a_faire.a_faire(claire, aujourdhui=LUNDI)}
    assert lignes_du_texte(texte) == attendu == {"2 Orientations à diagnostiquer": 2, "7 Contacts en retard": 7}
    assert "Prénom0 N., Prénom1 N." in texte
    assert "et 2 autres" in texte  # 7 personnes, 5 nommées
    assert "Nom0" not in texte and "Nom0" not in _html(message)
    assert "https://binome.exemple.gouv.fr/orientations/" in texte
    assert 'href="https://binome.exemple.gouv.fr/portefeuille/?retard=1"' in _html(message)
    assert "https://binome.exemple.gouv.fr/profil/#resume" in texte
    assert (claire.pk, LUNDI) in a_faire.appels


def test_le_texte_n_a_pas_d_entites_et_le_html_reste_echappe(personas, a_faire):
    personne = personne_du(personas.cantal, prenom="Zoé", nom="O'Neil")
    a_faire.ajouter(personas.conseiller, "x", "Demandes d'aide & relances <urgentes>", [personne])

    resumes.envoyer_resumes(LUNDI)

    [message] = mail.outbox
    assert not ENTITE.search(message.body) and not ENTITE.search(message.subject)
    assert "- 1 Demandes d'aide & relances <urgentes>\n  Zoé O.\n" in message.body
    assert "Zoé O." in message.body
    html = _html(message)
    assert "&lt;urgentes&gt;" in html and "<urgentes>" not in html


def test_aucun_secret_dans_le_resume(personas, a_faire):
    """Note privée, donnée de santé, objet du rendez-vous : rien de cela n'entre dans un courriel."""
    parcours = parcours_du_binome(personas)
    personne = parcours.personne
    personne.rqth = True
    personne.save()
    NotePriveeFactory(personne=personne, texte="Violences conjugales signalées", organisation=personas.cantal.unite)
    RendezVousFactory(parcours=parcours, objet="Dossier de surendettement", organisateur=personas.conseiller)
    # Comme le vrai ``personnes_de_la_ligne`` : des parcours, personne chargée.
    a_faire.ajouter(personas.conseiller, "rdv", "Rendez-vous cette semaine", [parcours])
    a_faire.ajouter(personas.travailleur_social, "rdv", "Rendez-vous cette semaine", [parcours])

    assert resumes.envoyer_resumes(LUNDI) == 2

    for message in mail.outbox:
        contenu = message.subject + message.body + _html(message)
        for secret in ("Violences", "surendettement", "RQTH", "rqth", "santé", personne.nom, "Point d'étape"):
            assert secret not in contenu
        assert f"{personne.prenom} {personne.nom[0]}." in contenu


def test_prenom_initiale():
    from binome.accompagnement.models import Parcours, Personne

    assert resumes.prenom_initiale(Personne(prenom="Zoé", nom="o'Neil")) == "Zoé O."
    assert resumes.prenom_initiale(Parcours(personne=Personne(prenom="Karim", nom="Benali"))) == "Karim B."
    assert resumes.prenom_initiale(Personne(prenom="", nom="")) == "une personne"  # dossier anonymisé


def test_rien_a_faire_rien_d_envoye(personas, a_faire):
    a_faire.ajouter(personas.conseiller, "vide", "Rien", [])

    assert resumes.envoyer_resumes(LUNDI) == 0

    assert mail.outbox == []
    assert not ResumeEnvoye.objects.exists()


def test_frequences_quotidien_en_semaine_hebdomadaire_le_lundi_jamais(personas, a_faire):
    for utilisateur in (personas.conseiller, personas.encadrant, personas.pilote, personas.admin):
        a_faire.ajouter(utilisateur, "x", "Une chose", [personne_du(personas.cantal)])
    personas.admin.frequence_resume = FrequenceResume.AUCUN
    personas.admin.save()

    assert resumes.envoyer_resumes(MARDI) == 1  # Claire seule : l'encadrant est hebdomadaire
    assert mail.outbox[-1].to == [personas.conseiller.email]
    assert resumes.envoyer_resumes(SAMEDI) == 0
    assert resumes.envoyer_resumes(LUNDI) == 2  # Claire et l'encadrant ; ni le pilote ni l'admin qui a dit non
    assert sorted(m.to[0] for m in mail.outbox[-2:]) == sorted([personas.conseiller.email, personas.encadrant.email])


def test_la_preference_remplace_le_role(personas, a_faire):
    personas.encadrant.frequence_resume = FrequenceResume.QUOTIDIEN
    personas.encadrant.save()
    personas.conseiller.frequence_resume = FrequenceResume.HEBDOMADAIRE
    personas.conseiller.save()
    for utilisateur in (personas.conseiller, personas.encadrant):
        a_faire.ajouter(utilisateur, "x", "Une chose", [personne_du(personas.cantal)])

    assert resumes.envoyer_resumes(MARDI) == 1
    assert mail.outbox[0].to == [personas.encadrant.email]


def test_un_compte_desactive_ne_recoit_rien(personas, a_faire):
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])
    personas.conseiller.is_active = False
    personas.conseiller.save()

    assert resumes.envoyer_resumes(LUNDI) == 0


def test_une_relance_n_envoie_pas_deux_fois(personas, a_faire):
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])

    assert resumes.envoyer_resumes(LUNDI) == 1
    assert resumes.envoyer_resumes(LUNDI) == 0

    assert len(mail.outbox) == 1
    assert ResumeEnvoye.objects.get().utilisateur == personas.conseiller
    assert resumes.envoyer_resumes(MARDI) == 1  # le lendemain, le résumé du lendemain


def test_deux_travailleurs_n_envoient_pas_deux_fois(personas, a_faire):
    """Les deux ont choisi le même destinataire (``destinataires`` lu avant toute réclamation) : le premier
    réclame le résumé, le second trouve la ligne et n'envoie rien."""
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])
    premier, second = resumes.destinataires(LUNDI), resumes.destinataires(LUNDI)
    assert personas.conseiller in premier and personas.conseiller in second

    envoyes = [resumes.envoyer_resume(u, LUNDI) for u in premier + second if u == personas.conseiller]

    assert envoyes == [True, False]
    assert len(mail.outbox) == 1


def test_la_reclamation_precede_l_envoi(personas, a_faire, monkeypatch):
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])
    vus = []

    def envoyer(message):
        vus.append(ResumeEnvoye.objects.filter(utilisateur=personas.conseiller, date=LUNDI).exists())
        return 1

    monkeypatch.setattr(EmailMultiAlternatives, "send", envoyer)
    assert resumes.envoyer_resumes(LUNDI) == 1
    assert vus == [True]


def test_un_envoi_en_echec_rend_la_main_a_la_relance(personas, a_faire, monkeypatch):
    a_faire.ajouter(personas.conseiller, "x", "Une chose", [personne_du(personas.cantal)])
    parcours = parcours_du_binome(personas, conseiller=personas.conseiller)
    AvisAffectation.objects.create(destinataire=personas.conseiller, parcours=parcours, role="conseiller")

    def panne(message):
        raise SMTPException("serveur indisponible")

    with monkeypatch.context() as m:
        m.setattr(EmailMultiAlternatives, "send", panne)
        assert resumes.envoyer_resumes(LUNDI) == 0
    assert not ResumeEnvoye.objects.exists()
    assert AvisAffectation.objects.get().signale_le is None

    assert resumes.envoyer_resumes(LUNDI) == 1
    assert "1 parcours vous a été confié." in mail.outbox[0].body
    assert AvisAffectation.objects.get().signale_le is not None
