"""Les résumés par courriel : ce qui attend chaque professionnel, chaque jour ouvré ou chaque lundi.

Le contenu vient des lignes de la page « À faire » (``binome.quotidien.a_faire`` : une fonction par ligne, les
mêmes nombres qu'à l'écran) et des parcours confiés depuis le dernier résumé (``AvisAffectation``). Les personnes
n'y sont nommées que par leur prénom et l'initiale de leur nom ; aucun détail social ni de santé, aucun objet de
rendez-vous : des liens vers l'application. Un résumé vide n'est pas envoyé.

Chaque résumé est réclamé (``ResumeEnvoye``, unique par utilisateur et par date) AVANT l'envoi : une relance
ou deux travailleurs n'envoient jamais deux fois le même résumé. La fréquence : ``binome.quotidien.frequence``.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from binome.comptes.models import FrequenceResume, Habilitation, Utilisateur
from binome.core import texte
from binome.core.courriels import courriel
from binome.quotidien import services
from binome.quotidien.frequence import est_jour_d_envoi, frequence_effective
from binome.quotidien.models import ResumeEnvoye

journal = logging.getLogger(__name__)

GABARIT = "quotidien/courriels/resume"
# Personnes nommées au plus par ligne (« Isabelle M., Karim B. et 4 autres »).
PERSONNES_PAR_LIGNE = 5


def _a_faire():
    """Le module des lignes « À faire » (poste h4), importé à l'appel : une seule définition de chaque ligne."""
    from binome.quotidien import a_faire

    return a_faire


@dataclass(frozen=True)
class LigneResume:
    libelle: str  # celui de « À faire », nombre compris (« 3 orientations attendent un diagnostic »)
    nombre: int
    url: str
    personnes: list[str]
    autres: int


@dataclass(frozen=True)
class Resume:
    utilisateur: Utilisateur
    jour: datetime.date
    lignes: list[LigneResume]


def absolue(chemin: str) -> str:
    """Lien vers l'application depuis un courriel : ``BINOME_URL_SITE`` + chemin."""
    if not chemin or chemin.startswith(("http://", "https://")):
        return chemin
    return settings.BINOME_URL_SITE.rstrip("/") + "/" + chemin.lstrip("/")


def _valeur(personne, cle: str) -> str:
    valeur = personne.get(cle) if isinstance(personne, dict) else getattr(personne, cle, "")
    return (valeur or "").strip()


def prenom_initiale(objet) -> str:
    """« Isabelle M. » : le prénom et l'initiale du nom, rien d'autre (un courriel peut être transféré). ``objet`` :
    la personne, ou son parcours (ce que rend ``personnes_de_la_ligne``)."""
    personne = getattr(objet, "personne", objet)
    return texte.prenom_initiale(_valeur(personne, "prenom"), _valeur(personne, "nom")) or _("une personne")


def lignes_du_resume(utilisateur: Utilisateur, jour: datetime.date) -> list[LigneResume]:
    """Les lignes non nulles de la page « À faire » de ``utilisateur`` ce jour-là, avec quelques prénoms."""
    module = _a_faire()
    lignes = []
    for ligne in module.a_faire(utilisateur, aujourdhui=jour):
        if not ligne.nombre:
            continue
        personnes = module.personnes_de_la_ligne(utilisateur, ligne.cle, aujourdhui=jour, limite=PERSONNES_PAR_LIGNE)
        noms = [prenom_initiale(p) for p in list(personnes)[:PERSONNES_PAR_LIGNE]]
        autres = ligne.nombre - len(noms) if noms and ligne.nombre > len(noms) else 0
        lignes.append(LigneResume(str(ligne.libelle), ligne.nombre, absolue(str(ligne.url)), noms, autres))
    return lignes


def phrases_avis(avis) -> list[str]:
    """« 12 parcours vous ont été confiés par Marc Durand. » : une phrase par personne qui a confié des parcours."""
    par_auteur: dict[int | None, list] = defaultdict(list)
    for un_avis in avis:
        par_auteur[un_avis.par_id].append(un_avis)
    phrases = []
    for groupe in par_auteur.values():
        nombre, auteur = len({a.parcours_id for a in groupe}), groupe[0].par
        if auteur is None:
            phrases.append(
                ngettext("%(n)s parcours vous a été confié.", "%(n)s parcours vous ont été confiés.", nombre)
                % {"n": nombre}
            )
            continue
        phrases.append(
            ngettext(
                "%(n)s parcours vous a été confié par %(par)s.",
                "%(n)s parcours vous ont été confiés par %(par)s.",
                nombre,
            )
            % {"n": nombre, "par": auteur.get_full_name() or auteur.email}
        )
    return phrases


def destinataires(jour: datetime.date) -> list[Utilisateur]:
    """Les comptes actifs dont la fréquence tombe ``jour`` et dont le résumé de ce jour n'est pas réclamé."""
    candidats = list(
        Utilisateur.objects.filter(is_active=True)
        .exclude(email="")
        .exclude(frequence_resume=FrequenceResume.AUCUN)
        .exclude(pk__in=ResumeEnvoye.objects.filter(date=jour).values("utilisateur_id"))
        .order_by("pk")
    )
    roles: dict[int, set[str]] = defaultdict(set)
    for utilisateur_id, role in Habilitation.objects.filter(
        utilisateur__in=[u.pk for u in candidats], active=True, organisation__active=True
    ).values_list("utilisateur_id", "role"):
        roles[utilisateur_id].add(role)
    return [u for u in candidats if est_jour_d_envoi(frequence_effective(u.frequence_resume, roles[u.pk]), jour)]


def message_du_resume(resume: Resume, phrases: list[str]):
    """Le courriel (texte et HTML) d'un résumé."""
    contexte = {
        "prenom": resume.utilisateur.prenom,
        "jour": date_format(resume.jour, "l j F Y"),
        "lignes": resume.lignes,
        "total": sum(ligne.nombre for ligne in resume.lignes),
        "avis": phrases,
        "url_accueil": absolue(reverse("core:accueil")),
        "url_portefeuille": absolue(reverse("accompagnement:portefeuille")),
        "url_profil": absolue(reverse("comptes:profil")) + "#resume",
    }
    return courriel(a=[resume.utilisateur.email], gabarit=GABARIT, contexte=contexte, html=True)


def envoyer_resume(utilisateur: Utilisateur, jour: datetime.date) -> bool:
    """Réclame puis envoie le résumé de ``jour`` ; ``False`` s'il était vide, déjà parti ou si l'envoi a échoué."""
    resume = Resume(utilisateur, jour, lignes_du_resume(utilisateur, jour))
    reclamation = services.resume_reclamer(utilisateur=utilisateur, jour=jour, nombre_lignes=len(resume.lignes))
    if reclamation is None:
        return False
    try:
        message_du_resume(resume, phrases_avis(reclamation.avis)).send()
    except (SMTPException, OSError) as erreur:
        services.resume_liberer(reclamation=reclamation)
        journal.warning("Échec d'envoi d'un résumé (utilisateur %s) : %s", utilisateur.pk, type(erreur).__name__)
        return False
    except Exception:
        services.resume_liberer(reclamation=reclamation)
        raise
    return True


def envoyer_resumes(jour: datetime.date | None = None) -> int:
    """Envoie les résumés dus ``jour`` (aujourd'hui par défaut) ; renvoie le nombre de courriels envoyés."""
    jour = jour or timezone.localdate()
    return sum(envoyer_resume(utilisateur, jour) for utilisateur in destinataires(jour))
