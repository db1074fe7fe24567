"""Étape « accompagnement » de ``manage.py demo`` : portefeuilles réalistes, tous les états, alertes,
deux ans d'historique, règles des services respectées, idempotence."""

import csv
import datetime
import io
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from binome.accompagnement import alertes, calculs, machine, selectors
from binome.accompagnement import enums as e
from binome.accompagnement.contenu_plan import contenu_du_plan
from binome.accompagnement.models import (
    Contact,
    Diagnostic,
    Evenement,
    FreinDiagnostic,
    Orientation,
    Parcours,
    PeriodeSuspension,
    Personne,
    PlanAction,
    Sortie,
)
from binome.accompagnement.referentiel import charger as charger_referentiel
from binome.comptes.models import Utilisateur
from binome.core.texte import normaliser
from binome.demo import accompagnement, socle
from binome.demo.management.commands import demo as commande
from binome.territoires.models import Commune
from tests import factories as f

pytestmark = pytest.mark.django_db

COMMUNES = Path(__file__).resolve().parents[2] / "binome" / "territoires" / "data" / "communes.csv"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Territoire réel du Cantal et du Calvados (communes du COG), référentiel, socle, puis l'étape.

    Préparé une fois pour le module (une quinzaine de secondes), dans une transaction annulée à la fin ;
    chaque test tourne dans sa propre transaction imbriquée, annulée elle aussi."""
    with django_db_blocker.unblock(), transaction.atomic():
        f.DepartementFactory(code="15", nom="Cantal", region=f.RegionFactory(code="84", nom="Auvergne-Rhône-Alpes"))
        f.DepartementFactory(code="14", nom="Calvados", region=f.RegionFactory(code="28", nom="Normandie"))
        with COMMUNES.open(encoding="utf-8") as flux:
            communes = {
                ligne["code_insee"]: Commune(
                    code_insee=ligne["code_insee"],
                    nom=ligne["nom"],
                    nom_normalise=normaliser(ligne["nom"]),
                    departement_id=ligne["departement"],
                    code_postal=ligne["code_postal"],
                    latitude=float(ligne["latitude"]) if ligne["latitude"] else None,
                    longitude=float(ligne["longitude"]) if ligne["longitude"] else None,
                    population=int(ligne["population"]) if ligne["population"] else None,
                )
                for ligne in csv.DictReader(flux)
                if ligne["departement"] in ("14", "15") and ligne["type"] == "COM"
            }
        Commune.objects.bulk_create(communes.values())
        charger_referentiel(progression=False)
        socle.creer(io.StringIO())
        sortie = io.StringIO()
        with CaptureQueriesContext(connection) as requetes:
            accompagnement.creer(sortie)
        yield {"requetes": len(requetes), "sortie": sortie.getvalue()}
        transaction.set_rollback(True)


def compteurs() -> dict[str, int]:
    return {modele._meta.label: modele._default_manager.count() for modele in apps.get_models()}


def utilisateur(email: str) -> Utilisateur:
    return Utilisateur.objects.get(email=email)


def test_deux_executions_memes_comptes(demo):
    assert "dossiers fictifs (" in demo["sortie"]
    avant = compteurs()
    assert avant["accompagnement.Parcours"] == sum(p.total for p in accompagnement.PORTEFEUILLES)
    sortie = io.StringIO()
    accompagnement.creer(sortie)
    assert compteurs() == avant
    total = sum(p.total for p in accompagnement.PORTEFEUILLES)
    assert f"{total} dossiers fictifs (0 créés, {total} déjà présents), 0 contacts" in sortie.getvalue()


def test_nombre_de_requetes_borne(demo):
    # La durée ne se mesure pas dans les tests : le nombre de requêtes reste borné par dossier (écritures par
    # lots : ~1,2 requête par dossier aujourd'hui ; la borne large laisse passer des services appelés par dossier).
    total = sum(p.total for p in accompagnement.PORTEFEUILLES)
    assert demo["requetes"] < 10 * total


def test_etape_inscrite_apres_le_socle():
    assert "binome.demo.accompagnement" in commande.ETAPES
    assert commande.ETAPES.index("binome.demo.accompagnement") > commande.ETAPES.index("binome.demo.socle")


def test_portefeuille_de_la_conseillere_persona_du_cantal(demo):
    claire = utilisateur("claire.martin@francetravail.test")
    portefeuille = selectors.filtrer_suivi(selectors.portefeuille(claire))
    assert 70 <= portefeuille.count() <= 90
    assert portefeuille.filter(departement_id="15").count() == portefeuille.count()
    # Le binôme : Sophie Bernard pour l'essentiel.
    sophie = utilisateur("sophie.bernard@cantal.test")
    assert portefeuille.filter(referent_social=sophie).count() > portefeuille.count() / 2
    # Les autres conseillers ont quelques dizaines de parcours, dans les deux départements.
    for email in ("julien.roux@francetravail.test", "camille.dupont@francetravail.test"):
        assert 20 <= selectors.filtrer_suivi(selectors.portefeuille(utilisateur(email))).count() <= 60
    assert set(Parcours.objects.values_list("departement_id", flat=True)) == {"14", "15"}


def test_tous_les_etats_et_motifs(demo):
    tous = set(e.EtatParcours.values) - {e.EtatParcours.REPERE}  # un repérage sans orientation : rien à montrer
    assert set(Parcours.objects.filter(departement_id="15").values_list("etat", flat=True)) == tous
    calvados = set(Parcours.objects.filter(departement_id="14").values_list("etat", flat=True))
    assert calvados >= tous - {e.EtatParcours.NON_RETENU}
    motifs = set(Parcours.objects.exclude(motif_sortie="").values_list("motif_sortie", flat=True))
    assert len(motifs) >= 8
    assert e.MotifSortie.EMPLOI_DURABLE in motifs
    statuts = set(Orientation.objects.values_list("statut", flat=True))
    assert statuts == set(e.StatutOrientation.values)


def test_alertes_presentes(demo):
    claire = utilisateur("claire.martin@francetravail.test")
    annotes = selectors.portefeuille(claire)
    for code in alertes.Alerte.CHAMPS.values():
        # L'échéance d'orientation RSA vise un parcours repéré d'une personne listée : la démonstration n'a pas de
        # repérage (test ci-dessus) ; elle est vérifiée par tests/accompagnement/test_orientation_rsa.py.
        if code in (
            "alerte_orientation",
            "alerte_diagnostic_en_retard",
            "alerte_agent_inactif",
            "alerte_orientation_rsa",
        ):
            continue
        assert annotes.filter(**{code: True}).exists(), code
    # Orientations sans diagnostic après 21 jours, diagnostics planifiés passés : vus par les destinataires
    # (parcours sans binôme encore).
    tous = alertes.annoter_alertes(Parcours.objects.filter(departement_id="15"))
    assert tous.filter(alerte_orientation=True).exists()
    assert tous.filter(alerte_diagnostic_en_retard=True).exists()
    # Aucun parcours de la démonstration n'est tenu par un agent sans rôle actif.
    assert not alertes.annoter_alertes(Parcours.objects.all()).filter(alerte_agent_inactif=True).exists()
    # Des orientations plus récentes aussi.
    limite = timezone.localdate() - datetime.timedelta(days=21)
    en_attente = Orientation.objects.filter(statut__in=e.STATUTS_ORIENTATION_EN_ATTENTE, parcours__departement_id="15")
    assert en_attente.filter(date_proposition__lt=limite).exists()
    assert en_attente.filter(date_proposition__gte=limite).exists()


def test_boites_de_reception_des_personas(demo):
    claire = utilisateur("claire.martin@francetravail.test")
    sophie = utilisateur("sophie.bernard@cantal.test")
    # Sophie reçoit des orientations de France Travail ; Claire en reçoit du Département.
    assert selectors.orientations_a_traiter(sophie).filter(prescripteur=claire).exists()
    assert selectors.orientations_a_traiter(claire).filter(cote_destinataire=e.Cote.FRANCE_TRAVAIL).exists()


def test_personne_avec_frein_permis_pour_l_annuaire(demo):
    julie = Personne.objects.get(identifiant_ft="DEMO15CM001")
    assert (julie.prenom, julie.nom, julie.departement_id) == ("Julie", "Lacombe", "15")
    frein = FreinDiagnostic.objects.get(diagnostic__parcours__personne=julie, domaine=e.DomaineFrein.MOBILITE)
    assert frein.niveau == e.NiveauFrein.FORT
    assert list(frein.situations.values_list("libelle", flat=True)) == ["Permis et/ou code en cours"]
    parcours = julie.parcours.get()
    assert parcours.etat == e.EtatParcours.ACTIF
    assert parcours.conseiller.email == "claire.martin@francetravail.test"


def test_deux_ans_d_historique_pour_les_tendances(demo):
    aujourdhui = timezone.localdate()
    bornes = Parcours.objects.aggregate(premiere=Min("date_entree"), derniere=Max("date_entree"))
    assert bornes["premiere"] <= aujourdhui - datetime.timedelta(days=600)
    assert bornes["premiere"] >= aujourdhui - datetime.timedelta(days=800)
    # Des entrées et des sorties chaque trimestre des deux dernières années.
    for trimestre in range(8):
        fin = aujourdhui - datetime.timedelta(days=91 * trimestre)
        debut = fin - datetime.timedelta(days=91)
        assert Parcours.objects.filter(date_entree__gt=debut, date_entree__lte=fin).exists(), trimestre
        if trimestre < 7:
            assert Parcours.objects.filter(date_sortie__gt=debut, date_sortie__lte=fin).exists(), trimestre


def test_regles_des_services_respectees(demo):
    aujourdhui = timezone.localdate()
    entres = Parcours.objects.exclude(date_entree=None).select_related("personne", "departement__parametres")
    for parcours in entres:
        personne = parcours.personne
        # Copie figée à l'entrée.
        assert parcours.sexe == personne.sexe
        assert parcours.commune_entree_id == personne.commune_id
        assert parcours.rsa_entree == personne.beneficiaire_rsa
        assert parcours.niveau_formation_entree == personne.niveau_formation
        assert parcours.tranche_age_entree == e.tranche_age(parcours.age_entree)
        # Binôme : organisations renseignées.
        assert parcours.organisation_conseiller_id and parcours.organisation_referent_id
        assert parcours.date_orientation <= parcours.date_entree <= aujourdhui
    # Jours suspendus = cumul des suspensions closes.
    cumuls = dict(
        PeriodeSuspension.objects.exclude(fin=None)
        .values("parcours")
        .annotate(n=Count("pk"))
        .values_list("parcours", "n")
    )
    for parcours in Parcours.objects.filter(pk__in=cumuls):
        closes = parcours.suspensions.exclude(fin=None)
        assert parcours.jours_suspendus == sum((s.fin - s.debut).days for s in closes)
    assert Parcours.objects.filter(jours_suspendus__gt=0).exists()
    # Un seul parcours suspendu = une suspension en cours.
    assert set(PeriodeSuspension.objects.filter(fin=None).values_list("parcours__etat", flat=True)) == {
        e.EtatParcours.SUSPENDU
    }
    # Sortie recopiée sur le parcours ; plans signés avec leur copie figée.
    for sortie in Sortie.objects.select_related("parcours"):
        assert (sortie.parcours.date_sortie, sortie.parcours.motif_sortie) == (sortie.date, sortie.motif)
    assert not PlanAction.objects.filter(signe_le__isnull=False, copie_figee__isnull=True).exists()
    plan = PlanAction.objects.filter(parcours__personne__identifiant_ft="DEMO15CM001").get()
    assert plan.copie_figee["personne"] == "Julie Lacombe"
    assert plan.copie_figee["objectifs"]
    # La copie figée de la démonstration est celle que l'écran aurait écrite (même fonction de composition).
    recalculee = contenu_du_plan(plan)
    assert {k: v for k, v in plan.copie_figee.items() if k != "enregistre_par"} == {
        k: v for k, v in recalculee.items() if k != "enregistre_par"
    }
    # Diagnostic d'entrée : adhésion datée (jamais contre la volonté de la personne).
    assert not Diagnostic.objects.filter(decision__in=e.DECISIONS_AVEC_ENTREE, adhesion=False).exists()
    # dernier_contact_le = dernier contact honoré.
    derniers = dict(
        Contact.objects.filter(presence=e.PresenceContact.HONORE)
        .values("parcours__personne")
        .annotate(d=Max("date"))
        .values_list("parcours__personne", "d")
    )
    assert dict(Personne.objects.exclude(dernier_contact_le=None).values_list("pk", "dernier_contact_le")) == derniers
    # Chronologie : rien dans le futur ; l'entrée de chaque parcours entré.
    assert not Evenement.objects.filter(date__gt=timezone.now()).exists()
    assert Evenement.objects.filter(type=e.TypeEvenement.ENTREE).count() == entres.count()
    # Historique écrit, avec sa raison.
    assert (
        Parcours.history.filter(history_change_reason="Données de démonstration").count() == Parcours.objects.count()
    )
    # Le département du parcours est celui de la personne.
    assert not Parcours.objects.exclude(departement_id=F("personne__departement_id")).exists()


def test_message_clair_sans_le_socle(db, monkeypatch):
    absent = accompagnement.Portefeuille("15", "ZZ", "absent@exemple.test", "absente@exemple.test", 1, 0, 0)
    monkeypatch.setattr(accompagnement, "PORTEFEUILLES", [absent])
    with pytest.raises(CommandError, match="L'étape « binome.demo.socle » doit passer avant"):
        accompagnement.creer(io.StringIO())


def test_la_demonstration_applique_les_regles_et_la_machine_des_services(demo, monkeypatch):
    """Un portefeuille de plus (nouveaux identifiants) : chaque dossier passe par la machine à états et les
    règles de ``calculs`` (les mêmes fonctions que les services et l'import)."""
    claire = accompagnement.PORTEFEUILLES[0]
    supplementaire = accompagnement.Portefeuille("15", "RG", claire.conseiller, claire.referent, 15, 6, 5)
    monkeypatch.setattr(accompagnement, "PORTEFEUILLES", [supplementaire])
    espions = {
        nom: mock.patch.object(calculs, nom, wraps=getattr(calculs, nom))
        for nom in ("clore_suspension", "fin_prevue", "fin_prevue_renouvelee", "caracteristiques_entree")
    }
    with (
        espions["clore_suspension"] as clore,
        espions["fin_prevue"] as fin_prevue,
        espions["fin_prevue_renouvelee"] as renouvelee,
        espions["caracteristiques_entree"] as caracteristiques,
        mock.patch.object(machine, "appliquer", wraps=machine.appliquer) as appliquer,
        mock.patch.object(machine, "etablir_etat_initial", wraps=machine.etablir_etat_initial) as naissance,
    ):
        accompagnement.creer(io.StringIO())
    parcours = Parcours.objects.filter(personne__identifiant_ft__startswith="DEMO15RG")
    entres = parcours.filter(date_entree__isnull=False).count()
    assert parcours.count() == supplementaire.total == naissance.call_count
    assert fin_prevue.call_count == caracteristiques.call_count == entres
    assert clore.call_count >= 1 and renouvelee.call_count >= 1
    transitions = {appel.args[1] for appel in appliquer.call_args_list}
    assert {"orienter", "diagnostiquer", "activer", "suspendre", "reprendre", "renouveler", "sortir"} <= transitions
    # Les jours suspendus et la fin prévue des parcours en cours sont ceux de la règle de clôture.
    for p in parcours.filter(jours_suspendus__gt=0, renouvele_le__isnull=True).select_related("personne"):
        assert p.date_fin_prevue == calculs.fin_prevue(p.date_entree, 12, jours_suspendus=p.jours_suspendus)


@pytest.mark.parametrize(
    "email", ["marc.lefevre@francetravail.test", "nadia.perrin@cantal.test", "david.masson@calvados.test"]
)
def test_chaque_encadrant_de_demo_a_une_vraie_equipe(demo, email):
    """La réaffectation se montre : chaque encadrant a plusieurs agents, dont au moins deux avec des parcours,
    et chaque parcours a au moins deux candidats (avec leur charge)."""
    encadrant = utilisateur(email)
    agents = selectors.agents_equipe(encadrant)
    assert len({a["utilisateur"].pk for a in agents}) >= 3
    assert sum(1 for a in agents if a["nombre"]) >= 2
    premier = selectors.parcours_equipe(encadrant).first()
    groupes = selectors.groupes_reaffectation(encadrant, Parcours.objects.filter(pk=premier.pk))
    assert groupes and all(len(g.candidats) >= 2 for g in groupes)
