// Comportements communs. Aucun script en ligne : ce fichier est servi par l'application (CSP).
document.addEventListener("htmx:configRequest", function (evenement) {
  // Jeton CSRF sur toutes les requêtes htmx.
  const jeton = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (jeton) {
    evenement.detail.headers["X-CSRFToken"] = jeton.value;
  }
});

// Tableaux en cartes sur un téléphone (classe binome-cartes) : chaque cellule reçoit le nom de sa colonne,
// affiché par la feuille de style devant sa valeur quand les lignes deviennent des cartes.
function binomeNommerLesCellules(racine) {
  racine.querySelectorAll(".binome-cartes table").forEach(function (tableau) {
    const entetes = Array.from(tableau.querySelectorAll("thead th")).map(function (th) {
      return th.textContent.trim();
    });
    tableau.querySelectorAll("tbody tr").forEach(function (ligne) {
      Array.from(ligne.children).forEach(function (cellule, rang) {
        if (entetes[rang] && !cellule.hasAttribute("data-libelle")) {
          cellule.setAttribute("data-libelle", entetes[rang]);
        }
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () {
  binomeNommerLesCellules(document);
});
document.addEventListener("htmx:afterSwap", function () {
  binomeNommerLesCellules(document);
});

// Récapitulatif d'erreurs d'un formulaire refusé (templates/core/_recapitulatif_erreurs.html) : le focus y va au
// chargement, pour qu'un lecteur d'écran l'annonce et qu'on atteigne chaque champ en erreur par ses liens.
document.addEventListener("DOMContentLoaded", function () {
  const recapitulatif = document.querySelector("[data-recapitulatif-erreurs]");
  if (recapitulatif) {
    recapitulatif.focus();
  }
});
