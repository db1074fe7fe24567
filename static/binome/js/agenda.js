// Agenda : copier l'adresse d'abonnement (aucun script en ligne, CSP).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-binome-copier]").forEach(function (bouton) {
    bouton.addEventListener("click", function () {
      var champ = document.getElementById(bouton.dataset.binomeCopier);
      var etat = document.getElementById(bouton.dataset.binomeCopier + "-etat");
      if (!champ) {
        return;
      }
      var annoncer = function () {
        if (etat) {
          etat.textContent = bouton.dataset.binomeCopie;
        }
      };
      champ.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(champ.value).then(annoncer, function () {
          document.execCommand("copy");
          annoncer();
        });
      } else {
        document.execCommand("copy");
        annoncer();
      }
    });
  });
});
