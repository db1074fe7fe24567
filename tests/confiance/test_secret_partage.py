"""Secret partagé : chaque champ déclaré dans ``binome.accompagnement.secret_partage`` est absent de chaque
sortie pour le côté France Travail, et présent pour le côté social (le test peut donc échouer).

Les sorties sont toutes les routes en lecture (GET) de l'application, résolues vers le dossier du Cantal :
fiche, parcours, plan, contacts, impressions, relevé (HTML, impression, JSON), historique, partages, droits,
exports, API, accueil, portefeuille… — plus la recherche de personnes et la chronologie paginée. Un nouveau
champ déclaré dans la source unique est parcouru sans rien écrire ici ; un nouveau modèle demande son objet
dans ``OBJETS``.
"""

import html
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from binome.accompagnement import enums as e
from binome.accompagnement.models import FreinDiagnostic, PeriodeSuspension, Personne
from binome.accompagnement.secret_partage import CHAMPS_RESTREINTS
from binome.confiance import selectors as selecteurs_confiance
from tests.test_acces_personas import ROUTES, _contenu, parametres

pytestmark = pytest.mark.django_db

COTE_FRANCE_TRAVAIL = ("conseiller", "encadrant", "admin")
COTE_SOCIAL = ("travailleur_social", "encadrant_social")

# Objet du dossier qui porte chaque modèle déclaré.
OBJETS = {
    Personne: lambda d: d.personne,
    FreinDiagnostic: lambda d: d.frein,
    PeriodeSuspension: lambda d: d.suspension,
}
# Valeurs distinctives des champs à choix (la valeur par défaut des fabriques est trop commune).
VALEURS = {
    (Personne, "rqth"): e.ReponseSensible.NE_SOUHAITE_PAS,
    (Personne, "droit_rsa_motif"): "Suspension pour manquement Zorglub",
    (PeriodeSuspension, "motif"): "HOSPITALISATION",
}

# Sorties où le côté social doit lire chaque champ déclaré (celles qui montrent tout le dossier).
SORTIES_COMPLETES = ("confiance:export_personne", "confiance:impression_personne", "confiance:export_personne_json")

_OPTIONS = re.compile(r"<option\b.*?</option>", re.S)


def _champs_declares():
    return [(modele, champ) for modele, champs in CHAMPS_RESTREINTS.items() for champ in champs]


def _preparer(dossier):
    for (modele, champ), valeur in VALEURS.items():
        objet = OBJETS[modele](dossier)
        setattr(objet, champ, valeur)
        objet.save()


def _temoins(dossier, modele, champ) -> list[str]:
    """Ce qu'une sortie montrerait du champ : libellés des liens multiples, libellé du choix, ou la valeur."""
    objet = OBJETS[modele](dossier)
    definition = modele._meta.get_field(champ)
    if definition.many_to_many:
        return [str(o) for o in getattr(objet, champ).all()]
    if definition.choices:  # libellé à l'écran, code dans le JSON
        return [getattr(objet, f"get_{champ}_display")(), f'"{champ}": "{getattr(objet, champ)}"']
    return [str(getattr(objet, champ))]


def _lisible(reponse) -> str:
    """Texte de la réponse, sans les listes de choix d'un formulaire (qui énumèrent tous les motifs)."""
    contenu = _contenu(reponse)
    if reponse.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(contenu), ensure_ascii=False)
    return html.unescape(_OPTIONS.sub("", contenu))


def _sorties(monde) -> list[str]:
    chemins = []
    for route in ROUTES:
        try:
            chemins.append(route.chemin(**parametres(route, monde, monde.cantal)))
        except AssertionError:  # route sans correspondance de paramètres (hors dossier) : essayée sans eux
            continue
    personne = monde.cantal.personne
    chemins += [
        f"{reverse('accompagnement:personnes')}?q={personne.nom}",
        f"{reverse('accompagnement:personne', kwargs={'pk': personne.pk})}?page=1",
        f"{reverse('accompagnement:portefeuille')}?q={personne.nom}",
    ]
    return chemins


def _lire(monde, persona, chemins) -> dict[str, str]:
    client = Client(raise_request_exception=False)
    client.force_login(getattr(monde.personas, persona))
    lus = {}
    for chemin in chemins:
        reponse = client.get(chemin)
        if reponse.status_code == 200:
            lus[chemin] = _lisible(reponse)
    return lus


def test_chaque_modele_declare_a_son_objet_de_test():
    assert set(CHAMPS_RESTREINTS) <= set(OBJETS), "déclarez l'objet du dossier qui porte ce modèle dans OBJETS"


