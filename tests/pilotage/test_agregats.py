"""Agrégats précalculés des tableaux de bord (issue 17) : mêmes chiffres que le calcul direct, remplacement atomique,
repli sur le calcul direct, date du calcul affichée, rafraîchissement planifié et à la demande.

Les comparaisons portent sur tout ce que la page et les exports montrent (sections, motifs, série, comparaisons,
graphiques, effectifs, actions collectives), masquage compris, sur le jeu calculé à la main et sur des jeux tirés au
hasard (graines fixes) : entrées, sorties, motifs, suspensions, changements de modalité, contacts, rendez-vous,
séances collectives, deux départements.
"""

import datetime
import json
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from binome.accompagnement import enums as e
from binome.accompagnement.models import ChangementModalite, Parcours
from binome.agenda.enums import StatutRendezVous
from binome.collectif.enums import PresenceSeance, StatutSeance
from binome.confiance import planification
from binome.core import routeur
from binome.pilotage import agregats, services, tableau
from binome.pilotage.indicateurs import Periode
from binome.pilotage.models import AgregatTableau, DefinitionSortiePositive
from binome.pilotage.selectors import Perimetre
from tests.accompagnement.factories import ContactFactory, PeriodeSuspensionFactory
from tests.agenda.factories import RendezVousFactory
from tests.collectif.factories import InscriptionFactory, SeanceCollectiveFactory, action_du
from tests.pilotage.jeu import _parcours, creer_jeu

D = datetime.date
P = Periode(D(2025, 1, 1), D(2025, 6, 30))
CALCUL = datetime.datetime(2025, 7, 1, 2, 30, tzinfo=datetime.UTC)
MOTIFS = list(e.MotifSortie.values)


def _projection(t) -> str:
    """Tout ce que le tableau montre (valeurs, masques, libellés), comparable d'un calcul à l'autre."""
    return repr(
        (
            t.sections,
            t.motifs,
            t.serie,
            t.comparaisons,
            t.graphiques,
            t.effectifs,
            t.actions_collectives,
            t.vide,
            t.seuil_sans_contact,
            t.definition,
        )
    )


def _perimetres(personas) -> list[Perimetre]:
    cantal, calvados = personas.cantal.departement, personas.calvados.departement
    return [
        Perimetre(departement=None, masque=True),
        Perimetre(departement=cantal, masque=True, detail_organisations=True, departement_entier=True),
        Perimetre(departement=cantal, masque=False, detail_organisations=True, departement_entier=True),
        Perimetre(departement=calvados, masque=True, detail_organisations=True, departement_entier=True),
    ]


def _jour(alea: random.Random, debut: D, fin: D) -> D:
    return debut + datetime.timedelta(days=alea.randrange((fin - debut).days + 1))


