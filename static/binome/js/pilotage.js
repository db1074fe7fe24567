/* Filtres du tableau de bord : changer de département (ou d'organisation) vide les choix qui en dépendent,
   pour ne jamais envoyer une organisation d'un autre département. Rien n'est envoyé automatiquement :
   la personne valide avec le bouton « Afficher ». */
(function () {
  "use strict";
  var formulaire = document.getElementById("pilotage-filtres");
  if (!formulaire) {
    return;
  }
  var departement = formulaire.querySelector("select[name=departement]");
  var organisation = formulaire.querySelector("select[name=organisation]");
  var agent = formulaire.querySelector("select[name=agent]");

  function vider(champ) {
    if (champ) {
      champ.value = "";
      champ.disabled = true;
    }
  }

  if (departement) {
    departement.addEventListener("change", function () {
      vider(organisation);
      vider(agent);
    });
  }
  if (organisation) {
    organisation.addEventListener("change", function () {
      vider(agent);
    });
  }
})();
