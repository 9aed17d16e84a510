// Names the empty column heads of Django's tabular inlines (the "current entry" column and the
// delete column), which screen readers otherwise announce as unnamed headers. The words come
// translated from the script element's data attributes.
(function () {
  "use strict";
  var script = document.currentScript;
  var labels = {
    original: script ? script.dataset.originalLabel : "Current entry",
    actions: script ? script.dataset.actionsLabel : "Actions",
    reading: script ? script.dataset.reading : "",
    filled: script ? script.dataset.filled : "%s",
    none: script ? script.dataset.none : "",
  };

  /* The image form: a chosen file's IPTC/XMP fills the empty fields at once, as on the desk (the desk's
   * metadata answer, desk:image-metadata). The server fills them on save too (PrefillFromFile). */
  function prefillFromFile(input) {
    var form = input.form;
    var url = input.getAttribute("data-metadata-url");
    var token = form ? form.elements.namedItem("csrfmiddlewaretoken") : null;
    if (!form || !url || !token || !input.files || !input.files.length) {
      return;
    }
    var status = input.parentNode.querySelector("[data-metadata-status]");
    if (!status) {
      status = document.createElement("p");
      status.className = "help";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      status.setAttribute("data-metadata-status", "");
      input.parentNode.appendChild(status);
    }
    status.textContent = labels.reading;
    var body = new FormData();
    body.append("file", input.files[0]);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token.value },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (data) {
        if (data.error) {
          status.textContent = data.error;
          return;
        }
        var filled = 0;
        Object.keys(data.fields || {}).forEach(function (name) {
          var field = form.elements.namedItem(name);
          if (field && "value" in field && !field.value) {
            field.value = data.fields[name];
            filled += 1;
          }
        });
        status.textContent = filled ? labels.filled.replace("%s", filled) : labels.none;
      })
      .catch(function () {
        status.textContent = "";
      });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("input[type=file][data-image-metadata][data-metadata-url]")) {
      prefillFromFile(target);
    }
  });

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
