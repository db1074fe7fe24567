// Annuaire des ressources : les filtres relancent la recherche (htmx) sans recharger la page.
// Aucun script en ligne : ce fichier est servi par l'application (CSP).
(function () {
  const formulaire = document.getElementById("formulaire-recherche");
  if (!formulaire || typeof htmx === "undefined") {
    return;
  }
  // Les saisies libres (texte de la commune, mots-clés) se valident à l'envoi ; une commune choisie parmi les
  // suggestions (commune.js signale le changement du champ caché « commune ») et les autres filtres relancent
  // la recherche tout de suite.
  const SAISIES_LIBRES = ["commune_saisie", "q"];
  formulaire.addEventListener("change", function (evenement) {
    if (evenement.target && SAISIES_LIBRES.indexOf(evenement.target.name) === -1) {
      htmx.trigger(formulaire, "submit");
    }
  });
})();
