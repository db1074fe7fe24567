/* Filtres du tableau de bord : les organisations et les agents proposés sont ceux du département affiché.
   Changer de département (ou d'organisation) vide et désactive les choix qui en dépendent, pour ne jamais
   envoyer une organisation d'un autre département ; revenir au choix initial les rétablit. Rien n'est
   envoyé automatiquement : la personne valide avec le bouton « Afficher ». */
(function () {
  "use strict";
  var formulaire = document.getElementById("pilotage-filtres");
  if (!formulaire) {
    return;
  }
  var departement = formulaire.querySelector("select[name=departement]");
  var organisation = formulaire.querySelector("select[name=organisation]");
  var agent = formulaire.querySelector("select[name=agent]");

  function suivre(parent, dependants) {
    if (!parent) {
      return;
    }
    var initial = parent.value;
    var valeurs = dependants.map(function (champ) {
      return champ ? champ.value : null;
    });
    parent.addEventListener("change", function () {
      var retour = parent.value === initial;
      dependants.forEach(function (champ, i) {
        if (!champ) {
          return;
        }
        champ.value = retour ? valeurs[i] : "";
        champ.disabled = !retour;
      });
    });
  }

  suivre(departement, [organisation, agent]);
  suivre(organisation, [agent]);
})();
