"""Rien de ce qui est écrit pour les seuls professionnels ne sort dans l'espace de la personne.

Un texte sentinelle est posé dans chaque champ réservé de ``accompagnement.secret_partage.CHAMPS_RESTREINTS`` (un
champ ajouté à la déclaration sans sentinelle ici fait échouer le test), dans les notes privées (partagées ou non)
et la chronologie du seul côté social, les résumés et décisions des instances, et les commentaires internes (journal
des contacts, demandes de coordination, message d'une orientation, objet et motif d'un rendez-vous, commentaire d'un
partenaire, objet d'une invitation, motifs d'orientation et de sortie). Chaque page de l'espace (``urls_pages``),
ses fichiers calendrier et le contrat du PDF sont parcourus.
"""

import datetime
import html

import pytest
from django.template.loader import render_to_string
from django.urls import URLPattern, reverse
from django.utils import timezone

from binome.accompagnement import contenu_plan
from binome.accompagnement.enums import MotifSuspension, ReponseSensible
from binome.accompagnement.models import Action, FreinDiagnostic, PeriodeSuspension, Personne, PlanAction
from binome.accompagnement.secret_partage import CHAMPS_RESTREINTS
from binome.agenda.enums import StatutRendezVous
from binome.espace import urls_pages
from binome.espace.selectors import pages as selectors
from binome.espace.vues_pages import GABARIT_CONTRAT_PDF
from binome.instances.models import Manquement
from tests.collectif.factories import inscription_du_dossier
from tests.confiance.monde import creer_monde
from tests.espace.pages_outils import rendez_vous_a_venir
from tests.espace_outils import connecter_personne, espace_ouvert
from tests.instances import outils as instances_outils

pytestmark = pytest.mark.django_db

# Champ réservé → texte (ou libellé d'un choix) qui ne doit jamais apparaître.
SENTINELLES_CHAMPS = {
    (Personne, "rqth"): "qualité de travailleur handicapé",
    (Personne, "droit_rsa_motif"): "SENTINELLEMOTIFRSA",
    (FreinDiagnostic, "situations"): "SITUATIONSECRETECANTAL",
    (FreinDiagnostic, "precision"): "PRECISIONSECRETECANTAL",
    (PeriodeSuspension, "motif"): str(MotifSuspension.HOSPITALISATION.label),
}


def _poser_les_sentinelles(monde) -> list[str]:
    dossier = monde.cantal
    personne = dossier.personne
    Personne.objects.filter(pk=personne.pk).update(
        rqth=ReponseSensible.OUI, droit_rsa_motif="SENTINELLEMOTIFRSA", opposition_motif="SENTINELLEOPPOSITION"
    )
    PeriodeSuspension.objects.filter(pk=dossier.suspension.pk).update(motif=MotifSuspension.HOSPITALISATION)
    Action.objects.filter(pk=dossier.action.pk).update(commentaire_partenaire="SENTINELLECOMMENTAIREPARTENAIRE")
    # Le plan du dossier, signé : sa copie figée est ce que la personne lit.
    plan = PlanAction.objects.get(pk=dossier.plan.pk)
    PlanAction.objects.filter(pk=plan.pk).update(
        signe_le=datetime.date(2025, 3, 1), copie_figee=contenu_plan.contenu_du_plan(plan)
    )
    # Instances : synthèse écrite pour l'équipe pluridisciplinaire, manquement et ses observations.
    instances_outils.seance_de_l_equipe(monde.personas, dossier.parcours)
    Manquement.objects.filter(pk=instances_outils.manquement_du_dossier(dossier)).update(
        constat="SENTINELLECONSTAT", observations="SENTINELLEOBSERVATIONS"
    )
    annule = rendez_vous_a_venir(dossier.parcours, monde.personas.conseiller, objet="SENTINELLEOBJET")
    annule.statut, annule.annule_le, annule.motif_annulation = (
        StatutRendezVous.ANNULE,
        timezone.now(),
        "SENTINELLEMOTIF",
    )
    annule.save()
    inscription_du_dossier(dossier)
    return [
        *SENTINELLES_CHAMPS.values(),
        *dossier.secrets,
        *dossier.secrets_agenda,
        "Note partagée CANTAL",
        "NOTESOCIALECANTAL",
        instances_outils.SYNTHESE,
        "SENTINELLECONSTAT",
        "SENTINELLEOBSERVATIONS",
        "SENTINELLEOPPOSITION",
        "SENTINELLECOMMENTAIREPARTENAIRE",
        "SENTINELLEOBJET",
        "SENTINELLEMOTIF",
        "Contact neutre CANTAL",
        "Contact avec le partenaire CANTAL",
        "Demande CANTAL",
        "Message au partenaire CANTAL",
        "Mesure d'accompagnement budgétaire CANTAL",
        "Motif d'orientation CANTAL",
        "Précision sortie CANTAL",
    ]


def test_chaque_champ_reserve_a_sa_sentinelle():
    declares = {(modele, champ) for modele, champs in CHAMPS_RESTREINTS.items() for champ in champs}
    assert declares == set(SENTINELLES_CHAMPS)


def _adresses(dossier) -> list[str]:
    """Chaque page de ``urls_pages`` (les pages à paramètre avec un objet de la personne), et ses fichiers."""
    personne = dossier.personne
    rendez_vous = selectors.rendez_vous_a_venir(personne)
    inscriptions = selectors.seances_a_venir(personne)
    assert rendez_vous and inscriptions, "le dossier doit avoir un rendez-vous et une séance à venir"
    parametres = {
        "rendez_vous_pk": [r.pk for r in rendez_vous],
        "inscription_pk": [i.pk for i in inscriptions],
    }
    adresses = []
    for motif in urls_pages.urlpatterns:
        assert isinstance(motif, URLPattern)
        noms = list(motif.pattern.converters)
        if not noms:
            adresses.append(reverse(f"espace:{motif.name}"))
            continue
        (nom,) = noms
        adresses += [reverse(f"espace:{motif.name}", kwargs={nom: valeur}) for valeur in parametres[nom]]
    return adresses


def test_aucune_page_de_l_espace_ne_montre_ce_qui_est_ecrit_pour_les_professionnels(personas, client):
    monde = creer_monde(personas)
    sentinelles = _poser_les_sentinelles(monde)
    espace = espace_ouvert(monde.cantal.personne)
    connecter_personne(client, espace)
    textes = {}
    for adresse in _adresses(monde.cantal):
        reponse = client.get(adresse)
        if reponse.status_code == 405:
            continue  # route d'envoi seulement (confirmer)
        assert reponse.status_code == 200, adresse
        if reponse["Content-Type"].startswith("application/pdf"):
            continue  # le PDF est compressé : son gabarit est rendu ci-dessous avec le même contexte
        textes[adresse] = html.unescape(reponse.content.decode())
    textes["contrat PDF"] = html.unescape(
        render_to_string(GABARIT_CONTRAT_PDF, selectors.contrat_pdf(monde.cantal.personne))
    )
    # Le test voit bien le dossier : le plan signé et la séance y sont.
    assert "Objectif CANTAL" in textes[reverse("espace:plan")]
    assert "Atelier budget" in textes[reverse("espace:rendez_vous")]
    fuites = [(adresse, s) for adresse, texte in textes.items() for s in sentinelles if s.lower() in texte.lower()]
    assert not fuites
