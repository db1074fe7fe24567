"""La fréquence du résumé sur « Mon profil » : section branchée, choix enregistré avec son historique ; la règle
par défaut selon le rôle."""

import datetime
import re

import pytest
from django.urls import reverse

from binome.comptes.models import FrequenceResume, Role
from binome.quotidien.frequence import est_jour_d_envoi, frequence_effective, frequence_par_defaut

F = FrequenceResume


@pytest.mark.parametrize(
    ("roles", "attendue"),
    [
        ({Role.CONSEILLER_FT}, F.QUOTIDIEN),
        ({Role.TRAVAILLEUR_SOCIAL}, F.QUOTIDIEN),
        ({Role.ENCADRANT}, F.HEBDOMADAIRE),
        ({Role.REFERENT_ORIENTATION}, F.HEBDOMADAIRE),
        ({Role.ADMIN_DEPARTEMENTAL}, F.HEBDOMADAIRE),
        ({Role.PARTENAIRE}, F.HEBDOMADAIRE),
        ({Role.PILOTE}, F.AUCUN),
        ({Role.PILOTE_NATIONAL}, F.AUCUN),
        (set(), F.AUCUN),
        ({Role.ENCADRANT, Role.CONSEILLER_FT}, F.QUOTIDIEN),  # la plus fréquente l'emporte
        ({Role.PILOTE, Role.PARTENAIRE}, F.HEBDOMADAIRE),
    ],
)
def test_frequence_par_defaut_selon_le_role(roles, attendue):
    assert frequence_par_defaut(roles) == attendue


def test_chaque_role_a_une_frequence_par_defaut():
    from binome.quotidien.frequence import FREQUENCE_PAR_ROLE

    assert set(FREQUENCE_PAR_ROLE) == set(Role)


def test_la_preference_l_emporte_sur_le_role():
    assert frequence_effective(F.AUCUN, {Role.CONSEILLER_FT}) == F.AUCUN
    assert frequence_effective(F.QUOTIDIEN, {Role.PILOTE}) == F.QUOTIDIEN
    assert frequence_effective("", {Role.CONSEILLER_FT}) == F.QUOTIDIEN


def test_jours_d_envoi():
    semaine = [datetime.date(2026, 12, 7) + datetime.timedelta(days=n) for n in range(7)]  # du lundi au dimanche
    assert [est_jour_d_envoi(F.QUOTIDIEN, j) for j in semaine] == [True] * 5 + [False] * 2
    assert [est_jour_d_envoi(F.HEBDOMADAIRE, j) for j in semaine] == [True] + [False] * 6
    assert not any(est_jour_d_envoi(F.AUCUN, j) for j in semaine)


@pytest.mark.django_db
def test_la_section_du_profil_propose_la_frequence(personas, client_de):
    page = client_de(personas.conseiller).get(reverse("comptes:profil")).content.decode()
    assert 'id="resume"' in page
    assert "Selon mon rôle (chaque jour ouvré)" in page
    assert reverse("quotidien:resume_frequence") in page
    page = client_de(personas.encadrant).get(reverse("comptes:profil")).content.decode()
    assert "Selon mon rôle (chaque lundi)" in page


@pytest.mark.django_db
def test_choisir_sa_frequence_l_enregistre_avec_son_historique(personas, client_de):
    claire = personas.conseiller
    client = client_de(claire)

    reponse = client.post(reverse("quotidien:resume_frequence"), {"frequence": F.HEBDOMADAIRE}, follow=True)

    assert reponse.redirect_chain[-1][0] == reverse("comptes:profil") + "#resume"
    assert "La fréquence de votre résumé par courriel est enregistrée." in reponse.content.decode()
    claire.refresh_from_db()
    assert claire.frequence_resume == F.HEBDOMADAIRE
    derniere = claire.history.order_by("-history_id").first()
    assert derniere.history_change_reason == "Fréquence du résumé choisie"
    assert derniere.history_user == claire
    page = client.get(reverse("comptes:profil")).content.decode()
    assert re.search(r'<input[^>]*value="HEBDOMADAIRE"[^>]*checked', page)

    client.post(reverse("quotidien:resume_frequence"), {"frequence": ""})
    claire.refresh_from_db()
    assert claire.frequence_resume == ""


@pytest.mark.django_db
def test_une_frequence_inconnue_est_refusee(personas, client_de):
    client = client_de(personas.conseiller)
    reponse = client.post(reverse("quotidien:resume_frequence"), {"frequence": "HORAIRE"}, follow=True)
    assert "Choisissez une fréquence de la liste." in reponse.content.decode()
    personas.conseiller.refresh_from_db()
    assert personas.conseiller.frequence_resume == ""


@pytest.mark.django_db
def test_la_preference_ne_s_ouvre_qu_en_post(personas, client_de):
    assert client_de(personas.conseiller).get(reverse("quotidien:resume_frequence")).status_code == 405
