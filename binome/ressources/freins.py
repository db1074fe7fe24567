"""Correspondance par défaut entre les freins et les thématiques data·inclusion.

Deux sortes de freins :

- les **domaines** du diagnostic partagé (``binome.accompagnement.enums.DomaineFrein``) ;
- les **situations** du référentiel de parcours (Carnet de bord), désignées par une clé stable
  ``<code du thème>:<libellé normalisé>`` (« mobilite:permis-et-ou-code-en-cours »).

Ces valeurs sont la correspondance nationale. L'administrateur départemental la surcharge pour
son département (modèle ``CorrespondanceFrein``) ; la lecture passe par
``binome.ressources.selectors.thematiques_du_frein``.
"""

from binome.accompagnement.enums import DomaineFrein
from binome.core.texte import normaliser

SEPARATEUR_SITUATION = ":"


def cle_situation(code_theme: str, libelle: str) -> str:
    """(« mobilite », « Permis et/ou code en cours ») → « mobilite:permis-et-ou-code-en-cours »."""
    return f"{code_theme}{SEPARATEUR_SITUATION}{normaliser(libelle).replace(' ', '-')}"


def est_situation(code: str) -> bool:
    return SEPARATEUR_SITUATION in (code or "")


_SANTE = [
    "sante--acces-aux-soins",
    "sante--sante-mentale",
    "sante--addictions",
    "sante--constituer-un-dossier-mdph-invalidite",
]
_LOGEMENT = [
    "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
    "logement-hebergement--louer-un-logement",
    "logement-hebergement--se-maintenir-dans-le-logement",
    "logement-hebergement--reduire-les-impayes-de-loyer",
    "logement-hebergement--changer-de-logement",
    "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
    "logement-hebergement--acheter-un-logement",
]
_MOBILITE = [
    "mobilite--preparer-un-permis",
    "mobilite--acceder-a-un-vehicule",
    "mobilite--entretenir-reparer-son-vehicule",
    "mobilite--etre-accompagne-dans-son-parcours-mobilite",
    "mobilite--financer-ma-mobilite",
    "mobilite--mobilite-douce-partagee-collective",
]
_BUDGET = [
    "difficultes-financieres--acquerir-une-autonomie-budgetaire",
    "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
    "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
    "difficultes-financieres--situation-dendettement-surendettement",
    "difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere",
    "equipement-et-alimentation--alimentation",
]
_ADMINISTRATIF = [
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
    "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
    "difficultes-administratives-ou-juridiques--beneficier-dune-mesure-daccompagnement-adapte",
    "numerique--acceder-a-des-services-en-ligne",
]
_NUMERIQUE = [
    "numerique--maitriser-les-fondamentaux-du-numerique",
    "numerique--acceder-a-des-services-en-ligne",
    "numerique--acquerir-un-equipement",
    "numerique--acceder-a-une-connexion-internet",
]

DOMAINES: dict[str, list[str]] = {
    DomaineFrein.SANTE: _SANTE,
    DomaineFrein.LOGEMENT: _LOGEMENT,
    DomaineFrein.MOBILITE: _MOBILITE,
    DomaineFrein.FAMILLE: [
        "famille--garde-denfants",
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "famille--surmonter-conflits-separation-violence",
    ],
    DomaineFrein.AIDANT: ["famille--soutien-aidants", "famille--prise-en-charge-personne-dependante"],
    DomaineFrein.BUDGET: _BUDGET,
    DomaineFrein.ADMINISTRATIF: _ADMINISTRATIF,
    DomaineFrein.LANGUE: [
        "lecture-ecriture-calcul--maitriser-le-francais",
        "lecture-ecriture-calcul--maitriser-le-calcul",
    ],
    DomaineFrein.NUMERIQUE: _NUMERIQUE,
    DomaineFrein.JUSTICE_ISOLEMENT: [
        "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
        "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
        "remobilisation--lien-social",
        "remobilisation--bien-etre-confiance-en-soi",
    ],
}

