"""Du plan d'action au service (point 6) : contexte transmis par l'URL depuis un frein ou une action."""


def contexte_depuis_requete(request):
    return None