def _jeu_au_hasard(personas, graine: int) -> None:
    """Parcours variés dans le Cantal et le Calvados, autour de la période P."""
    alea = random.Random(graine)
    for i in range(alea.randint(15, 30)):
        territoire = alea.choice([personas.cantal, personas.cantal, personas.calvados])
        entree = _jour(alea, D(2024, 1, 1), D(2025, 7, 15))
        sortie = None
        if alea.random() < 0.5:
            sortie = entree + datetime.timedelta(days=alea.randint(0, 400))
        motif = alea.choice(MOTIFS) if sortie else ""
        orientation = entree - datetime.timedelta(days=alea.randint(0, 60)) if alea.random() < 0.7 else None
        parcours = _parcours(
            personas,
            f"H{graine}-{i}",
            entree,
            sortie=sortie,
            motif=motif,
            suspendus=alea.choice([0, 0, 3, 12]) if sortie else 0,
            orientation=orientation,
            sexe=alea.choice(["F", "H"]),
            rsa=alea.random() < 0.4,
            qpv=alea.random() < 0.2,
            tranche=alea.choice(e.TrancheAge.values),
            cite=alea.choice(e.NiveauFormation.values),
            territoire=territoire,
            conseiller=alea.choice([None, personas.conseiller]) if territoire is personas.cantal else None,
            referent=alea.choice([None, personas.travailleur_social]) if territoire is personas.cantal else None,
            modalite=alea.choice([e.Modalite.GLOBAL, e.Modalite.GLOBAL, e.Modalite.SOCIAL_EXCLUSIF]),
        )
        if parcours.modalite == e.Modalite.SOCIAL_EXCLUSIF:
            Parcours.objects.filter(pk=parcours.pk).update(modalite_entree=e.Modalite.SOCIAL_EXCLUSIF)
        if sortie is None and alea.random() < 0.3:
            # Bascule datée : la modalité en vigueur change au milieu des dates regardées.
            bascule = _jour(alea, entree, D(2025, 9, 1))
            ancienne = parcours.modalite
            nouvelle = e.Modalite.SOCIAL_EXCLUSIF if ancienne == e.Modalite.GLOBAL else e.Modalite.GLOBAL
            ChangementModalite.objects.create(parcours=parcours, ancienne=ancienne, nouvelle=nouvelle, date=bascule)
            Parcours.objects.filter(pk=parcours.pk).update(modalite=nouvelle, modalite_changee_le=bascule)
        if alea.random() < 0.2:
            debut = _jour(alea, entree, D(2025, 7, 1))
            fin = None if alea.random() < 0.5 else debut + datetime.timedelta(days=alea.randint(1, 30))
            PeriodeSuspensionFactory(parcours=parcours, debut=debut, fin=fin)
        for _n in range(alea.randint(0, 6)):
            ContactFactory(
                parcours=parcours,
                date=_jour(alea, entree - datetime.timedelta(days=10), D(2025, 7, 10)),
                presence=alea.choice([e.PresenceContact.HONORE, e.PresenceContact.HONORE, e.PresenceContact.MANQUE]),
            )
        if orientation and alea.random() < 0.5:
            jour = orientation + datetime.timedelta(days=alea.randint(0, 40))
            RendezVousFactory(
                parcours=parcours,
                debut=datetime.datetime.combine(jour, datetime.time(9, 30), tzinfo=datetime.UTC),
                statut=alea.choice([StatutRendezVous.HONORE, StatutRendezVous.MANQUE]),
            )
    action = action_du(personas.cantal, personas.travailleur_social)
    for mois in (2, 4):
        seance = SeanceCollectiveFactory(
            action=action,
            statut=StatutSeance.TENUE,
            debut=datetime.datetime(2025, mois, 5, 13, tzinfo=datetime.UTC),
        )
        for parcours in Parcours.objects.filter(departement_id="15", date_entree__isnull=False)[: alea.randint(0, 7)]:
            presence = alea.choice([PresenceSeance.HONORE, PresenceSeance.MANQUE])
            InscriptionFactory(seance=seance, parcours=parcours, presence=presence)


def _comparer_tout(personas) -> int:
    """Rafraîchit, puis compare chaque tableau tiré des agrégats au calcul direct fait au même moment."""
    nombre = services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    assert nombre == AgregatTableau.objects.count() == 3 * len(e.Modalite.values)  # national + 2 départements
    moment = timezone.localtime(CALCUL)
    for perimetre in _perimetres(personas):
        for modalite in e.Modalite.values:
            lu = agregats.lire(perimetre, modalite, P)
            assert lu is not None and lu.precalcule
            assert lu.date_donnees == moment
            direct = tableau.construire(perimetre, modalite, P, date_donnees=moment)
            assert not direct.precalcule
            assert _projection(lu) == _projection(direct), (perimetre.libelle, modalite)
    return nombre


@pytest.mark.django_db
def test_agregats_egaux_au_calcul_direct_sur_le_jeu_calcule_a_la_main(personas):
    creer_jeu(personas)
    _comparer_tout(personas)
    cantal = agregats.lire(_perimetres(personas)[2], e.Modalite.GLOBAL, P)
    # Quelques valeurs du jeu calculé à la main (tests/pilotage/jeu.py) : l'agrégat n'est pas vide.
    assert cantal.effectifs["entrees"].nombre == 5
    assert cantal.effectifs["contacts_honores"].nombre == 5


