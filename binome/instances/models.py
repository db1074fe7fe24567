"""Instances d'un département (équipe pluridisciplinaire, comité technique), leurs séances et leurs ordres du jour.

Structure seulement : écritures dans ``instances/services``, lectures soumises à permission dans
``instances/selectors``.
"""
