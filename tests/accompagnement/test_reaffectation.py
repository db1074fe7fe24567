"""Réaffectation : charge de chaque candidat, surcharge confirmée, plusieurs parcours à la fois ; départ d'un agent
(ses parcours sont réaffectés avant la désactivation, un parcours tenu par un agent inactif est signalé et compté).
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from binome.accompagnement import selectors, services
from binome.accompagnement.enums import EtatParcours
from binome.comptes import services as comptes_services
from binome.comptes.models import Role
from binome.organisations.models import ParametresDepartement
from tests import factories as f
from tests.accompagnement.factories import parcours_du_binome

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipe(personas):
    cantal = personas.cantal
    return {
        "jean": f.agent("jean.conseiller@exemple.gouv.fr", "Jean", "Second", cantal.agence, Role.CONSEILLER_FT),
        "lina": f.agent("lina.sociale@exemple.gouv.fr", "Lina", "Seconde", cantal.unite, Role.TRAVAILLEUR_SOCIAL),
    }


def _fourchette(personas, minimum, maximum):
    ParametresDepartement.objects.filter(departement=personas.cantal.departement).update(
        portefeuille_min=minimum, portefeuille_max=maximum
    )


# --- Point 21 : charge, surcharge, plusieurs parcours -------------------------------------------------------


def test_le_formulaire_montre_la_charge_et_la_fourchette_de_chaque_candidat(personas, equipe, client_de):
    _fourchette(personas, 1, 2)
    parcours = parcours_du_binome(personas)
    parcours_du_binome(personas, conseiller=equipe["jean"])
    page = client_de(personas.encadrant).get(reverse("accompagnement:reaffecter", args=[parcours.pk]))
    texte = page.content.decode()
    assert "Jean Second — 1 parcours en cours (fourchette 1–2)" in texte
    assert "Je confirme malgré la charge" in texte


def test_au_dessus_de_la_fourchette_il_faut_confirmer(personas, equipe, client_de):
    _fourchette(personas, 1, 2)
    parcours_du_binome(personas, conseiller=equipe["jean"])
    parcours_du_binome(personas, conseiller=equipe["jean"])
    parcours = parcours_du_binome(personas)
    with pytest.raises(ValidationError) as erreur:
        services.parcours_reassigner(acteur=personas.encadrant, parcours=parcours, conseiller=equipe["jean"])
    assert "au-dessus de sa fourchette" in str(erreur.value)
    client = client_de(personas.encadrant)
    url = reverse("accompagnement:reaffecter", args=[parcours.pk])
    reponse = client.post(url, {"conseiller": equipe["jean"].pk})
    assert reponse.status_code == 400 and "Jean Second aurait 3 parcours en cours" in reponse.content.decode()
    reponse = client.post(url, {"conseiller": equipe["jean"].pk, "confirmer_surcharge": "on"})
    assert reponse.status_code == 302
    parcours.refresh_from_db()
    assert parcours.conseiller == equipe["jean"]


def test_plusieurs_parcours_a_la_fois(personas, equipe, client_de):
    un, deux, trois = (parcours_du_binome(personas) for _ in range(3))
    client = client_de(personas.encadrant)
    url = reverse("accompagnement:reaffecter_selection")
    page = client.get(url, {"parcours": [un.pk, deux.pk]})
    assert page.status_code == 200
    [groupe] = page.context["groupes"]
    reponse = client.post(url, {"parcours": [un.pk, deux.pk], groupe.cle: equipe["jean"].pk})
    assert reponse.status_code == 302
    for p in (un, deux, trois):
        p.refresh_from_db()
    assert (un.conseiller, deux.conseiller, trois.conseiller) == (equipe["jean"], equipe["jean"], personas.conseiller)
    # L'encadrant social ne réaffecte que son côté, et la vue équipe propose la sélection.
    page = client.get(reverse("accompagnement:equipe")).content.decode()
    assert 'form="selection-reaffectation"' in page


def test_la_selection_ignore_les_parcours_hors_equipe(personas, equipe, client_de):
    calvados = parcours_du_binome(
        personas,
        territoire=personas.calvados,
        conseiller=personas.conseiller_calvados,
        referent=personas.travailleur_social_calvados,
    )
    page = client_de(personas.encadrant).get(reverse("accompagnement:reaffecter_selection"), {"parcours": calvados.pk})
    assert page.context["groupes"] == []


# --- Point 18 : départ d'un agent --------------------------------------------------------------------------


def test_desactiver_un_agent_qui_suit_des_parcours_est_refuse(personas, equipe):
    parcours_du_binome(personas, conseiller=equipe["jean"])
    with pytest.raises(ValidationError) as erreur:
        comptes_services.utilisateur_desactiver(acteur=personas.admin, utilisateur=equipe["jean"])
    assert "suit encore 1 parcours non clos" in str(erreur.value)
    habilitation = equipe["jean"].habilitations.get()
    with pytest.raises(ValidationError):
        comptes_services.habilitation_retirer(acteur=personas.admin, habilitation=habilitation)
    equipe["jean"].refresh_from_db()
    assert equipe["jean"].is_active
    # Un parcours clos ne retient pas l'agent.
    autre = f.agent("zoe@exemple.gouv.fr", "Zoé", "Partie", personas.cantal.agence, Role.CONSEILLER_FT)
    parcours_du_binome(personas, conseiller=autre, etat=EtatParcours.NON_RETENU)
    comptes_services.utilisateur_desactiver(acteur=personas.admin, utilisateur=autre)


def test_l_administrateur_reaffecte_en_masse_puis_desactive(personas, equipe, client_de):
    jean = equipe["jean"]
    suivis = [parcours_du_binome(personas, conseiller=jean) for _ in range(3)]
    client = client_de(personas.admin)
    fiche = client.get(reverse("comptes:utilisateur", args=[jean.pk])).content.decode()
    assert "Cette personne suit 3 parcours non clos" in fiche
    url = reverse("accompagnement:agent_reaffecter")
    page = client.get(url, {"agent": jean.pk})
    assert page.status_code == 200
    [groupe] = page.context["groupes"]
    assert len(groupe.parcours) == 3
    assert [c.utilisateur for c in groupe.candidats] == [personas.conseiller]
    # Sans remplaçant : refusé, rien n'a changé.
    assert client.post(url, {"agent": jean.pk, "desactiver": "on"}).status_code == 400
    jean.refresh_from_db()
    assert jean.is_active
    reponse = client.post(url, {"agent": jean.pk, groupe.cle: personas.conseiller.pk, "desactiver": "on"})
    assert reponse.status_code == 302
    jean.refresh_from_db()
    assert not jean.is_active
    for p in suivis:
        p.refresh_from_db()
        assert p.conseiller == personas.conseiller


def test_un_parcours_tenu_par_un_agent_inactif_est_signale_et_compte(personas, equipe, client_de):
    """Un compte désactivé avant cette règle (ou un rôle retiré en base) : le parcours reste visible et compté
    dans la charge de l'équipe, avec l'agent marqué, et porte l'alerte « à réaffecter »."""
    jean = equipe["jean"]
    parcours = parcours_du_binome(personas, conseiller=jean)
    parcours_du_binome(personas)
    avant = {ligne["utilisateur"].pk: ligne["nombre"] for ligne in selectors.agents_equipe(personas.encadrant)}
    jean.is_active = False
    jean.save()
    lignes = {ligne["utilisateur"].pk: ligne for ligne in selectors.agents_equipe(personas.encadrant)}
    assert lignes[jean.pk]["nombre"] == avant[jean.pk] == 1
    assert lignes[jean.pk]["inactif"]
    [ligne] = selectors.filtrer_suivi(selectors.parcours_equipe(personas.encadrant), alerte="agent_inactif")
    assert ligne.pk == parcours.pk
    page = client_de(personas.encadrant).get(reverse("core:accueil")).content.decode()
    assert "1 agent désactivé suit encore des parcours" in page
    equipe_page = client_de(personas.encadrant).get(reverse("accompagnement:equipe")).content.decode()
    assert "Désactivé : parcours à réaffecter" in equipe_page
    # L'administrateur départemental voit l'agent et le nombre de ses parcours, avec le lien pour les réaffecter.
    accueil_admin = client_de(personas.admin).get(reverse("core:accueil")).content.decode()
    assert "Jean Second : 1 parcours à réaffecter" in accueil_admin
    assert f"{reverse('accompagnement:agent_reaffecter')}?agent={jean.pk}" in accueil_admin
