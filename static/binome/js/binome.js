// Comportements communs. Aucun script en ligne : ce fichier est servi par l'application (CSP).
document.addEventListener("htmx:configRequest", function (evenement) {
  // Jeton CSRF sur toutes les requêtes htmx.
  const jeton = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (jeton) {
    evenement.detail.headers["X-CSRFToken"] = jeton.value;
  }
});
