/* Picture details fixed inside the editor: each placed picture's small form posts in the background,
 * so the article being written is not left. Without this file the same forms post normally. */
(function () {
  "use strict";

  var messagesElement = document.getElementById("editor-messages");
  var messages = messagesElement ? JSON.parse(messagesElement.textContent) : {};

  /* A picture chosen in a row (picker, library or upload in place): the library caption becomes the hint
   * of the piece's own caption, never its text, and the piece's first picture becomes its lead. The save
   * makes the same lead rule (articles/workflow/saving.py), so it holds without this script. */
  var placements = document.querySelector("[data-formset=placements]");
  if (placements) {
    placements.addEventListener("picture-picker:chosen", function (event) {
      var row = event.target.closest("[data-formset-row]");
      if (!row) {
        return;
      }
      var caption = row.querySelector("textarea[name$='-caption']");
      if (caption) {
        caption.placeholder = (event.detail && event.detail.caption) || "";
      }
      var role = row.querySelector("select[name$='-role']");
      if (role && role.value !== "lead" && isFirstPicture(row)) {
        role.value = "lead";
        role.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function liveRows() {
    return Array.prototype.filter.call(placements.querySelectorAll("[data-formset-row]"), function (row) {
      var deleted = row.querySelector("input[name$='-DELETE']");
      return !(deleted && deleted.checked) && !row.hidden;
    });
  }

  function isFirstPicture(row) {
    var others = liveRows().filter(function (other) {
      return other !== row;
    });
    var leads = others.some(function (other) {
      var role = other.querySelector("select[name$='-role']");
      return role && role.value === "lead";
    });
    var placed = others.some(function (other) {
      var image = other.querySelector("input[name$='-image']");
      return image && image.value.trim() !== "";
    });
    return !leads && !placed;
  }

  document.querySelectorAll("form[data-picture-form]").forEach(function (pictureForm) {
    pictureForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var fields = document.querySelectorAll("[form='" + pictureForm.id + "']");
      var details = fields.length ? fields[0].closest("[data-picture-details]") : null;
      var status = details ? details.querySelector("[data-picture-status]") : null;
      var row = details ? details.closest("[data-formset-row]") : null;
      if (status) {
        status.textContent = messages.picture_saving || "";
      }
      fetch(pictureForm.action, {
        method: "POST",
        body: new FormData(pictureForm),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            var errors = result.data.errors || {};
            status.textContent = Object.keys(errors)
              .map(function (name) {
                return errors[name].join(" ");
              })
              .join(" ");
            return;
          }
          var credit = row ? row.querySelector("[data-picture-credit]") : null;
          if (credit) {
            credit.textContent =
              (result.data.credit_line || messages.no_credit || "") +
              (result.data.is_archive ? " · " + (messages.archive_image || "") : "");
          }
          // The piece got the picture's change as a new revision: an editor form still on the version before
          // follows it (nothing else moved); one behind someone else's save keeps its base and merges.
          var base = document.querySelector('input[name="base_version"]');
          var moved = result.data.version;
          if (base && moved && parseInt(base.value, 10) === moved.before) {
            base.value = String(moved.now);
          }
          // The checks beside the form may have changed with the picture (alt text, credit).
          var findings = document.getElementById("editor-findings");
          if (findings && typeof result.data.findings_html === "string") {
            findings.innerHTML = result.data.findings_html;
          }
          if (status) {
            status.textContent = messages.picture_saved || "";
          }
        })
        .catch(function () {
          if (status) {
            status.textContent = messages.picture_failed || "";
          }
        });
    });
  });
})();
