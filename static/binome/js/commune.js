// Sélecteur de commune (binome.territoires.forms.ChampCommune) : motif « combobox » de l'ARIA.
// Les suggestions arrivent par htmx (vue territoires:communes) ; ce fichier gère le paramètre de
// recherche, le clavier (flèches, Entrée, Échap), le choix d'une suggestion et l'annonce aux
// lecteurs d'écran. Aucun script en ligne : ce fichier est servi par l'application (CSP).
(function () {
  "use strict";
  if (window.binomeSelecteurCommune) {
    return; // déjà chargé sur la page
  }
  window.binomeSelecteurCommune = true;

  const CLASSE_ACTIVE = "binome-commune__option--active";

  function elements(depuis) {
    const racine = depuis.closest("[data-commune]");
    if (!racine) {
      return null;
    }
    return {
      racine: racine,
      saisie: racine.querySelector("[data-commune-saisie]"),
      code: racine.querySelector("[data-commune-code]"),
      suggestions: racine.querySelector("[data-commune-suggestions]"),
      statut: racine.querySelector("[data-commune-statut]"),
    };
  }

  function options(el) {
    return Array.from(el.suggestions.querySelectorAll("[role=option]"));
  }

  function annoncer(el, texte) {
    el.statut.textContent = texte || "";
  }

  function fermer(el) {
    el.suggestions.hidden = true;
    el.saisie.setAttribute("aria-expanded", "false");
    el.saisie.removeAttribute("aria-activedescendant");
  }

  function ouvrir(el) {
    if (!el.suggestions.children.length) {
      return;
    }
    el.suggestions.hidden = false;
    el.saisie.setAttribute("aria-expanded", options(el).length ? "true" : "false");
  }

  function activer(el, index) {
    const liste = options(el);
    if (!liste.length) {
      return;
    }
    const cible = (index + liste.length) % liste.length;
    liste.forEach(function (option, i) {
      const active = i === cible;
      option.classList.toggle(CLASSE_ACTIVE, active);
      option.setAttribute("aria-selected", active ? "true" : "false");
    });
    el.saisie.setAttribute("aria-activedescendant", liste[cible].id);
    liste[cible].scrollIntoView({ block: "nearest" });
  }

  function indexActif(el) {
    return options(el).findIndex(function (option) {
      return option.classList.contains(CLASSE_ACTIVE);
    });
  }

  function choisir(el, option) {
    el.code.value = option.dataset.code;
    el.saisie.value = option.dataset.libelle;
    fermer(el);
    annoncer(el, option.dataset.libelle);
    el.code.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // La saisie part sous le nom « q », attendu par la vue des suggestions.
  document.addEventListener("htmx:configRequest", function (evenement) {
    const saisie = evenement.detail.elt;
    if (!saisie.matches || !saisie.matches("[data-commune-saisie]")) {
      return;
    }
    evenement.detail.formData.delete(saisie.name);
    evenement.detail.formData.set("q", saisie.value);
  });

  document.addEventListener("htmx:afterSwap", function (evenement) {
    const cible = evenement.detail.target;
    if (!cible || !cible.matches("[data-commune-suggestions]")) {
      return;
    }
    const el = elements(cible);
    options(el).forEach(function (option, i) {
      option.id = cible.id + "-" + i;
    });
    const annonce = cible.querySelector("[data-commune-annonce]");
    annoncer(el, annonce ? annonce.dataset.communeAnnonce : "");
    if (cible.children.length && document.activeElement === el.saisie) {
      ouvrir(el);
    } else {
      fermer(el);
    }
  });

  document.addEventListener("input", function (evenement) {
    if (!evenement.target.matches("[data-commune-saisie]")) {
      return;
    }
    const el = elements(evenement.target);
    // La saisie a changé : la commune choisie auparavant ne vaut plus.
    el.code.value = "";
    if (!el.saisie.value.trim()) {
      el.suggestions.replaceChildren();
      fermer(el);
    }
  });

  document.addEventListener("keydown", function (evenement) {
    if (!evenement.target.matches("[data-commune-saisie]")) {
      return;
    }
    const el = elements(evenement.target);
    const ouverte = !el.suggestions.hidden && options(el).length > 0;
    switch (evenement.key) {
      case "ArrowDown":
        evenement.preventDefault();
        ouvrir(el);
        activer(el, ouverte ? indexActif(el) + 1 : 0);
        break;
      case "ArrowUp":
        evenement.preventDefault();
        ouvrir(el);
        activer(el, ouverte ? indexActif(el) - 1 : -1);
        break;
      case "Enter":
        if (ouverte && indexActif(el) >= 0) {
          evenement.preventDefault(); // choisir la suggestion, pas envoyer le formulaire
          choisir(el, options(el)[indexActif(el)]);
        }
        break;
      case "Escape":
        if (ouverte) {
          evenement.preventDefault();
          fermer(el);
        }
        break;
      default:
        break;
    }
  });

  // Un clic sur une suggestion ne doit pas faire perdre le focus à la saisie avant le choix.
  document.addEventListener("mousedown", function (evenement) {
    if (evenement.target.closest("[data-commune-suggestions] [role=option]")) {
      evenement.preventDefault();
    }
  });

  document.addEventListener("click", function (evenement) {
    const option = evenement.target.closest("[data-commune-suggestions] [role=option]");
    if (option) {
      choisir(elements(option), option);
    }
  });

  document.addEventListener("focusout", function (evenement) {
    if (!evenement.target.matches("[data-commune-saisie]")) {
      return;
    }
    const el = elements(evenement.target);
    if (!el.racine.contains(evenement.relatedTarget)) {
      fermer(el);
    }
  });

  document.addEventListener("focusin", function (evenement) {
    if (evenement.target.matches("[data-commune-saisie]") && evenement.target.value.trim()) {
      ouvrir(elements(evenement.target));
    }
  });
})();
