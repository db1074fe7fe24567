"""Référence pseudonyme d'un dossier devant une instance : ce que lisent les membres et le procès-verbal.

HMAC-SHA256 de l'identifiant interne du parcours avec la clé secrète de l'installation (même principe que
l'identifiant participant de l'extrait FSE+, avec un autre préfixe : les deux ne se recoupent pas). La référence
est stable d'une séance à l'autre (une instance suit un dossier qui revient) et irréversible sans la clé ; elle est
recopiée sur le point de l'ordre du jour à l'inscription, pour que le procès-verbal ne change jamais.
"""

import hashlib
import hmac

from django.conf import settings


def reference_dossier(*, departement_code: str, parcours_pk: int) -> str:
    empreinte = (
        hmac.new(settings.SECRET_KEY.encode(), f"binome-instance-dossier:{parcours_pk}".encode(), hashlib.sha256)
        .hexdigest()[:8]
        .upper()
    )
    return f"{departement_code}-{empreinte[:4]}-{empreinte[4:]}"
