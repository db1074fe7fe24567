"""Écrans des rendez-vous : planifier (fiche, portefeuille, contact prévu), détail, modifier, annuler, présence."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from binome.accompagnement.enums import PresenceContact, TypeContact
from binome.accompagnement.models import Contact
from binome.agenda.enums import CanalRendezVous, StatutRendezVous, TypeRendezVous
from binome.agenda.models import RendezVous
from binome.core.concurrence import jeton_version
from tests.accompagnement.factories import ContactFactory, parcours_du_binome
from tests.agenda.factories import RendezVousFactory

pytestmark = pytest.mark.django_db

J = datetime.timedelta(days=1)


@pytest.fixture
def parcours(personas):
    aujourdhui = timezone.localdate()
    return parcours_du_binome(
        personas,
        date_reperage=aujourdhui - 90 * J,
        date_entree=aujourdhui - 60 * J,
        date_fin_prevue=aujourdhui + 300 * J,
    )


def _donnees(**champs):
    demain = timezone.localdate() + 3 * J
    donnees = {
        "type": TypeRendezVous.INDIVIDUEL,
        "date": demain.isoformat(),
        "heure": "10:30",
        "duree_minutes": "45",
        "canal": CanalRendezVous.PRESENTIEL,
        "lieu": "Agence d'Aurillac",
        "objet": "Point d'étape",
    }
    donnees.update(champs)
    return donnees


def _rdv(parcours, personas, **champs):
    valeurs = {"organisateur": personas.conseiller, "debut": timezone.now() + 2 * J}
    valeurs.update(champs)
    return RendezVousFactory(parcours=parcours, **valeurs)


def test_planifier_depuis_la_fiche(personas, parcours, client_de):
    client = client_de(personas.conseiller)
    fiche = client.get(reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id})).content.decode()
    url = reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk})
    assert url in fiche and "Planifier un rendez-vous" in fiche
    assert client.get(url).status_code == 200
    reponse = client.post(url, _donnees(type=TypeRendezVous.TRIPARTITE))
    rdv = RendezVous.objects.get()
    assert reponse.status_code == 302 and reponse["Location"] == reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk})
    assert timezone.localtime(rdv.debut).strftime("%H:%M") == "10:30"
    assert set(rdv.professionnels.all()) == {personas.conseiller, personas.travailleur_social}
    detail = client.get(reponse["Location"]).content.decode()
    assert "Point d&#x27;étape" in detail and "Sophie Sociale" in detail
    fiche = client.get(reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id})).content.decode()
    assert reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk}) in fiche


def test_planifier_erreurs_en_francais_sur_le_champ(personas, parcours, client_de):
    client = client_de(personas.conseiller)
    url = reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk})
    reponse = client.post(url, _donnees(lieu="", date=(timezone.localdate() - J).isoformat()))
    assert reponse.status_code == 400
    form = reponse.context["form"]
    assert "Indiquez le lieu" in form.errors["lieu"][0]
    assert "dans le futur" in form.errors["date"][0]
    assert not RendezVous.objects.exists()


def test_planifier_depuis_un_contact_prevu(personas, parcours, client_de):
    prochaine = timezone.localdate() + 10 * J
    ContactFactory(parcours=parcours, auteur=personas.conseiller, prochaine_date=prochaine)
    client = client_de(personas.conseiller)
    page = client.get(reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})).content.decode()
    lien = f"{reverse('agenda:planifier', kwargs={'parcours_pk': parcours.pk})}?date={prochaine.isoformat()}"
    assert lien in page
    reponse = client.get(lien)
    assert reponse.context["form"].initial["date"] == prochaine


def test_pas_de_lien_pour_une_date_prevue_passee_ni_en_lecture_seule(personas, parcours, client_de):
    ContactFactory(parcours=parcours, auteur=personas.conseiller, prochaine_date=timezone.localdate() - J)
    url = reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})
    planifier = reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk})
    assert planifier not in client_de(personas.conseiller).get(url).content.decode()
    ContactFactory(parcours=parcours, auteur=personas.conseiller, prochaine_date=timezone.localdate() + J)
    assert planifier not in client_de(personas.admin).get(url).content.decode()


def test_planifier_depuis_le_portefeuille(personas, parcours, client_de):
    page = client_de(personas.conseiller).get(reverse("accompagnement:portefeuille")).content.decode()
    assert reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk}) in page


def test_planifier_refuse_en_lecture_seule(personas, parcours, client_de):
    url = reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk})
    assert client_de(personas.admin).get(url).status_code == 403
    assert client_de(personas.conseiller_calvados).get(url).status_code == 404


def test_presence_ecrit_le_contact(personas, parcours, client_de):
    rdv = _rdv(parcours, personas, type=TypeRendezVous.TRIPARTITE, debut=timezone.now() - J)
    rdv.professionnels.set([personas.conseiller, personas.travailleur_social])
    client = client_de(personas.travailleur_social)
    url = reverse("agenda:presence", kwargs={"pk": rdv.pk})
    assert client.get(url).status_code == 200
    reponse = client.post(url, {"presence": PresenceContact.HONORE, "note": "Bon échange."})
    assert reponse.status_code == 302
    contact = Contact.objects.get()
    assert contact.type == TypeContact.TRIPARTITE and contact.note == "Bon échange."
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.HONORE and rdv.contact == contact
    journal = client.get(reverse("accompagnement:contacts", kwargs={"parcours_pk": parcours.pk})).content.decode()
    assert "Bon échange." in journal


def test_presence_avant_l_heure_refusee(personas, parcours, client_de):
    rdv = _rdv(parcours, personas)
    assert client_de(personas.conseiller).get(reverse("agenda:presence", kwargs={"pk": rdv.pk})).status_code == 403


def test_un_rendez_vous_manque_propose_aussitot_un_nouveau(personas, parcours, client_de):
    rdv = _rdv(parcours, personas, debut=timezone.now() - J, canal=CanalRendezVous.TELEPHONE, lieu="", objet="Bilan")
    client = client_de(personas.conseiller)
    reponse = client.post(reverse("agenda:presence", kwargs={"pk": rdv.pk}), {"presence": PresenceContact.MANQUE})
    url = reverse("agenda:planifier", kwargs={"parcours_pk": parcours.pk})
    assert reponse["Location"] == f"{url}?remplace={rdv.pk}"
    page = client.get(reponse["Location"])
    assert page.context["form"].initial["canal"] == CanalRendezVous.TELEPHONE
    assert page.context["form"].initial["objet"] == "Bilan"
    assert "manqué" in page.content.decode()
    client.post(reponse["Location"], _donnees(canal=CanalRendezVous.TELEPHONE, lieu=""))
    nouveau = RendezVous.objects.exclude(pk=rdv.pk).get()
    assert nouveau.remplace == rdv
    # Le détail du rendez-vous manqué ne propose plus d'en planifier un autre.
    detail = client.get(reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk}))
    assert not detail.context["a_remplacer"]


def test_modifier_et_verrou_optimiste(personas, parcours, client_de):
    rdv = _rdv(parcours, personas)
    client = client_de(personas.conseiller)
    url = reverse("agenda:modifier", kwargs={"pk": rdv.pk})
    assert client.get(url).status_code == 200
    jeton = jeton_version(rdv)
    donnees = _donnees(duree_minutes="60", version=jeton)
    del donnees["type"]
    assert client.post(url, donnees).status_code == 302
    rdv.refresh_from_db()
    assert rdv.duree_minutes == 60 and rdv.sequence == 1
    reponse = client.post(url, {**donnees, "duree_minutes": "90"})  # jeton périmé
    assert reponse.status_code == 400
    assert "modifiée par" in str(reponse.context["form"].non_field_errors())
    rdv.refresh_from_db()
    assert rdv.duree_minutes == 60


def test_annuler(personas, parcours, client_de):
    rdv = _rdv(parcours, personas)
    client = client_de(personas.conseiller)
    url = reverse("agenda:annuler", kwargs={"pk": rdv.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"motif": ""}).status_code == 400
    assert client.post(url, {"motif": "La personne a trouvé un emploi"}).status_code == 302
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.ANNULE
    assert client.get(url).status_code == 403
    assert client.get(reverse("agenda:modifier", kwargs={"pk": rdv.pk})).status_code == 403


def test_fiche_nombre_de_requetes_borne(personas, parcours, client_de, django_assert_max_num_queries):
    client = client_de(personas.conseiller)
    url = reverse("accompagnement:personne", kwargs={"pk": parcours.personne_id})
    client.get(url)
    comptes = []
    for nombre in (2, 12):
        while parcours.rendez_vous.count() < nombre:
            passe = parcours.rendez_vous.count() % 2
            rdv = _rdv(parcours, personas, debut=timezone.now() + (-1 if passe else 1) * (nombre + 1) * J)
            rdv.professionnels.set([personas.travailleur_social])
        with django_assert_max_num_queries(60), CaptureQueriesContext(connection) as requetes:
            assert client.get(url).status_code == 200
        comptes.append(len(requetes))
    assert comptes[0] == comptes[1], comptes


def test_le_detail_propose_la_convocation_postale(personas, parcours, client_de):
    rdv = _rdv(parcours, personas)
    page = client_de(personas.conseiller).get(reverse("agenda:rendez_vous", kwargs={"pk": rdv.pk})).content.decode()
    assert reverse("agenda:convocation", args=[rdv.pk]) in page
