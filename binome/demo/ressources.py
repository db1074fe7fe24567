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

from binome.core.texte import de
from binome.demo.ressources_donnees import A_DISTANCE, COMMUNES, MAINTENEURS, MODELES
from binome.organisations.models import Organisation
from binome.ressources import epci
from binome.ressources.importation import importer_data_inclusion
from binome.ressources.models import Service
from binome.territoires.models import Commune

GRAINE = 15187
VOIES = ["place de la Mairie", "rue du Marché", "avenue de la République", "rue des Écoles", "rue Jean Jaurès"]
DOCUMENTS = "Pièce d'identité, justificatif de domicile, dernière attestation CAF."
SOURCE = "demo"


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
                porteur = MAINTENEURS[dept].get(cle) or f"Centre social {de(commune.nom)}"
                structure_id = structure(dept, cle, commune, porteur if cle else f"Centre social {de(commune.nom)}")
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
