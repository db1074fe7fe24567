"""Section « Résumé par courriel » de la page « Mon profil » (branchée dans ``QuotidienConfig.ready``)."""

from binome.quotidien.forms import FormulaireFrequenceResume
from binome.quotidien.frequence import frequence_resume_par_defaut


def formulaire(request, donnees=None) -> FormulaireFrequenceResume:
    return FormulaireFrequenceResume(
        donnees,
        initial={"frequence": request.user.frequence_resume},
        defaut=frequence_resume_par_defaut(request.user),
    )


def section(request) -> dict | None:
    if not request.user.is_authenticated:
        return None
    return {
        "gabarit": "quotidien/_profil_resume.html",
        "contexte": {"form": formulaire(request)},
    }
