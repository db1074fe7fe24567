// Confiance : impression du relevé des données (aucun script en ligne, CSP).
document.addEventListener("DOMContentLoaded", function () {
  if (document.querySelector("[data-binome-imprimer-auto]")) {
    window.print();
  }
  document.querySelectorAll("[data-binome-imprimer]").forEach(function (bouton) {
    bouton.addEventListener("click", function () {
      window.print();
    });
  });
});
