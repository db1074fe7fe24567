"""Ce que la personne voit de ses droits dans son espace : ce que Binôme sait d'elle, qui a consulté son dossier.

La personne ne voit que son propre dossier (``espace.personne``) et jamais ce qui est écrit pour les seuls
professionnels : ni les champs réservés au côté social (``accompagnement/secret_partage.py``), ni les notes
privées, ni le texte des contacts, ni les motifs saisis par les professionnels, ni les instances. Chaque champ
de ``Personne`` est soit montré (``CHAMPS_MONTRES``), soit écarté avec sa raison (``CHAMPS_ECARTES``) :
``tests/espace/test_droits_donnees.py`` vérifie que la liste est complète.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binome.accompagnement.models import Personne
from binome.accompagnement.secret_partage import champs_restreints
from binome.confiance.echeances import duree_conservation_mois
from binome.confiance.models import EntreeJournal
from binome.espace.models import EspacePersonne

# Rubriques de « Ce que Binôme sait de moi » : titre → champs de ``Personne`` montrés à la personne.
CHAMPS_MONTRES = {
    gettext_lazy("Mon identité"): (
        "nom",
        "prenom",
        "date_naissance",
        "sexe",
        "nationalite",
        "identifiant_ft",
        "organisme_allocataire",
        "numero_allocataire",
    ),
    gettext_lazy("Mes coordonnées"): ("telephone", "courriel", "adresse", "complement_adresse", "commune"),
    gettext_lazy("Ma situation"): (
        "situation_marche_travail",
        "niveau_formation",
        "droit_rsa",
        "droit_rsa_le",
        "inscrite_liste_rsa_le",
        "beneficiaire_rsa",
        "beneficiaire_are",
        "beneficiaire_ass",
        "beneficiaire_aah",
        "beneficiaire_prime_activite",
        "residence_qpv",
        "parent_isole",
        "sans_domicile",
    ),
}

# Champs de ``Personne`` que la page ne montre pas, et pourquoi.
CHAMPS_ECARTES = {
    "id": "identifiant technique",
    "cree_le": "date technique",
    "modifie_le": "date technique",
    "cree_par": "nom d'un professionnel",
    "nom_normalise": "copie technique du nom",
    "prenom_normalise": "copie technique du prénom",
    "departement": "montré avec la durée de conservation (département responsable)",
    "rqth": "réservé au côté social (secret_partage)",
    "droit_rsa_motif": "réservé au côté social (secret_partage)",
    "notice_remise_le": "montré dans la rubrique « Mes choix »",
    "opposition_le": "montré dans la rubrique « Mes choix »",
    "opposition_motif": "montré dans la rubrique « Mes choix »",
    "opposition_examinee_le": "suivi interne de l'opposition par l'administrateur",
    "opposition_examinee_par": "nom d'un professionnel",
    "dernier_contact_le": "montré avec la durée de conservation",
    "tranche_age": "donnée statistique déduite de la date de naissance",
    "anonymise_le": "un dossier anonymisé n'a plus d'espace",
}


@dataclass
class Ligne:
    libelle: str
    valeur: str


@dataclass
class Rubrique:
    titre: str
    lignes: list[Ligne] = field(default_factory=list)


@dataclass
class ParcoursLu:
    titre: str
    lignes: list[Ligne]
    objectifs: list[Ligne]
    actions: list[Ligne]
    contacts: list[Ligne]
    orientations: list[Ligne]


@dataclass
class Donnees:
    rubriques: list[Rubrique]
    parcours: list[ParcoursLu]
    services: list[Ligne]
    choix: list[Ligne]
    conservation_mois: int
    journal_jours: int
    dernier_contact_le: datetime.date | None
    departement: str


def _jour(valeur) -> str:
    return date_format(valeur, "j F Y") if valeur else ""


def _valeur(instance, nom: str) -> str:
    champ = instance._meta.get_field(nom)
    brute = getattr(instance, nom)
    if champ.choices:
        return str(getattr(instance, f"get_{nom}_display")()) if brute else ""
    if isinstance(brute, bool):
        return _("oui") if brute else _("non")
    if isinstance(brute, datetime.date):
        return _jour(brute)
    return "" if brute is None else str(brute)


def _rubriques(personne: Personne) -> list[Rubrique]:
    reserves = set(champs_restreints(Personne))
    rubriques = []
    for titre, noms in CHAMPS_MONTRES.items():
        rubrique = Rubrique(titre=str(titre))
        for nom in noms:
            if nom in reserves:  # défense en profondeur : un champ déclaré réservé disparaît d'ici aussi
                continue
            valeur = _valeur(personne, nom)
            libelle = str(Personne._meta.get_field(nom).verbose_name)
            rubrique.lignes.append(Ligne(libelle[:1].upper() + libelle[1:], valeur or _("non renseigné")))
        rubriques.append(rubrique)
    return rubriques


def _organisation_du_contact(contact, parcours) -> str:
    if contact.auteur_id == parcours.referent_social_id and parcours.organisation_referent_id:
        return parcours.organisation_referent.nom
    if contact.auteur_id == parcours.conseiller_id and parcours.organisation_conseiller_id:
        return parcours.organisation_conseiller.nom
    return _("Une structure partenaire")


def _parcours_lu(parcours) -> ParcoursLu:
    lignes = [Ligne(_("État"), parcours.get_etat_display()), Ligne(_("Modalité"), parcours.get_modalite_display())]
    for libelle, jour in (
        (_("Repéré le"), parcours.date_reperage),
        (_("Orienté le"), parcours.date_orientation),
        (_("Entré en accompagnement le"), parcours.date_entree),
        (_("Fin prévue le"), parcours.date_fin_prevue),
        (_("Sorti le"), parcours.date_sortie),
    ):
        if jour:
            lignes.append(Ligne(libelle, _jour(jour)))
    if parcours.motif_sortie:
        lignes.append(Ligne(_("Motif de sortie"), parcours.get_motif_sortie_display()))
    for organisation in (parcours.organisation_conseiller, parcours.organisation_referent):
        if organisation is not None:
            lignes.append(Ligne(_("Structure qui m'accompagne"), organisation.nom))
    plans = list(parcours.plans.all())  # du plus récent au plus ancien (ordre du modèle)
    plan = plans[0] if plans else None
    objectifs = [Ligne(o.libelle, o.get_statut_display()) for o in plan.objectifs.all()] if plan else []
    actions = [
        Ligne(a.libelle, a.get_statut_display() + (f" — {_jour(a.echeance)}" if a.echeance else ""))
        for a in (plan.actions.all() if plan else [])
    ]
    contacts = [
        Ligne(
            _jour(c.date),
            f"{c.get_canal_display()} — {_organisation_du_contact(c, parcours)} — {c.get_presence_display()}",
        )
        for c in parcours.contacts.all()
    ]
    orientations = [
        Ligne(_jour(o.date_proposition), f"{o.get_modalite_proposee_display()} — {o.get_statut_display()}")
        for o in parcours.orientations.all()
    ]
    titre = _("Accompagnement commencé le %(date)s") % {"date": _jour(parcours.date_reperage)}
    return ParcoursLu(titre, lignes, objectifs, actions, contacts, orientations)


def _services(personne: Personne) -> list[Ligne]:
    orientations = personne.orientations_services.select_related("service").order_by("-cree_le", "-pk")
    return [
        Ligne(_jour(timezone.localtime(o.cree_le).date()), f"{o.service.nom} — {o.get_statut_display()}")
        for o in orientations
    ]


def _choix(personne: Personne) -> list[Ligne]:
    lignes = []
    if personne.notice_remise_le:
        lignes.append(Ligne(_("Notice d'information remise le"), _jour(personne.notice_remise_le)))
    if personne.opposition_le:
        lignes.append(Ligne(_("Opposition exprimée le"), _jour(personne.opposition_le)))
        lignes.append(Ligne(_("Motif de mon opposition"), personne.opposition_motif))
    return lignes


def donnees_de(espace: EspacePersonne) -> Donnees:
    """Tout ce que la personne peut lire de son dossier, en rubriques simples (son seul dossier)."""
    personne = espace.personne
    parcours = (
        personne.parcours.select_related("organisation_conseiller", "organisation_referent")
        .prefetch_related(
            "plans__objectifs__element_referentiel",
            "plans__actions__element_referentiel",
            "contacts",
            "orientations",
        )
        .order_by("-date_reperage", "-pk")
    )
    return Donnees(
        rubriques=_rubriques(personne),
        parcours=[_parcours_lu(p) for p in parcours],
        services=_services(personne),
        choix=_choix(personne),
        conservation_mois=conservation_mois(espace),
        journal_jours=conservation_journal_jours(),
        dernier_contact_le=personne.dernier_contact_le,
        departement=personne.departement.nom,
    )


def consultations_de(personne: Personne) -> QuerySet[EntreeJournal]:
    """Les lignes du journal des accès sur le dossier de ``personne`` (celle de l'espace connecté,
    ``request.espace.personne``) écrites par des professionnels (pas ses propres pages), de la plus récente à la plus
    ancienne. La page n'en montre ni le nom du professionnel ni son adresse : ``only`` ne lit que la date, les rôles,
    les organisations, l'action et la finalité."""
    return (
        EntreeJournal.objects.filter(personne_id=personne.pk, acteur_id__isnull=False)
        .only("horodatage", "roles", "organisations", "action", "finalite")
        .order_by("-horodatage", "-pk")
    )


def personne_peut_s_opposer(espace: EspacePersonne) -> bool:
    """La personne peut exprimer une opposition tant qu'aucune n'est enregistrée."""
    return espace.personne.opposition_le is None


def conservation_mois(espace: EspacePersonne | None) -> int:
    """Durée de conservation après le dernier contact : celle du département de la personne connectée, sinon la
    durée par défaut (``BINOME_CONSERVATION_MOIS``)."""
    if espace is None:
        return settings.BINOME_CONSERVATION_MOIS
    return duree_conservation_mois(espace.personne.departement_id)


def conservation_journal_jours() -> int:
    return settings.BINOME_CONSERVATION_JOURNAL_JOURS
