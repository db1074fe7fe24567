"""Transfert d'un dossier vers le Binôme d'un autre département (``manage.py transferer_dossier``) : paquet JSON
signé (HMAC-SHA256) de la personne, de ses parcours clos et de leur chronologie, sans les notes privées.
Procédure : docs/echanges.md et docs/exploitation.md."""
