/* The desk's small helpers. No inline scripts anywhere (Content-Security-Policy). */
(function () {
  "use strict";

  var desk = window.NewsroomDesk;

  /* Image upload: when a file is chosen, ask the server for its embedded IPTC/XMP and fill the
     form's empty fields (caption, creator, credit, copyright…). The server fills them on save too,
     so this is a convenience, not a requirement. */
  function prefillFromFile(input) {
    var form = input.form;
    var url = input.getAttribute("data-metadata-url") || (form && form.getAttribute("data-metadata-url"));
    if (!form || !url || !input.files || !input.files.length) {
      return;
    }
    var prefix = input.name.slice(0, input.name.length - "file".length);
    var status = form.querySelector("[data-metadata-status]");
    var body = new FormData();
    body.append("file", input.files[0]);
    if (status) {
      status.textContent = status.getAttribute("data-reading") || "";
    }
    desk
      .postForJSON(url, body, { scope: form })
      .then(function (data) {
        var filled = 0;
        if (data.error) {
          if (status) {
            status.textContent = data.error;
          }
          return;
        }
        Object.keys(data.fields || {}).forEach(function (name) {
          var field = form.elements.namedItem(prefix + name);
          if (field && "value" in field && !field.value) {
            field.value = data.fields[name];
            field.classList.add("is-prefilled");
            filled += 1;
          }
        });
        if (status) {
          status.textContent = filled
            ? (status.getAttribute("data-filled") || "").replace("%s", filled)
            : status.getAttribute("data-none") || "";
        }
      })
      .catch(function () {
        if (status) {
          status.textContent = "";
        }
      });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("input[type=file][data-image-metadata]")) {
      prefillFromFile(target);
    }
  });

  /* The notices area: beyond three banners the rest wait behind one button, so the page's own
     content stays in view (every banner is still one click away). */
  var FOLD_AFTER = 3;
  Array.prototype.forEach.call(document.querySelectorAll("[data-desk-notices]"), function (area) {
    var shown = Array.prototype.filter.call(area.querySelectorAll(".alert"), function (notice) {
      return !notice.hidden && !notice.classList.contains("d-none") && !notice.closest("noscript");
    });
    if (shown.length <= FOLD_AFTER) {
      return;
    }
    var folded = shown.slice(FOLD_AFTER);
    folded.forEach(function (notice) {
      notice.setAttribute("data-notice-folded", "");
    });
    var more = document.createElement("button");
    more.type = "button";
    more.className = "btn btn-link btn-sm p-0 desk-notices-more";
    more.textContent = (area.dataset.moreLabel || "%(count)s").replace("%(count)s", String(folded.length));
    more.addEventListener("click", function () {
      folded.forEach(function (notice) {
        notice.removeAttribute("data-notice-folded");
      });
      more.remove();
    });
    area.appendChild(more);
  });
})();
