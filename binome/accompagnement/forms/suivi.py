"""Formulaires du suivi : plan d'action, contacts, notes privées, portefeuille, équipe.

Validation de saisie seulement : les règles métier (heures, verrou optimiste, partage) sont dans les services.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binome.accompagnement.alertes import Alerte
from binome.accompagnement.enums import (
    CanalContact,
    CotePlan,
    EtatParcours,
    FinalitePartage,
    Modalite,
    Porteur,
    PresenceContact,
    StatutAction,
    TypeContact,
)
from binome.accompagnement.forms.reaffectation import champ_confirmation, libelle_candidat
from binome.accompagnement.models import (
    LONGUEUR_ID_SERVICE,
    LONGUEUR_NOTE_CONTACT,
    LONGUEUR_NOTE_PRIVEE,
    LONGUEUR_TEXTE_COURT,
)
from binome.accompagnement.selectors import ATTEND_MON_ACCORD, TRI_PAR_DEFAUT, FiltreEtat
from binome.core.forms import ChampDate, Formulaire


def _revision():
    # Facultatif pour le formulaire : le service signale une révision absente par un message général.
    return forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


class _ElementReferentielChoix(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.theme_libelle} — {obj.libelle}"


# --- Plan d'action --------------------------------------------------------------------------------------


class FormulaireFiltreReferentiel(Formulaire):
    """Filtre (GET) du référentiel proposé dans le formulaire d'objectif ou d'action."""

    marquer_facultatifs = False

    theme = forms.ChoiceField(label=_("Thème"), required=False)
    q = forms.CharField(label=_("Mot du libellé"), required=False, max_length=100)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("Tous les thèmes")), *themes]


class FormulaireObjectif(Formulaire):
    element_referentiel = _ElementReferentielChoix(
        label=_("Dans le référentiel"),
        queryset=None,
        required=False,
        empty_label=_("Aucun (libellé libre ci-dessous)"),
        help_text=_("Filtrez la liste par thème ou par mot ci-dessus."),
    )
    libelle_libre = forms.CharField(
        label=_("Ou libellé libre"),
        required=False,
        max_length=150,
        help_text=_("Court et neutre : pas de détail de santé ni de vie privée (le plan est lu des deux côtés)."),
    )
    cote = forms.ChoiceField(label=_("Côté"), choices=CotePlan.choices)
    porteur = forms.ChoiceField(label=_("Porté par"), choices=Porteur.choices)
    porteur_precision = forms.CharField(
        label=_("Précision sur le porteur"),
        required=False,
        max_length=150,
        help_text=_("Par exemple le nom du partenaire."),
    )
    echeance = ChampDate(label=_("Échéance"), required=False)
    statut = forms.ChoiceField(label=_("Statut"), choices=StatutAction.choices, initial=StatutAction.A_FAIRE)
    revision = _revision()

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["element_referentiel"].queryset = elements


class FormulaireAction(FormulaireObjectif):
    objectif = forms.ModelChoiceField(
        label=_("Objectif"), queryset=None, required=False, empty_label=_("Sans objectif")
    )
    # Couture avec l'annuaire des ressources : identifiant d'un service (pré-rempli depuis l'annuaire).
    service_ressource_id = forms.CharField(required=False, max_length=LONGUEUR_ID_SERVICE, widget=forms.HiddenInput)

    field_order = ["objectif", "element_referentiel", "libelle_libre"]

    def __init__(self, *args, objectifs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectif"].queryset = objectifs


class FormulaireHeures(Formulaire):
    heures_hebdomadaires = forms.IntegerField(label=_("Heures d'activité par semaine"), min_value=0, max_value=35)
    motif_reduction_heures = forms.CharField(
        label=_("Motif de la réduction"),
        required=False,
        max_length=LONGUEUR_TEXTE_COURT,
        help_text=_("Obligatoire pour un bénéficiaire du RSA si les heures sont inférieures à la référence."),
    )
    revision = _revision()


class FormulaireStatut(Formulaire):
    statut = forms.ChoiceField(label=_("Statut"), choices=StatutAction.choices)
    revision = _revision()


class FormulaireRetrait(Formulaire):
    revision = _revision()


class FormulaireSignature(Formulaire):
    signe_le = ChampDate(label=_("Signé le"), initial=timezone.localdate)
    lieu_signature = forms.CharField(
        label=_("Signé à"),
        help_text=_("Commune où le contrat a été signé ; elle figure sur le contrat d'engagement."),
        required=False,
        max_length=100,
    )
    confirmation = forms.BooleanField(
        label=_("La personne et le binôme ont signé la version imprimée de ce plan."),
        error_messages={"required": _("Confirmez que le plan a été signé avec la personne.")},
    )
    revision = _revision()


# --- Contacts -----------------------------------------------------------------------------------------------


class _Participants(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class FormulaireContact(Formulaire):
    date = ChampDate(label=_("Date du contact"), initial=timezone.localdate)
    canal = forms.ChoiceField(label=_("Canal"), choices=CanalContact.choices, initial=CanalContact.PRESENTIEL)
    type = forms.ChoiceField(label=_("Type"), choices=TypeContact.choices, initial=TypeContact.INDIVIDUEL)
    presence = forms.ChoiceField(
        label=_("Rendez-vous"),
        choices=PresenceContact.choices,
        initial=PresenceContact.HONORE,
        widget=forms.RadioSelect,
    )
    participants = _Participants(
        label=_("Professionnels présents"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    autres_participants = forms.CharField(
        label=_("Autres participants"),
        required=False,
        max_length=LONGUEUR_TEXTE_COURT,
        help_text=_("Par exemple : partenaire, interprète (fonction plutôt que nom)."),
    )
    prochaine_date = ChampDate(label=_("Prochain contact prévu le"), required=False)
    note = forms.CharField(
        label=_("Note courte et neutre"),
        required=False,
        max_length=LONGUEUR_NOTE_CONTACT,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": LONGUEUR_NOTE_CONTACT}),
        help_text=_(
            "500 caractères au plus. Pas de détail sur la santé ou la vie privée : "
            "le référent social utilise une note privée."
        ),
    )

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = participants


# --- Notes privées -------------------------------------------------------------------------------------------


class FormulaireNotePrivee(Formulaire):
    texte = forms.CharField(
        label=_("Nouvelle note privée"),
        max_length=LONGUEUR_NOTE_PRIVEE,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": LONGUEUR_NOTE_PRIVEE}),
        help_text=_(
            "Visible du seul côté social (référent social et encadrement de son unité), jamais de France Travail "
            "sauf partage explicite. Strictement ce qui est utile à l'accompagnement."
        ),
    )


class FormulairePartageNote(Formulaire):
    finalite_partage = forms.ChoiceField(
        label=_("Finalité du partage"),
        choices=FinalitePartage.choices,
        widget=forms.RadioSelect,
        help_text=_("Le secret partagé (CASF L.121-6-2) ne permet de partager que pour l'une de ces finalités."),
    )
    precision_finalite = forms.CharField(
        label=_("Précision sur la finalité"), required=False, max_length=LONGUEUR_TEXTE_COURT
    )
    personne_informee_le = ChampDate(
        label=_("Personne informée du partage le"),
        initial=timezone.localdate,
        help_text=_("La personne doit savoir ce qui est partagé, avec qui et pourquoi."),
    )


# --- Portefeuille et équipe ------------------------------------------------------------------------------------


class FormulaireFiltrePortefeuille(Formulaire):
    marquer_facultatifs = False

    q = forms.CharField(label=_("Nom de la personne"), required=False, max_length=100)
    etat = forms.ChoiceField(
        label=_("État"),
        required=False,
        choices=[
            (FiltreEtat.OUVERTS, _("En cours et suivis à 6 mois")),
            (FiltreEtat.TOUS, _("Tous, y compris clos")),
            *EtatParcours.choices,
        ],
    )
    alerte = forms.ChoiceField(
        label=_("Alerte"),
        required=False,
        choices=[("", _("Toutes les personnes")), ("toutes", _("Avec au moins une alerte")), *Alerte.CHOIX],
    )
    # Filtres propres à l'acteur : le portefeuille seulement (pas la vue équipe).
    filtres_personnels = True
    modalite = forms.ChoiceField(label=_("Modalité"), required=False, choices=[("", _("Toutes")), *Modalite.choices])
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        initial=TRI_PAR_DEFAUT,
        choices=[
            ("alertes", _("Alertes d'abord")),
            ("personne", _("Nom (A → Z)")),
            ("-personne", _("Nom (Z → A)")),
            ("etat", _("État")),
            ("-entree", _("Entrée la plus récente")),
            ("entree", _("Entrée la plus ancienne")),
            ("dernier_contact", _("Dernier contact le plus ancien")),
            ("-dernier_contact", _("Dernier contact le plus récent")),
            ("prochain_contact", _("Prochain contact le plus proche")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.filtres_personnels:
            self.fields["alerte"].choices = [
                *self.fields["alerte"].choices,
                (ATTEND_MON_ACCORD, _("Renouvellement qui attend mon accord")),
            ]


class _Agent(forms.ModelChoiceField):
    candidats: dict = {}

    def label_from_instance(self, obj):
        candidat = self.candidats.get(obj.pk)
        if candidat is not None:
            return libelle_candidat(candidat)
        return obj.get_full_name() or obj.email


class FormulaireFiltreEquipe(FormulaireFiltrePortefeuille):
    filtres_personnels = False
    agent = forms.TypedChoiceField(label=_("Agent"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [("", _("Tous les agents")), *agents]


class FormulaireReaffectation(Formulaire):
    """Un champ par membre du binôme que l'encadrant peut réaffecter."""

    def __init__(self, *args, possibles, parcours, groupes=(), **kwargs):
        super().__init__(*args, **kwargs)
        libelles = {"conseiller": _("Conseiller France Travail"), "referent_social": _("Référent social")}
        candidats = {(g.champ, c.utilisateur.pk): c for g in groupes for c in g.candidats}
        for champ, agents in possibles.items():
            self.fields[champ] = _Agent(
                label=libelles[champ], queryset=agents, required=False, empty_label=_("Inchangé")
            )
            self.fields[champ].candidats = {pk: c for (cote, pk), c in candidats.items() if cote == champ}
            actuel = getattr(parcours, champ)
            if actuel is not None:
                self.fields[champ].help_text = _("Actuellement : %(nom)s") % {
                    "nom": actuel.get_full_name() or actuel.email
                }
        self.fields["confirmer_surcharge"] = champ_confirmation()
