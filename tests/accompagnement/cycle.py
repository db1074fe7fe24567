"""Scénario du cycle du parcours joué par les services (tests ``test_cycle_*``).

Claire (conseillère FT, Saint-Flour) repère et oriente ; Sophie (travailleuse sociale de la MDS qui couvre
Saint-Flour) reçoit l'orientation, planifie et mène le diagnostic, puis l'entrée désigne le binôme
Claire + Sophie. Les dates sont passées explicitement ; les tests figent l'horloge avec freezegun.
"""

import datetime

from binome.accompagnement import services
from binome.accompagnement.enums import DecisionDiagnostic, DomaineFrein, Modalite, NiveauFrein, Sexe

NOM = "Tartempion"
PRENOM = "Zéphyrine"
IDENTIFIANT_FT = "7654321Z"
NAISSANCE = datetime.date(1985, 6, 15)


def freins(**niveaux) -> dict:
    """Un niveau pour chacun des dix domaines (sans impact par défaut) : ``freins(MOBILITE="FORT")``."""
    return {d: {"niveau": niveaux.get(d, NiveauFrein.SANS_IMPACT)} for d in DomaineFrein.values}


def enregistrer(personas, *, acteur=None, commune="saint_flour", **champs):
    valeurs = {
        "nom": NOM,
        "prenom": PRENOM,
        "date_naissance": NAISSANCE,
        "sexe": Sexe.FEMME,
        "identifiant_ft": IDENTIFIANT_FT,
        "commune": personas.cantal.communes[commune],
        "beneficiaire_rsa": True,
        "residence_qpv": True,
    }
    valeurs.update(champs)
    return services.personne_creer(acteur=acteur or personas.conseiller, **valeurs)


def orienter(personas, personne, *, acteur=None, modalite=Modalite.GLOBAL):
    return services.orientation_proposer(
        acteur=acteur or personas.conseiller,
        personne=personne,
        modalite_proposee=modalite,
        motif="Freins de mobilité et de garde d'enfants repérés en entretien.",
    )


def diagnostiquer(personas, parcours, *, date, acteur=None, decision=DecisionDiagnostic.GLOBAL, **options):
    valeurs = {
        "date": date,
        "freins": freins(MOBILITE=NiveauFrein.FORT, FAMILLE=NiveauFrein.MOYEN),
        "decision": decision,
        "adhesion": True,
        "adhesion_le": date,
        "conseiller": personas.conseiller,
        "travailleur_social": personas.travailleur_social,
    }
    valeurs.update(options)
    return services.diagnostic_enregistrer(acteur=acteur or personas.travailleur_social, parcours=parcours, **valeurs)


def activer(personas, parcours, *, date_entree, acteur=None):
    return services.parcours_activer(
        acteur=acteur or personas.travailleur_social,
        parcours=parcours,
        conseiller=personas.conseiller,
        organisation_conseiller=personas.cantal.agence,
        referent_social=personas.travailleur_social,
        organisation_referent=personas.cantal.unite,
        date_entree=date_entree,
    )


def parcours_actif(personas, *, entree, decision=DecisionDiagnostic.GLOBAL, **champs):
    """Repérage, orientation, planification et diagnostic le jour ``entree``, puis entrée le même jour.
    L'horloge doit être figée à ``entree`` (ou après) par l'appelant."""
    personne = enregistrer(personas, **champs)
    orientation = orienter(personas, personne)
    services.orientation_planifier_diagnostic(
        acteur=personas.travailleur_social, orientation=orientation, date_diagnostic=entree
    )
    parcours = orientation.parcours
    diagnostiquer(personas, parcours, date=entree, decision=decision)
    return activer(personas, parcours, date_entree=entree)


def basculer_social_exclusif(personas, parcours, *, motif="Hospitalisation longue : plus de recherche d'emploi"):
    """Passage en social exclusif, décision conjointe : accord du conseiller (avec le motif) puis du référent."""
    services.parcours_basculer_social_exclusif(acteur=personas.conseiller, parcours=parcours, motif=motif)
    return services.parcours_basculer_social_exclusif(acteur=personas.travailleur_social, parcours=parcours)
