/* The article editor: live character counts, formset rows (add, remove, reorder),
 * the soft-lock heartbeat and image upload in place. Loaded with defer; no inline JS (CSP).
 * Everything degrades: without this file the form still saves, the upload form still posts. */
(function () {
  "use strict";

  var form = document.getElementById("article-form");
  if (!form) {
    return;
  }

  // Translated strings come from a JSON block the server renders (no inline script: CSP).
  var messagesElement = document.getElementById("editor-messages");
  var messages = messagesElement ? JSON.parse(messagesElement.textContent) : {};

  function say(key, values) {
    var text = messages[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("%(" + name + ")s").join(String(values[name]));
    });
    return text;
  }

  function csrfToken(scope) {
    var input = (scope || form).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* --- character counts ------------------------------------------------------------- */

  function updateCount(field) {
    var output = document.getElementById(field.id + "_count");
    if (!output) {
      return;
    }
    var length = field.value.length;
    var max = parseInt(field.dataset.countMax || "0", 10);
    var min = parseInt(field.dataset.countMin || "0", 10);
    var text = max ? say("characters_of", { count: length, max: max }) : say("characters", { count: length });
    var problem = "";
    if (max && length > max) {
      problem = " — " + say("too_many", { count: length - max });
    } else if (min && length > 0 && length < min) {
      problem = " — " + say("too_few", { count: min - length, min: min });
    }
    output.textContent = text + problem;
    output.classList.toggle("text-danger", problem !== "");
    output.classList.toggle("fw-semibold", problem !== "");
  }

  form.querySelectorAll("[data-count]").forEach(function (field) {
    updateCount(field);
    field.addEventListener("input", function () {
      updateCount(field);
    });
  });

  /* --- formsets: add, remove, reorder ------------------------------------------------- */

  function visibleRows(container) {
    return Array.prototype.filter.call(container.querySelectorAll("[data-formset-row]"), function (row) {
      return !row.hidden;
    });
  }

  function renumber(container) {
    visibleRows(container).forEach(function (row, index) {
      var position = row.querySelector(".js-position");
      if (position) {
        position.value = index;
      }
    });
  }

  function addRow(container) {
    var prefix = container.dataset.formset;
    var total = container.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var template = container.querySelector("template[data-formset-template]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var list = container.querySelector("[data-formset-rows]");
    list.insertAdjacentHTML("beforeend", html);
    total.value = index + 1;
    var row = list.lastElementChild;
    renumber(container);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) {
      first.focus();
    }
    return row;
  }

  document.querySelectorAll("[data-formset]").forEach(function (container) {
    var addButton = container.querySelector("[data-formset-add]");
    if (addButton) {
      addButton.addEventListener("click", function () {
        addRow(container);
      });
    }
    container.addEventListener("click", function (event) {
      var button = event.target.closest("[data-formset-up], [data-formset-down]");
      if (!button) {
        return;
      }
      var row = button.closest("[data-formset-row]");
      var rows = visibleRows(container);
      var at = rows.indexOf(row);
      if (button.hasAttribute("data-formset-up") && at > 0) {
        rows[at - 1].before(row);
      } else if (button.hasAttribute("data-formset-down") && at < rows.length - 1) {
        rows[at + 1].after(row);
      }
      renumber(container);
      button.focus();
    });
    container.addEventListener("change", function (event) {
      if (event.target.name && /-DELETE$/.test(event.target.name)) {
        var row = event.target.closest("[data-formset-row]");
        row.classList.toggle("formset-row-removed", event.target.checked);
      }
    });
  });

  /* --- soft lock heartbeat ------------------------------------------------------------ */

  var lockUrl = form.dataset.lockUrl;
  var lockLost = document.getElementById("lock-lost");
  if (lockUrl) {
    var seconds = parseInt(form.dataset.heartbeat || "30", 10);
    // Opening the editor (a GET) takes no lock: the page takes it now, with a POST, then keeps it.
    var firstBeat = true;
    var beat = function (action) {
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken());
      body.append("action", action);
      fetch(lockUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          var shownAlready = firstBeat && document.querySelector(".lock-notice");
          firstBeat = false;
          form.dataset.lockHeld = result.ok ? "true" : "false";
          if (!lockLost || shownAlready) {
            return; // the page already says who has the piece open
          }
          if (result.ok) {
            lockLost.classList.add("d-none");
          } else {
            lockLost.textContent =
              form.dataset.lockLost + " (" + result.data.by + ", " + result.data.since + ")";
            lockLost.classList.remove("d-none");
          }
        })
        .catch(function () {
          /* offline for a moment: the next beat tries again */
        });
    };
    beat("start");
    window.setInterval(function () {
      beat("heartbeat");
    }, seconds * 1000);
  }

  /* --- image upload in place ---------------------------------------------------------- */

  var uploadForm = document.getElementById("image-upload-form");
  var panel = document.querySelector("[data-upload-panel]");
  if (!uploadForm || !panel) {
    return;
  }
  var status = panel.querySelector("[data-upload-status]");
  var fileInput = panel.querySelector("input[type=file]");

  function uploadField(name) {
    return panel.querySelector("[name='upload-" + name + "']");
  }

  if (fileInput) {
    fileInput.addEventListener("change", function () {
      if (!fileInput.files.length) {
        return;
      }
      var body = new FormData();
      body.append("csrfmiddlewaretoken", csrfToken(uploadForm));
      body.append("file", fileInput.files[0]);
      status.textContent = say("reading");
      fetch(uploadForm.dataset.metadataUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          var filled = [];
          Object.keys(data.fields || {}).forEach(function (name) {
            var field = uploadField(name);
            if (field && !field.value) {
              field.value = data.fields[name];
              var label = panel.querySelector("label[for='" + field.id + "']");
              filled.push(label ? label.textContent.replace("*", "").trim() : name);
              field.classList.add("is-prefilled");
            }
          });
          status.textContent = filled.length
            ? say("filled", { fields: filled.join(", ") })
            : say("nothing_filled");
        })
        .catch(function () {
          status.textContent = "";
        });
    });
  }

  uploadForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var submit = panel.querySelector("[data-upload-submit]");
    submit.disabled = true;
    status.textContent = say("uploading");
    fetch(uploadForm.action, {
      method: "POST",
      body: new FormData(uploadForm),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (result) {
        submit.disabled = false;
        if (!result.ok) {
          var errors = result.data.errors || {};
          status.textContent = Object.keys(errors)
            .map(function (name) {
              return errors[name].join(" ");
            })
            .join(" ");
          return;
        }
        var image = result.data;
        var container = document.querySelector("[data-formset=placements]");
        var row = addRow(container);
        // static/js/picture_picker.js shows the picture as the row's choice.
        row.querySelector("input[name$='-image']").dispatchEvent(
          new CustomEvent("picture-picker:choose", {
            bubbles: true,
            detail: { id: image.id, label: image.label, thumbnail: image.url, caption: image.caption },
          }),
        );
        // The piece's own caption stays empty (the library's shows as its hint): see editor_pictures.js.
        var caption = row.querySelector("textarea[name$='-caption']");
        var credit = document.createElement("p");
        credit.className = "form-text placement-credit";
        credit.textContent = image.credit_line ? say("credit", { credit: image.credit_line }) : say("no_credit");
        row.insertBefore(credit, row.querySelector(".formset-row-controls"));
        Array.prototype.forEach.call(panel.querySelectorAll("input, textarea"), function (input) {
          if (input.type === "checkbox") {
            input.checked = false;
          } else if (input.type !== "hidden") {
            input.value = "";
          }
          input.classList.remove("is-prefilled");
        });
        status.textContent = say("uploaded");
        if (caption) {
          caption.focus();
        }
      })
      .catch(function () {
        submit.disabled = false;
        status.textContent = say("upload_failed");
      });
  });
})();
