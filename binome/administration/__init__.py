"""Administration départementale des organisations (écrans de l'administrateur départemental).

Couche au-dessus de ``comptes`` : le périmètre de l'administrateur vient de ``binome.comptes.selectors`` ;
les modèles et les lectures sans périmètre restent dans ``binome.organisations``. Routes sous
``/organisations/``, espace de noms ``organisations`` ; gabarits ``templates/organisations/``.
"""
