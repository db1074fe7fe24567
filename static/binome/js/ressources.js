// Annuaire des ressources : les filtres relancent la recherche (htmx) sans recharger la page.
// Aucun script en ligne : ce fichier est servi par l'application (CSP).
(function () {
  const formulaire = document.getElementById("formulaire-recherche");
  if (!formulaire || typeof htmx === "undefined") {
    return;
  }
  formulaire.addEventListener("change", function (evenement) {
    // Le champ commune se valide à l'envoi (saisie libre) ; les autres filtres relancent tout de suite.
    if (evenement.target && evenement.target.name !== "commune" && evenement.target.name !== "q") {
      htmx.trigger(formulaire, "submit");
    }
  });
})();
