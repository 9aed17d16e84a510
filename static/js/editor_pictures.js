/* Picture details fixed inside the editor: each placed picture's small form posts in the background,
 * so the article being written is not left. Without this file the same forms post normally. */
(function () {
  "use strict";

  var messagesElement = document.getElementById("editor-messages");
  var messages = messagesElement ? JSON.parse(messagesElement.textContent) : {};

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