@pytest.mark.django_db
@pytest.mark.parametrize("graine", [1, 2, 3])
def test_agregats_egaux_au_calcul_direct_sur_des_jeux_varies(personas, graine):
    creer_jeu(personas)
    _jeu_au_hasard(personas, graine)
    _comparer_tout(personas)


@pytest.mark.django_db
def test_apres_un_changement_de_donnees_le_rafraichissement_remplace_tout(personas):
    p = creer_jeu(personas)
    _comparer_tout(personas)
    anciens = set(AgregatTableau.objects.values_list("pk", flat=True))
    ContactFactory(parcours=p["C"], date=D(2025, 5, 5), presence=e.PresenceContact.HONORE)
    _parcours(personas, "N", D(2025, 3, 3), sortie=D(2025, 4, 4), motif=e.MotifSortie.FORMATION)
    _comparer_tout(personas)
    assert not anciens & set(AgregatTableau.objects.values_list("pk", flat=True))
    cantal = agregats.lire(_perimetres(personas)[2], e.Modalite.GLOBAL, P)
    assert (cantal.effectifs["entrees"].nombre, cantal.effectifs["contacts_honores"].nombre) == (6, 6)


@pytest.mark.django_db
def test_un_echec_du_rafraichissement_laisse_l_ancien_jeu_entier(personas, monkeypatch):
    creer_jeu(personas)
    services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    avant = list(AgregatTableau.objects.order_by("pk").values_list("pk", "territoire", "modalite", "calcule_le"))

    def echoue(*args, **kwargs):
        raise RuntimeError("panne pendant l'écriture")

    monkeypatch.setattr(AgregatTableau.objects, "bulk_create", echoue)
    with pytest.raises(RuntimeError):
        services.agregats_rafraichir(periode=P, maintenant=CALCUL + datetime.timedelta(days=1))
    apres = list(AgregatTableau.objects.order_by("pk").values_list("pk", "territoire", "modalite", "calcule_le"))
    assert apres == avant  # la suppression a été annulée avec l'écriture


@pytest.mark.django_db
def test_definition_changee_apres_le_calcul_repli_sur_le_calcul_direct(personas):
    creer_jeu(personas)
    services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    perimetre = _perimetres(personas)[2]
    assert agregats.lire(perimetre, e.Modalite.GLOBAL, P) is not None
    DefinitionSortiePositive.objects.create(
        departement=personas.cantal.departement,
        codes=[e.MotifSortie.EMPLOI_DURABLE],
        valable_a_partir_du=D(2025, 1, 1),
        auteur=personas.admin,
    )
    assert agregats.lire(perimetre, e.Modalite.GLOBAL, P) is None
    maintenant = timezone.localtime()
    t = agregats.tableau_de_bord(perimetre, e.Modalite.GLOBAL, P, maintenant=maintenant)
    assert not t.precalcule and t.definition.codes == (e.MotifSortie.EMPLOI_DURABLE,)
    assert _projection(t) == _projection(tableau.construire(perimetre, e.Modalite.GLOBAL, P, date_donnees=maintenant))


@pytest.mark.django_db
def test_autre_periode_ou_organisation_calcul_direct(personas):
    creer_jeu(personas)
    services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    cantal = personas.cantal.departement
    autre = Periode(D(2025, 1, 1), D(2025, 5, 31))
    assert agregats.lire(_perimetres(personas)[1], e.Modalite.GLOBAL, autre) is None
    organisation = Perimetre(departement=cantal, organisation=personas.cantal.agence, masque=False)
    assert agregats.lire(organisation, e.Modalite.GLOBAL, P) is None


