"""Formulaires de l'annuaire (gabarit DSFR)."""

from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from dsfr.utils import dsfr_input_class_attr

from binome.accompagnement.enums import DomaineFrein
from binome.core.forms import ChampDate, Formulaire, FormulaireModele
from binome.core.lecture_csv import _taille_lisible
from binome.core.texte import normaliser
from binome.ressources import freins, importation
from binome.ressources import referentiels as ref
from binome.ressources.models import Service, SignalementErreur, StatutService, Structure
from binome.ressources.recherche import RAYON_KM_DEFAUT
from binome.ressources.saisie_horaires import ChampHoraires
from binome.territoires.forms import ChampCommune

CHOIX_RAYONS = [(r, _("%(km)s km") % {"km": r}) for r in (5, 10, 20, 30, 50, 100)]


# --- Recherche ----------------------------------------------------------------------------------------------


def _freins_groupes() -> tuple[list, dict[str, str]]:
    return _freins_groupes_langue(get_language())


@cache
def _freins_groupes_langue(_langue) -> tuple[list, dict[str, str]]:
    """Un groupe par domaine du diagnostic : le domaine entier, puis ses situations du référentiel ; les critères
    d'emploi et de formation en dernier groupe. Une situation au libellé déjà proposé dans son groupe (« Prêt à
    suivre une formation », thèmes emploi et formation) n'est proposée qu'une fois : sa clé devient un alias."""
    # Calculé une fois par langue (référentiel du code) : trois appels par recherche sinon.
    situations: dict[str, list[tuple[str, str]]] = {}
    for theme, libelle, _them in freins._SITUATIONS:
        domaine = freins.DOMAINE_DU_THEME.get(theme)
        situations.setdefault(domaine or "", []).append((freins.cle_situation(theme, libelle), libelle))
    groupes, alias = [], {}
    cles = [*DomaineFrein.values, ""]
    for cle in cles:
        options = [(cle, _("%(domaine)s (tout le domaine)") % {"domaine": DomaineFrein(cle).label})] if cle else []
        vus: dict[str, str] = {}
        for code, libelle in situations.get(cle, []):
            if normaliser(libelle) in vus:
                alias[code] = vus[normaliser(libelle)]
                continue
            vus[normaliser(libelle)] = code
            options.append((code, libelle))
        groupes.append((DomaineFrein(cle).label if cle else _("Emploi et formation"), options))
    return groupes, alias


def choix_freins() -> list:
    """Choix du filtre « Frein » (``<optgroup>`` par domaine)."""
    return _freins_groupes()[0]


def frein_canonique(code: str) -> str:
    """La clé proposée pour un frein (une situation en double renvoie à celle qui est proposée)."""
    return _freins_groupes()[1].get(code, code)


def libelle_frein(code: str) -> str:
    code = frein_canonique(code)
    for _groupe, options in choix_freins():
        for valeur, libelle in options:
            if valeur == code:
                return str(libelle)
    return code


class ChampFrein(forms.ChoiceField):
    """Un frein ; l'ancienne clé d'une situation en double (lien enregistré) est ramenée à la clé proposée."""

    def to_python(self, value):
        return frein_canonique(super().to_python(value))


_RENDUS: dict[tuple, str] = {}
_RENDUS_MAX = 2000


class _RenduMemorise:
    """Rendu d'un choix parmi des options fixes (référentiels du code, les mêmes pour tous) : il ne dépend que de la
    langue, du nom, de la valeur et des attributs, et coûtait ~25 ms par page de recherche (un gabarit par option).
    Mémorisé dans le processus, borné (une valeur saisie hors des choix n'agrandit pas la mémoire sans fin)."""

    def render(self, name, value, attrs=None, renderer=None):
        attributs = sorted((k, str(v)) for k, v in {**self.attrs, **(attrs or {})}.items())
        cle = (type(self), type(renderer), get_language(), name, repr(value), tuple(attributs))
        rendu = _RENDUS.get(cle)
        if rendu is None:
            rendu = super().render(name, value, attrs, renderer)
            if len(_RENDUS) < _RENDUS_MAX:
                _RENDUS[cle] = rendu
        return rendu


# Mêmes noms de classe que Django : le gabarit DSFR choisit le rendu du champ d'après ce nom (``widget_type``).
class Select(_RenduMemorise, forms.Select):
    pass


class CheckboxSelectMultiple(_RenduMemorise, forms.CheckboxSelectMultiple):
    pass


def _choix_frein() -> list:
    return [("", _("Tous les freins")), *choix_freins()]


