"""Démonstration, étape « ressources » : quelques centaines de services plausibles autour du Cantal et du Calvados.

Tous les domaines de freins du diagnostic sont couverts. Autour de Saint-Flour, plusieurs services
« préparer un permis » à des distances différentes (Saint-Flour, Neussargues, Murat, Massiac,
Chaudes-Aigues ; Aurillac au-delà de 30 km) et un service à distance : la recherche du frein
« Mobilité : permis et/ou code en cours » d'une personne du Cantal les montre triés par distance.

Les fiches passent par l'import data·inclusion (validation par le paquet, idempotent : relancer
l'étape ne crée rien en double). Les services des partenaires de démonstration (Roule Cantal, CCAS,
missions locales…) sont maintenus par leur organisation. Les communes et les EPCI sont chargés avant
(``charger_referentiels`` puis, ici, ``binome.ressources.epci.charger``).
"""

import random
from datetime import timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from binome.organisations.models import Organisation
from binome.ressources import epci
from binome.ressources.importation import importer_data_inclusion
from binome.ressources.models import Service
from binome.territoires.models import Commune

GRAINE = 15187
VOIES = ["place de la Mairie", "rue du Marché", "avenue de la République", "rue des Écoles", "rue Jean Jaurès"]
DOCUMENTS = "Pièce d'identité, justificatif de domicile, dernière attestation CAF."
SOURCE = "demo"

COMMUNES = {
    "15": [
        "15187",
        "15014",
        "15138",
        "15120",
        "15122",
        "15162",
        "15265",
        "15012",
        "15267",
        "15119",
        "15045",
        "15153",
        "15141",
    ],
    "14": ["14118", "14366", "14047", "14762", "14327", "14258", "14333", "14488", "14437", "14174", "14220"],
}
# Organisation de démonstration (nom exact) → thèmes qu'elle tient à jour.
MAINTENEURS = {
    "15": {
        "mobilite": "Roule Cantal, mobilité solidaire",
        "budget": "CCAS d'Aurillac",
        "emploi": "Mission locale du Cantal",
    },
    "14": {
        "mobilite": "Mobilité Bocage",
        "budget": "CCAS de Caen",
        "emploi": "Mission locale Caen la mer Calvados centre",
    },
}

