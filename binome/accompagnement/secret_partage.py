"""Secret partagé (CASF L.121-6-2) : la seule déclaration des champs réservés au côté social.

Chaque champ d'un dossier est visible de quiconque ouvre le dossier, sauf ceux déclarés ici : ils ne sont
montrés qu'au côté social (``selectors.voit_cote_social``, et ``voit_detail_social`` pour le détail des
freins avant l'entrée). Toutes les sorties lisent cette déclaration : fiche, relevé (HTML, impression,
JSON), pages d'historique ; le test ``tests/confiance/test_secret_partage.py`` parcourt chaque sortie pour
chaque champ déclaré avec un persona France Travail. Ajouter un champ ici suffit à le retirer des sorties
génériques ; une sortie qui l'affiche nommément le teste par ``champ_masque``.

Les notes privées non partagées (modèle ``NotePrivee`` entier) et les événements ``cote_social_seulement``
sont filtrés par leurs sélecteurs (``notes_privees_visibles``, ``evenements_visibles``).
"""

from binome.accompagnement.models import FreinDiagnostic, PeriodeSuspension, Personne

# (modèle, champs réservés au côté social, raison).
CHAMPS_RESTREINTS: dict[type, tuple[str, ...]] = {
    # Donnée de santé (article 9 du RGPD) ; motif du droit au RSA porté par les listes de l'organisme payeur
    # (sanction, ressources, situation familiale : un détail social).
    Personne: ("rqth", "droit_rsa_motif"),
    # Le côté France Travail voit le domaine et le niveau du frein, jamais son détail.
    FreinDiagnostic: ("situations", "precision"),
    # Arrêt maladie, hospitalisation, maternité : potentiellement une donnée de santé.
    PeriodeSuspension: ("motif",),
}


def champs_restreints(modele) -> tuple[str, ...]:
    """Champs du ``modele`` (classe ou instance, historique compris) réservés au côté social."""
    classe = modele if isinstance(modele, type) else type(modele)
    classe = getattr(classe, "instance_type", classe)  # modèle historique de django-simple-history
    return CHAMPS_RESTREINTS.get(classe, ())


def champ_masque(modele, champ: str, *, cote_social: bool) -> bool:
    """Vrai si ``champ`` de ``modele`` doit être caché à un acteur qui ``cote_social`` ou non."""
    return not cote_social and champ in champs_restreints(modele)