def test_aucune_sortie_ne_montre_un_champ_restreint_a_france_travail(monde):
    _preparer(monde.cantal)
    chemins = _sorties(monde)
    completes = {route.nom: route for route in ROUTES if route.nom in SORTIES_COMPLETES}
    problemes = []
    for persona in COTE_FRANCE_TRAVAIL + COTE_SOCIAL:
        lus = _lire(monde, persona, chemins)
        assert len(lus) > 20, f"{persona} : trop peu de sorties lues ({len(lus)})"
        for modele, champ in _champs_declares():
            temoins = _temoins(monde.cantal, modele, champ)
            assert temoins and all(temoins), f"{modele.__name__}.{champ} : valeur de test vide"
            vus = {chemin: t for chemin, texte in lus.items() for t in temoins if t in texte}
            if persona in COTE_FRANCE_TRAVAIL and vus:
                problemes.append(f"{persona} lit {modele.__name__}.{champ} sur {vus}")
            if persona in COTE_SOCIAL:
                for nom, route in completes.items():
                    if route.chemin(**parametres(route, monde, monde.cantal)) not in vus:
                        problemes.append(f"{persona} ne lit pas {modele.__name__}.{champ} sur {nom}")
    assert not problemes, "\n".join(problemes)


def test_l_historique_ne_nomme_pas_un_champ_restreint_modifie(monde):
    """Un champ restreint modifié : la ligne d'historique le nomme au côté social, pas à France Travail."""
    _preparer(monde.cantal)
    for modele, champ in _champs_declares():
        definition = modele._meta.get_field(champ)
        if definition.many_to_many:
            continue
        objet = OBJETS[modele](monde.cantal)
        ancienne = getattr(objet, champ)
        choix = [code for code, _libelle in definition.choices or () if code and code != ancienne]
        setattr(objet, champ, choix[0] if choix else f"{ancienne} modifiée")
        objet.save()
        libelle_objet = str(modele._meta.verbose_name)
        libelle_champ = str(definition.verbose_name)

        def nomme(persona, libelle_objet=libelle_objet, libelle_champ=libelle_champ):
            acteur = getattr(monde.personas, persona)
            lignes = selecteurs_confiance.historique_personne(acteur, monde.cantal.personne)
            return any(ligne.objet == libelle_objet and libelle_champ in ligne.champs for ligne in lignes)

        assert all(nomme(p) for p in COTE_SOCIAL), (modele, champ)
        assert not any(nomme(p) for p in COTE_FRANCE_TRAVAIL), (modele, champ)


def test_une_declaration_retiree_se_voit_sur_chaque_sortie(monde, monkeypatch):
    """Le test du test : retirer le motif de suspension de la source unique le montre à France Travail sur la
    fiche, le relevé, l'impression et le JSON (toutes ces sorties lisent la même déclaration)."""
    _preparer(monde.cantal)
    monkeypatch.setitem(CHAMPS_RESTREINTS, PeriodeSuspension, ())
    lus = _lire(monde, "conseiller", _sorties(monde))
    vus = {
        chemin for chemin, texte in lus.items() if "Hospitalisation" in texte or '"motif": "HOSPITALISATION"' in texte
    }
    pk = monde.cantal.personne.pk
    attendus = {
        reverse("accompagnement:personne", kwargs={"pk": pk}),
        *(reverse(nom, kwargs={"personne_pk": pk}) for nom in SORTIES_COMPLETES),
    }
    assert attendus <= vus, sorted(attendus - vus)


def test_le_partenaire_invite_ne_lit_que_ce_qui_lui_est_confie(monde):
    """Issue 14 (poste h4) : sur toutes les sorties, le partenaire invité dans le parcours du Cantal lit l'action qui
    lui est confiée et le contact auquel il participe ; jamais un champ restreint, ni le reste du dossier."""
    _preparer(monde.cantal)
    lus = _lire(monde, "partenaire_invite", _sorties(monde))
    partage = reverse("accompagnement:parcours_partage", kwargs={"parcours_pk": monde.cantal.parcours.pk})
    assert "Action confiée CANTAL" in lus[partage] and "Contact avec le partenaire CANTAL" in lus[partage]
    interdits = [
        *(t for modele, champ in _champs_declares() for t in _temoins(monde.cantal, modele, champ)),
        *monde.cantal.secrets,
        "Note partagée CANTAL",
        "Motif d'orientation CANTAL",
        "Objectif CANTAL",
        "Action CANTAL",
        "Contact neutre CANTAL",
        "Demande CANTAL",
        "Précision sortie CANTAL",
        "Rendez-vous CANTAL",
    ]
    vus = {(chemin, texte) for chemin, contenu in lus.items() for texte in interdits if texte in contenu}
    assert not vus, sorted(vus)
