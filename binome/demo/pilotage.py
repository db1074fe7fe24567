"""Démonstration, étape « pilotage » : une définition départementale de la sortie positive pour le Calvados.

Le Cantal garde la définition par défaut (emploi durable, emploi de transition, création d'entreprise,
formation) ; le Calvados a décidé en comité de pilotage de ne compter que l'emploi durable, l'emploi de
transition et la formation à partir du 1er janvier 2025 : le tableau de bord et ses exports l'affichent, et
l'historique des versions se consulte depuis le tableau de bord. Les parcours eux-mêmes viennent de l'étape
``binome.demo.accompagnement`` (deux ans d'historique). Relancer l'étape ne crée rien en double.
"""

import datetime

from binome.accompagnement.enums import MotifSortie
from binome.comptes.models import Utilisateur
from binome.pilotage.models import DefinitionSortiePositive
from binome.territoires.models import Departement

ADMIN_CALVADOS = "bruno.leroy@calvados.test"
CODES_CALVADOS = [MotifSortie.EMPLOI_DURABLE, MotifSortie.EMPLOI_TRANSITION, MotifSortie.FORMATION]


def creer(stdout) -> None:
    departement = Departement.objects.filter(code="14").first()
    auteur = Utilisateur.objects.filter(email=ADMIN_CALVADOS).first()
    if departement is None or auteur is None:
        stdout.write("  Pilotage : Calvados ou son administrateur absent, aucune définition créée.")
        return
    _version, cree = DefinitionSortiePositive.objects.get_or_create(
        departement=departement,
        valable_a_partir_du=datetime.date(2025, 1, 1),
        defaults={
            "codes": [str(code) for code in CODES_CALVADOS],
            "auteur": auteur,
            "commentaire": "Décision du comité de pilotage : la création d'entreprise est suivie à part.",
        },
    )
    stdout.write(f"  Pilotage : définition de la sortie positive du Calvados ({'créée' if cree else 'déjà présente'})")