# Thème du référentiel → domaine du diagnostic (repli d'une situation sans correspondance propre).
DOMAINE_DU_THEME = {
    "contraintes_familiales": DomaineFrein.FAMILLE,
    "difficulte_administrative": DomaineFrein.ADMINISTRATIF,
    "difficulte_financiere": DomaineFrein.BUDGET,
    "logement": DomaineFrein.LOGEMENT,
    "maitrise_langue": DomaineFrein.LANGUE,
    "mobilite": DomaineFrein.MOBILITE,
    "numerique": DomaineFrein.NUMERIQUE,
    "sante": DomaineFrein.SANTE,
}

_EMPLOI = [
    "trouver-un-emploi--repondre-a-des-offres-demploi",
    "trouver-un-emploi--faire-des-candidatures-spontanees",
    "preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation",
    "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
]
_REPRISE = [
    "remobilisation--bien-etre-confiance-en-soi",
    "remobilisation--lien-social",
    "choisir-un-metier--identifier-ses-points-forts-et-ses-competences",
    "preparer-sa-candidature--valoriser-ses-competences",
]
_FORMATION = ["se-former--trouver-sa-formation", "se-former--monter-son-dossier-de-formation"]

# Situations du référentiel : (thème, libellé) → thématiques. Les situations absentes ou qui ne sont
# pas des freins (« Permis B », « Propriétaire ») retombent sur le domaine de leur thème.
_SITUATIONS: list[tuple[str, str, list[str]]] = [
    ("contraintes_familiales", "Aidant familial (s’occuper d’un proche)", DOMAINES[DomaineFrein.AIDANT]),
    ("contraintes_familiales", "Attend un enfant ou plus", ["famille--soutien-a-la-parentalite-et-a-leducation"]),
    ("contraintes_familiales", "Contrainte horaires", ["famille--garde-denfants"]),
    ("contraintes_familiales", "Enfant(s) de moins de 3 ans sans solution de garde", ["famille--garde-denfants"]),
    (
        "contraintes_familiales",
        "Enfant(s) en situation de handicap",
        ["famille--prise-en-charge-personne-dependante", "sante--constituer-un-dossier-mdph-invalidite"],
    ),
    ("contraintes_familiales", "Problématique de santé d'un enfant", ["sante--acces-aux-soins"]),
    (
        "difficulte_administrative",
        "Besoin d'être guidé dans le cadre d'un accès aux droits",
        ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
    ),
    (
        "difficulte_administrative",
        "Difficulté d’ordre juridique",
        [
            "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
            "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
        ],
    ),
    (
        "difficulte_administrative",
        "Difficulté liée à un justificatif d'identité / titre de séjour",
        [
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-a-la-citoyennete",
        ],
    ),
    ("difficulte_financiere", "Besoin d'un soutien alimentaire", ["equipement-et-alimentation--alimentation"]),
    (
        "difficulte_financiere",
        "Difficulté dans la gestion d'un budget",
        [
            "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
            "difficultes-financieres--acquerir-une-autonomie-budgetaire",
        ],
    ),
    (
        "difficulte_financiere",
        "En situation de surendettement",
        ["difficultes-financieres--situation-dendettement-surendettement"],
    ),
    ("emploi", "En projet d'entreprise", ["creer-une-entreprise--definir-son-projet-de-creation-dentreprise"]),
    ("emploi", "Jamais travaillé", _REPRISE),
    ("emploi", "Plus de 2 ans sans emploi", _REPRISE),
    ("emploi", "Plus de 5 ans sans emploi", _REPRISE),
    ("emploi", "Plus de 10 ans sans emploi", _REPRISE),
    ("emploi", "Disponible immédiatement", _EMPLOI),
    ("emploi", "Prêt à suivre une formation", _FORMATION),
    ("emploi", "Prêt pour un emploi avec formations / accompagnement", _EMPLOI + _FORMATION),
    ("formation", "A déjà identifié une formation", ["se-former--monter-son-dossier-de-formation"]),
    ("formation", "Prêt pour une formation avec un accompagnement", _FORMATION),
    ("formation", "Prêt à suivre une formation", _FORMATION),
    (
        "logement",
        "Difficulté à payer le loyer",
        ["logement-hebergement--reduire-les-impayes-de-loyer", "logement-hebergement--se-maintenir-dans-le-logement"],
    ),
    (
        "logement",
        "Doit quitter le logement (procédure d'expulsion, ...)",
        [
            "logement-hebergement--se-maintenir-dans-le-logement",
            "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
        ],
    ),
    (
        "logement",
        "Sans hébergement / rupture effective de logement",
        ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
    ),
    ("logement", "Hébergé chez un tiers", ["logement-hebergement--louer-un-logement"]),
    ("logement", "Logement insalubre", ["logement-hebergement--changer-de-logement"]),
    ("maitrise_langue", "Difficultés en calcul", ["lecture-ecriture-calcul--maitriser-le-calcul"]),
    (
        "maitrise_langue",
        "Français Langue Étrangère (FLE) : non maitrise ou en cours d'apprentissage",
        ["lecture-ecriture-calcul--maitriser-le-francais"],
    ),
    ("mobilite", "Aucun moyen de transport à disposition", ["mobilite--mobilite-douce-partagee-collective"]),
    ("mobilite", "Autres permis (poids lourd, bus, …)", ["mobilite--preparer-un-permis"]),
    ("mobilite", "Code obtenu", ["mobilite--preparer-un-permis"]),
    ("mobilite", "Dépendant des transports en commun", ["mobilite--mobilite-douce-partagee-collective"]),
    ("mobilite", "Permis et/ou code en cours", ["mobilite--preparer-un-permis"]),
    ("mobilite", "Permis non valide / suspension de permis", ["mobilite--preparer-un-permis"]),
    ("mobilite", "Permis étranger (hors EEE)", ["mobilite--preparer-un-permis"]),
    ("mobilite", "Véhicule sans permis", ["mobilite--preparer-un-permis", "mobilite--acceder-a-un-vehicule"]),
    (
        "mobilite",
        "État de santé déclaré rendant incompatible la conduite",
        ["mobilite--mobilite-douce-partagee-collective", "sante--acces-aux-soins"],
    ),
    ("numerique", "Absence d’équipement", ["numerique--acquerir-un-equipement"]),
    (
        "numerique",
        "Absence de connexion (zone blanche)",
        ["numerique--acceder-a-une-connexion-internet"],
    ),
    (
        "numerique",
        "Difficulté a réaliser des démarches administratives en ligne",
        ["numerique--acceder-a-des-services-en-ligne"],
    ),
    (
        "numerique",
        "En difficulté sur le numérique (résultat Pix emploi <50%)",
        ["numerique--maitriser-les-fondamentaux-du-numerique"],
    ),
    (
        "sante",
        "Couverture sociale / mutuelle à mettre à jour",
        ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits", "sante--acces-aux-soins"],
    ),
    ("sante", "Existence d'un dossier MDPH", ["sante--constituer-un-dossier-mdph-invalidite"]),
]

SITUATIONS: dict[str, list[str]] = {cle_situation(theme, libelle): them for theme, libelle, them in _SITUATIONS}


def thematiques_par_defaut(code: str) -> list[str]:
    """Correspondance nationale d'un domaine ou d'une situation (liste vide si inconnu)."""
    if est_situation(code):
        if code in SITUATIONS:
            return list(SITUATIONS[code])
        theme = code.split(SEPARATEUR_SITUATION, 1)[0]
        domaine = DOMAINE_DU_THEME.get(theme)
        if domaine:
            return list(DOMAINES[domaine])
        if theme == "emploi":
            return list(_EMPLOI)
        if theme == "formation":
            return list(_FORMATION)
        return []
    return list(DOMAINES.get(code, []))