class RechercheForm(Formulaire):
    marquer_facultatifs = False

    commune = ChampCommune(
        label=_("Commune de la personne"),
        required=False,
        help_text=_("Nom ou code postal, puis choisissez parmi les suggestions. Exemple : Saint-Flour"),
        valeur_libre=True,
    )
    rayon = forms.TypedChoiceField(
        label=_("Distance"),
        choices=CHOIX_RAYONS,
        coerce=int,
        required=False,
        initial=RAYON_KM_DEFAUT,
        widget=Select,
    )
    # Choix donnés par des fonctions : ni construits ni copiés à chaque formulaire (~2 ms par page de recherche).
    frein = ChampFrein(label=_("Frein"), required=False, widget=Select, choices=_choix_frein)
    thematique = forms.ChoiceField(label=_("Thématique"), required=False, widget=Select, choices=ref.choix_thematique)
    q = forms.CharField(
        label=_("Mots-clés"), required=False, max_length=200, help_text=_("Exemple : café santé, permis")
    )
    publics = forms.MultipleChoiceField(
        label=_("Public"), choices=ref.CHOIX_PUBLICS, required=False, widget=CheckboxSelectMultiple
    )
    modes_accueil = forms.MultipleChoiceField(
        label=_("Mode d'accueil"), choices=ref.CHOIX_MODES_ACCUEIL, required=False, widget=CheckboxSelectMultiple
    )
    types = forms.MultipleChoiceField(
        label=_("Type de service"), choices=ref.CHOIX_TYPES, required=False, widget=CheckboxSelectMultiple
    )
    frais = forms.MultipleChoiceField(
        label=_("Frais"), choices=ref.CHOIX_FRAIS, required=False, widget=CheckboxSelectMultiple
    )

    def __init__(self, *args, departements_preferes=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Le sélecteur de la fiche personne : les communes des départements de l'utilisateur d'abord.
        self.fields["commune"].preferes = departements_preferes

    def clean_rayon(self):
        return self.cleaned_data.get("rayon") or RAYON_KM_DEFAUT

    def render(self, template_name=None, context=None, renderer=None):
        """Le formulaire entier (~40 % du temps de la page de recherche) ne dépend que de la langue, des valeurs
        saisies, des erreurs et des départements préférés : mémorisé comme les choix (``_RenduMemorise``)."""
        if template_name is not None or context is not None or renderer is not None:
            return super().render(template_name, context, renderer)
        valeurs = tuple(
            (nom, tuple(self.data.getlist(nom)) if hasattr(self.data, "getlist") else self.data.get(nom))
            for nom in self.fields
        )
        erreurs = self.errors.as_json() if self.is_bound else ""
        preferes = tuple(self.fields["commune"].preferes or ())
        cle = (type(self), get_language(), self.is_bound, valeurs, erreurs, preferes)
        rendu = _RENDUS.get(cle)
        if rendu is None:
            rendu = super().render()
            if len(_RENDUS) < _RENDUS_MAX:
                _RENDUS[cle] = rendu
        return rendu

    # ``{{ form }}`` passe par ``__str__``/``__html__``, liés au ``render`` de Django à la définition de la classe.
    __str__ = render
    __html__ = render


# --- Maintenance -------------------------------------------------------------------------------------------


def _liste_choix(label, choix, aide=""):
    return forms.MultipleChoiceField(
        label=label, choices=choix, required=False, widget=forms.CheckboxSelectMultiple, help_text=aide
    )


def _champ_url(label):
    return forms.URLField(label=label, required=False, max_length=500, assume_scheme="https")


class _CommuneDuSchema:
    """Commune du schéma data·inclusion (nom et code INSEE) choisie avec le sélecteur de commune partagé, au lieu
    de deux saisies libres ; le code postal reste modifiable (rempli par celui de la commune s'il est vide)."""

    def _brancher_commune(self):
        self.fields.pop("commune", None)
        self.fields["code_insee"] = ChampCommune(
            label=_("Commune"),
            required=False,
            valeur_libre=True,
            help_text=_("Nom ou code postal, puis choisissez parmi les suggestions."),
        )
        self._bound_fields_cache.pop("code_insee", None)
        self.initial["code_insee"] = self.instance.code_insee or ""
        dsfr_input_class_attr(self["code_insee"])

    def clean_code_insee(self):
        commune = self.cleaned_data.get("code_insee")
        if commune is None:
            if self.instance.code_insee:
                self.instance.commune = ""
            return ""
        self.instance.commune = commune.nom
        if not self.cleaned_data.get("code_postal"):
            self.cleaned_data["code_postal"] = commune.code_postal or ""
        return commune.code_insee


def _champ_horaires():
    return ChampHoraires(
        label=_("Horaires d'accueil"),
        help_text=_("Pour chaque jour d'ouverture, le matin et l'après-midi ; ouvert en continu : une seule plage."),
    )


class StructureForm(_CommuneDuSchema, FormulaireModele):
    site_web = _champ_url(_("Site web"))
    horaires_accueil = _champ_horaires()
    accessibilite_lieu = _champ_url(_("Accessibilité du lieu (Acceslibre)"))
    reseaux_porteurs = forms.MultipleChoiceField(
        label=_("Réseaux porteurs"),
        choices=ref.CHOIX_RESEAUX_PORTEURS,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Structure
        fields = [
            "nom",
            "description",
            "siret",
            "adresse",
            "complement_adresse",
            "code_postal",
            "commune",
            "code_insee",
            "telephone",
            "courriel",
            "site_web",
            "horaires_accueil",
            "accessibilite_lieu",
            "reseaux_porteurs",
            "organisation",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].required = True
        self._brancher_commune()


class ServiceForm(_CommuneDuSchema, FormulaireModele):
    """Fiche d'un service ; les thématiques sont groupées par catégorie (un groupe de cases par catégorie)."""

    lien_mobilisation = _champ_url(_("Lien de mobilisation"))
    horaires_accueil = _champ_horaires()
    publics = _liste_choix(_("Publics"), ref.CHOIX_PUBLICS, _("« Tous publics » ne se combine pas avec un autre."))
    modes_accueil = _liste_choix(_("Modes d'accueil"), ref.CHOIX_MODES_ACCUEIL)
    modes_mobilisation = _liste_choix(_("Comment mobiliser le service"), ref.CHOIX_MODES_MOBILISATION)
    mobilisable_par = _liste_choix(_("Qui peut le mobiliser"), ref.CHOIX_MOBILISABLE_PAR)
    zone_eligibilite = forms.CharField(
        label=_("Zone d'éligibilité"),
        required=False,
        help_text=_(
            "Codes séparés par des virgules : commune (INSEE), département, EPCI (SIREN) ou « france ». "
            "Vide : pas de restriction."
        ),
    )
    fermeture_debut = ChampDate(label=_("Fermé temporairement à partir du"), required=False)
    fermeture_fin = ChampDate(label=_("Jusqu'au (inclus)"), required=False)

    class Meta:
        model = Service
        fields = [
            "structure",
            "nom",
            "description",
            "type",
            "frais",
            "frais_precisions",
            "publics",
            "publics_precisions",
            "conditions_acces",
            "documents_a_fournir",
            "modes_accueil",
            "adresse",
            "complement_adresse",
            "code_postal",
            "commune",
            "code_insee",
            "zone_eligibilite",
            "modes_mobilisation",
            "mobilisable_par",
            "mobilisation_precisions",
            "lien_mobilisation",
            "telephone",
            "courriel",
            "contact_nom_prenom",
            "contact_reserve_professionnels",
            "horaires_accueil",
            "volume_horaire_hebdomadaire",
            "nombre_semaines",
            "fermeture_debut",
            "fermeture_fin",
            "fermeture_message",
            "frequence_verification",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "frais_precisions": forms.Textarea(attrs={"rows": 2}),
            "publics_precisions": forms.Textarea(attrs={"rows": 2}),
            "conditions_acces": forms.Textarea(attrs={"rows": 3}),
            "documents_a_fournir": forms.Textarea(attrs={"rows": 3}),
            "mobilisation_precisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures
        self._brancher_commune()
        self.fields["description"].help_text = _("Idéalement entre 200 et 2 000 caractères, en phrases courtes.")
        self.champs_thematiques = []
        valeurs = set(self.instance.thematiques or [])
        for (code, libelle), (_groupe, options) in zip(ref.CHOIX_CATEGORIES, ref.choix_thematiques_groupes()):
            nom = f"thematiques_{code}"
            self.fields[nom] = _liste_choix(libelle, options)
            self.fields[nom].widget.attrs.update({"class": "fr-checkbox"})
            self.initial[nom] = [v for v, _l in options if v in valeurs]
            self.champs_thematiques.append(nom)
        if self.instance.pk or self.instance.zone_eligibilite:
            self.initial["zone_eligibilite"] = ", ".join(self.instance.zone_eligibilite or [])
        self._appliquer_classes_dsfr()

    def champs_principaux(self):
        return [self[nom] for nom in self.fields if nom not in self.champs_thematiques]

    def champs_de_thematiques(self):
        return [self[nom] for nom in self.champs_thematiques]

    def clean_zone_eligibilite(self):
        brut = self.cleaned_data.get("zone_eligibilite") or ""
        codes = [c.strip() for c in brut.replace(";", ",").replace(" ", ",").split(",") if c.strip()]
        inconnus = [c for c in codes if not ref.type_de_zone(c)]
        if inconnus:
            raise ValidationError(
                _("Codes non reconnus : %(codes)s (commune, département, EPCI ou « france »).")
                % {"codes": ", ".join(inconnus)}
            )
        return [ref.CODE_FRANCE if ref.type_de_zone(c) == ref.ZONE_FRANCE else c for c in codes]

    def clean(self):
        donnees = super().clean()
        thematiques = []
        for nom in self.champs_thematiques:
            thematiques += donnees.get(nom) or []
        if not thematiques:
            self.add_error(None, _("Choisissez au moins une thématique."))
        self.instance.thematiques = sorted(thematiques)
        publics = donnees.get("publics") or []
        if ref.TOUS_PUBLICS in publics and len(publics) > 1:
            self.add_error("publics", _("« Tous publics » ne peut pas être combiné avec un autre public."))
        if not donnees.get("modes_accueil"):
            self.add_error("modes_accueil", _("Indiquez au moins un mode d'accueil."))
        debut, fin = donnees.get("fermeture_debut"), donnees.get("fermeture_fin")
        if fin and not debut:
            self.add_error("fermeture_debut", _("Indiquez la date de début de la fermeture."))
        if debut and fin and fin < debut:
            self.add_error("fermeture_fin", _("La fin de la fermeture précède son début."))
        return donnees


class ModerationForm(Formulaire):
    statut = forms.ChoiceField(label=_("Statut"), choices=StatutService.choices, widget=forms.RadioSelect)
    motif = forms.CharField(
        label=_("Motif (transmis au mainteneur)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignalementForm(Formulaire):
    message = forms.CharField(
        label=_("Quelle information est erronée ?"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ne mentionnez aucune donnée personnelle sur une personne accompagnée."),
    )


class TraitementSignalementForm(Formulaire):
    statut = forms.ChoiceField(
        label=_("Suite donnée"),
        choices=[
            (SignalementErreur.Statut.TRAITE, _("Corrigé")),
            (SignalementErreur.Statut.REJETE, _("Sans suite")),
        ],
        widget=forms.RadioSelect,
    )
    reponse = forms.CharField(label=_("Réponse"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CorrespondanceForm(Formulaire):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.champs_thematiques = []
        for (code, libelle), (_groupe, options) in zip(ref.CHOIX_CATEGORIES, ref.choix_thematiques_groupes()):
            nom = f"thematiques_{code}"
            self.fields[nom] = _liste_choix(libelle, options)
            self.champs_thematiques.append(nom)

    @staticmethod
    def initiales(thematiques: list[str]) -> dict:
        return {
            f"thematiques_{code}": [t for t in thematiques if ref.categorie_de(t) == code]
            for code, _libelle in ref.CHOIX_CATEGORIES
        }

    def thematiques(self) -> list[str]:
        resultat = []
        for nom in self.champs_thematiques:
            resultat += self.cleaned_data.get(nom) or []
        return resultat


class ImportCsvForm(Formulaire):
    fichier = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Séparateur point-virgule ou virgule, encodage UTF-8 de préférence (voir le modèle) ; 10 Mo au plus."
        ),
    )
    verifier_seulement = forms.BooleanField(
        label=_("Vérifier seulement (ne rien enregistrer)"), required=False, initial=False
    )

    def __init__(self, *args, departements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departements is not None and len(departements) > 1:
            self.fields["departement"] = forms.ChoiceField(label=_("Département"), choices=departements)

    def clean_fichier(self):
        """Un fichier trop gros est refusé sur sa taille, avant d'être lu en mémoire."""
        fichier = self.cleaned_data["fichier"]
        if fichier.size > importation.TAILLE_MAX_CSV:
            raise ValidationError(
                _("Le fichier dépasse la taille maximale de %(max)s : découpez-le en plusieurs fichiers.")
                % {"max": _taille_lisible(importation.TAILLE_MAX_CSV)}
            )
        return fichier


class OrientationForm(Formulaire):
    accord = forms.BooleanField(
        label=_(
            "La personne est d'accord pour être orientée vers ce service "
            "et pour que ses nom et coordonnées lui soient transmis"
        ),
        required=True,
    )
    adhesion_le = ChampDate(label=_("Accord recueilli le"))
    contact = forms.CharField(
        label=_("Coordonnées à transmettre (téléphone ou courriel)"), required=False, max_length=200
    )
    message = forms.CharField(
        label=_("Message au service"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Court et neutre : aucune information de santé ni détail de la situation sociale."),
    )


class ReponseOrientationForm(Formulaire):
    statut = forms.ChoiceField(
        label=_("Réponse"),
        choices=[("ACCEPTEE", _("Nous accueillons la personne")), ("REFUSEE", _("Nous ne pouvons pas l'accueillir"))],
        widget=forms.RadioSelect,
    )
    motif = forms.CharField(
        label=_("Motif du refus"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