# (clé de mainteneur, nom, type, thématiques, modes d'accueil, description, publics, frais, nombre de communes)
MODELES = [
    (
        "mobilite",
        "Auto-école sociale",
        "formation",
        ["mobilite--preparer-un-permis"],
        ["en-presentiel"],
        "Préparation au code de la route et à la conduite avec des moniteurs formés à l'accompagnement des "
        "personnes éloignées de l'emploi. Leçons adaptées, examen blanc, présentation à l'examen.",
        ["demandeurs-emploi", "beneficiaires-des-minimas-sociaux"],
        "payant",
        3,
    ),
    (
        "mobilite",
        "Atelier code de la route",
        "atelier",
        ["mobilite--preparer-un-permis"],
        ["en-presentiel"],
        "Séances collectives de préparation à l'examen du code de la route, en petit groupe, avec un formateur. "
        "Prêt de livrets et accès à une plateforme d'entraînement.",
        ["tous-publics"],
        "gratuit",
        3,
    ),
    (
        "mobilite",
        "Aide au financement du permis",
        "aide-financiere",
        ["mobilite--financer-ma-mobilite", "mobilite--preparer-un-permis"],
        ["en-presentiel", "a-distance"],
        "Aide financière au permis B pour les personnes en parcours d'insertion, complémentaire des aides de "
        "France Travail. Le dossier est monté avec le conseiller.",
        ["demandeurs-emploi"],
        "gratuit",
        1,
    ),
    (
        "mobilite",
        "Location solidaire de scooters et voitures",
        "aide-materielle",
        ["mobilite--acceder-a-un-vehicule"],
        ["en-presentiel"],
        "Location à petit prix de scooters, voitures sans permis et vélos électriques pour se rendre "
        "en formation ou au travail, pour une durée de un à six mois.",
        ["demandeurs-emploi", "jeunes"],
        "payant",
        3,
    ),
    (
        "mobilite",
        "Garage solidaire",
        "aide-materielle",
        ["mobilite--entretenir-reparer-son-vehicule"],
        ["en-presentiel"],
        "Entretien et réparation de véhicules à prix solidaire, sur orientation d'un travailleur "
        "social ou d'un conseiller.",
        ["beneficiaires-des-minimas-sociaux"],
        "payant",
        2,
    ),
    (
        "mobilite",
        "Conseil en mobilité",
        "accompagnement",
        ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
        ["en-presentiel", "a-distance"],
        "Diagnostic mobilité et plan d'action personnalisé : transports à la demande, "
        "covoiturage, aides existantes, permis.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Transport à la demande",
        "information",
        ["mobilite--mobilite-douce-partagee-collective"],
        ["a-distance"],
        "Réservation par téléphone d'un transport collectif vers le chef-lieu, la veille avant 17 heures.",
        ["tous-publics"],
        "payant",
        1,
    ),
    (
        "",
        "Permanence d'accès aux soins",
        "accompagnement",
        ["sante--acces-aux-soins"],
        ["en-presentiel"],
        "Consultations et orientation pour les personnes sans couverture santé ou en rupture de soins. "
        "Aide à l'ouverture des droits (complémentaire santé solidaire).",
        ["tous-publics"],
        "gratuit",
        3,
    ),
    (
        "",
        "Café santé",
        "atelier",
        ["sante--acces-aux-soins", "sante--sante-mentale"],
        ["en-presentiel"],
        "Rencontre conviviale mensuelle autour de la santé : sommeil, alimentation, stress. Animée par une "
        "infirmière et une conseillère en économie sociale et familiale.",
        ["tous-publics"],
        "gratuit",
        3,
    ),
    (
        "",
        "Consultation jeunes consommateurs",
        "accompagnement",
        ["sante--addictions"],
        ["en-presentiel"],
        "Écoute et accompagnement anonymes et gratuits des consommations (alcool, cannabis, écrans).",
        ["jeunes"],
        "gratuit",
        2,
    ),
    (
        "",
        "Aide au dossier MDPH",
        "accompagnement",
        ["sante--constituer-un-dossier-mdph-invalidite"],
        ["en-presentiel"],
        "Aide à la constitution du dossier de la maison départementale des personnes handicapées "
        "et à la reconnaissance de la qualité de travailleur handicapé.",
        ["personnes-en-situation-de-handicap"],
        "gratuit",
        2,
    ),
    (
        "",
        "Point d'écoute psychologique",
        "accompagnement",
        ["sante--sante-mentale"],
        ["en-presentiel", "a-distance"],
        "Entretiens avec un psychologue, sur rendez-vous, pour les personnes en difficulté passagère.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Accueil logement",
        "accompagnement",
        [
            "logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",
            "logement-hebergement--louer-un-logement",
        ],
        ["en-presentiel"],
        "Information sur la demande de logement social, les aides au logement et les droits des locataires.",
        ["tous-publics"],
        "gratuit",
        3,
    ),
    (
        "",
        "Hébergement d'urgence",
        "aide-materielle",
        ["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
        ["en-presentiel"],
        "Mise à l'abri et hébergement temporaire, sur orientation du SIAO (115).",
        ["personnes-en-situation-durgence"],
        "gratuit",
        2,
    ),
    (
        "budget",
        "Prévention des expulsions",
        "accompagnement",
        ["logement-hebergement--reduire-les-impayes-de-loyer", "logement-hebergement--se-maintenir-dans-le-logement"],
        ["en-presentiel"],
        "Accompagnement des locataires en "
        "impayé de loyer : plan d'apurement, fonds de solidarité logement, médiation avec le bailleur.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Relais petite enfance",
        "information",
        ["famille--garde-denfants"],
        ["en-presentiel"],
        "Information sur les modes de garde, liste des assistantes maternelles disponibles, aide aux démarches.",
        ["familles"],
        "gratuit",
        3,
    ),
    (
        "",
        "Crèche à vocation d'insertion professionnelle",
        "aide-materielle",
        ["famille--garde-denfants"],
        ["en-presentiel"],
        "Places en crèche réservées aux parents qui reprennent un emploi ou une formation.",
        ["familles", "demandeurs-emploi"],
        "payant",
        2,
    ),
    (
        "",
        "Lieu d'accueil enfants-parents",
        "atelier",
        ["famille--soutien-a-la-parentalite-et-a-leducation"],
        ["en-presentiel"],
        "Temps d'échange entre parents et jeunes enfants, sans inscription, anonyme.",
        ["familles"],
        "gratuit",
        2,
    ),
    (
        "",
        "Soutien aux aidants",
        "accompagnement",
        ["famille--soutien-aidants", "famille--prise-en-charge-personne-dependante"],
        ["en-presentiel", "a-distance"],
        "Groupe de parole, solutions de répit et information pour les personnes qui "
        "s'occupent d'un proche malade, handicapé ou âgé.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Écoute violences conjugales",
        "accompagnement",
        ["famille--surmonter-conflits-separation-violence"],
        ["en-presentiel", "a-distance"],
        "Accueil, écoute et accompagnement des victimes de violences conjugales.",
        ["femmes"],
        "gratuit",
        1,
    ),
    (
        "budget",
        "Point conseil budget",
        "accompagnement",
        [
            "difficultes-financieres--ameliorer-sa-gestion-budgetaire",
            "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
        ],
        ["en-presentiel"],
        "Conseils gratuits et confidentiels pour faire le point sur son budget, prévenir le surendettement et "
        "négocier avec ses créanciers.",
        ["tous-publics"],
        "gratuit",
        3,
    ),
    (
        "budget",
        "Aide au dossier de surendettement",
        "accompagnement",
        ["difficultes-financieres--situation-dendettement-surendettement"],
        ["en-presentiel"],
        "Accompagnement pour constituer et suivre le dossier de surendettement auprès de la Banque de France.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "budget",
        "Épicerie solidaire",
        "aide-materielle",
        ["equipement-et-alimentation--alimentation"],
        ["en-presentiel"],
        "Produits alimentaires et d'hygiène à 10 à 30 % de leur prix, sur orientation d'un travailleur social.",
        ["beneficiaires-des-minimas-sociaux", "familles"],
        "payant",
        3,
    ),
    (
        "",
        "Accès aux droits France services",
        "accompagnement",
        [
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
            "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
        ],
        ["en-presentiel"],
        "Aide aux démarches CAF, impôts, assurance maladie, retraite, carte grise et titres d'identité.",
        ["tous-publics"],
        "gratuit",
        4,
    ),
    (
        "",
        "Permanence juridique gratuite",
        "information",
        [
            "difficultes-administratives-ou-juridiques--prendre-en-compte-une-problematique-judiciaire",
            "difficultes-administratives-ou-juridiques--connaitre-ses-droits-face-a-une-discrimination",
        ],
        ["en-presentiel"],
        "Consultation gratuite d'un avocat ou d'un juriste, sur rendez-vous : famille, logement, travail, dettes.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Cours de français langue étrangère",
        "formation",
        ["lecture-ecriture-calcul--maitriser-le-francais"],
        ["en-presentiel"],
        "Cours de français à l'oral et à l'écrit, tous niveaux, en petits groupes.",
        ["personnes-exilees"],
        "gratuit",
        3,
    ),
    (
        "",
        "Atelier savoirs de base",
        "atelier",
        ["lecture-ecriture-calcul--maitriser-le-calcul", "lecture-ecriture-calcul--maitriser-le-francais"],
        ["en-presentiel"],
        "Remise à niveau en lecture, écriture et calcul pour les adultes, en lien avec un projet professionnel.",
        ["demandeurs-emploi"],
        "gratuit",
        2,
    ),
    (
        "",
        "Atelier numérique",
        "atelier",
        ["numerique--maitriser-les-fondamentaux-du-numerique", "numerique--acceder-a-des-services-en-ligne"],
        ["en-presentiel"],
        "Apprendre à utiliser un ordinateur, une "
        "messagerie et les sites des administrations, avec un conseiller numérique.",
        ["tous-publics"],
        "gratuit",
        4,
    ),
    (
        "",
        "Don d'ordinateurs reconditionnés",
        "aide-materielle",
        ["numerique--acquerir-un-equipement"],
        ["en-presentiel"],
        "Ordinateurs reconditionnés à petit prix avec une prise en main.",
        ["beneficiaires-des-minimas-sociaux"],
        "payant",
        1,
    ),
    (
        "",
        "Accompagnement Aidants Connect",
        "accompagnement",
        ["numerique--acceder-a-des-services-en-ligne"],
        ["en-presentiel", "a-distance"],
        "Réalisation des démarches en ligne pour le compte de la personne, avec son accord, par un aidant habilité.",
        ["tous-publics"],
        "gratuit",
        2,
    ),
    (
        "",
        "Groupe de remobilisation",
        "atelier",
        ["remobilisation--bien-etre-confiance-en-soi", "remobilisation--lien-social"],
        ["en-presentiel"],
        "Ateliers collectifs pour reprendre confiance : théâtre, sport adapté, sorties culturelles, "
        "sur huit semaines.",
        ["beneficiaires-des-minimas-sociaux"],
        "gratuit",
        2,
    ),
    (
        "emploi",
        "Atelier CV et lettre de motivation",
        "atelier",
        ["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
        ["en-presentiel"],
        "Atelier collectif pour construire son CV et sa lettre de motivation.",
        ["jeunes"],
        "gratuit",
        2,
    ),
    (
        "emploi",
        "Chantier d'insertion",
        "accompagnement",
        [
            "trouver-un-emploi--repondre-a-des-offres-demploi",
            "choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite",
        ],
        ["en-presentiel"],
        "Contrat à durée déterminée d'insertion de 26 heures par semaine, avec accompagnement socioprofessionnel.",
        ["beneficiaires-des-minimas-sociaux", "demandeurs-emploi"],
        "gratuit",
        2,
    ),
]
# Services à distance, éligibles dans tout le département ou en France.
A_DISTANCE = [
    (
        "Code de la route en ligne",
        "formation",
        ["mobilite--preparer-un-permis"],
        "departement",
        "Accès gratuit pendant six mois à une plateforme d'entraînement au code de la route, avec un suivi "
        "hebdomadaire par téléphone.",
    ),
    (
        "Plateforme téléphonique Aidants",
        "information",
        ["famille--soutien-aidants"],
        "france",
        "Ligne d'écoute et d'information pour les aidants, du lundi au vendredi.",
    ),
    (
        "Service public de l'écoute budget",
        "accompagnement",
        ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
        "france",
        "Conseil budgétaire par téléphone et visioconférence.",
    ),
]


def _lien(structure_id: str) -> str:
    return f"https://annuaire.exemple.fr/structures/{structure_id.split('--')[-1]}"


def creer(stdout) -> None:
    # Long : l'étape enchaîne structures, services et cas particuliers de l'annuaire dans l'ordre du chargement.
    if not Commune.objects.filter(code_insee__in=COMMUNES["15"]).exists():
        raise CommandError("Les communes ne sont pas chargées : lancez d'abord « manage.py charger_referentiels ».")
    epci.charger()
    alea = random.Random(GRAINE)
    aujourdhui = timezone.localdate()
    communes = {c.code_insee: c for c in Commune.objects.filter(code_insee__in=COMMUNES["15"] + COMMUNES["14"])}
    organisations = {o.nom: o.pk for o in Organisation.objects.filter(departement__in=["15", "14"])}
    structures, services = {}, []

    def structure(dept, cle_mainteneur, commune, nom):
        ident = f"{SOURCE}--{dept}-{cle_mainteneur or 'local'}-{commune.code_insee}"
        if ident not in structures:
            organisation = organisations.get(MAINTENEURS[dept].get(cle_mainteneur, ""))
            structures[ident] = {
                "source": SOURCE,
                "id": ident,
                "nom": nom,
                "date_maj": (aujourdhui - timedelta(days=alea.randint(10, 200))).isoformat(),
                "commune": commune.nom,
                "code_postal": commune.code_postal,
                "code_insee": commune.code_insee,
                "telephone": f"04{alea.randint(10000000, 99999999)}"
                if dept == "15"
                else f"02{alea.randint(10000000, 99999999)}",
                "lien_source": _lien(ident),
                "_binome": {"organisation_id": organisation},
            }
        return ident

    for dept, codes in COMMUNES.items():
        disponibles = [communes[c] for c in codes if c in communes]
        for index, (cle, nom, type_, thematiques, modes, description, publics, frais, nombre) in enumerate(MODELES):
            # Autour de Saint-Flour : les services « permis » aux distances qui font la démonstration.
            if dept == "15" and "mobilite--preparer-un-permis" in thematiques and nombre >= 3:
                choisies = [
                    communes[c] for c in ("15187", "15141", "15138", "15119", "15045", "15014") if c in communes
                ]
            else:
                choisies = alea.sample(disponibles, k=min(len(disponibles), nombre + alea.randint(1, 3)))
            for commune in choisies:
                porteur = MAINTENEURS[dept].get(cle) or f"Centre social de {commune.nom}"
                structure_id = structure(dept, cle, commune, porteur if cle else f"Centre social de {commune.nom}")
                anciennete = alea.choice([5, 20, 60, 120, 200, 400, 700])
                date_maj = aujourdhui - timedelta(days=anciennete)
                ident = f"{SOURCE}--{dept}-{index:02d}-{commune.code_insee}"
                organisation = organisations.get(MAINTENEURS[dept].get(cle, ""))
                fermeture = {}
                if ident.endswith("15138") and "permis" in nom.lower():
                    fermeture = {
                        "fermeture_debut": aujourdhui - timedelta(days=3),
                        "fermeture_fin": aujourdhui + timedelta(days=12),
                        "fermeture_message": "Fermé pendant les congés du moniteur : reprise le lundi suivant.",
                    }
                services.append(
                    {
                        "source": SOURCE,
                        "id": ident,
                        "structure_id": structure_id,
                        "nom": f"{nom} — {commune.nom}",
                        "description": description,
                        "date_maj": date_maj.isoformat(),
                        "type": type_,
                        "thematiques": thematiques,
                        "frais": frais,
                        "frais_precisions": "Participation selon les ressources." if frais == "payant" else None,
                        "publics": publics,
                        "modes_accueil": modes,
                        "commune": commune.nom,
                        "code_postal": commune.code_postal,
                        "code_insee": commune.code_insee,
                        "adresse": f"{alea.randint(1, 40)} {alea.choice(VOIES)}",
                        "zone_eligibilite": [dept] if alea.random() < 0.7 else [commune.code_insee],
                        "modes_mobilisation": alea.choice(
                            [["telephoner"], ["telephoner", "se-presenter"], ["envoyer-un-courriel"]]
                        ),
                        "mobilisable_par": alea.choice([["professionnels"], ["professionnels", "usagers"]]),
                        "mobilisation_precisions": "Appeler le secrétariat en précisant la situation de la personne "
                        "et le nom du professionnel qui oriente.",
                        "telephone": structures[structure_id]["telephone"],
                        "courriel": f"contact-{index}-{commune.code_insee}@exemple.fr",
                        "contact_nom_prenom": alea.choice(
                            ["Martine Roche", "Hélène Bru", "Yann Leclerc", "Sonia Ait"]
                        ),
                        "horaires_accueil": alea.choice(
                            ["Mo-Fr 09:00-12:00,14:00-17:00", "Tu,Th 09:00-12:30", "We 14:00-18:00"]
                        ),
                        "lien_source": _lien(ident),
                        "_binome": {
                            "organisation_id": organisation,
                            "contact_reserve_professionnels": alea.random() < 0.3,
                            "documents_a_fournir": DOCUMENTS,
                            **fermeture,
                        },
                    }
                )
        for index, (nom, type_, thematiques, zone, description) in enumerate(A_DISTANCE):
            commune = disponibles[0]
            structure_id = structure(dept, "", commune, f"Plateforme départementale {commune.nom}")
            services.append(
                {
                    "source": SOURCE,
                    "id": f"{SOURCE}--{dept}-distance-{index}",
                    "structure_id": structure_id,
                    "nom": nom,
                    "description": description,
                    "date_maj": (aujourdhui - timedelta(days=30)).isoformat(),
                    "type": type_,
                    "thematiques": thematiques,
                    "frais": "gratuit",
                    "publics": ["tous-publics"],
                    "modes_accueil": ["a-distance"],
                    "zone_eligibilite": [dept] if zone == "departement" else ["france"],
                    "modes_mobilisation": ["telephoner"],
                    "mobilisable_par": ["professionnels", "usagers"],
                    "telephone": "0800000000",
                    "_binome": {},
                }
            )
    rapport = importer_data_inclusion({"structures": list(structures.values()), "services": services})
    if rapport.rejets:
        raise CommandError("Données de démonstration invalides : " + " ; ".join(str(r) for r in rapport.rejets[:5]))
    stdout.write(
        f"  Ressources : {rapport.resume()} "
        f"({Service.objects.filter(source=SOURCE).count()} services de démonstration)"
    )