@pytest.mark.django_db
def test_la_page_dit_quand_les_chiffres_ont_ete_calcules(personas, client_de):
    creer_jeu(personas)
    url = f"{reverse('pilotage:tableau_de_bord')}?departement=15&du=2025-01-01&au=2025-06-30"
    client = client_de(personas.pilote)
    direct = client.get(url).content.decode()
    assert "ouverture de la page" in direct and "précalculés" not in direct
    services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    with CaptureQueriesContext(connection) as requetes:
        page = client.get(url).content.decode()
    heure = timezone.localtime(CALCUL).strftime("%H:%M")
    assert f"Chiffres calculés le 01/07/2025 à {heure} (précalculés par le serveur)." in page
    assert "Recalculer les chiffres maintenant" not in page
    # Lue dans l'agrégat, la page ne touche plus aux parcours ni aux contacts.
    sql = " ".join(r["sql"] for r in requetes.captured_queries)
    assert "accompagnement_contact" not in sql and "accompagnement_parcours" not in sql


@pytest.mark.django_db
def test_le_national_dans_le_navigateur_et_le_recalcul_a_la_demande(personas, client_de):
    creer_jeu(personas)
    national = reverse("pilotage:national")
    page_pilote = client_de(personas.pilote_national).get(national).content.decode()
    assert "Recalculer les chiffres maintenant" not in page_pilote
    assert client_de(personas.pilote_national).post(reverse("pilotage:rafraichir_agregats")).status_code == 403
    assert client_de(personas.admin).post(reverse("pilotage:rafraichir_agregats")).status_code == 403
    assert not AgregatTableau.objects.exists()
    client = client_de(personas.super_admin)
    assert "Recalculer les chiffres maintenant" in client.get(national).content.decode()
    reponse = client.post(reverse("pilotage:rafraichir_agregats"))  # tâche exécutée sur-le-champ en test
    assert reponse.status_code == 302 and reponse.url == national
    assert AgregatTableau.objects.filter(territoire="", demande_par=personas.super_admin).exists()
    page = client.get(national).content.decode()  # période par défaut : celle du calcul
    assert "précalculés par le serveur" in page
    assert "Comparaison des départements" in page


def test_le_rafraichissement_est_planifie_chaque_nuit():
    entree = next(t for t in planification.TACHES_PLANIFIEES if t.nom == "rafraichir_agregats_pilotage")
    assert entree.rythme == planification.Rythme.NOCTURNE
    assert not planification.erreurs_planification(planification.TACHES_PLANIFIEES)


_cles = st.one_of(st.none(), st.integers(), st.text(max_size=5))
_feuilles = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5), st.dates()
)
_valeurs = st.recursive(
    _feuilles,
    lambda enfants: st.one_of(st.lists(enfants, max_size=4), st.dictionaries(_cles, enfants, max_size=4)),
    max_leaves=20,
)


@given(_valeurs)
def test_encodage_sans_perte(valeur):
    decode = agregats.decoder(json.loads(json.dumps(agregats.encoder(valeur))))
    assert decode == valeur and repr(decode) == repr(valeur)  # repr : types et ordre des clés compris


def test_encodage_refuse_un_type_inattendu():
    with pytest.raises(TypeError):
        agregats.encoder({"x": {1, 2}})
    with pytest.raises(TypeError):
        agregats.encoder([datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)])


@pytest.mark.django_db
def test_l_agregat_se_lit_sous_le_bloc_du_replica(monkeypatch, personas, client_de):
    creer_jeu(personas)
    services.agregats_rafraichir(periode=P, maintenant=CALCUL)
    vus = []
    origine = agregats.lire

    def enveloppe(*args, **kwargs):
        vus.append(routeur._bloc_courant.get() is not None)
        return origine(*args, **kwargs)

    monkeypatch.setattr(agregats, "lire", enveloppe)
    reponse = client_de(personas.pilote_national).get(f"{reverse('pilotage:national')}?du=2025-01-01&au=2025-06-30")
    assert "précalculés par le serveur" in reponse.content.decode()
    assert vus == [True]
