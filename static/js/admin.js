// Names the empty column heads of Django's tabular inlines (the "current entry" column and the
// delete column), which screen readers otherwise announce as unnamed headers. The words come
// translated from the script element's data attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = {
    original: script ? script.dataset.originalLabel : "Current entry",
    actions: script ? script.dataset.actionsLabel : "Actions",
  };

  function nameEmptyHeads() {
    document.querySelectorAll(".tabular thead th").forEach(function (th) {
      if (th.textContent.trim() !== "") {
        return;
      }
      var text = document.createElement("span");
      text.className = "nr-visually-hidden";
      text.textContent = th.classList.contains("original") ? labels.original : labels.actions;
      th.appendChild(text);
    });
  }

  // select2 (autocomplete fields) names its text box by a title it sets only once a value is
  // chosen; while empty, the box has no name. Give it the field's label until select2 sets one.
  function nameEmptyComboboxes() {
    document.querySelectorAll(".select2-selection__rendered").forEach(function (box) {
      if (box.getAttribute("title")) {
        return;
      }
      var selectId = (box.id || "").replace(/^select2-/, "").replace(/-container$/, "");
      var label = selectId ? document.querySelector('label[for="' + selectId + '"]') : null;
      if (label) {
        box.setAttribute("title", label.textContent.replace(/:\s*$/, "").trim());
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", nameEmptyHeads);
  } else {
    nameEmptyHeads();
  }
  // After Django's autocomplete has set up select2 (on DOMContentLoaded), and after each change.
  window.addEventListener("load", function () {
    nameEmptyComboboxes();
    if (window.django && window.django.jQuery) {
      window.django.jQuery(document).on("change select2:clear", "select", nameEmptyComboboxes);
    }
  });
})();
